import pytest
import redis

from core.cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379 (the CI machine has one)")
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "test-core-cache"})
    yield cache
    cache.clear()


def test_the_redis_cache_keeps_one_client_and_works_as_djangos(redis_cache):
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client(write=True)
    redis_cache.set("a", {"page": b"<html>"}, 60)
    redis_cache.set_many({"b": 2, "c": 3}, 60)
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": {"page": b"<html>"}, "b": 2}
    assert redis_cache.add("c", 4, 60) is False
    redis_cache.delete("a")
    assert redis_cache.get("a") is None
