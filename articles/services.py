"""Writes with side effects: posting a comment and every moderation action. Each runs in one transaction,
logs moderation actions in the same transaction and sends e-mail only after commit."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from articles import signals, spam
from articles.models import PATH_SEGMENT, Comment, CommentLike, ModerationWord
from articles.permissions import comment_skips_moderation
from core import page_cache, ratelimit
from core.markup import render_markdown
from core.moderation import log_action
from core.tasks import send_email

# The moderation log's labels of the actions below (registered in articles/apps.py).
LOG_ACTIONS = {
    "comment.approve": gettext_lazy("Comment approved"),
    "comment.spam": gettext_lazy("Comment marked as spam"),
    "comment.not_spam": gettext_lazy("Comment moved back to the queue"),
    "comment.reject": gettext_lazy("Comment deleted"),
    "comment.edit": gettext_lazy("Comment edited"),
    "comment.reply": gettext_lazy("Moderator's reply to a comment"),
}

# The deepest level a comment's path column (255 characters) can hold.
MAX_PATH_DEPTH = 255 // PATH_SEGMENT


def moderation_status(*, article, user, name, email, website, body, seconds_since_render):
    """Decide whether a new comment is approved, held (pending) or spam, and why."""
    if comment_skips_moderation(user):
        return Comment.Status.APPROVED, ""
    words = dict(ModerationWord.objects.values_list("word", "action"))
    text = " ".join([body, name, email, website])
    blocked = spam.matching_words([w for w, action in words.items() if action == ModerationWord.Action.BLOCK], text)
    if blocked:
        return Comment.Status.SPAM, _("Contains a word on the block list: %(words)s.") % {"words": ", ".join(blocked)}

    reasons = []
    links = spam.count_links(render_markdown(body))
    if settings.COMMENTS_MAX_LINKS and links > settings.COMMENTS_MAX_LINKS:
        reasons.append(
            _("Contains %(count)d links (more than %(max)d).") % {"count": links, "max": settings.COMMENTS_MAX_LINKS}
        )
    held = spam.matching_words([w for w, action in words.items() if action == ModerationWord.Action.HOLD], text)
    if held:
        reasons.append(_("Contains a word on the moderation list: %(words)s.") % {"words": ", ".join(held)})
    days = settings.COMMENTS_HOLD_AFTER_DAYS
    if days and article.published_at and article.published_at < timezone.now() - timedelta(days=days):
        reasons.append(_("The article is older than %(days)d days.") % {"days": days})
    if seconds_since_render is not None and seconds_since_render < settings.COMMENTS_MIN_SECONDS:
        reasons.append(
            _("Suspected spam: sent %(seconds)d seconds after the form was shown.")
            % {"seconds": max(0, int(seconds_since_render))}
        )
    if reasons:
        return Comment.Status.PENDING, " ".join(reasons)
    if settings.COMMENTS_AUTO_APPROVE_KNOWN and has_approved_comment(user=user, email=email):
        return Comment.Status.APPROVED, ""
    return Comment.Status.PENDING, _("First comment by this author: comments are approved by hand.")


def has_approved_comment(*, user, email):
    if user.is_authenticated:
        return Comment.objects.approved().filter(user=user).exists()
    return bool(email) and Comment.objects.approved().filter(user=None, email__iexact=email).exists()


def attach_point(parent):
    """The comment a reply really attaches to: deeper replies go to the deepest allowed level."""
    if parent is None:
        return None
    max_depth = min(max(1, settings.COMMENTS_MAX_DEPTH), MAX_PATH_DEPTH)
    if max_depth == 1:
        return None
    if parent.depth < max_depth - 1:
        return parent
    return Comment.objects.get(pk=parent.ancestor_ids[max_depth - 2])


@transaction.atomic
def post_comment(
    *, article, user, body, parent=None, name="", email="", website="", ip_address=None, notify_on_approval=False,
    seconds_since_render=None, notify_replies=False,
) -> Comment:  # fmt: skip
    """Save a reader's comment with the status the hold rules give it; tell moderators when it is held."""
    if user.is_authenticated:
        name, email = "", ""  # the comment refers to the account: no copy of the member's e-mail
    status, reason = moderation_status(
        article=article,
        user=user,
        name=name or (user.public_name if user.is_authenticated else ""),
        email=email or (user.email if user.is_authenticated else ""),
        website=website,
        body=body,
        seconds_since_render=seconds_since_render,
    )
    comment = Comment.objects.create(
        article=article,
        parent=attach_point(parent),
        user=user if user.is_authenticated else None,
        name=name,
        email=email,
        website=website,
        body=body,
        status=status,
        hold_reason=reason,
        ip_address=ip_address,
        notify_on_approval=notify_on_approval,
    )
    if notify_replies and comment.user_id is None and status != Comment.Status.SPAM:
        signals.send_on_commit(signals.reply_notifications_wanted, comment=comment)
    if status == Comment.Status.PENDING:
        signals.send_on_commit(signals.comment_held, comment=comment)  # moderators hear of it (notifications)
    elif status == Comment.Status.APPROVED:
        signals.send_on_commit(signals.comment_published, comment=comment)
    return comment


