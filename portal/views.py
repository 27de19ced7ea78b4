from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from articles.models import Article
from core import page_cache
from forum.models import Thread
from portal.moderation_queue import can_use_queue, queue_context

HOME_ARTICLES = 3
HOME_THREADS = 6


def home(request):
    page_cache.expire_at(request, Article.objects.next_publication_at())
    articles = Article.objects.published().with_related().with_public_comment_count().newest_first()[:HOME_ARTICLES]
    threads = (
        Thread.objects.listed_for(request.user)
        .with_last_post()
        .select_related("category")
        .with_read_position(request.user)
        .order_by("-last_activity_at")[:HOME_THREADS]
    )
    return render(request, "portal/home.html", {"articles": articles, "threads": threads})


@login_required
def moderation_queue(request):
    if not can_use_queue(request.user):
        raise PermissionDenied
    return render(request, "portal/moderation_queue.html", queue_context(request.user, request.GET))
