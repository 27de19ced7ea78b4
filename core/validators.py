"""Validators shared by every form that takes user text."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, line feed and carriage return; DEL and C1 controls; the bidirectional embedding,
# override and isolate controls (they can reverse the text around a name); lone UTF-16 surrogates.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def strip_control_characters(text: str) -> str:
    """Remove characters no user text should contain (NUL, other control characters, lone surrogates)."""
    return _CONTROL_CHARACTERS.sub("", text)


@deconstructible
class NoControlCharactersValidator:
    message = _("This text contains control characters (for example a NUL byte). Please remove them.")
    code = "control_characters"

    def __call__(self, value):
        if value and _CONTROL_CHARACTERS.search(str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharactersValidator)


validate_no_control_characters = NoControlCharactersValidator()


def validate_not_blank_after_normalising(value):
    """Reject text that is only whitespace or invisible characters once normalised."""
    normalised = unicodedata.normalize("NFKC", value or "")
    if not "".join(ch for ch in normalised if unicodedata.category(ch)[0] not in {"Z", "C"}):
        raise ValidationError(_("Please enter some visible text."), code="blank")
