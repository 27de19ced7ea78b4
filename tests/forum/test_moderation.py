import pytest
from django.urls import reverse

from core.models import ModerationLogEntry
from forum import services
from forum.models import Post, Report
from portal.moderation_queue import pending_count
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(thread, member):
    return reply(thread, member, "Ärgerlicher Beitrag")


def test_hiding_a_post_is_logged_with_reason(client, moderator, post):
    client.force_login(moderator)
    client.post(reverse("forum:post_action", args=[post.pk, "hide"]), {"reason": "Beleidigung"})
    entry = ModerationLogEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_id, entry.reason) == (
        moderator,
        "forum.post.hide",
        str(post.pk),
        "Beleidigung",
    )


def test_hiding_a_post_needs_a_reason(client, moderator, post):
    client.force_login(moderator)
    client.post(reverse("forum:post_action", args=[post.pk, "hide"]), {"reason": ""})
    post.refresh_from_db()
    assert not post.is_hidden


def test_too_long_hiding_reason_gives_the_form_error_and_keeps_the_text(client, moderator, post):
    client.force_login(moderator)
    reason = "Zu lang. " * 40
    response = client.post(reverse("forum:post_action", args=[post.pk, "hide"]), {"reason": reason})
    assert response.status_code == 400
    assert "höchstens 300 Zeichen" in response.text
    assert reason.strip() in response.text
    post.refresh_from_db()
    assert not post.is_hidden


def test_hidden_post_can_be_shown_again(client, moderator, post):
    services.hide_post(post=post, moderator=moderator, reason="Versehen")
    client.force_login(moderator)
    client.post(reverse("forum:post_action", args=[post.pk, "unhide"]))
    post.refresh_from_db()
    assert not post.is_hidden
    assert ModerationLogEntry.objects.filter(action="forum.post.unhide").exists()


def test_deleted_post_can_be_restored_by_a_moderator(client, member, moderator, post):
    services.delete_post(post=post, user=member)
    client.force_login(moderator)
    client.post(reverse("forum:post_action", args=[post.pk, "restore"]))
    post.refresh_from_db()
    assert not post.is_deleted


def test_moderator_edit_of_another_members_post_is_logged(client, moderator, post):
    client.force_login(moderator)
    client.post(reverse("forum:post_edit", args=[post.pk]), {"body": "Entschärft"})
    assert ModerationLogEntry.objects.get().action == "forum.post.edit"


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("lock", "is_locked", True), ("pin", "is_pinned", True)],
)
def test_thread_flags_are_set_and_logged(client, moderator, thread, action, field, value):
    client.force_login(moderator)
    client.post(reverse("forum:thread_action", args=[thread.pk, action]))
    thread.refresh_from_db()
    assert getattr(thread, field) is value
    assert ModerationLogEntry.objects.get().action == f"forum.thread.{action}"


def test_renamed_thread_keeps_its_old_url_working(client, moderator, thread):
    old_url = thread.get_absolute_url()
    client.force_login(moderator)
    client.post(reverse("forum:thread_action", args=[thread.pk, "rename"]), {"title": "Ganz neuer Titel"})
    thread.refresh_from_db()
    assert thread.slug == "ganz-neuer-titel"
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == thread.get_absolute_url()


def test_moved_thread_keeps_its_url(client, moderator, thread, other_category):
    url = thread.get_absolute_url()
    services.move_thread(thread=thread, moderator=moderator, category=other_category)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["category"] == other_category


def test_rename_with_too_short_title_is_refused(client, moderator, thread):
    client.force_login(moderator)
    response = client.post(reverse("forum:thread_action", args=[thread.pk, "rename"]), {"title": "x"})
    assert response.status_code == 400
    thread.refresh_from_db()
    assert thread.title == "Erstes Thema"


def test_move_and_rename_forms_ask_for_the_category_and_title_before_the_reason(client, moderator, thread):
    client.force_login(moderator)
    page = client.get(reverse("forum:thread_moderate", args=[thread.pk])).text
    move = page[page.index("/moderieren/move/") :]
    assert move.index('name="category"') < move.index('name="reason"')
    rename = page[page.index("/moderieren/rename/") :]
    assert rename.index('name="title"') < rename.index('name="reason"')