def notify_commenter(*, comment, comment_url):
    address = comment.author_email
    if not comment.notify_on_approval or not address:
        return
    context = {"comment": comment, "comment_url": comment_url, "site_name": settings.SITE_NAME}
    subject = _("[%(site)s] Your comment has been approved") % {"site": settings.SITE_NAME}
    body = render_to_string("articles/email/comment_approved.txt", context)
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[address]))


@transaction.atomic
def approve_comment(*, comment, actor, comment_url="") -> Comment:
    was_approved = comment.status == Comment.Status.APPROVED
    comment.status = Comment.Status.APPROVED
    comment.save(update_fields=["status", "updated_at"])
    log_action(actor=actor, action="comment.approve", target=comment, reason=comment.hold_reason)
    if not was_approved:
        notify_commenter(comment=comment, comment_url=comment_url)
        signals.send_on_commit(signals.comment_published, comment=comment)
    return comment


@transaction.atomic
def mark_spam(*, comment, actor) -> Comment:
    comment.status = Comment.Status.SPAM
    comment.save(update_fields=["status", "updated_at"])
    log_action(actor=actor, action="comment.spam", target=comment)
    return comment


@transaction.atomic
def mark_not_spam(*, comment, actor) -> Comment:
    """Back to the queue: a moderator then approves or rejects it."""
    comment.status = Comment.Status.PENDING
    comment.save(update_fields=["status", "updated_at"])
    log_action(actor=actor, action="comment.not_spam", target=comment)
    return comment


@transaction.atomic
def reject_comment(*, comment, actor) -> None:
    """Delete the comment (and its replies)."""
    log_action(actor=actor, action="comment.reject", target=comment, reason=comment.body[:500])
    comment.delete()


@transaction.atomic
def edit_comment(*, form, actor) -> Comment:
    comment = form.save()
    log_action(actor=actor, action="comment.edit", target=comment)
    return comment


@transaction.atomic
def approve_and_reply(*, comment, actor, body, comment_url="") -> Comment:
    """Approve `comment` and publish the moderator's reply to it."""
    if comment.status != Comment.Status.APPROVED:
        approve_comment(comment=comment, actor=actor, comment_url=comment_url)
    reply = Comment.objects.create(
        article=comment.article,
        parent=attach_point(comment),
        user=actor,
        body=body,
        status=Comment.Status.APPROVED,
    )
    log_action(actor=actor, action="comment.reply", target=reply)
    signals.send_on_commit(signals.comment_published, comment=reply)
    return reply


MODERATION_ACTIONS = {
    "approve": approve_comment,
    "spam": mark_spam,
    "not_spam": mark_not_spam,
    "reject": reject_comment,
}


def like_rate_exceeded(user) -> bool:
    return ratelimit.exceeded(
        f"like:{user.pk}", limit=settings.LIKES_RATE_LIMIT, window=settings.LIKES_RATE_WINDOW_SECONDS
    )


@transaction.atomic
def set_comment_like(*, comment, user, like: bool) -> bool:
    """Like (or stop liking) `comment`; the same request twice changes nothing. True when something changed."""
    if like:
        _, changed = CommentLike.objects.get_or_create(user=user, comment=comment)
    else:
        changed = CommentLike.objects.filter(user=user, comment=comment).delete()[0] > 0
    if changed:
        step = 1 if like else -1
        Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + step)
        if comment.user_id:
            User.objects.filter(pk=comment.user_id).update(likes_received=F("likes_received") + step)
        page_cache.invalidate()
    comment.refresh_from_db(fields=["like_count"])
    return changed
