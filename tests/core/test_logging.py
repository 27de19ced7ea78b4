from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_refused_request_is_logged_as_one_line_without_a_traceback(client, member, server_log):
    client.force_login(member)
    response = client.get(reverse("forum:moderation_queue"))
    assert response.status_code == 403
    assert server_log.getvalue() == (
        "Forbidden (Permission denied): /forum/moderation/ (PermissionDenied: Das darf nur die Moderation.)\n"
    )


@pytest.mark.parametrize("path", ["/gibt-es-nicht/", "/accounts/logout/"])
def test_not_found_and_csrf_failures_are_logged_as_one_line(member, server_log, path):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(path)
    assert response.status_code in (403, 404)
    assert server_log.getvalue().count("\n") == 1
    assert "Traceback" not in server_log.getvalue()


def test_server_error_is_still_logged_with_its_traceback(server_log):
    client = Client(raise_request_exception=False)
    with mock.patch("core.views.render", side_effect=RuntimeError("kaputt")):
        response = client.get("/robots.txt")
    assert response.status_code == 500
    log = server_log.getvalue()
    assert log.startswith("Internal Server Error: /robots.txt\nTraceback")
    assert "RuntimeError: kaputt" in log
