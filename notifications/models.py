"""Notifications: what happened that concerns a member, how closely they watch threads and categories, and how
they want to hear of it (in the site, by e-mail at once, in a daily or weekly digest, or not at all)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPLY = "reply", _("Replies to my posts")
    MENTION = "mention", _("Mentions of me")
    QUOTE = "quote", _("Quotes of my posts")
    THREAD_POST = "thread_post", _("New posts in threads I watch or track")
    CATEGORY_THREAD = "category_thread", _("New threads in categories I watch or track")
    MODERATION = "moderation", _("Moderation of my posts and threads")
    COMMENT_REPLY = "comment_reply", _("Replies to my comments")
    ARTICLE_COMMENT = "article_comment", _("New comments on articles I follow")
    REPORT = "report", _("New reports (moderators)")
    HELD = "held", _("Posts and comments awaiting approval (moderators)")


MODERATOR_KINDS = frozenset({Kind.REPORT, Kind.HELD})


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("immediately")
    DAILY = "daily", _("daily digest")
    WEEKLY = "weekly", _("weekly digest")
    NEVER = "never", _("never")


class WatchLevel(models.IntegerChoices):
    MUTED = 0, _("Muted")
    NORMAL = 1, _("Normal")
    TRACKING = 2, _("Tracking")
    WATCHING = 3, _("Watching")


WATCH_LEVEL_HELP = {
    WatchLevel.WATCHING: _("Every new post, in the site and by e-mail."),
    WatchLevel.TRACKING: _("New posts in the site; e-mail only when you are addressed."),
    WatchLevel.NORMAL: _("Only replies to you, mentions and quotes."),
    WatchLevel.MUTED: _("Nothing at all, not even mentions."),
}

# (in the site, e-mail) for a member who has not changed a setting.
DEFAULTS = {
    Kind.REPLY: (True, Frequency.IMMEDIATE),
    Kind.MENTION: (True, Frequency.IMMEDIATE),
    Kind.QUOTE: (True, Frequency.IMMEDIATE),
    Kind.THREAD_POST: (True, Frequency.IMMEDIATE),  # mailed only from threads one watches (Beobachten)
    Kind.CATEGORY_THREAD: (True, Frequency.IMMEDIATE),  # mailed only from categories one watches
    Kind.MODERATION: (True, Frequency.IMMEDIATE),
    Kind.COMMENT_REPLY: (True, Frequency.IMMEDIATE),
    Kind.ARTICLE_COMMENT: (True, Frequency.DAILY),
    Kind.REPORT: (True, Frequency.IMMEDIATE),
    Kind.HELD: (True, Frequency.IMMEDIATE),
}


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_list(self):
        related = ("actor", "thread__category", "post", "article", "comment")
        return self.select_related(*related).order_by("-created_at", "-pk")


class Notification(models.Model):
    class EmailDue(models.TextChoices):
        NONE = "", _("no e-mail")
        IMMEDIATE = "immediate", _("immediately")
        DAILY = "daily", _("daily digest")
        WEEKLY = "weekly", _("weekly digest")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    # approve/reject/move/lock/rename for moderation outcomes, "post"/"comment" for held content.
    action = models.CharField(max_length=20, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey("articles.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_due = models.CharField(max_length=10, choices=EmailDue, blank=True, default="")
    email_sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["recipient", "thread", "-email_sent_at"], name="notification_coalescing"),
            models.Index(fields=["email_due", "recipient"], condition=~Q(email_due=""), name="notification_due"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_id}"

    def get_absolute_url(self):
        return reverse("notifications:open", kwargs={"pk": self.pk})


class NotificationSetting(models.Model):
    """A member's choice for one kind; kinds without a row follow DEFAULTS."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind)
    in_app = models.BooleanField(_("in the site"), default=True)
    email = models.CharField(_("e-mail"), max_length=10, choices=Frequency, default=Frequency.IMMEDIATE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_setting_once")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.in_app}/{self.email}"


class MemberSettings(models.Model):
    """The language of a member's mails, "no e-mail at all" and when the last digests went out."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    language = models.CharField(_("language of e-mails"), max_length=10, choices=settings.LANGUAGES, blank=True)
    email_off = models.BooleanField(_("no e-mails at all"), default=False)

    def __str__(self):
        return str(self.user_id)


class ThreadWatch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("forum.Thread", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(choices=WatchLevel, default=WatchLevel.WATCHING)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="thread_watch_once")]

    def __str__(self):
        return f"{self.user_id} {self.thread_id}: {self.level}"


class CategoryWatch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("forum.Category", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(choices=WatchLevel, default=WatchLevel.WATCHING)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["category", "user"], name="category_watch_once")]

    def __str__(self):
        return f"{self.user_id} {self.category_id}: {self.level}"


class ArticleFollow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="article_follow_once")]

    def __str__(self):
        return f"{self.user_id} {self.article_id}"


class GuestSubscription(models.Model):
    """A guest who wants to hear of replies to their comment, once they confirmed by the link in a mail."""

    comment = models.OneToOneField("articles.Comment", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.comment_id}"
