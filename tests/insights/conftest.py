import uuid

import pytest
import redis
from django.core.cache import caches
from model_bakery import baker

from forum import services
from forum.models import Category
from insights import counting

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture(autouse=True)
def _empty_counts(settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    counting._buffer.take()
    counting.public_page.cache_clear()
    yield
    counting._buffer.take()


@pytest.fixture
def reader(client):
    """The test client as a reader's browser (a client without a User-Agent is not counted)."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


@pytest.fixture
def forum_category(db):
    return baker.make(Category, name="Allgemeines", slug="allgemeines")


@pytest.fixture
def thread(forum_category, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.start_thread(category=forum_category, author=member, title="Ein Thema", body="Der Anfang")


@pytest.fixture
def redis_cache(settings):
    """The default cache in Redis (a database of its own, a fresh key prefix), as with REDIS_URL set."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis does not answer at " + REDIS_URL)
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": uuid.uuid4().hex},
    }
    yield caches["default"]
    client = caches["default"]._cache.get_client(write=True)
    for key in client.scan_iter(match=caches["default"].make_key("*")):
        client.delete(key)


@pytest.fixture
def make_article(staff):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article
    from articles.models import Category as ArticleCategory

    category = ArticleCategory.objects.get_or_create(name="Technik", slug="technik")[0]

    def make(slug="ein-artikel", age=timedelta(days=1), **extra):
        values = {"title": slug.replace("-", " ").title(), "summary": "s", "body": "b", "author": staff}
        values.update(extra)
        return Article.objects.create(
            slug=slug,
            category=category,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - age,
            **values,
        )

    return make


@pytest.fixture
def legal_pages(db):
    """The legal pages as the migrations leave them (a transactional test elsewhere may have flushed them)."""
    from importlib import import_module

    from django.apps import apps

    from core.models import LegalPage

    if not LegalPage.objects.filter(kind="datenschutz").exists():
        import_module("core.migrations.0002_legal_pages_and_cache_table").create_pages(apps, None)
        import_module("insights.migrations.0002_privacy_text_counts_views").add_section(apps, None)
