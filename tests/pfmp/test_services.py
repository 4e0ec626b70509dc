"""The rules of classes, periods and placements, seen from what the data becomes."""

import datetime

import pytest

from partenariats.models import Interaction, Partnership
from pfmp.models import PfmpPeriod, Placement, SchoolClass
from pfmp.services import (
    PfmpError,
    classes_copy_forward,
    period_save,
    placement_assign,
    placement_set_status,
    pupil_delete,
)
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.etablissements.factories import SchoolFactory, UserFactory

from .factories import (
    PeriodFactory,
    PupilFactory,
    SchoolClassFactory,
    placement_offer,
    tutor_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    return PeriodFactory(school_class=SchoolClassFactory(name="1MELEC"))


def test_a_class_and_its_periods_are_copied_to_the_next_year_once():
    school_class = SchoolClassFactory(name="TMELEC", cycle_year="tle_bp")
    PeriodFactory(school_class=school_class, start=datetime.date(2027, 1, 11))
    created = classes_copy_forward(school=school_class.school, school_year="2026-2027")
    assert [(c.name, c.school_year) for c in created] == [("TMELEC", "2027-2028")]
    copied = PfmpPeriod.objects.get(school_class=created[0])
    assert copied.start == datetime.date(2028, 1, 10)  # a Monday again
    assert copied.start.weekday() == 0
    assert classes_copy_forward(school=school_class.school, school_year="2026-2027") == []
    assert SchoolClass.objects.filter(name="TMELEC").count() == 2


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (datetime.date(2027, 2, 5), datetime.date(2027, 1, 11), "précède son début"),
        (datetime.date(2027, 8, 20), datetime.date(2027, 9, 10), "tenir dans l’année scolaire"),
        (datetime.date(2027, 1, 25), datetime.date(2027, 2, 12), "déjà une période"),
    ],
)
def test_a_period_with_wrong_dates_is_refused(period, start, end, message):
    other = PfmpPeriod(school_class=period.school_class, start=start, end=end)
    with pytest.raises(PfmpError, match=message):
        period_save(row=other)
    assert PfmpPeriod.objects.count() == 1


def test_the_end_of_year_parcours_lasts_the_weeks_of_its_year():
    terminale = SchoolClassFactory(cycle_year="tle_bp", school_year="2025-2026")
    too_long = PfmpPeriod(
        school_class=terminale,
        kind="parcours",
        start=datetime.date(2026, 5, 4),
        end=datetime.date(2026, 6, 12),  # 6 weeks; 4 from 2025-2026
    )
    with pytest.raises(PfmpError, match="parcours personnalisé 2025-2026 dure au plus 4"):
        period_save(row=too_long)
    too_long.end = datetime.date(2026, 5, 29)
    assert period_save(row=too_long).pk
    first_year = SchoolClassFactory(cycle_year="1re_bp")
    with pytest.raises(PfmpError, match="qu’en terminale"):
        period_save(row=PfmpPeriod(school_class=first_year, kind="parcours", **_dates()))


def _dates():
    return {"start": datetime.date(2027, 5, 3), "end": datetime.date(2027, 5, 28)}


def test_assigning_proposes_the_company_takes_a_place_and_writes_the_journal(period):
    rbde = UserFactory()
    pupil = PupilFactory(school_class=period.school_class)
    offer = placement_offer(period.school_class.school, places=1)
    tutor = tutor_of(offer.company)
    placement = placement_assign(
        pupil=pupil, period=period, company=offer.company, tutor=tutor, by=rbde
    )
    assert (placement.status, placement.offer, placement.tutor) == ("piste", offer, tutor)
    assert placement.first_time_tutor
    history = placement.history.get()
    assert (history.from_status, history.to_status, history.changed_by) == (
        "a_trouver",
        "piste",
        rbde,
    )
    partnership = Partnership.objects.get(company=offer.company)
    entry = Interaction.objects.get(partnership=partnership)
    assert entry.kind == "pfmp" and entry.author == rbde
    assert "PFMP 1MELEC du 11/01/2027 au 05/02/2027" in entry.note
    assert pupil.last_name not in entry.note  # no pupil's name in the journal


