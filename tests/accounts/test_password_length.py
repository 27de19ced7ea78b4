import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from tests.accounts.test_signup import SIGNUP, link_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HUGE = "x" * 100_000  # 100 KB
LONGEST = "Ab1!" * 256  # 1,024 characters: still allowed
MESSAGE = "Ein Passwort darf höchstens 1.024 Zeichen haben."


class RecordingHasher(MD5PasswordHasher):
    """The tests' hasher, remembering the length of every password it hashes or checks."""

    lengths = []

    def encode(self, password, salt):
        self.lengths.append(len(password))
        return super().encode(password, salt)


@pytest.fixture
def hashed_lengths(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_password_length.RecordingHasher"]
    RecordingHasher.lengths = []
    return RecordingHasher.lengths


def test_huge_password_at_login_is_refused_before_hashing(client, member, hashed_lengths):
    response = client.post(reverse("account_login"), {"login": member.username, "password": HUGE})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert hashed_lengths == []


def test_huge_password_for_an_unknown_login_is_refused_before_hashing(client, db, hashed_lengths):
    response = client.post(reverse("account_login"), {"login": "niemand", "password": HUGE})
    assert MESSAGE in response.content.decode()
    assert hashed_lengths == []


def test_password_of_the_longest_allowed_length_still_logs_in(client, member, hashed_lengths):
    member.set_password(LONGEST)
    member.save()
    response = client.post(reverse("account_login"), {"login": member.username, "password": LONGEST})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_huge_password_at_signup_gets_the_form_back_with_the_message(client, db, hashed_lengths):
    response = client.post(reverse("account_signup"), {**SIGNUP, "password1": HUGE, "password2": HUGE})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert max(hashed_lengths, default=0) <= 1024


def test_huge_passwords_at_password_change_are_refused_before_hashing(client, member, hashed_lengths):
    client.force_login(member)
    for old, new in [(HUGE, "neues-passwort-123"), (PASSWORD, HUGE)]:
        response = client.post(
            reverse("account_change_password"), {"oldpassword": old, "password1": new, "password2": new}
        )
        assert response.status_code == 200
        assert MESSAGE in response.content.decode()
    assert max(hashed_lengths, default=0) <= 1024
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_huge_password_at_password_reset_is_refused(client, member, hashed_lengths, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": member.email})
    response = client.get(link_in(mail.outbox[-1]), follow=True)
    response = client.post(response.redirect_chain[-1][0], {"password1": HUGE, "password2": HUGE})
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert max(hashed_lengths, default=0) <= 1024
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
