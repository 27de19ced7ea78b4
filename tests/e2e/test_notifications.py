"""Browser test: the bell counts a reply, leads to the list, and "mark all as read" empties it — without JavaScript
doing anything the forms don't."""

from urllib.parse import urlsplit

import pytest
from model_bakery import baker

from forum import services
from forum.models import Category
from tests.e2e.test_forum import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE"}


def test_the_bell_counts_a_reply_and_mark_all_read_empties_it(page, live_server, settings, member, other_member):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    errors, hosts = [], set()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    category = baker.make(Category, name="Allgemeines", slug="allgemeines")
    thread = services.start_thread(category=category, author=member, title="Sauerteig", body="Wie füttern?")
    log_in(page.context, live_server, member)
    services.reply_to_thread(thread=thread, author=other_member, body="Mit Roggenmehl.")

    page.goto(f"{live_server.url}/forum/")
    bell = page.get_by_test_id("notification-bell")
    assert bell.locator(".notification-count").inner_text().startswith("1")
    bell.click()
    page.wait_for_url("**/benachrichtigungen/")
    assert "Otto Other hat auf deinen Beitrag in „Sauerteig“ geantwortet" in page.locator("main").inner_text()
    page.get_by_role("button", name="Alle als gelesen markieren").click()
    page.wait_for_url("**/benachrichtigungen/")
    assert page.get_by_test_id("notification-bell").locator(".notification-count").count() == 0
    page.get_by_role("link", name="Otto Other hat auf deinen Beitrag in „Sauerteig“ geantwortet").click()
    page.wait_for_url("**#post-*")
    assert "Mit Roggenmehl." in page.locator("main").inner_text()
    assert errors == []
    assert hosts == {urlsplit(live_server.url).netloc}
    page.context.close()
