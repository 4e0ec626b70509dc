"""Staff screens for companies and contacts, on Wagtail's generic views (thin: rules live in
services and querysets)."""

from ..import_steps import IMPORT_SESSION_KEY
from .companies import (
    CompanyAttachView,
    CompanyCreateView,
    CompanyIndexView,
    CompanyInspectView,
    CompanyMergeView,
)
from .company_import import CompanyImportView, import_template_view
from .contacts import (
    ContactConfirmView,
    ContactCreateView,
    ContactEraseView,
    ContactIndexView,
    ContactInspectView,
    contact_export_view,
)
from .scope import COMPANY_NS, CONTACT_NS, company_in_scope, contact_in_scope, user_rbde_school

__all__ = [
    "COMPANY_NS",
    "CONTACT_NS",
    "CompanyAttachView",
    "CompanyCreateView",
    "CompanyImportView",
    "CompanyIndexView",
    "CompanyInspectView",
    "CompanyMergeView",
    "ContactConfirmView",
    "ContactCreateView",
    "ContactEraseView",
    "ContactIndexView",
    "ContactInspectView",
    "IMPORT_SESSION_KEY",
    "company_in_scope",
    "contact_export_view",
    "contact_in_scope",
    "import_template_view",
    "user_rbde_school",
]
