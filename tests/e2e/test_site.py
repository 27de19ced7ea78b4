import re

import pytest
from django.core import mail

from accounts.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_and_signup_pages_load_cleanly_from_the_own_host_only(site_page):
    page = site_page
    page.goto(page.live_url + "/")
    assert page.locator("h1").first.inner_text().startswith("Willkommen")
    page.get_by_role("link", name="Registrieren").first.click()
    page.wait_for_url("**/accounts/signup/")
    assert page.locator("form input[name=email]").is_visible()
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_newcomer_signs_up_verifies_logs_in_and_edits_the_profile(site_page):
    page = site_page
    page.goto(page.live_url + "/accounts/signup/")
    page.get_by_label("E-Mail-Adresse").fill("nina@example.org")
    page.get_by_label("Anmeldename").fill("nina")
    page.get_by_label("Anzeigename").fill("Nina Neu")
    page.locator("#id_password1").fill("ein-sicheres-passwort-42")
    page.get_by_label("Passwort (Wiederholung)").fill("ein-sicheres-passwort-42")
    page.get_by_role("button", name="Registrieren").click()
    page.wait_for_url("**/accounts/confirm-email/")

    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Bestätigen").click()

    page.goto(page.live_url + "/accounts/login/")
    page.get_by_label("Anmeldung").fill("nina")
    page.get_by_label("Passwort").fill("ein-sicheres-passwort-42")
    page.locator("main").get_by_role("button", name="Anmeldung").click()
    page.wait_for_url(page.live_url + "/")
    assert "Nina Neu" in page.get_by_role("navigation", name="Hauptnavigation").inner_text()

    page.goto(page.live_url + "/accounts/profile/")
    page.get_by_label("Über mich").fill("Neu im Stammtisch.")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/mitglieder/nina/")
    assert "Neu im Stammtisch." in page.content()
    assert User.objects.get(username="nina").bio == "Neu im Stammtisch."
    assert page.console_errors == []
    assert page.foreign_requests == []
