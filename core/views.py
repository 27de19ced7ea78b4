import logging
import sys

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.log import exception_summary
from core.models import LegalPage
from core.unavailable import is_database_unavailable, unavailable_response

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers, 503 otherwise: for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # One line per probe; the load balancer asks every few seconds while the database is down.
        logger.warning("healthz: database unreachable (%s)", exception_summary(exc))
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
    # The exception being handled: while the database is unreachable, a 503 "back in a moment" page.
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    # A static template: no context processors, no database, nothing that could fail again.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
