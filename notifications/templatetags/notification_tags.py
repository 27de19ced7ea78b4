from django import template
from django.urls import reverse

from notifications.models import WATCH_LEVEL_HELP, ArticleFollow, WatchLevel
from notifications.services import category_level, thread_level

register = template.Library()


@register.inclusion_tag("notifications/_watch_control.html", takes_context=True)
def watch_control(context, thread=None, category=None):
    """The no-JS form "Benachrichtigungen: Beobachten/Verfolgen/Normal/Stummschalten" for members (one query)."""
    user = context["user"]
    if not user.is_authenticated:
        return {"show": False}
    if thread is not None:
        level = thread_level(user, thread)
        action = reverse("notifications:watch_thread", args=[thread.pk])
    else:
        level = category_level(user, category.pk)
        action = reverse("notifications:watch_category", args=[category.slug])
    return {
        "show": True,
        "action": action,
        "levels": [(value, label, WATCH_LEVEL_HELP[value]) for value, label in reversed(WatchLevel.choices)],
        "current": level,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("notifications/_follow_article.html", takes_context=True)
def follow_article(context, article):
    user = context["user"]
    if not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "article": article,
        "following": ArticleFollow.objects.filter(user=user, article=article).exists(),
        "csrf_token": context.get("csrf_token"),
    }
