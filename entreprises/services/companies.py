"""Companies found by SIRET or created, their possible duplicates and sites."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import (
    Company,
)
from ..validators import normalize_siret, validate_siret

logger = logging.getLogger(__name__)


class CompanyError(ValidationError):
    """A rule of companies was broken; the message is for the user, in French."""


# ---------------------------------------------------------------------------- companies


def company_by_siret(siret: str) -> Company | None:
    """The record in use for a SIRET, portal-wide (a merged record leads to the kept one)."""
    company = Company.objects.filter(siret=normalize_siret(siret)).first()
    seen = set()
    while company is not None and company.merged_into_id and company.pk not in seen:
        seen.add(company.pk)
        company = company.merged_into
    return company


@transaction.atomic
def company_update(*, company: Company) -> Company:
    """A company record changed by staff (an unsaved instance holding the form's values): its
    SIRET stays one record portal-wide (a SIRET already used by another record is refused)."""
    siret = normalize_siret(company.siret)
    if Company.objects.filter(siret=siret).exclude(pk=company.pk).exists():
        raise CompanyError(
            f"Le SIRET {siret} est déjà celui d’une autre fiche : fusionnez les deux fiches "
            "plutôt que de les rendre identiques.",
            code="siret_taken",
        )
    company.siret = siret
    company.save()
    return company


@transaction.atomic
def company_find_or_create(*, siret: str, defaults: dict | None = None) -> tuple[Company, bool]:
    """The company of this SIRET, or a new one built from `defaults` (validated) if none exists."""
    try:
        validate_siret(siret)
    except ValidationError as exc:
        raise CompanyError(exc.messages[0], code=exc.code, params=exc.params) from exc
    existing = company_by_siret(siret)
    if existing is not None:
        return existing, False
    company = Company(siret=normalize_siret(siret), **(defaults or {}))
    if not (company.name or "").strip():
        raise CompanyError("La raison sociale manque.", code="name_missing")
    company.name = company.name.strip()
    company.full_clean(validate_unique=False)
    company.save()
    return company, True


def company_possible_duplicates(name: str, postcode: str, *, exclude: Company | None = None):
    """Probably the same company: same name (case, accents aside) at the same postcode."""
    queryset = Company.objects.named_like(name, postcode)
    if exclude is not None and exclude.pk:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset


def company_sites(company: Company):
    """The other establishments (SIRETs) of the same legal unit (SIREN)."""
    return Company.objects.sites_of(company.siren).exclude(pk=company.pk)


@transaction.atomic
def company_set_public_listing(*, company: Company, listed: bool, by: str) -> Company:
    """The company's own choice to appear, or not, in the public directory of partners (`by`
    says who chose, in French: the person confirmed in the company, from its espace)."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.public_listing != listed:
        company.public_listing = listed
        company.save(update_fields=["public_listing", "updated_at"])
        logger.info("Annuaire public : %s %s par %s", company.pk, listed, by)
    return company
