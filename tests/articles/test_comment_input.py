"""What a comment may not be stored with: unreadable bytes, line breaks in its name, a member's name (or a
lookalike of it) from a guest, and website addresses that lead to no public site."""

import time
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles import spam
from articles.models import Comment
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides):
    data = {
        "body": "Ein sehr schöner Artikel, danke!",
        "name": "Rita Reader",
        "email": "rita@example.net",
        "website": "",
        "homepage": "",
        "parent": "",
        "timestamp": spam.sign_timestamp(time.time() - 30),
    }
    data.update(overrides)
    return data


def post(client, article, **overrides):
    return client.post(reverse("articles:comment_create", kwargs={"slug": article.slug}), form_data(**overrides))


def post_raw(client, article, raw_fields):
    """Send the form with some fields as raw bytes that are percent-encoded already (e.g. no valid UTF-8)."""
    data = {key: value for key, value in form_data().items() if key not in raw_fields}
    body = urlencode(data) + "".join(f"&{key}={value}" for key, value in raw_fields.items())
    return client.post(
        reverse("articles:comment_create", kwargs={"slug": article.slug}),
        body,
        content_type="application/x-www-form-urlencoded",
    )


@pytest.mark.parametrize("field", ["name", "body"])
def test_bytes_that_are_not_utf8_are_refused_in_a_comment_with_the_text_kept(client, article, field):
    response = post_raw(client, article, {field: "Rita%ED%A0%80Reader"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [
        "Der Text enthält Zeichen, die nicht gelesen werden konnten (�). Bitte prüfe ihn und sende ihn noch einmal."
    ]
    assert form.data[field] == "Rita\ufffd\ufffd\ufffdReader"
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "name", ["Mallory\r\nBcc: attacker@example.com", "Mallory\nBcc: x@example.com", "Mallory\tTab", "a\u2028b"]
)
def test_line_breaks_in_a_comment_name_are_refused_with_the_text_kept(client, article, name):
    response = post(client, article, name=name)
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Bitte schreibe dies in eine Zeile, ohne Zeilenumbrüche oder Tabulatoren."
    ]
    assert response.context["form"].data["body"] == "Ein sehr schöner Artikel, danke!"
    assert not Comment.objects.exists()


@pytest.fixture
def staff_names(db):
    """The demo's staff names: `admin` and `moderatorin` (display name "Moni Moderatorin")."""
    make_user("admin", is_staff=True)
    make_user("moderatorin", display_name="Moni Moderatorin")


@pytest.mark.parametrize(
    "name",
    [
        "admin",
        "Admin",
        "ADMIN",
        "\u0430dmin",  # Cyrillic а
        "ad\u200bmin",  # zero-width space
        "ad\u2060min",  # word joiner
        "ａｄｍｉｎ",  # fullwidth
        "adrnin",  # "rn" for "m"
        "moderatorin",
        "m0derat0rin",
        "Moni Moderatorin",
        "moni  moderatorin",
        "M\u043eni M\u043ederat\u043erin",  # Cyrillic о
    ],
)
def test_a_guest_writing_under_a_members_name_or_a_lookalike_is_asked_to_log_in(client, article, staff_names, name):
    response = post(client, article, name=name)
    assert response.status_code == 200
    assert not Comment.objects.exists()
    [error] = response.context["form"].errors["name"]
    assert "Dieser Name gehört einem Mitglied." in error
    next_url = article.get_absolute_url() + "#kommentar-formular"
    login_link = reverse("account_login") + "?" + urlencode({"next": next_url})
    assert f'<a href="{login_link.replace("&", "&amp;")}">melde dich an</a>' in response.content.decode()


def test_a_guest_with_a_name_no_member_has_is_not_asked_to_log_in(client, article, staff_names):
    assert post(client, article, name="Adminia Meier").status_code == 302
    assert Comment.objects.get().name == "Adminia Meier"


@pytest.mark.parametrize("name", ["\u200b\u200b", "\u2800", "\u3164", "\u2800\u3164\ufe0f", "\uffa0\u180e"])
def test_a_name_of_invisible_characters_only_is_refused(client, article, name):
    response = post(client, article, name=name)
    assert "name" in response.context["form"].errors
    assert not Comment.objects.exists()


def test_a_member_comments_under_their_own_name_without_the_check(client, article, member):
    client.force_login(member)
    assert post(client, article, name="", email="").status_code == 302
    assert Comment.objects.get().user == member


@pytest.mark.parametrize(
    "website",
    [
        "https://evil.example\\@example.com/",
        "https://user:secret@example.com/",
        "http://169.254.169.254/",
        "http://127.0.0.1:5432",
        "http://[::1]/",
        "http://10.1.2.3/",
        "http://8.8.8.8/",
        "http://localhost/",
        "http://intranet/",
        "https://example.com:6379/",
        "http://2130706433/",
    ],
)
def test_website_addresses_that_lead_to_no_public_site_are_refused_with_the_text_kept(client, article, website):
    response = post(client, article, website=website)
    assert response.status_code == 200
    assert response.context["form"].errors["website"]
    assert response.context["form"].data["website"] == website
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("website", "stored"),
    [
        ("https://rita.example.org/blog", "https://rita.example.org/blog"),
        ("rita.example.org", "https://rita.example.org"),
    ],
)
def test_a_public_website_address_is_stored(client, article, website, stored):
    assert post(client, article, website=website).status_code == 302
    assert Comment.objects.get().website == stored


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Rita\r\nBcc: x@example.com"), ("website", "http://169.254.169.254/"), ("body", "Text\ufffd")],
)
def test_a_moderators_edit_refuses_the_same_input(client, make_comment, moderator, field, value):
    comment = make_comment(status=Comment.Status.PENDING, website="https://rita.example.org/")
    client.force_login(moderator)
    data = {"name": comment.name, "email": comment.email, "website": comment.website, "body": comment.body}
    response = client.post(reverse("articles:comment_edit", kwargs={"pk": comment.pk}), {**data, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    comment.refresh_from_db()
    assert getattr(comment, field) == data[field]
