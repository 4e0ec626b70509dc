"""Certificates of attendance sent after a session."""

import datetime

from django.db import transaction
from django.utils import timezone

from .. import mails
from ..models import (
    RegistrationStatus,
    TutorTraining,
)
from .base import FormationError, _lock


def _after_session(training: TutorTraining, now) -> None:
    if training.ends_at > now:
        raise FormationError("La session n’est pas encore terminée.")


@transaction.atomic
def training_send_certificates(
    *, training: TutorTraining, now: datetime.datetime | None = None
) -> int:
    """Mail an attendance certificate (PDF) to each present tutor who has not had one."""
    now = now or timezone.now()
    training = _lock(training)
    _after_session(training, now)
    pending = list(
        training.registrations.present()
        .filter(certificate_sent_at__isnull=True)
        .select_related("contact__company", "training__school")
    )
    for registration in pending:
        registration.certificate_sent_at = now
        registration.save(update_fields=["certificate_sent_at"])
        mails.send_certificate(registration)
    TutorTraining.objects.filter(pk=training.pk).update(certificates_sent_at=now)
    return len(pending)


# Certificates go out on their own the day after a session, to tutors marked present; a mail
# that failed (certificate_sent_at emptied again) is retried on the following days.
CERTIFICATE_DAYS = 14


def certificates_send_due(*, today: datetime.date | None = None) -> int:
    """Send the certificates still owed for sessions ended before `today` (the last 14 days)."""
    today = today or timezone.localdate()
    due = (
        TutorTraining.objects.filter(
            ends_at__date__lt=today,
            ends_at__date__gte=today - datetime.timedelta(days=CERTIFICATE_DAYS),
            registrations__status=RegistrationStatus.PRESENT,
            registrations__certificate_sent_at__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
    return sum(training_send_certificates(training=training) for training in due)
