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


class TestLatestArticlesPieceForMembers:
    """The home page's latest articles are one piece of the page cache that members' home pages share: a write
    (a new article, an approved comment, an edit) shows on the next request, and so does a scheduled article when its
    time comes, with no write to announce it."""

    @pytest.fixture(autouse=True)
    def _cache_on(self, settings):
        settings.PAGE_CACHE_SECONDS = 300

    def test_a_new_article_and_an_approved_comment_show_at_once(
        self, client, member, staff, django_capture_on_commit_callbacks
    ):
        from articles import services
        from articles.models import Comment

        client.force_login(member)
        with django_capture_on_commit_callbacks(execute=True):
            make_articles(1, staff, prefix="Erster")
        assert "Erster 0" in client.get("/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            make_articles(1, staff, prefix="Zweiter")
        html = client.get("/").content.decode()
        assert "Zweiter 0" in html and "0 Kommentare" in html
        article = Article.objects.get(slug="zweiter-0")
        pending = Comment.objects.create(article=article, body="Gut!", status=Comment.Status.PENDING)
        assert "1 Kommentar<" not in client.get("/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            services.approve_comment(comment=pending, actor=staff)
        assert "1 Kommentar" in client.get("/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            article.title = "Zweiter, neu betitelt"
            article.save()
        assert "Zweiter, neu betitelt" in client.get("/").content.decode()

    def test_a_scheduled_article_shows_when_its_time_comes(self, client, member, staff):
        import time

        client.force_login(member)
        make_articles(1, staff, prefix="Geplant", published_at=timezone.now() + timedelta(seconds=2))
        assert "Geplant 0" not in client.get("/").content.decode()  # the piece is kept until the article goes live
        time.sleep(2.1)
        assert "Geplant 0" in client.get("/").content.decode()

    def test_the_piece_is_kept_per_language(self, client, member, staff):
        client.force_login(member)
        assert "Es sind noch keine Artikel erschienen." in client.get("/").content.decode()
        english = client.get("/", headers={"accept-language": "en"}).content.decode()
        assert "No articles have been published yet." in english

    def test_a_member_home_page_reads_the_articles_from_the_piece(
        self, client, member, staff, django_assert_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        make_articles(3, staff)
        client.force_login(member)
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            assert "Artikel 2" in client.get("/").content.decode()
        assert not [query for query in queries.captured_queries if "articles_comment" in query["sql"]]
