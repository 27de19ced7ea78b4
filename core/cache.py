"""Django's Redis cache backend, keeping its redis-py client object instead of building one for every operation.

Django's `RedisCacheClient.get_client()` makes a new `redis.Redis` for each get or set; building one registers
some 170 response callbacks, which was half the time of a page-cache hit (core/page_cache.py). A client is
thread-safe and holds no state beyond its connection pool, so one per pool serves every call.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
