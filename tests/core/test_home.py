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
def test_home_page_query_count_does_not_grow_with_the_number_of_articles(
    client, staff, count, django_assert_max_num_queries
):
    make_articles(count, staff)
    with django_assert_max_num_queries(3):
        assert client.get("/").status_code == 200
