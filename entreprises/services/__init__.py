"""Writes on companies and contacts: one record per SIRET, merges, RGPD export and erasure."""

from .companies import (
    CompanyError,
    company_by_siret,
    company_find_or_create,
    company_possible_duplicates,
    company_sites,
)
from .contacts import (
    ANONYMOUS_FIRST_NAME,
    ANONYMOUS_LAST_NAME,
    CONTACT_EXPORT_FIELDS,
    INACTIVITY_YEARS,
    ContactError,
    contact_confirm,
    contact_erase,
    contact_export,
    contact_touch,
    contacts_anonymise_inactive,
    contacts_inactive,
    inactivity_cutoff,
)
from .merge import STATUS_RANK, company_merge, company_merge_preview

__all__ = [
    "ANONYMOUS_FIRST_NAME",
    "ANONYMOUS_LAST_NAME",
    "CONTACT_EXPORT_FIELDS",
    "CompanyError",
    "ContactError",
    "INACTIVITY_YEARS",
    "STATUS_RANK",
    "company_by_siret",
    "company_find_or_create",
    "company_merge",
    "company_merge_preview",
    "company_possible_duplicates",
    "company_sites",
    "contact_confirm",
    "contact_erase",
    "contact_export",
    "contact_touch",
    "contacts_anonymise_inactive",
    "contacts_inactive",
    "inactivity_cutoff",
]
