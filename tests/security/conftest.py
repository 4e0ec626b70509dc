import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with empty rate-limit and lockout counters (they live in the cache)."""
    cache.clear()
    yield
    cache.clear()
