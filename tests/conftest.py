import os
import shutil

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
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


@pytest.fixture
def moderator(db):
    user = make_user("moderator", display_name="Mona Moderator")
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    return user


@pytest.fixture
def staff(db):
    return make_user("staff", display_name="Stefan Staff", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _german_default(settings):
    settings.LANGUAGE_CODE = "de"


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
