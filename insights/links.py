"""Forum posts that link to articles, found when a post is saved: the "Article → community" figure reads an
indexed table instead of searching a million post bodies."""

import re

from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse

from articles.models import Article
from forum.models import Post
from insights.models import ArticleLink


def _article_link_pattern():
    prefix = reverse("articles:article_detail", kwargs={"slug": "x"}).removesuffix("x/")
    return re.compile(re.escape(prefix) + r"([-\w]+)/?")


def linked_slugs(body):
    return set(_article_link_pattern().findall(body or ""))


def update_links(post):
    slugs = linked_slugs(post.body)
    article_ids = set(Article.objects.filter(slug__in=slugs).values_list("pk", flat=True)) if slugs else set()
    with transaction.atomic():
        ArticleLink.objects.filter(post=post).exclude(article_id__in=article_ids).delete()
        ArticleLink.objects.bulk_create(
            [ArticleLink(article_id=pk, post_id=post.pk, thread_id=post.thread_id) for pk in article_ids],
            ignore_conflicts=True,
        )


def _on_post_save(sender, instance, created=False, raw=False, **kwargs):
    # A new post without a link costs nothing; an edited one may have lost its links.
    if not raw and (not created or linked_slugs(instance.body)):
        update_links(instance)


def connect_signals():
    post_save.connect(_on_post_save, sender=Post, dispatch_uid="insights-article-links")


def rebuild_links(batch_size=2000):
    """Find the links in every post (after installing insights, for the posts written before). Returns the count."""
    prefix = reverse("articles:article_detail", kwargs={"slug": "x"}).removesuffix("x/")
    slugs = dict(Article.objects.values_list("slug", "pk"))
    pattern = _article_link_pattern()
    links = []
    for pk, thread_id, body in (
        Post.objects.filter(body__contains=prefix)
        .values_list("pk", "thread_id", "body")
        .iterator(chunk_size=batch_size)
    ):
        for slug in set(pattern.findall(body)):
            if slug in slugs:
                links.append(ArticleLink(article_id=slugs[slug], post_id=pk, thread_id=thread_id))
    with transaction.atomic():
        ArticleLink.objects.all().delete()
        ArticleLink.objects.bulk_create(links, batch_size=batch_size, ignore_conflicts=True)
    return len(links)
