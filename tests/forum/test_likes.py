"""Likes on forum posts: who may like what, counters, the list of likers, without and with htmx, rate limit."""

import pytest
from django.test import Client
from django.urls import reverse
from model_bakery import baker

from forum import services
from forum.models import Category, Post, PostLike
from tests.forum.conftest import build_thread, reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(thread, other_member):
    return reply(thread, other_member, "Ein guter Gedanke")


def like(client, post, value="1", **extra):
    return client.post(reverse("forum:post_like", args=[post.pk]), {"like": value}, **extra)


def count(post):
    return Post.objects.get(pk=post.pk).like_count


def test_member_likes_a_post_and_the_counter_follows(client, member, post):
    client.force_login(member)
    response = like(client, post)
    assert response.status_code == 302
    assert count(post) == 1
    assert PostLike.objects.filter(user=member, post=post).exists()


def test_liking_twice_counts_once_and_unliking_takes_it_back(client, member, post):
    client.force_login(member)
    like(client, post)
    like(client, post)
    assert count(post) == 1
    like(client, post, "0")
    like(client, post, "0")
    assert count(post) == 0
    assert not PostLike.objects.exists()


def test_members_cannot_like_their_own_post(client, other_member, post):
    client.force_login(other_member)
    assert like(client, post).status_code == 403
    assert count(post) == 0


def test_anonymous_readers_are_sent_to_log_in(client, post):
    response = like(client, post)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert count(post) == 0


def test_liking_needs_a_post_request(client, member, post):
    client.force_login(member)
    assert client.get(reverse("forum:post_like", args=[post.pk])).status_code == 405


def test_a_hidden_post_cannot_be_liked(client, member, moderator, post):
    services.hide_post(post=post, moderator=moderator, reason="Spam")
    client.force_login(member)
    assert like(client, post).status_code == 403


def test_a_held_post_of_someone_else_is_404(client, member, thread, settings):
    from tests.conftest import make_user

    settings.FORUM_HOLD_FIRST_POSTS = 1
    held = reply(thread, make_user("neuling"))
    client.force_login(member)
    assert like(client, held).status_code == 404


def test_posts_in_a_locked_thread_cannot_be_liked_even_by_moderators(client, moderator, member, thread, post):
    services.set_thread_flag(thread=thread, moderator=moderator, flag="is_locked", value=True)
    client.force_login(member)
    assert like(client, post).status_code == 403


def test_posts_in_a_hidden_thread_are_404(client, member, moderator, thread, post):
    services.hide_thread(thread=thread, moderator=moderator, reason="Spam")
    client.force_login(member)
    assert like(client, post).status_code == 404


def test_the_like_button_shows_the_readers_state_and_the_count(client, member, moderator, post, thread):
    client.force_login(member)
    like(client, post)
    text = client.get(thread.get_absolute_url()).text
    assert 'aria-pressed="true"' in text
    assert reverse("forum:post_likers", args=[post.pk]) in text
    client.force_login(moderator)
    assert 'aria-pressed="true"' not in client.get(thread.get_absolute_url()).text


def test_anonymous_readers_see_the_count_but_no_button(client, member, post, thread):
    from forum import reactions

    reactions.set_post_like(post=post, user=member, like=True)
    text = client.get(thread.get_absolute_url()).text
    assert reverse("forum:post_likers", args=[post.pk]) in text
    assert reverse("forum:post_like", args=[post.pk]) not in text


def test_htmx_gets_the_button_alone(client, member, post):
    client.force_login(member)
    response = like(client, post, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<span class="forum-like')
    assert 'aria-pressed="true"' in response.text


def test_too_many_likes_in_a_short_time_are_refused(client, member, thread, other_member, settings):
    settings.LIKES_RATE_LIMIT = 2
    posts = [reply(thread, other_member) for _ in range(3)]
    client.force_login(member)
    for post in posts:
        like(client, post)
    assert [count(post) for post in posts] == [1, 1, 0]
    assert like(client, posts[2], HTTP_HX_REQUEST="true").status_code == 429


def test_who_likes_it_lists_the_members(client, member, moderator, post):
    from forum import reactions

    reactions.set_post_like(post=post, user=member, like=True)
    reactions.set_post_like(post=post, user=moderator, like=True)
    response = client.get(reverse("forum:post_likers", args=[post.pk]))
    assert response.status_code == 200
    assert [m.username for m in response.context["likers"]] == ["moderator", "member"]


def test_who_likes_a_hidden_post_is_404_for_members(client, member, moderator, post):
    services.hide_post(post=post, moderator=moderator, reason="Spam")
    client.force_login(member)
    assert client.get(reverse("forum:post_likers", args=[post.pk])).status_code == 404


def test_a_like_expires_cached_pages(member, post, thread, settings, django_capture_on_commit_callbacks):
    from forum import reactions

    settings.PAGE_CACHE_SECONDS = 300
    anonymous = Client()
    anonymous.get(thread.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        reactions.set_post_like(post=post, user=member, like=True)
    assert reverse("forum:post_likers", args=[post.pk]) in anonymous.get(thread.get_absolute_url()).text


def test_profile_shows_received_likes_and_solutions(client, member, other_member, post):
    from forum import reactions

    reactions.set_post_like(post=post, user=member, like=True)
    question = baker.make(Category, slug="fragen", is_question=True)
    asked = services.start_thread(category=question, author=member, title="Eine Frage", body="?")
    services.mark_solution(post=reply(asked, other_member), user=member)
    text = client.get(other_member.get_absolute_url()).text
    assert "1 erhaltenes Gefällt mir" in text
    assert "1 Lösung" in text
    assert "profile-reactions" not in client.get(member.get_absolute_url()).text


@pytest.mark.parametrize("size", [5, 60])
def test_member_thread_page_with_likes_costs_the_same_at_any_size(
    client, category, member, other_member, django_assert_max_num_queries, size
):
    from forum import reactions

    thread = build_thread(category, other_member, size)
    for post in thread.posts.all()[:5]:
        reactions.set_post_like(post=post, user=member, like=True)
    client.force_login(member)
    client.get(thread.get_absolute_url())
    with django_assert_max_num_queries(9):  # with one read of the fragment cache
        assert client.get(thread.get_absolute_url()).status_code == 200
