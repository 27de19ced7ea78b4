"""The roles: member (any verified user), moderator (a group), staff (`is_staff`, the admin).

Apps give the moderator group their permissions in a data migration with `grant_to_moderators`, and check the
permission itself (`articles.permissions`, `forum.permissions`), never the group name.
"""

MODERATORS_GROUP = "Moderatoren"


def grant_to_moderators(apps, app_label, codenames):
    """In a data migration: add the permissions `codenames` of `app_label` to the moderator group."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    # Permissions are normally created after all migrations ran; a fresh database needs them now.
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
