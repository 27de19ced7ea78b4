"""The layout's repeated parts (head links, header with navigation and account menu, footer) as fragments.

`{% layout_parts as layout %}` at the top of base.html renders `_layout.html` once per part with one `get_many`
from the fragment cache (core/fragments.py) — with Redis; on the database cache, where that read would be one more
query on every page, the parts are rendered on each request. Each part's plain context holds everything it shows:
the viewer's name and role flags, the bell's and the moderation queue's counts (from the apps' context processors),
whether the forum is the current section, the search words. So a fragment is never served to someone it does not
fit, and a changed count, name or role simply gives another key. The one per-page value of the footer, the language
switch's `next` path, is put in after reading (as `render_many` does with the CSRF input).
"""

from django import template
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from core.fragments import CACHE_ALIAS, CSRF_PLACEHOLDER, render_many

register = template.Library()

TEMPLATE = "_layout.html"
NEXT_PLACEHOLDER = mark_safe("<!--stammtisch:next-->")  # noqa: S308 - a constant of ours


def _render_uncached(contexts, request):
    """The parts rendered on each request: on the database cache, reading them would add a query to every page,
    and rendering them costs little more (Redis reads them with the page's other cache reads)."""
    template = get_template(TEMPLATE)
    placeholder = mark_safe(CSRF_PLACEHOLDER)  # noqa: S308 - a constant of ours
    parts = []
    for context in contexts:
        html = template.render({**context, "csrf_input": placeholder})
        if CSRF_PLACEHOLDER in html:  # only forms ask for a token (and set the CSRF cookie)
            token = get_token(request) if request is not None else ""
            html = html.replace(
                CSRF_PLACEHOLDER, format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
            )
        parts.append(mark_safe(html))  # noqa: S308 - rendered by our template, which escapes its input
    return parts


def _number(value) -> int:
    """A count from a context processor (a lazy object: counted when printed) as a plain int."""
    return int(str(value)) if value else 0


@register.simple_tag(takes_context=True)
def layout_parts(context):
    """{"head": …, "header": …, "footer": …}: the rendered parts of the layout for this request."""
    request = context.get("request")
    user = context.get("user")
    authenticated = bool(user is not None and user.is_authenticated)
    match = getattr(request, "resolver_match", None)
    header = {
        "part": "header",
        "site_name": settings.SITE_NAME,
        "forum_active": bool(match is not None and match.namespace == "forum"),
        "authenticated": authenticated,
        "show_moderation_queue": bool(context.get("show_moderation_queue")),
        "moderation_pending": _number(context.get("moderation_pending")),
        "search_query": str(context.get("search_query") or ""),
    }
    if authenticated:
        header.update(
            public_name=str(user.public_name),
            username=user.get_username(),
            is_staff=bool(user.is_staff),
            notifications_unread=_number(context.get("notifications_unread")),
        )
    contexts = [
        {"part": "head", "site_name": settings.SITE_NAME},
        header,
        {
            "part": "footer",
            "CONTENT_LICENSE": settings.CONTENT_LICENSE,
            "CONTENT_LICENSE_URL": settings.CONTENT_LICENSE_URL,
            "next_path": NEXT_PLACEHOLDER,
        },
    ]
    if isinstance(caches[CACHE_ALIAS], DatabaseCache):
        head, header_html, footer = _render_uncached(contexts, request)
    else:
        head, header_html, footer = render_many(TEMPLATE, contexts, request)
    next_path = escape(request.get_full_path()) if request is not None else ""
    return {"head": head, "header": header_html, "footer": mark_safe(footer.replace(NEXT_PLACEHOLDER, next_path))}  # noqa: S308 - escaped above
