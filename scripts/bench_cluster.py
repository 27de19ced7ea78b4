"""Part of `make bench --two-servers` (run by scripts/bench.py): two app servers share one PostgreSQL and one Redis.
Checks that a reply posted through server A is visible at once through server B, and that a login rate limit
tripped through A holds through B. Prints JSON: {"checks": [{"what", "ok", "detail"}]}.

    bench_cluster.py BASE_A BASE_B THREAD_PATH
"""

import argparse
import json
import math
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_write import Browser  # noqa: E402  (sets Django up)
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import resolve  # noqa: E402

from accounts.models import User  # noqa: E402
from forum.models import Thread  # noqa: E402
from portal.management.commands.seed_scale import SCALE_PASSWORD  # noqa: E402

HOST = "127.0.0.1"  # one public host name for both servers, as behind a load balancer


def logged_in(base, member):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member)
    return Browser(base, {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}, HOST)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base_a")
    parser.add_argument("base_b")
    parser.add_argument("thread_path")
    args = parser.parse_args()
    checks = []

    # 1. A reply through A, read at once through B (anonymous, and the writer's own session).
    thread = Thread.objects.get(pk=resolve(args.thread_path.split("?")[0]).kwargs["pk"])
    writer = User.objects.filter(is_staff=False, is_active=True).order_by("pk")[1]
    reply_path = f"/forum/t/{thread.pk}/antworten/"
    text = f"Sichtbar auf beiden Servern {uuid.uuid4().hex[:12]}"
    status = logged_in(args.base_a, writer).submit(reply_path, reply_path, {"body": text})
    thread.refresh_from_db()
    last_page = math.ceil(thread.last_position / settings.FORUM_POSTS_PER_PAGE)
    page = f"{thread.get_absolute_url()}?view=chrono&page={last_page}"
    anonymous_status, html = Browser(args.base_b, {}, HOST).request(page)
    own_status, own_html = logged_in(args.base_b, writer).request(page)
    checks.append(
        {
            "what": "a reply posted through A is visible at once through B (anonymous and its author)",
            "ok": status == 302 and text in html and text in own_html,
            "detail": f"POST through A: {status}; GET through B: {anonymous_status}, {own_status}",
        }
    )

    # 2. Failed logins through A lock the account through B as well (allauth's rate limit lives in the cache).
    # allauth allows 5 failed logins per account in 5 minutes (and 10 per IP address a minute): the control login
    # goes first, two random members so that a rerun within minutes meets fresh counters.
    members = User.objects.filter(is_staff=False, is_active=True).order_by("?")[:2]
    member, control = members[0], members[1]
    login = "/accounts/login/"
    control_b = Browser(args.base_b, {}, HOST).submit(
        login, login, {"login": control.username, "password": SCALE_PASSWORD}
    )
    attacker = Browser(args.base_a, {}, HOST)
    failures = [attacker.submit(login, login, {"login": member.username, "password": "falsch"}) for _ in range(5)]
    status_b = Browser(args.base_b, {}, HOST).submit(
        login, login, {"login": member.username, "password": SCALE_PASSWORD}
    )
    checks.append(
        {
            "what": "after failed logins through A, the right password through B is refused (rate limit shared)",
            "ok": status_b != 302 and control_b == 302,
            "detail": f"failed logins through A answered {failures}; the right password through B: {status_b} "
            f"(another member's right password through B, the control: {control_b})",
        }
    )
    print(json.dumps({"checks": checks}))


if __name__ == "__main__":
    main()
