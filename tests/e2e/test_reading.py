"""Browser tests: the jump to the first unread post, marking a solution, a like through htmx."""

import pytest
from model_bakery import baker

from forum import services, unread
from forum.models import Category, Post
from tests.e2e.test_forum import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def watched_page(site_page):
    """The page of tests/e2e/conftest.py; its context closed at the end (the live server's keep-alive connections
    and their database connections end before the test database is dropped)."""
    yield site_page
    site_page.context.close()


@pytest.fixture(autouse=True)
def _forum_settings(settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    settings.FORUM_POSTS_PER_PAGE = 20


def test_member_jumps_from_the_category_to_the_first_unread_post(watched_page, live_server, member, other_member):
    page = watched_page
    category = baker.make(Category, name="Allgemeines", slug="allgemeines")
    thread = services.start_thread(category=category, author=other_member, title="Langes Thema", body="Los geht's")
    for number in range(2, 31):
        services.reply_to_thread(thread=thread, author=other_member, body=f"Antwort {number}")
    unread.advance(user=member, thread=thread, position=25)
    first_unread = Post.objects.get(thread=thread, position=26)

    log_in(page.context, live_server, member)
    page.goto(f"{live_server.url}{category.get_absolute_url()}")
    page.get_by_role("link", name="5 ungelesen").click()
    page.wait_for_url(f"**#post-{first_unread.pk}")
    assert "view=threaded&page=3" in page.url  # the 25th top-level reply, ten to a page
    target = page.locator(f"#post-{first_unread.pk}")
    assert "Antwort 26" in target.inner_text()
    assert target.is_visible()
    # The browser jumped to it: scrolled down, the post's top inside the window (as near the top as the page allows).
    # The URL is committed before the page has loaded and scrolled to its anchor: wait for the scroll (fails if none).
    page.wait_for_function("window.scrollY > 0", timeout=5000)
    top = page.evaluate(f"document.getElementById('post-{first_unread.pk}').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]
    assert page.locator("#unread").is_visible()  # the "Ungelesene Beiträge" line above it

    page.goto(f"{live_server.url}{category.get_absolute_url()}")
    assert page.get_by_role("link", name="5 ungelesen").count() == 0
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_asker_marks_a_reply_as_the_solution(watched_page, live_server, member, other_member):
    page = watched_page
    category = baker.make(Category, name="Fragen", slug="fragen", is_question=True)
    thread = services.start_thread(category=category, author=member, title="Wie entkalke ich?", body="Hilfe!")
    answer = services.reply_to_thread(thread=thread, author=other_member, body="Mit Zitronensäure.")
    services.reply_to_thread(thread=thread, author=other_member, body="Mit Essig.")

    log_in(page.context, live_server, member)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.locator(f"#post-{answer.pk}").get_by_role("button", name="Als Lösung markieren").click()
    page.wait_for_url(f"**#post-{answer.pk}")
    box = page.locator(".forum-solution")
    assert "Mit Zitronensäure." in box.inner_text()
    box.get_by_role("link", name="Zur Lösung im Thema").click()
    page.wait_for_url(f"**#post-{answer.pk}")
    assert "Lösung" in page.locator(f"#post-{answer.pk}").inner_text()

    page.goto(f"{live_server.url}{category.get_absolute_url()}")
    assert page.get_by_text("gelöst").count() == 1
    page.get_by_role("link", name="Offene Fragen").click()
    assert page.get_by_text("Wie entkalke ich?").count() == 0
    assert page.console_errors == []


def test_a_like_swaps_the_button_in_place_with_htmx(watched_page, live_server, member, other_member):
    page = watched_page
    category = baker.make(Category, name="Allgemeines", slug="allgemeines")
    thread = services.start_thread(category=category, author=other_member, title="Ein Thema", body="Gefällt's?")
    post = thread.posts.get()

    log_in(page.context, live_server, member)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    url_before = page.url
    page.locator(f"#post-{post.pk}").get_by_role("button", name="Gefällt mir").click()
    page.locator(f"#post-{post.pk}").get_by_role("button", name="Gefällt dir").wait_for()
    assert page.url == url_before  # swapped in place, no page load
    assert "1 × Gefällt mir" in page.locator(f"#post-{post.pk}").inner_text()
    post.refresh_from_db()
    assert post.like_count == 1
    # The swapped button works again, in place: it takes the like back.
    page.locator(f"#post-{post.pk}").get_by_role("button", name="Gefällt dir").click()
    page.locator(f"#post-{post.pk}").get_by_role("button", name="Gefällt mir").wait_for()
    assert page.url == url_before
    assert page.locator(f"#post-{post.pk} .forum-like").count() == 1  # the span replaced, not nested
    post.refresh_from_db()
    assert post.like_count == 0
    assert page.console_errors == []


def test_quoting_a_selection_puts_only_that_into_the_reply(watched_page, live_server, member, other_member):
    page = watched_page
    category = baker.make(Category, name="Allgemeines", slug="allgemeines")
    thread = services.start_thread(category=category, author=other_member, title="Zitate", body="Einleitung.")
    post = services.reply_to_thread(thread=thread, author=other_member, body="Erster Satz. Zweiter Satz.")

    log_in(page.context, live_server, member)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    page.evaluate(
        """id => {
            const text = document.querySelector(`#post-${id} .forum-post-body p`).firstChild;
            const range = document.createRange();
            range.setStart(text, text.data.indexOf("Zweiter"));
            range.setEnd(text, text.data.length);
            window.getSelection().removeAllRanges();
            window.getSelection().addRange(range);
        }""",
        post.pk,
    )
    page.locator(f"#post-{post.pk}").get_by_role("link", name="Zitieren").click()
    page.wait_for_url("**/antworten/**")
    body = page.get_by_label("Deine Antwort").input_value()
    assert body.endswith("> Zweiter Satz.\n\n")
    assert "Erster Satz" not in body
    assert page.console_errors == []
