from datetime import timedelta

import pytest
from django.utils import timezone
from model_bakery import baker

from articles.models import Article

pytestmark = pytest.mark.django_db


def make_articles(count, author, prefix="Artikel", **extra):
    category = baker.make("articles.Category")
    for number in range(count):
        Article.objects.create(
            title=f"{prefix} {number}",
            slug=f"{prefix.lower()}-{number}",
            summary="Kurz.",
            body="Text.",
            author=author,
            category=category,
            status=extra.get("status", Article.Status.PUBLISHED),
            published_at=extra.get("published_at", timezone.now() - timedelta(days=number + 1)),
        )


def test_home_page_shows_the_latest_published_articles_only(client, staff):
    make_articles(4, staff)
    make_articles(1, staff, prefix="Entwurf", status=Article.Status.DRAFT)
    make_articles(1, staff, prefix="Geplant", published_at=timezone.now() + timedelta(days=1))
    html = client.get("/").content.decode()
    assert "Artikel 0" in html and "Artikel 2" in html
    assert "Artikel 3" not in html  # only the newest three
    assert "Entwurf" not in html and "Geplant" not in html
    assert html.count('class="article-card') == 3


@pytest.mark.parametrize("count", [3, 30])
def test_home_page_query_count_does_not_grow_with_articles_and_threads(
    client, staff, member, settings, count, django_assert_max_num_queries
):
    from forum import services
    from forum.models import Category

    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    make_articles(count, staff)
    category = baker.make(Category)
    for number in range(count):
        services.start_thread(category=category, author=member, title=f"Thema {number}", body="Hallo")
    with django_assert_max_num_queries(4 + 2):  # + the thread rows' fragments: one get_many, one write on a miss
        assert client.get("/").status_code == 200


def test_home_page_lists_active_public_threads_but_not_members_only_ones(client, member, settings):
    from forum import services
    from forum.models import Category

    settings.FORUM_HOLD_FIRST_POSTS = 0
    public = baker.make(Category, slug="offen")
    closed_circle = baker.make(Category, slug="intern", members_only=True)
    services.start_thread(category=public, author=member, title="Offene Frage", body="Hallo")
    services.start_thread(category=closed_circle, author=member, title="Interne Sache", body="Hallo")
    html = client.get("/").content.decode()
    assert "Offene Frage" in html
    assert "Interne Sache" not in html
    client.force_login(member)
    assert "Interne Sache" in client.get("/").content.decode()
