"""Writes of partenariats: partnerships (lifecycle, teacher, journal), the companies created or
imported from a school's screens, and the merge of two company records."""

from .companies import (
    companies_import,
    company_create_for_school,
    company_other_schools,
    company_record_editable,
    company_record_update,
)
from .company_merge import company_merge, company_merge_preview
from .partnerships import (
    ALLOWED_TRANSITIONS,
    PartnershipError,
    interaction_delete,
    interaction_log,
    interaction_update,
    partnership_create,
    partnership_get_or_create,
    partnership_refresh_last_interaction,
    partnership_set_status,
    partnership_set_teacher,
    partnership_transition_error,
    partnership_update,
)
from .roadmap import roadmap_action_delete, roadmap_action_save

__all__ = [
    "ALLOWED_TRANSITIONS",
    "PartnershipError",
    "companies_import",
    "company_create_for_school",
    "company_other_schools",
    "company_record_editable",
    "company_record_update",
    "company_merge",
    "company_merge_preview",
    "interaction_delete",
    "interaction_log",
    "interaction_update",
    "partnership_create",
    "partnership_get_or_create",
    "partnership_refresh_last_interaction",
    "partnership_set_status",
    "partnership_set_teacher",
    "partnership_transition_error",
    "partnership_update",
    "roadmap_action_delete",
    "roadmap_action_save",
]
