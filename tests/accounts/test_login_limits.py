import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Zu viele gescheiterte Anmeldeversuche"


def log_in(client, login, password, host):
    return client.post(reverse("account_login"), {"login": login, "password": password}, HTTP_HOST=host)


def test_failed_login_limit_holds_when_the_host_header_varies(client, member):
    for port in range(10001, 10006):
        response = log_in(client, member.username, "falsch", f"127.0.0.1:{port}")
        assert LOCKED not in response.content.decode()
    response = log_in(client, member.username, "falsch", "127.0.0.1:10006")
    assert LOCKED in response.content.decode()

    response = log_in(client, member.username, PASSWORD, "127.0.0.1:10007")
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_login_limit_holds_across_two_app_servers(member):
    # Two app servers share the cache; each is reached under its own host name.
    servers = [(Client(), "app1.example.org"), (Client(), "app2.example.org:8443")]
    for attempt in range(6):
        server, host = servers[attempt % 2]
        response = log_in(server, member.email.upper(), "falsch", host)
    assert LOCKED in response.content.decode()

    for server, host in servers:
        response = log_in(server, member.email, PASSWORD, host)
        assert LOCKED in response.content.decode()
        assert "_auth_user_id" not in server.session


def test_wrong_passwords_under_username_and_email_spellings_share_one_counter(client, member):
    spellings = [member.username, member.email, member.email.upper(), member.username.upper(), member.email]
    for login in spellings:
        response = log_in(client, login, "falsch", "testserver")
        assert LOCKED not in response.content.decode()

    for login in [*spellings, f"  {member.email.title()}  "]:
        response = log_in(client, login, PASSWORD, "testserver")
        assert LOCKED in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_a_member_without_an_email_address_row_is_locked_under_the_user_email_too(client, member):
    member.emailaddress_set.all().delete()
    for login in [member.username, member.email.upper()] * 2 + [member.username]:
        log_in(client, login, "falsch", "testserver")

    response = log_in(client, member.email, PASSWORD, "testserver")
    assert LOCKED in response.content.decode()


def test_an_unknown_login_keeps_a_counter_of_its_own(client, member):
    for _ in range(5):
        log_in(client, "niemand@example.org", "falsch", "testserver")

    response = log_in(client, member.email, PASSWORD, "testserver")
    assert LOCKED not in response.content.decode()
    assert "_auth_user_id" in client.session
