"""Fragment cache ("Russian doll"): the rendered HTML of each post, thread row, … kept under a key made of what it
shows, so that a member's page is assembled from cached pieces instead of rendered afresh.

A fragment is rendered from a *plain context*: a dict of strings, numbers, booleans, dates and tuples of those —
never a model instance, a request or a user. Its key is a digest of that dict together with the template's name, the
version of the project's templates and translations, the active language and time zone. Whatever a fragment shows is
therefore part of its key: an edit, a hide, an approval, a like, a solution mark, a renamed author or another viewer's
controls give another key, and the old entry is simply never read again (it expires). Nothing is invalidated by hand,
and a fragment rendered for one reader can only be served to a reader whose plain context is identical — a
moderator's controls or a held post's text never reach anyone whose context does not already contain them.

The viewer-dependent bits (own-post controls, liked-by-me, the moderator's links) are part of the plain context, so
each fragment exists in a handful of variants (anonymous / member / author / moderator, liked or not). The one
per-session value, the CSRF token of a form, is not: fragments carry `{{ csrf_input }}`, a placeholder that
`render_many` replaces with the reader's own token input after reading the cache.

A page asks for all its fragments at once (`render_many`): one `get_many` from the cache, the misses rendered and
written back in one go (`set_many` on Redis; one INSERT … ON CONFLICT on the database cache). With
`FRAGMENT_CACHE_SECONDS=0` every fragment is rendered on each request and the cache is not touched.
"""

import base64
import hashlib
import pickle
import random
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

CACHE_ALIAS = "fragments"
# Stands in for the reader's CSRF token input in a cached fragment; bleach strips comments from user text, and
# Markdown escapes them, so no user-written text can hold it.
CSRF_PLACEHOLDER = "<!--stammtisch:csrf-->"
_PLAIN = (str, int, float, bool, type(None), date, datetime, timedelta)


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0


