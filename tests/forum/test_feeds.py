"""Atom feeds of the forum: public content only, linked from the pages, served from the page cache."""

import pytest
from django.urls import reverse
from model_bakery import baker

from forum import services
from forum.models import Category
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db


def test_the_forum_feed_lists_new_public_threads_only(client, category, member, moderator):
    secret = baker.make(Category, slug="intern", members_only=True)
    services.start_thread(category=category, author=member, title="Offenes Thema", body="Hallo")
    services.start_thread(category=secret, author=member, title="Internes Thema", body="Psst")
    hidden = services.start_thread(category=category, author=member, title="Verstecktes Thema", body="Weg")
    services.hide_thread(thread=hidden, moderator=moderator, reason="Spam")
    response = client.get(reverse("forum:thread_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Offenes Thema" in body
    assert "Internes Thema" not in body and "Verstecktes Thema" not in body


def test_a_held_thread_is_in_no_feed(settings, client, category):
    from tests.conftest import make_user

    settings.FORUM_HOLD_FIRST_POSTS = 1
    services.start_thread(category=category, author=make_user("neu"), title="Wartendes Thema", body="Text")
    assert "Wartendes Thema" not in client.get(reverse("forum:category_feed", args=[category.slug])).content.decode()


def test_the_thread_feed_lists_its_posts_but_not_hidden_ones(client, thread, other_member, moderator):
    reply(thread, other_member, body="Sichtbare Antwort")
    hidden = reply(thread, other_member, body="Versteckte Antwort")
    services.hide_post(post=hidden, moderator=moderator, reason="Spam")
    body = client.get(reverse("forum:post_feed", args=[thread.pk])).content.decode()
    assert "Sichtbare Antwort" in body and "Versteckte Antwort" not in body


def test_feeds_of_members_only_content_are_not_found(client, member):
    secret = baker.make(Category, slug="intern", members_only=True)
    thread = services.start_thread(category=secret, author=member, title="Internes Thema", body="Psst")
    assert client.get(reverse("forum:category_feed", args=[secret.slug])).status_code == 404
    assert client.get(reverse("forum:post_feed", args=[thread.pk])).status_code == 404


def test_pages_link_their_feeds_for_autodiscovery(client, category, thread):
    for url, feed in [
        (reverse("forum:index"), reverse("forum:thread_feed")),
        (category.get_absolute_url(), reverse("forum:category_feed", args=[category.slug])),
        (thread.get_absolute_url(), reverse("forum:post_feed", args=[thread.pk])),
    ]:
        assert '<link rel="alternate" type="application/atom+xml"' in client.get(url).content.decode()
        assert f'href="{feed}"' in client.get(url).content.decode()


def test_feeds_are_served_from_the_page_cache(settings, client, thread, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 300
    url = reverse("forum:post_feed", args=[thread.pk])
    client.get(url)
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200
