"""Public pages (calendar, registration, signed links) and the leading teacher's sheet.

Thin: the rules live in services; a FormationError becomes a form error."""

from .public import (
    FEED_PAST_DAYS,
    LINK_PER_IP,
    LINK_PER_TOKEN,
    PAGE_SIZE,
    REGISTER_PER_EMAIL,
    REGISTER_PER_IP,
    SESSION_KEY,
    calendar,
    school_feed,
    training_detail,
    training_ics,
)
from .staff import (
    attendance_mark,
    attendance_sheet,
    request_feedback,
    send_certificates,
    sign_in_sheet,
    staff_trainings,
)
from .tutor import checkin, feedback, registration_cancel, rsvp

__all__ = [
    "FEED_PAST_DAYS",
    "LINK_PER_IP",
    "LINK_PER_TOKEN",
    "PAGE_SIZE",
    "REGISTER_PER_EMAIL",
    "REGISTER_PER_IP",
    "SESSION_KEY",
    "attendance_mark",
    "attendance_sheet",
    "calendar",
    "checkin",
    "feedback",
    "registration_cancel",
    "request_feedback",
    "rsvp",
    "school_feed",
    "send_certificates",
    "sign_in_sheet",
    "staff_trainings",
    "training_detail",
    "training_ics",
]
