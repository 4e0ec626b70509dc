"""The public directory's paginator: its count cached, its deep pages from cached boundaries.

At national size the `COUNT(*)` of the listed companies is most of a directory page's database
time. It is cached per filter under a version number that every change able to move a company
in or out of a list bumps (a company, a partnership, a school or its diplomas saved or deleted:
`directory_changed`, connected in the apps' `ready()`), so a change shows on the next request.
The version lives in the Django cache: with several processes that cache must be shared (Redis,
`REDIS_URL`, as for the rate limits); counts also expire after `COUNT_TIMEOUT` seconds.
Deep pages (keyset pagination behind the page numbers) keep their boundaries the same way.

Only the lists filtered by a select (sector, label) or a département are kept freely: they come
back. A typed word (a town, a school, a diploma) stores its count and boundaries only while the
window's budget lasts (`BUDGET`), so that no flood of made-up filters fills the cache.
"""

import hashlib
import json
import re

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property

from common.cache_budget import CacheBudget
from common.cache_versions import CacheVersion
from common.form_cache import cached_form_html

VERSION = CacheVersion("annuaire:version")
COUNT_TIMEOUT = 600
# The filters whose lists are read again: a select, or a département's code.
COMMON_FILTERS = {"naf_section", "label", "departement"}
DEPARTEMENT = re.compile(r"0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6]")
BUDGET = CacheBudget("annuaire", size=500, seconds=COUNT_TIMEOUT)
KEYSET_FROM = 1000  # rows skipped from which a page starts from a cached boundary
KEYSET_STEP = 200  # rows between two cached boundaries: the most a deep page walks by OFFSET


def directory_version() -> int:
    return VERSION.current()


def directory_changed(**kwargs) -> None:
    """Signal receiver: the cached counts of the directory no longer hold (bumped at once and
    again at commit: `common.cache_versions`)."""
    VERSION.changed()


def count_key(filters: dict, kind: str = "compte", version: int | None = None) -> str:
    """The cache key of a list's count (or of another `kind` of figure about the list): the
    version and the filter's cleaned values."""
    canon = json.dumps(
        {k: str(v).strip().lower() for k, v in sorted(filters.items()) if v not in (None, "")},
        sort_keys=True,
    )
    digest = hashlib.sha256(canon.encode()).hexdigest()[:32]
    return f"annuaire:{kind}:{version or directory_version()}:{digest}"


def common_filter(filters: dict) -> bool:
    """No filter, or one only, a select or a real département: a list that other visitors ask
    for too (some 130 of them)."""
    chosen = {name: str(value) for name, value in filters.items() if value not in (None, "")}
    if not chosen:
        return True
    ((name, value),) = chosen.items() if len(chosen) == 1 else (("", ""),)
    if name == "departement":
        return bool(DEPARTEMENT.fullmatch(value.strip().upper()))
    return name in COMMON_FILTERS


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
            if self.storable():
                cache.set(key, count, timeout=COUNT_TIMEOUT)
        return count

    def storable(self) -> bool:
        return common_filter(self.filters) or BUDGET.allows()

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
            if self.storable():
                cache.set(key, boundary, timeout=COUNT_TIMEOUT)
        return tuple(boundary)


def filter_form_html(filterset) -> str:
    """The directory's filter form as HTML: six DSFR fields are a third of the page's rendering;
    rendered once per choice of its selects, the typed words put in (`common.form_cache`)."""
    return cached_form_html(
        filterset.form,
        key="annuaire",
        make=lambda data: type(filterset)(data, queryset=filterset.queryset).form,
        timeout=COUNT_TIMEOUT,
    )
