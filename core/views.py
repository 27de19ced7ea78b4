import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.models import Article
from core import page_cache
from core.models import LegalPage
from core.moderation_queue import can_use_queue, queue_context
from forum.models import Thread

logger = logging.getLogger(__name__)

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
    return render(request, "core/home.html", {"articles": articles, "threads": threads})


@login_required
def moderation_queue(request):
    if not can_use_queue(request.user):
        raise PermissionDenied
    return render(request, "core/moderation_queue.html", queue_context(request.user))


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers, 503 otherwise: for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("healthz: database unreachable", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)


@require_GET
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


def legal_page(request, kind):
    page = get_object_or_404(LegalPage, kind=kind)
    return render(request, "core/legalpage_detail.html", {"page": page})


def benchmark_ceiling(request):
    """What this stack serves at best: no database, no template. Routed only when BENCHMARK_CEILING is on."""
    return HttpResponse(b"ok", content_type="text/plain")


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # A static template: no context processors, no database, nothing that could fail again.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
