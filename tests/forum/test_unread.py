"""Unread threads and posts for members: lists, the jump to the first unread post, marking all as read."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from forum import reading, services, unread
from forum.models import Category, Post, ReadingPreference, ReadMark, Thread, ThreadRead
from tests.forum.conftest import build_thread, reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, other_member):
    client.force_login(other_member)
    return client


def read_position(user, thread):
    return ThreadRead.objects.filter(user=user, thread=thread).values_list("last_position", flat=True).first()


def test_thread_never_opened_is_new_on_the_category_page(reader, thread, category):
    response = reader.get(category.get_absolute_url())
    assert [t.is_new for t in response.context["threads"]] == [True]
    assert "forum-unread" in response.text


def test_reading_a_thread_marks_it_read_in_the_category(reader, thread, category, other_member):
    reader.get(thread.get_absolute_url())
    assert read_position(other_member, thread) == 1
    response = reader.get(category.get_absolute_url())
    assert [t.is_unread for t in response.context["threads"]] == [False]
    assert "forum-unread" not in response.text


def test_new_replies_after_reading_show_their_count(reader, thread, category, member):
    reader.get(thread.get_absolute_url())
    reply(thread, member)
    reply(thread, member)
    (row,) = reader.get(category.get_absolute_url()).context["threads"]
    assert (row.is_unread, row.is_new, row.unread_count) == (True, False, 2)


def test_a_new_thread_says_new_and_counts_no_posts(reader, thread, category, member):
    reply(thread, member)
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(category.get_absolute_url())
    (row,) = response.context["threads"]
    assert (row.is_unread, row.is_new, row.unread_count) == (True, True, 0)
    assert not [query for query in queries if "capped" in query["sql"]]
    assert "neu" in response.text


def test_more_unread_posts_than_the_cap_say_more_than(reader, category, member, other_member, settings):
    thread = build_thread(category, member, unread.UNREAD_COUNT_CAP + 25)  # 126 posts, 20 read
    reader.get(thread.get_absolute_url(), {"view": "chrono"})  # page 1: read up to 20
    (row,) = reader.get(category.get_absolute_url()).context["threads"]
    assert (row.unread_count, row.unread_more) == (unread.UNREAD_COUNT_CAP, True)
    assert f"mehr als {unread.UNREAD_COUNT_CAP} ungelesen" in reader.get(category.get_absolute_url()).text
    assert "mehr als" in reader.get("/").text  # the home page's row says so too

    # Exactly at the cap: the count itself.
    Post.objects.filter(thread=thread, position__gt=20 + unread.UNREAD_COUNT_CAP).update(is_hidden=True)
    (row,) = reader.get(category.get_absolute_url()).context["threads"]
    assert (row.unread_count, row.unread_more) == (unread.UNREAD_COUNT_CAP, False)
    assert f"{unread.UNREAD_COUNT_CAP} ungelesen" in reader.get(category.get_absolute_url()).text


def test_anonymous_reading_writes_no_read_position(client, thread):
    client.get(thread.get_absolute_url())
    assert not ThreadRead.objects.exists()


def test_reading_a_read_page_again_writes_nothing(reader, thread, member):
    reply(thread, member)
    reader.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        reader.get(thread.get_absolute_url())
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]


def test_threads_without_activity_since_the_cut_off_count_as_read(reader, thread, category, settings):
    settings.FORUM_UNREAD_DAYS = 90
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=timezone.now() - timedelta(days=91))
    Post.objects.filter(thread=thread).update(created_at=timezone.now() - timedelta(days=91))
    (row,) = reader.get(category.get_absolute_url()).context["threads"]
    assert not row.is_unread


def test_a_new_reply_in_an_old_thread_counts_only_itself(reader, thread, category, member, settings):
    settings.FORUM_UNREAD_DAYS = 90
    Post.objects.filter(thread=thread).update(created_at=timezone.now() - timedelta(days=200))
    Thread.objects.filter(pk=thread.pk).update(created_at=timezone.now() - timedelta(days=200))
    reply(thread, member)
    response = reader.get(category.get_absolute_url())
    (row,) = response.context["threads"]
    # Never opened, but started before the cut-off: not "new", one unread post.
    assert (row.is_unread, row.is_new, row.unread_count) == (True, False, 1)
    assert "1 ungelesen" in response.text


def test_mark_all_read_clears_every_category(reader, thread, member, other_category):
    other = services.start_thread(category=other_category, author=member, title="Drüben", body="x")
    response = reader.post(reverse("forum:mark_read"))
    assert response.status_code == 302
    assert ReadMark.objects.filter(category=None).count() == 1
    for category in (thread.category, other.category):
        assert not any(t.is_unread for t in reader.get(category.get_absolute_url()).context["threads"])
    assert not reader.get(reverse("forum:unread_list")).context["threads"]


def test_mark_category_read_leaves_other_categories_unread(reader, thread, member, category, other_category):
    services.start_thread(category=other_category, author=member, title="Drüben", body="x")
    reader.post(reverse("forum:category_mark_read", args=[category.slug]))
    assert not reader.get(category.get_absolute_url()).context["threads"][0].is_unread
    assert reader.get(other_category.get_absolute_url()).context["threads"][0].is_unread


def test_mark_all_read_twice_keeps_one_row(reader, thread, other_member):
    reader.post(reverse("forum:mark_read"))
    reader.post(reverse("forum:mark_read"))
    assert ReadMark.objects.filter(user=other_member).count() == 1


def test_reply_after_mark_all_read_is_unread(reader, thread, member, category):
    reader.post(reverse("forum:mark_read"))
    reply(thread, member)
    (row,) = reader.get(category.get_absolute_url()).context["threads"]
    assert (row.is_unread, row.unread_count) == (True, 1)


def test_mark_read_refuses_get(reader):
    assert reader.get(reverse("forum:mark_read")).status_code == 405


def test_mark_read_asks_anonymous_readers_to_log_in(client, category):
    response = client.post(reverse("forum:category_mark_read", args=[category.slug]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not ReadMark.objects.exists()


def test_mark_read_of_unknown_category_is_404(reader):
    assert reader.post(reverse("forum:category_mark_read", args=["gibt-es-nicht"])).status_code == 404


def test_index_shows_which_categories_hold_unread_threads(reader, thread, category, other_category):
    categories = {c.slug: c.has_unread for c in reader.get(reverse("forum:index")).context["categories"]}
    assert categories == {"allgemeines": True, "technik": False}
    reader.get(thread.get_absolute_url())
    categories = {c.slug: c.has_unread for c in reader.get(reverse("forum:index")).context["categories"]}
    assert categories == {"allgemeines": False, "technik": False}


def test_home_page_marks_unread_threads(reader, thread):
    response = reader.get(reverse("portal:home"))
    assert [t.is_new for t in response.context["threads"]] == [True]
    assert reverse("forum:thread_first_unread", args=[thread.pk]) in response.text


def test_anonymous_pages_carry_no_unread_marks(client, thread, category):
    for url in (category.get_absolute_url(), reverse("forum:index"), reverse("portal:home")):
        assert "forum-unread" not in client.get(url).text


# --- The jump to the first unread post ------------------------------------------------------------------------


def test_jump_goes_to_page_and_anchor_of_first_unread_post_chronological(reader, category, member, other_member):
    thread = build_thread(category, member, 60)
    unread.advance(user=other_member, thread=thread, position=45)
    target = Post.objects.get(thread=thread, position=46)
    response = reader.get(reverse("forum:thread_first_unread", args=[thread.pk]), {"view": "chrono"})
    assert response["Location"].endswith(f"?view=chrono&page=3#post-{target.pk}")


def test_jump_goes_to_first_unread_in_reading_order_threaded(reader, category, member, other_member):
    thread = services.start_thread(category=category, author=member, title="Baum", body="x")
    first = reply(thread, member)  # 2, branch 1
    second = reply(thread, member)  # 3, branch 2
    unread.advance(user=other_member, thread=thread, position=3)
    reply(thread, member, parent=second)  # 4, in branch 2
    deep = reply(thread, member, parent=first)  # 5, in branch 1: comes first in the threaded order
    response = reader.get(reverse("forum:thread_first_unread", args=[thread.pk]), {"view": "threaded"})
    assert response["Location"].endswith(f"#post-{deep.pk}")
    response = reader.get(reverse("forum:thread_first_unread", args=[thread.pk]), {"view": "chrono"})
    assert response["Location"].endswith(f"#post-{deep.pk - 1}")


def test_thread_page_marks_where_unread_begins(reader, thread, member, other_member):
    reader.get(thread.get_absolute_url())
    new = reply(thread, member)
    response = reader.get(thread.get_absolute_url())
    assert response.context["first_unread"] == new
    assert 'id="unread"' in response.text
    # Everything unread was on this page: no jump elsewhere, and no line on the next visit.
    assert "forum-first-unread" not in response.text
    assert 'id="unread"' not in reader.get(thread.get_absolute_url()).text


def test_thread_page_links_to_unread_posts_on_other_pages(reader, category, member, other_member):
    thread = build_thread(category, member, 30)
    response = reader.get(thread.get_absolute_url(), {"view": "chrono", "page": 2})
    assert reverse("forum:thread_first_unread", args=[thread.pk]) in response.text


def test_jump_when_all_is_read_goes_to_the_last_post(reader, thread, member):
    last = reply(thread, member)
    reader.get(thread.get_absolute_url())
    response = reader.get(reverse("forum:thread_first_unread", args=[thread.pk]), {"view": "chrono"})
    assert response["Location"].endswith(f"#post-{last.pk}")


def test_jump_into_a_hidden_thread_is_404(reader, thread, moderator):
    services.hide_thread(thread=thread, moderator=moderator, reason="Spam")
    assert reader.get(reverse("forum:thread_first_unread", args=[thread.pk])).status_code == 404


def test_jump_asks_anonymous_readers_to_log_in(client, thread):
    assert client.get(reverse("forum:thread_first_unread", args=[thread.pk])).status_code == 302


# --- The read position ----------------------------------------------------------------------------------------


def test_threaded_page_does_not_count_branches_of_later_pages_as_read(reader, category, member, other_member):
    thread = services.start_thread(category=category, author=member, title="Baum", body="x")
    branches = [reply(thread, member) for _ in range(12)]  # 2..13: branches 1..12, page 2 holds 11 and 12
    reply(thread, member, parent=branches[0])  # 14: in branch 1, on page 1
    reader.get(thread.get_absolute_url(), {"view": "threaded"})
    assert read_position(other_member, thread) == 11
    reader.get(thread.get_absolute_url(), {"view": "threaded", "page": 2})
    # Up to 13; 14 was shown before 12 and 13 were, and a position cannot say so: it stays unread (never the
    # other way round).
    assert read_position(other_member, thread) == 13


def test_chronological_page_far_ahead_does_not_count_the_pages_between(reader, category, member, other_member):
    thread = build_thread(category, member, 60)
    reader.get(thread.get_absolute_url(), {"view": "chrono", "page": 3})
    assert read_position(other_member, thread) is None
    reader.get(thread.get_absolute_url(), {"view": "chrono", "page": 1})
    assert read_position(other_member, thread) == 20


def test_read_position_never_moves_back(thread, other_member):
    unread.advance(user=other_member, thread=thread, position=5)
    unread.advance(user=other_member, thread=thread, position=3)
    assert read_position(other_member, thread) == 5


def test_reply_written_while_the_page_is_rendered_stays_unread(
    reader, thread, member, other_member, category, monkeypatch
):
    """A reply committed between reading the page's posts and storing the read position: the position stops
    before it, so the reader who never saw it still finds it unread."""
    reply(thread, member)  # 2
    original = reading.chronological_page

    def page_then_reply(*args, **kwargs):
        posts = original(*args, **kwargs)
        reply(thread, member, body="Gleichzeitig")  # 3
        return posts

    monkeypatch.setattr(reading, "chronological_page", page_then_reply)
    reader.get(thread.get_absolute_url(), {"view": "chrono"})
    assert read_position(other_member, thread) == 2
    monkeypatch.undo()
    (row,) = reader.get(category.get_absolute_url()).context["threads"]
    assert (row.is_unread, row.unread_count) == (True, 1)


def test_held_reply_of_another_member_does_not_block_the_read_position(reader, thread, member, other_member, settings):
    from tests.conftest import make_user

    settings.FORUM_HOLD_FIRST_POSTS = 1
    held = reply(thread, make_user("neuling"))  # 2, held
    assert held.status == Post.Status.HELD
    settings.FORUM_HOLD_FIRST_POSTS = 0
    reply(thread, member)  # 3
    reader.get(thread.get_absolute_url(), {"view": "chrono"})
    assert read_position(other_member, thread) == 3


# --- "Neu für dich" -------------------------------------------------------------------------------------------


def test_unread_list_shows_unread_threads_newest_first(reader, member, category, other_category):
    old = services.start_thread(category=category, author=member, title="Älter", body="x")
    new = services.start_thread(category=other_category, author=member, title="Neuer", body="x")
    read = services.start_thread(category=category, author=member, title="Gelesen", body="x")
    reader.get(read.get_absolute_url())
    response = reader.get(reverse("forum:unread_list"))
    assert list(response.context["threads"]) == [new, old]


def test_unread_list_leaves_out_hidden_and_held_threads(reader, thread, member, moderator, category, settings):
    services.hide_thread(thread=thread, moderator=moderator, reason="Spam")
    settings.FORUM_HOLD_FIRST_POSTS = 5
    services.start_thread(category=category, author=member, title="Wartet", body="x")
    assert not reader.get(reverse("forum:unread_list")).context["threads"]


def test_unread_list_is_paginated(reader, member, category, settings):
    settings.FORUM_THREADS_PER_PAGE = 2
    for number in range(3):
        services.start_thread(category=category, author=member, title=f"Thema {number}", body="x")
    assert len(reader.get(reverse("forum:unread_list")).context["threads"]) == 2
    assert len(reader.get(reverse("forum:unread_list"), {"page": 2}).context["threads"]) == 1
    assert reader.get(reverse("forum:unread_list"), {"page": 3}).status_code == 404


def test_unread_list_asks_anonymous_readers_to_log_in(client):
    assert client.get(reverse("forum:unread_list")).status_code == 302


# --- Query budgets --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 30])
def test_unread_lists_cost_the_same_number_of_queries_at_any_size(
    reader, member, other_member, django_assert_max_num_queries, size
):
    categories = baker.make(Category, _quantity=3)
    for number in range(size):
        thread = services.start_thread(category=categories[number % 3], author=member, title=f"T {number}", body="x")
        reply(thread, member)
        if number % 2:
            unread.advance(user=other_member, thread=thread, position=1)
    ReadMark.objects.create(user=other_member, category=categories[1], marked_at=timezone.now() - timedelta(days=1))
    # Each page's rows: one get_many from the fragment cache (the database cache in tests), one write on a miss.
    for url, budget in [
        (reverse("forum:index"), 8 + 2),
        (categories[0].get_absolute_url(), 11 + 2),
        (reverse("forum:unread_list"), 9 + 2),
        (reverse("portal:home"), 9 + 2),
    ]:
        with django_assert_max_num_queries(budget):
            assert reader.get(url).status_code == 200


@pytest.mark.parametrize("size", [10, 300])
@pytest.mark.parametrize("view", ["threaded", "chrono"])
def test_member_thread_page_with_unread_posts_costs_the_same_at_any_size(
    reader, category, member, other_member, django_assert_max_num_queries, size, view
):
    thread = build_thread(category, member, size)
    reply(thread, member)  # a post of today: the built posts may count as older than the cut-off otherwise
    ReadingPreference.objects.create(user=other_member, thread_view=view)
    with django_assert_max_num_queries(15):  # with the fragment cache's read and write
        response = reader.get(thread.get_absolute_url(), {"view": view})
    assert response.status_code == 200
    assert response.context["first_unread"] is not None
    assert read_position(other_member, thread) is not None


@pytest.mark.django_db(transaction=True)
def test_reading_while_others_reply_never_counts_an_unseen_post_as_read(category, member, other_member, settings):
    from concurrent.futures import ThreadPoolExecutor

    from django.test import Client

    from tests.conftest import make_user

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    settings.FORUM_POSTS_PER_PAGE = 100
    thread = services.start_thread(category=category, author=member, title="Ansturm", body="Los!")
    writers = [make_user(f"schnell{number}") for number in range(20)]

    def write(author):
        try:
            services.reply_to_thread(thread=thread, author=author, body=f"Von {author.username}")
        finally:
            connection.close()

    def read(_):
        client = Client()
        client.force_login(other_member)
        try:
            response = client.get(thread.get_absolute_url(), {"view": "chrono"})
            return {post.position for post in response.context["posts"]}
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        writes = [pool.submit(write, author) for author in writers]
        reads = [pool.submit(read, number) for number in range(20)]
        [future.result() for future in writes]
        seen = set().union(*(future.result() for future in reads))

    position = read_position(other_member, thread)
    assert set(range(1, position + 1)) <= seen
    client = Client()
    client.force_login(other_member)
    (row,) = client.get(category.get_absolute_url()).context["threads"]
    assert row.unread_count == 21 - position
    client.get(thread.get_absolute_url(), {"view": "chrono"})
    assert read_position(other_member, thread) == 21


def test_the_jump_link_stays_while_unread_posts_remain_on_other_pages(reader, category, member, other_member):
    thread = build_thread(category, member, 50)  # posts 1..51
    unread.advance(user=other_member, thread=thread, position=10)
    response = reader.get(thread.get_absolute_url(), {"view": "chrono"})
    assert response.context["is_unread"]  # pages 2 and 3 are still unread
    reader.get(thread.get_absolute_url(), {"view": "chrono", "page": 2})
    response = reader.get(thread.get_absolute_url(), {"view": "chrono", "page": 3})
    assert response.context["first_unread"].position == 41
    assert not response.context["is_unread"]
