"""The one moderation queue: held forum posts, open reports and comments waiting for approval.

Each app keeps its own rules and detail pages (`forum:moderation_queue`, `articles:moderation_queue` with its tabs
and bulk actions); this module only gathers what waits, for the combined page and the navigation badge.
"""

from articles.models import Comment
from articles.permissions import can_moderate_comments
from forum import moderation as forum_moderation
from forum.permissions import can_moderate as can_moderate_forum

QUEUE_LIMIT = 50


def can_use_queue(user) -> bool:
    return can_moderate_comments(user) or can_moderate_forum(user)


def pending_count(user) -> int:
    """What waits for `user`: only the parts they may moderate."""
    total = 0
    if can_moderate_forum(user):
        total += forum_moderation.pending_count()
    if can_moderate_comments(user):
        total += Comment.objects.pending().count()
    return total


def queue_context(user) -> dict:
    context = {"can_moderate_forum": can_moderate_forum(user), "can_moderate_comments": can_moderate_comments(user)}
    if context["can_moderate_forum"]:
        context.update(forum_moderation.queue_context(limit=QUEUE_LIMIT))
    if context["can_moderate_comments"]:
        pending = Comment.objects.pending()
        context["pending_comments"] = pending.select_related("article", "user").order_by("created_at")[:QUEUE_LIMIT]
        context["pending_comment_count"] = pending.count()
    return context
