"""Denormalised counters stay exact through every path: post, hide, unhide, delete, move, approve."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from forum import services
from forum.models import Category, Post, Thread
from tests.conftest import make_user
from tests.forum.conftest import reply


def recount():
    """Counters computed from scratch: {thread pk: (post_count, last_post pk)}, {category pk: (...)}."""
    threads = {}
    for thread in Thread.objects.all():
        counted = Post.objects.counted().filter(thread=thread).order_by("position")
        threads[thread.pk] = (counted.count(), counted.last().pk if counted else None)
    categories = {}
    for category in Category.objects.all():
        listed = Thread.objects.visible().filter(category=category)
        posts = Post.objects.counted().filter(thread__in=listed)
        latest = listed.exclude(last_post=None).order_by("-last_activity_at").first()
        categories[category.pk] = (listed.count(), posts.count(), latest.last_post_id if latest else None)
    return threads, categories


def stored():
    threads = {t.pk: (t.post_count, t.last_post_id) for t in Thread.objects.all()}
    categories = {c.pk: (c.thread_count, c.post_count, c.last_post_id) for c in Category.objects.all()}
    return threads, categories


def assert_counters_exact():
    assert stored() == recount()


@pytest.mark.django_db
def test_counters_after_new_thread_and_replies(thread, member, other_member):
    reply(thread, other_member)
    reply(thread, member)
    assert_counters_exact()
    assert Thread.objects.get().post_count == 3


@pytest.mark.django_db
def test_counters_after_hiding_and_unhiding_the_last_post(thread, other_member, moderator):
    last = reply(thread, other_member)
    services.hide_post(post=last, moderator=moderator, reason="Spam")
    assert_counters_exact()
    assert Thread.objects.get().last_post == thread.posts.get(position=1)
    services.unhide_post(post=last, moderator=moderator)
    assert_counters_exact()
    assert Thread.objects.get().last_post == last


@pytest.mark.django_db
def test_counters_after_the_author_deletes_a_post(thread, member):
    mine = reply(thread, member)
    services.delete_post(post=mine, user=member)
    assert_counters_exact()
    assert Thread.objects.get().post_count == 1


@pytest.mark.django_db
def test_counters_after_moving_a_thread(thread, other_category, other_member, moderator):
    reply(thread, other_member)
    services.move_thread(thread=thread, moderator=moderator, category=other_category)
    assert_counters_exact()
    assert Category.objects.get(pk=other_category.pk).post_count == 2


@pytest.mark.django_db
def test_counters_after_hiding_and_unhiding_a_thread(thread, other_member, moderator):
    reply(thread, other_member)
    services.hide_thread(thread=thread, moderator=moderator, reason="Doppelt")
    assert_counters_exact()
    assert Category.objects.get().thread_count == 0
    services.unhide_thread(thread=thread, moderator=moderator)
    assert_counters_exact()


@pytest.mark.django_db
def test_counters_after_approving_held_posts_and_threads(settings, thread, category, other_member, moderator):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    held_reply = reply(thread, other_member)
    held_thread = services.start_thread(category=category, author=make_user("neu"), title="Neu", body="x")
    assert_counters_exact()
    services.approve_post(post=held_reply, moderator=moderator)
    services.approve_post(post=held_thread.posts.get(), moderator=moderator)
    assert_counters_exact()
    assert Category.objects.get().thread_count == 2


@pytest.mark.django_db
def test_counters_when_hiding_a_deleted_post(thread, member, moderator):
    mine = reply(thread, member)
    services.delete_post(post=mine, user=member)
    services.hide_post(post=mine, moderator=moderator, reason="x")
    services.unhide_post(post=mine, moderator=moderator)
    assert_counters_exact()


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_replies_leave_post_count_and_last_post_exact(category, member):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    thread = services.start_thread(category=category, author=member, title="Ansturm", body="Los!")
    authors = [make_user(f"schnell{number}") for number in range(50)]

    def write(author):
        try:
            return services.reply_to_thread(thread=thread, author=author, body=f"Von {author.username}").pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        created = list(pool.map(write, authors))

    thread.refresh_from_db()
    newest = Post.objects.filter(thread=thread).order_by("-position").first()
    assert len(set(created)) == 50
    assert thread.post_count == 51
    assert thread.last_post_id == newest.pk
    assert sorted(Post.objects.filter(thread=thread).values_list("position", flat=True)) == list(range(1, 52))
    assert Category.objects.get(pk=category.pk).post_count == 51
    assert_counters_exact()


@pytest.mark.django_db
def test_counters_after_restoring_a_deleted_post(thread, member, moderator):
    mine = reply(thread, member)
    services.delete_post(post=mine, user=member)
    services.restore_post(post=mine, moderator=moderator)
    assert_counters_exact()
    assert Thread.objects.get().last_post == mine


@pytest.mark.django_db
def test_counters_after_moving_a_hidden_thread_and_showing_it_again(thread, other_category, other_member, moderator):
    reply(thread, other_member)
    services.hide_thread(thread=thread, moderator=moderator, reason="x")
    services.move_thread(thread=thread, moderator=moderator, category=other_category)
    assert_counters_exact()
    services.unhide_thread(thread=thread, moderator=moderator)
    assert_counters_exact()
    assert Category.objects.get(pk=other_category.pk).thread_count == 1
