from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from core.markup import render_markdown

SETTINGS_IN_LEGAL_TEXT = (
    "COMMENTS_IP_RETENTION_DAYS",
    "ACCOUNT_ERASURE_GRACE_DAYS",
    "DATA_EXPORT_VALID_DAYS",
    "GUEST_LINK_MAX_AGE_HOURS",
    "CONTENT_LICENSE",
    "FORUM_DELETED_POSTS_GRACE_DAYS",
    "NOTIFICATIONS_KEEP_READ_DAYS",
)


class LegalPage(models.Model):
    """A page whose text staff edit in the admin: the Impressum and the privacy statement."""

    class Kind(models.TextChoices):
        IMPRESSUM = "impressum", _("Imprint")
        PRIVACY = "datenschutz", _("Privacy")

    kind = models.CharField(_("page"), max_length=20, choices=Kind, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Markdown. [[COMMENTS_IP_RETENTION_DAYS]], [[ACCOUNT_ERASURE_GRACE_DAYS]], [[DATA_EXPORT_VALID_DAYS]], "
            "[[GUEST_LINK_MAX_AGE_HOURS]], [[FORUM_DELETED_POSTS_GRACE_DAYS]], [[NOTIFICATIONS_KEEP_READ_DAYS]] and "
            "[[CONTENT_LICENSE]] are replaced by the values of these settings."
        ),
    )
    body_html = models.TextField(editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")
        ordering = ["kind"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("core:impressum" if self.kind == self.Kind.IMPRESSUM else "core:privacy")

    def html(self):
        """The text with the settings it names filled in (retention periods stay true when a setting changes)."""
        html = self.body_html
        for name in SETTINGS_IN_LEGAL_TEXT:
            html = html.replace(f"[[{name}]]", escape(str(getattr(settings, name, ""))))
        return html


class ModerationLogEntry(models.Model):
    """One moderation action: who did what to which object, when, and why. Shared by articles and forum."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("moderator")
    )
    action = models.CharField(_("action"), max_length=50)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, verbose_name=_("type"))
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log entries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        from core.moderation import action_label  # core.moderation imports this module

        return f"{action_label(self.action)}: {self.object_repr}"
