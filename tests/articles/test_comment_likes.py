"""Likes on article comments: approved comments of others only, counters, likers, htmx."""

import pytest
from django.urls import reverse

from articles.models import Comment, CommentLike

pytestmark = pytest.mark.django_db


def like_url(comment):
    return reverse("articles:comment_like", args=[comment.article.slug, comment.pk])


def count(comment):
    return Comment.objects.get(pk=comment.pk).like_count


def test_member_likes_an_approved_comment(client, member, make_comment):
    comment = make_comment()
    client.force_login(member)
    response = client.post(like_url(comment), {"like": "1"})
    assert response.status_code == 302
    assert count(comment) == 1
    client.post(like_url(comment), {"like": "1"})
    assert count(comment) == 1
    client.post(like_url(comment), {"like": "0"})
    assert count(comment) == 0


def test_own_comment_cannot_be_liked(client, member, make_comment):
    comment = make_comment(user=member)
    client.force_login(member)
    assert client.post(like_url(comment), {"like": "1"}).status_code == 403


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM])
def test_a_comment_not_approved_is_404(client, member, make_comment, status):
    comment = make_comment(status=status)
    client.force_login(member)
    assert client.post(like_url(comment), {"like": "1"}).status_code == 404
    assert not CommentLike.objects.exists()


def test_anonymous_readers_are_sent_to_log_in(client, make_comment):
    comment = make_comment()
    response = client.post(like_url(comment), {"like": "1"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_comment_under_another_article_slug_is_404(client, member, make_comment, make_article):
    comment = make_comment()
    make_article(slug="anderer")
    client.force_login(member)
    assert client.post(reverse("articles:comment_like", args=["anderer", comment.pk])).status_code == 404


def test_article_page_shows_the_state_and_count(client, member, make_comment, article):
    comment = make_comment()
    client.force_login(member)
    client.post(like_url(comment), {"like": "1"})
    text = client.get(article.get_absolute_url()).text
    assert 'aria-pressed="true"' in text
    assert reverse("articles:comment_likers", args=[article.slug, comment.pk]) in text


def test_htmx_gets_the_button_alone(client, member, make_comment):
    comment = make_comment()
    client.force_login(member)
    response = client.post(like_url(comment), {"like": "1"}, HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<span class="comment-like')


def test_who_likes_a_comment(client, member, make_comment, article):
    comment = make_comment()
    client.force_login(member)
    client.post(like_url(comment), {"like": "1"})
    response = client.get(reverse("articles:comment_likers", args=[article.slug, comment.pk]))
    assert [m.username for m in response.context["likers"]] == ["member"]


@pytest.mark.parametrize("size", [2, 30])
def test_article_page_costs_the_same_with_liked_comments(
    client, member, make_comment, article, django_assert_max_num_queries, size
):
    comments = [make_comment(body=f"Kommentar {n}") for n in range(size)]
    client.force_login(member)
    for comment in comments[:2]:
        client.post(like_url(comment), {"like": "1"})
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(12):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_likes_of_a_members_comment_count_on_their_profile(client, member, other_member, make_comment):
    comment = make_comment(user=other_member)
    client.force_login(member)
    client.post(like_url(comment), {"like": "1"})
    other_member.refresh_from_db()
    assert other_member.likes_received == 1
    assert "1 erhaltenes Gefällt mir" in client.get(other_member.get_absolute_url()).text
