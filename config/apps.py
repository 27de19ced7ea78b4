"""Third-party apps under German section names in the admin: INSTALLED_APPS lists these configurations instead of
the apps' own (same name and label, so migrations, URLs and templates are untouched)."""

from allauth.account.apps import AccountConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AllauthAccountConfig(AccountConfig):
    # allauth calls its app "Accounts" (German "Konten"), as our accounts app was called: two sections of one name.
    verbose_name = _("E-mail addresses")


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
