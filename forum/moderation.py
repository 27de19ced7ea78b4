"""The forum's part of the moderation queue (portal/moderation_queue.py gathers all parts)."""

from forum.models import Post, Report


def held_posts():
    return Post.objects.filter(status=Post.Status.HELD)


def open_reports():
    return Report.objects.filter(status=Report.Status.OPEN)


def queue_context(limit=100) -> dict:
    """What the queue templates `forum/_moderation_held.html` and `forum/_moderation_reports.html` need."""
    return {
        "held_posts": held_posts().select_related("author", "thread__category").order_by("created_at")[:limit],
        "reports": open_reports()
        .select_related("reporter", "post__author", "post__thread")
        .order_by("created_at")[:limit],
    }
