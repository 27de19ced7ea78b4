import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from insights import counting
from insights.models import PageViewDay

pytestmark = pytest.mark.django_db


def collect():
    call_command("collect_insights", stdout=io.StringIO())


def views(**filters):
    return sum(PageViewDay.objects.filter(**filters).values_list("views", flat=True))


def test_a_thread_view_is_counted_for_the_thread_after_the_fold(reader, thread):
    reader.get(thread.get_absolute_url())
    assert PageViewDay.objects.count() == 0
    collect()
    row = PageViewDay.objects.get()
    assert (row.kind, row.object_id, row.views, row.referrer_class) == ("thread", thread.pk, 1, "direct")
    assert row.path == thread.get_absolute_url()


def test_an_article_view_is_counted_for_the_article(reader, make_article):
    article = make_article()
    reader.get(article.get_absolute_url())
    collect()
    row = PageViewDay.objects.get()
    assert (row.kind, row.object_id, row.published_on) == (
        "article",
        article.pk,
        timezone.localdate(article.published_at),
    )


def test_views_served_from_the_page_cache_are_counted(reader, thread, settings):
    settings.PAGE_CACHE_SECONDS = 300
    reader.get(thread.get_absolute_url())
    assert reader.get(thread.get_absolute_url())["X-Page-Cache"] == "hit"
    collect()
    assert views(object_id=thread.pk) == 2


def test_counting_a_page_cache_hit_writes_nothing_to_the_database(reader, thread, settings):
    settings.PAGE_CACHE_SECONDS = 300
    reader.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        assert reader.get(thread.get_absolute_url())["X-Page-Cache"] == "hit"
    assert len(queries) == 1  # the page cache's own read
    assert not [q for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "curl/8.5.0",
        "python-requests/2.32",
        "facebookexternalhit/1.1",
    ],
)
def test_crawlers_and_scripts_are_not_counted(client, thread, user_agent):
    client.get(thread.get_absolute_url(), HTTP_USER_AGENT=user_agent)
    collect()
    assert PageViewDay.objects.count() == 0


def test_prefetch_requests_are_not_counted(reader, thread):
    reader.get(thread.get_absolute_url(), HTTP_SEC_PURPOSE="prefetch")
    reader.get(thread.get_absolute_url(), HTTP_PURPOSE="prefetch")
    collect()
    assert PageViewDay.objects.count() == 0


@pytest.mark.parametrize(
    "referer, referrer_class, host",
    [
        ("", "direct", ""),
        ("https://www.google.de/", "search", ""),
        ("https://duckduckgo.com/?q=stammtisch", "search", ""),
        ("https://www.example.com/blog/post?secret=1", "site", "example.com"),
        ("http://testserver/forum/", "internal", ""),
        ("not a url at all", "direct", ""),
    ],
)
def test_the_referrer_is_kept_as_its_class_and_only_the_host_of_other_sites(
    reader, thread, referer, referrer_class, host
):
    reader.get(thread.get_absolute_url(), HTTP_REFERER=referer)
    collect()
    row = PageViewDay.objects.get()
    assert (row.referrer_class, row.referrer_host) == (referrer_class, host)


def test_pages_that_are_not_public_pages_are_not_counted(reader, thread, staff):
    reader.get(reverse("core:healthz"))
    reader.get(reverse("articles:article_feed"))
    reader.get("/gibt-es-nicht/")
    reader.get(thread.get_absolute_url(), {"view": "chrono"}, HTTP_ACCEPT="text/html")
    reader.force_login(staff)
    reader.get(reverse("admin:index"))
    collect()
    assert list(PageViewDay.objects.values_list("path", flat=True)) == [thread.get_absolute_url()]


def test_the_home_page_and_the_privacy_page_are_counted_as_pages(reader, legal_pages):
    reader.get(reverse("portal:home"))
    reader.get(reverse("core:privacy"))
    collect()
    assert set(PageViewDay.objects.values_list("path", "kind")) == {("/", "page"), ("/datenschutz/", "page")}


def test_folding_twice_neither_loses_nor_doubles_counts(reader, thread):
    for _ in range(3):
        reader.get(thread.get_absolute_url())
    collect()
    collect()
    reader.get(thread.get_absolute_url())
    collect()
    assert views() == 4


def test_views_counted_while_a_flush_runs_are_neither_lost_nor_doubled(thread):
    path = thread.get_absolute_url()
    field = counting.SEPARATOR.join(["2026-11-30", path, "direct", ""])
    memory = counting.DatabaseCounter()

    def count():
        for _ in range(500):
            memory.add(field)

    workers = [threading.Thread(target=count) for _ in range(4)]
    for worker in workers:
        worker.start()
    memory.flush()
    for worker in workers:
        worker.join()
    memory.flush()
    assert views() == 2000


def test_with_redis_views_are_handed_on_once_a_second_in_one_round_trip(reader, thread, redis_cache, settings):
    client = redis_cache._cache.get_client(write=True)
    round_trips = []
    original_command, original_pipeline = client.execute_command, client.pipeline

    def pipeline(*args, **kwargs):
        batch = original_pipeline(*args, **kwargs)
        execute = batch.execute
        batch.execute = lambda: round_trips.append("pipeline") or execute()
        return batch

    client.execute_command = lambda *args, **kwargs: round_trips.append(args[0]) or original_command(*args, **kwargs)
    client.pipeline = pipeline
    try:
        settings.INSIGHTS_SEND_SECONDS = 3600
        reader.get(thread.get_absolute_url())
        reader.get(thread.get_absolute_url())
        assert round_trips == []
        settings.INSIGHTS_SEND_SECONDS = 0
        reader.get(thread.get_absolute_url())
        assert round_trips == ["pipeline"]
    finally:
        del client.execute_command, client.pipeline
    assert list(client.hgetall(redis_cache.make_key(counting.LIVE_KEY)).values()) == [b"3"]
    collect()
    collect()
    assert views(object_id=thread.pk) == 3


def test_counting_can_be_switched_off(reader, thread, settings):
    from django.test import Client

    settings.INSIGHTS_COUNT_VIEWS = False
    Client(HTTP_USER_AGENT=reader.defaults["HTTP_USER_AGENT"]).get(thread.get_absolute_url())
    collect()
    assert PageViewDay.objects.count() == 0
