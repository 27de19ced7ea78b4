"""The one way user-written text becomes HTML: Markdown rendered by markdown-it-py, sanitised by bleach.

Articles, comments and forum posts all call `render_markdown()` once, when the text is saved, and store the
result; templates print only that stored HTML. Keep bleach behind this module so it can be swapped (nh3).
"""

import re
import threading
from functools import partial
from html import unescape
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

from core.validators import strip_control_characters

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
        "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _build_markdown():
    # "js-default": CommonMark plus tables and strikethrough, raw HTML off, unsafe link schemes refused.
    md = MarkdownIt("js-default", {"linkify": True, "typographer": False}).enable("linkify")
    # Images would make readers' browsers request other hosts; a Markdown image stays plain text.
    md.disable("image")
    return md


_markdown = _build_markdown()
_local = threading.local()


def _cleaner():
    # bleach.Cleaner is not thread-safe: one per thread.
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"pre", "code"}, parse_email=False)],
        )
        _local.cleaner = cleaner
    return cleaner


def render_markdown(text: str) -> str:
    """Return sanitised HTML for the user-written Markdown `text`."""
    if not text:
        return ""
    html = _markdown.render(strip_control_characters(text))
    return _cleaner().clean(html).strip()


_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')


def link_hosts(html: str) -> list[str]:
    """The hosts the http(s) links in HTML from `render_markdown` lead to, sorted, each once."""
    hosts = set()
    for href in _HREF.findall(html or ""):
        try:
            parts = urlsplit(unescape(href))
            host = parts.hostname
        except ValueError:
            continue
        if parts.scheme in {"http", "https"} and host:
            hosts.add(host)
    return sorted(hosts)
