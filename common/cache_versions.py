"""A version number in the shared cache that a change bumps, so that every key built on it
(cached counts, figures, rendered fragments) is abandoned at once rather than when it expires.

    VERSION = CacheVersion("annuaire:version")
    key = f"annuaire:compte:{VERSION.current()}:{digest}"
    post_save.connect(receiver_calling VERSION.changed, sender=Company)

`changed()` bumps at once and again when the transaction commits, so that no request reading
the old rows before the commit caches them under the new version. The cache must be shared
between processes (Redis, `REDIS_URL`) for a change in one to show in the others.
"""

from django.core.cache import cache
from django.db import transaction


class CacheVersion:
    def __init__(self, key: str):
        self.key = key

    def current(self) -> int:
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, 1, timeout=None)
            version = cache.get(self.key, 1)
        return version

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # not set yet (or evicted): any new value differs from the old ones
            cache.add(self.key, 1, timeout=None)
            cache.incr(self.key)

    def changed(self) -> None:
        self.bump()
        transaction.on_commit(self.bump)
