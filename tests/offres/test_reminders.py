"""The reminders of companies' submissions, through the real engine."""

import datetime

import pytest
from django.utils import timezone

from etablissements.roles import Role
from offres.models import Submission, SubmissionKind, SubmissionSchool, SubmissionStatus
from offres.services import specialisation_set_followup, submission_answer
from rappels.services import reminders_plan, reminders_scan, reminders_send_batch
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.offres.factories import SubmissionFactory, age
from tests.outbox import deliver, mail

pytestmark = pytest.mark.django_db

CODES = [
    "offres_non_traitee",
    "offres_formation_sans_suivi",
    "offres_formation_automne",
]


def plan_and_send(today=None, cadence=None):
    mail.outbox.clear()
    reminders_plan(today=today, codes=CODES, cadence=cadence)
    result = reminders_scan(dispatch=False)
    for token in result.tokens:
        reminders_send_batch(token=token)
    deliver()
    return list(mail.outbox)


@pytest.fixture
def school():
    return SchoolFactory(name="Lycée Alpha")


@pytest.fixture
def rbde(school):
    return staff_user(school, role=Role.RBDE, email="rbde@alpha.example")


def test_a_submission_is_acknowledged_once_by_the_outbox_and_never_by_a_reminder(school, settings):
    from courriels.models import Email, EmailStatus
    from offres.services import submission_create
    from tests.entreprises.factories import valid_siret
    from tests.offres.factories import GOOD_DETAILS

    submission = submission_create(
        kind=SubmissionKind.MENTORING,
        siret=valid_siret(41),
        company_name="Atelier",
        email="rh@atelier.example",
        first_name="Inès",
        last_name="Roussel",
        schools=[school],
        details=GOOD_DETAILS[SubmissionKind.MENTORING],
    )
    # Written with the submission, sent by the outbox (which retries if the server fails).
    row = Email.objects.for_object(submission).get()
    assert (row.to_email, row.status) == ("rh@atelier.example", EmailStatus.PENDING)
    assert "bien reçue" in row.subject
    Submission.objects.filter(pk=submission.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    sent = list(mail.outbox)  # the outbox sends what is due, as the worker would
    assert [m.to for m in sent] == [["rh@atelier.example"]]
    assert "/entreprises/espace/" in sent[0].body
    assert plan_and_send() == []  # and no reminder sends it again


def test_a_submission_nobody_handled_in_7_days_reaches_the_rbde_weekly(school, rbde):
    fresh = SubmissionFactory(schools=[school], company__name="Toute Neuve")
    old = SubmissionFactory(schools=[school], company__name="Oubliée")
    age(old, 8)
    answered = SubmissionFactory(schools=[school], company__name="Traitée")
    age(answered, 8)
    submission_answer(
        addressee=SubmissionSchool.objects.get(submission=answered),
        status=SubmissionStatus.ACCEPTED,
        by=rbde,
    )
    sent = plan_and_send(cadence="hebdomadaire")
    assert [m.to for m in sent] == [["rbde@alpha.example"]]
    assert "Oubliée" in sent[0].subject
    assert "Toute Neuve" not in sent[0].body and "Traitée" not in sent[0].body
    assert "/admin/propositions/edit/" in sent[0].body
    assert plan_and_send(cadence="hebdomadaire") == []  # once a week
    assert fresh


def test_a_specialisation_request_silent_for_30_days_reaches_the_rbde(school, rbde):
    request = SubmissionFactory(
        kind=SubmissionKind.SPECIALISATION,
        schools=[school],
        company__name="Éoliennes du Sud",
    )
    moved = timezone.now() - datetime.timedelta(days=31)
    Submission.objects.filter(pk=request.pk).update(followup_changed_at=moved)
    recent = SubmissionFactory(kind=SubmissionKind.SPECIALISATION, schools=[school])
    Submission.objects.filter(pk=recent.pk).update(
        followup_changed_at=timezone.now() - datetime.timedelta(days=29)
    )
    sent = plan_and_send()
    assert len(sent) == 1 and "Éoliennes du Sud" in sent[0].subject
    assert plan_and_send() == []
    # A change of follow-up starts a new silence: nothing until 30 more days.
    specialisation_set_followup(submission=request, followup_status="etude", by=rbde)
    assert plan_and_send() == []


def test_early_autumn_reminder_for_requests_not_sent_on(school, rbde):
    waiting = SubmissionFactory(
        kind=SubmissionKind.SPECIALISATION,
        schools=[school],
        company__name="Pas Encore Transmise",
    )
    sent_on = SubmissionFactory(
        kind=SubmissionKind.SPECIALISATION,
        schools=[school],
        company__name="Déjà Transmise",
    )
    specialisation_set_followup(submission=sent_on, followup_status="transmise", by=rbde)
    assert plan_and_send(today=datetime.date(2026, 8, 20)) == []
    sent = plan_and_send(today=datetime.date(2026, 9, 15))
    autumn = [m for m in sent if "Parcoursup" in m.subject]
    assert len(autumn) == 1 and "Pas Encore Transmise" in autumn[0].subject
    assert plan_and_send(today=datetime.date(2026, 9, 22)) == []  # once per school year
    assert waiting
