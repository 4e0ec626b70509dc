"""Writes of the offers and requests: submit, edit, withdraw, answer, follow up."""

from .answers import (
    ANSWER_TRANSITIONS,
    FOLLOWUP_ORDER,
    specialisation_set_followup,
    submission_answer,
)
from .contacts import colleague_add, is_opted_out, mail_opt_out, stale_since, submissions_of_company
from .diplomas import school_diploma_delete, school_diploma_save
from .submissions import (
    CONSENT_PURPOSE,
    SubmissionError,
    company_for_submission,
    submission_create,
    submission_set_limits,
    submission_update_details,
    submission_withdraw,
    submitter_find_or_create,
)

__all__ = [
    "school_diploma_delete",
    "school_diploma_save",
    "ANSWER_TRANSITIONS",
    "CONSENT_PURPOSE",
    "FOLLOWUP_ORDER",
    "SubmissionError",
    "colleague_add",
    "company_for_submission",
    "submitter_find_or_create",
    "is_opted_out",
    "mail_opt_out",
    "specialisation_set_followup",
    "stale_since",
    "submission_answer",
    "submission_create",
    "submission_set_limits",
    "submission_update_details",
    "submission_withdraw",
    "submissions_of_company",
]
