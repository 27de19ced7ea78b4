"""Anti-spam helpers for the comment form: client IP, signed form timestamp, rate limit, link count, word lists."""

import ipaddress
import re
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

TIMESTAMP_SALT = "articles.comment-form-timestamp"


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or — only when it is a trusted proxy — the nearest untrusted address of X-Forwarded-For."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    trusted = set(settings.TRUSTED_PROXIES)
    if remote is None or remote not in trusted:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for candidate in reversed(forwarded):
        address = _valid_ip(candidate)
        if address is None:
            return remote
        if address not in trusted:
            return address
    return remote


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def truncate_ip(value: str) -> str:
    """IPv4 to its /24, IPv6 to its /48: enough to see a network, not a person."""
    address = ipaddress.ip_address(value)
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def rate_limit_network(value: str | None) -> str | None:
    """What the per-IP rate limit counts: an IPv4 address, or the /64 of an IPv6 address.

    One IPv6 connection usually owns a whole /64, so counting single addresses would let a script rotate through
    them and never reach the limit.
    """
    if not value:
        return value
    address = ipaddress.ip_address(value)
    if address.version == 4:
        return str(address)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def sign_timestamp(now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=TIMESTAMP_SALT)


def fresh_timestamp(request) -> str:
    """The comment form's time stamp for a reader of a cached article page (core/page_cache.py)."""
    return sign_timestamp()


def seconds_since(token: str) -> float | None:
    """Seconds since the signed timestamp was made, or None when it is missing, forged or malformed."""
    try:
        issued = signing.loads(token, salt=TIMESTAMP_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(issued, int):
        return None
    return time.time() - issued


def rate_limited(*keys: str) -> bool:
    """True when one of `keys` (an IP, an e-mail address) is over COMMENTS_RATE_LIMIT in the current window.

    Counted in the default cache (the database or Redis), so the limit holds across processes and machines.
    """
    limit = settings.COMMENTS_RATE_LIMIT
    if not limit:
        return False
    return any(cache.get(_rate_key(key), 0) >= limit for key in keys if key)


def count_towards_rate_limit(*keys: str) -> None:
    window = settings.COMMENTS_RATE_WINDOW_SECONDS
    for key in keys:
        if not key:
            continue
        cache_key = _rate_key(key)
        if cache.add(cache_key, 1, timeout=window):
            continue
        try:
            cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, 1, timeout=window)


def _rate_key(key: str) -> str:
    return "articles:comment-rate:" + salted_hmac("articles.rate", key.casefold(), algorithm="sha256").hexdigest()


def count_links(html: str) -> int:
    return html.count("<a ")


def matching_words(words, text: str) -> list[str]:
    """The entries of `words` that occur in `text` as whole words (case-insensitive)."""
    folded = text.casefold()
    return [word for word in words if re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", folded)]
