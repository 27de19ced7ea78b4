"""What the navigation (and later a combined queue) needs to know about article comment moderation."""

from articles.models import Comment


def pending_count() -> int:
    """The number of comments waiting for a moderator."""
    return Comment.objects.pending().count()
