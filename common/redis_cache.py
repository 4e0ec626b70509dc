"""Django's Redis cache, with one redis-py client per server instead of one per operation.

`django.core.cache.backends.redis.RedisCacheClient.get_client` makes a `redis.Redis` for
every cache operation, on the pooled connections; redis-py's constructor fills a table of
some 170 reply callbacks each time (0.24 ms). A public page reads the cache three times or
more (the versions, a count, a form): 0.7 ms of a 15 ms request, measured with cProfile over
bench/http.py's varied-traffic mix. A `redis.Redis` is safe to share between threads (each
command takes a connection from the pool), so one per server is kept and reused.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
