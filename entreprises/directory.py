"""The public directory's paginator: its count cached, its deep pages by a deferred join.

At national size the `COUNT(*)` of the listed companies is most of a directory page's database
time. It is cached per filter under a version number that every change able to move a company
in or out of a list bumps (a company, a partnership, a school or its diplomas saved or deleted:
`directory_changed`, connected in the apps' `ready()`), so a change shows on the next request.
The version lives in the Django cache: with several processes that cache must be shared (Redis,
`REDIS_URL`, as for the rate limits); counts also expire after `COUNT_TIMEOUT` seconds.
"""

import hashlib
import json

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

VERSION_KEY = "annuaire:version"
COUNT_TIMEOUT = 600
DEFERRED_FROM = 1000  # rows skipped from which a page is fetched by a deferred join


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


def count_key(filters: dict) -> str:
    """The cache key of a list's count: the version and the filter's cleaned values."""
    canon = json.dumps(
        {k: str(v).strip().lower() for k, v in sorted(filters.items()) if v not in (None, "")},
        sort_keys=True,
    )
    digest = hashlib.sha256(canon.encode()).hexdigest()[:32]
    return f"annuaire:compte:{directory_version()}:{digest}"


class DirectoryPaginator(Paginator):
    """A paginator whose count comes from the cache and whose page is fetched in two steps:
    the ids of the page (an index-only scan, however deep the OFFSET), then those rows."""

    def __init__(self, object_list, per_page, *, filters: dict | None, **kwargs):
        """`filters`: the filter's cleaned values, None when they are invalid (not cached)."""
        super().__init__(object_list, per_page, **kwargs)
        self.filters = filters

    @cached_property
    def count(self) -> int:
        if self.filters is None:
            return self.object_list.count()
        key = count_key(self.filters)
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
        if bottom < DEFERRED_FROM:
            # Near the start a plain LIMIT is best: on a narrow filter (one school's partners)
            # the ids alone would tempt the planner into walking the whole name index.
            return self._get_page(self.object_list[bottom:top], number, self)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.model._default_manager.in_bulk(ids)
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


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
