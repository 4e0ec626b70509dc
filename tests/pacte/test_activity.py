"""The lien école-entreprise forfait counts what teachers do in partenariats, formations, offres."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from formations.services import registration_mark_attendance
from offres.services import submission_answer
from pacte.activity import counts_for, expected_share, lien_record, on_track
from pacte.models import Engagement
from pacte.services import PacteError, activity_log_add, report_submit, report_validate
from partenariats.services import interaction_log
from tests.formations.factories import (
    EventFactory,
    MentoringPairFactory,
    MonthlyCheckInFactory,
    RegistrationFactory,
)
from tests.formations.factories import TutorTrainingFactory as TrainingFactory
from tests.offres.factories import SubmissionFactory
from tests.pacte.factories import SchoolFactory, direction, engagement, lien_of, teacher, year
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


THIS_YEAR = datetime.date(2026, 10, 6)  # in 2026-2027, before "today" (23/11/2026) in tests
LAST_YEAR = datetime.date(2026, 3, 10)  # in 2025-2026


@pytest.fixture
def today(monkeypatch):
    day = datetime.date(2026, 11, 23)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    return day


def training_led_by(user, school, day, present=0, absent=0, hours=3):
    training = TrainingFactory(
        school=school,
        starts_at=at(day),
        ends_at=at(day) + datetime.timedelta(hours=hours),
        leaders=[user],
    )
    for status, n in (("present", present), ("absent", absent)):
        for _ in range(n):
            reg = RegistrationFactory(training=training)
            registration_mark_attendance(registration=reg, status=status, by=user)
    return training


@pytest.fixture
def two_schools():
    """Alice teaches at A and has a Pacte there; Bob at B; both do things in the portal."""
    a, b = SchoolFactory(name="LP A"), SchoolFactory(name="LP B")
    alice = teacher(a, first_name="Alice", last_name="Aubert")
    bob = teacher(b, first_name="Bob", last_name="Bernard")
    eng_a = engagement(a, user=alice)
    eng_b = engagement(b, user=bob)
    return a, b, alice, bob, eng_a, eng_b


def test_actions_in_other_apps_land_in_the_right_teachers_right_year(two_schools, today):
    a, b, alice, bob, eng_a, eng_b = two_schools

    # formations: two sessions led this year (4 and 1 tutors present), one last year, one by
    # Alice for another school's session (she is not its staff: never counted for A).
    training_led_by(alice, a, THIS_YEAR, present=4, absent=1, hours=3)
    training_led_by(alice, a, THIS_YEAR + datetime.timedelta(days=7), present=1, hours=2)
    training_led_by(alice, a, LAST_YEAR, present=6)
    training_led_by(alice, b, THIS_YEAR, present=9)
    training_led_by(bob, b, THIS_YEAR, present=2)

    # partenariats: followed partnerships and interactions she logged
    followed = PartnershipFactory(school=a, teacher=alice, company__name="Garage Martin")
    PartnershipFactory(school=a, teacher=alice, company__name="Boulangerie Roux")
    PartnershipFactory(school=a, teacher=bob)  # Bob is not A's teacher: not Alice's anyway
    PartnershipFactory(school=b, teacher=alice)  # another school's partnership
    interaction_log(partnership=followed, kind="visite", occurred_on=THIS_YEAR, author=alice)
    interaction_log(partnership=followed, kind="appel", occurred_on=LAST_YEAR, author=alice)
    interaction_log(
        partnership=PartnershipFactory(school=b),
        kind="appel",
        occurred_on=THIS_YEAR,
        author=alice,
    )

    # offres: a submission refused by Alice for A; the same submission answered at B by Bob
    submission = SubmissionFactory(schools=[a, b])
    for addressee, who in ((submission.addressees.get(school=a), alice),):
        submission_answer(addressee=addressee, status="refusee", by=who, reason="Complet")
    submission_answer(
        addressee=submission.addressees.get(school=b), status="refusee", by=bob, reason="Non"
    )

    # mentoring pairs she follows
    followed = MentoringPairFactory(school=a, teacher=alice, start_date=datetime.date(2026, 9, 15))
    # Its check-ins for September and October are in; November's (the month under way) is not.
    for month in (9, 10):
        MonthlyCheckInFactory(pair=followed, month=datetime.date(2026, month, 1))
    MentoringPairFactory(
        school=a,
        teacher=alice,
        start_date=datetime.date(2025, 9, 1),
        planned_end=datetime.date(2026, 6, 1),
        ended_on=datetime.date(2026, 6, 1),
    )  # ended before the year began

    # partner events she organised: this year at A counts; last year's and B's do not
    EventFactory(school=a, starts_at=at(THIS_YEAR), title="Forum des métiers").organisers.add(alice)
    EventFactory(school=a, starts_at=at(LAST_YEAR)).organisers.add(alice)
    EventFactory(school=b, starts_at=at(THIS_YEAR)).organisers.add(alice)

    # her own action outside the portal
    activity_log_add(
        engagement=eng_a,
        by=alice,
        occurred_on=THIS_YEAR,
        kind="supports",
        hours="2.5",
        description="Fiche « rôle du tuteur »",
    )

    record = lien_record(Engagement.objects.with_related().get(pk=eng_a.pk))
    assert record.counts == {
        "formations_animees": 2,
        "tuteurs_formes": 5,
        "partenariats_suivis": 2,
        "interactions": 1,
        "visites_pfmp": 0,
        "propositions_traitees": 1,
        "binomes_suivis": 1,
        "mois_mentorat": 2,  # checked in: September, October (not November, under way)
        "evenements_organises": 1,
        "actions_hors_portail": 1,
        "heures": Decimal("7.5"),
    }
    assert [p.company.name for p in record.partnerships] == ["Boulangerie Roux", "Garage Martin"]
    assert [t.present for t in record.trainings] == [4, 1]
    assert record.interactions[0].company == "Garage Martin"
    assert record.answers[0].get_status_display() == "refusée"
    assert [e.title for e in record.events] == ["Forum des métiers"]

    bob_counts = counts_for(school_id=b.pk, school_year=year(), teacher_ids=[bob.pk])[bob.pk]
    assert bob_counts["formations_animees"] == 1 and bob_counts["tuteurs_formes"] == 2
    assert bob_counts["propositions_traitees"] == 1 and bob_counts["actions_hors_portail"] == 0

    # The previous year holds what was done then, at the same school only.
    last = counts_for(school_id=a.pk, school_year=year("2025-2026"), teacher_ids=[alice.pk])
    assert last[alice.pk]["formations_animees"] == 1
    assert last[alice.pk]["tuteurs_formes"] == 6
    assert last[alice.pk]["interactions"] == 1


def test_accepting_a_submission_counts_it_and_its_journal_entry(two_schools, today):
    a, _, alice, _, eng_a, _ = two_schools
    submission = SubmissionFactory(schools=[a])
    submission_answer(addressee=submission.addressees.get(), status="acceptee", by=alice)
    counts = lien_record(Engagement.objects.with_related().get(pk=eng_a.pk)).counts
    assert counts["propositions_traitees"] == 1
    # Accepting opens the partnership and logs the answer in its journal, authored by her.
    assert counts["interactions"] == 1


def test_counting_many_teachers_costs_the_same_queries(django_assert_num_queries, today):
    school, y = SchoolFactory(), year()
    people = [teacher(school) for _ in range(2)]
    for p in people:
        training_led_by(p, school, THIS_YEAR, present=1)
    with django_assert_num_queries(10):  # + the windows, + the mentoring check-ins
        counts_for(school_id=school.pk, school_year=y, teacher_ids=[p.pk for p in people])
    people += [teacher(school) for _ in range(8)]
    for p in people[2:]:
        training_led_by(p, school, THIS_YEAR, present=2)
        PartnershipFactory(school=school, teacher=p)
    with django_assert_num_queries(10):  # + the windows, + the mentoring check-ins
        counts = counts_for(school_id=school.pk, school_year=y, teacher_ids=[p.pk for p in people])
    assert [counts[p.pk]["tuteurs_formes"] for p in people] == [1, 1] + [2] * 8


def test_own_actions_are_checked_and_belong_to_the_teacher(two_schools, today):
    a, _, alice, bob, eng_a, _ = two_schools
    good = {"occurred_on": THIS_YEAR, "kind": "tuteurs", "hours": "1", "description": "Visite"}
    with pytest.raises(PacteError, match="Seul l’enseignant concerné"):
        activity_log_add(engagement=eng_a, by=bob, **good)
    with pytest.raises(PacteError, match="Seul l’enseignant concerné"):
        activity_log_add(engagement=eng_a, by=direction(a), **good)
    with pytest.raises(PacteError, match="dans l’année scolaire 2026-2027"):
        activity_log_add(engagement=eng_a, by=alice, **{**good, "occurred_on": LAST_YEAR})
    with pytest.raises(PacteError, match="futur"):
        activity_log_add(
            engagement=eng_a, by=alice, **{**good, "occurred_on": datetime.date(2027, 1, 5)}
        )
    with pytest.raises(PacteError, match="entre 0,5 et 12 heures"):
        activity_log_add(engagement=eng_a, by=alice, **{**good, "hours": "13"})
    with pytest.raises(PacteError, match="entre 0,5 et 12 heures"):
        activity_log_add(engagement=eng_a, by=alice, **{**good, "hours": "beaucoup"})
    with pytest.raises(PacteError, match="Décrivez"):
        activity_log_add(engagement=eng_a, by=alice, **{**good, "description": "  "})
    assert eng_a.activity_logs.count() == 0

    activity_log_add(engagement=eng_a, by=alice, **good)
    report_submit(engagement=eng_a, mission=lien_of(eng_a), by=alice, comments="Une bonne année.")
    # Handed in, not validated: the record still follows what the teacher does.
    activity_log_add(engagement=eng_a, by=alice, **good)
    report_validate(engagement=eng_a, mission=lien_of(eng_a), by=direction(a))
    with pytest.raises(PacteError, match="ne change plus"):
        activity_log_add(engagement=eng_a, by=alice, **good)
    assert eng_a.activity_logs.count() == 2


def test_on_track_compares_each_target_to_the_share_of_the_year_gone():
    y = year()
    assert expected_share(y, datetime.date(2026, 8, 1)) == 0
    assert expected_share(y, datetime.date(2027, 12, 1)) == 1
    mid = expected_share(y, datetime.date(2027, 3, 2))
    assert Decimal("0.49") < mid < Decimal("0.51")
    targets = {"formations_animees": 2, "partenariats_suivis": 10}
    assert on_track(targets, {"formations_animees": 1, "partenariats_suivis": 5}, mid) is True
    assert on_track(targets, {"formations_animees": 1, "partenariats_suivis": 4}, mid) is False
    assert on_track(targets, {"formations_animees": 2, "partenariats_suivis": 10}, 1) is True
    assert on_track({}, {}, mid) is None
