"""Staff screens: sessions, registrations, mentoring pairs and check-ins, events and invitations.

Every list starts from `for_user` (ScopedModelViewSet): a school's staff see their school only."""

from .events import EventViewSet, InvitationFilterSet, InvitationViewSet, event_counts
from .mentoring import CheckInFilterSet, MentoringPairViewSet, MonthlyCheckInViewSet, below_flag
from .registry import (
    AttendanceMenuItem,
    FormationsGroup,
    register_attendance_menu_item,
    register_urls,
    register_viewsets,
    training_todo_lines,
)
from .shared import person_name
from .trainings import (
    RegistrationFilterSet,
    RegistrationViewSet,
    TrainingFilterSet,
    TutorTrainingViewSet,
    feedback,
    places,
)

__all__ = [
    "AttendanceMenuItem",
    "CheckInFilterSet",
    "EventViewSet",
    "FormationsGroup",
    "InvitationFilterSet",
    "InvitationViewSet",
    "MentoringPairViewSet",
    "MonthlyCheckInViewSet",
    "RegistrationFilterSet",
    "RegistrationViewSet",
    "TrainingFilterSet",
    "TutorTrainingViewSet",
    "below_flag",
    "event_counts",
    "feedback",
    "person_name",
    "places",
    "register_attendance_menu_item",
    "register_urls",
    "register_viewsets",
    "training_todo_lines",
]
