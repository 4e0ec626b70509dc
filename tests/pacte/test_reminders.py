"""Pacte reminders through the rappels engine: bilan due (J-30, J-7), submitted, sent back."""

import datetime

import pytest
from django.utils import timezone

from pacte.services import report_send_back, report_submit
from rappels.services import reminders_plan, reminders_scan, reminders_send_batch
from tests.outbox import deliver, mail
from tests.pacte.factories import (
    SchoolFactory,
    direction,
    engagement,
    lien_of,
    rbde,
    submit_all,
    teacher,
)

pytestmark = pytest.mark.django_db

CODES = ["pacte_bilan_a_remettre", "pacte_bilan_remis", "pacte_bilan_renvoye"]


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))


def run(day: datetime.date, codes=CODES) -> list:
    """Plan the Pacte rules on `day`, scan and send: the mails of that run."""
    before = len(mail.outbox)
    reminders_plan(today=day, now=at(day), codes=codes)
    for token in reminders_scan(now=at(day), dispatch=False).tokens:
        reminders_send_batch(token=token)
    deliver()
    return mail.outbox[before:]


@pytest.fixture
def two_teachers():
    school = SchoolFactory(name="LP Roland-Garros")
    boss = direction(school, email="direction@lycee.example")
    rbde(school, email="rbde@lycee.example")
    alice = teacher(school, email="alice@lycee.example", first_name="Alice", last_name="Aubert")
    bruno = teacher(school, email="bruno@lycee.example")
    return (
        school,
        boss,
        engagement(school, user=alice, by=boss),
        engagement(school, user=bruno, by=boss),
    )


def test_the_bilan_due_reminder_goes_30_then_7_days_before_the_year_ends(two_teachers):
    _, _, eng_alice, eng_bruno = two_teachers
    due = ["pacte_bilan_a_remettre"]
    # Bruno already submitted the bilan of each mission: he is not reminded. Alice handed in
    # one of her six: she still is.
    submit_all(eng_bruno)
    report_submit(
        engagement=eng_alice, mission=lien_of(eng_alice), by=eng_alice.teacher, comments="Fait"
    )
    mail.outbox.clear()
    other_school = engagement(SchoolFactory())  # its teacher gets their own, nothing more

    assert run(datetime.date(2027, 7, 15), due) == []
    sent = run(datetime.date(2027, 8, 1), due)
    assert sorted(m.to[0] for m in sent) == sorted(
        ["alice@lycee.example", other_school.teacher.email]
    )
    message = next(m for m in sent if m.to == ["alice@lycee.example"])
    assert message.subject == (
        "Votre bilan d’activité du Pacte 2026-2027 est à remettre avant le 31/08/2027"
    )
    assert "se termine le 31 août 2027" in message.body
    assert f"/admin/pacte/engagement/{eng_alice.pk}/bilans/" in message.body

    assert run(datetime.date(2027, 8, 10), due) == []  # same notice: never twice
    sent = run(datetime.date(2027, 8, 24), due)
    assert sorted(m.to[0] for m in sent) == sorted(
        ["alice@lycee.example", other_school.teacher.email]
    )
    assert run(datetime.date(2027, 8, 30), due) == []
    assert run(datetime.date(2027, 9, 2), due) == []  # the year is over


def test_the_direction_is_told_of_a_submission_and_the_teacher_of_a_sending_back(two_teachers):
    _, boss, eng, _ = two_teachers
    day = datetime.date(2027, 6, 1)
    report_submit(engagement=eng, mission=lien_of(eng), by=eng.teacher, comments="Fait")

    [message] = run(day)
    assert message.to == ["direction@lycee.example"]  # not the RBDE, not another school
    assert message.subject == "Bilan d’activité remis par Alice Aubert"
    assert f"/admin/pacte/engagement/{eng.pk}/bilans/{lien_of(eng).pk}/" in message.body
    assert run(day) == []

    report_send_back(
        engagement=eng, mission=lien_of(eng), by=boss, comment="Détaillez les formations."
    )
    [message] = run(day)
    assert message.to == ["alice@lycee.example"]
    assert message.subject == "Votre bilan d’activité du Pacte 2026-2027 est à compléter"
    assert "« Détaillez les formations. »" in message.body

    # Submitted again: a new submission, a new mail to the direction.
    report_submit(engagement=eng, mission=lien_of(eng), by=eng.teacher, comments="Plus détaillé")
    [message] = run(day)
    assert message.to == ["direction@lycee.example"]


def on_the_day(monkeypatch):
    """`run`, with the clock on `day` (the engine sends one reminder mail a day per person)."""

    def run_on(day, codes=CODES):
        monkeypatch.setattr(timezone, "now", lambda: at(day))
        return run(day, codes)

    return run_on


