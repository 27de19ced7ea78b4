from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from accounts import profile_sections
        from forum import personal_data
        from forum.profile import recent_activity

        profile_sections.register(recent_activity)
        personal_data.register()
