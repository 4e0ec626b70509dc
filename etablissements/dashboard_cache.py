"""The academy-wide figures of the admin dashboard, cached under a version key.

An academy administrator's dashboard counts over the whole country (300k partnerships, every
pending proposal, every probable duplicate): each figure a scan of a whole table. They are
cached here, for the academy scope only (a school's staff count their own rows, a few hundred,
and never read these keys), under a version number that every change able to move a figure
bumps: `figures_changed`, connected in the apps' `ready()` to the models counted, and called by
the services that write with `update()` or `bulk_create()` (no signal). So a change shows on the
next request, as for the public directory's counts (entreprises/directory.py). The cache must be
shared between processes (Redis, `REDIS_URL`); figures also expire after `TIMEOUT` seconds and
their key holds the day (figures such as "sans interaction depuis 6 mois" move with the date).
"""

import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator

from common.cache_versions import CacheVersion

VERSION = CacheVersion("tableau-de-bord:version")
TIMEOUT = 600
# The models whose every change bumps the version (`connect`): their academy-wide lists may
# cache their count too (`AcademyCountPaginator`).
VERSIONED: set[type] = set()


def figures_version() -> int:
    return VERSION.current()


def figures_changed(**kwargs) -> None:
    """Signal receiver (or a plain call from a service): the cached academy figures no longer
    hold (bumped at once and again at commit: `common.cache_versions`)."""
    VERSION.changed()


def academy_figures(name: str, day, compute: Callable[[], dict]) -> dict:
    """`compute()` (a dict of figures over every school), cached per `name` and `day`."""
    key = f"tableau-de-bord:{figures_version()}:{name}:{day.isoformat()}"
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, timeout=TIMEOUT)
    return figures


def connect(*models, uid: str) -> None:
    """Bump the version on every save and delete of `models` (called from `ready()`)."""

    for model in models:
        VERSIONED.add(model)
        for signal in (post_save, post_delete):
            signal.connect(
                figures_changed, sender=model, dispatch_uid=f"tableau-de-bord-{uid}-{model}"
            )


class AcademyCountPaginator(WagtailPaginator):
    """The paginator of an academy administrator's list over every school (300k partnerships,
    a million journal entries): its `COUNT(*)` cached under the version, per list and filter.
    Only for a model in `VERSIONED` and a user who sees every school (the rows then depend on
    the filter alone, never on the user's schools)."""

    def __init__(self, object_list, per_page, *, list_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.list_key = list_key

    @cached_property
    def count(self) -> int:
        return academy_figures(
            f"compte:{self.list_key}",
            timezone.localdate(),
            lambda: {"count": self.object_list.count()},
        )["count"]


def list_key(path: str, query) -> str:
    """A list's path and its filter (the query string but the page and the order)."""
    params = sorted(
        (name, value.strip().lower())
        for name, values in query.lists()
        for value in values
        if name not in ("p", "ordering") and value.strip()
    )
    canon = json.dumps([path, params], ensure_ascii=False)
    return hashlib.sha256(canon.encode()).hexdigest()[:32]
