"""A reply in a thread with 10,000 watchers: the notifications are created in bulk by a task, in bounded time."""

import time

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from notifications.models import Kind, Notification, ThreadWatch, WatchLevel
from tests.notifications.conftest import reply

pytestmark = pytest.mark.django_db

WATCHERS = 10_000


def test_a_reply_reaches_ten_thousand_watchers_in_bounded_time(thread, other_member, mailoutbox):
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"watcher{number}", email=f"watcher{number}@example.org") for number in range(WATCHERS)]
    )
    ThreadWatch.objects.bulk_create([ThreadWatch(user=u, thread=thread, level=WatchLevel.WATCHING) for u in users])
    # Three of them have a verified address: they get a mail; the others are in the site only.
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users[:3]]
    )
    started = time.monotonic()
    reply(thread, other_member)  # runs the tasks at once (the immediate backend), as the worker would
    elapsed = time.monotonic() - started
    assert Notification.objects.filter(kind=Kind.THREAD_POST).count() == WATCHERS
    assert {message.to[0] for message in mailoutbox} >= {user.email for user in users[:3]}
    assert not any(message.to[0] == users[3].email for message in mailoutbox)
    assert elapsed < 60, f"fan-out took {elapsed:.1f} s"
