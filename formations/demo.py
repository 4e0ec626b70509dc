"""Demo sessions, mentoring pairs and an event for the demo schools. Idempotent: nothing is
added once the first demo session exists. Everything goes through the services the portal's
screens and forms use (a tutor's company becomes a prospect of the school, the mails wait in
the outbox as they would), so that the demo shows what the portal itself produces."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from entreprises.models import Contact
from etablissements.demo import SCHOOLS
from etablissements.models import School
from etablissements.services import diploma_find_or_create
from partenariats.models import Partnership

from .models import (
    Event,
    EventKind,
    FramingKind,
    MentoringMode,
    Topic,
    TutorTraining,
    add_months,
)
from .services.events import event_invite_partners, invitation_respond
from .services.mentoring import checkin_record, mentoring_pair_create
from .services.registrations import training_register_tutor
from .services.staff import training_save

FIRST_TITLE = "Accueillir et évaluer un stagiaire de bac pro MELEC"


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _soon() -> dict:
    return dict(
        title=FIRST_TITLE,
        starts_at=_at(7, 14),
        ends_at=_at(7, 17),
        place="Salle B12, lycée Roland-Garros, Toulouse",
        capacity=3,
        topics=[Topic.FRAMEWORK, Topic.PFMP, Topic.EVALUATION, Topic.SAFETY],
        description="Pour les tuteurs qui accueillent un élève pour la première fois : le "
        "référentiel, les attendus de la PFMP, l’évaluation, la santé et la sécurité.",
    )


def _remote() -> dict:
    return dict(
        title="Accueillir un élève à besoins particuliers en PFMP",
        starts_at=_at(30, 17),
        ends_at=_at(30, 18),
        remote_url="https://visio.example.org/formation-tuteurs",
        capacity=20,
        topics=[Topic.SPECIAL_NEEDS],
    )


def _past() -> dict:
    return dict(
        title="Évaluer l’élève en fin de PFMP",
        starts_at=_at(-2, 14),
        ends_at=_at(-2, 16),
        place="CDI du lycée Roland-Garros",
        capacity=12,
        topics=[Topic.EVALUATION],
    )


def _btp() -> dict:
    return dict(
        title="Former les tuteurs du BTP",
        starts_at=_at(14, 9),
        ends_at=_at(14, 12),
        place="Atelier gros œuvre, lycée Antoine-Bourdelle, Montauban",
        capacity=15,
        topics=[Topic.PFMP, Topic.SAFETY],
    )


@transaction.atomic
def load() -> dict:

    schools = [School.objects.filter(uai=data["uai"]).first() for data in SCHOOLS[:2]]
    if None in schools or TutorTraining.objects.filter(title=FIRST_TITLE).exists():
        return {}
    teacher = get_user_model().objects.filter(username="enseignant").first()
    leaders = [teacher] if teacher is not None else []
    first, second = schools
    contacts = list(
        Contact.objects.filter(schools=first, anonymised_at__isnull=True)
        .exclude(email="")
        .select_related("company")
        .order_by("pk")
    )
    sessions = {}
    for key, school, labels, with_leaders, fields in [
        ("soon", first, ["bac pro MELEC", "CAP électricien"], True, _soon),
        ("remote", first, ["CAP", "bac pro"], True, _remote),
        ("past", first, ["bac pro commerce", "CAP cuisine"], True, _past),
        ("btp", second, ["CAP maçon", "bac pro TBORGO"], False, _btp),
    ]:
        training = TutorTraining(school=school, **fields())
        training_save(
            training=training,
            leaders=leaders if with_leaders else [],
            diplomas=[diploma_find_or_create(label=label) for label in labels],
        )
        sessions[key] = training
    soon, past = sessions["soon"], sessions["past"]
    # The tutors register as on the public form: their company becomes a prospect of the
    # school, the fourth one of the session of three places waits; the past session's tutors
    # registered a week before it, and their attendance is still to be recorded.
    for training, group, diploma, now in [
        (soon, contacts[:4], "bac pro MELEC", None),
        (past, contacts[4:6], "CAP cuisine", past.starts_at - datetime.timedelta(days=7)),
    ]:
        for contact in group:
            training_register_tutor(
                training=training,
                first_name=contact.first_name,
                last_name=contact.last_name,
                email=contact.email,
                siret=contact.company.siret,
                company_name=contact.company.name,
                student_diploma=diploma,
                now=now,
            )

    if contacts:
        start = add_months(timezone.localdate().replace(day=1), -3)
        pair = mentoring_pair_create(
            school=first,
            mentor=contacts[0],
            student_first_name="Inès",
            student_class="1re MELEC",
            framing_kind=FramingKind.ASSOCIATION,
            framing_name="Association Article 1",
            mode=MentoringMode.MIXED,
            start_date=start,
            planned_end=add_months(start, 8),
            teacher=teacher,
        )
        for months, hours in ((0, "3"), (1, "1.5")):
            checkin_record(
                pair=pair,
                month=add_months(start, months),
                hours=Decimal(hours),
                note="Visite de l’entreprise et point sur le stage.",
                by=teacher,
            )

    event = Event.objects.create(
        school=first,
        kind=EventKind.DATING,
        title="Stage dating des premières",
        starts_at=_at(20, 10),
        place="Gymnase du lycée Roland-Garros",
        description="Les élèves de première rencontrent les entreprises qui accueillent en PFMP.",
    )
    # Invited as the staff would, by partnership; the first one has already said yes.
    invited = Partnership.objects.filter(company__contacts__in=contacts[:3]).distinct()
    event_invite_partners(event=event, partnerships=invited)
    answer = event.invitations.order_by("pk").first()
    if answer is not None:
        invitation_respond(invitation=answer, coming=True)
    return {"trainings": 4, "event": event}
