"""The first rules: convention ending, partnership silent for 6 months, the RBDE's weekly digest."""

import datetime

import pytest
from django.utils import timezone

from etablissements.roles import Role
from partenariats.models import Partnership
from partenariats.reminders import months_before
from rappels.models import Reminder, ReminderStatus
from rappels.services import reminders_plan
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.outbox import mail
from tests.partenariats.factories import PartnershipFactory

from .factories import ReminderFactory
from .test_engine import run_once

pytestmark = pytest.mark.django_db

CONVENTION = "partenariat_convention_fin"
SILENCE = "partenariat_sans_interaction"
DIGEST = "rappels_synthese_hebdomadaire"


@pytest.fixture
def school():
    return SchoolFactory(name="Lycée Alpha")


@pytest.fixture
def rbde(school):
    return staff_user(school, role=Role.RBDE, email="rbde@alpha.example", first_name="Rose")


@pytest.fixture
def teacher(school):
    return staff_user(school, role=Role.TEACHER, email="prof@alpha.example", first_name="Paul")


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def convention(school, end, **kwargs):
    return PartnershipFactory(
        school=school,
        convention_signed_on=end - datetime.timedelta(days=700),
        convention_end=end,
        **kwargs,
    )


def rows(code):
    return sorted(
        Reminder.objects.filter(rule_code=code).values_list("object_id", "recipient_email")
    )


def test_a_convention_ending_within_60_days_goes_to_the_rbde_and_the_teacher(school, rbde, teacher):
    soon = convention(school, in_days(30), teacher=teacher, company__name="Garage Occitan")
    convention(school, in_days(90), teacher=teacher)  # too far
    convention(school, in_days(-1), teacher=teacher)  # already over
    convention(school, in_days(10), teacher=teacher, status="termine")  # partnership ended

    reminders_plan(codes=[CONVENTION])

    assert rows(CONVENTION) == [(soon.pk, "prof@alpha.example"), (soon.pk, "rbde@alpha.example")]
    run_once()
    assert sorted(m.to[0] for m in mail.outbox) == ["prof@alpha.example", "rbde@alpha.example"]
    message = mail.outbox[0]
    assert message.subject == (
        f"La convention avec Garage Occitan se termine le {in_days(30):%d/%m/%Y}"
    )
    assert "se termine le" in message.body and "(dans 30 jours)" in message.body
    link = f"http://127.0.0.1:8000/admin/partenariats/inspect/{soon.pk}/"
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0][0]
    assert "List-Unsubscribe" not in message.extra_headers  # staff: preferences, not unsubscribe


def test_a_convention_extended_to_a_new_end_is_a_new_occasion(school, rbde):
    partnership = convention(school, in_days(20))
    reminders_plan(codes=[CONVENTION])
    reminders_plan(codes=[CONVENTION])
    assert Reminder.objects.filter(rule_code=CONVENTION).count() == 1

    Partnership.objects.filter(pk=partnership.pk).update(convention_end=in_days(50))
    reminders_plan(codes=[CONVENTION])

    occasions = Reminder.objects.filter(rule_code=CONVENTION).values_list("occasion", flat=True)
    assert sorted(occasions) == [f"fin-{in_days(20).isoformat()}", f"fin-{in_days(50).isoformat()}"]


def test_a_silent_partnership_goes_to_its_teacher_else_to_the_rbde(school, rbde, teacher):
    seven_months_ago = months_before(timezone.localdate(), 7)
    followed = PartnershipFactory(school=school, teacher=teacher)
    unfollowed = PartnershipFactory(school=school)
    lively = PartnershipFactory(school=school, teacher=teacher)
    never = PartnershipFactory(school=school, teacher=teacher)  # no interaction ever, old
    Partnership.objects.filter(pk__in=[followed.pk, unfollowed.pk]).update(
        last_interaction_on=seven_months_ago
    )
    Partnership.objects.filter(pk=lively.pk).update(last_interaction_on=in_days(-30))
    Partnership.objects.filter(pk=never.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=220)
    )
    PartnershipFactory(school=school, teacher=teacher)  # created today: not silent yet

    reminders_plan(codes=[SILENCE])

    assert rows(SILENCE) == [
        (followed.pk, "prof@alpha.example"),
        (unfollowed.pk, "rbde@alpha.example"),
        (never.pk, "prof@alpha.example"),
    ]
    run_once()
    to_teacher = next(m for m in mail.outbox if m.to == ["prof@alpha.example"])
    assert to_teacher.subject == "2 rappels du bureau des entreprises"  # grouped: one mail a day
    assert f"depuis le {seven_months_ago.day}" in to_teacher.body
    assert f"/admin/partenariats/inspect/{followed.pk}/" in to_teacher.body
    assert f"/admin/partenariats/inspect/{never.pk}/" in to_teacher.body


def test_a_reminder_whose_situation_changed_before_sending_is_ignored(school, rbde, teacher):
    extended = convention(school, in_days(20), teacher=teacher)
    ended = convention(school, in_days(25), teacher=teacher)
    reminders_plan(codes=[CONVENTION])
    Partnership.objects.filter(pk=extended.pk).update(convention_end=in_days(400))
    Partnership.objects.filter(pk=ended.pk).update(status="termine")

    run_once()

    assert mail.outbox == []
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SKIPPED}
    assert Reminder.objects.first().last_error.startswith("Ce rappel n’a plus lieu d’être")


def test_a_new_interaction_starts_a_new_silence(school, teacher):
    partnership = PartnershipFactory(school=school, teacher=teacher)
    Partnership.objects.filter(pk=partnership.pk).update(
        last_interaction_on=months_before(timezone.localdate(), 8)
    )
    reminders_plan(codes=[SILENCE])
    Partnership.objects.filter(pk=partnership.pk).update(
        last_interaction_on=months_before(timezone.localdate(), 7)
    )
    reminders_plan(codes=[SILENCE])
    reminders_plan(codes=[SILENCE])

    assert Reminder.objects.filter(rule_code=SILENCE).count() == 2


def test_the_weekly_digest_tells_each_rbde_what_falls_due_in_their_school(school, rbde):
    other_school = SchoolFactory(name="Lycée Bêta")
    staff_user(other_school, role=Role.RBDE, email="rbde@beta.example")
    ReminderFactory(
        partnership__school=school, partnership__company__name="Menuiserie Dupuy", failed=True
    )
    ReminderFactory(
        partnership__school=school,
        partnership__company__name="Boulangerie Roux",
        due_at=timezone.now() + datetime.timedelta(days=3),
    )
    ReminderFactory(partnership__school=other_school, partnership__company__name="Secret Bêta")
    SchoolFactory(name="Lycée calme")  # no activity: no digest

    reminders_plan(codes=[DIGEST])
    run_once()

    by_person = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_person) == ["rbde@alpha.example", "rbde@beta.example"]
    digest = by_person["rbde@alpha.example"]
    assert digest.subject == "Synthèse de la semaine : rappels de Lycée Alpha"
    assert "Convention de partenariat se terminant dans moins de 60 jours : 2" in digest.body
    assert "Menuiserie Dupuy" in digest.body and "Boulangerie Roux" in digest.body
    assert "Secret Bêta" not in digest.body
    assert "1 rappel n’a pas pu être envoyé" in digest.body
    assert f"/admin/rappels/journal/?school={school.pk}" in digest.body

    reminders_plan(codes=[DIGEST])  # beat firing twice the same week
    assert Reminder.objects.filter(rule_code=DIGEST).count() == 2
    assert set(Reminder.objects.filter(rule_code=DIGEST).values_list("status", flat=True)) == {
        ReminderStatus.SENT
    }
