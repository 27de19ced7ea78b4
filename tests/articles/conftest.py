from datetime import timedelta

import pytest
from django.utils import timezone
from model_bakery import baker

from articles.models import Article, Category, Comment


@pytest.fixture
def category(db):
    return baker.make(Category, name="Technik", slug="technik")


@pytest.fixture
def make_article(category, staff):
    def make(slug="erster-artikel", **extra):
        values = {
            "title": "Erster Artikel",
            "summary": "Worum es geht.",
            "body": "Ein **kurzer** Text.",
            "author": staff,
            "category": category,
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - timedelta(days=1),
        }
        values.update(extra)
        return Article.objects.create(slug=slug, **values)

    return make


@pytest.fixture
def article(make_article):
    return make_article()


@pytest.fixture
def make_comment(article):
    def make(body="Ein Kommentar.", **extra):
        values = {
            "article": article,
            "name": "Rita Reader",
            "email": "rita@example.net",
            "status": Comment.Status.APPROVED,
        }
        values.update(extra)
        return Comment.objects.create(body=body, **values)

    return make
