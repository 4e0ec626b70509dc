"""A version number in the shared cache that a change bumps, so that every key built on it
(cached counts, figures, rendered fragments) is abandoned at once rather than when it expires.

    VERSION = CacheVersion("annuaire:version")
    key = f"annuaire:compte:{VERSION.current()}:{digest}"
    post_save.connect(receiver_calling VERSION.changed, sender=Company)

`changed()` bumps at once and again when the transaction commits, so that no request reading
the old rows before the commit caches them under the new version. The cache must be shared
between processes (Redis, `REDIS_URL`) for a change in one to show in the others.

During a request (`VersionsMiddleware`), the first `current()` reads every version declared in
the process in ONE round trip (`get_many`) and the request keeps them: a public page needs four
or five (its own, the site's, the menu's, the directory's or the calendar's). A bump in the
request forgets its memo, so the request reads the new number after its own write.

A version that is missing (never set, or evicted) starts again from the clock, not from 1: a
number taken before the eviction cannot come back and serve the entries stored under it.
"""

import contextvars
import time

from django.core.cache import cache
from django.db import transaction

# The versions read by the current request (None outside a request: read from the cache).
_memo: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar(
    "cache_versions", default=None
)


def _fresh() -> int:
    """A starting number no earlier version of the key can have reached (milliseconds)."""
    return time.time_ns() // 1_000_000


class CacheVersion:
    declared: dict[str, "CacheVersion"] = {}

    def __init__(self, key: str):
        self.key = key
        CacheVersion.declared[key] = self

    def current(self) -> int:
        memo = _memo.get()
        if memo is None:
            return self._read()
        if not memo:
            memo.update(read_all())
        if self.key not in memo:
            memo[self.key] = self._read()
        return memo[self.key]

    def _read(self) -> int:
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, _fresh(), timeout=None)
            version = cache.get(self.key) or _fresh()
        return version

    def bump(self) -> None:
        memo = _memo.get()
        if memo:
            memo.pop(self.key, None)
        try:
            cache.incr(self.key)
        except ValueError:  # not set yet (or evicted): any new value differs from the old ones
            cache.add(self.key, _fresh(), timeout=None)
            cache.incr(self.key)

    def changed(self) -> None:
        self.bump()
        transaction.on_commit(self.bump)


def read_all() -> dict[str, int]:
    """Every declared version, in one round trip (those never set are set, one by one)."""
    found = cache.get_many(list(CacheVersion.declared))
    for key, version in CacheVersion.declared.items():
        if found.get(key) is None:
            found[key] = version._read()
    return found


def read_with(keys: list[str]) -> dict:
    """These cache entries, read in the round trip of the request's versions (which the request
    keeps, as `current()` would): a lookup that costs no round trip of its own."""
    memo = _memo.get()
    if memo is None or memo:  # outside a request, or its versions already read
        return cache.get_many(keys)
    found = cache.get_many([*CacheVersion.declared, *keys])
    for key, version in CacheVersion.declared.items():
        memo[key] = found.pop(key, None) or version._read()
    return found


class VersionsMiddleware:
    """Keeps the versions a request reads for the length of the request (one round trip)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
