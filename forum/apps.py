from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from accounts import profile_sections
        from core.moderation import register_actions
        from forum import personal_data
        from forum.profile import recent_activity
        from forum.services import LOG_ACTIONS

        register_actions(LOG_ACTIONS)
        profile_sections.register(recent_activity)
        personal_data.register()
