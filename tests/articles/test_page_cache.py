"""Anonymous readers get the article lists and the home page from the page cache (core/page_cache.py)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.mark.parametrize("url_name", ["core:home", "articles:article_list"])
def test_a_scheduled_article_appears_on_cached_pages_when_it_is_due(make_article, url_name):
    make_article(slug="heute", title="Heute erschienen")
    make_article(slug="morgen", title="Gleich erscheinend", published_at=timezone.now() + timedelta(seconds=60))
    url = reverse(url_name)
    assert Client().get(url)["X-Page-Cache"] == "miss"
    response = Client().get(url)
    assert response["X-Page-Cache"] == "hit"
    assert "Gleich erscheinend" not in response.text
    later = timezone.now() + timedelta(seconds=61)
    # A minute passes, for the site and for the database cache's expiry check.
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("django.core.cache.backends.db.tz_now", return_value=later),
    ):
        response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Gleich erscheinend" in response.text


def test_a_published_article_is_on_the_cached_list_at_once(make_article, django_capture_on_commit_callbacks):
    url = reverse("articles:article_list")
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        make_article(slug="neu", title="Ganz neu")
    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Ganz neu" in response.text


def test_an_approved_comment_counts_on_the_cached_list_at_once(article, django_capture_on_commit_callbacks):
    url = reverse("articles:article_list")
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        comment = Comment.objects.create(article=article, body="Danke", name="Rita", email="rita@example.net")
        comment.status = Comment.Status.APPROVED
        comment.save()
    assert Client().get(url)["X-Page-Cache"] == "miss"


def test_the_article_page_with_its_comment_form_is_not_cached(article):
    # The form carries a CSRF token and a signed time stamp per visitor.
    Client().get(article.get_absolute_url())
    assert "X-Page-Cache" not in Client().get(article.get_absolute_url())


def test_a_members_profile_is_cached_and_a_new_name_shows_at_once(member, django_capture_on_commit_callbacks):
    url = member.get_absolute_url()
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        member.display_name = "Martha Neuname"
        member.save()
    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Martha Neuname" in response.text


def test_staff_see_scheduled_articles_uncached(client, staff, make_article):
    make_article(slug="morgen", title="Geplant", published_at=timezone.now() + timedelta(days=1))
    client.force_login(staff)
    response = client.get(reverse("articles:article_list"))
    assert "X-Page-Cache" not in response
    assert Article.objects.next_publication_at() is not None
