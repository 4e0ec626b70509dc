"""The public calendar's filter form, rendered once per version of the sessions.

At national size the form's "Lycée" select held every school with a session to come (about
2,000 options): rendering it was most of the calendar's time. The HTML is cached by the values
of its selects (the typed words are put in afterwards: `common.form_cache`), under a version
that every session saved or deleted bumps (`sessions_changed`, connected in
`FormationsConfig.ready`), and under the day (the months offered start with this one), so a new
session's département shows in the select on the next request.
"""

import hashlib
import json

from django.core.cache import cache
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property

from common.cache_versions import CacheVersion
from common.form_cache import cached_form_html

VERSION = CacheVersion("calendrier:version")
TIMEOUT = 600
# A count of sessions to come changes when one starts (no signal then): kept a minute only.
COUNT_TIMEOUT = 60
# The calendar's selects: a list filtered by them alone is asked for again (its count kept).
COMMON_FILTERS = {"departement", "month"}


def sessions_changed(**kwargs) -> None:
    """Signal receiver: a session was saved or deleted."""
    VERSION.changed()


def filter_fields_html(filterset) -> str:
    """Rendered once per version, day and choice of the selects; the typed words put in."""
    return cached_form_html(
        filterset.form,
        key=f"calendrier:{VERSION.current()}:{timezone.localdate():%Y%m%d}",
        make=lambda data: type(filterset)(data, queryset=filterset.queryset).form,
        render=lambda form: render_to_string(
            "formations/_calendar_filter_fields.html", {"form": form}
        ),
        timeout=TIMEOUT,
    )


class CalendarPaginator(Paginator):
    """The sessions' count from the cache (a tenth of the page at national size), for the
    lists filtered by the selects alone: under the sessions' version, for `COUNT_TIMEOUT`
    seconds (a session that has just started may still be counted for that minute)."""

    def __init__(self, object_list, per_page, *, filters: dict | None, **kwargs):
        """`filters`: the form's data when valid (None: not kept)."""
        super().__init__(object_list, per_page, **kwargs)
        self.filters = filters

    @cached_property
    def count(self) -> int:
        chosen = {k: str(v) for k, v in (self.filters or {}).items() if v not in (None, "")}
        if self.filters is None or not set(chosen) <= COMMON_FILTERS:
            return super().count
        digest = hashlib.sha256(json.dumps(chosen, sort_keys=True).encode()).hexdigest()[:32]
        key = f"calendrier:compte:{VERSION.current()}:{digest}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, timeout=COUNT_TIMEOUT)
        return count
