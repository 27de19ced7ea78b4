"""The bell, the list with mark-read, the settings page and the watch controls, through the HTTP surface."""

import pytest
from django.urls import reverse

from notifications.models import CategoryWatch, Kind, Notification, NotificationSetting, ThreadWatch, WatchLevel
from tests.notifications.conftest import committed, reply

pytestmark = pytest.mark.django_db


def bell(response):
    html = response.content.decode()
    start = html.index('data-testid="notification-bell"')
    return html[start : html.index("</a>", start)]


def test_the_bell_shows_the_unread_count(client, thread, member, other_member, third_member):
    client.force_login(member)
    assert "notification-count" not in bell(client.get(reverse("forum:index")))
    reply(thread, other_member)
    reply(thread, third_member)
    assert '<span class="badge text-bg-danger notification-count">2' in bell(client.get(reverse("forum:index")))


def test_anonymous_readers_get_no_bell(client, thread):
    assert 'data-testid="notification-bell"' not in client.get(thread.get_absolute_url()).content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_the_bell_costs_one_query_whatever_the_number(
    client, thread, member, other_member, count, django_assert_max_num_queries
):
    client.force_login(member)
    for number in range(count):
        reply(thread, other_member, body=f"Antwort {number}")
    client.get(reverse("forum:index"))  # a new notification dropped the cached count: this page counted again
    # session, user, permissions, categories (with their unread flags), the member's read marks, the bell's cache read;
    # the category rows' fragments: one get_many, one write when a row changed ("vor 5 Sekunden")
    with django_assert_max_num_queries(6 + 2):
        response = client.get(reverse("forum:index"))
    assert f'notification-count">{count}' in bell(response)


def test_reading_notifications_updates_the_bell(client, thread, member, other_member):
    reply(thread, other_member)
    client.force_login(member)
    with committed():
        response = client.post(reverse("notifications:mark_read"), {"all": "1"})
    assert response.status_code == 302
    assert "notification-count" not in bell(client.get(reverse("forum:index")))


def test_the_list_groups_notifications_per_thread_newest_first(client, thread, member, other_member):
    for number in range(3):
        reply(thread, other_member, body=f"Antwort {number}")
    client.force_login(member)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "3 neue Antworten in „Erstes Thema“" in html


def test_mark_read_marks_only_my_own_notifications(client, thread, member, other_member, third_member):
    reply(thread, other_member)
    reply(thread, third_member, parent=thread.posts.get(position=2))
    mine = Notification.objects.filter(recipient=member).first()
    theirs = Notification.objects.get(recipient=other_member)
    client.force_login(member)
    client.post(reverse("notifications:mark_read"), {"id": [mine.pk, theirs.pk, "x"]})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_mark_read_takes_only_post(client, member):
    client.force_login(member)
    assert client.get(reverse("notifications:mark_read")).status_code == 405


def test_opening_a_notification_marks_it_read_and_leads_to_the_post(client, thread, member, other_member):
    post = reply(thread, other_member)
    notification = Notification.objects.get(recipient=member)
    client.force_login(member)
    response = client.get(notification.get_absolute_url())
    assert response.url == reverse("forum:post_permalink", args=[post.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_others_cannot_open_my_notification(client, thread, member, other_member):
    reply(thread, other_member)
    client.force_login(other_member)
    assert client.get(Notification.objects.get(recipient=member).get_absolute_url()).status_code == 404


def test_notification_pages_need_a_login(client):
    for name in ("notifications:list", "notifications:settings"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("account_login") in response.url


def test_settings_page_saves_each_kind(client, member):
    client.force_login(member)
    response = client.get(reverse("notifications:settings"))
    assert str(Kind.REPORT.label) not in response.content.decode()  # moderators' kinds only for moderators
    data = {f"{kind}_email": "never" for kind in Kind.values if kind not in ("report", "held")}
    data.update({"reply_email": "weekly", "reply_in_app": "on", "language": "en"})
    assert client.post(reverse("notifications:settings"), data).status_code == 302
    assert NotificationSetting.objects.get(user=member, kind=Kind.REPLY).email == "weekly"
    assert not NotificationSetting.objects.get(user=member, kind=Kind.MENTION).in_app


def test_settings_page_refuses_a_forged_frequency_with_a_form_error(client, member):
    client.force_login(member)
    response = client.post(reverse("notifications:settings"), {"reply_email": "hourly", "language": "de"})
    assert response.status_code == 200
    assert not NotificationSetting.objects.exists()


def test_the_watch_control_sets_the_thread_level_without_javascript(client, thread, other_member):
    client.force_login(other_member)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert reverse("notifications:watch_thread", args=[thread.pk]) in html
    response = client.post(reverse("notifications:watch_thread", args=[thread.pk]), {"level": WatchLevel.MUTED})
    assert response.status_code == 302
    assert ThreadWatch.objects.get(user=other_member, thread=thread).level == WatchLevel.MUTED
    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'<option value="{WatchLevel.MUTED}" selected' in html


def test_the_watch_control_on_a_category_page(client, category, other_member):
    client.force_login(other_member)
    response = client.post(reverse("notifications:watch_category", args=[category.slug]), {"level": "3"})
    assert response.status_code == 302
    assert CategoryWatch.objects.get(user=other_member, category=category).level == WatchLevel.WATCHING


def test_a_forged_watch_level_changes_nothing(client, thread, other_member):
    client.force_login(other_member)
    client.post(reverse("notifications:watch_thread", args=[thread.pk]), {"level": "99"})
    assert not ThreadWatch.objects.filter(user=other_member).exists()


def test_anonymous_visitors_cannot_watch(client, thread):
    response = client.post(reverse("notifications:watch_thread", args=[thread.pk]), {"level": "3"})
    assert response.status_code == 302 and reverse("account_login") in response.url
    assert 'name="level"' not in client.get(thread.get_absolute_url()).content.decode()


def test_nobody_watches_a_thread_they_cannot_see(client, category, member, other_member, moderator):
    from forum import services

    with committed():
        hidden = services.start_thread(category=category, author=member, title="Versteckt", body="Text")
        services.hide_thread(thread=hidden, moderator=moderator, reason="Spam")
    client.force_login(other_member)
    assert client.post(reverse("notifications:watch_thread", args=[hidden.pk]), {"level": "3"}).status_code == 404
