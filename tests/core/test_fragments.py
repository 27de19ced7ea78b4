"""The fragment cache (core/fragments.py): keys made of what a fragment shows, one round trip per page, the reader's
own CSRF token, and nothing but plain values in a cached context."""

from datetime import datetime, timedelta

import pytest
from django.contrib.humanize.templatetags import humanize
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.cache import caches
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core import fragments

TEMPLATE = "core/test_fragment.html"


@pytest.fixture(autouse=True)
def fragment_template(settings, tmp_path):
    """A fragment template of the test's own, in a directory put in front of the project's."""
    folder = tmp_path / "core"
    folder.mkdir()
    (folder / "test_fragment.html").write_text(
        '{% load i18n %}<p>{{ name }} {% translate "Reply" %} {{ when|date:"DATE_FORMAT" }}</p>'
        '{% if form %}<form method="post">{{ csrf_input }}</form>{% endif %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    engines._engines = {}
    engines.__dict__.pop("templates", None)
    yield
    engines._engines = {}
    engines.__dict__.pop("templates", None)


@pytest.fixture
def clear_fragments(db):
    caches[fragments.CACHE_ALIAS].clear()


def render(contexts, request=None):
    return [str(html) for html in fragments.render_many(TEMPLATE, contexts, request)]


@pytest.mark.django_db
def test_a_fragment_is_rendered_once_then_read_from_the_cache(clear_fragments, monkeypatch):
    first = render([{"name": "Anna", "when": datetime(2026, 11, 30, 12)}])
    monkeypatch.setattr(fragments, "get_template", lambda name: pytest.fail("rendered again"))  # a hit renders nothing
    assert render([{"name": "Anna", "when": datetime(2026, 11, 30, 12)}]) == first
    assert "Anna" in first[0]


@pytest.mark.django_db
def test_a_changed_value_is_a_new_key_and_is_seen_at_once(clear_fragments):
    assert "Anna" in render([{"name": "Anna"}])[0]
    assert "Berta" in render([{"name": "Berta"}])[0]
    assert "Anna" in render([{"name": "Anna"}])[0]


@pytest.mark.django_db
def test_the_language_is_part_of_the_key(clear_fragments):
    with translation.override("de"):
        german = render([{"name": "Anna"}])[0]
    with translation.override("en"):
        english = render([{"name": "Anna"}])[0]
    assert "Antworten" in german
    assert "Reply" in english


@pytest.mark.django_db
def test_a_page_reads_all_its_fragments_in_one_query_and_writes_the_misses_in_one(clear_fragments):
    contexts = [{"name": f"Name {n}"} for n in range(20)]
    with CaptureQueriesContext(connection) as cold:
        render(contexts)
    with CaptureQueriesContext(connection) as warm:
        render(contexts)
    # Cold: one read, one write (and now and then a count of the table to cull it). Warm: one read.
    assert len(cold) <= 3
    assert len(warm) == 1


@pytest.mark.django_db
def test_the_csrf_placeholder_becomes_each_readers_own_token(clear_fragments, rf):
    first, second = rf.get("/"), rf.get("/")
    mine = render([{"name": "Anna", "form": True}], first)[0]
    theirs = render([{"name": "Anna", "form": True}], second)[0]
    assert fragments.CSRF_PLACEHOLDER not in mine
    assert 'name="csrfmiddlewaretoken"' in mine
    assert first.META["CSRF_COOKIE"] != second.META["CSRF_COOKIE"]
    assert mine != theirs  # the cached fragment is shared, the token in it is not


@pytest.mark.django_db
def test_only_plain_values_may_be_part_of_a_fragment(clear_fragments, member):
    with pytest.raises(TypeError, match="only plain values"):
        render([{"author": member}])
    with pytest.raises(TypeError):
        render([{"names": ("Anna", member)}])


@pytest.mark.django_db
def test_with_the_cache_off_nothing_is_read_or_written(settings, clear_fragments):
    settings.FRAGMENT_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        assert "Anna" in render([{"name": "Anna"}])[0]
    assert len(queries) == 0
    assert caches[fragments.CACHE_ALIAS].get(fragments.key_for(TEMPLATE, {"name": "Anna"})) is None


def test_the_source_version_changes_with_a_template(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "a.html"
    page.write_text("one")
    fragments.source_version.cache_clear()
    try:
        before = fragments.source_version()
        page.write_text("two")
        fragments.source_version.cache_clear()
        assert fragments.source_version() != before
    finally:
        fragments.source_version.cache_clear()


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "ago",
    [
        timedelta(seconds=20),
        timedelta(minutes=25),
        timedelta(hours=3, minutes=20),
        timedelta(days=2, hours=5, minutes=30),
        timedelta(days=45, minutes=30),
        timedelta(days=400, minutes=30),
    ],
)
def test_relative_time_says_what_naturaltime_says(language, ago):
    moment = timezone.now() - ago
    with translation.override(language):
        assert fragments.relative_time(moment) == str(naturaltime(moment))
        assert fragments.relative_time(moment) == str(naturaltime(moment))  # the kept text too


def test_relative_time_moves_on_with_the_clock(monkeypatch):
    start = timezone.now()
    moment = start - timedelta(hours=3, minutes=30)
    with translation.override("de"):
        assert fragments.relative_time(moment) == "vor 3 Stunden"

        class Later(datetime):
            @classmethod
            def now(cls, tz=None):
                return datetime.now(tz) + timedelta(hours=1)

        monkeypatch.setattr(humanize, "datetime", Later)
        monkeypatch.setattr(timezone, "now", lambda: start + timedelta(hours=1))
        assert fragments.relative_time(moment) == "vor 4 Stunden"
