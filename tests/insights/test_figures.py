from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.moderation import log_action
from forum import services
from forum.models import Post, Report, Thread
from insights import figures
from insights.models import PageViewDay

pytestmark = pytest.mark.django_db


def started(thread, hours_ago):
    moment = timezone.now() - timedelta(hours=hours_ago)
    Thread.objects.filter(pk=thread.pk).update(created_at=moment)
    Post.objects.filter(thread=thread, position=1).update(created_at=moment)
    return moment


def reply_after(thread, author, hours):
    post = services.reply_to_thread(thread=thread, author=author, body="Antwort")
    Post.objects.filter(pk=post.pk).update(
        created_at=Thread.objects.get(pk=thread.pk).created_at + timedelta(hours=hours)
    )
    return post


def month():
    return figures.Period.named("month")


def test_time_to_first_reply_is_the_median_per_category_and_ignores_the_authors_own_replies(
    forum_category, member, other_member
):
    waits = [1, 3, 10]
    for number, hours in enumerate(waits):
        thread = services.start_thread(category=forum_category, author=member, title=f"T{number}", body="Frage")
        started(thread, hours_ago=100)
        reply_after(thread, member, hours / 2)  # the author's own addition is no answer
        reply_after(thread, other_member, hours)
    unanswered = services.start_thread(category=forum_category, author=member, title="Still", body="Frage")
    started(unanswered, hours_ago=100)

    rows = figures.first_replies(month()).rows
    assert rows[0] == ["Allgemeines", 4, 3, 3.0]
    assert rows[-1] == ["Alle Bereiche", 4, 3, 3.0]


def test_threads_without_a_reply_after_48_hours_are_listed_newest_first(forum_category, member, other_member):
    def thread(title, hours_ago, answered=False):
        created = services.start_thread(category=forum_category, author=member, title=title, body="Frage")
        started(created, hours_ago)
        if answered:
            services.reply_to_thread(thread=created, author=other_member, body="Antwort")
        return created

    thread("Zu jung", 47)
    thread("Beantwortet", 72, answered=True)
    old = thread("Drei Tage", 72)
    older = thread("Fünf Tage", 120)
    hidden = thread("Versteckt", 72)
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)

    table = figures.unanswered(month())
    assert [row[0] for row in table.rows] == ["Drei Tage", "Fünf Tage"]
    assert table.links == [old.get_absolute_url(), older.get_absolute_url()]


def test_moderation_time_is_the_median_from_holding_to_the_first_decision(
    forum_category, member, other_member, moderator, make_article
):
    from articles.models import Comment

    article = make_article()
    now = timezone.now()
    for hours in [2, 4, 12]:
        comment = Comment.objects.create(article=article, name="Gast", email="g@example.org", body="Hallo")
        Comment.objects.filter(pk=comment.pk).update(created_at=now - timedelta(hours=hours))
        log_action(actor=moderator, action="comment.approve", target=comment)
    Report.objects.create(
        post=Post.objects.create(
            thread=services.start_thread(category=forum_category, author=member, title="T", body="x"),
            author=other_member,
            body="x",
            position=2,
            path="0000001",
        ),
        reporter=member,
        reason=Report.Reason.choices[0][0],
    )

    values = dict((str(label), value) for label, value in figures.moderation(month()).rows)
    assert values["Entschiedene zurückgehaltene Kommentare"] == 3
    assert values["Median der Stunden, bis über einen zurückgehaltenen Kommentar entschieden war"] == 4.0
    assert values["Offene Meldungen"] == 1


def test_share_of_new_members_whose_first_post_was_approved(forum_category, member, other_member, staff, settings):
    from tests.conftest import make_user

    thread = services.start_thread(category=forum_category, author=staff, title="T", body="x")
    for name, status in [("a", "published"), ("b", "published"), ("c", "rejected"), ("d", "held")]:
        user = make_user(name)
        post = services.reply_to_thread(thread=thread, author=user, body="Erster")
        Post.objects.filter(pk=post.pk).update(status=status)
    make_user("e")  # joined, wrote nothing

    values = dict((str(label), value) for label, value in figures.moderation(month()).rows)
    assert values["… deren erster Beitrag freigegeben wurde"] >= 2
    assert values["… deren erster Beitrag abgelehnt wurde"] == 1
    assert values["… deren erster Beitrag noch wartet"] == 1
    approved = values["… deren erster Beitrag freigegeben wurde"]
    assert values["Anteil freigegebener erster Beiträge (%)"] == round(approved * 100 / (approved + 1))


def view(day, published_on, views, referrer="direct", kind="thread", object_id=1, path=None, host=""):
    return PageViewDay.objects.create(
        day=day,
        path=path or f"/forum/t/{object_id}-x/",
        kind=kind,
        object_id=object_id,
        published_on=published_on,
        referrer_class=referrer,
        referrer_host=host,
        views=views,
    )


def test_evergreen_puts_views_in_buckets_by_the_age_of_the_content():
    period = month()
    today = period.last_day
    view(today, today - timedelta(days=5), 1, object_id=1)
    view(today, today - timedelta(days=29), 2, object_id=2)
    view(today, today - timedelta(days=31), 3, object_id=3)
    view(today, today - timedelta(days=364), 4, object_id=4)
    view(today, today - timedelta(days=366), 5, object_id=5)
    view(today, today - timedelta(days=3 * 365 + 1), 6, object_id=6)
    view(today, None, 100, kind="page", object_id=None, path="/")
    view(today - timedelta(days=40), today - timedelta(days=5000), 1000, object_id=7)  # before the period

    rows = figures.evergreen(period).rows
    assert [row[1] for row in rows] == [3, 7, 5, 6]
    assert [row[2] for row in rows] == [14, 33, 24, 29]


