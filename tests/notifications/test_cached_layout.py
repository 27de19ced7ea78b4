"""With the caches as production has them (Redis: the bell's count, the member's watch levels and the layout's
fragments kept there), the bell and the watch control change at once after what changes them."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import WatchLevel
from tests.cache_helpers import memory_caches  # noqa: F401 - a fixture
from tests.notifications.conftest import committed, reply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_caches")]


def bell(client):
    html = client.get(reverse("core:impressum")).content.decode()
    start = html.index('data-testid="notification-bell"')
    return html[start : html.index("</a>", start)]


def selected_level(client, thread):
    html = client.get(thread.get_absolute_url()).content.decode()
    start = html.index('id="watch-level"')
    select = html[start : html.index("</select>", start)]
    return int(select.split(" selected")[0].rsplit('value="', 1)[1].split('"')[0])


def test_the_bell_counts_a_new_notification_at_once_and_clears_when_read(client, thread, member, other_member):
    client.force_login(member)
    assert "notification-count" not in bell(client)
    reply(thread, other_member)
    assert 'notification-count">1<' in bell(client)
    reply(thread, other_member, body="Noch eine")
    assert 'notification-count">2<' in bell(client)
    with committed():
        client.post(reverse("notifications:mark_read"), {"all": "1"})
    assert "notification-count" not in bell(client)


def test_each_member_sees_their_own_count(thread, member, other_member, third_member):
    reply(thread, other_member)
    first, second = Client(), Client()
    first.force_login(member)
    second.force_login(third_member)
    assert 'notification-count">1<' in bell(first)
    assert "notification-count" not in bell(second)


def test_a_chosen_thread_level_shows_at_once(client, thread, other_member):
    client.force_login(other_member)
    assert selected_level(client, thread) == WatchLevel.NORMAL
    with committed():
        client.post(reverse("notifications:watch_thread", args=[thread.pk]), {"level": WatchLevel.MUTED})
    assert selected_level(client, thread) == WatchLevel.MUTED


def test_a_category_level_is_inherited_at_once(client, thread, other_member):
    client.force_login(other_member)
    assert selected_level(client, thread) == WatchLevel.NORMAL
    with committed():
        url = reverse("notifications:watch_category", args=[thread.category.slug])
        client.post(url, {"level": WatchLevel.WATCHING})
    assert selected_level(client, thread) == WatchLevel.WATCHING


def test_replying_shows_the_thread_as_tracked_at_once(client, thread, other_member):
    client.force_login(other_member)
    assert selected_level(client, thread) == WatchLevel.NORMAL
    reply(thread, other_member)
    assert selected_level(client, thread) == WatchLevel.TRACKING


def test_each_member_sees_their_own_level(thread, member, other_member):
    first, second = Client(), Client()
    first.force_login(member)  # started the thread: watching
    second.force_login(other_member)
    assert selected_level(first, thread) == WatchLevel.WATCHING
    assert selected_level(second, thread) == WatchLevel.NORMAL
