"""The engine with a test-only rule: planning once, claiming, sending grouped, idempotence."""

import datetime

import pytest
from django.utils import timezone

from courriels.sending import emails_send_due
from rappels.models import Reminder, ReminderStatus
from rappels.recipients import user_recipient
from rappels.rules import Recipient
from rappels.services import (
    reminders_plan,
    reminders_scan,
    reminders_send_batch,
)
from tests.etablissements.factories import SchoolFactory, UserFactory
from tests.outbox import mail

pytestmark = pytest.mark.django_db


def run_once(now=None, **kwargs):
    """What beat does: a scan, each batch into the outbox, then the outbox sent (in process)."""
    result = reminders_scan(now=now, dispatch=False, **kwargs)
    for token in result.tokens:
        reminders_send_batch(token=token)
    emails_send_due(now=now)
    return result


def test_planning_twice_makes_one_row_per_recipient_and_occasion(school_rule):
    school = SchoolFactory(bde_email="BDE@lycee.example")
    SchoolFactory(bde_email="")  # nobody to write to: no row

    reminders_plan()
    reminders_plan()

    row = Reminder.objects.get()
    assert row.rule_code == "test_ecole"
    assert row.recipient_email == "bde@lycee.example"
    assert row.school_id == school.pk
    assert row.object_label == str(school)
    assert row.status == ReminderStatus.PENDING


def test_a_due_reminder_is_sent_once_with_text_html_and_link(school_rule):
    school = SchoolFactory(bde_email="bde@lycee.example", name="Lycée Déodat")
    reminders_plan()

    result = run_once()

    assert result.batches == 1
    [message] = mail.outbox
    assert message.to == ["bde@lycee.example"]
    assert message.subject == "Rappel : Lycée Déodat"
    assert message.body.startswith("Bonjour,\n")  # no first name: no name at all
    assert "Établissement à suivre : Lycée Déodat (Toulouse)." in message.body
    assert f"http://127.0.0.1:8000/etablissements/{school.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>Lycée Déodat</strong>" in html
    assert "List-Unsubscribe" not in message.extra_headers  # staff rule: no unsubscribe link
    row = Reminder.objects.get()
    assert row.status == ReminderStatus.SENT and row.sent_at and row.attempts == 1

    # A task delivered twice, a beat firing twice, planning again: nothing more.
    reminders_send_batch(token=result.tokens[0])
    reminders_plan()
    run_once()
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_two_items_due_the_same_day_for_one_person_make_one_mail(school_rule):
    SchoolFactory(bde_email="commun@lycee.example", name="Lycée Alpha")
    SchoolFactory(bde_email="commun@lycee.example", name="Lycée Bêta")
    SchoolFactory(bde_email="autre@lycee.example", name="Lycée Gamma")
    reminders_plan()

    run_once()

    assert sorted(m.to[0] for m in mail.outbox) == ["autre@lycee.example", "commun@lycee.example"]
    grouped = next(m for m in mail.outbox if m.to == ["commun@lycee.example"])
    assert grouped.subject == "2 rappels du bureau des entreprises"
    assert "1. Établissement à suivre : Lycée Alpha" in grouped.body
    assert "2. Établissement à suivre : Lycée Bêta" in grouped.body
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 3


