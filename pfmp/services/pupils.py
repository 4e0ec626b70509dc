"""Writes on pupils: typed one by one, imported from a class list, deleted (by hand, or by the
retention task once their last period's school year is over)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from wagtail.models import ModelLogEntry

from entreprises.models import name_key

from ..choices import PLACED, PlacementStatus
from ..imports import CREATED, REJECTED, UNCHANGED, RowResult
from ..models import Pupil, SchoolClass, school_year_bounds
from .errors import PfmpError

# How long a pupil's row outlives the end of the school year of their last period (stated on
# the « Données personnelles » page, home/content.py): the allowance file and its checks.
PUPIL_RETENTION_DAYS = 90


def _key(first_name: str, last_name: str) -> tuple[str, str]:
    return name_key(last_name), name_key(first_name)


def pupils_import_preview(*, rows: list[dict], school, school_year: str) -> list[RowResult]:
    """What each row of a class list would do, and why a row is refused (nothing written):
    a missing name, an unknown class, a pupil twice in the file, in two classes, or already in
    another class of the year."""
    classes = {
        name_key(c.name): c
        for c in SchoolClass.objects.filter(school=school, school_year=school_year)
    }
    known: dict[tuple[str, str], str] = {}
    for first, last, class_name in Pupil.objects.filter(
        school_class__school=school, school_class__school_year=school_year
    ).values_list("first_name", "last_name", "school_class__name"):
        known[_key(first, last)] = class_name
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    results = []
    for row in rows:
        first, last = row.get("first_name", ""), row.get("last_name", "")
        class_name = row.get("class_name", "")
        result = RowResult(row["line"], last, first, class_name, CREATED)
        results.append(result)
        school_class = classes.get(name_key(class_name))
        key = _key(first, last)
        if not first or not last:
            result.action, result.reason = REJECTED, "Il manque le nom ou le prénom."
        elif not class_name:
            result.action, result.reason = REJECTED, "Il manque la classe."
        elif school_class is None:
            result.action = REJECTED
            result.reason = (
                f"Classe inconnue : « {class_name} » n’est pas une classe de {school_year} "
                "du lycée (créez-la d’abord, ou corrigez son nom)."
            )
        elif key in seen:
            line, other_class = seen[key]
            result.action = REJECTED
            result.reason = (
                f"En double dans le fichier (ligne {line})."
                if name_key(other_class) == name_key(class_name)
                else f"Aussi dans la classe {other_class} (ligne {line}) : un élève n’a "
                "qu’une classe."
            )
        elif key in known and name_key(known[key]) != name_key(school_class.name):
            result.action = REJECTED
            result.reason = (
                f"Déjà inscrit en {known[key]} : changez sa classe sur sa fiche, ou "
                "corrigez le fichier."
            )
        elif key in known:
            result.action = UNCHANGED
        if result.action != REJECTED:
            seen[key] = (row["line"], class_name)
            result.class_name = school_class.name
    return results


@transaction.atomic
def pupils_import(*, rows: list[dict], school, school_year: str) -> dict:
    """The rows the preview accepts, all saved in one transaction (a failure saves none);
    those it refuses are counted with their reason. Returns the counts and the rejected
    rows."""
    results = pupils_import_preview(rows=rows, school=school, school_year=school_year)
    classes = {
        c.name: c for c in SchoolClass.objects.filter(school=school, school_year=school_year)
    }
    Pupil.objects.bulk_create(
        Pupil(school_class=classes[r.class_name], first_name=r.first_name, last_name=r.last_name)
        for r in results
        if r.action == CREATED
    )
    return {
        "created": sum(r.action == CREATED for r in results),
        "unchanged": sum(r.action == UNCHANGED for r in results),
        "rejected": [r for r in results if r.action == REJECTED],
    }


@transaction.atomic
def pupil_save(*, row: Pupil) -> Pupil:
    row.first_name, row.last_name = row.first_name.strip(), row.last_name.strip()
    row.full_clean()
    duplicate = Pupil.objects.filter(
        school_class__school_id=row.school_class.school_id,
        school_class__school_year=row.school_class.school_year,
        first_name__iexact=row.first_name,
        last_name__iexact=row.last_name,
    ).exclude(pk=row.pk)
    if duplicate.exists():
        raise PfmpError(
            f"{row.first_name} {row.last_name} est déjà inscrit cette année "
            f"({duplicate.first().school_class.name})."
        )
    row.save()
    return row


@transaction.atomic
def pupil_delete(*, row: Pupil) -> None:
    """A pupil deleted by hand: refused while they hold a place (the company expects them)."""
    pupil = Pupil.objects.select_for_update(of=("self",)).get(pk=row.pk)
    held = pupil.placements.filter(status__in=PLACED).exclude(status=PlacementStatus.DONE)
    if held.exists():
        raise PfmpError(
            f"{pupil} a un lieu de PFMP en cours ou à venir : passez d’abord ce placement à "
            "« abandon » (l’entreprise en est prévenue), puis supprimez l’élève."
        )
    pupil_id = pupil.pk
    pupil.delete()
    _forget_in_logs([pupil_id])


def _forget_in_logs(pupil_ids) -> None:
    """The admin's history of a pupil's row holds their name: it goes with the row."""
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Pupil),
        object_id__in=[str(pk) for pk in pupil_ids],
    ).delete()


def retention_deadline(last_period_end: datetime.date) -> datetime.date:
    """The day after which a pupil whose last period ended then is deleted."""
    label = f"{last_period_end.year - (last_period_end.month < 9)}-"
    label += str(int(label[:4]) + 1)
    return school_year_bounds(label)[1] + datetime.timedelta(days=PUPIL_RETENTION_DAYS)


@transaction.atomic
def pupils_delete_expired(*, today: datetime.date) -> int:
    """Delete (not hide) the pupils of each class whose last period's school year ended more
    than PUPIL_RETENTION_DAYS ago (a class with no period: its school year's). Their
    placements and histories go with them. Returns how many pupils were deleted."""
    deleted = 0
    classes = SchoolClass.objects.filter(pupils__isnull=False).distinct()
    for class_id, last_end, school_year in (
        classes.annotate(last_end=Max("periods__end"))
        .values_list("pk", "last_end", "school_year")
        .iterator()
    ):
        end = last_end or school_year_bounds(school_year)[0]
        if retention_deadline(end) < today:
            pupils = Pupil.objects.filter(school_class_id=class_id)
            ids = list(pupils.values_list("pk", flat=True))
            pupils.delete()
            _forget_in_logs(ids)
            deleted += len(ids)
    return deleted
