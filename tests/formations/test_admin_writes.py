"""The staff screens of formations write through their services (issue 13): what they save."""

import datetime

import pytest
from django.utils import timezone

from formations.models import MentoringPair, MonthlyCheckIn, TutorTraining
from tests.entreprises.factories import ContactFactory
from tests.formations.factories import (
    MentoringPairFactory,
    MonthlyCheckInFactory,
    RegistrationFactory,
    TutorTrainingFactory,
)

pytestmark = pytest.mark.django_db


LONG_AGO = timezone.now() - datetime.timedelta(days=900)


def _mentor_idle(pair):
    type(pair.mentor).objects.filter(pk=pair.mentor_id).update(last_activity_at=LONG_AGO)


def _idle_since(pair):
    pair.mentor.refresh_from_db()
    return pair.mentor.last_activity_at


def test_a_check_in_entered_in_the_admin_restarts_the_mentors_rgpd_clock(client, school, teacher):
    pair = MentoringPairFactory(school=school, teacher=teacher)
    _mentor_idle(pair)
    client.force_login(teacher)
    month = pair.start_date + datetime.timedelta(days=40)
    client.post(
        "/admin/formations/points-mensuels/new/",
        {"pair": pair.pk, "month": month.isoformat(), "hours": "2", "note": "  Visite  "},
    )
    checkin = MonthlyCheckIn.objects.get()
    assert (checkin.month, checkin.hours, checkin.note) == (month.replace(day=1), 2, "Visite")
    assert checkin.entered_by == teacher
    assert _idle_since(pair) > timezone.now() - datetime.timedelta(minutes=1)


def test_a_check_in_corrected_in_the_admin_follows_the_months_rules(client, school, teacher):
    pair = MentoringPairFactory(school=school, teacher=teacher)
    checkin = MonthlyCheckInFactory(pair=pair, hours=1)
    _mentor_idle(pair)
    client.force_login(teacher)
    url = f"/admin/formations/points-mensuels/edit/{checkin.pk}/"
    data = {"pair": pair.pk, "month": checkin.month.isoformat(), "hours": "2.5", "note": "Fait"}
    client.post(url, data)
    checkin.refresh_from_db()
    assert (checkin.hours, checkin.note, checkin.entered_by) == (2.5, "Fait", teacher)
    assert _idle_since(pair) > timezone.now() - datetime.timedelta(minutes=1)

    future = timezone.localdate() + datetime.timedelta(days=45)
    page = client.post(url, data | {"month": future.isoformat()}).content.decode()
    assert "Ce mois n’a pas encore commencé" in page
    checkin.refresh_from_db()
    assert checkin.month == pair.start_date


def _pair_data(school, mentor, teacher, **changes):
    start = timezone.localdate().replace(day=1)
    return {
        "school": school.pk,
        "offer": "",
        "mentor": mentor.pk,
        "student_first_name": "Inès",
        "student_class": "1re MELEC",
        "framing_kind": "association",
        "framing_name": "Article 1",
        "mode": "mixte",
        "start_date": start.isoformat(),
        "planned_end": (start + datetime.timedelta(days=200)).isoformat(),
        "ended_on": "",
        "teacher": teacher.pk,
    } | changes


def test_a_pair_created_in_the_admin_goes_through_mentoring_pair_create(
    rbde_client, school, teacher
):
    mentor = ContactFactory(role="mentor", last_name="Mentor", schools=[school])
    response = rbde_client.post(
        "/admin/formations/mentorat/new/", _pair_data(school, mentor, teacher)
    )
    assert response.status_code == 302
    pair = MentoringPair.objects.get()
    assert (pair.student_first_name, pair.teacher, pair.mentor) == ("Inès", teacher, mentor)

    short = _pair_data(school, mentor, teacher, student_first_name="Léo")
    short["planned_end"] = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    page = rbde_client.post("/admin/formations/mentorat/new/", short).content.decode()
    assert "Un mentorat dure au moins 6 mois" in page
    assert MentoringPair.objects.count() == 1


def test_a_pair_edited_in_the_admin_keeps_the_creations_rules(rbde_client, school, teacher):
    pair = MentoringPairFactory(
        school=school, teacher=teacher, mentor=ContactFactory(role="mentor", schools=[school])
    )
    url = f"/admin/formations/mentorat/edit/{pair.pk}/"
    data = _pair_data(school, pair.mentor, teacher, student_class="Tle MELEC")
    data["start_date"], data["planned_end"] = pair.start_date, pair.planned_end
    rbde_client.post(url, data)
    pair.refresh_from_db()
    assert pair.student_class == "Tle MELEC"

    page = rbde_client.post(url, data | {"planned_end": pair.start_date + datetime.timedelta(30)})
    assert "Un mentorat dure au moins 6 mois" in page.content.decode()
    pair.refresh_from_db()
    assert pair.planned_end == data["planned_end"]


def _training_data(training, school, **changes):
    return {
        "school": school.pk,
        "title": training.title,
        "starts_at": timezone.localtime(training.starts_at).strftime("%Y-%m-%d %H:%M"),
        "ends_at": timezone.localtime(training.ends_at).strftime("%Y-%m-%d %H:%M"),
        "place": "Salle B12",
        "remote_url": "",
        "capacity": "2",
        "topics": [],
        "diplomas": [],
        "description": "",
    } | changes


def test_a_session_edited_in_the_admin_is_saved_with_its_places_in_one_service(
    rbde_client, school, teacher, django_capture_on_commit_callbacks, mailoutbox
):
    training = TutorTrainingFactory(school=school, capacity=1, place="Salle B12")
    RegistrationFactory(training=training)
    waiting = RegistrationFactory(training=training, status="liste_attente", waiting_position=1)
    data = _training_data(training, school, title="Session renommée", leaders=[teacher.pk])
    with django_capture_on_commit_callbacks(execute=True):
        rbde_client.post(f"/admin/formations/sessions/edit/{training.pk}/", data)
    training.refresh_from_db()
    waiting.refresh_from_db()
    assert (training.title, training.capacity) == ("Session renommée", 2)
    assert list(training.leaders.all()) == [teacher]
    assert waiting.status == "inscrit"
    assert mailoutbox[0].subject.startswith("Une place s’est libérée")


def test_the_session_service_refuses_no_place_and_saves_nothing(school):
    from formations.services import FormationError, training_save

    training = TutorTrainingFactory(school=school, capacity=3, title="Avant")
    training.title, training.capacity = "Après", 0
    with pytest.raises(FormationError, match="au moins une place"):
        training_save(training=training)
    assert TutorTraining.objects.get().title == "Avant"
