"""Writes of pfmp: classes and periods, pupils (typed, imported, deleted), placements."""

from .appraisals import appraisal_can_resend, appraisal_resend, appraisal_submit, appraisals_request
from .classes import (
    classes_copy_forward,
    period_delete,
    period_errors,
    period_save,
    school_class_delete,
    school_class_save,
)
from .company import (
    company_page_url,
    placement_company_answer,
    placement_log_visit,
    placements_mail_companies,
)
from .errors import PfmpError
from .placements import (
    company_offers,
    offer_places,
    offer_places_taken,
    offer_window_for,
    placement_assign,
    placement_set_status,
)
from .pupils import (
    PUPIL_RETENTION_DAYS,
    pupil_delete,
    pupil_save,
    pupils_delete_expired,
    pupils_import,
    pupils_import_preview,
    retention_deadline,
)
from .tutors import tutor_invite_to_training

__all__ = [
    "PUPIL_RETENTION_DAYS",
    "PfmpError",
    "appraisal_can_resend",
    "appraisal_resend",
    "appraisal_submit",
    "appraisals_request",
    "classes_copy_forward",
    "company_page_url",
    "company_offers",
    "offer_places",
    "offer_places_taken",
    "offer_window_for",
    "period_delete",
    "period_errors",
    "period_save",
    "placement_assign",
    "placement_company_answer",
    "placement_log_visit",
    "placement_set_status",
    "placements_mail_companies",
    "pupil_delete",
    "pupil_save",
    "pupils_delete_expired",
    "pupils_import",
    "pupils_import_preview",
    "retention_deadline",
    "school_class_delete",
    "school_class_save",
    "tutor_invite_to_training",
]
