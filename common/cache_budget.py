"""A bound on how many entries of one kind the shared cache takes, whatever the clients ask.

    BUDGET = CacheBudget("annuaire", size=500, seconds=600)
    if common_filter or BUDGET.allows():
        cache.set(key, value, timeout=600)

What is likely to be read again (a page without a query string, a list filtered by a select)
is stored freely; the rest (a typed word, a made-up query) only while this window's budget
lasts: a counter in the cache, one per window of `seconds`, so that entries stored with the
same timeout are at most `2 × size` alive at once (this window's and the last one's).
"""

import time

from django.core.cache import cache


class CacheBudget:
    def __init__(self, name: str, size, seconds):
        """`size` and `seconds`: numbers, or functions returning them (read from settings)."""
        self.name = name
        self._size = size
        self._seconds = seconds

    @property
    def size(self) -> int:
        return int(self._size() if callable(self._size) else self._size)

    @property
    def seconds(self) -> int:
        return max(1, int(self._seconds() if callable(self._seconds) else self._seconds))

    def allows(self) -> bool:
        """Counts one more entry stored in this window; False once the budget is spent."""
        seconds = self.seconds
        key = f"budget:{self.name}:{int(time.time() // seconds)}"
        try:
            used = cache.incr(key)
        except ValueError:  # the window's first entry
            cache.add(key, 0, timeout=seconds * 2)
            used = cache.incr(key)
        return used <= self.size
