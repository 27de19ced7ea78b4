"""Notification mails: HTML and text, in the member's language, from "SITE_NAME <address>", with a one-click
unsubscribe link (RFC 8058 headers and a visible link) that turns off exactly that kind of mail."""

from datetime import timedelta
from email.utils import formataddr, parseaddr

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications import text
from notifications.models import Kind, MemberSettings, Notification
from notifications.services import chunks

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
ALL = "all"


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def sender():
    return formataddr((settings.SITE_NAME, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def unsubscribe_token(*, kind, user_id=None, subscription_id=None) -> str:
    """A signed token naming whom and which kind of mail to stop; it expires (settings)."""
    payload = {"k": kind, "u": user_id} if user_id is not None else {"k": kind, "s": subscription_id}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """The payload of a valid token, or None when it is forged, broken or expired."""
    try:
        payload = signing.loads(
            token, salt=UNSUBSCRIBE_SALT, max_age=timedelta(days=settings.NOTIFICATIONS_UNSUBSCRIBE_DAYS)
        )
    except signing.BadSignature:
        return None
    return payload if isinstance(payload, dict) and "k" in payload else None


def build_message(*, to, subject, template, context, unsubscribe_url):
    context = {**context, "site_name": settings.SITE_NAME, "unsubscribe_url": unsubscribe_url,
               "settings_url": absolute(reverse("notifications:settings"))}  # fmt: skip
    message = EmailMultiAlternatives(
        f"[{settings.SITE_NAME}] {subject}",
        render_to_string(f"notifications/email/{template}.txt", context),
        sender(),
        [to],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    return message


def _mail_targets(user_ids):
    """{user id: (address, language)} for active members with a verified primary address who take e-mail."""
    targets = {}
    for chunk in chunks(user_ids):
        addresses = dict(
            EmailAddress.objects.filter(
                user_id__in=chunk, verified=True, primary=True, user__is_active=True
            ).values_list("user_id", "email")
        )
        member_settings = {row.user_id: row for row in MemberSettings.objects.filter(user_id__in=chunk)}
        for user_id, address in addresses.items():
            chosen = member_settings.get(user_id)
            if chosen is not None and chosen.email_off:
                continue
            targets[user_id] = (address, (chosen.language if chosen else "") or settings.LANGUAGE_CODE)
    return targets


def _coalesced(notifications):
    """(recipient, thread) pairs mailed within the window and not read since: no second mail for them."""
    window = timezone.now() - timedelta(minutes=settings.NOTIFICATIONS_COALESCE_MINUTES)
    threads = {n.thread_id for n in notifications if n.thread_id}
    if not threads:
        return set()
    recent = Notification.objects.filter(
        recipient_id__in={n.recipient_id for n in notifications},
        thread_id__in=threads,
        email_sent_at__gte=window,
    ).filter(Q(read_at__isnull=True) | Q(read_at__lt=F("email_sent_at")))
    return set(recent.values_list("recipient_id", "thread_id"))


def send_immediate(notification_ids):
    notifications = list(
        Notification.objects.filter(pk__in=notification_ids, email_due=Notification.EmailDue.IMMEDIATE).select_related(
            "actor", "thread__category", "post", "article", "comment"
        )
    )
    if not notifications:
        return
    targets = _mail_targets({n.recipient_id for n in notifications})
    coalesced = _coalesced(notifications)
    relevant = {}
    sent, skipped = [], []
    try:
        _send_each(notifications, targets, coalesced, relevant, sent, skipped)
    finally:
        # Also when a send fails (the SMTP server is down): what went out is marked, the task fails and says why.
        now = timezone.now()
        Notification.objects.filter(pk__in=sent).update(email_due="", email_sent_at=now)
        Notification.objects.filter(pk__in=skipped).update(email_due="")


def _send_each(notifications, targets, coalesced, relevant, sent, skipped):
    for n in notifications:
        key = (n.kind, n.action, n.post_id, n.thread_id, n.comment_id)
        if key not in relevant:
            relevant[key] = text.still_relevant(n)
        if n.recipient_id not in targets or not relevant[key] or (n.recipient_id, n.thread_id) in coalesced:
            skipped.append(n.pk)
            continue
        address, language = targets[n.recipient_id]
        with translation.override(language):
            summary = text.summary(n)
            url = absolute(text.target_url(n))
            message = build_message(
                to=address,
                subject=summary,
                template="notification",
                context={
                    "notification": n,
                    "summary": summary,
                    "url": url,
                    "excerpt": n.post.body[:500] if n.post_id and n.kind != "moderation" else "",
                    "reason": n.reason if n.kind == Kind.MODERATION else "",
                },
                unsubscribe_url=absolute(
                    reverse("notifications:unsubscribe", args=[unsubscribe_token(kind=n.kind, user_id=n.recipient_id)])
                ),
            )
        message.send()
        sent.append(n.pk)
        if n.thread_id:
            coalesced.add((n.recipient_id, n.thread_id))  # one mail per thread and member in this batch, too


def send_digest(user_id, frequency):
    """One mail with what is due in `frequency`'s digest for this member, re-checked for visibility."""
    notifications = list(
        Notification.objects.filter(recipient_id=user_id, email_due=frequency)
        .select_related("actor", "thread__category", "post", "article", "comment")
        .order_by("created_at", "pk")
    )
    if not notifications:
        return
    ids = [n.pk for n in notifications]
    targets = _mail_targets([user_id])
    items = [n for n in notifications if text.still_relevant(n)] if user_id in targets else []
    if items:
        address, language = targets[user_id]
        with translation.override(language):
            subject = _("Your daily digest") if frequency == "daily" else _("Your weekly digest")
            entries = [(text.summary(n), absolute(text.target_url(n)), n.created_at) for n in items]
            message = build_message(
                to=address,
                subject=subject,
                template="digest",
                context={"entries": entries, "subject": subject},
                unsubscribe_url=absolute(
                    reverse("notifications:unsubscribe", args=[unsubscribe_token(kind=frequency, user_id=user_id)])
                ),
            )
        message.send()
    Notification.objects.filter(pk__in=ids).update(email_due="", email_sent_at=timezone.now() if items else None)
