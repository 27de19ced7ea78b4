from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import personal_data
        from articles.services import LOG_ACTIONS
        from core.moderation import register_actions

        register_actions(LOG_ACTIONS)
        personal_data.register()
