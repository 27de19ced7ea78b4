from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string

from articles.models import Article
from core import fragments, page_cache
from forum import lists, unread
from forum.models import Thread
from portal.moderation_queue import can_use_queue, queue_context

HOME_ARTICLES = 3
HOME_THREADS = 6
HOME_THREAD = "portal/_home_thread.html"
HOME_ARTICLES_TEMPLATE = "portal/_home_articles.html"
HOME_THREAD_FIELDS = (
    "category__name",
    "title",
    "slug",
    "created_at",
    "post_count",
    "last_activity_at",
    "last_post__position",
    "last_post__author__username",
    "last_post__author__display_name",
    "last_post__author__erased_at",
)


def home(request):
    next_publication = Article.objects.next_publication_at()
    page_cache.expire_at(request, next_publication)
    articles = page_cache.shared_piece("home:articles", _latest_articles, expires=next_publication)
    threads = list(
        Thread.objects.listed_for(request.user)
        .select_related("category", "last_post__author")
        .only(*HOME_THREAD_FIELDS)
        .with_read_position(request.user)
        .order_by("-last_activity_at")[:HOME_THREADS]
    )
    if request.user.is_authenticated:
        unread.mark_threads(threads, request.user)
    links = lists.Links()
    rows = fragments.render_many(HOME_THREAD, [_home_thread(thread, links) for thread in threads], request)
    return render(request, "portal/home.html", {"latest_articles": articles, "threads": threads, "thread_rows": rows})


def _latest_articles():
    """The cards of the newest articles: the same for every reader, so kept as one piece of the page cache for
    members' home pages (building and running its query alone cost a member's home page about 4 ms)."""
    articles = Article.objects.published().with_related().with_public_comment_count().newest_first()[:HOME_ARTICLES]
    return render_to_string(HOME_ARTICLES_TEMPLATE, {"articles": articles})


def _home_thread(thread, links):
    """The plain context of a thread on the home page (a cached fragment: core/fragments.py)."""
    last_post = thread.last_post
    return {
        "url": links.thread(thread.pk, thread.slug),
        "title": thread.title,
        **lists.unread_context(thread, links),
        "category_name": thread.category.name,
        "post_count": thread.post_count,
        "last_post_url": links.post(last_post.pk) if last_post else None,
        "last_post_author_name": last_post.author.public_name if last_post else None,
        "last_activity_at": thread.last_activity_at if last_post else None,
        "last_activity_ago": fragments.relative_time(thread.last_activity_at) if last_post else None,
    }


@login_required
def moderation_queue(request):
    if not can_use_queue(request.user):
        raise PermissionDenied
    return render(request, "portal/moderation_queue.html", queue_context(request.user, request.GET))
