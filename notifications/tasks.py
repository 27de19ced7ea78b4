"""Background work (django.tasks: the database worker in production, at once in development and tests).

Each event becomes one task that finds the recipients and creates their notifications in bulk; the ones due by
e-mail now are sent by further tasks in batches of EMAIL_BATCH, so a thread with 10,000 watchers costs its
replying author nothing and no single task runs for ever.
"""

from django.tasks import task

from notifications import emails, services
from notifications.models import Kind, Notification

EMAIL_BATCH = 100


def queue_emails(notifications):
    due = [n.pk for n in notifications if n.email_due == Notification.EmailDue.IMMEDIATE]
    for batch in services.chunks(due, EMAIL_BATCH):
        send_emails.enqueue(notification_ids=batch)


@task
def deliver_post(*, post_id):
    queue_emails(services.notify_post(post_id))


@task
def deliver_mentions(*, post_id, names):
    queue_emails(services.notify_mentions(post_id, names))


@task
def deliver_held_post(*, post_id):
    from forum.models import Post

    post = Post.objects.filter(pk=post_id, status=Post.Status.HELD).first()
    if post is not None:
        queue_emails(services.notify_forum_moderators(
            kind=Kind.HELD, exclude={post.author_id}, action="post", actor_id=post.author_id,
            thread_id=post.thread_id, post=post,
        ))  # fmt: skip


@task
def deliver_report(*, report_id):
    from forum.models import Report

    report = Report.objects.select_related("post").filter(pk=report_id, status=Report.Status.OPEN).first()
    if report is not None:
        queue_emails(services.notify_forum_moderators(
            kind=Kind.REPORT, exclude={report.reporter_id, report.post.author_id}, action=report.reason,
            reason=report.text[:300], thread_id=report.post.thread_id, post=report.post,
        ))  # fmt: skip


@task
def deliver_moderation(*, post_id, thread_id, action, moderator_id, reason):
    """A moderator approved or rejected a post, or moved, locked or renamed a thread: its author hears of it."""
    from forum.models import Post, Thread

    if post_id is not None:
        author_id = Post.objects.filter(pk=post_id).values_list("author_id", flat=True).first()
    else:
        author_id = Thread.objects.filter(pk=thread_id).values_list("author_id", flat=True).first()
    if author_id is None or author_id == moderator_id:
        return
    queue_emails(services.notify_member(
        author_id, Kind.MODERATION, action=action, reason=reason[:300], actor_id=moderator_id,
        thread_id=thread_id, post_id=post_id,
    ))  # fmt: skip


@task
def deliver_held_comment(*, comment_id):
    from articles.models import Comment

    comment = Comment.objects.filter(pk=comment_id, status=Comment.Status.PENDING).first()
    if comment is not None:
        queue_emails(services.notify_comment_moderators(comment=comment))


@task
def deliver_comment(*, comment_id):
    from notifications import articles

    queue_emails(articles.notify_comment(comment_id))


@task
def confirm_guest_subscription(*, comment_id, language):
    from articles.models import Comment
    from notifications import guests

    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is not None:
        guests.subscribe(comment=comment, language=language)


@task
def send_emails(*, notification_ids):
    emails.send_immediate(notification_ids)


@task
def send_digest(*, user_id, frequency):
    emails.send_digest(user_id, frequency)
