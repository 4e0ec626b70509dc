"""Writes of the Pacte. Every rule is checked here and broken rules raise PacteError (French)."""

from .catalogue import catalogue_copy
from .composition import (
    CompositionSummary,
    PartSpec,
    composition_of,
    composition_summary,
    engagement_set_parts,
    fractions_of,
    spec_hours,
)
from .engagements import (
    counting_end,
    engagement_carry_over,
    engagement_create,
    mission_letter_prepare,
    mission_letter_reopen,
    mission_letter_validate,
    teacher_profile_set,
)
from .interim import interim_report_write
from .redeployments import hours_redeploy, redeployable_hours
from .reference import reference_row_delete, reference_row_save
from .reports import (
    activity_log_add,
    activity_log_delete,
    mission_record,
    report_for,
    report_of,
    report_save_comments,
    report_send_back,
    report_submit,
    report_validate,
    reports_of,
)
from .roles import PacteError, is_direction, sees_pay, user_has_role

__all__ = [
    "CompositionSummary",
    "PacteError",
    "PartSpec",
    "activity_log_add",
    "activity_log_delete",
    "catalogue_copy",
    "composition_of",
    "composition_summary",
    "counting_end",
    "engagement_carry_over",
    "engagement_create",
    "engagement_set_parts",
    "fractions_of",
    "hours_redeploy",
    "interim_report_write",
    "is_direction",
    "mission_letter_prepare",
    "mission_record",
    "mission_letter_reopen",
    "mission_letter_validate",
    "redeployable_hours",
    "reference_row_delete",
    "reference_row_save",
    "report_for",
    "report_of",
    "report_save_comments",
    "report_send_back",
    "reports_of",
    "report_submit",
    "report_validate",
    "sees_pay",
    "spec_hours",
    "teacher_profile_set",
    "user_has_role",
]
