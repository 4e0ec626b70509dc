"""Feedback asked of the tutors after a session, and its summary."""

import datetime

from django.db import transaction
from django.utils import timezone

from .. import mails
from ..models import (
    Feedback,
    Registration,
    RegistrationStatus,
    TutorTraining,
)
from .base import FormationError, _lock
from .certificates import _after_session


@transaction.atomic
def training_request_feedback(
    *, training: TutorTraining, now: datetime.datetime | None = None
) -> int:
    """Ask each present tutor for their opinion (once each), by a signed link."""
    now = now or timezone.now()
    training = _lock(training)
    _after_session(training, now)
    pending = list(
        training.registrations.present()
        .filter(feedback_requested_at__isnull=True)
        .select_related("contact", "training__school")
    )
    for registration in pending:
        registration.feedback_requested_at = now
        registration.save(update_fields=["feedback_requested_at"])
        mails.send_feedback_request(registration)
    TutorTraining.objects.filter(pk=training.pk).update(feedback_requested_at=now)
    return len(pending)


@transaction.atomic
def feedback_submit(
    *, registration: Registration, satisfaction: int, comment: str = ""
) -> Feedback:
    """A present tutor's opinion; given again, it replaces the first one."""
    if registration.status != RegistrationStatus.PRESENT:
        raise FormationError("Seuls les tuteurs présents à la session peuvent donner leur avis.")
    if not 1 <= int(satisfaction) <= 5:
        raise FormationError("La satisfaction se note de 1 à 5.", field="satisfaction")
    feedback, _ = Feedback.objects.update_or_create(
        registration=registration,
        defaults={"satisfaction": int(satisfaction), "comment": comment.strip()},
    )
    return feedback


def training_feedback_summary(training: TutorTraining) -> dict:
    """Average satisfaction, number of opinions and the comments of one session."""
    feedbacks = list(
        Feedback.objects.filter(registration__training=training).order_by("-created_at")
    )
    count = len(feedbacks)
    average = round(sum(f.satisfaction for f in feedbacks) / count, 1) if count else None
    return {
        "count": count,
        "average": average,
        "comments": [f.comment for f in feedbacks if f.comment],
    }
