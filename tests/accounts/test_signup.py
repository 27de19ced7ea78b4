import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "neu",
    "email": "neu@example.org",
    "password1": "ein-sicheres-passwort-42",
    "password2": "ein-sicheres-passwort-42",
    "display_name": "Nina Neu",
}


def without_csrf_tokens(html):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.mark.smoke
def test_signup_sends_a_verification_mail_and_does_not_log_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["neu@example.org"]
    user = User.objects.get(username="neu")
    assert user.display_name == "Nina Neu"
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session


def test_signup_verify_login_logout_round_trip(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP)
    confirm_url = link_in(mail.outbox[0])

    assert client.post(confirm_url).status_code == 302
    assert EmailAddress.objects.get(email="neu@example.org").verified

    response = client.post(reverse("account_login"), {"login": "neu", "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="neu").pk)

    assert client.get(reverse("account_logout")).status_code == 200  # a GET only asks
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_login_by_email_address_works(client, member):
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_unverified_user_cannot_log_in(client):
    client.post(reverse("account_signup"), SIGNUP)
    client.logout()
    response = client.post(reverse("account_login"), {"login": "neu", "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_signup_with_a_taken_address_answers_like_a_new_one(client, member):
    taken = client.post(reverse("account_signup"), {**SIGNUP, "username": "zweiter", "email": member.email})
    fresh = client.post(reverse("account_signup"), SIGNUP)
    assert taken.status_code == fresh.status_code == 302
    assert taken.url == fresh.url
    # The owner of the taken address is told by mail; no second account exists.
    assert User.objects.filter(email=member.email).count() == 1
    assert not User.objects.filter(username="zweiter").exists()


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, member):
    known = client.post(reverse("account_reset_password"), {"email": member.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert without_csrf_tokens(client.get(known.url).content) == without_csrf_tokens(client.get(unknown.url).content)


def test_password_reset_link_sets_a_new_password(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": member.email})
    reset_mail = next(message for message in mail.outbox if message.to == [member.email])
    url = link_in(reset_mail)
    response = client.get(url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    new_password = "ganz-neues-passwort-77"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new_password)


def test_password_change_requires_the_old_password(client, member):
    client.force_login(member)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "falsch", "password1": "neues-passwort-123", "password2": "neues-passwort-123"},
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_repeated_failed_logins_lock_the_account_for_a_while(client, member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.username, "password": "falsch"})
    response = client.post(reverse("account_login"), {"login": member.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Zu viele gescheiterte Anmeldeversuche" in response.content.decode()


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "nul\x00byte"),
        ("username", "x" * 10_000),
        ("display_name", "Nina\x00Neu"),
        ("display_name", "N" * 10_000),
        ("email", "neu\x00@example.org"),
        ("password1", "pw\x00" * 5),
    ],
)
def test_bad_signup_input_gets_the_form_back_with_a_message(client, field, value):
    response = client.post(reverse("account_signup"), {**SIGNUP, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_invalid_utf8_in_a_form_post_is_refused_with_the_text_kept(client):
    # Browsers can send bytes that are no valid UTF-8 (an encoded lone surrogate): never a 500, never stored.
    body = "username=neu&email=neu%40example.org&password1=ein-sicheres-passwort-42"
    body += "&password2=ein-sicheres-passwort-42&display_name=Nina%ED%A0%80Neu"
    response = client.post(reverse("account_signup"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    # The undecodable bytes arrive as replacement characters, never as surrogates that break the database.
    assert response.context["form"].has_error("display_name", "unreadable")
    assert response.context["form"].data["display_name"] == "Nina\ufffd\ufffd\ufffdNeu"
    assert not User.objects.filter(username="neu").exists()


def test_confirming_the_address_logs_the_new_member_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP)
    response = client.post(link_in(mail.outbox[0]), follow=True)
    assert response.redirect_chain[-1][0] == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert client.session["_auth_user_id"] == str(User.objects.get(username="neu").pk)
    assert "Nina Neu" in response.content.decode()  # the navigation shows the member


def test_confirming_the_address_leads_back_to_where_the_member_signed_up(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup") + "?next=/forum/", SIGNUP)
    response = client.post(link_in(mail.outbox[0]))
    assert response.status_code == 302
    assert response.url == "/forum/"
    assert "_auth_user_id" in client.session


def test_confirming_the_address_in_another_browser_asks_to_log_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP)
    other_browser = Client()
    response = other_browser.post(link_in(mail.outbox[0]))
    assert response.status_code == 302
    assert response.url == reverse("account_login")
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified
    assert "_auth_user_id" not in other_browser.session
