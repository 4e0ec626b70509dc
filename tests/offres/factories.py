import datetime

import factory
from django.utils import timezone

from offres.models import Submission, SubmissionKind, SubmissionSchool
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.etablissements.factories import SchoolFactory

GOOD_DETAILS = {
    SubmissionKind.SPECIALISATION: {
        "course_type": "cs_mc",
        "course_other": "",
        "trade": "maintenance des éoliennes",
        "needs": "Techniciens habilités en hauteur.",
        "target_jobs": "Technicien de maintenance",
        "hires": 3,
        "learner_status": "apprenti",
        "other_companies": "",
    },
    SubmissionKind.RECRUITMENT: {
        "jobs": "Électricien",
        "level": "bac_pro",
        "positions_per_year": 4,
        "difficulty": "Peu de candidats.",
        "suggestion": "",
    },
    SubmissionKind.DISCOVERY: {
        "actions": ["visite", "forum"],
        "trades": "Métiers du bâtiment",
        "group_size": 15,
        "availability": "",
    },
    SubmissionKind.PLACEMENT: {
        "placement": "pfmp",
        "diploma": "Bac pro MELEC",
        "places": 2,
        "period1_start": "2027-01-11",
        "period1_end": "2027-02-05",
        "period2_start": None,
        "period2_end": None,
        "stage_dating": True,
    },
    SubmissionKind.MENTORING: {
        "mentors": 3,
        "hours_per_month": "2",
        "duration_months": 6,
        "structure": "Association Article 1",
        "fields_of_action": ["orientation", "confiance"],
        "mode": "mixte",
        "ptech": [],
    },
    SubmissionKind.CMQ: {
        "campus": "Campus aéronautique",
        "involvement": ["besoins"],
        "message": "",
    },
    SubmissionKind.ASSOCIATE_TEACHER: {
        "discipline": "Maintenance des véhicules",
        "experience_years": 5,
        "hours_per_year": 162,
        "availability": "",
    },
    SubmissionKind.TEACHER_TRAINING: {
        "formats": ["visite", "webinaire"],
        "topic": "Les véhicules électriques",
        "seats": 10,
        "dates": "",
    },
    SubmissionKind.EMPLOYEE_TRAINERS: {
        "trade": "Soudure",
        "employees": 2,
        "hours_per_week": 3,
        "classes": "",
        "availability": "",
    },
}


def good_details(kind, **overrides):
    return {**GOOD_DETAILS[kind], **overrides}


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission
        skip_postgeneration_save = True

    kind = SubmissionKind.MENTORING
    company = factory.SubFactory(CompanyFactory)
    contact = factory.SubFactory(ContactFactory, company=factory.SelfAttribute("..company"))
    details = factory.LazyAttribute(lambda o: dict(GOOD_DETAILS[o.kind]))
    followup_status = factory.LazyAttribute(
        lambda o: "recue" if o.kind == SubmissionKind.SPECIALISATION else ""
    )

    @factory.post_generation
    def schools(self, create, extracted, **kwargs):
        if not create:
            return
        for school in extracted or [SchoolFactory()]:
            SubmissionSchool.objects.create(submission=self, school=school)


def age(submission, days):
    """Pretend `submission` was made `days` ago: calendar days in local time (wall-clock
    arithmetic on the local datetime), so that a DST change in between never makes it 39."""
    when = timezone.localtime(submission.created_at) - datetime.timedelta(days=days)
    Submission.objects.filter(pk=submission.pk).update(created_at=when)
    submission.created_at = when
    return submission
