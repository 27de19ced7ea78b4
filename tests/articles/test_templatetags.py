import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.urls import reverse

from articles.models import Comment

pytestmark = pytest.mark.django_db

NAV = Template("{% load articles_tags %}{% comment_moderation_nav %}")


def render_nav(user):
    return NAV.render(Context({"user": user}))


@pytest.mark.parametrize("role", ["moderator", "staff"])
def test_navigation_shows_moderators_the_number_of_pending_comments(make_comment, role, request):
    make_comment(status=Comment.Status.PENDING)
    make_comment(status=Comment.Status.PENDING)
    make_comment(status=Comment.Status.SPAM)
    html = render_nav(request.getfixturevalue(role))
    assert reverse("articles:moderation_queue") in html
    assert '>2<span class="visually-hidden"> Kommentare warten</span>' in html


def test_navigation_shows_no_badge_when_nothing_is_pending(moderator):
    html = render_nav(moderator)
    assert reverse("articles:moderation_queue") in html and "badge" not in html


@pytest.mark.parametrize("role", [None, "member"])
def test_navigation_has_no_moderation_entry_for_readers_and_members(make_comment, role, request):
    make_comment(status=Comment.Status.PENDING)
    user = request.getfixturevalue(role) if role else AnonymousUser()
    assert render_nav(user).strip() == ""
