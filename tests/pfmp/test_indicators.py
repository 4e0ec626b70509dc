"""Placement rates, counted by the hourly refresh into summary rows (pilotage): per period
and per school, now and N days before each period, at the boundaries: another school,
another school year, a period whose day N days before is still to come, a year frozen once
its pupils may have been deleted."""

import datetime

import pytest
from django.utils import timezone

from pfmp.indicators import rate_text
from pfmp.models import PlacementStatusChange
from pfmp.services import placement_assign, placement_set_status
from pilotage.models import PeriodPlacementFigures, SchoolPlacementFigures
from pilotage.placement_figures import placement_figures_refresh, year_is_frozen
from pilotage.services import indicators_refresh
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory

from .factories import PeriodFactory, PupilFactory, SchoolClassFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 20)


def _agree(pupil, period, on=None):
    placement = placement_assign(pupil=pupil, period=period, company=CompanyFactory())
    placement = placement_set_status(placement=placement, status="accord")
    if on:
        PlacementStatusChange.objects.filter(placement=placement).update(
            changed_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
        )
    return placement


@pytest.fixture
def alpha():
    school = SchoolFactory(name="Lycée Alpha")
    melec = SchoolClassFactory(school=school, name="1MELEC")
    started = PeriodFactory(school_class=melec, start=datetime.date(2027, 1, 11))
    to_come = PeriodFactory(
        school_class=melec, start=datetime.date(2027, 3, 1), end=datetime.date(2027, 3, 26)
    )
    pupils = PupilFactory.create_batch(4, school_class=melec)
    _agree(pupils[0], started, on=datetime.date(2027, 1, 1))
    _agree(pupils[1], started, on=datetime.date(2027, 1, 8))
    placement_assign(pupil=pupils[2], period=started, company=CompanyFactory())  # a lead
    _agree(pupils[0], to_come)
    return school, started, to_come


def test_rates_per_period_and_school_now_and_n_days_before(alpha):
    school, started, to_come = alpha
    beta = SchoolFactory(name="Lycée Bêta")
    PupilFactory.create_batch(
        2, school_class=PeriodFactory(school_class=SchoolClassFactory(school=beta)).school_class
    )
    next_year = SchoolClassFactory(school=school, name="1MELEC", school_year="2027-2028")
    PupilFactory(
        school_class=PeriodFactory(
            school_class=next_year, start=datetime.date(2028, 1, 10), end=datetime.date(2028, 2, 4)
        ).school_class
    )
    assert placement_figures_refresh(years=[2026], today=TODAY, now=timezone.now()) == 3
    row = PeriodPlacementFigures.objects.get(period=started)
    assert (row.pupils, row.placed, row.placed_7, row.placed_15, row.placed_30) == (4, 2, 1, 0, 0)
    later = PeriodPlacementFigures.objects.get(period=to_come)
    # Not started: placed now counts, N days before is not known yet (not a zero).
    assert (later.pupils, later.placed, later.placed_7, later.placed_30) == (4, 1, None, None)
    figures = SchoolPlacementFigures.objects.get(school=school, year_start=2026)
    assert (figures.periods, figures.pupils, figures.placed) == (2, 8, 3)
    assert (figures.pupils_7, figures.placed_7, figures.pupils_30, figures.placed_30) == (
        4,
        1,
        4,
        0,
    )
    other = SchoolPlacementFigures.objects.get(school=beta)
    assert (other.pupils, other.placed) == (2, 0)
    assert not SchoolPlacementFigures.objects.filter(year_start=2027).exists()  # not asked
    assert rate_text(3, 8) == "38 %" and rate_text(0, 0) == "—"


def test_a_frozen_year_keeps_its_rows_and_older_years_go(alpha):
    school, started, _ = alpha
    placement_figures_refresh(years=[2026], today=TODAY, now=timezone.now())
    past = SchoolPlacementFigures.objects.get(school=school)
    ancient = SchoolPlacementFigures.objects.create(
        school=school,
        year_start=2019,
        **{f: 0 for f in ("periods", "pupils", "placed")},
        **{f"{w}_{d}": 0 for w in ("pupils", "placed") for d in (7, 15, 30)},
        refreshed_at=timezone.now(),
    )
    # 2026-2027 ends on 31/08/2027; its pupils may go after the retention period.
    assert not year_is_frozen(2026, datetime.date(2027, 11, 29))
    assert year_is_frozen(2026, datetime.date(2027, 11, 30))
    started.school_class.pupils.all().delete()
    placement_figures_refresh(years=[2026], today=datetime.date(2027, 12, 1), now=timezone.now())
    kept = SchoolPlacementFigures.objects.get(school=school)
    assert (kept.pk, kept.pupils, kept.placed) == (past.pk, 8, 3)
    assert not SchoolPlacementFigures.objects.filter(pk=ancient.pk).exists()


def test_the_hourly_refresh_writes_the_rates():
    today = timezone.localdate()
    period = PeriodFactory(
        school_class=SchoolClassFactory(
            school_year=f"{today.year - (today.month < 9)}-{today.year - (today.month < 9) + 1}"
        ),
        start=today + datetime.timedelta(days=3),
        end=today + datetime.timedelta(days=20),
    )
    PupilFactory.create_batch(3, school_class=period.school_class)
    indicators_refresh()
    row = PeriodPlacementFigures.objects.get(period=period)
    assert (row.pupils, row.placed, row.placed_7) == (3, 0, 0)
