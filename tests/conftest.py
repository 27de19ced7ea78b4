import io
import logging
import os
import shutil
import threading
import weakref

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.db.backends.signals import connection_created
from model_bakery import baker

from accounts.roles import MODERATORS_GROUP

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"


def make_user(username, **extra):
    user = baker.make("accounts.User", username=username, email=f"{username}@example.org", **extra)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def member(db):
    return make_user("member", display_name="Martha Member")


@pytest.fixture
def other_member(db):
    return make_user("other", display_name="Otto Other")


# What the apps' data migrations grant the moderator group (tests/accounts/test_roles.py checks them).
MODERATOR_PERMISSIONS = [("articles", "moderate_comment"), ("forum", "moderate_forum")]


@pytest.fixture
def moderator(db):
    user = make_user("moderator", display_name="Mona Moderator")
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    # A browser test before this one can leave the migrations' data unrestored (Playwright runs the ORM in
    # another context than pytest-django's flush and reload); grant explicitly so every test sees the real role.
    for app_label, codename in MODERATOR_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user.groups.add(group)
    return user


@pytest.fixture
def staff(db):
    return make_user("staff", display_name="Stefan Staff", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _german_default(settings):
    settings.LANGUAGE_CODE = "de"


@pytest.fixture(autouse=True)
def _empty_search_log_buffer():
    """The searches a test counted stay in this process's buffer (search/log.py) until flushed: none of them may
    reach the next test's table."""
    from search import log

    yield
    with log._lock:
        log._searches.clear()
        log._results.clear()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required for the browser tests in CI (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _close_connections_of_other_contexts(django_db_setup):
    """Once Playwright's sync API runs, tests get database connections in another contextvars context than the
    one pytest-django tears the test database down in; those stay open and the database cannot be dropped
    ("is being accessed by other users"). Remember every connection opened from now on and close it first."""
    opened = weakref.WeakSet()

    def remember(sender, connection, **kwargs):
        opened.add(connection)

    connection_created.connect(remember, weak=False)
    yield
    connection_created.disconnect(remember)
    for connection in list(opened):
        if threading.get_ident() == connection._thread_ident:
            connection.close()


@pytest.fixture
def server_log():
    """What the configured console log handler writes (settings.LOGGING, filters included), as a string buffer."""
    handler = next(h for h in logging.getLogger("django").handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)
