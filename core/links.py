"""Links built by string concatenation from each route's *shape* instead of one reverse() per link: reverse() costs
tens of microseconds, and a list or thread page used to call it dozens of times. A route is reversed once per
process, URL configuration and script prefix with marker arguments, and split at them."""

import re
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS, url_has_allowed_host_and_scheme

MARKER = "987654321"
SLUG = "zz-marker-zz"
_MARKERS = re.compile(f"({MARKER}|{SLUG})")
_shapes = {}
# What reverse() leaves unquoted in a path (django.urls.resolvers).
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def shape(name, **kwargs) -> tuple:
    """URL `name` reversed with `MARKER` (numbers) or `SLUG` (slugs, names) as its arguments, split at them:
    ("/forum/t/", "987654321", "-", "zz-marker-zz", "/") — the literal pieces at the even places."""
    key = (name, tuple(sorted(kwargs.items())), get_script_prefix(), get_urlconf())
    found = _shapes.get(key)
    if found is None:
        found = _shapes[key] = tuple(_MARKERS.split(reverse(name, kwargs=kwargs)))
    return found


def pk_link(name):
    """`pk -> URL` of the route `name`, whose one argument is `pk`."""
    head, _marker, tail = shape(name, pk=MARKER)
    return lambda pk: f"{head}{pk}{tail}"


def path_part(text) -> str:
    """`text` quoted for a URL's path as reverse() quotes it (user names may hold letters beyond ASCII)."""
    return quote(text, safe=_PATH_SAFE)


def next_path(request, field="next"):
    """The address of this site a form asks to return to (the POST field `field`), or None: a path (it starts with
    "/"), never another host. Anything else — a word that `redirect()` would take for a URL pattern's name, a NUL
    byte, another site — is None, and the caller goes to its default."""
    target = request.POST.get(field, "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None
