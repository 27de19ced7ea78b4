import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.conftest import PASSWORD

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
    page.get_by_label("Benutzername").fill("nina")
    page.get_by_label("Anzeigename").fill("Nina Neu")
    page.locator("#id_password1").fill("ein-sicheres-passwort-42")
    page.get_by_label("Passwort (Wiederholung)").fill("ein-sicheres-passwort-42")
    page.get_by_role("button", name="Registrieren").click()
    page.wait_for_url("**/accounts/confirm-email/")

    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Bestätigen").click()
    # Confirming in the browser that signed up logs the new member in.
    page.wait_for_url(page.live_url + "/")
    assert "Nina Neu" in page.get_by_role("navigation", name="Hauptnavigation").inner_text()

    page.context.clear_cookies()
    page.goto(page.live_url + "/accounts/login/")
    page.get_by_label("Benutzername oder E-Mail-Adresse").fill("nina@example.org")
    page.locator("#id_password").fill("ein-sicheres-passwort-42")
    page.locator("main").get_by_role("button", name="Anmelden").click()
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


def test_member_adds_an_email_address_after_confirming_the_password(site_page, member):
    page = site_page
    page.goto(page.live_url + "/accounts/login/")
    page.get_by_label("Benutzername oder E-Mail-Adresse").fill(member.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Anmelden").click()
    page.wait_for_url(page.live_url + "/")

    page.goto(page.live_url + "/accounts/email/")
    page.locator("#id_email").fill("zweite@example.org")
    page.get_by_role("button", name="E-Mail hinzufügen").click()
    page.wait_for_url("**/accounts/reauthenticate/**")
    assert "Gib dein Passwort ein" in page.content()
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/accounts/email/")
    assert "zweite@example.org" in page.content()
    assert EmailAddress.objects.filter(user=member, email="zweite@example.org").exists()
    assert page.console_errors == []  # the strict CSP blocked nothing
    assert page.foreign_requests == []
