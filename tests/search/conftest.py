from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from articles.models import Article, Comment
from articles.models import Category as ArticleCategory
from forum import services
from forum.models import Category


@pytest.fixture(autouse=True)
def _search_settings(settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    settings.SEARCH_RATE_LIMIT = 0
    settings.SEARCH_RESULTS_PER_PAGE = 20


@pytest.fixture
def forum_category(db):
    return baker.make(Category, name="Allgemeines", slug="allgemeines", order=1)


@pytest.fixture
def members_category(db):
    return baker.make(Category, name="Vereinsinternes", slug="intern", order=2, members_only=True)


@pytest.fixture
def article_category(db):
    return baker.make(ArticleCategory, name="Ratgeber", slug="ratgeber")


@pytest.fixture
def start_thread(forum_category, other_member):
    def start(title, body, *, category=None, author=None):
        return services.start_thread(
            category=category or forum_category, author=author or other_member, title=title, body=body
        )

    return start


@pytest.fixture
def write_article(article_category, staff):
    counter = iter(range(1, 1000))

    def write(title, body, *, summary="Ein Ratgeber.", **extra):
        values = {
            "author": staff,
            "category": article_category,
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - timedelta(days=1),
            **extra,
        }
        slug = f"artikel-{next(counter)}"
        return Article.objects.create(slug=slug, title=title, summary=summary, body=body, **values)

    return write


@pytest.fixture
def write_comment():
    def write(article, body, **extra):
        values = {"name": "Rita Leserin", "email": "rita@example.net", "status": Comment.Status.APPROVED, **extra}
        return Comment.objects.create(article=article, body=body, **values)

    return write


def search(client, q, **params):
    return client.get(reverse("search:results"), {"q": q, **params})


def titles(response):
    """The titles of the results, in their order."""
    return [hit.title for hit in response.context["hits"] or []]
