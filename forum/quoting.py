"""A post quoted as Markdown for a reply: attribution, a link to the post, its text as a block quote."""

import html
import re

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

QUOTE_MAX_CHARACTERS = 1500
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as it is (a display name with brackets or asterisks makes no link or emphasis)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _words(text: str) -> str:
    return " ".join(text.split())


def selected_text(post, selection):
    """The part of `post` a reader selected (sent by forum.js as `?auswahl=`), as it reads on the page; None when
    it is empty, too long, or not the post's text (nobody is quoted with words they did not write)."""
    if not selection or len(selection) > QUOTE_MAX_CHARACTERS or "\x00" in selection:
        return None
    words = _words(selection)
    if not words or words not in _words(html.unescape(strip_tags(post.body_html))):
        return None
    return words


def quote(post, selection=None) -> str:
    """`post`'s Markdown (or the `selection` of it) as a block quote under "Name wrote in #n:" (a link to the
    post), cut at a line end when long, followed by an empty line for the answer."""
    body = selected_text(post, selection) or post.body.strip()
    limit = min(QUOTE_MAX_CHARACTERS, settings.FORUM_MAX_BODY_LENGTH // 2)
    if len(body) > limit:
        cut = body.rfind("\n", 0, limit)
        body = body[: cut if cut > 0 else limit].rstrip() + " …"
    attribution = _("%(name)s wrote in [#%(number)s](%(url)s):") % {
        "name": escape_markdown(post.author.public_name),
        "number": post.position,
        "url": post.get_absolute_url(),
    }
    lines = [attribution, ""] + body.splitlines()
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"