def test_member_can_report_a_post_once(client, other_member, post):
    client.force_login(other_member)
    url = reverse("forum:post_report", args=[post.pk])
    client.post(url, {"reason": "offensive", "text": "Unfreundlich"})
    client.post(url, {"reason": "spam"})
    report = Report.objects.get()
    assert (report.reason, report.text, report.reporter) == ("offensive", "Unfreundlich", other_member)


def test_report_with_unknown_reason_is_a_form_error(client, other_member, post):
    client.force_login(other_member)
    response = client.post(reverse("forum:post_report", args=[post.pk]), {"reason": "\x00"})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]


def test_queue_shows_held_posts_and_open_reports(client, settings, thread, other_member, moderator, post):
    services.report_post(post=post, reporter=other_member, reason="spam", text="Werbung")
    settings.FORUM_HOLD_FIRST_POSTS = 5
    reply(thread, other_member, "Bitte freischalten")
    client.force_login(moderator)
    text = client.get(reverse("forum:moderation_queue")).text
    assert "Bitte freischalten" in text
    assert "Werbung" in text


def test_pending_count_adds_held_posts_and_open_reports(settings, thread, other_member, post, moderator):
    services.report_post(post=post, reporter=other_member, reason="spam")
    settings.FORUM_HOLD_FIRST_POSTS = 5
    reply(thread, other_member, "Wartet")
    assert pending_count(moderator) == 2


def test_resolving_a_report_by_hiding_closes_all_reports_on_the_post(client, moderator, other_member, staff, post):
    services.report_post(post=post, reporter=other_member, reason="spam")
    services.report_post(post=post, reporter=staff, reason="offensive")
    client.force_login(moderator)
    client.post(reverse("forum:report_action", args=[Report.objects.first().pk, "hide"]))
    post.refresh_from_db()
    assert post.is_hidden
    assert not Report.objects.filter(status=Report.Status.OPEN).exists()
    assert pending_count(moderator) == 0


def test_handling_a_report_twice_returns_to_the_queue_with_a_note(client, moderator, other_member, post):
    report = services.report_post(post=post, reporter=other_member, reason="spam")
    client.force_login(moderator)
    url = reverse("forum:report_action", args=[report.pk, "dismiss"])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:moderation_queue")
    assert "Diese Meldung wurde schon bearbeitet." in response.text


def test_dismissing_a_report_leaves_the_post_visible(client, moderator, other_member, post):
    report = services.report_post(post=post, reporter=other_member, reason="spam")
    client.force_login(moderator)
    client.post(reverse("forum:report_action", args=[report.pk, "dismiss"]))
    report.refresh_from_db()
    post.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert not post.is_hidden
    assert ModerationLogEntry.objects.get().action == "forum.report.dismiss"


def test_approving_from_the_queue_returns_to_the_queue(client, settings, thread, other_member, moderator):
    settings.FORUM_HOLD_FIRST_POSTS = 5
    held = reply(thread, other_member, "Wartet")
    client.force_login(moderator)
    response = client.post(reverse("forum:post_action", args=[held.pk, "approve"]), {"next": "queue"})
    assert response["Location"] == reverse("portal:moderation_queue")
    assert Post.objects.get(pk=held.pk).status == Post.Status.PUBLISHED


def test_unknown_moderation_action_is_404(client, moderator, post):
    client.force_login(moderator)
    assert client.post(reverse("forum:post_action", args=[post.pk, "explode"])).status_code == 404


def test_an_edit_sent_while_a_moderator_hides_the_post_does_not_show_it_again(moderator, member, post):
    stale = Post.objects.get(pk=post.pk)  # the author's request loaded the post before the moderator acted
    services.hide_post(post=post, moderator=moderator, reason="Beleidigend")
    services.edit_post(post=stale, editor=member, body="Nachgebessert")
    post.refresh_from_db()
    assert post.is_hidden
    assert post.hidden_reason == "Beleidigend"
