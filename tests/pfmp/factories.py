import datetime

import factory

from offres.models import SubmissionKind, SubmissionSchool
from pfmp.models import PfmpPeriod, Placement, Pupil, SchoolClass
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.etablissements.factories import SchoolFactory
from tests.offres.factories import SubmissionFactory, good_details


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    school_year = "2026-2027"
    name = factory.Sequence(lambda n: f"1MELEC{n}")
    trade = "MELEC"
    cycle_year = "1re_bp"


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PfmpPeriod

    school_class = factory.SubFactory(SchoolClassFactory)
    start = datetime.date(2027, 1, 11)
    end = datetime.date(2027, 2, 5)


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school_class = factory.SubFactory(SchoolClassFactory)
    first_name = "Léa"
    last_name = factory.Sequence(lambda n: f"Martin{n}")


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    pupil = factory.SubFactory(PupilFactory)
    period = factory.SubFactory(
        PeriodFactory, school_class=factory.SelfAttribute("..pupil.school_class")
    )


def tutor_of(company, **kwargs):
    """A tutor of `company` who gave their consent."""
    return ContactFactory(
        company=company,
        consent_given_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC),
        **kwargs,
    )


def placement_offer(school, company=None, *, places=2, accepted=True, **details):
    """An offer of PFMP places from `company` to `school` (accepted by the school)."""
    company = company or CompanyFactory()
    offer = SubmissionFactory(
        kind=SubmissionKind.PLACEMENT,
        company=company,
        details=good_details(SubmissionKind.PLACEMENT, places=places, **details),
        schools=[school],
        status="acceptee" if accepted else "soumise",
    )
    if accepted:
        SubmissionSchool.objects.filter(submission=offer).update(status="acceptee")
    return offer
