import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from core.models import LegalPage

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db

LAYOUT_PAGES = [
    "portal:home",
    "core:impressum",
    "core:privacy",
    "account_login",
    "account_signup",
    "account_reset_password",
]


@pytest.mark.smoke
@pytest.mark.parametrize("name", LAYOUT_PAGES)
def test_layout_pages_render_in_german_by_default(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Datenschutz" in html and "Impressum" in html


@pytest.mark.parametrize("name", LAYOUT_PAGES)
def test_layout_pages_render_in_english_when_chosen(client, name):
    client.cookies["django_language"] = "en"
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Privacy" in html and "Imprint" in html


def test_member_pages_render_in_both_languages(client, member):
    client.force_login(member)
    for language, marker in [("de", "Profil bearbeiten"), ("en", "Edit profile")]:
        client.cookies["django_language"] = language
        for url in [reverse("accounts:profile_edit"), member.get_absolute_url(), reverse("account_email")]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert marker in response.content.decode(), (language, url)


def test_language_switch_is_a_post_that_sets_the_language_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_legal_page_text_is_edited_by_staff_and_rendered_from_markdown(client, staff):
    page = LegalPage.objects.get(kind="impressum")
    page.body = "**Verein Beispiel e. V.**<script>alert(1)</script>"
    page.save()
    html = client.get(reverse("core:impressum")).content.decode()
    assert "<strong>Verein Beispiel e. V.</strong>" in html
    assert "<script>alert(1)" not in html


def test_privacy_page_says_only_essential_cookies_are_set(client):
    html = client.get(reverse("core:privacy")).content.decode()
    for cookie in ["sessionid", "csrftoken", "django_language"]:
        assert cookie in html


def test_anonymous_home_page_sets_no_session_cookie(client):
    response = client.get(reverse("portal:home"))
    assert "sessionid" not in response.cookies


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    # A separate process whose database is a closed port: the real failure, no mock.
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.json()['status'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/stammtisch",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "503 unavailable", result.stderr


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_sitemap_lists_home_and_legal_pages(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "<loc>http://testserver/</loc>" in xml
    assert "<loc>http://testserver/impressum/</loc>" in xml


def test_unknown_page_is_a_translated_404_in_the_layout(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert "Impressum" in html


def test_error_pages_render_in_the_layout(rf):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from core import views

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert "Ungültige Anfrage" in views.bad_request(request, ValueError()).content.decode()
    assert "Zugriff verweigert" in views.permission_denied(request, PermissionDenied()).content.decode()
    assert "Seite nicht gefunden" in views.page_not_found(request, Http404()).content.decode()
    response = views.server_error(request)
    assert response.status_code == 500
    assert "Etwas ist schiefgelaufen" in response.content.decode()


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "default-src 'self'" in policy


def test_pages_contain_no_inline_script_or_style(client):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


def test_nul_byte_in_a_url_is_a_404_not_a_500(client):
    assert client.get("/mitglieder/a%00b/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/confirm-email/abc%00def/",
        "/accounts/password/reset/key/1-%00/",
        "/accounts/login/?next=%00",
        "/accounts/login/?next=//evil.example",
        "/mitglieder/%ED%A0%80/",
        "/accounts/signup/?email=%00",
        "/sitemap.xml?p=%00",
        "/sitemap.xml?p=99999",
        "/%00",
        "/accounts/confirm-email/" + "a" * 5000 + "/",
    ],
)
def test_hostile_urls_get_an_answer_below_500(client, url):
    assert client.get(url).status_code < 500


def test_language_switch_does_not_redirect_to_another_host(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "//evil.example/"})
    assert response.status_code == 302
    assert response.url == "/"


def test_benchmark_ceiling_view_does_not_exist_unless_enabled(client):
    assert client.get("/_bench/ceiling").status_code == 404
