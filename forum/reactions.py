"""Likes ("Gefällt mir") and bookmarks ("Merken") on posts. Likes change counters (F(), in the transaction of the
like) and expire cached pages; bookmarks are private and change no page anyone else sees."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F

from core import page_cache, ratelimit
from forum.models import Bookmark, Post, PostLike

User = get_user_model()


def like_rate_exceeded(user) -> bool:
    return ratelimit.exceeded(
        f"like:{user.pk}", limit=settings.LIKES_RATE_LIMIT, window=settings.LIKES_RATE_WINDOW_SECONDS
    )


@transaction.atomic
def set_post_like(*, post, user, like: bool) -> bool:
    """Like (or stop liking) `post`; the same request twice changes nothing. True when something changed."""
    if like:
        _, changed = PostLike.objects.get_or_create(user=user, post=post)
    else:
        changed = PostLike.objects.filter(user=user, post=post).delete()[0] > 0
    if changed:
        step = 1 if like else -1
        Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + step)
        User.objects.filter(pk=post.author_id).update(likes_received=F("likes_received") + step)
        page_cache.invalidate()
    post.refresh_from_db(fields=["like_count"])
    return changed


def likers(post, limit=100):
    """The members who like `post`, most recent first."""
    return [like.user for like in post.likes.select_related("user").order_by("-created_at", "-pk")[:limit]]


def set_bookmark(*, post, user, keep: bool) -> None:
    if keep:
        Bookmark.objects.get_or_create(user=user, post=post)
    else:
        Bookmark.objects.filter(user=user, post=post).delete()


def bookmarks_of(user):
    """`user`'s bookmarks of posts they can still read, newest first."""
    return (
        Bookmark.objects.filter(user=user, post__in=Post.objects.listed_for(user))
        .select_related("post__author", "post__thread")
        .order_by("-created_at", "-pk")
    )
