"""The bilan d'activité: comments, submission (record frozen), validation or sending back, PDF."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from formations.models import TutorTraining
from formations.services import registration_mark_attendance
from pacte.models import (
    ActivityReport,
    ActivityReportTransition,
    Engagement,
    HoursRedeployment,
    ReportStatus,
)
from pacte.pdf import activity_report_data, activity_report_pdf
from pacte.services import (
    PacteError,
    PartSpec,
    activity_log_add,
    hours_redeploy,
    mission_record,
    redeployable_hours,
    report_for,
    report_save_comments,
    report_send_back,
    report_submit,
    report_validate,
    reports_of,
)
from tests.formations.factories import RegistrationFactory
from tests.formations.factories import TutorTrainingFactory as TrainingFactory
from tests.pacte.factories import (
    FAF,
    LIEN,
    LIEN_2023,
    LIEN_2023_PARTNERSHIPS,
    RCD,
    TUTORAT,
    SchoolFactory,
    direction,
    engagement,
    lien_of,
    mission,
    rbde,
    teacher,
    year,
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

    with pytest.raises(PacteError, match="Écrivez le bilan de la mission"):
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
    data = activity_report_data(report)
    assert data["counts"]["partenariats_suivis"] == 1
    assert data["partnerships"] == [
        {"company": "Garage Martin", "status": "actif", "months": "3 mois"}
    ]

    # Handed in, not yet validated: the figures follow what happens (issue 27 §4).
    PartnershipFactory(school=school, teacher=user, company__name="Boulangerie Azur")
    report.refresh_from_db()
    assert activity_report_data(report)["counts"]["partenariats_suivis"] == 2
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
    # Validated: frozen, what happens afterwards no longer changes the record.
    assert report.compiled["counts"]["partenariats_suivis"] == 2
    PartnershipFactory(school=school, teacher=user)
    report.refresh_from_db()
    assert activity_report_data(report)["counts"]["partenariats_suivis"] == 2


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
    assert activity_report_data(report)["counts"]["actions_hors_portail"] == 1


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

    assert "Bilan d’activité — Faire vivre le lien établissement – entreprise" in text
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


def test_each_mission_of_the_lettre_has_its_own_bilan_validated_on_its_own(pacte):
    """« En fin de mission, un bilan d'activité est remis » (seed 002): one per mission."""
    school, boss, user, eng = pacte
    eng = Engagement.objects.with_related().get(pk=eng.pk)
    reports = reports_of(eng)
    assert [r.mission_id for r in reports] == [p.mission_id for p in eng.parts.all()]
    assert len(reports) == 6 and not any(r.pk for r in reports)

    PartnershipFactory(school=school, teacher=user, company__name="Garage Martin")
    tutorat = mission(TUTORAT)
    # A mission the portal does not count: the bilan is the teacher's text, nothing counted.
    written = report_submit(
        engagement=eng, mission=tutorat, by=user, comments="Groupe de huit élèves suivis."
    )
    written = activity_report_data(written)
    assert written["metrics"] == [] and "counts" not in written
    assert written["mission"]["action"] == tutorat.action
    # The lien mission counts what the portal knows.
    counted = report_submit(engagement=eng, mission=lien_of(eng), by=user, comments="Bilan.")
    assert activity_report_data(counted)["counts"]["partenariats_suivis"] == 1
    # The direction validates each one; the others stay as they are.
    report_validate(engagement=eng, mission=tutorat, by=boss)
    statuses = {r.mission_id: r.status for r in ActivityReport.objects.filter(engagement=eng)}
    assert statuses == {tutorat.pk: ReportStatus.VALIDATED, lien_of(eng).pk: "remis"}
    # A mission that is not in this Pacte has no bilan.
    other = mission("lp-forfait-decrochage")
    with pytest.raises(PacteError, match="ne figure pas dans la lettre de mission"):
        report_submit(engagement=eng, mission=other, by=user, comments="x")


def test_the_2023_lien_forfaits_each_count_their_share_of_the_portals_activity(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2024, 6, 20))
    school = SchoolFactory()
    user = teacher(school)
    y = year("2023-2024")
    eng = engagement(
        school,
        user=user,
        school_year=y,
        specs=[
            PartSpec(mission=mission(LIEN_2023, y), targets={"formations_animees": 2}),
            PartSpec(mission=mission(LIEN_2023_PARTNERSHIPS, y)),
        ],
    )
    PartnershipFactory(school=school, teacher=user, company__name="Garage Martin")
    eng = Engagement.objects.with_related().get(pk=eng.pk)
    tutors = mission_record(eng, mission(LIEN_2023, y))
    partners = mission_record(eng, mission(LIEN_2023_PARTNERSHIPS, y))
    assert "partenariats_suivis" not in tutors["counts"] and "partnerships" not in tutors
    assert tutors["targets"] == {"formations_animees": 2}
    assert "formations_animees" not in partners["counts"] and "trainings" not in partners
    assert "partenariats_suivis" in partners["counts"]


def test_a_bilan_handed_in_early_is_announced_and_its_figures_follow_until_validation(
    pacte, client
):
    """Issue 27 §4: handing in on 7 December, the teacher is told the year runs to 31 August
    and what is still planned; the session done afterwards still reaches the direction's page;
    validation freezes it."""
    school, boss, user, eng = pacte
    url = reverse("pacte_admin:report", args=[eng.pk, lien_of(eng).pk])
    starts = timezone.now() + datetime.timedelta(days=3)
    training = TrainingFactory(
        school=school,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        leaders=[user],
    )
    client.force_login(user)
    page = client.get(url).content.decode()
    assert "court jusqu’au 31 août 2027 et 1 session de formation est encore prévue" in page
    assert "ses chiffres suivront votre activité jusqu’à ce que la direction le valide" in page
    assert "Remettre le bilan à la direction dès maintenant" in page
    client.post(url, {"action": "submit", "comments": "Une session faite, une prévue."})
    assert report_for(eng, lien_of(eng)).status == ReportStatus.SUBMITTED

    # The planned session happens and its attendance is taken after the bilan was handed in.
    TutorTraining.objects.filter(pk=training.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    registration_mark_attendance(
        registration=RegistrationFactory(training=training), status="present", by=user
    )
    client.force_login(boss)
    page = client.get(url).content.decode()
    assert "Bilan remis avant la fin de l’année scolaire (31 août 2027)" in page
    assert "ses chiffres suivent encore l’activité" in page
    done = re.search(r"sessions de formation des tuteurs animées</th><td>(\d+)</td>", page)
    assert done and done.group(1) == "1"
    client.post(url, {"action": "validate", "comment": ""})
    report = report_for(eng, lien_of(eng))
    assert report.status == ReportStatus.VALIDATED
    assert report.compiled["counts"]["formations_animees"] == 1
    assert "(figé à la validation)" in client.get(url).content.decode()
