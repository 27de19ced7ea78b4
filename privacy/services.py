"""Erasing a member's account and building their data export, section by section (core/personal_data.py)."""

import json
import logging
from datetime import timedelta
from zipfile import ZIP_DEFLATED, ZipFile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import page_cache, personal_data
from core.moderation import log_action
from core.tasks import send_email
from privacy.models import AccountErasure, DataExport

logger = logging.getLogger(__name__)

CANCEL_SALT = "privacy.erasure.cancel"


# --- Erasure ----------------------------------------------------------------------------------------------


def cancel_token(erasure) -> str:
    return signing.dumps(erasure.pk, salt=CANCEL_SALT)


def erasure_from_token(token):
    """The pending erasure a cancel link names, or None (forged, or already erased or cancelled)."""
    try:
        pk = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return AccountErasure.objects.pending().select_related("user").filter(pk=pk, user__isnull=False).first()


@transaction.atomic
def request_erasure(*, user, mode, site_url, requested_by=None, reason="", immediately=False) -> AccountErasure:
    """Deactivate `user` at once (every session of theirs stops working: an inactive user is never loaded into a
    request, and logins are refused) and erase the account after ACCOUNT_ERASURE_GRACE_DAYS, or now with
    `immediately`. The member gets a mail whose link cancels it until then."""
    now = timezone.now()
    erasure, _created = AccountErasure.objects.update_or_create(
        user=user,
        erased_at=None,
        defaults={
            "mode": mode,
            "requested_at": now,
            "erase_after": now if immediately else now + timedelta(days=settings.ACCOUNT_ERASURE_GRACE_DAYS),
            "requested_by": requested_by if requested_by and requested_by.pk != user.pk else None,
            "reason": reason,
        },
    )
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    if erasure.requested_by:
        log_action(actor=requested_by, action="account.erasure.request", target=erasure, reason=reason)
    if immediately:
        erase_account(erasure)
    elif user.email:
        cancel_url = site_url + reverse("privacy:erasure_cancel", kwargs={"token": cancel_token(erasure)})
        context = {"user": user, "erasure": erasure, "cancel_url": cancel_url, "site_name": settings.SITE_NAME}
        subject = _("[%(site)s] Your account will be deleted") % {"site": settings.SITE_NAME}
        body = render_to_string("privacy/email/erasure_requested.txt", context)
        address = user.email
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[address]))
    return erasure


@transaction.atomic
def cancel_erasure(*, erasure, actor=None) -> bool:
    """Reactivate the account of a pending erasure; False when it was erased already."""
    erasure = AccountErasure.objects.select_for_update(of=("self",)).select_related("user").get(pk=erasure.pk)
    if erasure.erased_at or erasure.user is None:
        return False
    get_user_model().objects.filter(pk=erasure.user_id).update(is_active=True)
    if actor is not None and actor.is_authenticated and actor.pk != erasure.user_id:
        log_action(actor=actor, action="account.erasure.cancel", target=erasure)
    erasure.delete()
    return True


@transaction.atomic
def erase_account(erasure) -> None:
    """Run every app's erasure for the member, the account's own last. Without kept contributions the row goes
    too when nothing refers to it any more; otherwise it stays, empty, as "Former member"."""
    erasure = AccountErasure.objects.select_for_update(of=("self",)).select_related("user").get(pk=erasure.pk)
    user = erasure.user
    if erasure.erased_at or user is None:
        return
    for export in DataExport.objects.filter(user=user):
        export.path.unlink(missing_ok=True)
    DataExport.objects.filter(user=user).delete()
    with translation.override(settings.LANGUAGE_CODE):
        for section in personal_data.member_erasers():
            section.erase(user, keep_contributions=erasure.keep_contributions)
    erasure.erased_at = timezone.now()
    erasure.save(update_fields=["erased_at"])
    if not erasure.keep_contributions:
        try:
            with transaction.atomic():
                user.delete()
        except ProtectedError:
            pass  # a thread of theirs others replied to, or an article: the empty row stays
    page_cache.invalidate()


def erase_due_accounts(now=None) -> int:
    erased = 0
    for erasure in AccountErasure.objects.due(now).order_by("erase_after", "pk"):
        erase_account(erasure)
        erased += 1
    return erased


# --- Export -----------------------------------------------------------------------------------------------


def recent_export(user):
    """The export that blocks a new one (requested less than DATA_EXPORT_INTERVAL_HOURS ago), if any."""
    since = timezone.now() - timedelta(hours=settings.DATA_EXPORT_INTERVAL_HOURS)
    return DataExport.objects.filter(user=user, created_at__gte=since).exclude(status=DataExport.Status.FAILED).first()


def _markdown(section, records):
    yield f"# {section.title}\n\n"
    empty = True
    for number, record in enumerate(records, start=1):
        empty = False
        yield f"## {number}\n\n"
        body = None
        for key, value in record.items():
            if key == "body":
                body = value
            elif isinstance(value, list):
                yield f"- **{key}**: {len(value)}\n"
                for item in value:
                    text = json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False)
                    yield f"  - {text}\n"
            else:
                yield f"- **{key}**: {'' if value is None else value}\n"
        if body is not None:
            yield "\n" + "\n".join(f"> {line}" for line in str(body).splitlines()) + "\n"
        yield "\n"
    if empty:
        yield "—\n"


def write_zip(path, sections, subject, *, readme):
    """Write each section as `<name>.json` (one JSON array) and `<name>.md` into a ZIP at `path`, record by record:
    memory stays the same whatever the number of records (each section's query runs twice, as an iterator)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    size = 0
    with ZipFile(partial, "w", compression=ZIP_DEFLATED) as archive:
        archive.writestr("README.md", readme)
        for section in sections:
            with archive.open(f"{section.name}.json", "w", force_zip64=True) as out:
                out.write(b"[")
                for number, record in enumerate(section.export(subject)):
                    line = json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
                    out.write((",\n" if number else "\n").encode() + line.encode())
                out.write(b"\n]\n")
            with archive.open(f"{section.name}.md", "w", force_zip64=True) as out:
                for chunk in _markdown(section, section.export(subject)):
                    out.write(chunk.encode())
    partial.replace(path)
    size = path.stat().st_size
    return size


def build_export(export) -> DataExport:
    user = export.user
    sections = [section for section in personal_data.member_sections() if section.export]
    with translation.override(settings.LANGUAGE_CODE):
        readme = render_to_string(
            "privacy/export_readme.txt",
            {"user": user, "sections": sections, "site_name": settings.SITE_NAME, "now": timezone.now()},
        )
        size = write_zip(export.path, sections, user, readme=readme)
    now = timezone.now()
    export.status = DataExport.Status.READY
    export.finished_at = now
    export.expires_at = now + timedelta(days=settings.DATA_EXPORT_VALID_DAYS)
    export.size = size
    export.save(update_fields=["status", "finished_at", "expires_at", "size"])
    return export


def delete_expired_exports(now=None) -> int:
    now = now or timezone.now()
    expired = DataExport.objects.filter(expires_at__lte=now) | DataExport.objects.filter(
        status=DataExport.Status.FAILED, created_at__lte=now - timedelta(days=1)
    )
    count = 0
    for export in expired:
        export.path.unlink(missing_ok=True)
        export.delete()
        count += 1
    return count
