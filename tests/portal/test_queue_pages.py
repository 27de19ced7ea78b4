"""Both moderation queues: oldest first, paginated, a constant number of queries (issue 14, points 16 and 22)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from articles.models import Article, Comment
from forum import services as forum_services
from forum.models import Category, Post, Report, path_segment
from forum.moderation import QUEUE_PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(staff):
    return Article.objects.create(
        title="Artikel",
        slug="artikel",
        summary="Kurz.",
        body="Text.",
        author=staff,
        category=baker.make("articles.Category"),
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def thread(member, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    category = baker.make(Category, slug="allgemeines")
    return forum_services.start_thread(category=category, author=member, title="Ein Thema", body="Hallo")


@pytest.fixture
def fill(article, thread, member, other_member):
    """Add `count` pending comments, held posts and reported posts, numbered from the oldest (0) on."""

    def add(count):
        start = timezone.now() - timedelta(days=30)
        first = thread.posts.count() + 1
        Comment.objects.bulk_create(
            Comment(
                article=article,
                name="Rita",
                email="rita@example.net",
                body=f"Kommentar Nummer {n}",
                body_html=f"<p>Kommentar Nummer {n}</p>",
                path=path_segment(n + 1),
                status=Comment.Status.PENDING,
                created_at=start + timedelta(minutes=n),
            )
            for n in range(count)
        )
        posts = Post.objects.bulk_create(
            Post(
                thread=thread,
                author=member,
                body=f"Beitrag Nummer {n}",
                body_html=f"<p>Beitrag Nummer {n}</p>",
                position=first + n,
                path=path_segment(first + n),
                depth=1,
                status=Post.Status.HELD if n % 2 == 0 else Post.Status.PUBLISHED,
                created_at=start + timedelta(minutes=n),
            )
            for n in range(2 * count)
        )
        Report.objects.bulk_create(
            Report(post=post, reporter=other_member, reason=Report.Reason.SPAM, created_at=post.created_at)
            for post in posts
            if post.status == Post.Status.PUBLISHED
        )

    return add


def _numbers(html, word):
    return [int(n) for n in re.findall(rf"{word} Nummer (\d+)", html)]


def test_forum_queue_lists_held_posts_and_reports_oldest_first_a_page_at_a_time(client, moderator, fill):
    fill(QUEUE_PAGE_SIZE + 5)
    client.force_login(moderator)
    html = client.get(reverse("forum:moderation_queue")).content.decode()
    held = [n for n in _numbers(html, "Beitrag") if n % 2 == 0]
    reported = [n for n in _numbers(html, "Beitrag") if n % 2 == 1]
    assert held == sorted(held) and len(held) == QUEUE_PAGE_SIZE
    assert reported == sorted(reported) and len(reported) == QUEUE_PAGE_SIZE
    assert f'<span class="badge text-bg-secondary">{QUEUE_PAGE_SIZE + 5}</span>' in html
    html = client.get(reverse("forum:moderation_queue"), {"held_page": 2}).content.decode()
    assert [n for n in _numbers(html, "Beitrag") if n % 2 == 0] == [
        2 * k for k in range(QUEUE_PAGE_SIZE, QUEUE_PAGE_SIZE + 5)
    ]


def test_comment_queue_lists_pending_comments_oldest_first(client, moderator, fill):
    fill(5)
    client.force_login(moderator)
    html = client.get(reverse("articles:moderation_queue")).content.decode()
    assert _numbers(html, "Kommentar") == [0, 1, 2, 3, 4]


def test_combined_queue_pages_each_list_on_its_own(client, moderator, fill):
    fill(QUEUE_PAGE_SIZE + 2)
    client.force_login(moderator)
    html = client.get(reverse("portal:moderation_queue"), {"comments_page": 2}).content.decode()
    assert _numbers(html, "Kommentar") == [QUEUE_PAGE_SIZE, QUEUE_PAGE_SIZE + 1]
    assert [n for n in _numbers(html, "Beitrag") if n % 2 == 0][:2] == [0, 2]
    assert "comments_page=1" in html and "held_page=2" in html


@pytest.mark.parametrize("page", ["0", "999999", "abc", "\x00", "9" * 400])
def test_queue_with_odd_page_numbers_still_answers(client, moderator, fill, page):
    fill(3)
    client.force_login(moderator)
    for name, param in [("forum:moderation_queue", "held_page"), ("portal:moderation_queue", "comments_page")]:
        assert client.get(reverse(name), {param: page}).status_code == 200


def test_acting_from_a_later_page_returns_to_that_page(client, moderator, fill):
    fill(QUEUE_PAGE_SIZE + 2)
    client.force_login(moderator)
    post = Post.objects.filter(status=Post.Status.HELD).order_by("-created_at").first()
    back = reverse("forum:moderation_queue") + "?held_page=2"
    response = client.post(reverse("forum:post_action", args=[post.pk, "approve"]), {"next": back})
    assert response.url == back
    response = client.post(reverse("forum:post_action", args=[post.pk, "approve"]), {"next": "https://evil.example/"})
    assert response.url == reverse("portal:moderation_queue")


@pytest.mark.parametrize("name", ["forum:moderation_queue", "portal:moderation_queue", "articles:moderation_queue"])
def test_queue_queries_stay_the_same_with_many_waiting(client, moderator, fill, name):
    fill(2)
    client.force_login(moderator)
    client.get(reverse(name))  # warm-up: session, permissions, content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    fill(3 * QUEUE_PAGE_SIZE)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse(name)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
