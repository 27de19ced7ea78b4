"""Guests who ticked "notify me of replies": a confirmation mail first (double opt-in), then a mail per reply to
their comment, each with a one-click unsubscribe link. No account, so no notification rows: a subscription row."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.emails import absolute, build_message, unsubscribe_token
from notifications.models import GuestSubscription

GUEST_KIND = "guest_reply"
CONFIRM_SALT = "notifications.guest-confirm"
CONFIRM_DAYS = 7


def subscribe(*, comment, language):
    """Save the wish and send the confirmation mail (the comment needs no approval for that)."""
    if not comment.email or comment.user_id:
        return None
    subscription, created = GuestSubscription.objects.get_or_create(comment=comment, defaults={"email": comment.email})
    if created:
        token = signing.dumps(subscription.pk, salt=CONFIRM_SALT)
        confirm_url = absolute(reverse("notifications:confirm_guest", args=[token]))
        with translation.override(language):
            subject = _("Please confirm: replies to your comment")
            build_message(
                to=subscription.email,
                subject=subject,
                template="guest_confirm",
                context={
                    "comment": comment,
                    "confirm_url": confirm_url,
                },
                unsubscribe_url=absolute(
                    reverse(
                        "notifications:unsubscribe",
                        args=[unsubscribe_token(kind=GUEST_KIND, subscription_id=subscription.pk)],
                    )
                ),  # fmt: skip
            ).send()
    return subscription


def read_confirmation_token(token):
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=timedelta(days=CONFIRM_DAYS))
    except signing.BadSignature:
        return None
    return GuestSubscription.objects.filter(pk=pk, cancelled_at__isnull=True).select_related("comment").first()


def cancel(*, subscription_id, everything=False):
    subscription = GuestSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return
    subscriptions = GuestSubscription.objects.filter(cancelled_at__isnull=True)
    if everything:
        subscriptions = subscriptions.filter(email__iexact=subscription.email)
    else:
        subscriptions = subscriptions.filter(pk=subscription.pk)
    subscriptions.update(cancelled_at=timezone.now())


def mail_reply(*, reply, exclude_email=""):
    """Mail the confirmed guest whose comment `reply` answers."""
    subscription = GuestSubscription.objects.filter(
        comment_id=reply.parent_id, confirmed_at__isnull=False, cancelled_at__isnull=True
    ).first()
    if subscription is None or subscription.email.lower() == (exclude_email or "").lower():
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(name)s replied to your comment on “%(article)s”") % {
            "name": reply.author_name, "article": reply.article.title}  # fmt: skip
        build_message(
            to=subscription.email,
            subject=subject,
            template="notification",
            context={"summary": subject, "url": absolute(reply.get_absolute_url()), "excerpt": reply.body[:500]},
            unsubscribe_url=absolute(
                reverse(
                    "notifications:unsubscribe",
                    args=[unsubscribe_token(kind=GUEST_KIND, subscription_id=subscription.pk)],
                )
            ),  # fmt: skip
        ).send()
