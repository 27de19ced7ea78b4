import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.accounts.test_password_length import HUGE, MESSAGE
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "neu@example.org"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """The client's POST, then the mail it queued (sent after the transaction commits) at once."""

    def post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(*args, **kwargs)

    return post


def test_adding_an_email_address_asks_for_the_password_first(client, member):
    client.force_login(member)
    response = client.post(reverse("account_email"), {"action_add": "", "email": NEW})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email=NEW).exists()


def test_wrong_password_does_not_reauthenticate(client, member):
    client.force_login(member)
    client.post(reverse("account_email"), {"action_add": "", "email": NEW})
    response = client.post(reverse("account_reauthenticate") + "?next=/accounts/email/", {"password": "falsch"})
    assert response.status_code == 200
    assert not EmailAddress.objects.filter(email=NEW).exists()


def test_address_is_added_once_the_password_is_given(client, post, member):
    client.force_login(member)
    client.post(reverse("account_email"), {"action_add": "", "email": NEW})
    response = post(reverse("account_reauthenticate") + "?next=/accounts/email/", {"password": PASSWORD})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=member, email=NEW, verified=False).exists()
    assert [message.to for message in mail.outbox] == [[NEW]]  # the confirmation mail


def test_huge_password_at_reauthentication_gets_the_message(client, member):
    client.force_login(member)
    response = client.post(reverse("account_reauthenticate"), {"password": HUGE})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


def test_making_another_address_primary_tells_the_old_address(client, post, member):
    EmailAddress.objects.create(user=member, email=NEW, verified=True, primary=False)
    client.force_login(member)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = post(reverse("account_email"), {"action_primary": "", "email": NEW})
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=member, primary=True).email == NEW
    notice = next(message for message in mail.outbox if message.to == [member.email])
    assert "E-Mail-Adresse geändert" in notice.subject
    assert f"von {member.email} zu {NEW}" in notice.body


def test_password_change_tells_the_account_address(client, post, member):
    client.force_login(member)
    new = "neues-passwort-123"
    response = post(reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new})
    assert response.status_code == 302
    (notice,) = mail.outbox
    assert notice.to == [member.email]
    assert "Passwort geändert" in notice.subject
    assert "Dein Passwort wurde geändert." in notice.body


def test_reauthentication_page_has_the_layout_and_no_inline_script_or_style(client, member):
    client.force_login(member)
    response = client.get(reverse("account_reauthenticate"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="navbar-brand fw-bold"' in html  # base.html
    assert "Gib dein Passwort ein" in html
    assert "Sie " not in html
    assert ' style="' not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/(ld\+)?json\")=?)[^>]*>", html)
