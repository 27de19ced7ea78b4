import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.test_signup import SIGNUP, link_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# Polite "Sie" forms, which the site does not use.
SIE = re.compile(r"\b(Sie|Ihr|Ihre|Ihren|Ihrem|Ihres|Ihnen)\b")


def test_login_page_names_what_to_type_and_its_button_says_anmelden(client):
    html = client.get(reverse("account_login")).content.decode()
    assert re.search(r'<label\s+for="id_login"[^>]*>\s*Benutzername oder E-Mail-Adresse<', html)
    assert re.search(r'<button class="btn btn-primary"\s+type="submit">\s*Anmelden\s*</button>', html)
    assert "Anmeldung" not in html


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
        "account_email",
        "account_change_password",
        "account_logout",
        "account_reauthenticate",
    ],
)
def test_account_pages_say_du(client, member, name):
    if name in {"account_email", "account_change_password", "account_logout", "account_reauthenticate"}:
        client.force_login(member)
    html = client.get(reverse(name)).content.decode()
    assert not SIE.search(html)
    assert "Dir " not in html


def test_verification_mail_is_signed_with_the_site_name_and_says_du(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP)
    (message,) = mail.outbox
    assert message.subject == "[Stammtisch] Bitte bestätige deine E-Mail-Adresse"
    assert message.body.startswith("Hallo!\n\nDu erhältst diese E-Mail, weil diese E-Mail-Adresse für das Konto „neu“")
    assert "bei Stammtisch angegeben wurde. Bitte bestätige sie über diesen Link:" in message.body
    assert message.body.endswith("Viele Grüße von Stammtisch\nhttp://testserver")
    assert "testserver" not in message.body.replace("http://testserver", "")
    assert not SIE.search(message.body)


def test_account_mails_say_du_and_name_the_site(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": member.email})
        client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
        client.post(reverse("account_signup"), {**SIGNUP, "email": member.email})
        client.force_login(member)
        new = "neues-passwort-123"
        client.post(reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new})
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        "[Stammtisch] E-Mail zum Zurücksetzen des Passworts",
        "[Stammtisch] Unbekanntes Konto",
        "[Stammtisch] Konto existiert bereits",
        "[Stammtisch] Passwort geändert",
    ]
    reset = mail.outbox[0].body
    assert "Du erhältst diese E-Mail, weil du oder jemand anderes für dein Konto ein neues Passwort" in reset
    assert link_in(mail.outbox[0]).startswith("/accounts/password/reset/key/")
    changed = mail.outbox[3].body
    assert "Dein Passwort wurde geändert." in changed
    assert "Wenn du das nicht warst, lege bitte sofort ein neues Passwort fest:\nhttp://testserver/accounts/" in changed
    for message in mail.outbox:
        assert not SIE.search(message.body), message.body
        assert message.body.startswith("Hallo!\n\n")
        assert "Viele Grüße von Stammtisch" in message.body


@pytest.mark.parametrize(
    "login", ["member", "member@example.org", "MEMBER@example.org", "niemand", "niemand@example.org"]
)
def test_a_failed_login_says_the_same_under_username_and_email(client, member, login):
    response = client.post(reverse("account_login"), {"login": login, "password": "falsch"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Benutzername/E-Mail-Adresse oder Passwort ist falsch."]
