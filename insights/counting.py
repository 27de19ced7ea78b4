"""Counting page views without tracking anyone, and folding the counts into the daily table.

The middleware (insights/middleware.py) calls `count_view` for every public page it sees, page-cache hits included.
A view is a key `(day, path, referrer class, referrer host)` and nothing else: no IP, no cookie, no user id, no
full referrer URL. Where the counts wait until they are folded into `PageViewDay` depends on the cache:

- **Redis** (`REDIS_URL` set): each process adds up its views in memory and hands them on to one Redis hash at
  most every `INSIGHTS_SEND_SECONDS` (default 1): one pipelined round of `HINCRBY`s (atomic increments), made by
  the request that finds the second over, so a page costs no extra round trip (once a second, one). A fold
  first hands on its own process's views, then renames the hash to a batch key (atomic: views counted meanwhile
  start a new hash), reads it, adds it to the table in one transaction together with the batch's name
  (`FoldedBatch`, unique), then deletes it. A fold that crashed leaves its batch key behind and the next fold adds
  it; two folds that read the same batch add it once (the second waits on the unique batch name and finds it
  taken). No count is lost or doubled; a process killed without a shutdown loses at most its last second.
- **Database cache** (no Redis): the cache lives in PostgreSQL, and an anonymous GET must write nothing there. So
  each process keeps its counts in memory and a background thread of that process adds them to the table every
  `INSIGHTS_FLUSH_SECONDS` (default 60; `0`: only when `collect_insights` runs in the same process, as in tests).
  The trade-off: counts of the last interval are lost when a process is killed (a normal shutdown flushes them),
  and the table lags by up to the interval. Nothing is doubled: a flush takes the buffer away before it writes,
  and puts it back if the write fails.
"""

import atexit
import logging
import re
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connection, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from core.flushing import PeriodicFlush
from insights.models import FoldedBatch, PageViewDay, PageViewMonth

logger = logging.getLogger(__name__)

LIVE_KEY = "insights:views"
BATCH_PREFIX = "insights:views:batch:"
SEPARATOR = "\t"
MAX_PATH = 200
MAX_HOST = 100

# Crawlers, link previews, monitors and scripts. A reader's browser names none of these.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiv|scrap|facebookexternalhit|embedly|preview|monitor|uptime|pingdom|lighthouse|"
    r"headless|phantom|curl|wget|python|httpx|aiohttp|okhttp|java/|go-http|libwww|perl|ruby|feed|rss|validator|"
    r"check|http_request|apache-httpclient|node-fetch|axios|fetch/",
    re.IGNORECASE,
)
# Search engines, by their host name (any country's domain: google.de, google.co.uk, …).
SEARCH_ENGINE = re.compile(
    r"(^|\.)(google|bing|duckduckgo|ecosia|qwant|startpage|yahoo|yandex|baidu|metager|search\.brave|"
    r"kagi|mojeek|seznam|naver|swisscows|ask|aol)\.",
    re.IGNORECASE,
)
PREFETCH_HEADERS = {
    "HTTP_SEC_PURPOSE": "prefetch",
    "HTTP_PURPOSE": "prefetch",
    "HTTP_X_PURPOSE": "preview",
    "HTTP_X_MOZ": "prefetch",
}


def is_bot_or_prefetch(request):
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if not user_agent or not user_agent.startswith("Mozilla/") or BOT_USER_AGENT.search(user_agent):
        return True
    return any(value in request.META.get(header, "").lower() for header, value in PREFETCH_HEADERS.items())


def referrer_of(request):
    """(class, host): the host only for other sites, nothing of the rest of the referring URL."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return PageViewDay.Referrer.DIRECT, ""
    try:
        host = (urlsplit(referer).hostname or "").lower()
    except ValueError:
        return PageViewDay.Referrer.DIRECT, ""
    if not host:
        return PageViewDay.Referrer.DIRECT, ""
    if host == request.get_host().rsplit(":", 1)[0].lower().strip("[]"):
        return PageViewDay.Referrer.INTERNAL, ""
    if SEARCH_ENGINE.search(host):
        return PageViewDay.Referrer.SEARCH, ""
    return PageViewDay.Referrer.SITE, host.removeprefix("www.")[:MAX_HOST]


# Pages that are public but not cached (their text changes too rarely to matter, or never for readers).
EXTRA_PUBLIC_PAGES = {"core:impressum", "core:privacy"}


@lru_cache(maxsize=4096)
def public_page(path):
    """True when `path` shows a public page: one of the views the apps let the page cache keep for anonymous
    readers (`cache_for_anonymous`), or a legal page. Resolved once per path and kept (no query)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return hasattr(match.func, "page_cache_query") or match.view_name in EXTRA_PUBLIC_PAGES


def count_view(request):
    """Count `request`'s page, which the caller found to be a public HTML page sent with status 200."""
    path = request.path_info
    if len(path) > MAX_PATH or SEPARATOR in path or not public_page(path):
        return
    if is_bot_or_prefetch(request):
        return
    referrer_class, host = referrer_of(request)
    field = SEPARATOR.join([timezone.localdate().isoformat(), path, referrer_class, host])
    counter().add(field)


def counter():
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return RedisCounter(cache)
    return DatabaseCounter()


