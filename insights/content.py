"""Which article or thread a counted page shows, worked out when the counts are folded (never on a request)."""

from django.urls import Resolver404, resolve
from django.utils import timezone

from articles.models import Article
from forum.models import Thread
from insights.models import PageViewDay


def describe_paths(paths):
    """{path: (kind, object id, published on)} for the paths of articles and threads; two queries at most."""
    articles, threads = {}, {}
    for path in paths:
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name == "articles:article_detail":
            articles[path] = match.kwargs["slug"]
        elif match.view_name == "forum:thread_detail":
            threads[path] = match.kwargs["pk"]
    described = {}
    if articles:
        found = {
            slug: (pk, published_at)
            for slug, pk, published_at in Article.objects.filter(slug__in=set(articles.values())).values_list(
                "slug", "pk", "published_at"
            )
        }
        for path, slug in articles.items():
            if slug in found:
                pk, published_at = found[slug]
                described[path] = (PageViewDay.Kind.ARTICLE, pk, _date(published_at))
    if threads:
        dates = dict(Thread.objects.filter(pk__in=set(threads.values())).values_list("pk", "created_at"))
        for path, pk in threads.items():
            if pk in dates:
                described[path] = (PageViewDay.Kind.THREAD, pk, _date(dates[pk]))
    return described


def _date(moment):
    return timezone.localdate(moment) if moment is not None else None
