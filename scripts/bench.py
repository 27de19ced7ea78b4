"""`make bench`: serve the site as in production and load it with wrk from a second process, on 127.0.0.1 only.

Steps: create/migrate the benchmark database and fill it with `seed_scale` when empty; collect static files;
start gunicorn (gthread, DEBUG off) with the benchmark-only ceiling view enabled; measure every page as an
anonymous reader and as a logged-in member with wrk (bounded in time); count each page's SQL queries; write the
table and a chart of the ratios to the ceiling into docs/PERFORMANCE.md and docs/performance.png.

Every page and the ceiling are measured several times, in turns (`--rounds`), with a pause after each run; the
report keeps each one's best run. On a shared machine other work only ever slows a run down, and here it did so in
bursts of seconds (a ceiling run right after a heavy page measured at a third of the next one), so single runs
made the ratios swing by a factor of two.

`--page-cache` (default `both`): `on` serves anonymous readers from the page cache as in production; `off` starts
the server with `PAGE_CACHE_SECONDS=0`, so every anonymous page is rendered (from the fragment cache where it holds
the pieces) and measures anonymous readers only (members never get cached pages); `both` measures the full set with
the page cache on, then restarts the server with it off. The report has a table per mode.

Times are noisy on shared machines: compare ratios measured in one run, never absolute numbers across runs.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8400


def log(message):
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


def server_env(args, static_root, page_cache="on"):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "DATABASE_URL": args.database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "BENCHMARK_CEILING": "true",
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
        # The write load posts as fast as it can: no waiting between posts, no approval of first posts.
        "FORUM_POST_INTERVAL": "0",
        "FORUM_HOLD_FIRST_POSTS": "0",
        "COMMENTS_MIN_SECONDS": "0",
        "COMMENTS_RATE_LIMIT": "1000000",
        # Anonymous searches are counted per client as in production, but 16 clients on 127.0.0.1 are not limited.
        "SEARCH_RATE_LIMIT": "1000000000",
    }
    if page_cache == "off":
        env["PAGE_CACHE_SECONDS"] = "0"
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_answers(url):
    """Whether Redis answers at `url`; if so, its database is emptied: it holds the benchmark's cache only."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
    except redis.RedisError:
        return False
    if client.connection_pool.connection_kwargs.get("db", 0) == 0:
        raise SystemExit(f"{url}: the benchmark empties its Redis database; give it one of its own (not 0)")
    client.flushdb()  # cached pages of an earlier run (another seed) must not be served
    return True


def manage(env, *command, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, text=True, capture_output=capture
    )


def ensure_database(args, env):
    import psycopg

    name = args.database_url.rsplit("/", 1)[1]
    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput", "-v0")
    if args.skip_seed:
        return
    log("filling the database (seed_scale; skipped when it already holds data)")
    manage(env, "seed_scale", "--if-empty", *args.seed_args)


def start_server(env, port, workers, threads):
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "config.wsgi",
        "-k",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    try:  # another benchmark's server on the port would answer in ours' place
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
    except OSError:
        pass
    else:
        raise SystemExit(f"port {port} is in use (another benchmark?); choose another with --port")
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise SystemExit(f"gunicorn did not answer on port {port}")


def stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def describe_pages(env):
    """Ask the project (scripts/bench_pages.py) which URLs to measure, the member cookie and query counts."""
    result = subprocess.run(
        [PYTHON, str(BASE_DIR / "scripts" / "bench_pages.py")], cwd=BASE_DIR, env=env, text=True, capture_output=True
    )
    if result.returncode:
        raise SystemExit(f"scripts/bench_pages.py failed:\n{result.stderr}{result.stdout}")
    return json.loads(result.stdout)


LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(url, args, cookie=None):
    command = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s", "--latency"]
    command += ["--timeout", "10s"]
    # A browser's User-Agent: without one, a request is a script's and insights does not count it (and its cost
    # would not be measured).
    command += ["-H", "User-Agent: Mozilla/5.0 (X11; Linux x86_64) stammtisch-bench"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [url], check=True, text=True, capture_output=True).stdout
    latencies = {int(p): float(v) * UNITS[u] for p, v, u in LATENCY.findall(output)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latencies.get(50),
        "p99": latencies.get(99),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def measure_pages(base, pages, member_cookie, args, roles=("anonymous", "member")):
    """Each page in `roles` (an anonymous reader, a member), and the ceiling at the start of each round,
    `args.rounds` times in turns (as many runs for the ceiling as for each page: the best of more runs would favour
    it); returns each one's best run (in the order of `pages`)."""
    ceiling = [page for page in pages if page["name"] == "ceiling"]
    runs = [
        (page, role, cookie)
        for page in ceiling + [page for page in pages if page["name"] != "ceiling"]
        for role, cookie in [("anonymous", None), ("member", member_cookie)]
        if role in page["queries"]  # the ceiling: anonymous only; the notifications page: members only
        and (role in roles or page["name"] == "ceiling")
    ]
    best = {(page["name"], role): None for page in pages for role in ("anonymous", "member")}
    for round_number in range(1, args.rounds + 1):
        for page, role, cookie in runs:
            log(f"round {round_number}/{args.rounds}: {page['name']} as {role}: {page['path']}")
            result = run_wrk(base + page["path"], args, cookie)
            time.sleep(args.pause)
            key = (page["name"], role)
            row = best[key]
            if row is None:
                best[key] = {"page": page["name"], "role": role, **result, "queries": page["queries"][role]}
                continue
            # Each measure's best run: the most requests, the shortest latencies, the most errors seen.
            row["rps"] = max(row["rps"], result["rps"])
            for percentile in ("p50", "p99"):
                row[percentile] = min(value for value in (row[percentile], result[percentile]) if value is not None)
            row["non_2xx"] = max(row["non_2xx"], result["non_2xx"])
            row["socket_errors"] = max(row["socket_errors"], result["socket_errors"])
    return [row for row in best.values() if row is not None]


def run_cluster_checks(env, bases, described):
    thread = described["thread_path"]
    result = subprocess.run(
        [PYTHON, str(BASE_DIR / "scripts" / "bench_cluster.py"), *bases, thread],
        cwd=BASE_DIR, env=env, text=True, capture_output=True,
    )  # fmt: skip
    if result.returncode:
        raise SystemExit(f"scripts/bench_cluster.py failed:\n{result.stderr}{result.stdout}")
    return json.loads(result.stdout)["checks"]


def run_write_load(env, bases, described, args):
    """Members reply and comment (scripts/bench_write.py) while wrk reads the same thread; then counters are checked."""
    thread, article = described["thread_path"], described["article_path"]
    reads, readers = [], []
    options = argparse.Namespace(**{**vars(args), "duration": args.write_seconds})
    for base in bases:  # readers on every server
        readers.append(threading.Thread(target=lambda base=base: reads.append(run_wrk(base + thread, options))))
        readers[-1].start()
    result = subprocess.run(
        [PYTHON, str(BASE_DIR / "scripts" / "bench_write.py"), ",".join(bases), thread, article,
         "--writers", str(args.writers), "--seconds", str(args.write_seconds)],
        cwd=BASE_DIR, env=env, text=True, capture_output=True,
    )  # fmt: skip
    for reader in readers:
        reader.join()
    if result.returncode:
        raise SystemExit(f"scripts/bench_write.py failed:\n{result.stderr}{result.stdout}")
    merged = {key: sum(read[key] for read in reads) for key in ("rps", "non_2xx", "socket_errors")}
    return {**json.loads(result.stdout), "reads": merged, "servers": len(bases), "thread": thread, "article": article}


def write_load_section(load, cluster):
    lines = ["## Write load" + (" and two app servers" if cluster else ""), ""]
    if cluster:
        lines += ["Two gunicorn servers on two ports, one PostgreSQL, one Redis (cache, sessions, rate limits).", ""]
        lines += [f"- {'ok' if check['ok'] else 'FAILED'}: {check['what']} — {check['detail']}" for check in cluster]
        lines += [""]
    if not load:
        return "\n".join(lines) + "\n"
    reads = load["reads"]
    lines += [
        f"{load['writers']} members (spread over {load['servers']} server(s)) replied in {load['thread']} and "
        f"commented under {load['article']} for {load['seconds']} s through HTTP (GET the form, POST it), "
        "while wrk read the same thread on every server "
        f"({reads['rps']:.0f} req/s, {reads['non_2xx'] + reads['socket_errors']} non-2xx or socket errors).",
        "",
        f"- accepted replies: {load['replies']}, accepted comments: {load['comments']} "
        f"({load['approved_comments']} approved at once), failed writes: {load['error_count']}"
        + (f" ({', '.join(load['errors'][:5])})" if load["errors"] else ""),
        "",
        "| counter | stored | real | |",
        "|---|---|---|---|",
    ]
    for check in load["checks"]:
        lines.append(f"| {check['what']} | {check['stored']} | {check['real']} | {'ok' if check['ok'] else 'WRONG'} |")
    return "\n".join(lines) + "\n"


def draw_chart(rows, path):
    """A horizontal bar chart of each page's req/s as a share of the ceiling (Pillow, no plotting library)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=14)

    bar_rows = [row for row in rows if row["page"] != "ceiling"]
    width, row_height, left = 1100, 26, 520
    height = 60 + row_height * len(bar_rows)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 10), "req/s as % of the ceiling (same run); targets: member 12 %, anonymous 50 %", fill="black",
              font=font)  # fmt: skip
    scale = (width - left - 80) / 100
    for target in (12, 50):
        x = left + target * scale
        draw.line([x, 34, x, height - 6], fill=(220, 53, 69), width=1)
        draw.text((x + 3, 34 - 14), f"{target} %", fill=(220, 53, 69), font=font)
    for index, row in enumerate(bar_rows):
        y = 40 + index * row_height
        draw.text((10, y + 5), f"{row['page']} ({row['role']})", fill="black", font=font)
        share = min(row["ratio"] * 100, 100)
        colour = (13, 110, 253) if row["role"] == "anonymous" else (25, 135, 84)
        draw.rectangle([left, y + 3, left + share * scale, y + row_height - 5], fill=colour)
        draw.text((left + share * scale + 6, y + 5), f"{row['ratio'] * 100:.1f} %", fill="black", font=font)
    image.save(path)


TABLE_ROW = re.compile(r"^\| (.+?) \| (anonymous|member) \| (\d+) \| ([\d.]+) % \| ([\d.]+) \|", re.M)
THREAD_PAGE = re.compile(r"thread of ([\d,]+) posts, (chronological|threaded), (page 1|last page)")


def targets_section(rows):
    """The issue's targets, judged from this run's rows: "met" or "NOT met" for each."""
    pages = {}
    for row in rows:
        match = THREAD_PAGE.match(row["page"])
        if match:
            size = int(match.group(1).replace(",", ""))
            pages[(size, match.group(2), match.group(3) == "page 1", row["role"])] = row
    if not pages:
        return ""
    small, big = min(key[0] for key in pages), max(key[0] for key in pages)
    lines = ["## Targets (judged from this run)", ""]

    def verdict(ok, text):
        lines.append(f"- {'met' if ok else '**NOT met**'}: {text}")

    for role, target in (("anonymous", 0.5), ("member", 0.12)):
        for view in ("chronological", "threaded"):
            row = pages.get((small, view, True, role))
            if row:
                verdict(
                    row["ratio"] >= target,
                    f"{role} thread page ({small} posts, {view}) at ≥ {target * 100:.0f} % of the ceiling: "
                    f"{row['ratio'] * 100:.1f} %",
                )
    for role in ("anonymous", "member"):
        for view in ("chronological", "threaded"):
            first, last = pages.get((big, view, True, role)), pages.get((big, view, False, role))
            if first and last and first["p50"] and last["p50"]:
                verdict(
                    last["p50"] <= 1.5 * first["p50"],
                    f"last page of the {big:,}-post thread ({view}, {role}) within 1.5× the p50 latency of its first "
                    f"page: {last['p50']:.0f} ms vs {first['p50']:.0f} ms",
                )
    return "\n".join(lines) + "\n"


UNCACHED_HEADING = "## Page cache off"
UNCACHED_TARGET = 0.08


def uncached_section(rows):
    """The anonymous pages measured with `PAGE_CACHE_SECONDS=0` (rendered on every request), their ratio to the
    ceiling of the same server, and the targets for thread and category pages."""
    lines = [
        UNCACHED_HEADING,
        "",
        "The same pages for anonymous readers with the page cache off (`--page-cache off`: `PAGE_CACHE_SECONDS=0`):",
        "every request renders the page, from the fragment cache where it holds the pieces. Members never get cached",
        "pages, so their rows above are the same in both modes. Ratios are to the ceiling measured in this mode.",
        "",
        "| page | role | req/s | ratio to ceiling | p50 ms | p99 ms | non-2xx | SQL queries |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [table_row(row) for row in rows]
    lines += [""]
    sizes = [int(match.group(1).replace(",", "")) for row in rows if (match := THREAD_PAGE.match(row["page"]))]
    for row in rows:
        match = THREAD_PAGE.match(row["page"])
        small_thread = match and int(match.group(1).replace(",", "")) == min(sizes) and match.group(3) == "page 1"
        if row["role"] == "anonymous" and (small_thread or row["page"].startswith("category")):
            verdict = "met" if row["ratio"] >= UNCACHED_TARGET else "**NOT met**"
            lines.append(
                f"- {verdict}: {row['page']}, uncached, at ≥ {UNCACHED_TARGET * 100:.0f} % of the ceiling: "
                f"{row['ratio'] * 100:.1f} %"
            )
    return "\n".join(lines) + "\n"


def table_row(row):
    return (
        f"| {row['page']} | {row['role']} | {row['rps']:.0f} | {row['ratio'] * 100:.1f} % | "
        f"{row['p50'] or 0:.1f} | {row['p99'] or 0:.1f} | {row['non_2xx'] + row['socket_errors']} | "
        f"{row['queries']} |"
    )


def insert_uncached(section):
    """Put the page-cache-off section (replacing an earlier one) between the table (and write load) and the chart."""
    path = BASE_DIR / "docs" / "PERFORMANCE.md"
    measured, rest = path.read_text().split(CHART_LINE, 1)
    before, _, after = measured.partition(UNCACHED_HEADING)
    if _:  # drop the earlier section: up to the next heading (the write load) or the chart
        after = after.split("\n## ", 1)
        after = "## " + after[1] if len(after) > 1 else ""
    measured = before.rstrip("\n") + "\n\n" + section + "\n" + after
    path.write_text(measured.rstrip("\n") + "\n\n" + CHART_LINE + rest)


def rewrite_report():
    """--rewrite: keep the measured table of docs/PERFORMANCE.md, append the current notes, redraw the chart."""
    path = BASE_DIR / "docs" / "PERFORMANCE.md"
    measured = path.read_text().split(CHART_LINE)[0]
    rows = [
        {"page": page, "role": role, "rps": float(rps), "ratio": float(ratio) / 100, "p50": float(p50)}
        for page, role, rps, ratio, p50 in TABLE_ROW.findall(measured.split(UNCACHED_HEADING)[0])
    ]
    if "## Targets" not in measured:
        table, _, write_load = measured.partition("## Write load")
        measured = table.rstrip("\n") + "\n\n" + targets_section(rows) + (f"\n## Write load{write_load}" if _ else "\n")
    path.write_text(measured + CHART_LINE + "\n" + notes_text())
    draw_chart(rows, BASE_DIR / "docs" / "performance.png")


CHART_LINE = "![req/s as a share of the ceiling](performance.png)\n"


def notes_text():
    notes = BASE_DIR / "docs" / "performance-notes.md"
    return "\n" + notes.read_text() if notes.exists() else ""


def write_report(rows, args, meta):
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (scripts/bench.py). Times are noisy on shared machines: compare the **ratios** to",
        "the ceiling measured in the same run, never absolute numbers across runs.",
        "",
        f"- Date: {meta['date']}",
        f"- Machine: {meta['machine']}",
        f"- Versions: {meta['versions']}",
        f"- Server: gunicorn gthread, {args.workers} workers x {args.gunicorn_threads} threads, DEBUG off, "
        f"cache: {'Redis' if args.redis_url else 'database'}",
        f"- Load: wrk {args.threads} threads, {args.connections} connections, {args.rounds} x {args.duration} s per "
        "page and role",
        f"- Data: {meta['data']}",
        "",
        f"Each page and role, and the ceiling (at the start of each round), measured {args.rounds} times in turns,",
        f"{args.duration} s each with {args.pause:g} s of rest after each run. Each row holds its best runs: the most",
        "req/s, the lowest p50 and p99 (and the most errors) of any run; the ratio is to the ceiling's most req/s.",
        "Other work on a shared machine only ever slows a run down. SQL queries: those of rendering the page;",
        "anonymous readers mostly get it from the page cache, at no query with Redis and one with the database cache.",
        "",
        "| page | role | req/s | ratio to ceiling | p50 ms | p99 ms | non-2xx | SQL queries |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [table_row(row) for row in rows]
    lines += ["", targets_section(rows), CHART_LINE]
    (BASE_DIR / "docs" / "PERFORMANCE.md").write_text("\n".join(lines) + notes_text())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stammtisch_bench"),
    )
    parser.add_argument(
        "--cache",
        choices=["redis", "database"],
        default=os.environ.get("BENCH_CACHE", "redis"),
        help="the site's cache and sessions as in a production deployment (Redis, docs/DEPLOY.md) or the database "
        "cache of a single small server; Redis falls back to the database when none answers",
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--duration", type=int, default=6, help="seconds of load per run")
    parser.add_argument("--port", type=int, default=PORT, help="gunicorn's port (another benchmark may hold 8400)")
    parser.add_argument("--rounds", type=int, default=3, help="runs per page and role, in turns; the best counts")
    parser.add_argument("--pause", type=float, default=2, help="seconds of rest after each run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    parser.add_argument("--gunicorn-threads", type=int, default=4)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--write-load", action="store_true", help="also run the write load (after the reads)")
    parser.add_argument("--writers", type=int, default=4, help="write load: members writing at once")
    parser.add_argument("--write-seconds", type=int, default=20)
    parser.add_argument(
        "--two-servers",
        action="store_true",
        help="a second app server on the next port, sharing PostgreSQL and Redis",
    )
    parser.add_argument("--skip-reads", action="store_true", help="only the write load; keep the table as it is")
    parser.add_argument(
        "--rewrite", action="store_true", help="measure nothing: redraw the chart and append the notes again"
    )
    parser.add_argument(
        "--only",
        help="measure only the pages whose name contains this text (and the ceiling); print, do not write the report",
    )
    parser.add_argument(
        "--page-cache",
        choices=["on", "off", "both"],
        default=os.environ.get("BENCH_PAGE_CACHE", "both"),
        help="anonymous readers from the page cache (on), rendered on every request with PAGE_CACHE_SECONDS=0 "
        "(off: anonymous readers only), or both one after the other (a table for each in the report)",
    )
    parser.add_argument("--seed-args", nargs=argparse.REMAINDER, default=[], help="passed on to seed_scale")
    args = parser.parse_args()
    if args.rewrite:
        rewrite_report()
        return
    if args.only and (args.write_load or args.two_servers):
        raise SystemExit("--only measures some pages and prints them; run --write-load and --two-servers without it")
    if args.two_servers and args.cache != "redis":
        raise SystemExit("--two-servers shares Redis between the servers; it cannot run with --cache database")
    if args.cache == "redis" and not redis_answers(args.redis_url):
        if args.two_servers:
            raise SystemExit(f"--two-servers needs Redis; none answers at {args.redis_url}")
        log(f"no Redis answers at {args.redis_url}: measuring with the database cache")
        args.cache = "database"
    if args.cache == "database":
        args.redis_url = ""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")

    modes = ["on", "off"] if args.page_cache == "both" else [args.page_cache]
    rows, uncached_rows, load, cluster = [], [], None, None
    with tempfile.TemporaryDirectory(prefix="stammtisch-static-") as static_root:
        env = server_env(args, static_root)
        ensure_database(args, env)
        manage(env, "collectstatic", "--noinput", "-v0")
        described = describe_pages(env)
        for mode in modes:
            env = server_env(args, static_root, page_cache=mode)
            log(f"page cache {mode}")
            port = args.port
            server = start_server(env, port, args.workers, args.gunicorn_threads)
            second = start_server(env, port + 1, args.workers, args.gunicorn_threads) if args.two_servers else None
            bases = [f"http://127.0.0.1:{port}"] + ([f"http://127.0.0.1:{port + 1}"] if second else [])
            try:
                base = f"http://127.0.0.1:{port}"
                run_wrk(base + "/", argparse.Namespace(**{**vars(args), "duration": 2}))  # warm up
                pages = [] if args.skip_reads else described["pages"]
                if args.only:
                    pages = [page for page in pages if args.only in page["name"] or page["name"] == "ceiling"]
                # Members never get cached pages: with the page cache off only anonymous readers are measured.
                roles = ("anonymous", "member") if mode == "on" else ("anonymous",)
                measured = measure_pages(base, pages, described["member_cookie"], args, roles)
                set_ratios(measured)
                (rows if mode == "on" else uncached_rows).extend(measured)
                if mode == modes[0] and args.write_load:
                    log(f"write load: {args.writers} members for {args.write_seconds} s while wrk reads")
                    load = run_write_load(env, bases, described, args)
                if mode == modes[0] and second:
                    log("two servers: visibility and shared rate limits")
                    cluster = run_cluster_checks(env, bases, described)
            finally:
                stop_server(server)
                if second:
                    stop_server(second)
    if args.only:
        for mode, measured in (("on", rows), ("off", uncached_rows)):
            for row in measured:
                print(
                    f"{row['page']:<58} {row['role']:<9} page cache {mode:<3} {row['rps']:6.0f} req/s "
                    f"{row['ratio']:6.1%} {row['p50']} ms"
                )
        return
    if rows:
        meta = {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
            "versions": f"Python {platform.python_version()}, {described['versions']}",
            "data": described["data"],
        }
        write_report(rows, args, meta)
        draw_chart(rows, BASE_DIR / "docs" / "performance.png")
    if uncached_rows:
        insert_uncached(uncached_section(uncached_rows))
    if load or cluster:
        insert_write_load(write_load_section(load, cluster))
    print((BASE_DIR / "docs" / "PERFORMANCE.md").read_text())


def set_ratios(rows):
    """Each row's req/s as a share of the ceiling's, measured on the same server."""
    ceiling = next((row["rps"] for row in rows if row["page"] == "ceiling"), 0)
    for row in rows:
        row["ratio"] = row["rps"] / ceiling if ceiling else 0


def insert_write_load(section):
    """Put the write load's section (replacing an earlier one) between the table and the chart."""
    path = BASE_DIR / "docs" / "PERFORMANCE.md"
    measured, rest = path.read_text().split(CHART_LINE, 1)
    measured = measured.split("## Write load", 1)[0].rstrip("\n") + "\n\n"
    path.write_text(measured + section + "\n" + CHART_LINE + rest)


if __name__ == "__main__":
    main()
