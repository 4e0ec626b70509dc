import datetime

import pytest
from django.utils import timezone

from etablissements.models import School
from pfmp.indicators import periods_with_rates, rate_text, rates_by_school
from pfmp.models import PlacementStatusChange
from pfmp.services import placement_assign, placement_set_status
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory

from .factories import PeriodFactory, PupilFactory, SchoolClassFactory

pytestmark = pytest.mark.django_db


def _agree(pupil, period):
    placement = placement_assign(pupil=pupil, period=period, company=CompanyFactory())
    return placement_set_status(placement=placement, status="accord")


def test_placement_rates_per_period_per_school_and_n_days_before():
    alpha = SchoolFactory(name="Lycée Alpha")
    melec = SchoolClassFactory(school=alpha, name="1MELEC")
    period = PeriodFactory(school_class=melec)
    pupils = PupilFactory.create_batch(4, school_class=melec)
    early = _agree(pupils[0], period)
    late = _agree(pupils[1], period)
    placement_assign(pupil=pupils[2], period=period, company=CompanyFactory())  # a lead
    PlacementStatusChange.objects.filter(placement=early).update(
        changed_at=timezone.make_aware(datetime.datetime(2027, 1, 1))
    )
    PlacementStatusChange.objects.filter(placement=late).update(
        changed_at=timezone.make_aware(datetime.datetime(2027, 1, 8))
    )
    beta = SchoolFactory(name="Lycée Bêta")
    PupilFactory.create_batch(
        2, school_class=PeriodFactory(school_class=SchoolClassFactory(school=beta)).school_class
    )
    schools = School.objects.all()
    [row] = periods_with_rates(schools=schools.filter(pk=alpha.pk), school_year="2026-2027")
    assert (row.pupils, row.placed) == (4, 2)
    assert rates_by_school(schools=schools, school_year="2026-2027") == [
        ("Lycée Alpha", 4, 2),
        ("Lycée Bêta", 2, 0),
    ]
    # 7 days before 11/01/2027: only the placement agreed on 1/01/2027.
    assert rates_by_school(schools=schools, school_year="2026-2027", days_before=7)[0] == (
        "Lycée Alpha",
        4,
        1,
    )
    assert rate_text(2, 4) == "50 %" and rate_text(0, 0) == "—"
