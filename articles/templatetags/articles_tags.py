from django import template

from articles.moderation import pending_count
from articles.permissions import can_moderate_comments

register = template.Library()


@register.inclusion_tag("articles/_moderation_nav.html", takes_context=True)
def comment_moderation_nav(context):
    """The navigation entry for moderators: a link to the comment queue with the number of pending comments.

    Renders nothing for everyone else (and costs them no query). Meant for the `nav_sections` block of base.html.
    """
    user = context.get("user")
    if user is None or not can_moderate_comments(user):
        return {"show": False}
    return {"show": True, "pending": pending_count()}
