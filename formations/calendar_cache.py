"""The public calendar's filter form, rendered once per filter and per version of the sessions.

At national size the form's "Lycée" select holds every school with a session to come (about
2,000 options): rendering it was most of the calendar's time. The HTML is cached by what was
typed, under a version that every session saved or deleted bumps (`sessions_changed`, connected
in `FormationsConfig.ready`), and under the day (the months offered start with this one), so
a new session's school shows in the select on the next request.
"""

import hashlib
import json

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from common.cache_versions import CacheVersion

VERSION = CacheVersion("calendrier:version")
TIMEOUT = 600


def sessions_changed(**kwargs) -> None:
    """Signal receiver: a session was saved or deleted."""
    VERSION.changed()


def filter_fields_html(form) -> str:
    data = {name: form.data.get(name, "") for name in form.fields}
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]
    key = f"calendrier:formulaire:{VERSION.current()}:{timezone.localdate():%Y%m%d}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("formations/_calendar_filter_fields.html", {"form": form})
        cache.set(key, html, timeout=TIMEOUT)
    return mark_safe(html)  # noqa: S308 (rendered by Django's templates, escaped when made)
