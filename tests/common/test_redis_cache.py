"""The portal's Redis cache: Django's, with one redis-py client kept per server."""

import pytest
from django.core.cache import caches

from tests.services import redis_url

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "redis-check": {"BACKEND": "common.redis_cache.PortalRedisCache", "LOCATION": redis_url()},
    }
    cache = caches["redis-check"]
    yield cache
    cache.delete_many(["portail:essai", "portail:essai:2", "portail:compteur"])


def test_the_cache_reads_and_writes_redis_through_one_client(redis_cache):
    redis_cache.set("portail:essai", {"valeur": 3}, timeout=30)
    redis_cache.set_many({"portail:essai:2": "deux"}, timeout=30)
    assert redis_cache.get("portail:essai") == {"valeur": 3}
    assert redis_cache.get_many(["portail:essai", "portail:essai:2"]) == {
        "portail:essai": {"valeur": 3},
        "portail:essai:2": "deux",
    }
    client = redis_cache._cache
    # One redis.Redis for the server, on its pool: not one per operation as Django makes them.
    assert client.get_client() is client.get_client(write=True)
    assert client.get_client().connection_pool is client._pools[0]
    redis_cache.set("portail:compteur", 1, timeout=30)
    assert redis_cache.incr("portail:compteur") == 2  # the budgets' counters
