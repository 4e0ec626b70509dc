"""Staff screens for contacts, on Wagtail's generic views (thin: rules live in services and
querysets). The company screens show and write the schools' partnerships: they are in
partenariats.admin_views (same URLs, `entreprises_admin:…`)."""

from ..import_steps import IMPORT_SESSION_KEY
from .contacts import (
    ContactConfirmView,
    ContactCreateView,
    ContactEditView,
    ContactEraseView,
    ContactIndexView,
    ContactInspectView,
    contact_export_view,
)
from .scope import COMPANY_NS, CONTACT_NS, company_in_scope, contact_in_scope, user_rbde_school

__all__ = [
    "COMPANY_NS",
    "CONTACT_NS",
    "ContactConfirmView",
    "ContactCreateView",
    "ContactEditView",
    "ContactEraseView",
    "ContactIndexView",
    "ContactInspectView",
    "IMPORT_SESSION_KEY",
    "company_in_scope",
    "contact_export_view",
    "contact_in_scope",
    "user_rbde_school",
]
