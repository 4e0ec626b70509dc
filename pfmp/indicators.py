"""Placement rates: placed pupils / pupils, per period (class) and per school, counted in the
database (no pupil's name: the académie and a direction read counts only). « N jours avant » :
the pupils whose placement had reached « accord » (or beyond) N days before the period began."""

import datetime

from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Subquery,
)
from django.db.models.functions import Coalesce

from .choices import PLACED
from .models import PfmpPeriod, Placement, PlacementStatusChange, Pupil


def _count(pupils):
    """How many of these pupils (one class's), as a subquery."""
    return Coalesce(
        Subquery(
            pupils.order_by().values("school_class").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def periods_with_rates(*, schools, school_year: str, days_before: int | None = None):
    """The periods of `schools` (a queryset of schools) in the school year, each with
    `pupils` and `placed` (now, or `days_before` days before its start)."""
    class_pupils = Pupil.objects.filter(school_class=OuterRef("school_class"))
    periods = PfmpPeriod.objects.filter(
        school_class__school__in=schools, school_class__school_year=school_year
    )
    if days_before is None:
        placed = class_pupils.filter(
            placements__period=OuterRef("pk"), placements__status__in=PLACED
        )
    else:
        periods = periods.annotate(
            cutoff=ExpressionWrapper(
                F("start") - datetime.timedelta(days=days_before), output_field=DateField()
            )
        )
        reached = PlacementStatusChange.objects.filter(
            placement__pupil=OuterRef("pk"),
            placement__period=OuterRef(OuterRef("pk")),
            to_status__in=PLACED,
            changed_at__date__lte=OuterRef(OuterRef("cutoff")),
        )
        placed = class_pupils.filter(Exists(reached))
    return periods.annotate(pupils=_count(class_pupils), placed=_count(placed))


def rates_by_school(*, schools, school_year: str, days_before: int | None = None):
    """[(school name, pupils, placed)] over the school year's periods (a pupil counts once per
    period): two grouped queries, a join each, not a subquery per period."""
    periods = PfmpPeriod.objects.filter(
        school_class__school__in=schools, school_class__school_year=school_year
    )
    pupils = {
        row["school_class__school__name"]: row["n"]
        for row in periods.order_by()
        .values("school_class__school__name")
        .annotate(n=Count("school_class__pupils"))
    }
    placements = Placement.objects.filter(period__in=periods.values("pk"))
    if days_before is None:
        placements = placements.filter(status__in=PLACED)
    else:
        reached = PlacementStatusChange.objects.filter(
            placement=OuterRef("pk"),
            to_status__in=PLACED,
            changed_at__date__lte=OuterRef("cutoff"),
        )
        placements = placements.annotate(
            cutoff=ExpressionWrapper(
                F("period__start") - datetime.timedelta(days=days_before),
                output_field=DateField(),
            )
        ).filter(Exists(reached))
    placed = {
        row["period__school_class__school__name"]: row["n"]
        for row in placements.order_by()
        .values("period__school_class__school__name")
        .annotate(n=Count("pk"))
    }
    return [(name, pupils[name], placed.get(name, 0)) for name in sorted(pupils)]


def rate_text(placed: int, pupils: int) -> str:
    return f"{round(100 * placed / pupils)} %" if pupils else "—"
