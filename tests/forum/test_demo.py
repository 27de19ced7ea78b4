from io import StringIO

import pytest
from django.core.management import call_command

from forum.models import Category, Post, Report, Thread
from tests.forum.test_counters import assert_counters_exact

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    settings.FORUM_HOLD_FIRST_POSTS = 1
    call_command("seed_demo", stdout=StringIO())


def test_seed_demo_adds_german_categories_a_held_post_and_a_report(seeded):
    assert Category.objects.filter(name="Allgemeines").exists()
    assert Post.objects.filter(status=Post.Status.HELD).count() == 1
    assert Report.objects.filter(status=Report.Status.OPEN).count() == 1


def test_seed_demo_adds_a_long_deeply_threaded_thread(seeded):
    thread = Thread.objects.order_by("-post_count").first()
    assert thread.post_count > 200
    assert max(thread.posts.values_list("depth", flat=True)) > 10
    assert_counters_exact()


def test_seed_demo_runs_twice_without_duplicates(seeded):
    count = Post.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Post.objects.count() == count


def test_demo_long_thread_pages_render(seeded, client):
    thread = Thread.objects.order_by("-post_count").first()
    for view in ["threaded", "chrono"]:
        assert client.get(thread.get_absolute_url(), {"view": view}).status_code == 200
