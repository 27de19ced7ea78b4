from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that compose the apps: home page, sitemap index, the combined moderation queue, demo and scale data.

    The one app that knows every other app; nothing below it imports it.
    """

    name = "portal"
    verbose_name = _("Portal")
