"""Demo sessions, mentoring pairs and an event for the demo schools. Idempotent: nothing is
added once the first demo session exists. No mail leaves: rows are written directly."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import (
    Event,
    EventKind,
    FramingKind,
    Invitation,
    MentoringMode,
    MentoringPair,
    MonthlyCheckIn,
    Registration,
    RegistrationStatus,
    RsvpStatus,
    Topic,
    TutorTraining,
    add_months,
)

FIRST_TITLE = "Accueillir et évaluer un stagiaire de bac pro MELEC"


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@transaction.atomic
def load() -> dict:
    from entreprises.models import Contact
    from etablissements.demo import SCHOOLS
    from etablissements.models import School
    from etablissements.services import diploma_find_or_create

    schools = [School.objects.filter(uai=data["uai"]).first() for data in SCHOOLS[:2]]
    if None in schools or TutorTraining.objects.filter(title=FIRST_TITLE).exists():
        return {}
    teacher = get_user_model().objects.filter(username="enseignant").first()
    first, second = schools
    contacts = list(
        Contact.objects.filter(schools=first, anonymised_at__isnull=True)
        .exclude(email="")
        .select_related("company")
        .order_by("pk")
    )
    soon = TutorTraining.objects.create(
        school=first,
        title=FIRST_TITLE,
        starts_at=_at(7, 14),
        ends_at=_at(7, 17),
        place="Salle B12, lycée Roland-Garros, Toulouse",
        capacity=3,
        topics=[Topic.FRAMEWORK, Topic.PFMP, Topic.EVALUATION, Topic.SAFETY],
        description="Pour les tuteurs qui accueillent un élève pour la première fois : le "
        "référentiel, les attendus de la PFMP, l’évaluation, la santé et la sécurité.",
    )
    remote = TutorTraining.objects.create(
        school=first,
        title="Accueillir un élève à besoins particuliers en PFMP",
        starts_at=_at(30, 17),
        ends_at=_at(30, 18),
        remote_url="https://visio.example.org/formation-tuteurs",
        capacity=20,
        topics=[Topic.SPECIAL_NEEDS],
    )
    past = TutorTraining.objects.create(
        school=first,
        title="Évaluer l’élève en fin de PFMP",
        starts_at=_at(-2, 14),
        ends_at=_at(-2, 16),
        place="CDI du lycée Roland-Garros",
        capacity=12,
        topics=[Topic.EVALUATION],
    )
    btp = TutorTraining.objects.create(
        school=second,
        title="Former les tuteurs du BTP",
        starts_at=_at(14, 9),
        ends_at=_at(14, 12),
        place="Atelier gros œuvre, lycée Antoine-Bourdelle, Montauban",
        capacity=15,
        topics=[Topic.PFMP, Topic.SAFETY],
    )
    for training, labels in [
        (soon, ["bac pro MELEC", "CAP électricien"]),
        (remote, ["CAP", "bac pro"]),
        (past, ["bac pro commerce", "CAP cuisine"]),
        (btp, ["CAP maçon", "bac pro TBORGO"]),
    ]:
        training.diplomas.set([diploma_find_or_create(label=label) for label in labels])
    if teacher is not None:
        for training in (soon, remote, past):
            training.leaders.add(teacher)
    for index, contact in enumerate(contacts[:4]):
        waiting = index >= soon.capacity
        Registration.objects.create(
            training=soon,
            contact=contact,
            student_diploma="bac pro MELEC",
            status=RegistrationStatus.WAITING if waiting else RegistrationStatus.REGISTERED,
            waiting_position=1 if waiting else None,
        )
    for contact in contacts[4:6]:
        Registration.objects.create(
            training=past,
            contact=contact,
            student_diploma="CAP cuisine",
        )

    if contacts:
        start = add_months(timezone.localdate().replace(day=1), -3)
        pair = MentoringPair.objects.create(
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
            MonthlyCheckIn.objects.create(
                pair=pair,
                month=add_months(start, months),
                hours=Decimal(hours),
                note="Visite de l’entreprise et point sur le stage.",
                entered_by=teacher,
            )

    event = Event.objects.create(
        school=first,
        kind=EventKind.DATING,
        title="Stage dating des premières",
        starts_at=_at(20, 10),
        place="Gymnase du lycée Roland-Garros",
        description="Les élèves de première rencontrent les entreprises qui accueillent en PFMP.",
    )
    for index, contact in enumerate(contacts[:3]):
        Invitation.objects.create(
            event=event,
            company=contact.company,
            contact=contact,
            email=contact.email.lower(),
            rsvp=RsvpStatus.YES if index == 0 else RsvpStatus.PENDING,
            sent_at=timezone.now(),
        )
    return {"trainings": 4, "event": event}
