"""Every forum moderation action says what it did; lock and pin take a reason like the other actions."""

import re

import pytest
from django.urls import reverse

from core.models import ModerationLogEntry
from forum import services
from tests.forum.conftest import reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(thread, member):
    return reply(thread, member, "Ärgerlicher Beitrag")


@pytest.fixture
def held(settings, thread, other_member):
    settings.FORUM_HOLD_FIRST_POSTS = 5
    return reply(thread, other_member, "Wartet")


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("hide", {"reason": "Beleidigung"}, "Beitrag ausgeblendet: Beleidigung"),
        ("unhide", {}, "Beitrag wieder eingeblendet."),
        ("approve", {}, "Beitrag freigegeben."),
        ("reject", {}, "Beitrag abgelehnt."),
        ("restore", {}, "Beitrag wiederhergestellt."),
    ],
)
def test_each_post_moderation_action_says_what_happened(client, moderator, member, post, held, action, data, message):
    target = held if action in {"approve", "reject"} else post
    if action == "unhide":
        services.hide_post(post=post, moderator=moderator, reason="Versehen")
    if action == "restore":
        services.delete_post(post=post, user=member)
    client.force_login(moderator)
    response = client.post(reverse("forum:post_action", args=[target.pk, action]), data, follow=True)
    assert message in response.text
    assert "Erledigt." not in response.text


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("lock", {}, "Thema gesperrt."),
        ("unlock", {}, "Thema entsperrt."),
        ("pin", {}, "Thema angeheftet."),
        ("unpin", {}, "Thema nicht mehr angeheftet."),
        ("hide", {"reason": "Werbung"}, "Thema ausgeblendet: Werbung"),
        ("unhide", {}, "Thema wieder eingeblendet."),
        ("move", {}, "Thema verschoben nach „Technik“."),
        ("rename", {"title": "Ein neuer Titel"}, "Thema umbenannt."),
    ],
)
def test_each_thread_moderation_action_says_what_happened(
    client, moderator, thread, other_category, action, data, message
):
    match action:
        case "unlock":
            services.set_thread_flag(thread=thread, moderator=moderator, flag="is_locked", value=True)
        case "unpin":
            services.set_thread_flag(thread=thread, moderator=moderator, flag="is_pinned", value=True)
        case "unhide":
            services.hide_thread(thread=thread, moderator=moderator, reason="Versehen")
        case "move":
            data = {"category": other_category.pk}
    client.force_login(moderator)
    response = client.post(reverse("forum:thread_action", args=[thread.pk, action]), data, follow=True)
    assert message in response.text


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("hide", "Beitrag ausgeblendet, Meldung erledigt."),
        ("dismiss", "Meldung verworfen, der Beitrag bleibt sichtbar."),
    ],
)
def test_each_report_action_says_what_happened(client, moderator, other_member, post, action, message):
    report = services.report_post(post=post, reporter=other_member, reason="spam")
    client.force_login(moderator)
    response = client.post(reverse("forum:report_action", args=[report.pk, action]), follow=True)
    assert message in response.text


@pytest.mark.parametrize("action", ["lock", "unlock", "pin", "unpin"])
def test_lock_and_pin_record_their_optional_reason_in_the_log(client, moderator, thread, action):
    client.force_login(moderator)
    client.post(reverse("forum:thread_action", args=[thread.pk, action]), {"reason": "Alles gesagt"})
    entry = ModerationLogEntry.objects.get(action=f"forum.thread.{action}")
    assert entry.reason == "Alles gesagt"


def test_thread_moderation_page_offers_a_reason_for_lock_and_pin_and_gives_each_field_its_own_id(
    client, moderator, thread
):
    client.force_login(moderator)
    page = client.get(reverse("forum:thread_moderate", args=[thread.pk])).text
    lock_form = page[page.index('action="' + reverse("forum:thread_action", args=[thread.pk, "lock"])) :]
    lock_form = lock_form[: lock_form.index("</form>")]
    assert 'name="reason"' in lock_form
    assert 'formaction="' + reverse("forum:thread_action", args=[thread.pk, "pin"]) in lock_form
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_too_long_lock_reason_shows_the_error_and_keeps_the_text(client, moderator, thread):
    client.force_login(moderator)
    response = client.post(reverse("forum:thread_action", args=[thread.pk, "lock"]), {"reason": "x" * 301})
    assert response.status_code == 400
    assert "x" * 301 in response.text
    thread.refresh_from_db()
    assert not thread.is_locked
