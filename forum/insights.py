"""The forum's figures for the owner's dashboard (read by insights at start-up; see insights/sources.py)."""

from django.utils.translation import gettext_lazy as _

from forum.models import PostLike, Thread


def _likes(start, end):
    return PostLike.objects.filter(created_at__gte=start, created_at__lt=end).count()


def _solutions(start, end):
    """Threads whose (current) solution was marked in the period."""
    return Thread.objects.filter(solved_at__gte=start, solved_at__lt=end).count()


ACTIVITY = [("forum_likes", _("Likes on posts"), _likes), ("forum_solutions", _("Solutions marked"), _solutions)]
