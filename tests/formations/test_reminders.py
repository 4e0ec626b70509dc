"""The reminders of tutor trainings, mentoring and events, through the real engine."""

import datetime

import pytest
from django.utils import timezone

from formations import services
from formations.models import add_months
from rappels.models import Reminder, ReminderStatus
from rappels.services import reminders_plan, reminders_scan, reminders_send_batch
from tests.entreprises.factories import ContactFactory
from tests.formations.factories import (
    EventFactory,
    InvitationFactory,
    MentoringPairFactory,
    MonthlyCheckInFactory,
    RegistrationFactory,
    TutorTrainingFactory,
    in_days,
)
from tests.outbox import deliver, mail

pytestmark = pytest.mark.django_db

CODES = [
    "formation_tuteur_avant_session",
    "formation_tuteur_avant_session_animateur",
    "formation_tuteur_presences_manquantes",
    "mentorat_point_mensuel",
    "mentorat_fin_six_mois",
    "mentorat_points_manquants",
    "evenement_rappel_invite",
    "formation_tuteur_avis",
]


def plan_and_send(today=None):
    reminders_plan(today=today, codes=CODES)
    result = reminders_scan(dispatch=False)
    for token in result.tokens:
        reminders_send_batch(token=token)
    deliver()


def mails_to(email):
    deliver()
    return [m for m in mail.outbox if m.to == [email]]


def test_tutors_and_leaders_are_reminded_7_days_and_1_day_before_once(school, teacher):
    week = TutorTrainingFactory(school=school, starts_at=in_days(7), leaders=[teacher])
    tomorrow = TutorTrainingFactory(school=school, starts_at=in_days(1), title="Demain")
    TutorTrainingFactory(school=school, starts_at=in_days(3))  # no reminder that day
    RegistrationFactory(training=week, contact__email="tuteur@garage.example")
    RegistrationFactory(training=tomorrow, contact__email="demain@garage.example")
    RegistrationFactory(training=week, status="annule", contact__email="annule@garage.example")
    RegistrationFactory(
        training=week, status="liste_attente", waiting_position=1, contact__email="att@x.example"
    )

    plan_and_send()
    plan_and_send()  # planned again the same day: nothing more

    [to_tutor] = mails_to("tuteur@garage.example")
    assert "Dans une semaine" in to_tutor.body
    assert week.title in to_tutor.body
    assert "/formations/inscription/annuler/" in to_tutor.body
    assert "List-Unsubscribe" in to_tutor.extra_headers  # outside the school: can stop them
    [to_tomorrow] = mails_to("demain@garage.example")
    assert "C’est demain" in to_tomorrow.body
    [to_teacher] = mails_to(teacher.email)
    assert "Vous animez" in to_teacher.body and "1 inscrit sur 10 places" in to_teacher.body
    assert f"/formations/animation/{week.pk}/presence/" in to_teacher.body
    assert not mails_to("annule@garage.example") and not mails_to("att@x.example")
    assert Reminder.objects.filter(recipient_email="tuteur@garage.example").get().school == school


def test_a_tutor_who_cancels_after_planning_gets_no_reminder(school):
    training = TutorTrainingFactory(school=school, starts_at=in_days(1))
    registration = RegistrationFactory(training=training, contact__email="parti@x.example")
    reminders_plan(codes=CODES)
    services.registration_cancel(registration=registration)

    result = reminders_scan(dispatch=False)
    for token in result.tokens:
        reminders_send_batch(token=token)
    deliver()

    # Only the confirmation of the cancellation, no reminder of the session.
    assert [m.subject for m in mails_to("parti@x.example")] == [
        f"Inscription annulée : {training.title}"
    ]
    row = Reminder.objects.get(recipient_email="parti@x.example")
    assert row.status == ReminderStatus.SKIPPED


def test_the_leader_is_told_the_day_after_when_attendance_is_missing(school, teacher, rbde):
    missing = TutorTrainingFactory(
        school=school, starts_at=in_days(-1, hour=9), leaders=[teacher], title="Sans présences"
    )
    done = TutorTrainingFactory(school=school, starts_at=in_days(-1, hour=9), leaders=[teacher])
    registration = RegistrationFactory(training=done)
    services.registration_mark_attendance(registration=registration, status="present")
    TutorTrainingFactory(school=school, starts_at=in_days(-2, hour=9), title="Orpheline")

    plan_and_send()
    plan_and_send()

    [to_teacher] = mails_to(teacher.email)
    assert to_teacher.subject == "Présences à relever : Sans présences"
    assert f"/formations/animation/{missing.pk}/presence/" in to_teacher.body
    # With no leading teacher, the RBDE is told.
    [to_rbde] = mails_to(rbde.email)
    assert "Orpheline" in to_rbde.body
    assert done.title not in to_teacher.body


