"""Folds running at once, in threads with connections of their own (so committed data, not one test transaction)."""

import threading

import pytest
from django.db import connection

from insights import counting
from insights.models import FoldedBatch, PageViewDay


@pytest.mark.django_db(transaction=True)
def test_folds_running_at_once_add_every_batch_exactly_once(redis_cache):
    counter = counting.counter()
    for number in range(50):
        for _ in range(number + 1):
            counter.add(counting.SEPARATOR.join(["2026-11-30", f"/seite-{number}/", "direct", ""]))
    counter.send()
    # A batch a crashed fold left behind: renamed, never added.
    client = redis_cache._cache.get_client(write=True)
    client.rename(redis_cache.make_key(counting.LIVE_KEY), redis_cache.make_key(counting.BATCH_PREFIX) + "crashed")
    counter.add(counting.SEPARATOR.join(["2026-11-30", "/neu/", "direct", ""]))  # still in this process

    results, start = [], threading.Barrier(4)

    def fold():
        start.wait()
        try:
            results.append(counting.fold())
        finally:
            connection.close()

    folds = [threading.Thread(target=fold) for _ in range(4)]
    for thread in folds:
        thread.start()
    for thread in folds:
        thread.join()

    expected = sum(range(1, 51)) + 1
    assert sum(results) == expected
    assert sum(PageViewDay.objects.values_list("views", flat=True)) == expected
    assert FoldedBatch.objects.filter(batch="crashed").exists()
    assert counting.fold() == 0
