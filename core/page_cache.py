"""Whole-page cache for anonymous readers, invalidated at once by every write.

Anonymous readers and crawlers are most of a forum's traffic. Their pages are the same for all of them, so the
rendered HTML is kept in the cache `CACHES["pages"]` (Redis, or a database cache table of its own) under a key
made of the page's scheme, host and URL, the language and the reader's cookies that change the page, together
with the *generation* number it was rendered in. Every write that can change what a page shows — a saved post,
thread, comment, article, category or profile name, and every moderation action (they all write the moderation
log) — bumps the generation after its transaction commits, so no one ever sees a page older than their own action.
A hit reads the generation and the page in one cache round trip (one query on the database cache, one MGET on
Redis). Readers with a session (members, commenters waiting for approval, anyone with a message) always get a
freshly rendered page; what such a page shows exactly as everyone's (the home page's latest articles) may come from
a *shared piece* kept under the same generation (`shared_piece`).
"""

import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core import fragments

GENERATION_KEY = "page-cache:generation"
# A cache of its own (settings.CACHES["pages"]): pages can be many, and must never push rate limits out.
CACHE_ALIAS = "pages"
# Part of every page's key: change it when the layout of a cached entry changes, so that entries an older release
# left in a shared cache are never read.
ENTRY_FORMAT = 2
# Cookies that never make a page personal; any other cookie (a session, messages, …) bypasses the cache.
NEUTRAL_COOKIES = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}


def invalidate():
    """Make every cached page stale once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: caches[CACHE_ALIAS].set(GENERATION_KEY, time.time_ns(), None))


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


def read(*keys):
    """The current generation and the entries of `keys` in the page cache, in one round trip."""
    cache = caches[CACHE_ALIAS]
    found = cache.get_many([GENERATION_KEY, *keys])
    generation = found.pop(GENERATION_KEY, None)
    if generation is None:
        # Never set, or evicted: start a new one, so that no entry stored under an older one counts again.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    return generation, found


def shared_piece(name, render, *, expires=None):
    """A piece of a page that every reader gets alike and only writes change (the home page's latest articles),
    for the pages that are not cached whole: members'. `render()` makes its HTML once per generation; after that a
    request reads the generation and the piece in one round trip. The key holds `name`, the language, the time zone
    and the version of the templates and translations; the piece is kept PAGE_CACHE_SECONDS at most, and not past
    `expires` (when a scheduled article goes live, with no write to announce it). PAGE_CACHE_SECONDS=0: rendered on
    every request."""
    timeout = settings.PAGE_CACHE_SECONDS
    if expires is not None:
        timeout = min(timeout, int((expires - timezone.now()).total_seconds()))
    if timeout <= 0:
        return render()
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"piece:{ENTRY_FORMAT}:{fragments.source_version()}:{name}:{language}:{timezone.get_current_timezone_name()}"
    generation, found = read(key)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return mark_safe(entry[1])  # noqa: S308 - rendered by our templates, which escape their input
    html = render()
    fragments.store(caches[CACHE_ALIAS], {key: (generation, str(html))}, timeout)
    return html


def csrf_token(request):
    """A fresh value for a page's `csrfmiddlewaretoken` input (PageCacheMiddleware sets the visitor's CSRF cookie)."""
    return get_token(request)


def cache_for_anonymous(view=None, *, query=(), cookies=(), fresh_inputs=None):
    """Mark `view` as one whose pages PageCacheMiddleware may keep for anonymous GET requests. `query` names the
    query parameters the page knows (a URL with any other, `?utm_source=` say, is rendered, so that made-up URLs
    cannot fill the cache); `cookies` names cookies that change the page (they become part of the key, and the
    page may set them).

    `fresh_inputs` maps the names of hidden form inputs whose value is made per visitor (a CSRF token, a signed
    time stamp) to a function of the request that makes a fresh one: the cached page keeps a placeholder there,
    filled in anew for each reader, so a page with a form can be shared too."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapper.page_cache_query = frozenset(query)
        wrapper.page_cache_cookies = tuple(sorted(cookies))
        wrapper.page_cache_fresh_inputs = dict(fresh_inputs or {})
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
        # Django's own CSRF handling, for pages with a form: reads the visitor's cookie, sets it when it is new.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        view = self._cached_view(request)
        if view is None:
            return self.get_response(request)
        page_cookies, fresh_inputs = view.page_cache_cookies, view.page_cache_fresh_inputs
        # The language LocaleMiddleware will choose (the site has no language prefixes in its URLs).
        language = translation.get_language_from_request(request)
        key = _key(request, language, page_cookies)
        cache = caches[CACHE_ALIAS]
        generation, found = read(key)
        hit = found.get(key)
        if hit is not None and hit[0] == generation:
            return self._replay(request, hit, fresh_inputs)
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        timeout = _timeout(request)
        if timeout > 0 and (content := _shareable_content(response, set(page_cookies), fresh_inputs)) is not None:
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in {"set-cookie", "content-length"}
            ]
            page_set_cookies = {name: morsel for name, morsel in response.cookies.items() if name in page_cookies}
            cache.set(key, (generation, content, headers, page_set_cookies), timeout)
        response["X-Page-Cache"] = "miss"
        return response

    def _replay(self, request, hit, fresh_inputs):
        _, content, headers, set_cookies = hit
        if fresh_inputs:
            self.csrf.process_request(request)
            for name, make_value in fresh_inputs.items():
                content = content.replace(_placeholder(name), escape(make_value(request)).encode())
        response = HttpResponse(content)
        for name, value in headers:
            response.headers[name] = value
        response["Content-Length"] = str(len(content))
        for name, morsel in set_cookies.items():
            response.cookies[name] = morsel
        if fresh_inputs:
            response = self.csrf.process_response(request, response)
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _cached_view(request):
        """The view of this request if its page may come from the cache for this reader, else None."""
        if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
            return None
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return None
        page_cookies = getattr(view, "page_cache_cookies", None)
        if page_cookies is None or not NEUTRAL_COOKIES.union(page_cookies).issuperset(request.COOKIES):
            return None
        if not view.page_cache_query.issuperset(request.GET):
            return None
        request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware below would check it: a 400 for any other host
        return view


