"""One proposal shared by the schools that received it, one answer to the company."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from etablissements.roles import Role
from offres.models import SubmissionKind, SubmissionStatus
from offres.services import SubmissionError, submission_answer
from rappels.models import Reminder
from rappels.services import reminders_plan, reminders_scan, reminders_send_batch
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user
from tests.offres.factories import SubmissionFactory, age
from tests.outbox import deliver, mail

pytestmark = pytest.mark.django_db

CODES = ["offres_partagee_relance", "offres_partagee_point", "offres_partagee_academie"]


@pytest.fixture
def shared(settings):
    settings.ACADEMY_CONTACT_EMAIL = "ce.dafpic@ac-toulouse.example"
    settings.ROUTING_ANSWER_WORKING_DAYS = 5
    schools = [SchoolFactory(name=name) for name in ("LP Bayard", "LP Gallieni", "LP Lautrec")]
    rbdes = [
        staff_user(school, role=Role.RBDE, email=f"rbde{n}@lycee.example")
        for n, school in enumerate(schools)
    ]
    submission = SubmissionFactory(kind=SubmissionKind.MENTORING, schools=schools)
    answers = {a.school.name: a for a in submission.addressees.select_related("school")}
    return submission, schools, rbdes, answers


def sent_to_company(submission):
    deliver()
    return [m for m in mail.outbox if m.to == [submission.contact.email]]


def test_the_first_school_to_accept_leads_and_the_company_gets_one_answer(shared):
    submission, schools, rbdes, answers = shared
    mail.outbox.clear()
    submission_answer(addressee=answers["LP Gallieni"], status="acceptee", by=rbdes[1])
    submission_answer(
        addressee=answers["LP Bayard"], status="refusee", by=rbdes[0], reason="Pas de mentor."
    )
    submission.refresh_from_db()
    assert submission.lead_school == schools[1] and submission.answered_at is not None
    (answer,) = sent_to_company(submission)
    assert answer.subject == "LP Gallieni suit votre proposition : mentorat"
    assert "envoyée à 3 lycées. LP Gallieni l’a acceptée et la suit" in answer.body


def test_a_school_that_joins_later_is_named_in_one_short_mail(shared):
    """After the one answer, each school that accepts later gets the company one short mail
    naming it; a refusal, or the lead closing its answer, sends nothing."""
    submission, schools, rbdes, answers = shared
    submission_answer(addressee=answers["LP Gallieni"], status="acceptee", by=rbdes[1])
    sent_to_company(submission)
    mail.outbox.clear()
    submission_answer(addressee=answers["LP Lautrec"], status="acceptee", by=rbdes[2])
    (joined,) = sent_to_company(submission)
    assert joined.subject == "LP Lautrec suit aussi votre proposition : mentorat"
    assert "LP Lautrec" in joined.body and "a accepté à son tour" in joined.body
    assert "LP Gallieni la coordonne toujours." in joined.body
    assert "/entreprises/espace/" in joined.body
    assert "LP Bayard" not in joined.body
    # The same answer again, a refusal, the lead closing: nothing more for the company.
    mail.outbox.clear()
    submission_answer(addressee=answers["LP Lautrec"], status="acceptee", by=rbdes[2])
    submission_answer(
        addressee=answers["LP Bayard"], status="refusee", by=rbdes[0], reason="Pas de mentor."
    )
    submission_answer(addressee=answers["LP Gallieni"], status="close", by=rbdes[1])
    assert sent_to_company(submission) == []


def test_the_others_see_it_taken_who_answered_and_the_reason_of_a_refusal(shared, client):
    submission, schools, rbdes, answers = shared
    submission_answer(addressee=answers["LP Gallieni"], status="acceptee", by=rbdes[1])
    submission_answer(
        addressee=answers["LP Lautrec"], status="refusee", by=rbdes[2], reason="Trop loin."
    )
    client.force_login(rbdes[0])
    listing = client.get(reverse("offres_moderation:index")).content.decode()
    assert "prise en charge par LP Gallieni" in listing
    page = client.get(
        reverse("offres_moderation:edit", args=[answers["LP Bayard"].pk])
    ).content.decode()
    assert "Proposition partagée avec 2 autres lycées" in page
    assert "Prise en charge par LP Gallieni le" in page
    assert "LP Gallieni — coordonne" in page
    assert "Trop loin." in page


def test_when_every_school_declines_the_company_gets_one_answer_with_the_academy(shared):
    submission, schools, rbdes, answers = shared
    mail.outbox.clear()
    for n, name in enumerate(["LP Bayard", "LP Gallieni", "LP Lautrec"]):
        submission_answer(
            addressee=answers[name], status="refusee", by=rbdes[n], reason=f"Motif {n}."
        )
        if n < 2:
            assert sent_to_company(submission) == []
    (answer,) = sent_to_company(submission)
    assert answer.subject == "Votre proposition n’a pas trouvé de lycée : mentorat"
    assert "LP Gallieni : Motif 1." in answer.body
    assert "ce.dafpic@ac-toulouse.example" in answer.body
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REFUSED


def test_a_refusal_needs_its_reason(shared):
    submission, schools, rbdes, answers = shared
    with pytest.raises(SubmissionError):
        submission_answer(addressee=answers["LP Bayard"], status="refusee", by=rbdes[0])


def plan(today):
    mail.outbox.clear()
    reminders_plan(today=today, codes=CODES)
    result = reminders_scan(dispatch=False)
    for token in result.tokens:
        reminders_send_batch(token=token)
    deliver()
    return list(mail.outbox)


def test_no_answer_escalates_to_the_rbdes_and_the_company_then_to_the_academy(shared):
    submission, schools, rbdes, answers = shared
    admin = UserFactory(is_superuser=True, email="admin@ac-toulouse.example")
    submission_answer(
        addressee=answers["LP Lautrec"], status="refusee", by=rbdes[2], reason="Complet."
    )
    # A Monday; the proposal was made the Monday before: 5 working days, not yet due.
    today = datetime.date(2026, 12, 7)
    made = timezone.make_aware(datetime.datetime(2026, 11, 30, 10))
    type(submission).objects.filter(pk=submission.pk).update(created_at=made)
    assert plan(today) == []
    sent = plan(today + datetime.timedelta(days=1))
    to = sorted(m.to[0] for m in sent)
    # The two schools still silent, and the company; not the one that declined.
    assert to == sorted(["rbde0@lycee.example", "rbde1@lycee.example", submission.contact.email])
    company = next(m for m in sent if m.to == [submission.contact.email])
    assert "LP Lautrec : ne peut pas y donner suite (Complet.)" in company.body
    assert "LP Bayard : pas encore de réponse" in company.body
    # Planned again the next day: nothing twice.
    assert plan(today + datetime.timedelta(days=2)) == []
    # Ten working days: the académie administrator.
    sent = plan(today + datetime.timedelta(days=8))
    assert [m.to for m in sent] == [[admin.email]]
    assert "aucun lycée ne l’a prise en charge" in sent[0].body
    assert Reminder.objects.filter(rule_code="offres_partagee_academie").count() == 1


def test_public_holidays_do_not_count_as_working_days_of_the_escalation(shared):
    """Made on Thursday 24 December 2026, the day before Christmas (a Friday), with New Year's
    Day a Friday too: the 5 working days run from the 28th to 4 January, not to the 31st."""
    submission, schools, rbdes, answers = shared
    admin = UserFactory(is_superuser=True, email="admin@ac-toulouse.example")
    made = timezone.make_aware(datetime.datetime(2026, 12, 24, 10))
    type(submission).objects.filter(pk=submission.pk).update(created_at=made)
    # Without the holidays the reminders would have gone on Friday 1 January.
    assert plan(datetime.date(2026, 12, 31)) == []
    assert plan(datetime.date(2027, 1, 4)) == []
    sent = plan(datetime.date(2027, 1, 5))
    assert len(sent) == 4 and [submission.contact.email] in [m.to for m in sent]
    # Ten working days: Monday 11 January is the tenth, the académie hears on the 12th.
    assert plan(datetime.date(2027, 1, 11)) == []
    assert [m.to for m in plan(datetime.date(2027, 1, 12))] == [[admin.email]]


def test_an_answer_stops_the_escalation(shared):
    submission, schools, rbdes, answers = shared
    age(submission, 20)
    submission_answer(addressee=answers["LP Bayard"], status="acceptee", by=rbdes[0])
    assert plan(timezone.localdate()) == []