@cache
def source_version() -> str:
    """A digest of the project's templates and compiled translations: a release that changes how a fragment looks
    (or what its words are) never reads the fragments an older one left in a shared cache."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.blake2b(digest_size=8)
    patterns = ("templates/**/*.html", "*/templates/**/*.html", "locale/*/LC_MESSAGES/*.mo")
    files = sorted(path for pattern in patterns for path in base.glob(pattern))
    for path in files:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _check_plain(value, name):
    if isinstance(value, _PLAIN):
        return
    if isinstance(value, tuple):
        for item in value:
            _check_plain(item, name)
        return
    raise TypeError(f"fragment context value {name!r} is a {type(value).__name__}; only plain values may be cached")


def key_for(template_name: str, context: dict) -> str:
    """The cache key of `template_name` rendered with the plain `context` in the active language and time zone."""
    for name, value in context.items():
        _check_plain(value, name)
    digest = hashlib.blake2b(repr(sorted(context.items())).encode(), digest_size=16).hexdigest()
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"frag:{source_version()}:{template_name}:{language}:{timezone.get_current_timezone_name()}:{digest}"


def render_many(template_name: str, contexts: list[dict], request=None) -> list[SafeString]:
    """`template_name` rendered once for each plain context, in order, from the cache where it holds them.

    The template sees only its plain context (no request, no user, no context processors) plus `csrf_input`."""
    return render_pieces([(template_name, context) for context in contexts], request)


def render_pieces(pieces: list[tuple[str, dict]], request=None) -> list[SafeString]:
    """Each `(template_name, plain context)` rendered, in order, with one read from the cache for all of them (a
    page whose fragments come from several templates: the posts and the solution box of a thread)."""
    if not pieces:
        return []
    templates = {}
    placeholder = mark_safe(CSRF_PLACEHOLDER)  # noqa: S308 - a constant of ours

    def render(template_name, context):
        template = templates.get(template_name)
        if template is None:
            template = templates[template_name] = get_template(template_name)
        return template.render({**context, "csrf_input": placeholder})

    if enabled():
        keys = [key_for(template_name, context) for template_name, context in pieces]
        fragments_cache = caches[CACHE_ALIAS]
        found = fragments_cache.get_many(keys)
        missing = {}
        html = []
        for key, (template_name, context) in zip(keys, pieces, strict=True):
            fragment = found.get(key)
            if fragment is None:
                fragment = missing.get(key) or render(template_name, context)
                missing[key] = fragment
            html.append(fragment)
        if missing:
            store(fragments_cache, missing, settings.FRAGMENT_CACHE_SECONDS)
    else:
        html = [render(template_name, context) for template_name, context in pieces]
    token_input = None
    result = []
    for fragment in html:
        if CSRF_PLACEHOLDER in fragment:
            if token_input is None:
                token_input = _csrf_input(request)
            fragment = fragment.replace(CSRF_PLACEHOLDER, token_input)
        result.append(mark_safe(fragment))  # noqa: S308 - rendered by our templates, which escape their input
    return result


def like_context(pk, like_count, *, may_like, liked, like_url, likers_url) -> dict:
    """The plain context of templates/core/_like_controls.html (a post's or a comment's like button and likers' link)
    for one reader: `may_like` shows the button, `liked` its state; the URLs only where they are shown."""
    return {
        "pk": pk,
        "may_like": may_like,
        "liked": bool(liked) if may_like else False,
        "like_count": like_count,
        "like_url": like_url if may_like else None,
        "likers_url": likers_url if like_count else None,
    }


def relative_time(moment) -> str:
    """What `naturaltime` says of the past `moment` ("vor 3 Stunden"), as text for a fragment's plain context (the
    text is part of the key, so a row moves on when its text does).

    For moments an hour or more ago the text only changes by the hour (naturaltime shows hours, then days and hours,
    weeks, months), so it is kept per process, language and minute of `moment` and of now: a list page's 20-25 rows
    cost one dictionary look-up each instead of a translated computation. Younger moments are worked out each time."""
    now = timezone.now()
    if now - moment < timedelta(hours=1):
        return str(naturaltime(moment))
    minute = {"second": 0, "microsecond": 0}
    return _relative_time(translation.get_language(), moment.replace(**minute), now.replace(**minute))


@lru_cache(maxsize=4096)
def _relative_time(language, moment, now):  # noqa: ARG001 - `now` is part of the key: the text of this minute
    return str(naturaltime(moment))


def render_one(template_name: str, context: dict, request=None) -> SafeString:
    return render_many(template_name, [context], request)[0]


def _csrf_input(request):
    if request is None:
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


def store(fragments_cache, mapping: dict, timeout: int):
    """Write `mapping` to `fragments_cache` (or another cache: the page cache's pieces) in one round trip: Redis's
    pipeline through `set_many`; on the database cache one INSERT … ON CONFLICT instead of Django's three queries per
    key."""
    if isinstance(fragments_cache, DatabaseCache):
        _store_in_database(fragments_cache, mapping, timeout)
    else:
        fragments_cache.set_many(mapping, timeout)


def _store_in_database(fragments_cache: DatabaseCache, mapping: dict, timeout: int):
    database = router.db_for_write(fragments_cache.cache_model_class)
    connection = connections[database]
    table = connection.ops.quote_name(fragments_cache._table)
    expires = timezone.now() + timedelta(seconds=timeout)
    if not settings.USE_TZ:
        expires = timezone.make_naive(expires)
    expires = connection.ops.adapt_datetimefield_value(expires)
    rows = []
    for key, value in mapping.items():
        key = fragments_cache.make_and_validate_key(key)
        pickled = pickle.dumps(value, fragments_cache.pickle_protocol)
        rows.append((key, base64.b64encode(pickled).decode("latin1"), expires))
    placeholders = ", ".join(["(%s, %s, %s)"] * len(rows))
    insert = (
        f"INSERT INTO {table} (cache_key, value, expires) VALUES {placeholders} "  # noqa: S608 - our table name
        "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires"
    )
    params = [field for row in rows for field in row]
    with connection.cursor() as cursor:
        # Django culls on every set; one write in `CULL_EVERY` is enough to keep the table near its size. On
        # PostgreSQL the count rides on the write (one statement), so a page's query count does not vary by chance.
        if random.randrange(CULL_EVERY) != 0:  # noqa: S311 - not security
            cursor.execute(insert, params)
            return
        if connection.vendor == "postgresql":
            cursor.execute(f"WITH written AS ({insert} RETURNING 1) SELECT COUNT(*) FROM {table}", params)  # noqa: S608
        else:
            cursor.execute(insert, params)
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - our table name
        count = cursor.fetchone()[0]
        if count > fragments_cache._max_entries:
            fragments_cache._cull(database, cursor, timezone.now(), count)


CULL_EVERY = 20
