"""Whole-page cache for anonymous readers, invalidated at once by every write.

Anonymous readers and crawlers are most of a forum's traffic. Their pages are the same for all of them, so the
rendered HTML is kept in the configured cache (Redis, or the database cache) under a key made of the page's URL,
the language and the reader's cookies that change the page, together with the *generation* number it was rendered
in. Every write that can change what a page shows — a saved post, thread, comment, article, category, report or
profile name, and every moderation action (they all write the moderation log) — bumps the generation after its
transaction commits, so no one ever sees a page older than their own action. A hit reads the generation and the
page in one cache round trip (one query on the database cache, one MGET on Redis). Readers with a session (members, commenters waiting for
approval, anyone with a message) always get a freshly rendered page.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "page-cache:generation"
# Cookies that never make a page personal; any other cookie (a session, messages, …) bypasses the cache.
NEUTRAL_COOKIES = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}


def invalidate():
    """Make every cached page stale once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, time.time_ns(), None))


def _key(request, cookie_names):
    cookies = "&".join(f"{name}={request.COOKIES.get(name, '')}" for name in cookie_names)
    raw = f"{request.LANGUAGE_CODE}|{request.get_full_path()}|{cookies}"
    return "page-cache:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _shareable(response, page_cookies):
    """Only a plain 200 page with no per-visitor token may be served to others. It may set the page's own cookies
    (a remembered reading view): they follow from the URL and the cookies in the key alone, so they are replayed."""
    return (
        response.status_code == 200
        and set(response.cookies) <= page_cookies
        and not getattr(response, "streaming", False)
        and b"csrfmiddlewaretoken" not in response.content
    )


def cache_for_anonymous(view=None, *, cookies=()):
    """Serve `view` from the cache to anonymous GET requests; `cookies` names cookies that change the page."""

    def decorator(view):
        allowed = NEUTRAL_COOKIES | set(cookies)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                not settings.PAGE_CACHE_SECONDS
                or request.method != "GET"
                or request.user.is_authenticated
                or not allowed.issuperset(request.COOKIES)
            ):
                return view(request, *args, **kwargs)
            key = _key(request, sorted(cookies))
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY, 0)
            hit = found.get(key)
            if hit is not None and hit[0] == generation:
                _, content, content_type, set_cookies = hit
                response = HttpResponse(content, content_type=content_type)
                for name, morsel in set_cookies.items():
                    response.cookies[name] = morsel
                response["X-Page-Cache"] = "hit"
            else:
                response = view(request, *args, **kwargs)
                if _shareable(response, set(cookies)):
                    entry = (generation, response.content, response["Content-Type"], dict(response.cookies.items()))
                    cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
            patch_vary_headers(response, ["Cookie", "Accept-Language"])
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


def _invalidate_on_save(sender, instance, update_fields=None, **kwargs):
    invalidate()


def _invalidate_on_user_save(sender, instance, update_fields=None, **kwargs):
    # A login only updates `last_login`; names shown on pages are what matter.
    if update_fields is None or {"username", "display_name", "is_active"} & set(update_fields):
        invalidate()


def connect_signals():
    """Called from CoreConfig.ready(): the writes that change what cached pages show."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    for label in ["forum.Category", "forum.Thread", "forum.Post", "core.ModerationLogEntry"]:
        model = apps.get_model(label)
        post_save.connect(_invalidate_on_save, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(_invalidate_on_save, sender=model, dispatch_uid=f"page-cache-delete-{label}")
    post_save.connect(_invalidate_on_user_save, sender=get_user_model(), dispatch_uid="page-cache-user")
