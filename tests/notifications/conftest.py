import pytest
from django.test import TestCase
from model_bakery import baker

from forum import services
from forum.models import Category
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    settings.NOTIFICATIONS_COALESCE_MINUTES = 15
    settings.SITE_NAME = "Stammtisch"
    settings.SITE_URL = "https://forum.example.org"


def committed():
    """Signals are sent after commit, and a test runs inside a transaction that never commits: run what waits for
    the commit (and what that adds) at the end of the block."""
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def category(db):
    return baker.make(Category, name="Allgemeines", slug="allgemeines")


@pytest.fixture
def third_member(db):
    return make_user("third", display_name="Theo Third")


@pytest.fixture
def thread(category, member):
    with committed():
        return services.start_thread(category=category, author=member, title="Erstes Thema", body="Hallo Welt")


def reply(thread, author, body="Eine Antwort", parent=None):
    with committed():
        return services.reply_to_thread(thread=thread, author=author, body=body, parent=parent)
