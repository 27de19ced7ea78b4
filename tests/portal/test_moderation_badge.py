"""The moderators' badge in the navigation counts what waits at once (it is counted on each page, not cached), with
the caches as production has them."""

import pytest
from django.urls import reverse

from articles.models import Comment
from forum import services as forum_services
from forum.models import Post, Thread
from tests.cache_helpers import memory_caches  # noqa: F401 - a fixture
from tests.conftest import make_user
from tests.portal.test_moderation_queue import waiting  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_caches")]


def badge(client):
    html = client.get(reverse("core:impressum")).content.decode()
    start = html.index(reverse("portal:moderation_queue"))
    return html[start : html.index("</a>", start)]


def test_the_badge_counts_a_new_held_post_at_once(client, moderator, waiting, settings):  # noqa: F811
    client.force_login(moderator)
    assert '<span class="badge text-bg-danger">3<' in badge(client)
    settings.FORUM_HOLD_FIRST_POSTS = 5
    newcomer = make_user("newcomer")
    post = forum_services.reply_to_thread(thread=Thread.objects.get(), author=newcomer, body="Mein erster Beitrag")
    assert post.status == Post.Status.HELD
    assert '<span class="badge text-bg-danger">4<' in badge(client)


def test_the_badge_counts_down_after_a_decision(client, moderator, waiting):  # noqa: F811
    client.force_login(moderator)
    assert '<span class="badge text-bg-danger">3<' in badge(client)
    held = Post.objects.get(status=Post.Status.HELD)
    client.post(reverse("forum:post_action", args=[held.pk, "approve"]), {"reason": ""})
    assert '<span class="badge text-bg-danger">2<' in badge(client)
    comment = Comment.objects.get()
    client.post(reverse("articles:moderation_action", kwargs={"pk": comment.pk, "action": "approve"}))
    assert '<span class="badge text-bg-danger">1<' in badge(client)
