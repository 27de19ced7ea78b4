"""The figures the forum, the articles and search add to the dashboard through their `insights.py` modules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum import services
from forum.models import PostLike
from insights import figures, sources
from search.models import QueryLog

pytestmark = pytest.mark.django_db


def test_the_apps_register_likes_and_the_search_log():
    assert {"forum_likes", "forum_solutions", "comment_likes"} <= {key for key, _l, _c in sources.activity_sources}
    assert len(sources.search_sources) == 1


def test_likes_on_posts_are_counted_in_the_period(forum_category, member, other_member):
    thread = services.start_thread(category=forum_category, author=member, title="Gefällt", body="x")
    post = thread.posts.get(position=1)
    PostLike.objects.create(user=other_member, post=post, created_at=timezone.now() - timedelta(days=2))
    rows = {str(row[0]): row[1:] for row in figures.activity(figures.Period.named("month")).rows}
    assert rows["Gefällt mir (Beiträge)"][0] == 1


def test_the_search_block_shows_top_queries_and_queries_without_results():
    today = timezone.localdate()
    QueryLog.objects.create(day=today, query="sauerteig", searches=7, results=12)
    QueryLog.objects.create(day=today - timedelta(days=1), query="sauerteig", searches=3, results=12)
    QueryLog.objects.create(day=today, query="xylophon", searches=2, results=0)
    QueryLog.objects.create(day=today - timedelta(days=400), query="uralt", searches=99, results=0)
    top, zero = figures.search_tables(figures.Period.named("month"))
    assert top.rows[0] == ["sauerteig", 10, 12]
    assert zero.rows == [["xylophon", 2]]


def test_solutions_marked_in_the_period_are_counted(forum_category, member, other_member):
    question = services.start_thread(category=forum_category, author=member, title="Wie geht das?", body="?")
    answer = services.reply_to_thread(thread=question, author=other_member, body="So.")
    services.mark_solution(post=answer, user=member)
    rows = {str(row[0]): row[1:] for row in figures.activity(figures.Period.named("month")).rows}
    assert rows["Als Lösung markiert"][0] == 1
