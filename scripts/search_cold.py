"""Search pages that no cache has seen: distinct two-word queries, each asked once, by 16 clients at a time.

`make bench` repeats one query, so after the first request it measures the result cache (search/cache.py). This
measures the other end: every request runs the search itself. The words are drawn (with a fixed seed) from the
vocabulary of the database the server uses, among words found in 0.1-10 % of the documents, so the queries match
anything from a handful to many thousands of posts.

    .venv/bin/python scripts/search_cold.py --database-url postgres://…/bench --base http://127.0.0.1:8400 \\
        [--queries 200] [--clients 16] [--seed 1]

Start the server as `make bench` does (gunicorn, 2 workers x 4 threads, DEBUG off, SEARCH_RATE_LIMIT high).
Prints requests per second, p50, p90, p99 and the slowest, in ms.
"""

import argparse
import random
import statistics
import threading
import time
import urllib.parse
import urllib.request

import psycopg


def words(database_url, seed, count):
    with psycopg.connect(database_url) as connection:
        total = connection.execute("SELECT max(documents) FROM search_word").fetchone()[0] or 1
        rows = connection.execute(
            "SELECT word FROM search_word WHERE documents BETWEEN %s AND %s AND length(word) >= 4 ORDER BY word",
            [max(2, total // 1000), max(3, total // 10)],
        ).fetchall()
    vocabulary = [row[0] for row in rows]
    chooser = random.Random(seed)
    queries = set()
    while len(queries) < count:
        queries.add(" ".join(chooser.sample(vocabulary, 2)))
    return sorted(queries, key=lambda _: chooser.random())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--base", default="http://127.0.0.1:8400")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    queries = words(args.database_url, args.seed, args.queries)
    lock = threading.Lock()
    latencies, failures = [], []

    def client():
        while True:
            with lock:
                if not queries:
                    return
                query = queries.pop()
            url = f"{args.base}/suche/?" + urllib.parse.urlencode({"q": query})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    response.read()
                    status = response.status
            except OSError as error:
                status = getattr(error, "code", str(error))
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                (latencies if status == 200 else failures).append(elapsed if status == 200 else status)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - started
    latencies.sort()

    def percentile(share):
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))]

    print(
        f"{len(latencies)} distinct queries in {duration:.1f} s at {args.clients} clients: "
        f"{len(latencies) / duration:.1f} req/s, p50 {statistics.median(latencies):.0f} ms, "
        f"p90 {percentile(0.90):.0f} ms, p99 {percentile(0.99):.0f} ms, slowest {latencies[-1]:.0f} ms; "
        f"failed: {len(failures)} {failures[:5]}"
    )


if __name__ == "__main__":
    main()