def test_no_place_left_dates_outside_and_a_tutor_without_consent_are_refused(period):
    school = period.school_class.school
    offer = placement_offer(school, places=1)
    first, second = PupilFactory.create_batch(2, school_class=period.school_class)
    placement_assign(pupil=first, period=period, company=offer.company)
    with pytest.raises(
        PfmpError, match="plus de place pour cette période : sa place est déjà donnée"
    ):
        placement_assign(pupil=second, period=period, company=offer.company)
    with pytest.raises(PfmpError, match="doivent tenir dans la période"):
        placement_assign(
            pupil=second,
            period=period,
            company=CompanyFactory(),
            end=period.end + datetime.timedelta(days=3),
        )
    no_consent = ContactFactory(company=offer.company)
    other = placement_offer(school, places=3)
    with pytest.raises(PfmpError, match="n’a pas donné son accord"):
        placement_assign(
            pupil=second,
            period=period,
            company=other.company,
            tutor=ContactFactory(company=other.company),
        )
    with pytest.raises(PfmpError, match="n’est pas une personne de"):
        placement_assign(pupil=second, period=period, company=other.company, tutor=no_consent)
    assert not Placement.objects.filter(pupil=second).exclude(status="a_trouver").exists()


def test_a_place_freed_by_an_abandon_can_be_given_again(period):
    offer = placement_offer(period.school_class.school, places=1)
    first, second = PupilFactory.create_batch(2, school_class=period.school_class)
    placement = placement_assign(pupil=first, period=period, company=offer.company)
    with pytest.raises(PfmpError, match="motif"):
        placement_set_status(placement=placement, status="abandon")
    placement_set_status(placement=placement, status="abandon", reason="Déménagement")
    assert placement_assign(pupil=second, period=period, company=offer.company).offer == offer


def test_the_lifecycle_is_kept_and_days_done_are_asked_at_the_end(period):
    placement = placement_assign(
        pupil=PupilFactory(school_class=period.school_class),
        period=period,
        company=CompanyFactory(),
    )
    with pytest.raises(PfmpError, match="ne passe pas directement à « terminée »"):
        placement_set_status(placement=placement, status="terminee")
    for status in ("accord", "convention", "en_cours"):
        placement = placement_set_status(placement=placement, status=status)
    with pytest.raises(PfmpError, match="entre 0 et 20"):
        placement_set_status(placement=placement, status="terminee", days_done=25)
    placement = placement_set_status(placement=placement, status="terminee", days_done=19)
    assert placement.days_done == 19
    assert [h.to_status for h in placement.history.order_by("pk")] == [
        "piste",
        "accord",
        "convention",
        "en_cours",
        "terminee",
    ]


def test_a_placed_pupil_is_not_deleted(period):
    pupil = PupilFactory(school_class=period.school_class)
    placement = placement_assign(pupil=pupil, period=period, company=CompanyFactory())
    placement_set_status(placement=placement, status="accord")
    with pytest.raises(PfmpError, match="a un lieu de PFMP"):
        pupil_delete(row=pupil)
    assert Placement.objects.filter(pupil=pupil).exists()


def test_an_offer_from_another_school_or_not_accepted_gives_no_place(period):
    other_school_offer = placement_offer(SchoolFactory(), places=5)
    not_accepted = placement_offer(period.school_class.school, places=5, accepted=False)
    pupil = PupilFactory(school_class=period.school_class)
    for offer in (other_school_offer, not_accepted):
        placement = placement_assign(pupil=pupil, period=period, company=offer.company)
        assert placement.offer is None  # a place found outside the offers
        placement_set_status(placement=placement, status="a_trouver")
