"""Writes on companies and contacts: one record per SIRET, RGPD export and erasure. (Merging
two records moves partnerships: partenariats.services.company_merge.)"""

from .companies import (
    CompanyError,
    company_by_siret,
    company_find_or_create,
    company_possible_duplicates,
    company_set_public_listing,
    company_sites,
    company_update,
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
    contact_find_or_create,
    contact_save,
    contact_touch,
    contacts_anonymise_inactive,
    contacts_inactive,
    inactivity_cutoff,
)

__all__ = [
    "ANONYMOUS_FIRST_NAME",
    "ANONYMOUS_LAST_NAME",
    "CONTACT_EXPORT_FIELDS",
    "CompanyError",
    "ContactError",
    "INACTIVITY_YEARS",
    "company_by_siret",
    "company_find_or_create",
    "company_possible_duplicates",
    "company_set_public_listing",
    "company_sites",
    "company_update",
    "contact_confirm",
    "contact_erase",
    "contact_export",
    "contact_find_or_create",
    "contact_save",
    "contact_touch",
    "contacts_anonymise_inactive",
    "contacts_inactive",
    "inactivity_cutoff",
]
