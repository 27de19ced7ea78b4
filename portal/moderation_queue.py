"""The one moderation queue: held forum posts, open reports and comments waiting for approval.

Each app keeps its own rules and detail pages (`forum:moderation_queue`, `articles:moderation_queue` with its tabs
and bulk actions); this module only gathers what waits, for the combined page and the navigation badge.
"""

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce

from articles.models import Comment
from articles.permissions import can_moderate_comments
from forum import moderation as forum_moderation
from forum.permissions import can_moderate as can_moderate_forum

QUEUE_PAGE_SIZE = 25


def can_use_queue(user) -> bool:
    return can_moderate_comments(user) or can_moderate_forum(user)


def _count(queryset):
    """COUNT(*) of `queryset` as a subquery expression (0 when it is empty)."""
    counted = queryset.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def pending_count(user) -> int:
    """What waits for `user`, only the parts they may moderate, counted in one query (it runs on every page)."""
    counts = {}
    if can_moderate_forum(user):
        counts["held_posts"] = _count(forum_moderation.held_posts())
        counts["open_reports"] = _count(forum_moderation.open_reports())
    if can_moderate_comments(user):
        counts["pending_comments"] = _count(Comment.objects.pending())
    if not counts:
        return 0
    # The counts ride on the moderator's own user row: one round trip instead of three.
    return sum(get_user_model().objects.filter(pk=user.pk).annotate(**counts).values_list(*counts).get())


def queue_context(user, query=None) -> dict:
    """One page of each list `user` may moderate, oldest first; `query` holds the page numbers from the URL
    (`comments_page`, `held_page`, `reports_page`)."""
    query = query or {}
    context = {"can_moderate_forum": can_moderate_forum(user), "can_moderate_comments": can_moderate_comments(user)}
    if context["can_moderate_forum"]:
        context.update(
            forum_moderation.queue_context(
                held_page=query.get("held_page"), reports_page=query.get("reports_page"), per_page=QUEUE_PAGE_SIZE
            )
        )
    if context["can_moderate_comments"]:
        pending = Comment.objects.pending().select_related("article", "user").order_by("created_at", "pk")
        context["comments_page"] = Paginator(pending, QUEUE_PAGE_SIZE).get_page(query.get("comments_page"))
    return context
