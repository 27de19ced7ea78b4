import re
import zipfile

import pytest
from django.core import mail

from accounts.models import User
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"


def log_in(page, username):
    page.goto(page.live_url + "/accounts/login/")
    page.locator("#id_login").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Anmelden").click()
    page.wait_for_url(page.live_url + "/")


def test_member_downloads_their_data_then_deletes_the_account_and_cancels(site_page, tmp_path):
    make_user("greta", display_name="Greta Gast")
    page = site_page
    log_in(page, "greta")
    page.locator("#user-menu summary").click()
    page.get_by_role("link", name="Meine Daten").click()
    page.wait_for_url("**/konto/meine-daten/")

    page.get_by_role("button", name="Meinen Export vorbereiten").click()
    assert "Datenexport ist fertig" in mail.outbox[-1].subject
    with page.expect_download() as download:
        page.locator("#data-exports").get_by_role("link", name="Herunterladen").click()
    saved = tmp_path / "export.zip"
    download.value.save_as(saved)
    assert "profile.json" in zipfile.ZipFile(saved).namelist()

    page.get_by_role("link", name="Mein Konto löschen …").click()
    page.get_by_label("Meine Beiträge behalten, angezeigt als „Ehemaliges Mitglied“").check()
    page.get_by_label("Dein Passwort").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Mein Konto löschen").click()
    page.get_by_role("heading", name="Dein Konto wird gelöscht").wait_for()
    assert not User.objects.get(username="greta").is_active

    link = re.search(r"http://\S+/konto/loeschen/abbrechen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Mein Konto behalten").click()
    page.wait_for_url("**/accounts/login/")
    assert User.objects.get(username="greta").is_active
    log_in(page, "greta")
    assert page.console_errors == []
    assert page.foreign_requests == []
