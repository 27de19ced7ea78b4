import pytest
from model_bakery import baker

from forum import services
from forum.models import Category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cheese_thread(other_member, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    category = baker.make(Category, name="Küche", slug="kueche")
    body = "Käse aus Rohmilch braucht viel Geduld."
    return services.start_thread(category=category, author=other_member, title="Käse selbst machen", body=body)


def test_reader_searches_from_the_header_and_opens_the_post(site_page, cheese_thread):
    page = site_page
    page.goto(page.live_url + "/forum/")
    page.get_by_role("search").get_by_label("Suche").fill("Kaese")
    page.get_by_role("search").get_by_role("button", name="Suchen").press("Enter")
    page.wait_for_url("**/suche/?q=Kaese")
    result = page.locator(".search-results").get_by_role("link", name="Käse selbst machen")
    assert page.locator(".search-results mark").first.inner_text() == "Käse"
    result.click()
    page.wait_for_url(f"**{cheese_thread.get_absolute_url()}*")
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_header_search_works_on_a_phone_without_javascript(browser, live_server, cheese_thread):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 700}, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + "/")
    box = page.get_by_role("search").get_by_label("Suche")
    assert box.is_visible()
    box.fill("Rohmilch")
    box.press("Enter")
    page.wait_for_url("**/suche/?q=Rohmilch")
    assert page.locator(".search-results").get_by_role("link", name="Käse selbst machen").is_visible()
    context.close()