class Buffer:
    """This process's counts not yet handed on (to Redis, or to the table)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.handed_on_at = time.monotonic()

    def add(self, field):
        with self.lock:
            self.counts[field] += 1

    def take(self):
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.handed_on_at = time.monotonic()
        return counts

    def put_back(self, counts):
        with self.lock:
            self.counts.update(counts)


_buffer = Buffer()


class RedisCounter:
    """Views go to one Redis hash. A process hands its views on at most every `INSIGHTS_SEND_SECONDS` (default 1),
    all in one pipelined round trip on the request that finds the time up: a page costs no round trip of its own,
    and a process killed without a shutdown loses at most that second's views."""

    def __init__(self, cache):
        self.cache = cache
        self.client = cache._cache.get_client(write=True)

    def add(self, field):
        _buffer.add(field)
        if time.monotonic() - _buffer.handed_on_at >= getattr(settings, "INSIGHTS_SEND_SECONDS", 1):
            self.send()

    def send(self):
        counts = _buffer.take()
        if not counts:
            return
        live = self.cache.make_key(LIVE_KEY)
        try:
            pipeline = self.client.pipeline(transaction=False)
            for field, views in counts.items():
                pipeline.hincrby(live, field, views)
            pipeline.execute()
        except Exception:
            _buffer.put_back(counts)
            logger.exception("insights: page views could not be sent to Redis; they are kept for the next try")

    def fold(self):
        self.send()
        live = self.cache.make_key(LIVE_KEY)
        prefix = self.cache.make_key(BATCH_PREFIX)
        try:
            self.client.rename(live, prefix + uuid.uuid4().hex)
        except Exception as error:  # redis.ResponseError: no such key — nothing counted since the last fold
            if "no such key" not in str(error).lower():
                raise
        folded = 0
        # Our batch, and any that a crashed fold left behind.
        for key in self.client.scan_iter(match=prefix + "*", count=100):
            key = key.decode() if isinstance(key, bytes) else key
            counts = {
                (field.decode() if isinstance(field, bytes) else field): int(value)
                for field, value in self.client.hgetall(key).items()
            }
            folded += add_counts(counts, batch=key.removeprefix(prefix))
            self.client.delete(key)
        return folded


class DatabaseCounter:
    """Without Redis: counts stay in this process, and a thread of its own adds them to the table (see the
    module's docstring)."""

    def add(self, field):
        _buffer.add(field)
        _flusher.ensure_started()

    def flush(self):
        counts = _buffer.take()
        if not counts:
            return 0
        try:
            return add_counts(counts)
        except DatabaseError:
            _buffer.put_back(counts)
            raise

    def fold(self):
        return self.flush()


_flusher = PeriodicFlush(
    "insights", lambda: DatabaseCounter().flush(), lambda: getattr(settings, "INSIGHTS_FLUSH_SECONDS", 60)
)


@atexit.register
def _hand_on_at_exit():
    if not _buffer.counts:
        return
    try:
        current = counter()
        if isinstance(current, RedisCounter):
            current.send()
        elif getattr(settings, "INSIGHTS_FLUSH_SECONDS", 60) > 0:
            current.flush()
    except Exception:  # the database may be gone at shutdown; nothing more to do then
        logger.exception("insights: page views of this process could not be saved at exit")


def fold():
    """Move the counted views into PageViewDay; returns how many views were added. Safe to run at any time,
    twice, or in several processes at once."""
    return counter().fold()


def add_counts(counts, *, batch=None):
    """Add `counts` {"day\tpath\tclass\thost": views} to the table in one transaction; with `batch`, only if that
    batch was not added before. Returns the number of views added."""
    from insights.content import describe_paths

    rows = []
    for field, views in counts.items():
        try:
            day, path, referrer_class, host = field.split(SEPARATOR)
        except ValueError:
            continue
        if views > 0 and referrer_class in PageViewDay.Referrer.values:
            rows.append((day, path, referrer_class, host, views))
    described = describe_paths({row[1] for row in rows})
    months = Counter()
    for day, path, referrer_class, host, views in rows:
        months[(day[:8] + "01", path, referrer_class, host)] += views
    with transaction.atomic():
        if batch is not None:
            _, created = FoldedBatch.objects.get_or_create(batch=batch)
            if not created:
                return 0
        with connection.cursor() as cursor:
            for model, table_rows in [
                (PageViewDay, rows),
                (PageViewMonth, [(*key, views) for key, views in months.items()]),
            ]:
                cursor.executemany(
                    _upsert_sql(model._meta.db_table),
                    [
                        (day, path, *described.get(path, (PageViewDay.Kind.PAGE, None, None)), referrer_class, host, n)
                        for day, path, referrer_class, host, n in table_rows
                    ],
                )
    return sum(row[4] for row in rows)


def _upsert_sql(table):
    return (
        f"INSERT INTO {table} (day, path, kind, object_id, published_on, referrer_class, referrer_host, views) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (day, path, referrer_class, referrer_host) "
        f"DO UPDATE SET views = {table}.views + excluded.views"
    )


def forget_old_batches(days=30):
    FoldedBatch.objects.filter(folded_at__lt=timezone.now() - timedelta(days=days)).delete()