def test_what_falls_due_after_todays_mail_waits_until_tomorrow(school_rule):
    SchoolFactory(bde_email="commun@lycee.example", name="Lycée Alpha")
    reminders_plan()
    run_once()
    SchoolFactory(bde_email="commun@lycee.example", name="Lycée Bêta")
    reminders_plan()

    run_once()
    assert len(mail.outbox) == 1
    assert Reminder.objects.filter(status=ReminderStatus.PENDING).count() == 1

    run_once(now=timezone.now() + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert "Lycée Bêta" in mail.outbox[1].body


def test_a_batch_never_splits_a_person_and_every_row_is_claimed_once(school_rule, settings):
    settings.RAPPELS_BATCH_SIZE = 2
    for n in range(5):
        SchoolFactory(bde_email=f"p{n % 3}@lycee.example")
    reminders_plan()

    result = reminders_scan(dispatch=False)

    claimed = {}
    for token in result.tokens:
        emails = set(
            Reminder.objects.filter(claim_token=token).values_list("recipient_email", flat=True)
        )
        for email in emails:
            assert email not in claimed, "une personne répartie sur deux lots"
            claimed[email] = token
    assert Reminder.objects.filter(status=ReminderStatus.CLAIMED).count() == 5
    assert reminders_scan(dispatch=False).batches == 0  # nothing claimed twice


def test_a_claim_left_by_a_dead_worker_is_taken_back_and_the_old_task_sends_nothing(school_rule):
    SchoolFactory(bde_email="bde@lycee.example")
    reminders_plan()
    dead = reminders_scan(dispatch=False).tokens[0]  # its worker died before sending

    assert reminders_scan(dispatch=False).batches == 0  # not stale yet: left alone
    later = timezone.now() + datetime.timedelta(minutes=11)
    again = reminders_scan(now=later, dispatch=False)
    assert again.reclaimed == 1 and again.batches == 1

    reminders_send_batch(token=dead)  # the first task, delivered again: no longer its rows
    assert mail.outbox == []
    reminders_send_batch(token=again.tokens[0])
    assert len(mail.outbox) == 1


def test_an_object_deleted_before_sending_is_ignored(school_rule):
    school = SchoolFactory(bde_email="bde@lycee.example")
    reminders_plan()
    result = reminders_scan(dispatch=False)
    Reminder.objects.update(school=None)
    school.delete()

    reminders_send_batch(token=result.tokens[0])

    assert mail.outbox == []
    row = Reminder.objects.get()
    assert row.status == ReminderStatus.SKIPPED
    assert row.last_error == "L’objet de ce rappel n’existe plus."


def test_a_staff_member_who_switched_a_rule_off_does_not_get_it(school_rule):
    from rappels.services import staff_preferences_set

    user = UserFactory(email="rbde@lycee.example")
    other = UserFactory(email="direction@lycee.example")
    school = SchoolFactory(bde_email="bde@lycee.example")
    school_rule.recipients_by_school[school.pk] = [
        Recipient(email=user.email, user_id=user.pk),
        Recipient(email=other.email, user_id=other.pk),
    ]
    staff_preferences_set(user=user, disabled_codes=["test_ecole"])
    reminders_plan()

    run_once()

    assert [m.to for m in mail.outbox] == [["direction@lycee.example"]]
    assert "Choisir les rappels que vous recevez : http://127.0.0.1:8000/admin/account/" in (
        mail.outbox[0].body
    )
    skipped = Reminder.objects.get(recipient_email=user.email)
    assert skipped.status == ReminderStatus.SKIPPED
    assert skipped.last_error == "Le destinataire a désactivé ce rappel dans son profil."


def test_a_mandatory_rule_cannot_be_switched_off(school_rule):
    from rappels.services import ReminderError, staff_preferences_set

    school_rule.__class__.optional = False
    try:
        with pytest.raises(ReminderError, match="obligatoire"):
            staff_preferences_set(user=UserFactory(), disabled_codes=["test_ecole"])
    finally:
        school_rule.__class__.optional = True


def test_a_staff_reminder_greets_the_person_by_their_first_name(school_rule):
    school = SchoolFactory(bde_email="bde@lycee.example")
    teacher = UserFactory(first_name="Élise", last_name="Martin", email="elise@lycee.example")
    school_rule.recipients_by_school[school.pk] = [user_recipient(teacher)]
    reminders_plan()

    run_once()

    [message] = mail.outbox
    assert message.body.startswith("Bonjour Élise,\n")
    assert "Élise Martin" not in message.body
    assert "<p>Bonjour Élise,</p>" in message.alternatives[0][0]
