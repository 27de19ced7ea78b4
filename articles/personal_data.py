"""Article comments as personal data (core/personal_data.py): a member's comments, and a guest's comments and their
"e-mail me when my comment is approved" wish, found by the e-mail address."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, F
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Comment, CommentLike
from core import page_cache
from core.personal_data import FORMER_MEMBER, register_guest_section, register_member_section

CHUNK = 200  # rows per fetch; the peak memory of an export is about two chunks, whatever the number of rows


def _record(comment, *, with_email=False):
    record = {
        "id": comment.pk,
        "article": comment.article.title,
        "url": comment.get_absolute_url(),
        "in_reply_to": comment.parent_id,
        "created_at": comment.created_at,
        "status": comment.status,
        "name": comment.name,
        "website": comment.website,
        "body": comment.body,
    }
    if with_email:
        record["email"] = comment.email
        record["notify_on_approval"] = comment.notify_on_approval
    return record


def guest_comments(email):
    """The comments written without an account under `email` (addresses compare case-insensitively)."""
    return Comment.objects.filter(user__isnull=True, email__iexact=email.strip())


def export_member_comments(user):
    comments = Comment.objects.filter(user=user).select_related("article").order_by("pk")
    for comment in comments.iterator(chunk_size=CHUNK):
        yield _record(comment)


def export_guest_comments(email):
    for comment in guest_comments(email).select_related("article").order_by("pk").iterator(chunk_size=CHUNK):
        yield _record(comment, with_email=True)


def _remove(comments) -> int:
    """Delete `comments`; one that has replies keeps its place without author or text (deleting it would delete
    the replies too). Deepest first, so that a comment whose replies were all removed goes as well."""
    removed = 0
    with translation.override(settings.LANGUAGE_CODE):
        placeholder = "*" + gettext("Comment deleted by its author") + "*"
        deleted_name = gettext("Deleted")
    for comment in comments.order_by("-path"):
        if Comment.objects.filter(parent=comment).exists():
            comment.user = None
            comment.name, comment.email, comment.website = deleted_name, "", ""
            comment.ip_address, comment.notify_on_approval, comment.body = None, False, placeholder
            comment.save()
        else:
            comment.delete()
        removed += 1
    if removed:
        page_cache.invalidate()
    return removed


def erase_member_comments(user, *, keep_contributions):
    comments = Comment.objects.filter(user=user)
    if keep_contributions:
        with translation.override(settings.LANGUAGE_CODE):
            name = str(FORMER_MEMBER)
        comments.update(user=None, name=name, email="", website="", ip_address=None, notify_on_approval=False)
        page_cache.invalidate()
    else:
        _remove(comments)


def export_comment_likes(user):
    likes = CommentLike.objects.filter(user=user).select_related("comment__article").order_by("pk")
    for like in likes.iterator(chunk_size=CHUNK):
        yield {
            "comment": like.comment.get_absolute_url(),
            "article": like.comment.article.title,
            "created_at": like.created_at,
        }


def _unlike(likes):
    """Delete `likes` (CommentLike rows), taking each off its comment's `like_count` and its author's
    `likes_received` (F(), in the erasure's transaction)."""
    users = get_user_model()
    per_comment = likes.values("comment_id").annotate(n=Count("pk")).order_by("comment_id")
    for row in per_comment.iterator(chunk_size=CHUNK):
        Comment.objects.filter(pk=row["comment_id"]).update(like_count=F("like_count") - row["n"])
    per_author = likes.filter(comment__user__isnull=False).values("comment__user_id").annotate(n=Count("pk"))
    for row in per_author.order_by("comment__user_id").iterator(chunk_size=CHUNK):
        users.objects.filter(pk=row["comment__user_id"]).update(likes_received=F("likes_received") - row["n"])
    return likes.delete()[0]


def erase_comment_likes(user, *, keep_contributions):
    """The member's likes of comments go, counters follow. The likes of the member's own comments: removed with
    the comments; kept, they stay on the comments (now without an account) and leave the member's count."""
    if _unlike(CommentLike.objects.filter(user=user)):
        page_cache.invalidate()
    if not keep_contributions:
        _unlike(CommentLike.objects.filter(comment__user=user))
    else:
        received = CommentLike.objects.filter(comment__user=user).count()
        get_user_model().objects.filter(pk=user.pk).update(likes_received=F("likes_received") - received)


def erase_guest_comments(email) -> int:
    return _remove(guest_comments(email))


def withdraw_guest_notifications(email) -> int:
    return guest_comments(email).filter(notify_on_approval=True).update(notify_on_approval=False)


def register():
    register_member_section(
        "article_comments", title=_("Article comments"), export=export_member_comments, erase=erase_member_comments
    )
    # Before the comments (order): the likes are counted off the comments while they still name the member.
    register_member_section(
        "article_comment_likes",
        title=_("Likes of comments given"),
        export=export_comment_likes,
        erase=erase_comment_likes,
        order=-10,
    )
    register_guest_section(
        "article_comments",
        title=_("Article comments"),
        export=export_guest_comments,
        erase=erase_guest_comments,
        withdraw=withdraw_guest_notifications,
        has_data=lambda email: guest_comments(email).exists(),
    )
