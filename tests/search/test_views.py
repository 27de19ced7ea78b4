import re

import pytest
from django.urls import reverse

from forum import services
from forum.models import Thread
from search import log as search_log
from search.models import QueryLog
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "a" * 2000,
        "Sauerteig " * 300,
        "Käse\x00Brot",
        "\x00",
        "&|!:*()",
        "'\"''\\",
        '"unbalanced quote',
        '""',
        "- -- ---",
        "OR oder OR",
        "!!Käse & | <-> :* 'a':*A",
        "Käse:* & !Brot",
        "<script>alert(1)</script>",
        "%_%",
        "\u0130stanbul \u0307\u0301",
        "\ufeff\u200b\u202e",
        "🧀 Käse",
    ],
)
def test_hostile_query_gets_a_normal_page(client, start_thread, query):
    start_thread("Käse und Brot", "Sauerteig und Käse.")
    response = search(client, query)
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"von": "\x00"},
        {"bereich": "\x00gibtsnicht"},
        {"art": "alles-und-nichts"},
        {"zeitraum": "x" * 5000},
        {"sortierung": ["neu", "relevanz"]},
    ],
)
def test_hostile_filters_get_a_normal_page(client, start_thread, params):
    start_thread("Käse und Brot", "Sauerteig und Käse.")
    response = search(client, "Käse", **params)
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999", "２", "\x00"])
def test_bad_page_number_is_a_404(client, start_thread, page):
    start_thread("Käse und Brot", "Sauerteig und Käse.")
    assert search(client, "Käse", page=page).status_code == 404


def test_snippet_escapes_what_was_written(client, start_thread):
    start_thread("Angriff", 'Käse <script>alert("x")</script> <img src=x onerror=alert(1)> & mehr')
    html = search(client, "Käse").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<mark>Käse</mark>" in html


def test_title_shows_the_matched_word_highlighted_and_escaped(client, start_thread):
    start_thread("Käse & <b>Brot</b>", "Nur Text.")
    html = search(client, "Käse").content.decode()
    assert "<mark>Käse</mark> &amp; &lt;b&gt;Brot&lt;/b&gt;</a>" in html


def test_pages_hold_twenty_results_and_past_the_end_is_a_404(client, start_thread):
    for number in range(25):
        start_thread(f"Tomaten Nummer {number}", "Tomaten im Hochbeet.")
    first = search(client, "Tomaten")
    assert len(titles(first)) == 20
    assert first.context["results"].count == 25
    assert 'href="/suche/?q=Tomaten&amp;page=2"' in first.content.decode()
    assert len(titles(search(client, "Tomaten", page=2))) == 5
    assert search(client, "Tomaten", page=3).status_code == 404


def test_one_result_per_thread_links_to_its_best_post(client, start_thread, member):
    thread = start_thread("Gartenfragen", "Was pflanze ich im März?")
    services.reply_to_thread(thread=thread, author=member, body="Erbsen gehen gut.")
    best = services.reply_to_thread(thread=thread, author=member, body="Erbsen, Erbsen und nochmal Erbsen!")
    hits = search(client, "Erbsen").context["hits"]
    assert len(hits) == 1
    assert hits[0].url == reverse("forum:post_permalink", kwargs={"pk": best.pk})


def test_kind_filter_separates_forum_and_articles(client, start_thread, write_article):
    start_thread("Tomaten im Forum", "Tomaten.")
    write_article("Tomaten im Artikel", "Tomaten.")
    assert titles(search(client, "Tomaten", art="forum")) == ["Tomaten im Forum"]
    assert titles(search(client, "Tomaten", art="artikel")) == ["Tomaten im Artikel"]


def test_author_and_category_filters(client, start_thread, member, other_member, forum_category):
    from model_bakery import baker

    from forum.models import Category

    garden = baker.make(Category, name="Garten", slug="garten")
    start_thread("Tomaten von Otto", "Tomaten.", author=other_member)
    start_thread("Tomaten von Martha", "Tomaten.", author=member, category=garden)
    assert titles(search(client, "Tomaten", von="member")) == ["Tomaten von Martha"]
    assert titles(search(client, "Tomaten", bereich="garten")) == ["Tomaten von Martha"]


def test_newest_first_sort(client, start_thread):
    start_thread("Tomaten Tomaten Tomaten", "Tomaten, Tomaten.")
    start_thread("Später", "Auch Tomaten.")
    assert titles(search(client, "Tomaten", sortierung="neu")) == ["Später", "Tomaten Tomaten Tomaten"]


def test_period_filter_leaves_out_older_posts(client, start_thread):
    from datetime import timedelta

    from django.utils import timezone

    from forum.models import Post

    old = start_thread("Alte Tomaten", "Tomaten.")
    long_ago = timezone.now() - timedelta(days=400)
    Post.objects.filter(thread=old).update(created_at=long_ago)
    Thread.objects.filter(pk=old.pk).update(created_at=long_ago, last_activity_at=long_ago)
    start_thread("Neue Tomaten", "Tomaten.")
    assert titles(search(client, "Tomaten", zeitraum="jahr")) == ["Neue Tomaten"]


def test_renamed_thread_is_found_by_its_new_title(client, start_thread, moderator):
    thread = start_thread("Alter Name", "Irgendein Text.")
    services.rename_thread(thread=thread, moderator=moderator, title="Rhabarberkuchen")
    assert titles(search(client, "Rhabarberkuchen")) == ["Rhabarberkuchen"]
    assert titles(search(client, "Alter Name")) == []


