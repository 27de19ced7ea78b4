import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.models import ModerationLogEntry
from privacy import services
from privacy.models import AccountErasure
from tests.conftest import PASSWORD

DELETE_URL = reverse("privacy:delete_account")


def ask_for_deletion(client, user, mode="keep", password=PASSWORD, callbacks=None):
    client.force_login(user)
    return client.post(DELETE_URL, {"mode": mode, "password": password})


def cancel_link(mailoutbox):
    return re.search(r"https?://\S+/konto/loeschen/abbrechen/\S+/", mailoutbox[-1].body).group(0)


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(DELETE_URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_wrong_password_deletes_nothing_and_says_so(client, member):
    response = ask_for_deletion(client, member, password="not-my-password")
    assert response.status_code == 400
    assert "Dieses Passwort ist nicht korrekt." in response.content.decode()
    member.refresh_from_db()
    assert member.is_active
    assert not AccountErasure.objects.exists()


def test_deletion_without_a_choice_keeps_the_account(client, member):
    client.force_login(member)
    response = client.post(DELETE_URL, {"password": PASSWORD})
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.is_active


def test_deletion_deactivates_at_once_and_mails_a_cancel_link(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_deletion(client, member)
    assert response.status_code == 200
    member.refresh_from_db()
    assert not member.is_active
    assert member.erased_at is None  # erased only after the grace period
    erasure = AccountErasure.objects.get(user=member)
    assert erasure.erase_after - erasure.requested_at == timedelta(days=14)
    assert mailoutbox[-1].to == [member.email]
    assert cancel_link(mailoutbox)
    assert "_auth_user_id" not in client.session


def test_deletion_ends_the_members_other_sessions(client, member):
    other_browser = type(client)()
    other_browser.force_login(member)
    assert other_browser.get(reverse("accounts:profile_edit")).status_code == 200
    ask_for_deletion(client, member)
    response = other_browser.get(reverse("accounts:profile_edit"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_member_waiting_for_erasure_cannot_log_in(client, member):
    ask_for_deletion(client, member)
    client.post(reverse("account_login"), {"login": member.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_cancel_link_reactivates_the_account(client, member, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_deletion(client, member)
    link = cancel_link(mailoutbox)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active
    assert not AccountErasure.objects.exists()
    assert client.login(username=member.username, password=PASSWORD)


def test_forged_cancel_link_does_nothing(client, member):
    ask_for_deletion(client, member)
    erasure = AccountErasure.objects.get()
    forged = services.cancel_token(erasure)[:-2] + "xx"
    response = client.post(reverse("privacy:erasure_cancel", kwargs={"token": forged}))
    assert response.status_code == 404
    member.refresh_from_db()
    assert not member.is_active


def test_cancel_link_does_nothing_after_the_erasure(client, member):
    ask_for_deletion(client, member)
    erasure = AccountErasure.objects.get()
    services.erase_account(erasure)
    response = client.post(reverse("privacy:erasure_cancel", kwargs={"token": services.cancel_token(erasure)}))
    assert response.status_code == 404


def test_erasure_waits_for_the_grace_period(client, member):
    ask_for_deletion(client, member)
    assert services.erase_due_accounts() == 0
    member.refresh_from_db()
    assert member.erased_at is None
    assert services.erase_due_accounts(now=timezone.now() + timedelta(days=15)) == 1
    member.refresh_from_db()
    assert member.erased_at is not None


def test_erased_account_keeps_nothing_personal(client, member):
    ask_for_deletion(client, member)
    services.erase_account(AccountErasure.objects.get())
    member.refresh_from_db()
    assert member.username.startswith("ehemalig-")
    assert (member.display_name, member.email, member.bio) == ("", "", "")
    assert not member.has_usable_password()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert member.public_name == "Ehemaliges Mitglied"
    assert client.get(reverse("accounts:profile", kwargs={"username": "member"})).status_code == 404


def test_member_can_delete_only_their_own_account(client, member, other_member):
    # The form has no field naming an account: the logged-in member is the one deleted, with their own password.
    client.force_login(member)
    client.post(DELETE_URL, {"mode": "remove", "password": PASSWORD, "user": other_member.pk})
    other_member.refresh_from_db()
    assert other_member.is_active
    assert AccountErasure.objects.get().user == member


def test_staff_delete_a_member_from_the_admin_with_a_reason_in_the_log(
    client, staff, member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:privacy_accounterasure_add"),
            {"user": member.pk, "mode": "keep", "reason": "Bat per Brief um Löschung"},
        )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    entry = ModerationLogEntry.objects.get(action="account.erasure.request")
    assert entry.actor == staff
    assert entry.reason == "Bat per Brief um Löschung"
    assert mailoutbox[-1].to == ["member@example.org"]


def test_staff_can_erase_at_once(client, staff, member):
    client.force_login(staff)
    client.post(
        reverse("admin:privacy_accounterasure_add"),
        {"user": member.pk, "mode": "remove", "reason": "Spam-Konto", "immediately": "on"},
    )
    assert not User.objects.filter(pk=member.pk).exists()  # nothing referred to it: the row is gone too


def test_moderators_cannot_delete_accounts_in_the_admin(client, moderator, member):
    client.force_login(moderator)
    response = client.post(
        reverse("admin:privacy_accounterasure_add"), {"user": member.pk, "mode": "keep", "reason": "x"}
    )
    assert response.status_code in (302, 403)
    member.refresh_from_db()
    assert member.is_active


@pytest.mark.parametrize("mode", ["keep", "remove"])
def test_erased_member_is_not_listed_as_active_in_a_new_request(client, member, mode):
    ask_for_deletion(client, member, mode=mode)
    services.erase_account(AccountErasure.objects.get())
    assert AccountErasure.objects.pending().count() == 0


def test_staff_cancel_a_pending_erasure_in_the_admin_list(client, staff, member):
    ask_for_deletion(client, member)
    erasure = AccountErasure.objects.get()
    client.force_login(staff)
    response = client.post(
        reverse("admin:privacy_accounterasure_changelist"),
        {"action": "cancel", "_selected_action": [erasure.pk]},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active
    assert ModerationLogEntry.objects.filter(action="account.erasure.cancel", actor=staff).exists()


def test_staff_erase_a_pending_account_at_once_from_the_admin_list(client, staff, member):
    ask_for_deletion(client, member)
    client.force_login(staff)
    client.post(
        reverse("admin:privacy_accounterasure_changelist"),
        {"action": "erase_now", "_selected_action": [AccountErasure.objects.get().pk]},
    )
    assert AccountErasure.objects.get().erased_at is not None
