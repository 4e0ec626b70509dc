"""Tutors' registrations to a training session: register, cancel, waiting list, attendance."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from partenariats.services import partnership_get_or_create

from .. import mails
from ..models import (
    ATTENDANCE_STATUSES,
    Registration,
    RegistrationStatus,
    TutorTraining,
)
from .base import (
    TUTOR_PARTNERSHIP_COMMENT,
    FormationError,
    _lock,
    company_for_registration,
    tutor_find_or_create,
)


@transaction.atomic
def training_register_tutor(
    *,
    training: TutorTraining,
    first_name: str,
    last_name: str,
    email: str,
    siret: str,
    company_name: str = "",
    student_diploma: str = "",
    consent: bool = True,
    on_site: bool = False,
    by=None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Register a tutor: a place if one is left, else the waiting list; added on site: present."""
    now = now or timezone.now()
    training = _lock(training)
    if not on_site and training.starts_at <= now:
        raise FormationError("Cette session a déjà commencé : les inscriptions sont closes.")
    if not on_site and not consent:
        raise FormationError(
            "Pour vous inscrire, acceptez que le lycée garde vos coordonnées.", field="consent"
        )
    company = company_for_registration(siret=siret, name=company_name)
    # The school now knows this company: it is in its list, a prospect unless already more.
    partnership_get_or_create(
        school=training.school, company=company, by=by, comment=TUTOR_PARTNERSHIP_COMMENT
    )
    contact = tutor_find_or_create(
        company=company,
        school=training.school,
        first_name=first_name,
        last_name=last_name,
        email=email,
        consent=consent,
    )
    existing = training.registrations.exclude(status=RegistrationStatus.CANCELLED).filter(
        contact=contact
    )
    if existing.exists():
        raise FormationError(f"{contact} a déjà une inscription à cette session.", field="email")
    registration = Registration(
        training=training, contact=contact, student_diploma=student_diploma.strip()
    )
    if on_site:
        registration.status = RegistrationStatus.PRESENT
        registration.added_on_site = True
        registration.attendance_marked_at = now
        registration.attendance_marked_by = by
    elif training.registrations.holding_place().count() < training.capacity:
        registration.status = RegistrationStatus.REGISTERED
    else:
        registration.status = RegistrationStatus.WAITING
        last = training.registrations.waiting().aggregate(last=Max("waiting_position"))["last"]
        registration.waiting_position = (last or 0) + 1
    registration.save()
    if on_site:
        _attendance_recorded(training, now)
    elif registration.status == RegistrationStatus.REGISTERED:
        mails.send_registration_mail(
            registration,
            template="inscription",
            subject=f"Inscription confirmée : {training.title}",
        )
    else:
        mails.send_registration_mail(
            registration,
            template="liste_attente",
            subject=f"Liste d’attente : {training.title}",
        )
    return registration


def _promote_waiting(training: TutorTraining, now: datetime.datetime) -> list[Registration]:
    """Give the free places to the first waiting tutors (training row already locked)."""
    free = training.capacity - training.registrations.holding_place().count()
    promoted = []
    if free <= 0:
        return promoted
    for registration in training.registrations.waiting().select_related("contact")[:free]:
        registration.status = RegistrationStatus.REGISTERED
        registration.waiting_position = None
        registration.promoted_at = now
        registration.save(update_fields=["status", "waiting_position", "promoted_at"])
        promoted.append(registration)
        mails.send_registration_mail(
            registration,
            template="place_obtenue",
            subject=f"Une place s’est libérée : {training.title}",
            sequence=1,
        )
    return promoted


@transaction.atomic
def registration_cancel(
    *, registration: Registration, now: datetime.datetime | None = None
) -> list[Registration]:
    """Cancel a registration; the first waiting tutors get the freed place and a mail.

    Returns the promoted registrations. Cancelling twice changes nothing.
    """
    now = now or timezone.now()
    training = _lock(registration.training)
    registration = Registration.objects.select_related("contact").get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    if training.ends_at <= now:
        raise FormationError("La session est passée : l’inscription ne peut plus être annulée.")
    registration.training = training
    registration.status = RegistrationStatus.CANCELLED
    registration.waiting_position = None
    registration.cancelled_at = now
    registration.save(update_fields=["status", "waiting_position", "cancelled_at"])
    mails.send_registration_mail(
        registration,
        template="annulation",
        subject=f"Inscription annulée : {training.title}",
        method="CANCEL",
        sequence=2,
    )
    return _promote_waiting(training, now)


@transaction.atomic
def training_set_capacity(*, training: TutorTraining, capacity: int) -> list[Registration]:
    """Change the number of places; new places go to the waiting list first."""
    if capacity < 1:
        raise FormationError("Une session compte au moins une place.", field="capacity")
    training = _lock(training)
    training.capacity = capacity
    training.save(update_fields=["capacity"])
    return _promote_waiting(training, timezone.now())


def _attendance_recorded(training: TutorTraining, now) -> None:
    if training.attendance_recorded_at is None:
        TutorTraining.objects.filter(pk=training.pk).update(attendance_recorded_at=now)
        training.attendance_recorded_at = now


@transaction.atomic
def registration_mark_attendance(
    *, registration: Registration, status: str, by=None, now: datetime.datetime | None = None
) -> Registration:
    """Présent, absent or excusé for one tutor holding a place."""
    now = now or timezone.now()
    if status not in ATTENDANCE_STATUSES:
        raise FormationError("Choisissez présent, absent ou excusé.")
    registration = (
        Registration.objects.select_for_update().select_related("training").get(pk=registration.pk)
    )
    if not registration.holds_place:
        raise FormationError(
            "Ce tuteur n’a pas de place à cette session : ajoutez-le sur place s’il est venu."
        )
    registration.status = status
    registration.attendance_marked_at = now
    registration.attendance_marked_by = by
    registration.save(update_fields=["status", "attendance_marked_at", "attendance_marked_by"])
    _attendance_recorded(registration.training, now)
    return registration


@transaction.atomic
def training_add_tutor_on_site(*, training: TutorTraining, by=None, **tutor) -> Registration:
    """A tutor who came without registering: added present, beyond the capacity if needed."""
    return training_register_tutor(training=training, on_site=True, by=by, consent=False, **tutor)