def test_the_direction_is_reminded_of_letters_to_sign_before_the_years_deadline(
    two_teachers, monkeypatch
):
    run = on_the_day(monkeypatch)
    from pacte.services import mission_letter_prepare, mission_letter_validate

    _, boss, eng_alice, eng_bruno = two_teachers  # 2026-2027: signed by 2 October 2026
    mission_letter_validate(letter=mission_letter_prepare(engagement=eng_bruno), by=boss)
    codes = ["pacte_lettre_a_signer"]

    assert run(datetime.date(2026, 9, 15), codes) == []  # 17 days before
    [message] = run(datetime.date(2026, 9, 18), codes)  # J-14: Alice's only, to the direction
    assert message.to == ["direction@lycee.example"]
    assert message.subject == "Lettre de mission de Alice Aubert à valider avant le 02/10/2026"
    assert "au plus tard le 2 octobre 2026" in message.body
    assert f"/admin/pacte/engagement/{eng_alice.pk}/" in message.body
    assert run(datetime.date(2026, 9, 20), codes) == []  # same notice: never twice
    assert len(run(datetime.date(2026, 9, 29), codes)) == 1  # J-3
    mission_letter_validate(letter=mission_letter_prepare(engagement=eng_alice), by=boss)
    # Nothing more to the direction; only Alice's own notice (sent at once once committed).
    assert [m.to for m in run(datetime.date(2026, 10, 1), codes)] == [["alice@lycee.example"]]


def test_the_teacher_is_reminded_before_a_carried_over_mission_ends(two_teachers, monkeypatch):
    run = on_the_day(monkeypatch)
    from pacte.services import engagement_carry_over
    from tests.pacte.factories import year

    school, boss, _, _ = two_teachers
    user = teacher(school, email="carla@lycee.example", first_name="Carla", last_name="Cruz")
    last = engagement(school, user=user, school_year=year("2025-2026"), by=boss)
    engagement_carry_over(engagement=last, until=datetime.date(2026, 10, 31), by=boss)
    codes = ["pacte_report_se_termine"]

    assert run(datetime.date(2026, 9, 30), codes) == []  # 31 days before
    [message] = run(datetime.date(2026, 10, 1), codes)
    assert message.to == ["carla@lycee.example"]
    assert message.subject == ("Votre mission du Pacte 2025-2026 reportée se termine le 31/10/2026")
    assert f"/admin/pacte/engagement/{last.pk}/bilans/" in message.body
    assert len(run(datetime.date(2026, 10, 24), codes)) == 1  # J-7
    submit_all(last, "Mission terminée en octobre.")
    assert run(datetime.date(2026, 10, 30), codes) == []


def test_the_teacher_is_told_at_once_when_the_direction_validates_their_letter(
    two_teachers, settings, django_capture_on_commit_callbacks
):
    from pacte.services import mission_letter_prepare, mission_letter_validate

    settings.CELERY_TASK_ALWAYS_EAGER = True
    _, boss, eng, _ = two_teachers
    letter = mission_letter_prepare(engagement=eng)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        mission_letter_validate(letter=letter, by=boss)

    # Right after the validation, not with the next hourly reminders.
    [message] = mail.outbox
    assert message.to == ["alice@lycee.example"]
    assert message.subject == "Votre lettre de mission du Pacte 2026-2027 est validée"
    assert message.body.startswith("Bonjour Alice,\n")
    assert "La direction a validé votre lettre de mission du Pacte 2026-2027" in message.body
    assert "/admin/pacte/ma-mission/" in message.body
    today = timezone.localdate()
    assert run(today + datetime.timedelta(days=1), ["pacte_lettre_validee"]) == []  # once


def test_the_letter_mail_waits_for_the_scan_when_the_broker_does_not_answer(two_teachers):
    """Without the task (no commit callback here), the row is due: the next scan sends it."""
    from pacte.services import mission_letter_prepare, mission_letter_validate

    _, boss, eng, _ = two_teachers
    mission_letter_validate(letter=mission_letter_prepare(engagement=eng), by=boss)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    [message] = run(tomorrow, ["pacte_lettre_validee"])

    assert message.to == ["alice@lycee.example"]
    assert run(tomorrow, ["pacte_lettre_validee"]) == []  # once


def test_a_teacher_who_switched_the_notice_off_gets_no_mail_even_at_once(
    two_teachers, settings, django_capture_on_commit_callbacks
):
    from pacte.services import mission_letter_prepare, mission_letter_validate
    from rappels.services import staff_preferences_set

    settings.CELERY_TASK_ALWAYS_EAGER = True
    _, boss, eng, _ = two_teachers
    staff_preferences_set(user=eng.teacher, disabled_codes=["pacte_lettre_validee"])
    letter = mission_letter_prepare(engagement=eng)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        mission_letter_validate(letter=letter, by=boss)

    assert list(mail.outbox) == []