def test_the_oldest_content_still_read_is_listed_by_its_views(forum_category, member):
    period = month()
    today = period.last_day
    old = services.start_thread(category=forum_category, author=member, title="Alt", body="x")
    older = services.start_thread(category=forum_category, author=member, title="Uralt", body="x")
    young = services.start_thread(category=forum_category, author=member, title="Jung", body="x")
    view(today, date(2021, 1, 1), 5, object_id=old.pk)
    view(today, date(2015, 1, 1), 9, object_id=older.pk)
    view(today, today - timedelta(days=10), 50, object_id=young.pk)

    rows = figures.oldest_still_read(period).rows
    assert [(row[0], row[4]) for row in rows] == [("Uralt", 9), ("Alt", 5)]


def test_views_per_content_are_split_by_referrer_and_entry_pages_leave_out_internal_views(forum_category, member):
    period = month()
    today = period.last_day
    thread = services.start_thread(category=forum_category, author=member, title="Gesucht", body="x")
    view(today, today, 4, "search", object_id=thread.pk)
    view(today, today, 2, "site", object_id=thread.pk, host="example.com")
    view(today - timedelta(days=1), today, 1, "direct", object_id=thread.pk)
    view(today, today, 10, "internal", object_id=thread.pk)

    content = figures.top_content(period).rows
    assert content == [["Gesucht", "Thema", 17, 4, 2, 1, 10]]
    entries = figures.entry_pages(period).rows
    assert entries == [[f"/forum/t/{thread.pk}-x/", 7, 4, 2, 1]]
    assert figures.referring_sites(period).rows == [["example.com", 2]]
    daily = figures.daily_views(period).rows
    assert daily[-1][1:] == [4, 2, 0, 10] and daily[-2][1:] == [0, 0, 1, 0]


def test_activity_compares_the_period_with_the_one_before(forum_category, member, other_member):
    thread = services.start_thread(category=forum_category, author=member, title="Neu", body="x")
    services.reply_to_thread(thread=thread, author=other_member, body="y")
    old = services.start_thread(category=forum_category, author=member, title="Alt", body="x")
    Thread.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    Post.objects.filter(thread=old).update(created_at=timezone.now() - timedelta(days=40))

    rows = {str(row[0]): row[1:] for row in figures.activity(month()).rows}
    assert rows["Neue Themen"] == [1, 1, 0]
    assert rows["Veröffentlichte Beiträge"] == [2, 1, 100]
    assert rows["Aktive Mitglieder (geschrieben, kommentiert oder angemeldet)"][0] == 2


def test_activity_includes_figures_other_apps_register(monkeypatch):
    from insights import sources

    def likes(start, end):  # one like in each period, none in the current hour
        return 1 if end - start > timedelta(days=1) else 0

    monkeypatch.setattr(sources, "activity_sources", [("likes", "Likes", likes)])
    assert figures.activity(month()).rows[-1] == ["Likes", 1, 1, 0]


def test_search_tables_come_from_an_app_that_provides_them(monkeypatch):
    from insights import sources

    def queries(first_day, last_day, limit):
        return {"top": [("grillen", 12, 3)], "zero": [("xyz", 2)]}

    monkeypatch.setattr(sources, "search_sources", [queries])
    top, zero = figures.search_tables(month())
    assert top.rows == [["grillen", 12, 3]] and zero.rows == [["xyz", 2]]


def test_activity_counts_only_the_current_hour_once_the_whole_hours_are_kept(
    forum_category, member, django_assert_max_num_queries
):
    from insights import sources

    figures.warm_activity()
    every_figure = len(figures.BUILTIN_ACTIVITY) + len(sources.activity_sources)
    with django_assert_max_num_queries(1 + every_figure):  # one cache read, one count per figure
        rows = figures.activity(figures.Period.named("year")).rows
    services.start_thread(category=forum_category, author=member, title="Gerade eben", body="x")
    assert {str(row[0]): row[1] for row in figures.activity(figures.Period.named("year")).rows}["Neue Themen"] == 1
    assert len(rows) == every_figure


def test_after_the_hour_turns_activity_is_worked_out_from_the_hour_before(forum_category, member, monkeypatch):
    from django.core.cache import cache

    from insights import sources

    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    # Current period before the hour turns, previous one after; counted live before, within the last hour after.
    for moment in [hour - timedelta(days=30, minutes=30), hour - timedelta(minutes=45), hour - timedelta(days=3)]:
        thread = services.start_thread(category=forum_category, author=member, title="T", body="x")
        Thread.objects.filter(pk=thread.pk).update(created_at=moment)
    spans = []

    def threads(start, end):
        spans.append(end - start)
        return Thread.objects.filter(created_at__gte=start, created_at__lt=end).count()

    monkeypatch.setattr(figures, "BUILTIN_ACTIVITY", [])
    monkeypatch.setattr(sources, "activity_sources", [("threads", "Themen", threads)])
    before = figures.activity(figures.Period.named("month", now=hour - timedelta(minutes=30))).rows
    spans.clear()
    after = figures.activity(figures.Period.named("month", now=hour + timedelta(minutes=30))).rows
    assert max(spans) <= timedelta(hours=1)  # only the hours at the ends were counted
    cache.clear()
    assert figures.activity(figures.Period.named("month", now=hour + timedelta(minutes=30))).rows == after
    assert before[0][1:3] == [3, 0] and after[0][1:3] == [2, 1]
