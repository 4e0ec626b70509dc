"""The days done per pupil and period (XLSX, one row per pupil and period) for the school's
allowance file, with the allowance each pupil can expect from the year's rate table (data:
APlyPro's public rates, to check against the decree of 11 August 2023)."""

from collections import defaultdict
from decimal import Decimal

from common.spreadsheets import workbook

from .choices import PlacementStatus
from .models import AllowanceRate, PfmpPeriod, Placement, Pupil
from .querysets import PUPIL_ROLES

HEADER = [
    "Classe",
    "Nom",
    "Prénom",
    "Année du cycle",
    "Type de période",
    "Début",
    "Fin",
    "Statut",
    "Entreprise",
    "Jours ouvrés de la période",
    "Jours effectués",
    "Taux par jour (€)",
    "Plafond annuel (€)",
    "Allocation due (€)",
    "Allocation attendue si la période est faite (€)",
    "Taux",
]


def _capped(amount: Decimal, cap: Decimal, already: Decimal) -> Decimal:
    return max(min(amount, cap - already), Decimal(0))


def days_done_rows(user, school_year: str):
    # The schools where the user reads every pupil (RBDE, direction): then the classes' own
    # pupils and placements, without the referent teacher's OR EXISTS over the whole table.
    periods = list(
        PfmpPeriod.objects.for_user(user, roles=PUPIL_ROLES)
        .filter(school_class__school_year=school_year)
        .select_related("school_class")
        .order_by("school_class__name", "start")
    )
    class_ids = {p.school_class_id for p in periods}
    # Those classes are all of schools where the user reads every pupil (the periods were read
    # with PUPIL_ROLES): their pupils need no scope of their own, whose join (and the model's
    # ordering of placements by period and pupil) hashed every class and period of the country.
    pupils = defaultdict(list)
    for pupil in Pupil.objects.filter(school_class__in=class_ids).order_by(
        "last_name", "first_name", "pk"
    ):
        pupils[pupil.school_class_id].append(pupil)
    placements = {
        (p.pupil_id, p.period_id): p
        for p in Placement.objects.filter(period__in=[p.pk for p in periods])
        .select_related("company")
        .order_by()
    }
    rates = {r.cycle_year: r for r in AllowanceRate.objects.filter(school_year=school_year)}
    due_so_far: dict[int, Decimal] = defaultdict(Decimal)
    expected_so_far: dict[int, Decimal] = defaultdict(Decimal)
    for period in periods:
        school_class = period.school_class
        rate = rates.get(school_class.cycle_year)
        working_days, cycle = period.working_days, school_class.get_cycle_year_display()
        kind = period.get_kind_display()
        rate_note = (
            ("à vérifier sur le décret" if rate.to_verify else "vérifié")
            if rate
            else f"aucun taux pour {cycle} en {school_year}"
        )
        for pupil in pupils[school_class.pk]:
            placement = placements.get((pupil.pk, period.pk))
            status = placement.get_status_display() if placement else "à trouver"
            days = placement.days_done if placement else None
            due = expected = None
            if rate is not None:
                done = Decimal(days or 0) * rate.per_day
                due = _capped(done, rate.yearly_cap, due_so_far[pupil.pk])
                due_so_far[pupil.pk] += due
                abandoned = placement and placement.status == PlacementStatus.ABANDONED
                planned = days if days is not None else (0 if abandoned else working_days)
                expected = _capped(
                    Decimal(planned) * rate.per_day, rate.yearly_cap, expected_so_far[pupil.pk]
                )
                expected_so_far[pupil.pk] += expected
            yield [
                school_class.name,
                pupil.last_name,
                pupil.first_name,
                cycle,
                kind,
                period.start,
                period.end,
                status,
                placement.company.name if placement and placement.company else "",
                working_days,
                days,
                rate.per_day if rate else None,
                rate.yearly_cap if rate else None,
                due,
                expected,
                rate_note,
            ]


def days_done_workbook(user, school_year: str) -> bytes:
    return workbook([("Jours effectués", HEADER, days_done_rows(user, school_year))])
