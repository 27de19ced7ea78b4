import pytest
from django.core.exceptions import ValidationError

from core.names import name_skeleton
from core.validators import public_host, validate_line, validate_public_url, validate_text


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "\u202eevil", "iso\u2066late", "lone\ud800"])
def test_validator_rejects_control_and_bidi_override_characters(text):
    with pytest.raises(ValidationError):
        validate_text(text)


@pytest.mark.parametrize("text", ["Zeile 1\nZeile 2\tTab", "Grüße 👋🏽 مرحبا", "a\u200db"])
def test_validator_accepts_ordinary_multilingual_text(text):
    validate_text(text)


@pytest.mark.parametrize("validator", [validate_text, validate_line])
def test_text_that_was_not_utf8_is_refused_as_unreadable(validator):
    with pytest.raises(ValidationError) as error:
        validator("Nina\ufffd\ufffd\ufffdNeu")
    assert error.value.code == "unreadable"


@pytest.mark.parametrize(
    "text", ["Mallory\r\nBcc: attacker@example.com", "Zeile\nZwei", "Tab\there", "a\u2028b", "a\u2029b", "a\x85b"]
)
def test_single_line_validator_refuses_line_breaks_and_tabs(text):
    with pytest.raises(ValidationError):
        validate_line(text)


def test_single_line_validator_accepts_a_name_with_spaces_and_accents():
    validate_line("José Müller-Lüdenscheidt 👋")


@pytest.mark.parametrize(
    "lookalike",
    [
        "admin",
        "Admin",
        "ADMIN",
        " admin ",
        "\u0430dmin",  # Cyrillic а
        "ad\u200bmin",  # zero-width space
        "ad\u200dmin",  # zero-width joiner
        "ad\u00admin",  # soft hyphen
        "\u200eadmin",  # left-to-right mark
        "ａｄｍｉｎ",  # fullwidth
        "𝐚𝐝𝐦𝐢𝐧",  # mathematical bold
        "adrnin",  # "rn" for "m"
    ],
)
def test_lookalikes_of_a_name_have_its_skeleton(lookalike):
    assert name_skeleton(lookalike) == name_skeleton("admin")


@pytest.mark.parametrize(
    ("lookalike", "name"),
    [
        ("m0derat0rin", "moderatorin"),
        ("m\u043ederat\u043erin", "moderatorin"),  # Cyrillic о
        ("Martha  Member", "martha member"),
        ("Stra\u00dfe", "strasse"),
    ],
)
def test_lookalikes_of_other_names_have_their_skeleton(lookalike, name):
    assert name_skeleton(lookalike) == name_skeleton(name)


@pytest.mark.parametrize(("one", "other"), [("admin", "admins"), ("anna", "anne"), ("Jürgen", "Jurgen")])
def test_different_names_have_different_skeletons(one, other):
    assert name_skeleton(one) != name_skeleton(other)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example\\@example.com/",
        "https://user:password@example.com/",
        "https://user@example.com/",
        "https://example.com\\evil.example/",
        "http://169.254.169.254/",
        "http://127.0.0.1:5432",
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://8.8.8.8/",  # a public IP address is no website name either
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://0x7f.1/",
        "http://127.1/",
        "http://localhost/",
        "http://localhost:8000/",
        "http://intranet/",
        "http://db.internal/",
        "http://printer.local/",
        "http://router.lan/",
        "https://example.test/",
        "https://example.com:5432/",
        "https://example.com:99999/",
        "https://exa_mple.com/",
        "https://-example.com/",
        "https://example.com./",
        "https://%65vil.com/",
        "ftp://example.com/",
        "javascript://example.com/%0Aalert(1)",
        "https:///path",
        "https://example.c0m/",
    ],
)
def test_website_addresses_that_lead_to_no_public_site_are_refused(url):
    with pytest.raises(ValidationError):
        validate_public_url(url)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://example.com/", "example.com"),
        ("http://www.example.org/blog?p=1#top", "www.example.org"),
        ("https://Example.COM:443/", "example.com"),
        ("http://example.com:80/", "example.com"),
        ("https://bücher.de/", "xn--bcher-kva.de"),
        ("https://xn--bcher-kva.de/", "xn--bcher-kva.de"),
        ("https://my-site.co.uk/", "my-site.co.uk"),
    ],
)
def test_public_website_addresses_are_accepted_and_their_host_named(url, host):
    validate_public_url(url)
    assert public_host(url) == host
