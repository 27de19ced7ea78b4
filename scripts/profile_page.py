"""Where does a request's time go? Profile GET requests of one page with cProfile, in-process (Django's test Client,
the settings of the environment: run it like `make bench` does, DEBUG off, against the benchmark database).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stammtisch_bench DEBUG=false SECRET_KEY=... \\
        .venv/bin/python scripts/profile_page.py /forum/t/2-thema/?view=chrono [--member] [--requests 50]

Prints first a breakdown measured without the profiler — SQL (driver and database, every query), template rendering
(without the SQL run from templates) and the rest (middleware, session and cache reads, view code, building queries
and objects) — then, profiled, the time per request spent in the view, template rendering, crispy forms, SQL, URL
reversing, translation and outside the view, and the functions with the most own time.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.urls import resolve  # noqa: E402

from accounts.models import User  # noqa: E402

# (label, file suffix, function name): cumulative time of that function per request.
PARTS = [
    ("whole request (handler)", "django/core/handlers/base.py", "get_response"),
    ("view function", None, None),
    ("template rendering (incl. lazy queries)", "django/template/backends/django.py", "render"),
    ("crispy forms (|crispy)", "crispy_forms/templatetags/crispy_forms_filters.py", "as_crispy_form"),
    ("SQL execute (driver + database)", "django/db/backends/utils.py", "_execute"),
    ("ORM fetch incl. SQL (QuerySet._fetch_all)", "django/db/models/query.py", "_fetch_all"),
    ("URL reversing (reverse)", "django/urls/base.py", "reverse"),
    ("translation (gettext)", "django/utils/translation/__init__.py", "gettext"),
    ("date formatting (dateformat.format)", "django/utils/dateformat.py", "format"),
    ("session load", "django/contrib/sessions/backends/base.py", "_get_session"),
]


def breakdown(client, path, requests):
    """ms per request in SQL, in templates (without the SQL run from them) and in the rest, measured by wrapping
    query execution and the outermost template render (no profiler: the shares are those of a real request)."""
    from django.db import connection
    from django.template.backends import django as django_backend

    spent = {"sql": 0.0, "sql_in_templates": 0.0, "templates": 0.0, "queries": 0, "depth": 0}
    original_render = django_backend.Template.render

    def render(self, context=None, request=None):
        if spent["depth"]:  # an include or a fragment inside a template: counted by the outermost one
            return original_render(self, context, request)
        spent["depth"] += 1
        sql_before, started = spent["sql"], time.perf_counter()
        try:
            return original_render(self, context, request)
        finally:
            spent["depth"] -= 1
            spent["templates"] += time.perf_counter() - started
            spent["sql_in_templates"] += spent["sql"] - sql_before

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["sql"] += time.perf_counter() - started
            spent["queries"] += 1

    django_backend.Template.render = render
    try:
        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            for _ in range(requests):
                client.get(path)
            total = time.perf_counter() - started
    finally:
        django_backend.Template.render = original_render
    templates = spent["templates"] - spent["sql_in_templates"]
    other = total - spent["sql"] - templates
    print(f"breakdown (unprofiled, ms per request; {spent['queries'] / requests:.0f} queries per request):")
    parts = [
        ("SQL (driver + database)", spent["sql"]),
        ("templates (without their SQL)", templates),
        ("other (middleware, session, cache, view, ORM)", other),
        ("whole request", total),
    ]
    for label, seconds in parts:
        print(f"  {label:<45} {seconds / requests * 1000:8.2f} ms  {seconds / total * 100:5.1f} %")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--member", action="store_true", help="as a logged-in member")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--dump", help="also write the raw profile to this file (read it with pstats)")
    args = parser.parse_args()

    client = Client(HTTP_HOST="127.0.0.1")
    if args.member:
        client.force_login(User.objects.filter(is_staff=False).order_by("pk").first())
    for _ in range(3):  # warm up: imports, template loading, the remembered reading view
        assert client.get(args.path).status_code == 200
    started = time.perf_counter()
    for _ in range(args.requests):
        client.get(args.path)
    plain = (time.perf_counter() - started) / args.requests * 1000

    print(f"{args.path} as {'member' if args.member else 'anonymous'}: {plain:.1f} ms per request unprofiled")
    breakdown(client, args.path, args.requests)

    view = resolve(args.path.split("?")[0]).func
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.requests):
        client.get(args.path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    if args.dump:
        stats.dump_stats(args.dump)
    n = args.requests
    print("cumulative ms per request (profiled, so inflated; compare the shares):")
    entries = stats.stats
    total = None
    for label, suffix, name in PARTS:
        if suffix is None:
            suffix, name = view.__code__.co_filename, view.__code__.co_name
        cumulative = sum(ct for (file, _line, func), (_cc, _nc, _tt, ct, _callers) in entries.items()
                         if file.endswith(suffix) and func == name)  # fmt: skip
        total = total or cumulative
        print(f"  {label:<45} {cumulative / n * 1000:8.2f} ms  {cumulative / total * 100:5.1f} %")
    print(f"functions with the most own time (top {args.top}):")
    rows = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)[: args.top]
    for (file, line, func), (_cc, calls, own, _cumulative, _callers) in rows:
        short = file.split("site-packages/")[-1].replace(str(BASE_DIR) + "/", "")
        print(f"  {own / n * 1000:7.2f} ms own {calls / n:8.0f} calls  {short}:{line} {func}")


if __name__ == "__main__":
    main()
