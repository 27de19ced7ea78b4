import pytest
from django.core.exceptions import ValidationError

from core.validators import validate_no_control_characters


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "\u202eevil", "iso\u2066late", "lone\ud800"])
def test_validator_rejects_control_and_bidi_override_characters(text):
    with pytest.raises(ValidationError):
        validate_no_control_characters(text)


@pytest.mark.parametrize("text", ["Zeile 1\nZeile 2\tTab", "Grüße 👋🏽 مرحبا", "a\u200db"])
def test_validator_accepts_ordinary_multilingual_text(text):
    validate_no_control_characters(text)
