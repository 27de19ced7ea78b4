import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_public_profile_shows_name_and_join_date_but_never_the_email(client, member):
    member.bio = "Ich mag Brettspiele."
    member.save()
    response = client.get(member.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Martha Member" in html
    assert "Mitglied seit" in html
    assert "Ich mag Brettspiele." in html
    assert member.email not in html
    assert member.email.split("@")[0] + "@" not in html


def test_own_profile_page_does_not_show_the_email_either(client, member):
    client.force_login(member)
    assert member.email not in client.get(member.get_absolute_url()).content.decode()


def test_profile_of_unknown_or_inactive_member_is_404(client, member):
    assert client.get(reverse("accounts:profile", kwargs={"username": "niemand"})).status_code == 404
    member.is_active = False
    member.save()
    assert client.get(member.get_absolute_url()).status_code == 404


def test_bio_is_escaped_not_rendered_as_html(client, member):
    member.bio = "<script>alert(1)</script>"
    member.save()
    html = client.get(member.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_anonymous_visitor_is_sent_to_login_for_profile_edit(client):
    response = client.get(reverse("accounts:profile_edit"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_member_edits_own_profile(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:profile_edit"), {"display_name": "Martha M.", "bio": "Neu hier."})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.bio) == ("Martha M.", "Neu hier.")


def test_member_cannot_edit_another_members_profile(client, member, other_member):
    # The edit view only ever edits the logged-in user; there is no URL naming someone else.
    client.force_login(other_member)
    client.post(reverse("accounts:profile_edit"), {"display_name": "Gehackt", "bio": ""})
    member.refresh_from_db()
    other_member.refresh_from_db()
    assert member.display_name == "Martha Member"
    assert other_member.display_name == "Gehackt"


def test_profile_edit_requires_csrf(member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("accounts:profile_edit"), {"display_name": "Ohne Token", "bio": ""})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.display_name == "Martha Member"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"display_name": "Nul\x00Byte", "bio": ""}, "Null"),
        ({"display_name": "Bell\x07", "bio": ""}, "Steuerzeichen"),
        ({"display_name": "x" * 10_000, "bio": ""}, "höchstens 50 Zeichen"),
        ({"display_name": "Martha", "bio": "b" * 10_000}, "höchstens 500 Zeichen"),
    ],
)
def test_bad_profile_input_gets_the_form_back_with_the_text_kept(client, member, data, message):
    client.force_login(member)
    response = client.post(reverse("accounts:profile_edit"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert response.context["form"].data["bio"] == data["bio"]
    member.refresh_from_db()
    assert member.display_name == "Martha Member"
