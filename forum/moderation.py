"""The forum's part of the moderation queue, for the navigation badge and the combined queue."""

from forum.models import Post, Report


def held_posts():
    return Post.objects.filter(status=Post.Status.HELD)


def open_reports():
    return Report.objects.filter(status=Report.Status.OPEN)


def pending_count() -> int:
    """Held posts plus open reports: what waits for a forum moderator."""
    return held_posts().count() + open_reports().count()
