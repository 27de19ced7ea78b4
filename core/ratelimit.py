"""A fixed-window counter in the default cache (the database or Redis): the limit holds across processes."""

from django.core.cache import cache


def exceeded(key: str, *, limit: int, window: int) -> bool:
    """Count one action under `key`; True when it is more than `limit` within `window` seconds."""
    if limit <= 0:
        return False
    key = f"ratelimit:{key}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return False
