from datetime import timedelta

import pytest
from django.utils import timezone
from model_bakery import baker

from articles.models import Article, Comment
from articles.models import Category as ArticleCategory
from forum import services as forum_services
from forum.models import Category


@pytest.fixture(autouse=True)
def _privacy_settings(settings, tmp_path):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.ACCOUNT_ERASURE_GRACE_DAYS = 14


@pytest.fixture
def category(db):
    return baker.make(Category, name="Allgemeines", slug="allgemeines", order=1)


@pytest.fixture
def article(db, staff):
    return Article.objects.create(
        slug="erster-artikel",
        title="Erster Artikel",
        summary="Worum es geht.",
        body="Ein Text.",
        author=staff,
        category=baker.make(ArticleCategory, name="Technik", slug="technik"),
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def start_thread(category):
    def start(author, title="Ein Thema", body="Der Anfang"):
        return forum_services.start_thread(category=category, author=author, title=title, body=body)

    return start


def reply(thread, author, body="Eine Antwort", parent=None):
    return forum_services.reply_to_thread(thread=thread, author=author, body=body, parent=parent)


def comment(article, body="Ein Kommentar.", **extra):
    values = {"article": article, "status": Comment.Status.APPROVED}
    values.update(extra)
    return Comment.objects.create(body=body, **values)


@pytest.fixture
def privacy_page(db):
    """The Datenschutz page with the default text its migration writes (a browser test's flush may have removed the
    migrations' rows before this test runs)."""
    from importlib import import_module

    from core.models import LegalPage

    text = import_module("privacy.migrations.0006_privacy_statement_notifications_period").DATENSCHUTZ
    page, _ = LegalPage.objects.update_or_create(kind="datenschutz", defaults={"title": "Datenschutz", "body": text})
    return page
