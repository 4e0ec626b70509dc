"""Writes of the formations app. Mails leave only once the transaction has committed."""

from .base import (
    TUTOR_CONSENT_PURPOSE,
    FormationError,
    company_for_registration,
    event_check_organisers,
    training_check_leaders,
    tutor_find_or_create,
)
from .certificates import CERTIFICATE_DAYS, certificates_send_due, training_send_certificates
from .events import (
    event_delete,
    event_invite_partners,
    event_save,
    invitation_respond,
    invitation_set_attended,
)
from .feedback import feedback_submit, training_feedback_summary, training_request_feedback
from .immersions import immersions_of_school, teacher_immersion_record
from .mentoring import (
    OFFER_MODES,
    checkin_check_month,
    checkin_record,
    mentoring_pair_create,
    mentoring_pairs_from_offer,
    month_start,
)
from .registrations import (
    registration_cancel,
    registration_mark_attendance,
    training_add_tutor_on_site,
    training_register_tutor,
    training_set_capacity,
)
from .staff import (
    checkin_correct,
    mentoring_pair_update,
    registration_set_diploma,
    training_delete,
    training_save,
)

__all__ = [
    "CERTIFICATE_DAYS",
    "FormationError",
    "OFFER_MODES",
    "TUTOR_CONSENT_PURPOSE",
    "immersions_of_school",
    "teacher_immersion_record",
    "certificates_send_due",
    "checkin_check_month",
    "checkin_correct",
    "checkin_record",
    "company_for_registration",
    "event_check_organisers",
    "event_delete",
    "event_invite_partners",
    "event_save",
    "feedback_submit",
    "invitation_respond",
    "invitation_set_attended",
    "mentoring_pair_create",
    "mentoring_pair_update",
    "mentoring_pairs_from_offer",
    "month_start",
    "registration_cancel",
    "registration_mark_attendance",
    "registration_set_diploma",
    "training_add_tutor_on_site",
    "training_check_leaders",
    "training_delete",
    "training_feedback_summary",
    "training_register_tutor",
    "training_request_feedback",
    "training_save",
    "training_send_certificates",
    "training_set_capacity",
    "tutor_find_or_create",
]