def test_the_mentor_is_asked_for_last_month_by_a_signed_link(school, teacher):
    today = timezone.localdate()
    start = add_months(today.replace(day=1), -3)
    MentoringPairFactory(
        school=school,
        teacher=teacher,
        start_date=start,
        planned_end=add_months(start, 7),
        mentor=ContactFactory(email="mentor@banque.example", role="mentor"),
        student_first_name="Inès",
    )
    answered = MentoringPairFactory(
        school=school,
        start_date=start,
        planned_end=add_months(start, 7),
        mentor=ContactFactory(email="ok@banque.example", role="mentor"),
    )
    MonthlyCheckInFactory(pair=answered, month=add_months(today.replace(day=1), -1), hours=3)

    plan_and_send()

    [message] = mails_to("mentor@banque.example")
    assert "Inès" in message.body and "au moins 2 heures par mois" in message.body
    assert "/formations/mentorat/point/" in message.body
    assert not mails_to("ok@banque.example")


def test_notice_before_the_six_months_and_two_missing_checkins_go_to_the_teacher(school, teacher):
    today = timezone.localdate()
    # Six months minimum reached in 10 days.
    ending_start = add_months(today + datetime.timedelta(days=10), -6)
    MentoringPairFactory(
        school=school,
        teacher=teacher,
        start_date=ending_start,
        planned_end=add_months(ending_start, 8),
        student_first_name="Yanis",
    )
    # Started four months ago, no check-in for the last two months.
    quiet_start = add_months(today.replace(day=1), -4)
    quiet = MentoringPairFactory(
        school=school,
        teacher=teacher,
        start_date=quiet_start,
        planned_end=add_months(quiet_start, 7),
        student_first_name="Léa",
    )
    MonthlyCheckInFactory(pair=quiet, month=quiet_start, hours=2)

    plan_and_send()

    [message] = mails_to(teacher.email)  # both items in one mail
    assert "Yanis" in message.body and "6 mois minimum" in message.body
    assert "Léa" in message.body and "depuis deux mois" in message.body


def test_invited_partners_are_reminded_two_days_before_unless_they_declined(school):
    event = EventFactory(school=school, starts_at=in_days(2, hour=18), title="Job dating")
    InvitationFactory(event=event, email="vient@x.example", rsvp="oui")
    InvitationFactory(event=event, email="muet@x.example")
    InvitationFactory(event=event, email="non@x.example", rsvp="non")

    plan_and_send()

    assert "Modifier ma réponse" not in mails_to("vient@x.example")[0].body
    assert "Job dating" in mails_to("vient@x.example")[0].body
    assert "Dites-nous si vous venez" in mails_to("muet@x.example")[0].body
    assert "/formations/evenements/reponse/" in mails_to("muet@x.example")[0].body
    assert not mails_to("non@x.example")


def test_a_place_opened_while_the_mail_server_was_down_is_sent_by_the_outbox(school, settings):
    from courriels.models import Email, EmailStatus

    training = TutorTrainingFactory(school=school, capacity=1)
    leaving = RegistrationFactory(training=training)
    waiting = RegistrationFactory(
        training=training,
        status="liste_attente",
        waiting_position=1,
        contact__email="attente@garage.example",
    )
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nobody listens
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    services.registration_cancel(registration=leaving)  # no error for the tutor
    deliver()
    waiting.refresh_from_db()
    assert waiting.status == "inscrit"
    row = Email.objects.get(to_email="attente@garage.example")
    assert row.status == EmailStatus.PENDING and "ConnectionRefusedError" in row.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Email.objects.filter(pk=row.pk).update(due_at=timezone.now())
    [message] = mails_to("attente@garage.example")
    assert message.subject == f"Une place s’est libérée : {training.title}"
    assert "/formations/inscription/annuler/" in message.body
    [(name, content, mimetype)] = message.attachments
    assert name == "formation-tuteurs.ics" and mimetype.startswith("text/calendar")
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in text and training.title in text
    assert mails_to("attente@garage.example") == [message]  # sent once


def test_present_tutors_are_asked_their_opinion_the_day_after_once(school):
    training = TutorTrainingFactory(school=school, starts_at=in_days(-1, hour=9))
    RegistrationFactory(training=training, status="present", contact__email="vu@x.example")
    RegistrationFactory(training=training, status="absent", contact__email="absent@x.example")
    given = RegistrationFactory(training=training, status="present", contact__email="dit@x.example")
    services.feedback_submit(registration=given, satisfaction=5)

    plan_and_send()
    plan_and_send()

    [message] = mails_to("vu@x.example")
    assert "Votre avis nous aide" in message.body and "/formations/avis/" in message.body
    assert not mails_to("absent@x.example") and not mails_to("dit@x.example")
