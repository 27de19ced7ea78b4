import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from forum import services
from forum.models import Post, Thread
from insights import figures
from insights.models import ArticleLink, PageViewDay

pytestmark = pytest.mark.django_db


def test_a_post_linking_to_an_article_is_found_when_it_is_written(forum_category, member, make_article):
    article = make_article("grillen")
    make_article("anderes")
    thread = services.start_thread(
        category=forum_category, author=member, title="Zum Artikel", body="Siehe https://example.org/artikel/grillen/ !"
    )
    assert list(ArticleLink.objects.values_list("article_id", "thread_id")) == [(article.pk, thread.pk)]


def test_an_edit_that_removes_the_link_removes_it(forum_category, member, make_article):
    make_article("grillen")
    thread = services.start_thread(category=forum_category, author=member, title="T", body="/artikel/grillen/")
    post = thread.posts.get()
    post.body = "Kein Link mehr"
    post.save()
    assert not ArticleLink.objects.exists()


def test_collect_insights_with_links_finds_the_links_of_older_posts(forum_category, member, make_article):
    article = make_article("grillen")
    thread = services.start_thread(category=forum_category, author=member, title="T", body="x")
    Post.objects.filter(thread=thread).update(body="Lies /artikel/grillen/ und /artikel/gibt-es-nicht/")
    ArticleLink.objects.all().delete()
    call_command("collect_insights", "--links", stdout=io.StringIO())
    assert list(ArticleLink.objects.values_list("article_id", flat=True)) == [article.pk]


def test_each_article_shows_readers_comments_and_the_visible_threads_linking_to_it(
    forum_category, member, make_article
):
    from articles.models import Comment

    article = make_article("grillen")
    quiet = make_article("leise", age=timedelta(days=400))
    for title in ["Eins", "Zwei", "Versteckt"]:
        services.start_thread(category=forum_category, author=member, title=title, body="/artikel/grillen/")
    Thread.objects.filter(title="Versteckt").update(is_hidden=True)
    Comment.objects.create(article=article, name="G", email="g@example.org", body="a", status="approved")
    old = Comment.objects.create(article=article, name="G", email="g@example.org", body="b", status="approved")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=90))
    Comment.objects.create(article=article, name="G", email="g@example.org", body="c", status="pending")
    PageViewDay.objects.create(
        day=timezone.localdate(),
        path=article.get_absolute_url(),
        kind="article",
        object_id=article.pk,
        published_on=timezone.localdate(),
        referrer_class="search",
        views=42,
    )

    table = figures.article_community(figures.Period.named("month"))
    assert [row[0] for row in table.rows] == [article.title, quiet.title]
    assert table.rows[0][2:] == [42, 1, 2]
    assert table.rows[1][2:] == [0, 0, 0]
    assert table.links[0] == article.get_absolute_url()
