"""Anonymous readers get the article lists and the home page from the page cache (core/page_cache.py)."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import spam
from articles.models import Article, Comment
from articles.views import REMEMBER_COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.mark.parametrize("url_name", ["portal:home", "articles:article_list"])
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


def _hidden_value(html, name):
    return re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html).group(1)


def test_each_reader_of_a_cached_article_page_gets_a_fresh_csrf_token_and_time_stamp(article):
    first, second = Client(), Client()
    assert first.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    two_minutes_later = time.time() + 120
    with mock.patch("articles.spam.time.time", return_value=two_minutes_later):
        response = second.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert "page-cache:" not in response.text
    assert spam.seconds_since(_hidden_value(response.text, "timestamp")) < -100  # made now, not when first rendered
    token = _hidden_value(response.text, "csrfmiddlewaretoken")
    assert token != _hidden_value(first.get(article.get_absolute_url()).text, "csrfmiddlewaretoken")
    assert response.cookies[settings.CSRF_COOKIE_NAME].value  # the secret behind the token


def test_a_reader_of_a_cached_article_page_can_send_a_comment(article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    Client().get(article.get_absolute_url())
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(article.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    data = {
        "csrfmiddlewaretoken": _hidden_value(page.text, "csrfmiddlewaretoken"),
        "timestamp": _hidden_value(page.text, "timestamp"),
        "body": "Danke für den Artikel!",
        "name": "Rita Reader",
        "email": "rita@example.net",
    }
    response = reader.post(reverse("articles:comment_create", kwargs={"slug": article.slug}), data)
    assert response.status_code == 302
    assert Comment.objects.filter(body="Danke für den Artikel!").exists()


def test_a_remembered_commenter_gets_the_article_page_rendered_for_them(article):
    Client().get(article.get_absolute_url())
    reader = Client()
    reader.cookies[REMEMBER_COOKIE] = "anything"
    assert "X-Page-Cache" not in reader.get(article.get_absolute_url())


def test_an_approved_comment_shows_on_the_cached_article_page_at_once(article, django_capture_on_commit_callbacks):
    Client().get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.create(
            article=article,
            body="Frisch freigegeben",
            name="Rita",
            email="rita@example.net",
            status=Comment.Status.APPROVED,
        )
    response = Client().get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Frisch freigegeben" in response.text


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


def test_the_admins_publish_action_shows_on_cached_lists_at_once(
    client, staff, make_article, django_capture_on_commit_callbacks
):
    draft = make_article(slug="entwurf", title="Frisch veröffentlicht", status=Article.Status.DRAFT, published_at=None)
    url = reverse("articles:article_list")
    Client().get(url)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
        )
    assert response.status_code == 302
    page = Client().get(url)
    assert page["X-Page-Cache"] == "miss"
    assert "Frisch veröffentlicht" in page.text


def test_a_cached_article_page_loses_its_form_when_comments_close(article, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 2  # the article is a day old: comments close in a day
    assert 'name="timestamp"' in Client().get(article.get_absolute_url()).text
    later = timezone.now() + timedelta(days=1, seconds=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("django.core.cache.backends.db.tz_now", return_value=later),
    ):
        response = Client().get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert 'name="timestamp"' not in response.text
