from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Members")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, pre_delete

        from accounts import backends, personal_data

        personal_data.register()
        # The cached permission sets (accounts/backends.py) are forgotten whenever who holds what changes.
        user_model = get_user_model()
        m2m_changed.connect(backends.user_groups_changed, sender=user_model.groups.through)
        m2m_changed.connect(backends.user_permissions_changed, sender=user_model.user_permissions.through)
        m2m_changed.connect(backends.group_permissions_changed, sender=Group.permissions.through)
        pre_delete.connect(backends.group_deleted, sender=Group)
        pre_delete.connect(backends.permission_deleted, sender=Permission)
