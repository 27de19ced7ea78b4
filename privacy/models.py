"""Requests about personal data: a member's data exports and account erasures."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(erased_at__isnull=True)

    def due(self, now=None):
        return self.pending().filter(erase_after__lte=now or timezone.now())


class AccountErasure(models.Model):
    """A member's account, deactivated and waiting to be erased after the grace period (or erased: then nothing
    personal is left here)."""

    class Mode(models.TextChoices):
        KEEP = "keep", _("Keep my contributions, shown as “Former member”")
        REMOVE = "remove", _("Remove my contributions too")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="erasure",
        verbose_name=_("member"),
    )
    mode = models.CharField(_("contributions"), max_length=10, choices=Mode, default=Mode.KEEP)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    erase_after = models.DateTimeField(_("erase after"), db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
        help_text=_("Empty when the member asked for it."),
    )
    reason = models.TextField(_("reason"), blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = ErasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("account erasure")
        verbose_name_plural = _("account erasures")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return str(_("Account erasure #%(number)s")) % {"number": self.pk}

    @property
    def keep_contributions(self):
        return self.mode == self.Mode.KEEP


def new_export_token():
    return secrets.token_urlsafe(24)


class DataExport(models.Model):
    """A ZIP file with everything the site holds about a member, built in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports", verbose_name=_("member")
    )
    token = models.CharField(max_length=64, unique=True, default=new_export_token, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="privacy_export_user")]

    def __str__(self):
        return f"{self.user_id}: {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def path(self):
        return settings.PRIVATE_ROOT / "exports" / f"{self.token}.zip"

    def is_available(self, now=None):
        return self.status == self.Status.READY and self.expires_at and self.expires_at > (now or timezone.now())


class ArchiveBuild(models.Model):
    """One build of the open archive (privacy/archive.py) started by staff in the admin, as a ZIP file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    base_url = models.URLField(
        _("site address"), help_text=_("For the permalinks in the archive, e.g. https://forum.example.org")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    counts = models.JSONField(_("contents"), default=dict, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("open archive")
        verbose_name_plural = _("open archive")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return str(_("Open archive of %(date)s")) % {"date": f"{self.requested_at:%Y-%m-%d %H:%M}"}

    @property
    def folder(self):
        return settings.PRIVATE_ROOT / "archive" / "current"

    @property
    def path(self):
        return settings.PRIVATE_ROOT / "archive" / f"archive-{self.pk}.zip"
