from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from core.moderation import register_actions
        from forum.services import LOG_ACTIONS

        register_actions(LOG_ACTIONS)
