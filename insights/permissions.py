from articles.permissions import can_moderate_comments
from forum.permissions import can_moderate


def can_see_insights(user) -> bool:
    """The whole dashboard: staff."""
    return user.is_authenticated and user.is_staff


def can_see_health(user) -> bool:
    """The health figures (answers, moderation times, reports): staff and moderators, who act on them."""
    return can_see_insights(user) or can_moderate(user) or can_moderate_comments(user)
