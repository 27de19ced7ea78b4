"""Part of `make bench` (run by scripts/bench.py in the benchmark's environment): pick the pages to measure from
the seeded database, log a member in, count each page's SQL queries, and print it all as JSON.

Output: {"pages": [{"name", "path", "queries": {"anonymous": n, "member": n}}] (n is "n (w writing)" when a GET
writes), "member_cookie": "sessionid=...", "thread_path", "article_path" (for the write load),
"versions": "...", "data": "..."}
"""

import json
import math
import os
import re
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from articles.models import Article, Comment  # noqa: E402
from forum.models import Category, Post, Thread  # noqa: E402

HOST = "127.0.0.1"
# A statement that writes, also as the second of two ("SET LOCAL …; INSERT …": the search log).
WRITES = re.compile(r"(?:^|;)\s*(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def thread_pages(name, thread):
    url = thread.get_absolute_url()
    chrono_last = max(1, math.ceil(thread.last_position / settings.FORUM_POSTS_PER_PAGE))
    threaded_last = max(1, math.ceil(thread.branch_count / settings.FORUM_BRANCHES_PER_PAGE))
    return [
        (f"{name}, chronological, page 1", f"{url}?view=chrono"),
        (f"{name}, chronological, last page ({chrono_last})", f"{url}?view=chrono&page={chrono_last}"),
        (f"{name}, threaded, page 1", f"{url}?view=threaded"),
        (f"{name}, threaded, last page ({threaded_last})", f"{url}?view=threaded&page={threaded_last}"),
    ]


def choose_pages():
    public_threads = Thread.objects.public().order_by("pk")
    normal = (
        public_threads.filter(last_position=20).first()
        or public_threads.filter(last_position__gte=20).order_by("last_position", "pk").first()
        or public_threads.order_by("last_position").last()
    )
    big = public_threads.order_by("-last_position").first()
    articles = Article.objects.published().annotate(n=Count("comments"))
    average = Comment.objects.count() / max(1, articles.count())
    article = articles.filter(n__gte=average).order_by("n", "pk").first() or articles.first()
    category = Category.objects.filter(members_only=False).order_by("-thread_count").first()
    profile = User.objects.filter(is_staff=False).annotate(n=Count("forum_posts")).order_by("-n").first()
    pages = [
        ("home", reverse("portal:home")),
        (f"article ({article.n} comments)", article.get_absolute_url()),
        ("forum index", reverse("forum:index")),
        (f"category ({category.thread_count} threads)", category.get_absolute_url()),
        *thread_pages(f"thread of {normal.last_position} posts", normal),
        *thread_pages(f"thread of {big.last_position:,} posts", big),
        ("member profile", profile.get_absolute_url()),
        # Search: a two-word query that matches a good part of all posts, and one that matches a few threads.
        ("search, common two words", reverse("search:results") + "?q=Bahn+p%C3%BCnktlich"),
        ("search, rare two words", reverse("search:results") + "?q=Regentonne+streikt"),
        # The cost of the layout alone (navigation, session, user, permissions) and one small query: what every
        # member page pays before it shows anything of its own.
        ("imprint (layout only)", reverse("core:impressum")),
        ("notifications", reverse("notifications:list")),  # members only
        ("ceiling", "/_bench/ceiling"),
    ]
    return pages, {
        "thread_path": f"{normal.get_absolute_url()}?view=chrono",
        "article_path": article.get_absolute_url(),
    }


def count_queries(client, path):
    """The queries of rendering the page (with the page cache off: a hit costs none with Redis, one with the
    database cache)."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(path)  # the first visit may remember a choice (reading view); measure the steady state
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    writes = [q for q in queries.captured_queries if WRITES.search(q["sql"])]
    return f"{len(queries)} ({len(writes)} writing)" if writes else len(queries)


def main():
    member = User.objects.filter(is_staff=False, is_active=True).order_by("pk").first()
    member_client = Client(HTTP_HOST=HOST)
    member_client.force_login(member)
    cookie_name = settings.SESSION_COOKIE_NAME
    pages = []
    chosen, targets = choose_pages()
    for name, path in chosen:
        queries = {}
        if name != "notifications":
            queries["anonymous"] = count_queries(Client(HTTP_HOST=HOST), path)
        if name != "ceiling":
            queries["member"] = count_queries(member_client, path)
        pages.append({"name": name, "path": path, "queries": queries})
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    import gunicorn
    import psycopg

    data = (
        f"{User.objects.count():,} members, {Thread.objects.count():,} threads, {Post.objects.count():,} posts, "
        f"{Article.objects.count():,} articles, {Comment.objects.count():,} comments"
    )
    print(
        json.dumps(
            {
                "pages": pages,
                **targets,
                "member_cookie": f"{cookie_name}={member_client.cookies[cookie_name].value}",
                "versions": f"Django {django.get_version()}, PostgreSQL {postgres}, psycopg {psycopg.__version__}, "
                f"gunicorn {gunicorn.__version__}",
                "data": data,
            }
        )
    )


if __name__ == "__main__":
    main()
