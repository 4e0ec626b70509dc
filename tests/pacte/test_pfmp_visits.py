"""The PFMP visits and calls of a referent teacher count in the bilan of a mission that covers
them (issue 28): only the teacher's own entries, in the mission's school year and school.

"Today" is 23 November 2026 (school year 2026-2027)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.models import Engagement
from pacte.services import PartSpec, mission_record
from partenariats.services import interaction_log
from pfmp.services import placement_assign, placement_log_visit
from tests.entreprises.factories import CompanyFactory
from tests.pacte.factories import (
    LIEN,
    TUTORAT,
    SchoolFactory,
    engagement,
    mission,
    rbde,
    teacher,
)
from tests.partenariats.factories import PartnershipFactory
from tests.pfmp.factories import PeriodFactory, PupilFactory, SchoolClassFactory, placement_offer

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
SPECIALISATION = "lp-faf-specialisation"


@pytest.fixture
def visits(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    school, elsewhere = SchoolFactory(name="LP A"), SchoolFactory(name="LP B")
    alice = teacher(school, first_name="Alice", last_name="Aubert")
    bob = teacher(school, first_name="Bob", last_name="Bernard")
    eng = engagement(
        school,
        user=alice,
        specs=[
            PartSpec(mission=mission(LIEN), place="Lycée et entreprises"),
            PartSpec(mission=mission(SPECIALISATION), place="Lycée"),
            PartSpec(mission=mission(TUTORAT), place="Lycée"),
        ],
    )
    # The real path: Alice is the referent of a pupil placed in PFMP and notes her visit.
    period = PeriodFactory(
        school_class=SchoolClassFactory(school=school, name="1MELEC"),
        start=datetime.date(2026, 10, 1),
        end=datetime.date(2026, 10, 23),
    )
    offer = placement_offer(school, CompanyFactory(name="Garage Martin"))
    placement = placement_assign(
        pupil=PupilFactory(school_class=period.school_class),
        period=period,
        company=offer.company,
        referent_teacher=alice,
    )
    placement_log_visit(
        placement=placement, teacher=alice, kind="visite", occurred_on=datetime.date(2026, 10, 5)
    )
    here = PartnershipFactory(school=school, company__name="Boulangerie Dupin")
    there = PartnershipFactory(school=elsewhere, company__name="Menuiserie Roux")
    entries = [
        (here, alice, "appel", datetime.date(2026, 9, 1), True),  # first day of the year
        (here, alice, "visite", datetime.date(2026, 8, 31), True),  # the year before
        (there, alice, "visite", datetime.date(2026, 10, 10), True),  # another school
        (here, bob, "visite", datetime.date(2026, 10, 10), True),  # another teacher
        (here, alice, "visite", datetime.date(2026, 10, 12), False),  # not a PFMP visit
        (here, alice, "visite", datetime.date(2026, 12, 1), True),  # not yet
        (here, rbde(school), "pfmp", datetime.date(2026, 10, 2), False),  # the RBDE's journal
    ]
    for partnership, author, kind, day, pfmp in entries:
        interaction_log(
            partnership=partnership, kind=kind, occurred_on=day, author=author, pfmp_followup=pfmp
        )
    return school, alice, Engagement.objects.with_related().get(pk=eng.pk)


def test_only_the_teachers_own_visits_of_the_year_and_school_count(visits):
    _, _, eng = visits
    record = mission_record(eng, mission(LIEN))
    assert record["counts"]["visites_pfmp"] == 2
    assert record["counts"]["interactions"] == 3  # the plain visit is an interaction, not PFMP
    assert [(v["date"], v["kind"]) for v in record["pfmp_visits"]] == [
        ("05/10/2026", "visite"),
        ("01/09/2026", "appel"),
    ]


def test_a_mission_covering_pfmp_follow_up_counts_the_visits_and_nothing_else(visits):
    _, _, eng = visits
    assert mission(SPECIALISATION).counted_metrics == ["visites_pfmp"]  # migration 0011
    record = mission_record(eng, mission(SPECIALISATION))
    assert record["metrics"] == ["visites_pfmp"]
    assert record["counts"] == {"visites_pfmp": 2}
    assert [v["company"] for v in record["pfmp_visits"]] == ["Garage Martin", "Boulangerie Dupin"]
    for other in ("partnerships", "interactions", "trainings", "logs"):
        assert other not in record
    # A mission that does not cover them counts nothing.
    assert mission_record(eng, mission(TUTORAT))["metrics"] == []


def test_the_bilan_page_shows_the_visits(visits, client):
    _, alice, eng = visits
    client.force_login(alice)
    url = reverse("pacte_admin:report", args=[eng.pk, mission(SPECIALISATION).pk])
    page = client.get(url).content.decode()
    assert "visites et appels de suivi de PFMP (professeur référent)</th><td>2</td>" in page
    assert "05/10/2026 — visite — Garage Martin" in page
    assert "Menuiserie Roux" not in page
