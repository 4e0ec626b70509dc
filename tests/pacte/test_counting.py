"""Only what happened counts: sessions ended, events held, interactions past, pairs active.

"Today" is 23 November 2026 at 15:00 (school year 2026-2027); what is planned is shown as
« prévu » beside the counts, never added to them, never to a target's « atteint », never frozen
into the bilan.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from formations.services import registration_mark_attendance
from pacte.activity import lien_record
from pacte.models import Engagement
from pacte.pdf import report_rows
from pacte.services import report_submit, report_validate
from partenariats.services import interaction_log
from tests.formations.factories import (
    EventFactory,
    MentoringPairFactory,
    MonthlyCheckInFactory,
    RegistrationFactory,
)
from tests.formations.factories import TutorTrainingFactory as TrainingFactory
from tests.pacte.factories import SchoolFactory, direction, engagement, lien_of, teacher
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def at(day: datetime.date, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def now(monkeypatch):
    moment = at(TODAY, 15)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return moment


@pytest.fixture
def alice(now):
    school = SchoolFactory(name="LP A")
    user = teacher(school, first_name="Alice", last_name="Aubert")
    return school, user, engagement(school, user=user)


def session(school, user, starts_at, hours=3, present=0, record=True):
    training = TrainingFactory(
        school=school,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        leaders=[user],
    )
    regs = [RegistrationFactory(training=training) for _ in range(present)]
    if record:
        for reg in regs:
            registration_mark_attendance(registration=reg, status="present", by=user)
    return training


def record_of(eng):
    return lien_record(Engagement.objects.with_related().get(pk=eng.pk))


def test_sessions_count_once_ended_and_tutors_once_attendance_is_recorded(alice, now):
    school, user, eng = alice
    session(school, user, at(datetime.date(2026, 8, 31)), present=5)  # the year before
    session(school, user, at(datetime.date(2026, 9, 1), 9), hours=2, present=3)  # first day
    session(school, user, at(datetime.date(2026, 10, 6)), hours=3, present=4, record=False)
    session(school, user, now - datetime.timedelta(hours=1), hours=3, present=2)  # under way
    session(school, user, at(datetime.date(2026, 12, 3)), hours=4)  # next week
    session(school, user, at(datetime.date(2027, 8, 31)), hours=1)  # last day, future
    session(school, user, at(datetime.date(2027, 9, 1)))  # the year after
    other = SchoolFactory()
    session(other, user, at(datetime.date(2026, 10, 6)), present=9)  # another school

    record = record_of(eng)
    assert record.counts["formations_animees"] == 2  # 1 September and 6 October
    assert record.counts["tuteurs_formes"] == 3  # 6 October: attendance not recorded
    assert record.counts["heures"] == Decimal("5.0")
    assert record.planned["formations_animees"] == 3  # under way, next week, 31 August 2027
    assert record.planned["heures"] == Decimal("8.0")
    assert len(record.coming) == 3
    assert len(record.trainings) == 2 and record.trainings[1].present == 0


def test_events_interactions_and_pairs_count_once_they_happened(alice, now):
    school, user, eng = alice
    EventFactory(school=school, starts_at=now - datetime.timedelta(hours=2)).organisers.add(user)
    EventFactory(school=school, starts_at=now + datetime.timedelta(hours=2)).organisers.add(user)
    EventFactory(school=school, starts_at=at(datetime.date(2027, 9, 2))).organisers.add(user)
    partnership = PartnershipFactory(school=school, teacher=user)
    for day in (datetime.date(2026, 8, 31), TODAY, datetime.date(2026, 11, 24)):
        interaction_log(partnership=partnership, kind="appel", occurred_on=day, author=user)
    november = MentoringPairFactory(
        school=school, teacher=user, start_date=datetime.date(2026, 11, 2)
    )
    ended = MentoringPairFactory(
        school=school,
        teacher=user,
        start_date=datetime.date(2026, 3, 1),
        planned_end=datetime.date(2026, 10, 15),
        ended_on=datetime.date(2026, 10, 15),
    )  # September and October of this year
    # Months count once checked in: November, and September and October (March: last year).
    MonthlyCheckInFactory(pair=november, month=datetime.date(2026, 11, 1))
    for month in (datetime.date(2026, 3, 1), datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)):
        MonthlyCheckInFactory(pair=ended, month=month)
    MentoringPairFactory(
        school=school,
        teacher=user,
        start_date=datetime.date(2027, 1, 4),
        planned_end=datetime.date(2027, 7, 4),
    )

    record = record_of(eng)
    assert record.counts["evenements_organises"] == 1
    assert record.planned["evenements_organises"] == 1  # the one of 2027-09-02 is next year
    assert record.counts["interactions"] == 1  # today's; yesterday's year and tomorrow's not
    assert record.planned["interactions"] == 1
    assert record.counts["binomes_suivis"] == 2
    assert record.counts["mois_mentorat"] == 1 + 2  # November; September and October
    assert record.planned["binomes_suivis"] == 1
    assert sorted(p.months for p in record.pairs) == [1, 2]


def test_planned_never_reaches_a_target_nor_the_submitted_bilan(alice, now):
    school, user, eng = alice  # targets: 2 sessions, 10 partnerships
    session(school, user, at(datetime.date(2026, 10, 6)), present=1)
    session(school, user, at(datetime.date(2027, 2, 1)), present=0)  # planned

    record = record_of(eng)
    progress = {p.key: p for p in record.progress}
    assert progress["formations_animees"].done == 1
    assert progress["formations_animees"].planned == 1
    assert progress["formations_animees"].reached is False

    report_submit(
        engagement=eng, mission=lien_of(eng), by=user, comments="Une session faite, une prévue."
    )
    report = report_validate(engagement=eng, mission=lien_of(eng), by=direction(school))
    assert report.compiled["counts"]["formations_animees"] == 1
    assert report.compiled["counts"]["heures"] == "3.0"
    assert "planned" not in report.compiled and "coming" not in report.compiled
    assert len(report.compiled["trainings"]) == 1
    row = next(r for r in report_rows(report.compiled) if r["key"] == "formations_animees")
    assert (row["done"], row["target"], row["reached"], row["planned"]) == (1, 2, False, 0)


def test_the_record_page_shows_planned_beside_done_in_french(alice, now, client):
    school, user, eng = alice
    session(school, user, at(datetime.date(2026, 10, 6)), hours=3, present=1)
    session(school, user, at(datetime.date(2026, 12, 3)), hours=4)
    session(school, user, at(datetime.date(2026, 12, 10)), hours=4)
    client.force_login(user)
    page = client.get("/admin/pacte/ma-mission/").content.decode()
    text = " ".join(page.replace("\u202f", " ").replace("\xa0", " ").split())
    assert "sessions de formation des tuteurs animées</th> <td>1</td> <td>2 prévues</td>" in text
    assert "<td>3 h</td> <td>8 h prévues</td>" in text
    assert "Sessions prévues (comptées une fois terminées)" in text
    assert "(atteint)" not in text


def test_a_partnership_handed_over_in_february_counts_for_each_over_their_months(monkeypatch):
    from partenariats.services import partnership_set_teacher

    moment = at(datetime.date(2027, 3, 15), 10)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: moment.date())
    school = SchoolFactory()
    alice = teacher(school, first_name="Alice")
    bob = teacher(school, first_name="Bob")
    eng_alice, eng_bob = engagement(school, user=alice), engagement(school, user=bob)
    shared = PartnershipFactory(school=school, company__name="Garage Martin")
    partnership_set_teacher(partnership=shared, teacher=alice, on=datetime.date(2026, 9, 1))
    partnership_set_teacher(partnership=shared, teacher=bob, on=datetime.date(2027, 2, 10))
    # Followed by Alice the year before only: not hers this year.
    old = PartnershipFactory(school=school, company__name="Ancien partenaire")
    partnership_set_teacher(partnership=old, teacher=alice, on=datetime.date(2025, 9, 1))
    partnership_set_teacher(partnership=old, teacher=None, on=datetime.date(2026, 6, 1))

    for_alice, for_bob = record_of(eng_alice), record_of(eng_bob)
    assert for_alice.counts["partenariats_suivis"] == 1
    assert for_bob.counts["partenariats_suivis"] == 1
    assert [(p.company.name, p.followed_months) for p in for_alice.partnerships] == [
        ("Garage Martin", "6 mois")  # September to February
    ]
    assert [p.followed_months for p in for_bob.partnerships] == ["2 mois"]  # February, March
    data = for_alice.as_data(with_planned=False)
    garage = {"company": "Garage Martin", "status": "actif", "months": "6 mois"}
    assert data["partnerships"] == [garage]
