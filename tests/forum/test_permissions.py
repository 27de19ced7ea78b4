"""Who may do what: anonymous, another member, the post's author, moderator, staff.

Content a role may not see is a 404, content it may see but not change a 403, and anonymous users are sent to
the login page.
"""

import pytest
from django.urls import reverse

from forum import services
from forum.models import Post, Report, Thread
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other_member", "author", "moderator", "staff"]
LOGIN = "login"


@pytest.fixture
def as_role(client, member, other_member, moderator, staff):
    def login(role):
        users = {"other_member": other_member, "author": member, "moderator": moderator, "staff": staff}
        if role in users:
            client.force_login(users[role])
        return client

    return login


@pytest.fixture
def post(thread, member):
    return reply(thread, member, "Ein Beitrag der Verfasserin")


def outcome(response):
    if response.status_code == 302 and reverse("account_login") in response["Location"]:
        return LOGIN
    return response.status_code


def expect(role, **by_role):
    return by_role.get(role, by_role.get("default"))


@pytest.mark.parametrize("role", ROLES)
def test_hidden_thread_is_readable_by_moderators_only(as_role, thread, moderator, role):
    services.hide_thread(thread=thread, moderator=moderator, reason="Doppelt")
    response = as_role(role).get(thread.get_absolute_url())
    assert response.status_code == expect(role, moderator=200, staff=200, default=404)


