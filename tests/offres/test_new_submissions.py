"""A new proposal → the school's RBDEs, at once or in the day's digest, through the engine."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from courriels.models import Email
from etablissements.roles import Role
from offres.models import SubmissionKind, SubmissionSchool
from offres.new_submissions import NewSubmission, submission_delivery_set
from offres.preferences import SubmissionDelivery, digest_time
from offres.services import submission_answer, submission_create
from rappels.models import Reminder, ReminderStatus
from rappels.services import reminders_plan, reminders_scan, reminders_send_batch
from tests.entreprises.factories import valid_siret
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.offres.factories import GOOD_DETAILS

pytestmark = pytest.mark.django_db

IMMEDIATE, DAILY = SubmissionDelivery.IMMEDIATE, SubmissionDelivery.DAILY


@pytest.fixture
def world():
    alpha = SchoolFactory(name="Lycée Alpha")
    beta = SchoolFactory(name="Lycée Bêta")
    return {
        "alpha": alpha,
        "beta": beta,
        "rbde_alpha": staff_user(alpha, role=Role.RBDE, email="rbde@alpha.example"),
        "rbde_beta": staff_user(beta, role=Role.RBDE, email="rbde@beta.example"),
        # Not an RBDE: never mailed about proposals.
        "teacher_alpha": staff_user(alpha, role=Role.TEACHER, email="prof@alpha.example"),
    }


_siret = iter(range(100, 10_000))


def propose(school, name):
    return submission_create(
        kind=SubmissionKind.MENTORING,
        siret=valid_siret(next(_siret)),
        company_name=name,
        town="Toulouse",
        email=f"rh@{name.lower().replace(' ', '-')}.example",
        first_name="Inès",
        last_name="Roussel",
        schools=[school],
        details=GOOD_DETAILS[SubmissionKind.MENTORING],
    )


def run_engine(now=None):
    """A scan at `now` and its send tasks, as beat and the worker do."""
    result = reminders_scan(now=now, dispatch=False)
    for token in result.tokens:
        reminders_send_batch(token=token)


def staff_mails(to):
    """What the outbox holds for this person (the companies' acknowledgements aside)."""
    return list(Email.objects.filter(to_email=to).order_by("pk"))


def after_digest():
    return digest_time(timezone.now()) + datetime.timedelta(minutes=1)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_daily_digest_users_get_one_mail_listing_the_days_proposals(world, count):
    names = [f"Garage Alpha {n}" for n in range(count)]
    for name in names:
        propose(world["alpha"], name)
        run_engine()  # the scan of every minute: nothing for a digest user
    propose(world["beta"], "Boulangerie Bêta")
    run_engine()
    assert staff_mails("rbde@alpha.example") == []

    run_engine(now=after_digest())
    mails = staff_mails("rbde@alpha.example")
    if count == 0:
        assert mails == []
    else:
        assert len(mails) == 1
        mail = mails[0]
        if count == 1:
            assert mail.subject == "Nouvelle proposition de Garage Alpha 0 — Lycée Alpha"
            assert "Une entreprise vient de faire une proposition à votre lycée." in mail.body_text
        else:
            assert mail.subject == "3 nouvelles propositions d’entreprises — Lycée Alpha"
            assert "Des entreprises ont fait 3 propositions à votre lycée." in mail.body_html
        assert "rappel" not in mail.body_text.split("\n\n")[1]  # news, not a reminder
        for name in names:
            assert name in mail.body_text
        assert "Boulangerie Bêta" not in mail.body_text + mail.body_html  # no cross-school leak
        for addressee in SubmissionSchool.objects.filter(school=world["alpha"]):
            assert reverse("offres_moderation:edit", args=[addressee.pk]) in mail.body_text
    # The other school's RBDE: their own proposal only, in their own digest.
    beta = staff_mails("rbde@beta.example")
    assert len(beta) == 1 and "Boulangerie Bêta" in beta[0].body_text
    assert "Garage Alpha" not in beta[0].body_text + beta[0].body_html + beta[0].subject
    assert staff_mails("prof@alpha.example") == []
    # The hourly planning and the next scans add nothing.
    reminders_plan(codes=["offres_nouvelle_proposition"])
    run_engine(now=after_digest() + datetime.timedelta(hours=1))
    assert len(staff_mails("rbde@alpha.example")) == (1 if count else 0)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_immediate_users_get_one_mail_per_proposal_at_once(world, count):
    submission_delivery_set(user=world["rbde_alpha"], delivery=IMMEDIATE)
    for n in range(count):
        propose(world["alpha"], f"Garage Alpha {n}")
        run_engine()
    propose(world["beta"], "Boulangerie Bêta")
    run_engine()

    mails = staff_mails("rbde@alpha.example")
    assert [m.subject for m in mails] == [
        f"Nouvelle proposition de Garage Alpha {n} — Lycée Alpha" for n in range(count)
    ]
    for n, mail in enumerate(mails):
        assert f"Garage Alpha {n}" in mail.body_text and "Boulangerie Bêta" not in mail.body_text
        assert "mentorat" in mail.body_text and "/admin/propositions/" in mail.body_text
        assert "Un seul courriel de rappel par jour" not in mail.body_text
    # The other school's RBDE kept the digest: nothing yet, and never Alpha's proposals.
    assert staff_mails("rbde@beta.example") == []
    run_engine(now=after_digest())
    assert len(staff_mails("rbde@alpha.example")) == count  # nothing more in a digest
    beta = staff_mails("rbde@beta.example")
    assert len(beta) == 1 and "Garage Alpha" not in beta[0].body_text


def test_an_immediate_mail_is_not_held_by_todays_other_reminder(world):
    submission_delivery_set(user=world["rbde_alpha"], delivery=IMMEDIATE)
    propose(world["alpha"], "Premier Garage")
    run_engine()
    propose(world["alpha"], "Second Garage")
    run_engine()
    assert len(staff_mails("rbde@alpha.example")) == 2


def test_a_proposal_answered_before_the_digest_is_left_out(world):
    first = propose(world["alpha"], "Déjà Traitée")
    propose(world["alpha"], "Encore En Attente")
    submission_answer(
        addressee=first.addressees.get(),
        status="acceptee",
        by=world["rbde_alpha"],
    )
    run_engine(now=after_digest())
    (mail,) = staff_mails("rbde@alpha.example")
    assert "Encore En Attente" in mail.body_text and "Déjà Traitée" not in mail.body_text


def test_changing_ones_mind_moves_what_waits_and_never_mails_twice(world):
    rbde = world["rbde_alpha"]
    propose(world["alpha"], "Garage Patient")
    row = Reminder.objects.get(recipient_user=rbde)
    assert row.due_at == digest_time(timezone.now())  # the default: the day's digest

    submission_delivery_set(user=rbde, delivery=IMMEDIATE)
    reminders_plan(codes=["offres_nouvelle_proposition"])  # no second row
    run_engine()
    assert Reminder.objects.filter(recipient_user=rbde).count() == 1
    assert [m.subject for m in staff_mails("rbde@alpha.example")] == [
        "Nouvelle proposition de Garage Patient — Lycée Alpha"
    ]
    assert Reminder.objects.get(recipient_user=rbde).status == ReminderStatus.SENT


def test_the_rbde_chooses_in_their_account_settings(client, world):
    from tests.rappels.test_admin import account_form_data

    rbde = world["rbde_alpha"]
    client.force_login(rbde)
    html = client.get("/admin/account/").content.decode()
    assert "Nouvelles propositions des entreprises" in html
    assert "immédiatement, un courriel par proposition" in html
    checked = html.split('value="quotidien"')[1].split(">")[0]
    assert "checked" in checked  # the default

    data = account_form_data(client)
    data["nouvelles_propositions-delivery"] = IMMEDIATE
    assert client.post("/admin/account/", data).status_code == 302
    assert rbde.submission_mail_preference.delivery == IMMEDIATE
    html = client.get("/admin/account/").content.decode()
    assert "checked" in html.split('value="immediat"')[1].split(">")[0]

    # A teacher has no such choice to make.
    client.force_login(world["teacher_alpha"])
    assert (
        "Nouvelles propositions des entreprises"
        not in client.get("/admin/account/").content.decode()
    )


def test_the_subjects_name_the_school_after_a_dash_and_elide_before_a_vowel():
    """« pour Lycée professionnel Roland-Garros » lacked its article (17 h digest, issue 27)."""
    school = SimpleNamespace(name="Lycée professionnel Roland-Garros")
    one = SimpleNamespace(
        school=school,
        submission=SimpleNamespace(company=SimpleNamespace(name="Élec Occitanie Services")),
    )
    rule = NewSubmission()
    assert rule.subject(one) == (
        "Nouvelle proposition d’Élec Occitanie Services — Lycée professionnel Roland-Garros"
    )
    assert rule.group_subject([one, one, one]) == (
        "3 nouvelles propositions d’entreprises — Lycée professionnel Roland-Garros"
    )
