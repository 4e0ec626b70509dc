"""Mentoring pairs and their monthly check-ins."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from entreprises import services as entreprises_services
from entreprises.models import Contact
from etablissements.selectors import is_teacher_of
from offres.mentoring import mentoring_terms
from offres.models import SubmissionKind, SubmissionStatus

from ..models import (
    FramingKind,
    MentoringMode,
    MentoringPair,
    MonthlyCheckIn,
    add_months,
)
from .base import FormationError

# Mentoring ----------------------------------------------------------------------------------


@transaction.atomic
def mentoring_pair_create(*, by=None, **fields) -> MentoringPair:
    """A new mentoring pair; the rules (6 months at least) are checked before saving."""
    pair = MentoringPair(**fields)
    teacher = fields.get("teacher")
    if teacher is not None and not is_teacher_of(teacher, pair.school_id):
        raise FormationError(
            "L’enseignant qui suit le binôme doit être enseignant de l’établissement.",
            field="teacher",
        )
    try:
        pair.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise FormationError(messages[0], field=field) from error
    pair.save()
    pair.mentor.schools.add(pair.school)
    return pair


# An offer's words (offres.kinds) → the pair's modes.
OFFER_MODES = {"distanciel": "distance", "presentiel": "site", "mixte": "mixte"}


@transaction.atomic
def mentoring_pairs_from_offer(
    *,
    answer,
    students: list[tuple[str, str]],
    start_date: datetime.date,
    mentor: Contact | None = None,
    teacher=None,
    by=None,
) -> list[MentoringPair]:
    """Pairs from a mentoring offer the school accepted: one per (first name, class) given.

    `answer` is the school's offres.SubmissionSchool; the offer is only read. The framing, mode
    and duration come from the offer; the mentor is the offer's contact unless another is given.
    """

    offer = answer.submission
    if offer.kind != SubmissionKind.MENTORING:
        raise FormationError("Cette proposition n’est pas une offre de mentorat.")
    if answer.status != SubmissionStatus.ACCEPTED:
        raise FormationError("Seule une offre de mentorat acceptée par le lycée forme des binômes.")
    if not students:
        raise FormationError("Indiquez au moins un élève (prénom et classe).", field="students")
    mentor = mentor or offer.contact
    if mentor.company_id != offer.company_id:
        raise FormationError("Le mentor doit travailler dans l’entreprise qui propose.")
    terms = mentoring_terms(offer.details)
    pairs = []
    for first_name, class_name in students:
        pairs.append(
            mentoring_pair_create(
                by=by,
                school=answer.school,
                mentor=mentor,
                offer=offer,
                student_first_name=first_name.strip(),
                student_class=class_name.strip(),
                framing_kind=FramingKind.PTECH if terms.ptech else FramingKind.ASSOCIATION,
                framing_name=terms.structure[:200],
                mode=OFFER_MODES.get(terms.mode, MentoringMode.MIXED),
                start_date=start_date,
                planned_end=add_months(start_date, terms.months),
                teacher=teacher,
            )
        )
    return pairs


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def checkin_check_month(
    *, pair: MentoringPair, month: datetime.date, today: datetime.date | None = None
) -> None:
    """A check-in is for a month already begun, once the mentoring has started."""
    today = today or timezone.localdate()
    if month_start(month) > month_start(today):
        raise FormationError("Ce mois n’a pas encore commencé.", field="month")
    if month_start(month) < month_start(pair.start_date):
        raise FormationError("Le mentorat n’avait pas encore commencé ce mois-là.", field="month")


@transaction.atomic
def checkin_record(
    *,
    pair: MentoringPair,
    month: datetime.date,
    hours: Decimal,
    note: str = "",
    by=None,
    today: datetime.date | None = None,
) -> MonthlyCheckIn:
    """The hours of one month (entered again, they replace the first figure)."""
    month = month_start(month)
    hours = Decimal(hours)
    if hours < 0:
        raise FormationError("Le nombre d’heures ne peut pas être négatif.", field="hours")
    checkin_check_month(pair=pair, month=month, today=today)
    checkin, _ = MonthlyCheckIn.objects.update_or_create(
        pair=pair, month=month, defaults={"hours": hours, "note": note.strip(), "entered_by": by}
    )
    entreprises_services.contact_touch(pair.mentor_id)
    return checkin