@pytest.mark.parametrize("role", ROLES)
def test_hidden_post_text_is_shown_to_moderators_only(as_role, thread, post, moderator, role):
    services.hide_post(post=post, moderator=moderator, reason="Beleidigend")
    text = as_role(role).get(thread.get_absolute_url()).text
    assert "Von der Moderation ausgeblendet: Beleidigend" in text
    assert ("Ein Beitrag der Verfasserin" in text) == (role in {"moderator", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_reply(as_role, thread, role):
    response = as_role(role).post(reverse("forum:reply_create", args=[thread.pk]), {"body": "Antwort"})
    assert outcome(response) == expect(role, anonymous=LOGIN, default=302)
    assert Post.objects.filter(body="Antwort").exists() == (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_reply_to_locked_thread(as_role, thread, role):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    response = as_role(role).post(reverse("forum:reply_create", args=[thread.pk]), {"body": "Antwort"})
    assert outcome(response) == expect(role, anonymous=LOGIN, moderator=302, staff=302, default=403)


@pytest.mark.parametrize("role", ROLES)
def test_edit(as_role, post, role):
    response = as_role(role).post(reverse("forum:post_edit", args=[post.pk]), {"body": "Geändert"})
    assert outcome(response) == expect(role, anonymous=LOGIN, other_member=403, default=302)
    post.refresh_from_db()
    assert (post.body == "Geändert") == (role in {"author", "moderator", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_delete(as_role, post, role):
    response = as_role(role).post(reverse("forum:post_delete", args=[post.pk]))
    assert outcome(response) == expect(role, anonymous=LOGIN, author=302, default=403)
    post.refresh_from_db()
    assert post.is_deleted == (role == "author")


@pytest.mark.parametrize("action", ["lock", "pin"])
@pytest.mark.parametrize("role", ROLES)
def test_lock_and_pin(as_role, thread, role, action):
    response = as_role(role).post(reverse("forum:thread_action", args=[thread.pk, action]))
    assert outcome(response) == expect(role, anonymous=LOGIN, moderator=302, staff=302, default=403)
    thread.refresh_from_db()
    flag = thread.is_locked if action == "lock" else thread.is_pinned
    assert flag == (role in {"moderator", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_move(as_role, thread, other_category, role):
    response = as_role(role).post(
        reverse("forum:thread_action", args=[thread.pk, "move"]), {"category": other_category.pk}
    )
    assert outcome(response) == expect(role, anonymous=LOGIN, moderator=302, staff=302, default=403)
    thread.refresh_from_db()
    assert (thread.category == other_category) == (role in {"moderator", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_hide_post(as_role, post, role):
    response = as_role(role).post(reverse("forum:post_action", args=[post.pk, "hide"]), {"reason": "Spam"})
    assert outcome(response) == expect(role, anonymous=LOGIN, moderator=302, staff=302, default=403)
    post.refresh_from_db()
    assert post.is_hidden == (role in {"moderator", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_hide_thread(as_role, thread, role):
    response = as_role(role).post(reverse("forum:thread_action", args=[thread.pk, "hide"]), {"reason": "Spam"})
    assert outcome(response) == expect(role, anonymous=LOGIN, moderator=302, staff=302, default=403)
    thread.refresh_from_db()
    assert thread.is_hidden == (role in {"moderator", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_approve(as_role, settings, thread, member, role):
    settings.FORUM_HOLD_FIRST_POSTS = 100
    held = reply(thread, member, "Wartet")
    response = as_role(role).post(reverse("forum:post_action", args=[held.pk, "approve"]))
    # Another member cannot see a held post at all: 404; its author can, but may not approve it: 403.
    assert outcome(response) == expect(role, anonymous=LOGIN, other_member=404, author=403, default=302)
    held.refresh_from_db()
    assert (held.status == Post.Status.PUBLISHED) == (role in {"moderator", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_report(as_role, post, role):
    response = as_role(role).post(reverse("forum:post_report", args=[post.pk]), {"reason": "spam"})
    assert outcome(response) == expect(role, anonymous=LOGIN, author=403, default=302)
    assert Report.objects.exists() == (role in {"other_member", "moderator", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_moderation_queue(as_role, role):
    response = as_role(role).get(reverse("forum:moderation_queue"))
    assert outcome(response) == expect(role, anonymous=LOGIN, moderator=200, staff=200, default=403)


def test_moderation_actions_need_post(as_role, post):
    assert as_role("moderator").get(reverse("forum:post_action", args=[post.pk, "hide"])).status_code == 405


@pytest.fixture
def held_thread(settings, category, other_member):
    # Written by `other_member`, a new member whose first post waits for approval.
    settings.FORUM_HOLD_FIRST_POSTS = 1
    return services.start_thread(category=category, author=other_member, title="Wartet noch", body="Neu hier")


@pytest.mark.parametrize("role", ROLES)
def test_held_thread_is_readable_by_its_author_and_moderators_only(as_role, held_thread, role):
    # Here the thread's author is `other_member` (see the fixture).
    response = as_role(role).get(held_thread.get_absolute_url())
    assert response.status_code == expect(role, other_member=200, moderator=200, staff=200, default=404)


@pytest.mark.parametrize("role", ROLES)
def test_permalink_of_a_held_post(as_role, held_thread, role):
    response = as_role(role).get(reverse("forum:post_permalink", args=[held_thread.posts.get().pk]))
    assert response.status_code == expect(role, other_member=302, moderator=302, staff=302, default=404)


@pytest.mark.parametrize("role", ROLES)
def test_reply_to_hidden_thread(as_role, thread, moderator, role):
    services.hide_thread(thread=thread, moderator=moderator, reason="Doppelt")
    response = as_role(role).post(reverse("forum:reply_create", args=[thread.pk]), {"body": "Antwort"})
    # Moderators may read a hidden thread, but nobody adds to it: 403; the others do not see it: 404.
    assert outcome(response) == expect(role, anonymous=LOGIN, moderator=403, staff=403, default=404)
    assert not Post.objects.filter(body="Antwort").exists()


@pytest.mark.parametrize("role", ROLES)
def test_reply_in_closed_category(as_role, thread, category, role):
    category.is_closed = True
    category.save()
    response = as_role(role).post(reverse("forum:reply_create", args=[thread.pk]), {"body": "Antwort"})
    assert outcome(response) == expect(role, anonymous=LOGIN, moderator=302, staff=302, default=403)
    assert Post.objects.filter(body="Antwort").exists() == (role in {"moderator", "staff"})


@pytest.mark.parametrize("action", ["unlock", "unpin"])
@pytest.mark.parametrize("role", ROLES)
def test_unlock_and_unpin(as_role, thread, role, action):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True, is_pinned=True)
    response = as_role(role).post(reverse("forum:thread_action", args=[thread.pk, action]))
    assert outcome(response) == expect(role, anonymous=LOGIN, moderator=302, staff=302, default=403)
    thread.refresh_from_db()
    flag = thread.is_locked if action == "unlock" else thread.is_pinned
    assert flag == (role not in {"moderator", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_unhide_post(as_role, post, moderator, role):
    services.hide_post(post=post, moderator=moderator, reason="Spam")
    response = as_role(role).post(reverse("forum:post_action", args=[post.pk, "unhide"]))
    assert outcome(response) == expect(role, anonymous=LOGIN, moderator=302, staff=302, default=403)
    post.refresh_from_db()
    assert post.is_hidden == (role not in {"moderator", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_unhide_thread(as_role, thread, moderator, role):
    services.hide_thread(thread=thread, moderator=moderator, reason="Spam")
    response = as_role(role).post(reverse("forum:thread_action", args=[thread.pk, "unhide"]))
    # Those who cannot see the hidden thread get a 404, not a 403 that would confirm it exists.
    assert outcome(response) == expect(role, anonymous=LOGIN, moderator=302, staff=302, default=404)
    thread.refresh_from_db()
    assert thread.is_hidden == (role not in {"moderator", "staff"})


@pytest.mark.parametrize("role", ROLES)
def test_report_a_hidden_post(as_role, post, moderator, role):
    services.hide_post(post=post, moderator=moderator, reason="Spam")
    response = as_role(role).post(reverse("forum:post_report", args=[post.pk]), {"reason": "spam"})
    assert outcome(response) == expect(role, anonymous=LOGIN, default=403)
    assert not Report.objects.exists()
