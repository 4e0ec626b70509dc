"""Writes of the Pacte's reference rows (school years and their rules, the mission catalogue,
the fractions of a part), kept by the academy administrator."""

from django.db import transaction

from common.rows import dependents_count

from .roles import PacteError


@transaction.atomic
def reference_row_save(*, row):
    """A school year, a mission or a fraction added or changed: checked as a whole first."""
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def reference_row_delete(*, row) -> None:
    """A reference row nothing uses yet is deleted; one that Pactes, letters or bilans use stays
    (a mission is made inactive instead)."""
    if used := dependents_count(row):
        raise PacteError(
            f"« {row} » sert déjà ({used} ligne{'s' if used > 1 else ''} en dépend) : elle ne "
            "peut pas être supprimée. Une mission se rend inactive ; une année se corrige."
        )
    row.delete()
