"""The public directory's paginator: its count cached, its deep pages from cached boundaries.

At national size the `COUNT(*)` of the listed companies is most of a directory page's database
time. It is cached per filter under a version number that every change able to move a company
in or out of a list bumps (a company, a partnership, a school or its diplomas saved or deleted:
`directory_changed`, connected in the apps' `ready()`), so a change shows on the next request.
The version lives in the Django cache: with several processes that cache must be shared (Redis,
`REDIS_URL`, as for the rate limits); counts also expire after `COUNT_TIMEOUT` seconds.
Deep pages (keyset pagination behind the page numbers) keep their boundaries the same way.
"""

import hashlib
import json

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

VERSION_KEY = "annuaire:version"
COUNT_TIMEOUT = 600
KEYSET_FROM = 1000  # rows skipped from which a page starts from a cached boundary
KEYSET_STEP = 200  # rows between two cached boundaries: the most a deep page walks by OFFSET


def directory_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def directory_changed(**kwargs) -> None:
    """Signal receiver: the cached counts of the directory no longer hold. Bumped at once and
    again at commit, so that no request counts the old rows under the new version meanwhile."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from the old ones
        cache.add(VERSION_KEY, 1, timeout=None)
        cache.incr(VERSION_KEY)


def count_key(filters: dict, kind: str = "compte", version: int | None = None) -> str:
    """The cache key of a list's count (or of another `kind` of figure about the list): the
    version and the filter's cleaned values."""
    canon = json.dumps(
        {k: str(v).strip().lower() for k, v in sorted(filters.items()) if v not in (None, "")},
        sort_keys=True,
    )
    digest = hashlib.sha256(canon.encode()).hexdigest()[:32]
    return f"annuaire:{kind}:{version or directory_version()}:{digest}"


def _from(fields: tuple[str, ...], values: tuple) -> Q:
    """Rows at or after `values` in the order of `fields` (the last one unique): the row
    comparison written with plain lookups, led by `first >= value` for the index range."""
    (field, *others), (value, *rest) = fields, values
    if not others:
        return Q(**{f"{field}__gte": value})
    return Q(**{f"{field}__gte": value}) & (
        Q(**{f"{field}__gt": value}) | (Q(**{field: value}) & _from(tuple(others), tuple(rest)))
    )


class DirectoryPaginator(Paginator):
    """A paginator whose count comes from the cache and whose deep pages start from a cached
    boundary: the sort key of the first row of every `KEYSET_STEP` rows, kept per filter under
    the directory's version. A deep page is then `WHERE (name, id) >= boundary ORDER BY name,
    id OFFSET < KEYSET_STEP LIMIT per_page`, a short walk of the index, the same rows as a plain
    OFFSET (the order is total: `pk` comes last)."""

    ordering = ("name", "pk")

    def __init__(self, object_list, per_page, *, filters: dict | None, **kwargs):
        """`filters`: the filter's cleaned values, None when they are invalid (not cached)."""
        super().__init__(object_list.order_by(*self.ordering), per_page, **kwargs)
        self.filters = filters

    @cached_property
    def version(self) -> int:
        """Read once: the count and the boundaries of a page belong to the same version."""
        return directory_version()

    @cached_property
    def count(self) -> int:
        if self.filters is None:
            return self.object_list.count()
        key = count_key(self.filters, version=self.version)
        count = cache.get(key)
        if count is None:
            count = self.object_list.count()
            cache.set(key, count, timeout=COUNT_TIMEOUT)
        return count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom < KEYSET_FROM or self.filters is None:
            return self._get_page(self.object_list[bottom:top], number, self)
        block, rest = divmod(bottom, KEYSET_STEP)
        boundary = self._boundary(block)
        if boundary is None:  # fewer rows than counted (changed without a signal)
            return self._get_page(self.object_list[bottom:top], number, self)
        rows = self.object_list.filter(_from(self.ordering, boundary))
        return self._get_page(rows[rest : rest + top - bottom], number, self)

    def _boundary(self, block: int) -> tuple | None:
        """The sort key of the row `block * KEYSET_STEP` of the list, from the cache or read
        once (an index-only OFFSET) for the version and filter."""
        key = f"{count_key(self.filters, 'borne', self.version)}:{KEYSET_STEP}:{block}"
        boundary = cache.get(key)
        if boundary is None:
            start = block * KEYSET_STEP
            found = list(self.object_list.values_list(*self.ordering)[start : start + 1])
            if not found:
                return None
            boundary = found[0]
            cache.set(key, boundary, timeout=COUNT_TIMEOUT)
        return tuple(boundary)


def filter_form_html(form) -> str:
    """The directory's filter form as HTML, cached by what was typed: six DSFR fields are a
    third of the page's rendering, and the same few filters come back again and again."""
    data = {name: form.data.get(name, "") for name in form.fields}
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]
    key = f"annuaire:formulaire:{digest}"
    html = cache.get(key)
    if html is None:
        html = str(form)
        cache.set(key, html, timeout=COUNT_TIMEOUT)
    return mark_safe(html)  # noqa: S308 (Django's own rendering, escaped when it was made)
