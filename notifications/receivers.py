"""The forum and the articles announce what happened (their `signals` modules, sent after commit); this hands each
event to a background task, so a request never waits for the fan-out to watchers or for mail."""

from allauth.account.signals import user_signed_up
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from articles import signals as article_signals
from forum import signals as forum_signals
from notifications import services, tasks


@receiver(forum_signals.post_published)
def post_published(sender, post, **kwargs):
    services.watch_by_default(post)  # one insert; the author sees their level at once
    tasks.deliver_post.enqueue(post_id=post.pk)


@receiver(forum_signals.post_edited)
def post_edited(sender, post, previous_body, **kwargs):
    # Only the names the edit added: those already mentioned were told when the post was written.
    names = services.added_mentions(previous_body, post.body)
    if names:
        tasks.deliver_mentions.enqueue(post_id=post.pk, names=names)


@receiver(forum_signals.post_held)
def post_held(sender, post, **kwargs):
    services.watch_by_default(post)
    tasks.deliver_held_post.enqueue(post_id=post.pk)


@receiver(forum_signals.post_moderated)
def post_moderated(sender, post, action, moderator, reason, **kwargs):
    tasks.deliver_moderation.enqueue(post_id=post.pk, thread_id=post.thread_id, action=action,
                                     moderator_id=moderator.pk, reason=reason)  # fmt: skip


@receiver(forum_signals.thread_moderated)
def thread_moderated(sender, thread, action, moderator, reason, **kwargs):
    tasks.deliver_moderation.enqueue(post_id=None, thread_id=thread.pk, action=action,
                                     moderator_id=moderator.pk, reason=reason)  # fmt: skip


@receiver(forum_signals.post_reported)
def post_reported(sender, report, **kwargs):
    tasks.deliver_report.enqueue(report_id=report.pk)


@receiver(article_signals.comment_held)
def comment_held(sender, comment, **kwargs):
    tasks.deliver_held_comment.enqueue(comment_id=comment.pk)


@receiver(article_signals.comment_published)
def comment_published(sender, comment, **kwargs):
    tasks.deliver_comment.enqueue(comment_id=comment.pk)


@receiver(article_signals.reply_notifications_wanted)
def reply_notifications_wanted(sender, comment, **kwargs):
    tasks.confirm_guest_subscription.enqueue(comment_id=comment.pk, language=translation.get_language())


@receiver(user_logged_in)
def warm_unread_count(sender, request, user, **kwargs):
    """The bell's count is in the cache before the first page after logging in asks for it."""
    services.store_unread_counts([user.pk], at_once=True)


@receiver(user_signed_up)
def remember_language(sender, request, user, **kwargs):
    """Mails speak the language the member signed up in (changeable on the settings page)."""
    language = translation.get_language()
    if language in dict(settings.LANGUAGES):
        services.MemberSettings.objects.update_or_create(user=user, defaults={"language": language})
