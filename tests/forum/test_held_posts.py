import pytest
from django.urls import reverse

from forum import services
from forum.models import Post, Thread
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def hold_first_post(settings):
    # Requested after `thread` (whose author must not be held) in the tests' arguments.
    settings.FORUM_HOLD_FIRST_POSTS = 1


def test_first_post_of_a_new_member_waits_for_approval(client, thread, other_member, hold_first_post):
    client.force_login(other_member)
    client.post(reverse("forum:reply_create", args=[thread.pk]), {"body": "Hallo zusammen"})
    assert Post.objects.get(body="Hallo zusammen").status == Post.Status.HELD


def test_held_post_is_invisible_to_other_readers(client, thread, other_member, hold_first_post):
    post = reply(thread, other_member, "Wartender Beitrag")
    assert "Wartender Beitrag" not in client.get(thread.get_absolute_url()).text
    assert client.get(reverse("forum:post_permalink", args=[post.pk])).status_code == 404


def test_author_sees_own_held_post_marked_as_waiting(client, thread, other_member, hold_first_post):
    reply(thread, other_member, "Wartender Beitrag")
    client.force_login(other_member)
    text = client.get(thread.get_absolute_url()).text
    assert "Wartender Beitrag" in text
    assert "Wartet auf Freischaltung" in text


def test_second_post_after_an_approved_one_is_published(thread, other_member, moderator, hold_first_post):
    first = reply(thread, other_member, "Eins")
    services.approve_post(post=first, moderator=moderator)
    assert reply(thread, other_member, "Zwei").status == Post.Status.PUBLISHED


def test_new_members_first_thread_is_held_and_not_listed(hold_first_post, client, category, other_member):
    thread = services.start_thread(category=category, author=other_member, title="Neu hier", body="Hallo")
    assert thread.is_held
    assert "Neu hier" not in client.get(category.get_absolute_url()).text
    assert client.get(thread.get_absolute_url()).status_code == 404


def test_approving_a_held_thread_lists_it(hold_first_post, client, category, other_member, moderator):
    thread = services.start_thread(category=category, author=other_member, title="Neu hier", body="Hallo")
    services.approve_post(post=thread.posts.get(), moderator=moderator)
    category.refresh_from_db()
    assert category.thread_count == 1 and category.post_count == 1
    assert "Neu hier" in client.get(category.get_absolute_url()).text


def test_post_with_many_links_from_a_member_with_few_posts_is_held(settings, thread, other_member):
    settings.FORUM_MAX_LINKS_UNTRUSTED = 2
    settings.FORUM_TRUSTED_AFTER_POSTS = 10
    body = "https://a.example https://b.example https://c.example"
    assert reply(thread, other_member, body).status == Post.Status.HELD


def test_post_with_few_links_is_published(settings, thread, other_member):
    settings.FORUM_MAX_LINKS_UNTRUSTED = 2
    assert reply(thread, other_member, "https://a.example").status == Post.Status.PUBLISHED


def test_moderators_posts_are_never_held(thread, moderator, hold_first_post):
    assert reply(thread, moderator, "https://a.example " * 5).status == Post.Status.PUBLISHED


def test_rejected_post_stays_in_the_database_and_invisible_to_its_author(
    client, thread, other_member, moderator, hold_first_post
):
    post = reply(thread, other_member, "Abgelehnt")
    services.reject_post(post=post, moderator=moderator)
    assert Post.objects.get(pk=post.pk).status == Post.Status.REJECTED
    client.force_login(other_member)
    assert "Abgelehnt" not in client.get(thread.get_absolute_url()).text


def test_rejecting_a_held_threads_opening_post_takes_the_thread_away_from_its_author(
    hold_first_post, client, category, other_member, moderator
):
    thread = services.start_thread(category=category, author=other_member, title="Kaufe Uhren", body="Spam")
    client.force_login(moderator)
    client.post(reverse("forum:post_action", args=[thread.posts.get().pk, "reject"]), {"reason": "Werbung"})
    client.force_login(other_member)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Kaufe Uhren" not in client.get(category.get_absolute_url()).text
    category.refresh_from_db()
    assert (category.thread_count, category.post_count) == (0, 0)


def test_held_thread_is_not_counted_until_approved(hold_first_post, category, other_member):
    services.start_thread(category=category, author=other_member, title="Neu hier", body="Hallo")
    category.refresh_from_db()
    assert (category.thread_count, category.post_count, category.last_post) == (0, 0, None)
    assert Thread.objects.get().post_count == 0


def test_editing_links_into_a_published_post_holds_it_again(client, settings, thread, other_member):
    settings.FORUM_MAX_LINKS_UNTRUSTED = 2
    settings.FORUM_TRUSTED_AFTER_POSTS = 10
    post = reply(thread, other_member, "Harmlos")
    client.force_login(other_member)
    spam = "https://a.example https://b.example https://c.example"
    response = client.post(reverse("forum:post_edit", args=[post.pk]), {"body": spam})
    assert response.status_code == 302
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.status == Post.Status.HELD
    assert thread.post_count == 1
    assert thread.last_post == thread.posts.get(position=1)
    client.logout()
    assert "b.example" not in client.get(thread.get_absolute_url()).text


@pytest.mark.parametrize("page", [1, 2])
def test_opening_post_held_after_an_edit_is_not_in_the_page_description(client, settings, category, other_member, page):
    from tests.forum.conftest import build_thread

    settings.FORUM_MAX_LINKS_UNTRUSTED = 2
    settings.FORUM_TRUSTED_AFTER_POSTS = 10
    settings.FORUM_POSTS_PER_PAGE = 5
    thread = build_thread(category, other_member, 8)
    opening = thread.posts.get(position=1)
    services.edit_post(
        post=opening, editor=other_member, body="Spam https://a.example https://b.example https://c.example"
    )
    response = client.get(thread.get_absolute_url(), {"view": "chrono", "page": page})
    assert response.status_code == 200
    assert "Spam" not in response.text


def test_author_of_a_held_thread_is_told_that_replies_open_once_it_is_approved(
    hold_first_post, client, category, other_member
):
    thread = services.start_thread(category=category, author=other_member, title="Neu hier", body="Hallo")
    client.force_login(other_member)
    text = client.get(thread.get_absolute_url()).text
    assert "wartet auf die Freischaltung" in text
    assert "Antworten sind möglich, sobald es freigeschaltet ist." in text
    assert "Dieses Thema nimmt keine neuen Antworten an." not in text
