"""Browser tests: the header's menus open without JavaScript, on a phone and on a desktop screen."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def open_context(browser, live_server):
    """Opens browser contexts (JavaScript on or off, a viewport) and closes them at the end, so that the live
    server's keep-alive connections (and their database connections) end before the test database is dropped."""
    contexts = []

    def open_(*, javascript, viewport, user=None):
        context = browser.new_context(java_script_enabled=javascript, viewport=viewport, locale="de-DE")
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
            context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
        return page

    yield open_
    for context in contexts:
        context.close()


def navigation(page):
    return page.get_by_role("navigation", name="Hauptnavigation")


def open_main_menu(page):
    page.locator("#main-nav > summary").click()


@pytest.mark.parametrize(
    ("link", "path"), [("Artikel", "/artikel/"), ("Forum", "/forum/"), ("Anmelden", "/accounts/login/")]
)
def test_phone_reader_without_javascript_opens_the_menu_and_follows_its_links(open_context, live_server, link, path):
    page = open_context(javascript=False, viewport=PHONE)
    page.goto(live_server.url + "/")
    target = navigation(page).get_by_role("link", name=link, exact=True)
    assert not target.is_visible()
    open_main_menu(page)
    target.click()
    page.wait_for_url(live_server.url + path)


def test_phone_menu_opens_from_the_keyboard_without_javascript(open_context, live_server):
    page = open_context(javascript=False, viewport=PHONE)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site name
    page.keyboard.press("Tab")  # the menu toggle
    assert page.evaluate("document.activeElement.matches('#main-nav > summary')")
    page.keyboard.press("Enter")
    assert navigation(page).get_by_role("link", name="Forum", exact=True).is_visible()


def test_desktop_reader_sees_the_links_without_a_menu_toggle(open_context, live_server):
    page = open_context(javascript=False, viewport=DESKTOP)
    page.goto(live_server.url + "/")
    assert not page.locator("#main-nav > summary").is_visible()
    for name in ("Artikel", "Forum", "Anmelden", "Registrieren"):
        assert navigation(page).get_by_role("link", name=name, exact=True).is_visible()


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_member_opens_the_user_menu_and_logs_out(open_context, live_server, member, javascript, viewport):
    page = open_context(javascript=javascript, viewport=viewport, user=member)
    page.goto(live_server.url + "/forum/")
    if viewport is PHONE:
        open_main_menu(page)
    profile = navigation(page).get_by_role("link", name="Mein Profil")
    assert not profile.is_visible()
    navigation(page).locator("summary", has_text="Martha Member").click()
    assert profile.is_visible()
    navigation(page).get_by_role("button", name="Abmelden").click()
    page.wait_for_url(live_server.url + "/")
    if viewport is PHONE:
        open_main_menu(page)
    assert navigation(page).get_by_role("link", name="Anmelden", exact=True).is_visible()
    assert "Martha Member" not in navigation(page).inner_text()
    assert page.errors == []


def test_with_javascript_the_user_menu_closes_on_escape_and_on_a_click_elsewhere(open_context, live_server, member):
    page = open_context(javascript=True, viewport=DESKTOP, user=member)
    page.goto(live_server.url + "/")
    toggle = navigation(page).locator("summary", has_text="Martha Member")
    profile = navigation(page).get_by_role("link", name="Mein Profil")
    toggle.click()
    page.keyboard.press("Escape")
    assert not profile.is_visible()
    assert toggle.evaluate("node => node === document.activeElement")
    toggle.click()
    page.locator("main h1").first.click()
    assert not profile.is_visible()
