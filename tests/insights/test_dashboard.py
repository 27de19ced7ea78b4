import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from insights.models import PageViewDay

pytestmark = pytest.mark.django_db

URL = reverse("insights:dashboard")


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_members_may_not_see_insights(client, member):
    client.force_login(member)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"csv": "moderation"}).status_code == 403


def test_moderators_see_the_health_figures_only(client, moderator):
    client.force_login(moderator)
    page = client.get(URL).content.decode()
    assert "Ist sie gesund?" in page
    assert "Wächst die Gemeinschaft?" not in page
    assert "Bringen Inhalte Leser?" not in page
    assert client.get(URL, {"csv": "moderation"}).status_code == 200
    assert client.get(URL, {"csv": "activity"}).status_code == 404
    assert client.get(URL, {"csv": "content-views"}).status_code == 404


def test_staff_see_every_part_with_svg_charts_and_no_style_attribute(client, staff):
    client.force_login(staff)
    response = client.get(URL, {"period": "week"})
    page = response.content.decode()
    for heading in [
        "Wächst die Gemeinschaft?",
        "Ist sie gesund?",
        "Bringen Inhalte Leser?",
        "Artikel und Gemeinschaft",
    ]:
        assert heading in page
    assert page.count('<svg class="insights-chart"') == 2
    assert 'role="img"' in page and "<title id=" in page
    assert "style=" not in page.split("<main", 1)[1]


def test_an_unknown_period_falls_back_to_the_month(client, staff):
    client.force_login(staff)
    assert client.get(URL, {"period": "\x00jahr"}).status_code == 200


def test_an_unknown_csv_table_is_a_404(client, staff):
    client.force_login(staff)
    assert client.get(URL, {"csv": "nichts"}).status_code == 404


def test_every_table_downloads_as_csv_with_its_header(client, staff):
    from insights.figures import TABLES

    client.force_login(staff)
    for slug in TABLES:
        response = client.get(URL, {"csv": slug, "period": "year"})
        assert response.status_code == 200, slug
        assert response["Content-Type"].startswith("text/csv")
        assert f'filename="{slug}-year-' in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0], slug


def test_the_csv_holds_the_counted_views(client, staff, thread):
    from django.utils import timezone

    PageViewDay.objects.create(
        day=timezone.localdate(),
        path=thread.get_absolute_url(),
        kind="thread",
        object_id=thread.pk,
        published_on=date(2020, 1, 1),
        referrer_class="search",
        views=7,
    )
    client.force_login(staff)
    rows = list(csv.reader(io.StringIO(client.get(URL, {"csv": "content-views"}).content.decode())))
    assert rows[1][:3] == ["Ein Thema", "Thema", "7"]


def test_the_admin_index_links_to_insights(client, staff):
    client.force_login(staff)
    assert URL in client.get(reverse("admin:index")).content.decode()


def test_the_dashboard_takes_a_fixed_number_of_queries(client, staff, thread, django_assert_max_num_queries):
    from django.utils import timezone

    for number in range(30):
        PageViewDay.objects.create(
            day=timezone.localdate(),
            path=f"/seite-{number}/",
            kind="thread",
            object_id=thread.pk,
            published_on=date(2020, 1, 1),
            referrer_class="direct",
            views=number + 1,
        )
    client.force_login(staff)
    from insights import sources

    client.get(URL)  # the background fold (run at once in tests) starts at most every few minutes
    # The apps' own figures (likes, the search log) add one query for each figure and two for the search block.
    budget = 32 + len(sources.activity_sources) + 2 * len(sources.search_sources)
    with django_assert_max_num_queries(budget):
        assert client.get(URL).status_code == 200


def test_a_title_that_looks_like_a_formula_is_not_one_in_the_csv(client, staff, thread):
    from django.utils import timezone

    from forum.models import Thread

    Thread.objects.filter(pk=thread.pk).update(title='=HYPERLINK("https://example.org")')
    PageViewDay.objects.create(
        day=timezone.localdate(),
        path=thread.get_absolute_url(),
        kind="thread",
        object_id=thread.pk,
        published_on=date(2020, 1, 1),
        referrer_class="direct",
        views=1,
    )
    client.force_login(staff)
    rows = list(csv.reader(io.StringIO(client.get(URL, {"csv": "content-views"}).content.decode())))
    assert rows[1][0] == '\'=HYPERLINK("https://example.org")'


def test_one_threads_views_per_day_are_shown_as_a_chart_and_a_csv(client, staff, thread):
    from django.utils import timezone

    for referrer, views in [("search", 3), ("direct", 2)]:
        PageViewDay.objects.create(
            day=timezone.localdate(),
            path=thread.get_absolute_url(),
            kind="thread",
            object_id=thread.pk,
            published_on=date(2020, 1, 1),
            referrer_class=referrer,
            views=views,
        )
    PageViewDay.objects.create(day=timezone.localdate(), path="/", kind="page", referrer_class="search", views=50)
    client.force_login(staff)
    page = client.get(URL, {"period": "week", "content": f"thread-{thread.pk}"}).content.decode()
    assert 'id="insights-content"' in page and page.count('<svg class="insights-chart"') == 3
    assert f'href="?period=week&amp;content=thread-{thread.pk}#insights-content"' in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    URL, {"period": "week", "csv": "daily-views", "content": f"thread-{thread.pk}"}
                ).content.decode()
            )
        )
    )
    assert rows[-1][1:] == ["3", "0", "2", "0"]


@pytest.mark.parametrize("content", ["thread-", "page-1", "thread-1x", "thread-99999999999999999999", "thread-\x00"])
def test_a_content_parameter_that_names_nothing_is_ignored(client, staff, content):
    client.force_login(staff)
    response = client.get(URL, {"content": content})
    assert response.status_code == 200
    assert 'id="insights-content"' not in response.content.decode()
