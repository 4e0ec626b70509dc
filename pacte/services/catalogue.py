"""Each school year's mission catalogue: next year's is copied from this one, then edited."""

from __future__ import annotations

from django.db import transaction

from etablissements.querysets import is_academy_admin

from ..models import Mission, PartFraction, SchoolYear
from .roles import PacteError

COPIED_FIELDS = [
    "code",
    "title",
    "action",
    "description",
    "part_kind",
    "hours",
    "axis",
    "degree",
    "counts_portal_activity",
    "counted_metrics",
    "opens_with_half_part",
    "default_expected_results",
    "active",
    "position",
]


@transaction.atomic
def catalogue_copy(*, source: SchoolYear, target: SchoolYear, by=None) -> list[Mission]:
    """Copy `source`'s missions (and their fractions of a part) missing from `target`'s catalogue.

    Missions already in `target` (same code) are left as they are, so a second copy adds nothing.
    `by` None is for the data loaders (migrations, demo, tests); people must be academy admins.
    """
    if by is not None and not is_academy_admin(by):
        raise PacteError("Seul l’administrateur académique tient le catalogue des missions.")
    if source.pk == target.pk:
        raise PacteError("Choisissez deux années différentes.")
    present = set(Mission.objects.for_year(target).values_list("code", flat=True))
    copies = {}
    for mission in Mission.objects.for_year(source).order_by("position", "code"):
        if mission.code in present:
            continue
        copies[mission.pk] = Mission(
            school_year=target, **{name: getattr(mission, name) for name in COPIED_FIELDS}
        )
    if not copies:
        return []
    created = Mission.objects.bulk_create(list(copies.values()))
    PartFraction.objects.bulk_create(
        [
            PartFraction(
                school_year=target,
                mission=copies[row.mission_id],
                fraction=row.fraction,
                hours=row.hours,
            )
            for row in PartFraction.objects.filter(school_year=source, mission_id__in=copies)
        ]
    )
    return created
