"""The articles' figures for the owner's dashboard (read by insights at start-up; see insights/sources.py)."""

from django.utils.translation import gettext_lazy as _

from articles.models import CommentLike


def _likes(start, end):
    return CommentLike.objects.filter(created_at__gte=start, created_at__lt=end).count()


ACTIVITY = [("comment_likes", _("Likes on comments"), _likes)]
