"""Writes on classes and their periods."""

import datetime

from django.db import transaction
from django.db.models import Q

from ..choices import CycleYear, PeriodKind
from ..models import ParcoursRule, PfmpPeriod, SchoolClass, next_school_year, school_year_bounds
from .errors import PfmpError

# A period copied to the next year keeps its weekday: 52 weeks later.
ONE_YEAR_OF_WEEKS = datetime.timedelta(weeks=52)


@transaction.atomic
def school_class_save(*, row: SchoolClass) -> SchoolClass:
    """A class created or edited by the RBDE (an unsaved instance from its form)."""
    if not row.school_year or len(row.school_year) != 9 or row.school_year[4] != "-":
        raise PfmpError("Écrivez l’année scolaire comme 2026-2027.")
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def school_class_delete(*, row: SchoolClass) -> None:
    if row.pupils.exists():
        raise PfmpError(
            "Cette classe a des élèves : elle ne se supprime pas. Ses élèves sont effacés "
            "d’eux-mêmes après la durée de conservation."
        )
    row.delete()


@transaction.atomic
def classes_copy_forward(*, school, school_year: str) -> list[SchoolClass]:
    """The school's classes of `school_year` and their periods copied to the next school year
    (the same weekdays, 52 weeks later); a class already there is left as it is. Pupils are
    not copied: next year's lists come from the student information system."""
    target = next_school_year(school_year)
    existing = set(
        SchoolClass.objects.filter(school=school, school_year=target).values_list("name", flat=True)
    )
    created = []
    source = SchoolClass.objects.filter(school=school, school_year=school_year)
    for school_class in source.prefetch_related("periods"):
        if school_class.name in existing:
            continue
        copy = SchoolClass.objects.create(
            school=school,
            school_year=target,
            name=school_class.name,
            diploma_id=school_class.diploma_id,
            trade=school_class.trade,
            cycle_year=school_class.cycle_year,
        )
        PfmpPeriod.objects.bulk_create(
            PfmpPeriod(
                school_class=copy,
                kind=period.kind,
                start=period.start + ONE_YEAR_OF_WEEKS,
                end=period.end + ONE_YEAR_OF_WEEKS,
            )
            for period in school_class.periods.all()
        )
        created.append(copy)
    return created


def period_errors(period: PfmpPeriod) -> list[str]:
    """Why the period's dates cannot be (empty when they can)."""
    if period.start is None or period.end is None:
        return ["Donnez le début et la fin de la période."]
    if period.end < period.start:
        return ["La fin de la période précède son début."]
    school_class = period.school_class
    first, last = school_year_bounds(school_class.school_year)
    errors = []
    if period.start < first or period.end > last:
        errors.append(
            f"La période doit tenir dans l’année scolaire {school_class.school_year} "
            f"(du {first:%d/%m/%Y} au {last:%d/%m/%Y})."
        )
    overlapping = PfmpPeriod.objects.filter(
        school_class=school_class, start__lte=period.end, end__gte=period.start
    ).exclude(pk=period.pk)
    if overlapping.exists():
        other = overlapping.first()
        errors.append(
            f"La classe a déjà une période du {other.start:%d/%m/%Y} au {other.end:%d/%m/%Y}."
        )
    if period.kind == PeriodKind.PARCOURS:
        errors += _parcours_errors(period)
    return errors


def _parcours_errors(period: PfmpPeriod) -> list[str]:
    school_class = period.school_class
    if school_class.cycle_year != CycleYear.TERMINALE_BP:
        return ["Le parcours de fin d’année n’existe qu’en terminale bac pro."]
    rule = ParcoursRule.objects.filter(school_year=school_class.school_year).first()
    if rule is None:
        return [
            f"La durée du parcours de fin de terminale {school_class.school_year} n’est pas "
            "encore fixée : l’académie la saisit dans « Règles du parcours de fin de "
            "terminale »."
        ]
    if (period.end - period.start).days + 1 > rule.weeks * 7:
        return [f"Le {rule.name} {rule.school_year} dure au plus {rule.weeks} semaines."]
    return []


@transaction.atomic
def period_save(*, row: PfmpPeriod) -> PfmpPeriod:
    """A period set by the RBDE: its dates within the school year, after its start, not over
    another period of the class, and for the end-of-year parcours the weeks of the year."""
    if errors := period_errors(row):
        raise PfmpError(" ".join(errors))
    if row.pk:
        outside = row.placements.filter(
            Q(start__lt=row.start) | Q(end__gt=row.end), start__isnull=False
        )
        if outside.exists():
            raise PfmpError(
                "Des placements de cette période ont des dates hors des nouvelles dates : "
                "changez-les d’abord."
            )
    row.save()
    return row


@transaction.atomic
def period_delete(*, row: PfmpPeriod) -> None:
    if row.placements.exclude(company__isnull=True).exists():
        raise PfmpError("Des élèves ont un lieu pour cette période : elle ne se supprime pas.")
    row.delete()
