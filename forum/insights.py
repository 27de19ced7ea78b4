"""The forum's figures for the owner's dashboard (read by insights at start-up; see insights/sources.py)."""

from django.utils.translation import gettext_lazy as _

from forum.models import PostLike


def _likes(start, end):
    return PostLike.objects.filter(created_at__gte=start, created_at__lt=end).count()


ACTIVITY = [("forum_likes", _("Likes on posts"), _likes)]
