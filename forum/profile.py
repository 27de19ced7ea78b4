"""The forum's section of a member's public profile (registered in ForumConfig.ready())."""

from forum.models import Post, Thread

PROFILE_THREADS = 5
PROFILE_POSTS = 10


def recent_activity(member, viewer) -> dict:
    """The member's latest threads and posts that `viewer` may see: two queries, whatever the amount."""
    threads = Thread.objects.listed_for(viewer).filter(author=member).select_related("category")
    posts = (
        Post.objects.listed_for(viewer)
        .filter(author=member, position__gt=1)
        .select_related("thread")
        .order_by("-created_at", "-pk")
    )
    return {
        "template": "forum/_profile_activity.html",
        "threads": threads.order_by("-created_at", "-pk")[:PROFILE_THREADS],
        "posts": posts[:PROFILE_POSTS],
    }
