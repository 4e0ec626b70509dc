"""The staff's edits of a session, a registration, a mentoring pair or a monthly check-in.

Each admin screen of formations writes through one of these functions (or a creation service of
this package): the rules and side effects are those of the service, not the form's.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from entreprises import services as entreprises_services
from etablissements.selectors import is_teacher_of

from ..models import MentoringPair, MonthlyCheckIn, Registration, TutorTraining
from .base import FormationError, _lock, training_check_leaders
from .mentoring import checkin_check_month
from .registrations import _promote_waiting


@transaction.atomic
def training_delete(*, row: TutorTraining) -> None:
    """A session nobody registered for is deleted. One with registrations is not: its tutors
    are told of a cancellation one by one (their registration, « annulée », mails them and
    frees the place), and a session held stays as the teacher's Pacte counts it."""
    training = _lock(row)
    if training.registrations.exists():
        raise FormationError(
            "Des tuteurs se sont inscrits à cette session : elle ne peut pas être supprimée. "
            "Annulez leurs inscriptions (chacun en est prévenu par courriel) ; une session "
            "passée reste, car elle compte dans le Pacte de l’enseignant qui l’a animée."
        )
    training.delete()


@transaction.atomic
def training_save(
    *, training: TutorTraining, leaders=None, diplomas=None, now: datetime.datetime | None = None
) -> list[Registration]:
    """A session created or edited by its staff (an unsaved instance, its leaders and diplomas):
    saved under the session's lock with its new capacity, and the places it gains go to the
    waiting list first (those promoted are told). Returns the promoted registrations."""
    if training.capacity is None or training.capacity < 1:
        raise FormationError("Une session compte au moins une place.", field="capacity")
    if leaders is not None:
        training_check_leaders(training=training, leaders=leaders)
    if training.pk:
        _lock(training)  # places are counted under the lock, once the new capacity is saved
    training.save()
    if leaders is not None:
        training.leaders.set(leaders)
    if diplomas is not None:
        training.diplomas.set(diplomas)
    return _promote_waiting(training, now or timezone.now())


@transaction.atomic
def registration_set_diploma(
    *, registration: Registration, student_diploma: str, by=None
) -> Registration:
    """The diploma of the student the tutor takes, corrected by the staff: written as the public
    form writes it (trimmed), and alone, so that a place given or a cancellation meanwhile (under
    the session's lock) is not undone by the values this screen read."""
    registration.student_diploma = (student_diploma or "").strip()
    registration.save(update_fields=["student_diploma"])
    return registration


def _full_clean(instance) -> None:
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise FormationError(messages[0], field=field) from error


@transaction.atomic
def mentoring_pair_update(*, pair: MentoringPair, by=None) -> MentoringPair:
    """A mentoring pair edited by its staff (an unsaved instance), with the creation's rules: the
    teacher who follows it teaches at its school, it lasts 6 months at least."""
    if pair.teacher_id is not None and not is_teacher_of(pair.teacher, pair.school_id):
        raise FormationError(
            "L’enseignant qui suit le binôme doit être enseignant de l’établissement.",
            field="teacher",
        )
    _full_clean(pair)
    pair.save()
    pair.mentor.schools.add(pair.school)
    return pair


@transaction.atomic
def checkin_correct(
    *, checkin: MonthlyCheckIn, by=None, today: datetime.date | None = None
) -> MonthlyCheckIn:
    """A monthly check-in corrected by the staff (an unsaved instance): the month's rules of
    `checkin_record`, the staff member as its author, and the mentor's RGPD clock restarts."""
    if checkin.hours is None or checkin.hours < 0:
        raise FormationError("Le nombre d’heures ne peut pas être négatif.", field="hours")
    checkin.month = checkin.month.replace(day=1)
    checkin_check_month(pair=checkin.pair, month=checkin.month, today=today)
    taken = MonthlyCheckIn.objects.filter(pair=checkin.pair_id, month=checkin.month)
    if taken.exclude(pk=checkin.pk).exists():
        raise FormationError("Ce mois a déjà son point mensuel : corrigez celui-là.", field="month")
    checkin.note = checkin.note.strip()
    checkin.entered_by = by
    checkin.save()
    entreprises_services.contact_touch(checkin.pair.mentor_id)
    return checkin
