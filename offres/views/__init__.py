"""Public pages: the eight forms, the espace entreprise, the open specialisation requests."""

from .espace import (
    espace,
    espace_colleague,
    espace_directory,
    espace_edit,
    espace_limits,
    espace_link_request,
    espace_resend,
    espace_unsubscribe,
    espace_withdraw,
)
from .limits import MAX_BODY_BYTES, RATE_PER_EMAIL, RATE_PER_IP
from .specialisations import specialisation_join, specialisation_list
from .submission import (
    PAGE_SIZE,
    SCHOOL_RESULTS_MAX,
    SEARCH_BUTTON,
    submission_submit,
    submission_thanks,
)

__all__ = [
    "MAX_BODY_BYTES",
    "PAGE_SIZE",
    "RATE_PER_EMAIL",
    "RATE_PER_IP",
    "SCHOOL_RESULTS_MAX",
    "SEARCH_BUTTON",
    "espace",
    "espace_colleague",
    "espace_directory",
    "espace_edit",
    "espace_limits",
    "espace_link_request",
    "espace_resend",
    "espace_unsubscribe",
    "espace_withdraw",
    "specialisation_join",
    "specialisation_list",
    "submission_submit",
    "submission_thanks",
]
