"""The public calendar's filter form, rendered once per version of the sessions.

At national size the form's "Lycée" select held every school with a session to come (about
2,000 options): rendering it was most of the calendar's time. The HTML is cached by the values
of its selects (the typed words are put in afterwards: `common.form_cache`), under a version
that every session saved or deleted bumps (`sessions_changed`, connected in
`FormationsConfig.ready`), and under the day (the months offered start with this one), so a new
session's département shows in the select on the next request.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from common.cache_versions import CacheVersion
from common.form_cache import cached_form_html

VERSION = CacheVersion("calendrier:version")
TIMEOUT = 600


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
