"""The bilan d'activité: comments, submission (record frozen), validation or sending back, PDF."""

import datetime

import pytest
from django.utils import timezone

from formations.services import registration_mark_attendance
from pacte.models import ActivityReportTransition, HoursRedeployment, ReportStatus
from pacte.pdf import activity_report_pdf
from pacte.services import (
    PacteError,
    activity_log_add,
    hours_redeploy,
    redeployable_hours,
    report_for,
    report_save_comments,
    report_send_back,
    report_submit,
    report_validate,
)
from tests.formations.factories import RegistrationFactory
from tests.formations.factories import TutorTrainingFactory as TrainingFactory
from tests.pacte.factories import (
    FAF,
    LIEN,
    RCD,
    SchoolFactory,
    direction,
    engagement,
    lien_of,
    mission,
    rbde,
    teacher,
)
from tests.pacte.test_mission_letter import pdf_text
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 6)


@pytest.fixture
def pacte(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 11, 23))
    school = SchoolFactory(name="LP Roland-Garros")
    boss = direction(school, first_name="Denis", last_name="Roux")
    user = teacher(school, first_name="Élise", last_name="Martin")
    eng = engagement(school, user=user, by=boss)
    return school, boss, user, eng


def test_the_teacher_submits_and_the_direction_validates(pacte):
    school, boss, user, eng = pacte
    report = report_for(eng, lien_of(eng))
    assert report.status == ReportStatus.DRAFT

    with pytest.raises(PacteError, match="Ajoutez vos commentaires"):
        report_submit(engagement=eng, mission=lien_of(eng), by=user)
    with pytest.raises(PacteError, match="Seul l’enseignant concerné"):
        report_save_comments(engagement=eng, mission=lien_of(eng), by=boss, comments="Pas à moi")
    with pytest.raises(PacteError, match="pas remis"):
        report_validate(engagement=eng, mission=lien_of(eng), by=boss)

    report_save_comments(engagement=eng, mission=lien_of(eng), by=user, comments="Brouillon")
    PartnershipFactory(school=school, teacher=user, company__name="Garage Martin")
    report = report_submit(
        engagement=eng, mission=lien_of(eng), by=user, comments="Une année riche."
    )
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    assert report.compiled["counts"]["partenariats_suivis"] == 1
    assert report.compiled["partnerships"] == [
        {"company": "Garage Martin", "status": "actif", "months": "3 mois"}
    ]

    # Frozen: what happens afterwards does not change the submitted record.
    PartnershipFactory(school=school, teacher=user)
    report.refresh_from_db()
    assert report.compiled["counts"]["partenariats_suivis"] == 1
    with pytest.raises(PacteError, match="déjà remis"):
        report_save_comments(engagement=eng, mission=lien_of(eng), by=user, comments="Changement")
    with pytest.raises(PacteError, match="déjà remis"):
        report_submit(engagement=eng, mission=lien_of(eng), by=user)

    for outsider in (rbde(school), user, direction(SchoolFactory())):
        with pytest.raises(PacteError, match="Seule la direction"):
            report_validate(engagement=eng, mission=lien_of(eng), by=outsider)

    report = report_validate(engagement=eng, mission=lien_of(eng), by=boss, comment="Merci.")
    assert report.status == ReportStatus.VALIDATED
    assert report.decided_by == boss and report.decided_at
    steps = ActivityReportTransition.objects.filter(report=report)
    assert [(s.from_status, s.to_status, s.by) for s in steps] == [
        ("brouillon", "remis", user),
        ("remis", "valide", boss),
    ]


def test_a_bilan_sent_back_is_completed_and_submitted_again(pacte):
    _, boss, user, eng = pacte
    report_submit(engagement=eng, mission=lien_of(eng), by=user, comments="Court.")
    with pytest.raises(PacteError, match="Dites à l’enseignant"):
        report_send_back(engagement=eng, mission=lien_of(eng), by=boss, comment=" ")
    report = report_send_back(
        engagement=eng, mission=lien_of(eng), by=boss, comment="Détaillez les formations."
    )
    assert report.status == ReportStatus.SENT_BACK
    assert report.direction_comment == "Détaillez les formations."
    # Back in the teacher's hands: they may log and write again.
    activity_log_add(
        engagement=eng, by=user, occurred_on=DAY, kind="tuteurs", hours=2, description="Visite"
    )
    report = report_submit(engagement=eng, mission=lien_of(eng), by=user, comments="Plus détaillé.")
    assert report.status == ReportStatus.SUBMITTED and report.decided_by is None
    assert report.compiled["counts"]["actions_hors_portail"] == 1


