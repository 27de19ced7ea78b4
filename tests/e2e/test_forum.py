"""Browser test: reply to a specific post in the threaded view, see it nested; a moderator hides it."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from model_bakery import baker

from forum import services
from forum.models import Category

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE"}


def log_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def watched_page(page, live_server):
    """The page, recording console errors and every host it requests. Its browser context is closed at the end,
    so that the live server's keep-alive connections (and their database connections) end before the test
    database is dropped."""
    page.errors, page.hosts = [], set()
    # The site has no favicon yet (not the forum's business): the browser's automatic request for it is ignored.
    page.on(
        "console",
        lambda message: (
            page.errors.append(message.text)
            if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: page.hosts.add(urlsplit(request.url).netloc))
    yield page
    page.context.close()


def test_member_replies_nested_and_moderator_hides_the_reply(
    watched_page, browser, live_server, settings, member, other_member, moderator
):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    page = watched_page
    category = baker.make(Category, name="Allgemeines", slug="allgemeines")
    thread = services.start_thread(category=category, author=other_member, title="Sauerteig", body="Wie füttern?")
    target = services.reply_to_thread(thread=thread, author=other_member, body="Mit Roggenmehl.")
    services.reply_to_thread(thread=thread, author=other_member, body="Eine andere Antwort.")

    log_in(page.context, live_server, member)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}?view=threaded")
    page.locator(f"#post-{target.pk}").get_by_role("link", name="Antworten").click()
    page.get_by_label("Deine Antwort").fill("Genau, Roggen ist am besten!")
    page.get_by_role("button", name="Antwort senden").click()

    page.wait_for_url("**#post-*")
    reply_id = page.url.rsplit("#post-", 1)[1]
    article = page.locator(f"#post-{reply_id}")
    assert "Genau, Roggen ist am besten!" in article.inner_text()
    assert "forum-indent-2" in article.get_attribute("class")
    # Nested directly below the post it answers, before the other top-level reply.
    ids = page.locator("article.forum-post").evaluate_all("nodes => nodes.map(n => n.id)")
    assert ids.index(f"post-{reply_id}") == ids.index(f"post-{target.pk}") + 1

    moderator_context = browser.new_context(locale="de-DE")
    log_in(moderator_context, live_server, moderator)
    moderator_page = moderator_context.new_page()
    moderator_page.goto(f"{live_server.url}{thread.get_absolute_url()}?view=threaded")
    moderator_page.locator(f"#post-{reply_id}").get_by_role("link", name="Moderieren").click()
    moderator_page.get_by_label("Grund").fill("Bitte beim Thema bleiben")
    moderator_page.get_by_role("button", name="Beitrag ausblenden").click()
    moderator_page.wait_for_url(f"**{thread.get_absolute_url()}**")
    moderator_context.close()

    page.reload()
    hidden = page.locator(f"#post-{reply_id}")
    assert "Von der Moderation ausgeblendet: Bitte beim Thema bleiben" in hidden.inner_text()
    assert "Roggen ist am besten" not in hidden.inner_text()

    assert page.errors == []
    assert page.hosts == {urlsplit(live_server.url).netloc}


@pytest.mark.parametrize("width", [390, 1280])
def test_markdown_headings_and_wide_tables_stay_inside_a_post(watched_page, live_server, settings, member, width):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    page = watched_page
    page.set_viewport_size({"width": width, "height": 800})
    category = baker.make(Category, name="Allgemeines", slug="allgemeines")
    columns = " | ".join(f"Spalte{n}" for n in range(20))
    body = f"# Riesige Überschrift\n\nText\n\n| {columns} |\n|{'---|' * 20}\n| {columns} |"
    thread = services.start_thread(category=category, author=member, title="Tabellen", body=body)

    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    post = page.locator("article.forum-post").first
    sizes = post.locator("h1, p").evaluate_all("nodes => nodes.map(n => parseFloat(getComputedStyle(n).fontSize))")
    assert sizes[0] == sizes[1]  # the Markdown heading is as large as the text around it
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    table = post.locator("table").bounding_box()
    assert table["x"] + table["width"] <= post.bounding_box()["x"] + post.bounding_box()["width"]
    assert page.errors == []
    assert page.hosts == {urlsplit(live_server.url).netloc}


def test_moderation_queue_heading_fits_a_phone_without_breaking_the_word(watched_page, live_server, moderator):
    page = watched_page
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page.context, live_server, moderator)
    page.goto(f"{live_server.url}{reverse('forum:moderation_queue')}")
    heading = page.get_by_role("heading", level=1, name="Moderationswarteschlange")
    line_height = heading.evaluate("node => parseFloat(getComputedStyle(node).lineHeight)")
    assert heading.bounding_box()["height"] < 1.5 * line_height  # one line: "Moderationswarteschlang|e" was two
    assert page.errors == []


def test_member_without_javascript_replies_and_lands_on_the_reply_with_a_confirmation(
    browser, live_server, settings, member, other_member
):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    category = baker.make(Category, name="Allgemeines", slug="allgemeines")
    thread = services.start_thread(category=category, author=other_member, title="Sauerteig", body="Wie füttern?")
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        log_in(context, live_server, member)
        page = context.new_page()
        page.goto(f"{live_server.url}{thread.get_absolute_url()}")
        page.get_by_label("Deine Antwort").fill("Mit Roggenmehl, jeden Tag.")
        page.get_by_role("button", name="Antwort senden").click()
        page.wait_for_url("**#post-*")
        assert page.get_by_role("status").filter(has_text="Deine Antwort ist veröffentlicht.").is_visible()
        reply_id = page.url.rsplit("#post-", 1)[1]
        assert "Mit Roggenmehl, jeden Tag." in page.locator(f"#post-{reply_id}").inner_text()
    finally:
        context.close()
