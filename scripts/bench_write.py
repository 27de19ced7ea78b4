"""Part of `make bench --write-load` (run by scripts/bench.py in the benchmark's environment while wrk reads):
several members reply in one forum thread and comment under one article at the same time, through HTTP like a
browser (GET the form, POST it back with its CSRF token and hidden fields). Afterwards the counters are checked
against real counts. Prints JSON: {"writers", "seconds", "replies", "comments", "errors": [...], "checks": [...]}.

    bench_write.py BASE_URL THREAD_PATH ARTICLE_PATH --writers 4 --seconds 20
"""

import argparse
import json
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count, Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import resolve  # noqa: E402

from accounts.models import User  # noqa: E402
from articles.models import Article, Comment  # noqa: E402
from forum.models import Post, Thread  # noqa: E402

FORM = re.compile(r"<form\b[^>]*\baction=\"([^\"]*)\"[^>]*>(.*?)</form>", re.S)
HIDDEN = re.compile(r"<input\b[^>]*type=\"hidden\"[^>]*>")
ATTRIBUTE = re.compile(r"\b(name|value)=\"([^\"]*)\"")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One member's browser: keeps its cookies (Secure ones too: this is plain HTTP on 127.0.0.1)."""

    def __init__(self, base, cookies, host=None):
        self.base, self.cookies, self.host = base, dict(cookies), host
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if self.host:
            headers["Host"] = self.host
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.read().decode("utf-8", "replace")

    def submit(self, page_path, action_path, fields):
        """GET `page_path`, take the form posting to `action_path` with its hidden fields, POST it with `fields`."""
        status, html = self.request(page_path)
        if status != 200:
            return status
        for action, inner in FORM.findall(html):
            if (urllib.parse.urlsplit(action).path or page_path) == action_path:
                data = {}
                for tag in HIDDEN.findall(inner):
                    attributes = dict(ATTRIBUTE.findall(tag))
                    if "name" in attributes:
                        data[attributes["name"]] = attributes.get("value", "")
                data.update(fields)
                return self.request(action_path, data)[0]
        return "form not found"


def writer(browser, thread, article, deadline, results, lock):
    reply_path = f"/forum/t/{thread.pk}/antworten/"
    comment_path = article.get_absolute_url() + "kommentieren/"
    number = 0
    while time.monotonic() < deadline:
        number += 1
        text = f"Lasttest {uuid.uuid4().hex[:12]}: {number}. Beitrag, geschrieben während andere lesen."
        if number % 2:
            status = browser.submit(reply_path, reply_path, {"body": text})
            kind = "replies"
        else:
            status = browser.submit(article.get_absolute_url(), comment_path, {"body": text})
            kind = "comments"
        with lock:
            if status == 302:
                results[kind] += 1
            else:
                results["errors"].append(f"{kind}: {status}")


def check_counters(thread, category):
    checks = []
    thread.refresh_from_db()
    counted = Post.objects.counted().filter(thread=thread)
    last = counted.order_by("-position").first()
    real = {
        "post_count": counted.count(),
        "last_post_id": last.pk,
        "last_position": Post.objects.filter(thread=thread).order_by("-position").first().position,
        "last_activity_at": last.created_at,
    }
    for field, value in real.items():
        checks.append({"what": f"thread.{field}", "stored": str(getattr(thread, field)), "real": str(value)})
    category.refresh_from_db()
    listed = Thread.objects.visible().filter(category=category)
    sums = listed.aggregate(threads=Count("pk"), posts=Sum("post_count"))
    latest = listed.filter(last_post__isnull=False).order_by("-last_activity_at", "-pk").first()
    for field, value in [
        ("thread_count", sums["threads"]),
        ("post_count", sums["posts"]),
        ("last_post_id", latest.last_post_id if latest else None),
    ]:
        checks.append({"what": f"category.{field}", "stored": str(getattr(category, field)), "real": str(value)})
    for check in checks:
        check["ok"] = check["stored"] == check["real"]
    return checks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base", help="the server's base URL, or several separated by commas")
    parser.add_argument("thread_path")
    parser.add_argument("article_path")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()

    thread = Thread.objects.get(pk=resolve(args.thread_path.split("?")[0]).kwargs["pk"])
    article = Article.objects.get(slug=resolve(args.article_path).kwargs["slug"])
    bases = args.base.split(",")
    members = list(User.objects.filter(is_staff=False, is_active=True).order_by("-pk")[: args.writers])
    browsers = []
    for member in members:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(member)
        base = bases[len(browsers) % len(bases)]  # the writers are spread over the servers
        browsers.append(
            Browser(base, {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value})
        )
    mine = Comment.objects.filter(article=article, user__in=members)
    comments_before = mine.count()
    approved_before = mine.filter(status=Comment.Status.APPROVED).count()
    posts_before = Post.objects.filter(thread=thread, author__in=members).count()

    results, lock = {"replies": 0, "comments": 0, "errors": []}, threading.Lock()
    deadline = time.monotonic() + args.seconds
    workers = [
        threading.Thread(target=writer, args=(browser, thread, article, deadline, results, lock))
        for browser in browsers
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    checks = check_counters(thread, thread.category)
    new_posts = Post.objects.filter(thread=thread, author__in=members).count() - posts_before
    new_comments = Comment.objects.filter(article=article, user__in=members).count() - comments_before
    checks.append({"what": "new posts = accepted replies", "stored": str(new_posts), "real": str(results["replies"])})
    checks.append(
        {"what": "new comments = accepted comments", "stored": str(new_comments), "real": str(results["comments"])}
    )
    approved = mine.filter(status=Comment.Status.APPROVED).count() - approved_before
    for check in checks[-2:]:
        check["ok"] = check["stored"] == check["real"]
    print(
        json.dumps(
            {
                "writers": len(browsers),
                "seconds": args.seconds,
                "replies": results["replies"],
                "comments": results["comments"],
                "approved_comments": approved,
                "errors": results["errors"][:20],
                "error_count": len(results["errors"]),
                "checks": checks,
            }
        )
    )


if __name__ == "__main__":
    main()