def _key(request, language, cookie_names):
    cookies = "&".join(f"{name}={request.COOKIES.get(name, '')}" for name in cookie_names)
    # The scheme and host are part of the page: canonical links and structured data carry them.
    raw = f"{request.scheme}://{request.get_host()}|{language}|{request.get_full_path()}|{cookies}"
    return f"page-cache:{ENTRY_FORMAT}:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


_PRIVATE = re.compile(r"\b(private|no-store|no-cache|max-age=0)\b")


def _placeholder(name):
    # "<" never reaches a rendered page from user text unescaped, so no text can contain the placeholder.
    return f"<page-cache:{name}>".encode()


def _shareable_content(response, page_cookies, fresh_inputs):
    """The content to keep for other readers, with placeholders for the fresh inputs; None if the page must not be
    shared: only a plain 200 page with no other per-visitor value qualifies. It may set the page's own cookies (a
    remembered reading view): they follow from the URL and the cookies in the key alone, so they are replayed; a
    CSRF cookie is made anew for each reader of a page with a form."""
    allowed_cookies = page_cookies | ({settings.CSRF_COOKIE_NAME} if fresh_inputs else set())
    if response.status_code != 200 or getattr(response, "streaming", False) or set(response.cookies) - allowed_cookies:
        return None
    if _PRIVATE.search(response.get("Cache-Control", "")):
        return None  # the view says the page is not to be kept (never_cache, a staff preview, …)
    content = response.content
    for name in fresh_inputs:
        attribute = b'name="' + name.encode() + b'"'
        pattern = rb'(<input type="hidden" ' + re.escape(attribute) + rb' value=")[^"]*(")'
        content, replaced = re.subn(pattern, rb"\g<1>" + _placeholder(name) + rb"\g<2>", content)
        if replaced != content.count(attribute):
            return None  # an input of that name in another form of markup: its value would be shared
    if re.search(rb'name="csrfmiddlewaretoken" value="(?!<page-cache:)', content):
        return None  # a token no placeholder stands for
    return content


@checks.register(checks.Tags.security)
def check_csrf_in_cookie(app_configs, **kwargs):
    """A cached page with a form gets its CSRF token on a hit, before sessions run: the secret must be a cookie."""
    if settings.PAGE_CACHE_SECONDS and settings.CSRF_USE_SESSIONS:
        return [
            checks.Error(
                "CSRF_USE_SESSIONS cannot be on while PAGE_CACHE_SECONDS is: cached pages with a form set the CSRF "
                "cookie without a session.",
                id="core.E001",
            )
        ]
    return []


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
