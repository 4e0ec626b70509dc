"""Tutor-training sessions, mentoring pairs and partner events, run by a school's staff."""

from .events import Event, EventKind, Invitation, RsvpStatus
from .immersions import IMMERSION_EVERY_YEARS, ImmersionFormat, TeacherImmersion
from .mentoring import (
    MENTORING_MIN_HOURS_PER_MONTH,
    MENTORING_MIN_MONTHS,
    FramingKind,
    MentoringMode,
    MentoringPair,
    MonthlyCheckIn,
    add_months,
)
from .trainings import (
    ATTENDANCE_STATUSES,
    PLACE_HOLDING,
    Feedback,
    Registration,
    RegistrationStatus,
    Topic,
    TutorTraining,
)

__all__ = [
    "ATTENDANCE_STATUSES",
    "Event",
    "EventKind",
    "Feedback",
    "FramingKind",
    "IMMERSION_EVERY_YEARS",
    "ImmersionFormat",
    "Invitation",
    "MENTORING_MIN_HOURS_PER_MONTH",
    "MENTORING_MIN_MONTHS",
    "MentoringMode",
    "MentoringPair",
    "MonthlyCheckIn",
    "PLACE_HOLDING",
    "Registration",
    "RegistrationStatus",
    "RsvpStatus",
    "TeacherImmersion",
    "Topic",
    "TutorTraining",
    "add_months",
]
