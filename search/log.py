"""The owner's search log — queries with their result counts, per day, no user, no IP — written without a write on
the reader's request: each process counts its searches in memory, and a thread of its own adds them to `QueryLog`
every SEARCH_LOG_FLUSH_SECONDS (default 60) in one statement (core/flushing.py); a normal shutdown writes the rest.
What staff read (the admin's list, the dashboard) first writes what their own process counted. The trade-off is
that of the page views without Redis (insights/counting.py): the log lags by up to the interval, and a process killed
without a shutdown loses its last interval's counts. Nothing is counted twice: a flush takes the counts away before
it writes, and puts them back if the write fails."""

import atexit
import logging
import threading
from collections import Counter

from django.conf import settings
from django.db import Error, connection, transaction
from django.utils import timezone

from core.flushing import PeriodicFlush
from search.models import QueryLog

logger = logging.getLogger(__name__)

# Distinct (day, query) pairs a process keeps at most while the table cannot be written; searches for further
# queries are not counted until a flush succeeds (the log is for the owner's overview, not an audit).
MAX_BUFFERED = 10_000

_lock = threading.Lock()
_searches = Counter()  # (day, query) -> searches
_results = {}  # (day, query) -> results of the latest of them


def count(query: str, results: int):
    """Count one search for `query` (normalised: lower case, single spaces, at most 200 characters) today."""
    key = (timezone.localdate(), " ".join(query.casefold().split())[:200])
    with _lock:
        if key in _searches or len(_searches) < MAX_BUFFERED:
            _searches[key] += 1
            _results[key] = results
    _flusher.ensure_started()


def flush() -> int:
    """Add this process's counted searches to the table; returns how many searches were added."""
    with _lock:
        searches, results = dict(_searches), dict(_results)
        _searches.clear()
        _results.clear()
    if not searches:
        return 0
    table = QueryLog._meta.db_table
    # In one order in every process: two flushes that lock the same rows in different orders would deadlock.
    rows = sorted((day, query, number, results[day, query]) for (day, query), number in searches.items())
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (day, query, searches, results) VALUES "  # noqa: S608 - our table name
                + ", ".join(["(%s, %s, %s, %s)"] * len(rows))
                + f" ON CONFLICT (day, query) DO UPDATE SET searches = {table}.searches + excluded.searches, "
                "results = excluded.results",
                [value for row in rows for value in row],
            )
    except Error:
        with _lock:
            _searches.update(searches)
            for key, number in results.items():
                _results.setdefault(key, number)  # a newer search's count, if one came meanwhile, stays
        raise
    return sum(searches.values())


_flusher = PeriodicFlush("search-log", flush, lambda: settings.SEARCH_LOG_FLUSH_SECONDS)


@atexit.register
def _flush_at_exit():
    if not _searches or settings.SEARCH_LOG_FLUSH_SECONDS <= 0:
        return
    try:
        flush()
    except Exception:  # the database may be gone at shutdown; nothing more to do then
        logger.exception("search log: the searches of this process could not be saved at exit")
