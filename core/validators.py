"""Validators shared by every form that takes user text.

Every text field of a form or model takes one of the two user-text validators:

- `validate_text` for text of several lines (comments, posts, bios, descriptions): no control characters except
  tab and line breaks, and no U+FFFD (the replacement character that bytes which are not UTF-8 arrive as);
- `validate_line` for single-line fields (names, titles, reasons): the same, and no line breaks or tabs either.

Website addresses take `validate_public_url`.
"""

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, line feed and carriage return; DEL and C1 controls; the bidirectional embedding,
# override and isolate controls (they can reverse the text around a name); lone UTF-16 surrogates.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What ends or splits a line where only one is expected: tab, line feed, carriage return, and Unicode's line and
# paragraph separators (NEL, U+0085, is a C1 control above).
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
# Bytes that are not UTF-8 arrive as U+FFFD ("�"): the text was damaged on its way.
_UNREADABLE = "\ufffd"


def strip_control_characters(text: str) -> str:
    """Remove characters no user text should contain (NUL, other control characters, lone surrogates)."""
    return _CONTROL_CHARACTERS.sub("", text)


@deconstructible
class UserTextValidator:
    """Refuses text no user should be able to store: control characters (NUL, bidi overrides …), characters that
    could not be read (U+FFFD) and, in a single-line field, line breaks and tabs."""

    messages = {
        "control_characters": _("This text contains control characters (for example a NUL byte). Please remove them."),
        "line_break": _("Please write this on one line, without line breaks or tabs."),
        "unreadable": _("The text contains characters that could not be read (�). Please check it and send it again."),
    }

    def __init__(self, *, single_line=False):
        self.single_line = single_line

    def __call__(self, value):
        if not value:
            return
        value = str(value)
        if _CONTROL_CHARACTERS.search(value):
            code = "control_characters"
        elif self.single_line and _LINE_BREAKS.search(value):
            code = "line_break"
        elif _UNREADABLE in value:
            code = "unreadable"
        else:
            return
        raise ValidationError(self.messages[code], code=code)

    def __eq__(self, other):
        return isinstance(other, UserTextValidator) and self.single_line == other.single_line

    def __hash__(self):
        return hash((UserTextValidator, self.single_line))


# The name the first migrations import; the same validator.
NoControlCharactersValidator = UserTextValidator

validate_text = UserTextValidator()
validate_line = UserTextValidator(single_line=True)
# The earlier name of the text validator, for code written before (prefer validate_text / validate_line).
validate_no_control_characters = validate_text


# Characters that show nothing on their own although Unicode does not file them as spaces, format or control
# characters: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), the Braille blank (U+2800), the combining
# grapheme joiner, the Khmer inherent vowels, the Mongolian free variation selectors and vowel separator, the
# variation selectors, the shorthand format controls and the invisible musical formatting characters (Unicode's
# Default_Ignorable_Code_Point, which also covers Cf, tags and the rest of the other categories removed below).
_INVISIBLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def visible_text(value: str) -> str:
    """`value` without the characters that show nothing: Unicode's spaces and line separators (Z), control, format,
    private-use and unassigned characters (C) and the blank-looking characters of _INVISIBLE, after NFKC."""
    normalised = _INVISIBLE.sub("", unicodedata.normalize("NFKC", value or ""))
    return "".join(ch for ch in normalised if unicodedata.category(ch)[0] not in {"Z", "C"})


def validate_not_blank_after_normalising(value):
    """Reject text that is only whitespace or invisible characters once normalised (see visible_text)."""
    if not visible_text(value).strip():
        # Not code="blank": a model field would put its own "This field cannot be blank." in its place.
        raise ValidationError(_("Please enter some visible text."), code="invisible")


# Top-level names that are never a public website: reserved for tests, documentation, local networks and the
# DNS itself (RFC 2606, 6761, 6762, 8375, ICANN's .internal), and names ICANN will not delegate (home, corp, lan).
RESERVED_TOP_LEVEL_NAMES = frozenset(
    {"arpa", "corp", "example", "home", "internal", "invalid", "lan", "local", "localdomain", "localhost", "onion",
     "test"}
)  # fmt: skip
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_TOP_LEVEL_LABEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def public_host(url: str) -> str:
    """The host name a website address leads to, in ASCII (IDNA), or "" when it is no address we accept."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in _DEFAULT_PORTS or "\\" in url or "@" in parts.netloc:
        return ""
    if port is not None and port != _DEFAULT_PORTS[parts.scheme]:
        return ""
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return ""  # an IP literal: a website is named, and private, loopback or link-local addresses are no site
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return ""
    labels = ascii_host.split(".")
    if (
        len(labels) < 2
        or len(ascii_host) > 253
        or not all(_LABEL.fullmatch(label) for label in labels)
        or not _TOP_LEVEL_LABEL.fullmatch(labels[-1])
        or labels[-1] in RESERVED_TOP_LEVEL_NAMES
    ):
        return ""
    return ascii_host


def validate_public_url(value):
    """A website address must lead to a public web site: http or https, a host name with a top-level domain, no
    IP address, no user name or password before the host, no backslash, no port other than the scheme's own."""
    if value and not public_host(value):
        raise ValidationError(
            _(
                "Please enter the address of a public website, for example https://example.org/: http or https "
                "and a host name, without an IP address, user name, password or special port."
            ),
            code="invalid_url",
        )
