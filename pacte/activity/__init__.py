"""The "lien école-entreprise" forfait, counted from what teachers do in the other apps.

Read-only: this module only reads `partenariats`, `formations` and `offres` through their
models' querysets, always limited to the engagement's school and school year. Counting for many
teachers at once costs one query per kind of activity, whatever the number of teachers."""

from .counting import (
    METRICS,
    PLANNED,
    Window,
    counts_for,
    mentoring_months,
    planned_for,
    windows_for,
    year_bounds,
)
from .progress import Progress, expected_share, on_track, targets_of
from .record import LIST_LIMIT, LienRecord, lien_record

__all__ = [
    "LIST_LIMIT",
    "LienRecord",
    "METRICS",
    "PLANNED",
    "Progress",
    "Window",
    "counts_for",
    "expected_share",
    "lien_record",
    "mentoring_months",
    "on_track",
    "planned_for",
    "targets_of",
    "windows_for",
    "year_bounds",
]
