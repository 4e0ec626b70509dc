"""Companies written from a school's screens: each gets a prospect partnership with the school.

The company and contact records are entreprises' (company_find_or_create, the import's
`import_apply`); what makes them the school's partners is written here, in the same transaction.
"""

from django.db import transaction

from entreprises.imports import import_apply

from .partnerships import partnership_get_or_create


@transaction.atomic
def company_create_for_school(*, company, school=None, by=None):
    """A company created by a school's staff (an unsaved instance): saved, and with `school`
    (when given) a prospect partnership created in the same transaction."""
    company.save()
    if school is not None:
        partnership_get_or_create(school=school, company=company, by=by)
    return company


@transaction.atomic
def companies_import(*, rows: list[dict], school, by=None) -> dict:
    """A school's spreadsheet imported (entreprises.imports.import_apply: its companies and
    contacts), and a prospect partnership of `school` with each company, in one transaction.
    Returns import_apply's counts."""
    counts = import_apply(rows=rows, school=school, by=by)
    for company in counts.pop("companies"):
        partnership_get_or_create(school=school, company=company, by=by)
    return counts