def test_edited_post_is_found_by_its_new_text_only(client, start_thread, other_member):
    thread = start_thread("Ein Thema", "Zuerst Rhabarber.")
    services.edit_post(post=thread.posts.get(position=1), editor=other_member, body="Jetzt Stachelbeeren.")
    assert titles(search(client, "Stachelbeeren")) == ["Ein Thema"]
    assert titles(search(client, "Rhabarber")) == []


def test_empty_and_stop_word_queries_explain_what_to_do(client):
    assert search(client, "").status_code == 200
    assert search(client, "und wie").context["results"].query.is_empty


def test_no_result_page_offers_to_ask_in_the_forum_with_the_query_as_title(client, member, forum_category):
    client.force_login(member)
    html = search(client, "Wo gibt es Rhabarber?").content.decode()
    link = reverse("forum:thread_create", kwargs={"slug": forum_category.slug}) + "?titel=Wo%20gibt%20es%20Rhabarber%3F"
    assert link in html
    form = client.get(link).content.decode()
    assert 'value="Wo gibt es Rhabarber?"' in form


def test_results_are_not_indexed_by_search_engines(client):
    assert '<meta name="robots" content="noindex, follow">' in search(client, "Käse").content.decode()


def test_header_search_box_and_opensearch_link_are_on_every_page(client):
    html = client.get(reverse("forum:index")).content.decode()
    assert 'action="/suche/"' in html and 'name="q"' in html
    assert 'rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"' in html


def test_opensearch_description_points_to_the_results_page(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    assert 'template="http://testserver/suche/?q={searchTerms}"' in response.content.decode()


def test_home_page_tells_search_engines_about_the_search(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert '"@type": "SearchAction"' in html
    assert "http://testserver/suche/?q={search_term_string}" in html


def test_anonymous_searches_are_rate_limited_per_client(client, settings):
    settings.SEARCH_RATE_LIMIT = 2
    client.defaults["REMOTE_ADDR"] = "198.51.100.7"  # an address no other test searches from (shared cache)
    assert search(client, "Käse").status_code == 200
    assert search(client, "Käse").status_code == 200
    response = search(client, "Käse")
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.SEARCH_RATE_WINDOW_SECONDS)
    assert "Zu viele Suchanfragen" in response.content.decode()
    another_client = client.get(reverse("search:results"), {"q": "Käse"}, REMOTE_ADDR="192.0.2.99")
    assert another_client.status_code == 200


def test_members_are_not_rate_limited(client, settings, member):
    settings.SEARCH_RATE_LIMIT = 1
    client.force_login(member)
    for _ in range(3):
        assert search(client, "Käse").status_code == 200


def test_search_log_counts_normalised_queries_per_day_without_personal_data(client, member, start_thread):
    start_thread("Käse und Brot", "Käse.")
    search(client, "  KÄSE  ")
    client.force_login(member)
    search(client, "käse")
    search(client, "käse", page=1)
    search(client, "Raumschiff")
    assert not QueryLog.objects.exists()  # nothing written on the readers' requests
    assert search_log.flush() == 4
    rows = {row.query: row for row in QueryLog.objects.all()}
    assert rows["käse"].searches == 3 and rows["käse"].results == 1
    assert rows["raumschiff"].results == 0
    assert [field.name for field in QueryLog._meta.fields] == ["id", "day", "query", "searches", "results"]


def test_staff_see_top_queries_and_questions_without_an_answer(client, staff):
    search(client, "Raumschiff")
    search(client, "Raumschiff")
    client.force_login(staff)
    html = client.get(reverse("admin:search_querylog_changelist")).content.decode()
    assert "Häufigste Suchanfragen" in html and "Fragen ohne Antwort" in html
    assert "raumschiff" in html


@pytest.mark.parametrize("size", [3, 30])
def test_results_page_needs_the_same_queries_at_any_size(
    client, member, start_thread, write_article, write_comment, size, django_assert_max_num_queries
):
    for number in range(size):
        thread = start_thread(f"Tomaten {number}", "Tomaten im Hochbeet.")
        services.reply_to_thread(thread=thread, author=member, body="Tomaten auch bei mir.")
        article = write_article(f"Tomaten-Ratgeber {number}", "Tomaten richtig ziehen.")
        write_comment(article, "Danke für die Tomaten-Tipps!")
    with django_assert_max_num_queries(20):
        assert search(client, "Tomaten Hochbeet").status_code == 200
    client.force_login(member)
    with django_assert_max_num_queries(20):
        assert search(client, "Tomaten Hochbeet").status_code == 200
    with django_assert_max_num_queries(30):  # nothing found: looser search and a checked suggestion
        assert search(client, "Tomatn Hochbet").status_code == 200


def test_thread_hidden_after_indexing_is_not_found(client, start_thread, moderator):
    thread = start_thread("Tomaten", "Tomaten.")
    services.hide_thread(thread=Thread.objects.get(pk=thread.pk), moderator=moderator, reason="Test")
    assert titles(search(client, "Tomaten")) == []


def test_a_search_writes_nothing_on_the_readers_request(client, start_thread):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start_thread("Käse und Brot", "Käse.")
    with CaptureQueriesContext(connection) as queries:
        assert search(client, "Käse").status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if re.search(r"\b(INSERT|UPDATE|DELETE)\b", q["sql"])]
    # The database cache of the tests stores the rendered pieces (with Redis they go there); nothing else is written.
    assert [sql for sql in writes if '"django_cache' not in sql] == []
    assert search_log.flush() == 1
    assert QueryLog.objects.get(query="käse").searches == 1