def test_the_bilan_pdf_holds_the_record_the_comments_and_the_decision(pacte):
    school, boss, user, eng = pacte
    training = TrainingFactory(
        school=school,
        title="Accueillir un stagiaire de bac pro MELEC",
        starts_at=timezone.make_aware(datetime.datetime(2026, 10, 6, 14)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 10, 6, 17)),
        leaders=[user],
    )
    for _ in range(3):
        registration_mark_attendance(
            registration=RegistrationFactory(training=training), status="present", by=user
        )
    PartnershipFactory(school=school, teacher=user, company__name="Garage Martin")
    activity_log_add(
        engagement=eng,
        by=user,
        occurred_on=DAY,
        kind="supports",
        hours="1.5",
        description="Fiche du rôle du tuteur",
    )
    report = report_submit(
        engagement=eng, mission=lien_of(eng), by=user, comments="Trois tuteurs très impliqués."
    )
    report_validate(engagement=eng, mission=lien_of(eng), by=boss)
    report.refresh_from_db()

    text = pdf_text(activity_report_pdf(report))

    assert "Bilan d’activité — Pacte en lycée professionnel" in text
    assert "Élise Martin" in text and "2026-2027" in text and "LP Roland-Garros" in text
    assert "sessions de formation des tuteurs animées 1 2" in text  # done 1, target 2
    assert "tuteurs formés (présents, présences relevées) 3" in text
    assert "partenariats suivis 1 10" in text
    assert "06/10/2026 — Accueillir un stagiaire de bac pro MELEC (3 tuteurs présents)" in text
    assert "Garage Martin (actif)" in text
    assert "1,5 h — Fiche du rôle du tuteur" in text
    assert "heures (formations animées et actions hors portail) 4,5 h" in text
    assert "4.5" not in text and "1.5" not in text
    assert "Trois tuteurs très impliqués." in text
    assert "Bilan validé par Denis Roux le" in text


def test_the_direction_redeploys_face_to_face_hours_within_what_is_left(pacte):
    school, boss, user, eng = pacte
    faf = eng.parts.get(mission__code=FAF[0])
    lien = eng.parts.get(mission__code=LIEN)
    other = mission(FAF[1])
    good = {"part": faf, "to_mission": mission(RCD), "hours": 10, "reason": "Emploi du temps"}

    with pytest.raises(PacteError, match="Seule la direction"):
        hours_redeploy(**good, by=rbde(school))
    with pytest.raises(PacteError, match="Seule la direction"):
        hours_redeploy(**good, by=direction(SchoolFactory()))
    with pytest.raises(PacteError, match="Seules les heures de face-à-face"):
        hours_redeploy(**{**good, "part": lien}, by=boss)
    with pytest.raises(PacteError, match="autre mission"):
        hours_redeploy(**{**good, "to_mission": faf.mission}, by=boss)
    with pytest.raises(PacteError, match="mission en heures"):
        hours_redeploy(**{**good, "to_mission": mission(LIEN)}, by=boss)
    with pytest.raises(PacteError, match="entre 1 et 24"):
        hours_redeploy(**{**good, "hours": 25}, by=boss)
    with pytest.raises(PacteError, match="motif"):
        hours_redeploy(**{**good, "reason": ""}, by=boss)
    assert HoursRedeployment.objects.count() == 0

    hours_redeploy(**good, by=boss)
    hours_redeploy(**{**good, "to_mission": other, "hours": 14}, by=boss)
    assert redeployable_hours(faf) == 0
    with pytest.raises(PacteError, match="déjà redéployées"):
        hours_redeploy(**{**good, "hours": 1}, by=boss)
