import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db

BACK_SOON = "Gleich wieder da"


@contextmanager
def database_fails(error):
    """Every new query fails with `error`, raised from psycopg and wrapped as Django wraps it."""

    def fail():
        with connection.wrap_database_errors:
            raise error

    with mock.patch.object(connection, "ensure_connection", side_effect=fail):
        yield


def database_down():
    return database_fails(psycopg.OperationalError("connection failed: Connection refused\n\tIs the server running?"))


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_page_answers_503_with_a_short_german_page_while_the_database_is_down(client, server_log):
    with database_down():
        response = client.get(reverse("forum:index"))
    assert response.status_code == 503
    assert BACK_SOON in response.content.decode()
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert server_log.getvalue() == (
        "Service Unavailable: /forum/ (OperationalError: connection failed: Connection refused)\n"
    )


def test_member_page_answers_503_while_the_database_is_down(client, member):
    client.force_login(member)
    with database_down():
        response = client.get(reverse("accounts:profile_edit"))
    assert response.status_code == 503
    assert BACK_SOON in response.content.decode()


def test_page_cache_answers_503_while_its_database_cache_is_down(client, settings):
    # The page cache's middleware reads the database cache before any view runs.
    settings.PAGE_CACHE_SECONDS = 300
    with database_down():
        response = client.get(reverse("forum:index"))
    assert response.status_code == 503
    assert BACK_SOON in response.content.decode()


def test_site_recovers_by_itself_when_the_database_is_back(client):
    with database_down():
        assert client.get(reverse("forum:index")).status_code == 503
    assert client.get(reverse("forum:index")).status_code == 200


def test_other_database_errors_stay_500_with_their_traceback(client, server_log):
    with database_fails(psycopg.errors.QueryCanceled("canceling statement due to statement timeout")):
        response = client.get(reverse("forum:index"))
    assert response.status_code == 500
    assert "Traceback" in server_log.getvalue()


@pytest.mark.parametrize("pool", ["true", "false"])
def test_page_answers_503_when_the_database_port_is_closed(pool):
    # A separate process whose database is a closed port: the real failure, with and without the pool.
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(raise_request_exception=False);"
        "r = c.get('/forum/'); h = c.get('/healthz');"
        "print(r.status_code, 'Gleich wieder da' in r.content.decode(), h.status_code)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/stammtisch",
        "DATABASE_POOL": pool,
        "DATABASE_POOL_TIMEOUT": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "503 True 503", result.stderr
    assert "Traceback" not in result.stderr
