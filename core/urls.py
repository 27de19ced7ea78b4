from django.conf import settings
from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("impressum/", views.legal_page, {"kind": "impressum"}, name="impressum"),
    path("datenschutz/", views.legal_page, {"kind": "datenschutz"}, name="privacy"),
]

if settings.BENCHMARK_CEILING:
    urlpatterns.append(path("_bench/ceiling", views.benchmark_ceiling, name="benchmark_ceiling"))
