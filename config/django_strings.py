"""Django's own strings that its German catalogue (as of Django 6.1) leaves untranslated, so the admin showed them
in English. Nothing imports this module: the markers only let `make messages` keep these msgids in our catalogue
(locale/de/LC_MESSAGES/django.po), whose translations win over Django's (LOCALE_PATHS come first).
The admin's JavaScript strings (date and time widgets, the time-zone note) are in locale/de/LC_MESSAGES/djangojs.po,
which is maintained by hand: `make messages` does not extract a djangojs domain.

After a Django upgrade, list what is still missing with
    msgcat --use-first <django>/contrib/admin/locale/de/LC_MESSAGES/django.po \
        <django>/contrib/admin/locale/en/LC_MESSAGES/django.po | msgattrib --untranslated
(likewise for conf/ and contrib/auth/), and drop the entries Django translates by then.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

DJANGO_STRINGS = [
    # django/conf (model fields and forms)
    gettext_noop("- Select an option -"),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("No %s matches the given query."),
    # django.tasks: the task results' states (admin of the background tasks)
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
    # django.contrib.admin
    gettext_noop("Run"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Search %(name)s"),
    gettext_noop("Pagination %(name)s"),
    gettext_noop("Pagination %(name)s entries"),
    gettext_noop("Logout"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop('The app "%s" could not be found.'),
    gettext_noop(", "),
    ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", "count"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("This action will <strong>enable</strong> password-based authentication for this user."),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related objects, but your "
        "account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the following protected related "
        "objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the following related "
        "items will be deleted:"
    ),
    # django.contrib.auth (the user admin)
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able "
        "to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    # django_tasks_db's admin (its model's names; the columns below are labelled in core/admin.py)
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
]
