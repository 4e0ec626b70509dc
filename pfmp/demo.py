"""Demo PFMP placements at the first demo school: two classes, their coming periods, invented
pupils, an offer of places accepted, some placements, and a period just ended whose tutor gave
an appraisal. Idempotent: nothing is added twice."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from entreprises.models import Company, ConsentMethod
from entreprises.services import contact_find_or_create
from etablissements.models import Membership
from etablissements.roles import Role
from offres.models import SubmissionKind, SubmissionSchool, SubmissionStatus
from offres.services import submission_answer, submission_create

from .models import PfmpPeriod, Pupil, SchoolClass, school_year_of
from .services import (
    appraisal_submit,
    appraisals_request,
    placement_assign,
    placement_set_status,
)

# Invented names: no real pupil is in the demo.
PUPILS = [
    ("Léa", "Arnaud"),
    ("Hugo", "Barbier"),
    ("Inès", "Carpentier"),
    ("Noé", "Delorme"),
    ("Jade", "Esnault"),
    ("Yanis", "Fabre"),
    ("Chloé", "Gimenez"),
    ("Lucas", "Hoarau"),
    ("Manon", "Ibanez"),
    ("Rayan", "Jolivet"),
    ("Zoé", "Kerbrat"),
    ("Adam", "Lemaire"),
]
MELEC_OFFER = {
    "placement": "pfmp",
    "diploma": "Bac pro MELEC",
    "places": 3,
    "period1_start": None,
    "period1_end": None,
    "period2_start": None,
    "period2_end": None,
    "stage_dating": False,
}


def load() -> dict:
    rbde = get_user_model().objects.filter(username="rbde").first()
    membership = Membership.objects.filter(user=rbde, role=Role.RBDE).first() if rbde else None
    if membership is None:
        return {}
    school = membership.school
    today = timezone.localdate()
    year = school_year_of(today)
    if SchoolClass.objects.filter(school=school, school_year=year).exists():
        return {}
    melec = SchoolClass.objects.create(
        school=school,
        school_year=year,
        name="1MELEC",
        trade="MELEC, électricité",
        cycle_year="1re_bp",
    )
    cuisine = SchoolClass.objects.create(
        school=school, school_year=year, name="2CUIS", trade="cuisine", cycle_year="cap2"
    )
    start = today + datetime.timedelta(days=15)
    periods = [
        PfmpPeriod.objects.create(
            school_class=school_class, start=begin, end=begin + datetime.timedelta(days=25)
        )
        for school_class, begin in (
            (melec, start),
            (cuisine, start + datetime.timedelta(days=21)),
        )
    ]
    pupils = [
        Pupil.objects.create(school_class=melec, first_name=first, last_name=last)
        for first, last in PUPILS
    ] + [
        Pupil.objects.create(school_class=cuisine, first_name=first, last_name=last)
        for first, last in PUPILS[:6]
    ]
    companies = list(Company.objects.filter(partnerships__school=school).order_by("pk")[:2])
    if not companies:
        return {"classes": [melec, cuisine]}
    company = companies[0]
    offer = submission_create(
        kind=SubmissionKind.PLACEMENT,
        siret=company.siret,
        company_name=company.name,
        postcode=company.postcode,
        town=company.town,
        email="stages@entreprise-demo.example",
        first_name="Camille",
        last_name="Démo",
        schools=[school],
        details={
            **MELEC_OFFER,
            "period1_start": periods[0].start.isoformat(),
            "period1_end": periods[0].end.isoformat(),
        },
    )
    submission_answer(
        addressee=SubmissionSchool.objects.get(submission=offer, school=school),
        status=SubmissionStatus.ACCEPTED,
        by=rbde,
    )
    tutor, _ = contact_find_or_create(
        company=company,
        email="tuteur.demo@entreprise-demo.example",
        first_name="Marc",
        last_name="Tuteur",
        role="tuteur",
        consent_method=ConsentMethod.WRITTEN,
        consent_purpose="être le tuteur des élèves en PFMP",
        consent_by=rbde,
        schools=[school],
    )
    teacher = get_user_model().objects.filter(username="enseignant").first()
    first = placement_assign(
        pupil=pupils[0],
        period=periods[0],
        company=company,
        tutor=tutor,
        referent_teacher=teacher,
        by=rbde,
    )
    placement_set_status(placement=first, status="accord", by=rbde)
    placement_assign(
        pupil=pupils[1], period=periods[0], company=company, referent_teacher=teacher, by=rbde
    )
    _appraised(melec, pupils[2], company, tutor, teacher, rbde, today)
    return {"classes": [melec, cuisine], "periods": periods, "offer": offer}


def _appraised(melec, pupil, company, tutor, teacher, rbde, today) -> None:
    """A period ended three days ago: the pupil went, the tutor was asked and answered."""
    end = today - datetime.timedelta(days=3)
    past = PfmpPeriod.objects.create(
        school_class=melec, start=end - datetime.timedelta(days=18), end=end
    )
    placement = placement_assign(
        pupil=pupil, period=past, company=company, tutor=tutor, referent_teacher=teacher, by=rbde
    )
    for status in ("accord", "convention", "en_cours"):
        placement = placement_set_status(placement=placement, status=status, by=rbde)
    appraisals_request(today=today)
    appraisal = placement.appraisal
    appraisal_submit(
        appraisal=appraisal,
        days_done=min(13, past.working_days),
        attendance="reguliere",
        progress="bien",
        host_again="oui",
        comment="Élève sérieux ; prévenir l’entreprise des dates un peu plus tôt.",
    )
