"""Companies written from a school's screens: each gets a prospect partnership with the school.

The company and contact records are entreprises' (company_find_or_create, the import's
`import_apply`); what makes them the school's partners is written here, in the same transaction.
"""

from django.db import transaction

from entreprises.imports import import_apply
from entreprises.models import Company
from entreprises.services import CompanyError, company_update
from etablissements.models import School
from etablissements.querysets import is_academy_admin

from ..models import Partnership
from .partnerships import partnership_get_or_create

SHARED_RECORD = (
    "Cette fiche est partagée avec {others} : seule l’administration académique peut la "
    "modifier. Votre lycée modifie son propre partenariat (statut, convention, feuille de "
    "route, journal) ; signalez une erreur de la fiche à l’administration académique."
)
DIRECTORY_CONSENT = (
    "La présence dans l’annuaire public est le choix de l’entreprise : elle le fait depuis son "
    "espace entreprise (ou l’administration académique, à sa demande)."
)


def company_other_schools(*, company: Company, user) -> list[str]:
    """The names of the schools other than the user's that partner with `company`."""
    others = (
        Partnership.objects.filter(company=company)
        .exclude(school__in=School.objects.for_user(user).values("pk"))
        .values_list("school__name", flat=True)
        .distinct()
        .order_by("school__name")
    )
    return list(others[:6])


def company_record_editable(*, company: Company, user) -> bool:
    """Who may change a company record: the academy administrator; a school's staff only while
    no other school partners with the company (attaching a company creates a partnership, not a
    right to rewrite what other schools rely on)."""
    return is_academy_admin(user) or not company_other_schools(company=company, user=user)


@transaction.atomic
def company_record_update(*, company: Company, by) -> Company:
    """A company record changed from the staff screens (an unsaved instance with the form's
    values), by someone allowed to (`company_record_editable`); the directory consent only by
    the academy administrator (it is the company's choice, made in its espace entreprise)."""
    stored = Company.objects.select_for_update().get(pk=company.pk)
    if not company_record_editable(company=stored, user=by):
        others = ", ".join(company_other_schools(company=stored, user=by))
        raise CompanyError(SHARED_RECORD.format(others=others), code="shared_record")
    if company.public_listing != stored.public_listing and not is_academy_admin(by):
        raise CompanyError(DIRECTORY_CONSENT, code="directory_consent")
    return company_update(company=company)


@transaction.atomic
def company_create_for_school(*, company, school=None, by=None):
    """A company created by a school's staff (an unsaved instance): saved, and with `school`
    (when given) a prospect partnership created in the same transaction. The directory consent
    is the company's (its espace entreprise): only the academy administrator sets it here."""
    if not is_academy_admin(by):
        company.public_listing = False
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
