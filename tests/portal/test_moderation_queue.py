from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from articles.models import Article, Comment
from forum import services as forum_services
from forum.models import Category, Post, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(staff, member, other_member, settings):
    """One pending comment, one held forum post and one open report; returns a function adding more."""
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    article = Article.objects.create(
        title="Artikel",
        slug="artikel",
        summary="Kurz.",
        body="Text.",
        author=staff,
        category=baker.make("articles.Category"),
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )
    category = baker.make(Category, slug="allgemeines")
    thread = forum_services.start_thread(category=category, author=member, title="Ein Thema", body="Hallo")

    def add(count):
        for number in range(count):
            Comment.objects.create(
                article=article, name="Rita", email="rita@example.net", body=f"Wartender Kommentar {number}"
            )
            post = forum_services.reply_to_thread(thread=thread, author=member, body=f"Antwort {number}")
            Post.objects.filter(pk=post.pk).update(status=Post.Status.HELD)
            reported = forum_services.reply_to_thread(thread=thread, author=member, body=f"Gemeldet {number}")
            forum_services.report_post(post=reported, reporter=other_member, reason=Report.Reason.SPAM)

    add(1)
    return add


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("portal:moderation_queue"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_member_may_not_see_the_queue(client, member):
    client.force_login(member)
    assert client.get(reverse("portal:moderation_queue")).status_code == 403


@pytest.mark.parametrize("role", ["moderator", "staff"])
def test_moderators_and_staff_see_comments_held_posts_and_reports_in_one_queue(client, waiting, role, request):
    client.force_login(request.getfixturevalue(role))
    html = client.get(reverse("portal:moderation_queue")).content.decode()
    assert "Wartender Kommentar 0" in html
    assert "Antwort 0" in html
    assert "Gemeldet 0" in html
    assert "rita@example.net" not in html  # the e-mail stays in the comment queue's detail view


def test_navigation_shows_moderators_what_waits(client, moderator, waiting):
    client.force_login(moderator)
    html = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:moderation_queue") in html
    assert '<span class="badge text-bg-danger">3<' in html


def test_navigation_shows_members_no_queue(client, member, waiting):
    client.force_login(member)
    assert reverse("portal:moderation_queue") not in client.get(reverse("portal:home")).content.decode()


def test_approving_a_comment_from_the_queue_returns_to_the_queue(client, moderator, waiting):
    client.force_login(moderator)
    comment = Comment.objects.get()
    response = client.post(
        reverse("articles:moderation_action", kwargs={"pk": comment.pk, "action": "approve"}),
        {"next": reverse("portal:moderation_queue")},
    )
    assert response.status_code == 302
    assert response.url == reverse("portal:moderation_queue")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_approving_a_held_post_from_the_queue_returns_to_the_queue(client, moderator, waiting):
    client.force_login(moderator)
    post = Post.objects.get(status=Post.Status.HELD)
    response = client.post(reverse("forum:post_action", args=[post.pk, "approve"]), {"next": "queue"})
    assert response.url == reverse("portal:moderation_queue")


@pytest.mark.parametrize("count", [1, 15])
def test_queue_query_count_does_not_grow(client, moderator, waiting, count, django_assert_max_num_queries):
    waiting(count)
    client.force_login(moderator)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("portal:moderation_queue")).status_code == 200
