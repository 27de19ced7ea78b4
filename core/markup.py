"""The one way user-written text becomes HTML: Markdown rendered by markdown-it-py, sanitised by bleach.

Articles, comments and forum posts all call `render_markdown()` once, when the text is saved, and store the
result; templates print only that stored HTML. Keep bleach behind this module so it can be swapped (nh3).

`@name` mentions become links when the caller passes `mentions`, a function that takes a set of names and returns
the URLs of those that exist ({name: url}); this module knows no users (core imports none of our apps).
"""

import re
import threading
from functools import partial
from html import unescape
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt
from markdown_it.token import Token

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


# `@name`: not inside a word or an e-mail address; a name ends with a letter or digit ("@anna." is anna).
MENTION = re.compile(r"(?<![\w@.+-])@(\w(?:[\w.+-]{0,148}\w)?)")
MAX_MENTION_CANDIDATES = 50  # names looked up per text at most


def _plain_text_tokens(tokens):
    """The text tokens of parsed Markdown outside links (code spans and blocks are not text tokens)."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        in_link = 0
        for child in token.children:
            if child.type == "link_open":
                in_link += 1
            elif child.type == "link_close":
                in_link -= 1
            elif child.type == "text" and not in_link:
                yield token, child


def _link_mentions(state):
    urls = state.env.get("mentions") if isinstance(state.env, dict) else None
    if not urls:
        return
    for inline, child in list(_plain_text_tokens(state.tokens)):
        parts = MENTION.split(child.content)
        if len(parts) == 1:
            continue
        replacement = []
        for index, part in enumerate(parts):
            url = urls.get(part.lower()) if index % 2 else None
            if url is None:
                if part or index % 2:
                    replacement.append(_text(("@" if index % 2 else "") + part))
                continue
            replacement += [Token("link_open", "a", 1, attrs={"href": url}), _text("@" + part),
                            Token("link_close", "a", -1)]  # fmt: skip
        position = inline.children.index(child)
        inline.children[position : position + 1] = replacement


def _text(content):
    token = Token("text", "", 0)
    token.content = content
    return token


def _build_markdown():
    # "js-default": CommonMark plus tables and strikethrough, raw HTML off, unsafe link schemes refused.
    md = MarkdownIt("js-default", {"linkify": True, "typographer": False}).enable("linkify")
    # Images would make readers' browsers request other hosts; a Markdown image stays plain text.
    md.disable("image")
    md.core.ruler.push("mentions", _link_mentions)
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


def render_markdown(text: str, *, mentions=None) -> str:
    """Return sanitised HTML for the user-written Markdown `text`; with `mentions` (see above), `@name` links."""
    if not text:
        return ""
    text = strip_control_characters(text)
    env = {}
    if mentions is not None and "@" in text:
        names = mentioned_names(text, limit=MAX_MENTION_CANDIDATES)
        if names:
            env["mentions"] = {name.lower(): url for name, url in mentions(set(names)).items()}
    html = _markdown.render(text, env)
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


def mentioned_names(text: str, *, limit: int) -> list[str]:
    """The distinct `@names` in `text`, in order, at most `limit` (not in code, not inside links)."""
    names, seen = [], set()
    for _, token in _plain_text_tokens(_markdown.parse(strip_control_characters(text or ""))):
        for name in MENTION.findall(token.content):
            if name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
                if len(names) >= limit:
                    return names
    return names
