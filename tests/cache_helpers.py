"""The caches as production has them with Redis, for tests of what is kept there: the test settings use the
database cache, where permission sets and watch levels are read from their tables instead (a cache read would be a
query too)."""

import uuid

import pytest
from django.core.cache import caches


@pytest.fixture
def memory_caches(settings):
    """Default, page and fragment caches in memory (not the database cache): the code paths of Redis."""
    run = uuid.uuid4().hex
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"{alias}-{run}"}
        for alias in ("default", "pages", "fragments")
    }
    yield
    for alias in ("default", "pages", "fragments"):
        caches[alias].clear()
