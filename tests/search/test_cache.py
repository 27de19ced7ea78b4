"""The result cache (search/cache.py): a repeated search is read from the cache, and still never shows what the
reader may not read — after a hide, a deletion or a held reply, in another reader's scope — and is still logged."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from forum.models import Post
from search import log as search_log
from search.models import QueryLog
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db

SECRET = "Geheimrezept"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Writes as in production: their after-commit work (the page cache's new generation) runs."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def public_thread(start_thread, committing):
    with committing():
        return start_thread("Öffentliches Thema", f"Hier steht das {SECRET}.")


def searched(client, query, **params):
    """The response, and whether the search itself ran (a query on the search vectors)."""
    with CaptureQueriesContext(connection) as queries:
        response = search(client, query, **params)
    assert response.status_code == 200
    return response, any("search_vector" in query["sql"] for query in queries.captured_queries)


def test_repeated_search_is_read_from_the_cache(client, public_thread):
    first, searched_first = searched(client, SECRET)
    second, searched_second = searched(client, SECRET)
    assert searched_first and not searched_second
    assert titles(second) == titles(first) == ["Öffentliches Thema"]
    assert second.context["hits"][0].snippet == first.context["hits"][0].snippet
    assert second.context["results"].count == 1


@pytest.mark.parametrize("size", [3, 30])
def test_cached_results_page_needs_the_same_queries_at_any_size(
    client, member, start_thread, committing, size, django_assert_max_num_queries
):
    with committing():
        for number in range(size):
            start_thread(f"Tomaten {number}", "Tomaten im Hochbeet.")
    search(client, "Tomaten Hochbeet")
    # The categories of the filter, the cache (generation and page), the check of the ids shown, the result rows
    # (the fragment cache), the search log: queries here, on the database cache; with Redis three of them are not.
    with django_assert_max_num_queries(5):
        assert search(client, "Tomaten Hochbeet").status_code == 200
    client.force_login(member)
    search(client, "Tomaten Hochbeet")
    with django_assert_max_num_queries(9):  # and the session, the user, the layout's permissions and notifications
        assert search(client, "Tomaten Hochbeet").status_code == 200


def test_another_page_of_a_cached_search_does_not_search_again(client, start_thread, committing, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    with committing():
        for number in range(5):
            start_thread(f"Tomaten {number}", "Tomaten im Hochbeet.")
    first, _ = searched(client, "Tomaten")
    second, searched_again = searched(client, "Tomaten", page=2)
    assert not searched_again
    assert len(titles(second)) == 2 and not set(titles(second)) & set(titles(first))
    assert search(client, "Tomaten", page=4).status_code == 404


def test_post_hidden_after_the_search_was_cached_is_not_found_next_time(client, moderator, public_thread, committing):
    assert titles(search(client, SECRET)) == ["Öffentliches Thema"]
    with committing():
        services.hide_post(post=public_thread.posts.get(), moderator=moderator, reason="Test")
    response, searched_again = searched(client, SECRET)
    assert searched_again  # the hide started a new generation of the page cache
    assert titles(response) == [] and response.context["results"].count == 0
    assert "search-results" not in response.content.decode()


def test_held_reply_approved_after_the_search_was_cached_is_found_next_time(
    client, moderator, member, public_thread, committing, settings
):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    with committing():
        held = services.reply_to_thread(thread=public_thread, author=member, body="Quittengelee ist fertig.")
    assert held.status == Post.Status.HELD
    assert titles(search(client, "Quittengelee")) == []
    with committing():
        services.approve_post(post=held, moderator=moderator)
    assert titles(search(client, "Quittengelee")) == ["Öffentliches Thema"]


@pytest.mark.parametrize(
    "state",
    [{"status": Post.Status.HELD}, {"is_hidden": True}, {"is_deleted": True}],
    ids=["held", "hidden", "deleted"],
)
def test_post_changed_behind_the_services_is_not_shown_from_a_cached_page(client, member, public_thread, state):
    for reader in (None, member):
        if reader is not None:
            client.force_login(reader)
        assert titles(search(client, SECRET)) == ["Öffentliches Thema"]
    Post.objects.filter(thread=public_thread).update(**state)  # a bulk update: no new generation
    assert titles(search(client, SECRET)) == []
    client.logout()
    assert titles(search(client, SECRET)) == []


def test_members_only_posts_never_reach_an_anonymous_reader_through_the_cache(
    client, member, start_thread, members_category, committing
):
    with committing():
        start_thread("Interna", f"Unser {SECRET} bleibt hier.", category=members_category)
    client.force_login(member)
    assert titles(search(client, SECRET)) == ["Interna"]  # cached for members
    client.logout()
    response = search(client, SECRET)
    assert titles(response) == [] and response.context["results"].count == 0
    assert "Interna" not in response.content.decode()


def test_search_log_counts_searches_read_from_the_cache(client, member, public_thread):
    for _ in range(3):
        search(client, SECRET)
    client.force_login(member)
    search(client, SECRET.upper())
    search_log.flush()
    row = QueryLog.objects.get(query=SECRET.casefold())
    assert row.searches == 4 and row.results == 1


def test_rebuilding_the_index_makes_cached_searches_stale(client, public_thread, committing):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE forum_post SET search_vector = NULL")
    assert titles(search(client, SECRET)) == []
    with committing():
        call_command("rebuild_search_index", "--vectors", stdout=StringIO())
    assert titles(search(client, SECRET)) == ["Öffentliches Thema"]


def test_cached_page_of_threads_articles_and_comments_shows_them_all_again(
    client, public_thread, write_article, write_comment
):
    article = write_article(f"Das {SECRET} der Oma", "Mehl, Wasser, Salz.")
    other = write_article("Brot backen", "Ohne Geheimnis.")
    write_comment(other, f"Mein {SECRET} verrate ich nicht.")
    first, _ = searched(client, SECRET)
    second, searched_again = searched(client, SECRET)
    assert not searched_again
    expected = sorted([article.title, "Brot backen", "Öffentliches Thema"])
    assert sorted(titles(second)) == sorted(titles(first)) == expected
