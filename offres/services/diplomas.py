"""Writes of the diplomas a school prepares (how companies and the routing find the school)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from common.rows import dependents_count

from ..models import SchoolDiploma


@transaction.atomic
def school_diploma_save(*, row: SchoolDiploma) -> SchoolDiploma:
    """A diploma added to a school, or changed: named (from the BCN when left empty), once per
    school."""
    if not row.name and row.diploma is not None:
        row.name = str(row.diploma)[:200]
    if not row.name:
        raise ValidationError({"name": "Nommez le diplôme, ou choisissez-le dans le référentiel."})
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def school_diploma_delete(*, row: SchoolDiploma) -> None:
    """A diploma the school no longer prepares is removed, unless something still uses it."""
    if used := dependents_count(row):
        raise ValidationError(
            f"« {row} » sert encore ({used} ligne{'s' if used > 1 else ''} en dépend) : il ne "
            "peut pas être retiré."
        )
    row.delete()
