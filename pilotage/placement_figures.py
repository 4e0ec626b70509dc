"""The PFMP placement rates of the indicators, rebuilt by the hourly refresh
(`indicators_refresh`): one row per period and one per school and school year, counted in a
few grouped queries, so that the académie's page sums a row per school instead of counting
every pupil. A school year is frozen once its pupils may have been deleted (end of the year
plus the retention period): its rows are kept as last computed."""

import datetime
from collections import defaultdict

from django.db.models import Count, DateField, ExpressionWrapper, F

from pfmp.choices import PLACED
from pfmp.models import PfmpPeriod, Placement, PlacementStatusChange, Pupil
from pfmp.services import retention_deadline

from .models import PeriodPlacementFigures, SchoolPlacementFigures, school_year_label

DAYS_BEFORE = (7, 15, 30)


def year_is_frozen(year_start: int, today: datetime.date) -> bool:
    """True once the year's pupils may have been deleted (their rows then count no one)."""
    return retention_deadline(datetime.date(year_start + 1, 8, 31)) < today


def _by(rows, key: str) -> dict[int, int]:
    return {row[key]: row["n"] for row in rows}


def _placed_before(labels: list[str], days: int) -> dict[int, int]:
    """Per period, the placements that had reached « accord » (or beyond) `days` days before
    the period's start."""
    cutoff = ExpressionWrapper(
        F("placement__period__start") - datetime.timedelta(days=days), output_field=DateField()
    )
    rows = (
        PlacementStatusChange.objects.filter(
            placement__period__school_class__school_year__in=labels, to_status__in=PLACED
        )
        .annotate(cutoff=cutoff)
        .filter(changed_at__date__lte=F("cutoff"))
        .values("placement__period_id")
        .annotate(n=Count("placement_id", distinct=True))
        .order_by()
    )
    return _by(rows, "placement__period_id")


def placement_figures_refresh(*, years: list[int], today: datetime.date, now) -> int:
    """Rewrite the rows of the years kept that are not frozen, drop those of older years;
    returns the period rows written. Runs inside `indicators_refresh`'s transaction."""
    live = [y for y in years if not year_is_frozen(y, today)]
    PeriodPlacementFigures.objects.exclude(year_start__in=years).delete()
    SchoolPlacementFigures.objects.exclude(year_start__in=years).delete()
    PeriodPlacementFigures.objects.filter(year_start__in=live).delete()
    SchoolPlacementFigures.objects.filter(year_start__in=live).delete()
    labels = [school_year_label(y) for y in live]
    if not labels:
        return 0
    pupils = _by(
        Pupil.objects.filter(school_class__school_year__in=labels)
        .values("school_class_id")
        .annotate(n=Count("pk"))
        .order_by(),
        "school_class_id",
    )
    placed = _by(
        Placement.objects.filter(period__school_class__school_year__in=labels, status__in=PLACED)
        .values("period_id")
        .annotate(n=Count("pk"))
        .order_by(),
        "period_id",
    )
    before = {days: _placed_before(labels, days) for days in DAYS_BEFORE}
    periods = PfmpPeriod.objects.filter(school_class__school_year__in=labels).values_list(
        "pk",
        "school_class_id",
        "school_class__school_id",
        "school_class__school_year",
        "school_class__name",
        "start",
        "end",
    )
    rows, schools = [], defaultdict(lambda: defaultdict(int))
    for pk, class_id, school_id, label, name, start, end in periods.iterator(chunk_size=5000):
        year = int(label[:4])
        row = PeriodPlacementFigures(
            school_id=school_id,
            year_start=year,
            period_id=pk,
            class_name=name,
            start=start,
            end=end,
            pupils=pupils.get(class_id, 0),
            placed=placed.get(pk, 0),
            refreshed_at=now,
        )
        total = schools[(school_id, year)]
        total["periods"] += 1
        total["pupils"] += row.pupils
        total["placed"] += row.placed
        for days in DAYS_BEFORE:
            if start - datetime.timedelta(days=days) <= today:  # that day has come
                setattr(row, f"placed_{days}", before[days].get(pk, 0))
                total[f"pupils_{days}"] += row.pupils
                total[f"placed_{days}"] += before[days].get(pk, 0)
        rows.append(row)
    PeriodPlacementFigures.objects.bulk_create(rows, batch_size=2000)
    SchoolPlacementFigures.objects.bulk_create(
        (
            SchoolPlacementFigures(
                school_id=school_id,
                year_start=year,
                refreshed_at=now,
                **{name: total[name] for name in SCHOOL_COUNTS},
            )
            for (school_id, year), total in schools.items()
        ),
        batch_size=2000,
    )
    return len(rows)


SCHOOL_COUNTS = ["periods", "pupils", "placed"] + [
    f"{what}_{days}" for days in DAYS_BEFORE for what in ("pupils", "placed")
]
