"""Whole-page cache for anonymous readers, invalidated at once by every write.

Anonymous readers and crawlers are most of a forum's traffic. Their pages are the same for all of them, so the
rendered HTML is kept in the configured cache (Redis, or the database cache) under a key made of the page's URL,
the language and the reader's cookies that change the page, together with the *generation* number it was rendered
in. Every write that can change what a page shows — a saved post, thread, comment, article, category, report or
profile name, and every moderation action (they all write the moderation log) — bumps the generation after its
transaction commits, so no one ever sees a page older than their own action. A hit reads the generation and the
page in one cache round trip (one query on the database cache, one MGET on Redis). Readers with a session
(members, commenters waiting for approval, anyone with a message) always get a freshly rendered page.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "page-cache:generation"
# Part of every page's key: change it when the layout of a cached entry changes, so that entries an older release
# left in a shared cache are never read.
ENTRY_FORMAT = 2
# Cookies that never make a page personal; any other cookie (a session, messages, …) bypasses the cache.
NEUTRAL_COOKIES = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}


def invalidate():
    """Make every cached page stale once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, time.time_ns(), None))


def expire_at(request, moment):
    """Keep this request's page no longer than until `moment` (a scheduled article goes live then, with no write
    that would announce it)."""
    if moment is not None:
        request.page_cache_expires = min(moment, getattr(request, "page_cache_expires", moment))


def _timeout(request):
    expires = getattr(request, "page_cache_expires", None)
    if expires is None:
        return settings.PAGE_CACHE_SECONDS
    return min(settings.PAGE_CACHE_SECONDS, int((expires - timezone.now()).total_seconds()))


def cache_for_anonymous(view=None, *, cookies=()):
    """Mark `view` as one whose pages PageCacheMiddleware may keep for anonymous GET requests; `cookies` names
    cookies that change the page (they become part of the key, and the page may set them)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapper.page_cache_cookies = tuple(sorted(cookies))
        return wrapper

    return decorator(view) if view is not None else decorator


class PageCacheMiddleware:
    """Serves the pages of `cache_for_anonymous` views to anonymous readers from the cache, and keeps them there.

    It sits near the top of MIDDLEWARE, so a hit skips everything below it (sessions, CSRF, authentication, …)
    and replays the headers those set when the page was rendered (Content-Security-Policy, X-Frame-Options,
    Content-Language, Vary). A request is anonymous when it carries no cookie but the neutral ones and the page's
    own: no session cookie, no session, no user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page_cookies = self._page_cookies(request)
        if page_cookies is None:
            return self.get_response(request)
        # The language LocaleMiddleware will choose (the site has no language prefixes in its URLs).
        language = translation.get_language_from_request(request)
        key = _key(request, language, page_cookies)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY, 0)
        hit = found.get(key)
        if hit is not None and hit[0] == generation:
            _, content, headers, set_cookies = hit
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            for name, morsel in set_cookies.items():
                response.cookies[name] = morsel
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        timeout = _timeout(request)
        if timeout > 0 and _shareable(response, set(page_cookies)):
            headers = [(name, value) for name, value in response.headers.items() if name.lower() != "set-cookie"]
            entry = (generation, response.content, headers, dict(response.cookies.items()))
            cache.set(key, entry, timeout)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _page_cookies(request):
        """The cookies that change this request's page, or None when the page is not to be cached for it."""
        if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        page_cookies = getattr(match.func, "page_cache_cookies", None)
        if page_cookies is None or not NEUTRAL_COOKIES.union(page_cookies).issuperset(request.COOKIES):
            return None
        return page_cookies


def _key(request, language, cookie_names):
    cookies = "&".join(f"{name}={request.COOKIES.get(name, '')}" for name in cookie_names)
    raw = f"{language}|{request.get_full_path()}|{cookies}"
    return f"page-cache:{ENTRY_FORMAT}:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _shareable(response, page_cookies):
    """Only a plain 200 page with no per-visitor token may be served to others. It may set the page's own cookies
    (a remembered reading view): they follow from the URL and the cookies in the key alone, so they are replayed."""
    return (
        response.status_code == 200
        and set(response.cookies) <= page_cookies
        and not getattr(response, "streaming", False)
        and b"csrfmiddlewaretoken" not in response.content
    )


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

    for label in [
        "forum.Category",
        "forum.Thread",
        "forum.Post",
        "articles.Article",
        "articles.Category",
        "articles.Series",
        "articles.Comment",
        "core.ModerationLogEntry",
    ]:
        model = apps.get_model(label)
        post_save.connect(_invalidate_on_save, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(_invalidate_on_save, sender=model, dispatch_uid=f"page-cache-delete-{label}")
    post_save.connect(_invalidate_on_user_save, sender=get_user_model(), dispatch_uid="page-cache-user")
