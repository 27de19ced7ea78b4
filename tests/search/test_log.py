import pytest

from search import log
from search.models import QueryLog

pytestmark = pytest.mark.django_db


def test_counts_are_normalised_added_up_and_written_once(monkeypatch):
    log.count("  Käse  Brot ", 3)
    log.count("käse brot", 2)
    assert log.flush() == 2
    assert log.flush() == 0  # taken away by the first flush
    row = QueryLog.objects.get(query="käse brot")
    assert (row.searches, row.results) == (2, 2)
    log.count("käse brot", 5)
    log.flush()
    row.refresh_from_db()
    assert (row.searches, row.results) == (3, 5)  # added to the day's row; the latest result count


def test_a_failed_write_keeps_the_counts_and_the_buffer_is_bounded(monkeypatch):
    from django.db import DatabaseError

    monkeypatch.setattr(log, "MAX_BUFFERED", 2)
    log.count("eins", 1)
    log.count("zwei", 1)
    log.count("drei", 1)  # a third query is not kept while two wait
    log.count("eins", 4)  # a waiting one is still counted

    def failing(*args, **kwargs):
        raise DatabaseError("the database is away")

    with monkeypatch.context() as patched:
        patched.setattr(log.connection, "cursor", failing)
        with pytest.raises(DatabaseError):
            log.flush()
    assert log.flush() == 3
    assert dict(QueryLog.objects.values_list("query", "searches")) == {"eins": 2, "zwei": 1}
