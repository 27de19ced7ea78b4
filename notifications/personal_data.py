"""Notifications as personal data (core/personal_data.py): a member's notifications, watched threads and
categories, followed articles and notification settings; a guest's reply subscriptions, found by the address."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.personal_data import register_guest_section, register_member_section
from notifications import text
from notifications.models import (
    ArticleFollow,
    CategoryWatch,
    GuestSubscription,
    MemberSettings,
    Notification,
    NotificationSetting,
    ThreadWatch,
)
from notifications.services import forget_watches

CHUNK = 1000


def export_notifications(user):
    notifications = Notification.objects.filter(recipient=user).for_list().order_by("pk")
    for notification in notifications.iterator(chunk_size=CHUNK):
        yield {
            "kind": notification.kind,
            "text": text.summary(notification),
            "created_at": notification.created_at,
            "read_at": notification.read_at,
            "emailed_at": notification.email_sent_at,
        }


def export_watches(user):
    threads = ThreadWatch.objects.filter(user=user).select_related("thread").order_by("pk")
    for watch in threads.iterator(chunk_size=CHUNK):
        yield {"thread": watch.thread.title, "url": watch.thread.get_absolute_url(), "level": watch.get_level_display()}
    categories = CategoryWatch.objects.filter(user=user).select_related("category").order_by("pk")
    for watch in categories.iterator(chunk_size=CHUNK):
        yield {"category": watch.category.name, "level": watch.get_level_display()}
    follows = ArticleFollow.objects.filter(user=user).select_related("article").order_by("pk")
    for follow in follows.iterator(chunk_size=CHUNK):
        yield {"article": follow.article.title, "url": follow.article.get_absolute_url(), "level": "follow"}


def export_settings(user):
    for chosen in MemberSettings.objects.filter(user=user):
        yield {"email_language": chosen.language, "no_email_at_all": chosen.email_off}
    for setting in NotificationSetting.objects.filter(user=user).order_by("kind"):
        yield {"kind": setting.kind, "in_the_site": setting.in_app, "email": setting.email}


def erase_notifications(user, *, keep_contributions):
    """The notifications addressed to the member. Others' notifications about what the member did stay: their
    actor is shown as "Former member" (or "Someone" once the account row is gone)."""
    Notification.objects.filter(recipient=user).delete()


def erase_watches(user, *, keep_contributions):
    watches = ThreadWatch.objects.filter(user=user)
    forget_watches(user.pk, list(watches.values_list("thread_id", flat=True)), categories=True)
    watches.delete()
    CategoryWatch.objects.filter(user=user).delete()
    ArticleFollow.objects.filter(user=user).delete()


def erase_settings(user, *, keep_contributions):
    NotificationSetting.objects.filter(user=user).delete()
    MemberSettings.objects.filter(user=user).delete()


def guest_subscriptions(email):
    return GuestSubscription.objects.filter(email__iexact=email.strip())


def export_guest_subscriptions(email):
    subscriptions = guest_subscriptions(email).select_related("comment__article").order_by("pk")
    for subscription in subscriptions.iterator(chunk_size=CHUNK):
        yield {
            "article": subscription.comment.article.title,
            "url": subscription.comment.get_absolute_url(),
            "email": subscription.email,
            "created_at": subscription.created_at,
            "confirmed_at": subscription.confirmed_at,
            "cancelled_at": subscription.cancelled_at,
        }


def withdraw_guest_subscriptions(email) -> int:
    return guest_subscriptions(email).filter(cancelled_at__isnull=True).update(cancelled_at=timezone.now())


def erase_guest_subscriptions(email) -> int:
    """Gone with the comments (a comment that stays as a placeholder keeps no subscription). Counted as nothing:
    the page reports the comments deleted."""
    guest_subscriptions(email).delete()
    return 0


def register():
    register_member_section(
        "notifications", title=_("Notifications"), export=export_notifications, erase=erase_notifications
    )
    register_member_section(
        "watched", title=_("Watched threads, categories and articles"), export=export_watches, erase=erase_watches
    )
    register_member_section(
        "notification_settings", title=_("Notification settings"), export=export_settings, erase=erase_settings
    )
    register_guest_section(
        "notification_subscriptions",
        title=_("Reply notifications"),
        export=export_guest_subscriptions,
        erase=erase_guest_subscriptions,
        withdraw=withdraw_guest_subscriptions,
        has_data=lambda email: guest_subscriptions(email).exists(),
    )
