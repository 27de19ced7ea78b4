"""Members' names cannot be imitated: a display name or a new username that looks like another member's name
(lookalike letters, invisible characters, case) is refused; names take one line of readable text."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.models import User
from tests.accounts.test_signup import SIGNUP
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

IMITATION_ERROR = "Dieser Name ähnelt zu sehr dem Namen eines anderen Mitglieds. Bitte wähle einen anderen."


@pytest.fixture
def admin_user(db):
    return make_user("admin", display_name="Anna Admin", is_staff=True)


def edit_profile(client, **data):
    return client.post(reverse("accounts:profile_edit"), {"display_name": "", "bio": "", **data})


@pytest.mark.parametrize(
    "display_name",
    [
        "admin",
        "Admin",
        "\u0430dmin",  # Cyrillic а
        "ad\u200bmin",  # zero-width space
        "ａｄｍｉｎ",  # fullwidth
        "Anna Admin",
        "anna  admin",
        "\u0410nna \u0410dmin",  # Cyrillic А
        "Otto Other",  # another member's display name
        "0tto 0ther",
        "other",  # another member's username
    ],
)
def test_display_name_imitating_another_members_name_is_refused(client, member, other_member, admin_user, display_name):
    client.force_login(member)
    response = edit_profile(client, display_name=display_name)
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == [IMITATION_ERROR]
    member.refresh_from_db()
    assert member.display_name == "Martha Member"


@pytest.mark.parametrize("display_name", ["Member", "MEMBER", "Martha M.", "Admiral Martha"])
def test_display_name_may_be_ones_own_username_or_a_new_name(client, member, admin_user, display_name):
    client.force_login(member)
    assert edit_profile(client, display_name=display_name).status_code == 302
    member.refresh_from_db()
    assert member.display_name == display_name


def test_a_display_name_given_before_the_rule_does_not_block_editing_the_bio(client, member, other_member):
    member.display_name = "Otto Other"
    member.save()
    client.force_login(member)
    assert edit_profile(client, display_name="Otto Other", bio="Neu hier.").status_code == 302
    member.refresh_from_db()
    assert member.bio == "Neu hier."


@pytest.mark.parametrize("display_name", ["Martha\r\nBcc: x@example.com", "Martha\nMember", "Martha\tMember"])
def test_display_name_with_a_line_break_is_refused(client, member, display_name):
    client.force_login(member)
    response = edit_profile(client, display_name=display_name)
    assert response.context["form"].errors["display_name"] == [
        "Bitte schreibe dies in eine Zeile, ohne Zeilenumbrüche oder Tabulatoren."
    ]


@pytest.mark.parametrize("field", ["display_name", "bio"])
def test_profile_text_that_is_not_utf8_is_refused(client, member, field):
    client.force_login(member)
    body = {"display_name": "display_name=Martha", "bio": "bio=Hallo"}
    body[field] += "%ED%A0%80"
    response = client.post(
        reverse("accounts:profile_edit"), "&".join(body.values()), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert response.context["form"].has_error(field, "unreadable")
    member.refresh_from_db()
    assert "\ufffd" not in member.display_name + member.bio


def test_bio_keeps_its_line_breaks(client, member):
    client.force_login(member)
    assert edit_profile(client, display_name="Martha", bio="Zeile 1\nZeile 2").status_code == 302
    member.refresh_from_db()
    assert member.bio == "Zeile 1\nZeile 2"


@pytest.mark.parametrize("display_name", ["\u0430dmin", "ANNA ADMIN", "Otto\u200b Other"])
def test_signup_with_a_display_name_imitating_a_member_is_refused(client, admin_user, other_member, display_name):
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": display_name})
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == [IMITATION_ERROR]
    assert not User.objects.filter(username="neu").exists()


@pytest.mark.parametrize("username", ["\u0430dmin", "adm\u0456n", "adrnin"])
def test_signup_with_a_username_imitating_a_member_is_refused(client, admin_user, username):
    response = client.post(reverse("account_signup"), {**SIGNUP, "username": username})
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "Dieser Benutzername ähnelt zu sehr dem Namen eines anderen Mitglieds. Bitte wähle einen anderen."
    ]
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_signup_with_a_username_imitating_a_display_name_is_refused(client):
    make_user("someone", display_name="Kaiser")
    response = client.post(reverse("account_signup"), {**SIGNUP, "username": "kaiser"})
    assert response.context["form"].errors["username"]


def test_name_skeletons_follow_every_save_even_with_update_fields(member):
    member.display_name = "Ｍａｒｔｈａ"
    member.save(update_fields=["display_name"])
    member.refresh_from_db()
    assert member.display_name_skeleton == "rnartha"
    assert member.username_skeleton == "rnernber"


def test_a_lookalike_is_found_in_one_query(member, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert list(User.objects.imitated_by("M\u0430rtha  MEMBER")) == [member]


def test_the_data_migration_fills_the_skeletons_of_existing_members(member, other_member):
    User.objects.update(username_skeleton="", display_name_skeleton="")
    migration = importlib.import_module("accounts.migrations.0004_fill_name_skeletons")
    migration.fill_name_skeletons(apps, None)
    assert set(User.objects.imitated_by("0tto 0ther")) == {other_member}
    assert set(User.objects.imitated_by("MEMBER")) == {member}


BLANK_LOOKING = ["\u200b", "\u2800", "\u3164", "\u115f\u1160", "\uffa0", "\u180e", "\ufe0f", "\u2800\u2800\u2800"]
BLANK_ERROR = "Bitte gib sichtbaren Text ein."


@pytest.mark.parametrize("display_name", BLANK_LOOKING)
def test_a_display_name_of_blank_looking_characters_only_is_refused_in_the_profile(client, member, display_name):
    client.force_login(member)
    response = edit_profile(client, display_name=display_name)
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == [BLANK_ERROR]
    member.refresh_from_db()
    assert member.display_name == "Martha Member"


@pytest.mark.parametrize("display_name", BLANK_LOOKING)
def test_a_display_name_of_blank_looking_characters_only_is_refused_at_signup(client, display_name):
    response = client.post(reverse("account_signup"), {**SIGNUP, "display_name": display_name})
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == [BLANK_ERROR]
    assert not User.objects.filter(username="neu").exists()
