from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from notifications import personal_data, receivers  # noqa: F401  (receivers connect to the forum's signals)

        personal_data.register()
