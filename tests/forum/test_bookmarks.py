"""Bookmarks ("Merken"): keep a post, list mine, remove; who may keep what."""

import pytest
from django.urls import reverse

from forum import reactions, services
from forum.models import Bookmark
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(thread, other_member):
    return reply(thread, other_member, "Merkenswert")


def keep(client, post, value="1", **data):
    return client.post(reverse("forum:post_bookmark", args=[post.pk]), {"merken": value, **data})


def test_member_keeps_a_post_and_finds_it_on_the_list(client, member, post):
    client.force_login(member)
    assert keep(client, post).status_code == 302
    keep(client, post)
    assert Bookmark.objects.filter(user=member).count() == 1
    response = client.get(reverse("forum:bookmark_list"))
    assert [b.post for b in response.context["bookmarks"]] == [post]
    assert "Merkenswert" in response.text


def test_removing_from_the_list_goes_back_to_the_list(client, member, post):
    client.force_login(member)
    keep(client, post)
    response = keep(client, post, "0", next="liste")
    assert response["Location"] == reverse("forum:bookmark_list")
    assert not Bookmark.objects.exists()


def test_the_list_shows_only_my_bookmarks(client, member, other_member, post):
    reactions.set_bookmark(post=post, user=other_member, keep=True)
    client.force_login(member)
    assert not client.get(reverse("forum:bookmark_list")).context["bookmarks"]


def test_a_post_hidden_after_keeping_leaves_the_list(client, member, moderator, post):
    reactions.set_bookmark(post=post, user=member, keep=True)
    services.hide_post(post=post, moderator=moderator, reason="Spam")
    client.force_login(member)
    assert not client.get(reverse("forum:bookmark_list")).context["bookmarks"]


def test_own_posts_and_posts_in_locked_threads_can_be_kept(client, member, moderator, thread):
    own = thread.posts.get(position=1)
    services.set_thread_flag(thread=thread, moderator=moderator, flag="is_locked", value=True)
    client.force_login(member)
    assert keep(client, own).status_code == 302
    assert Bookmark.objects.filter(user=member, post=own).exists()


def test_a_hidden_post_cannot_be_kept(client, member, moderator, post):
    services.hide_post(post=post, moderator=moderator, reason="Spam")
    client.force_login(member)
    assert keep(client, post).status_code == 403


def test_a_held_post_of_someone_else_is_404(client, member, thread, settings):
    from tests.conftest import make_user

    settings.FORUM_HOLD_FIRST_POSTS = 1
    held = reply(thread, make_user("neuling"))
    client.force_login(member)
    assert keep(client, held).status_code == 404


def test_anonymous_readers_are_sent_to_log_in(client, post):
    assert reverse("account_login") in keep(client, post)["Location"]
    assert reverse("account_login") in client.get(reverse("forum:bookmark_list"))["Location"]
    assert not Bookmark.objects.exists()


def test_keeping_needs_a_post_request(client, member, post):
    client.force_login(member)
    assert client.get(reverse("forum:post_bookmark", args=[post.pk])).status_code == 405


def test_the_thread_page_shows_what_i_keep(client, member, post, thread):
    client.force_login(member)
    keep(client, post)
    assert 'aria-pressed="true"' in client.get(thread.get_absolute_url()).text


def test_htmx_gets_the_button_alone(client, member, post):
    client.force_login(member)
    response = client.post(reverse("forum:post_bookmark", args=[post.pk]), {"merken": "1"}, HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<form method="post"')


@pytest.mark.parametrize("size", [2, 40])
def test_bookmark_list_costs_the_same_at_any_size(
    client, member, thread, other_member, django_assert_max_num_queries, settings, size
):
    for _ in range(size):
        reactions.set_bookmark(post=reply(thread, other_member), user=member, keep=True)
    client.force_login(member)
    with django_assert_max_num_queries(6 + 2):  # + the rows' fragments: one get_many, one write on a miss
        assert client.get(reverse("forum:bookmark_list")).status_code == 200
