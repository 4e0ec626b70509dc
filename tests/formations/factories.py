import datetime

import factory
from django.utils import timezone

from etablissements.services import diploma_find_or_create
from formations.models import (
    Event,
    Invitation,
    MentoringPair,
    MonthlyCheckIn,
    Registration,
    TutorTraining,
)
from tests.entreprises.factories import CompanyFactory, ContactFactory, valid_siret
from tests.etablissements.factories import SchoolFactory


def in_days(days: int, hour: int = 14) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class TutorTrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TutorTraining
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Accueillir un stagiaire de bac pro n°{n}")
    starts_at = factory.LazyFunction(lambda: in_days(10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    place = "Salle B12, 3 rue du Lycée, Toulouse"
    capacity = 10
    topics = factory.LazyFunction(lambda: ["attendus_pfmp", "evaluation"])

    class Params:
        past = factory.Trait(starts_at=factory.LazyFunction(lambda: in_days(-2)))
        remote = factory.Trait(place="", remote_url="https://visio.example.org/formation")

    @factory.post_generation
    def leaders(self, create, extracted, **kwargs):
        if create and extracted:
            self.leaders.set(extracted)

    @factory.post_generation
    def diplomas(self, create, extracted, **kwargs):
        """Diplomas of the referential, or labels separated by commas (found or created)."""
        if not create:
            return
        if extracted is None:
            extracted = "bac pro MELEC, CAP électricien"
        if isinstance(extracted, str):
            extracted = [
                diploma_find_or_create(label=label)
                for label in extracted.split(",")
                if label.strip()
            ]
        self.diplomas.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    training = factory.SubFactory(TutorTrainingFactory)
    contact = factory.SubFactory(ContactFactory)
    student_diploma = "bac pro MELEC"
    status = "inscrit"

    class Params:
        present = factory.Trait(status="present")


class MentoringPairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringPair

    school = factory.SubFactory(SchoolFactory)
    mentor = factory.SubFactory(ContactFactory, role="mentor")
    student_first_name = "Inès"
    student_class = "1re MELEC"
    framing_kind = "association"
    framing_name = "Article 1"
    mode = "mixte"
    start_date = factory.LazyFunction(
        lambda: (timezone.localdate() - datetime.timedelta(days=70)).replace(day=1)
    )
    planned_end = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=200))


class MonthlyCheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyCheckIn

    pair = factory.SubFactory(MentoringPairFactory)
    month = factory.LazyAttribute(lambda o: o.pair.start_date)
    hours = 3


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    school = factory.SubFactory(SchoolFactory)
    kind = "job_dating"
    title = factory.Sequence(lambda n: f"Stage dating n°{n}")
    starts_at = factory.LazyFunction(lambda: in_days(20, hour=10))
    place = "Gymnase du lycée"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)
    company = factory.SubFactory(CompanyFactory)
    contact = factory.SubFactory(ContactFactory, company=factory.SelfAttribute("..company"))
    email = factory.LazyAttribute(lambda o: o.contact.email)


__all__ = ["valid_siret", "CompanyFactory"]
