"""The teacher's mission page, the bilan screen, the direction's overview: what people see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from formations.services import registration_mark_attendance
from pacte.models import ActivityLog, HoursRedeployment, ReportStatus
from pacte.services import activity_log_add, report_submit
from tests.formations.factories import RegistrationFactory
from tests.formations.factories import TutorTrainingFactory as TrainingFactory
from tests.pacte.factories import (
    FAF,
    RCD,
    SchoolFactory,
    direction,
    engagement,
    lien_of,
    mission,
    quick_engagements,
    rbde,
    teacher,
)
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 6)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 11, 23))


@pytest.fixture
def pacte():
    school = SchoolFactory(name="LP Roland-Garros")
    boss = direction(school, first_name="Denis", last_name="Roux")
    user = teacher(school, first_name="Élise", last_name="Martin")
    eng = engagement(school, user=user, by=boss)
    training = TrainingFactory(
        school=school,
        title="Accueillir un stagiaire",
        starts_at=timezone.make_aware(datetime.datetime(2026, 10, 6, 14)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 10, 6, 17)),
        leaders=[user],
    )
    registration_mark_attendance(
        registration=RegistrationFactory(training=training), status="present", by=user
    )
    PartnershipFactory(school=school, teacher=user, company__name="Garage Martin")
    return school, boss, user, eng


def test_the_teacher_reads_their_mission_against_the_lettre_de_mission(client, pacte):
    school, _, user, eng = pacte
    # Another school's teacher with the same kind of activity: never on her page.
    other = SchoolFactory(name="Lycée voisin")
    PartnershipFactory(school=other, teacher=teacher(other), company__name="Ailleurs SA")
    client.force_login(user)

    html = client.get("/admin/pacte/ma-mission/").content.decode()

    assert "Ma mission lien école-entreprise" in html
    assert "Deux sessions de formation des tuteurs, dix partenariats suivis." in html
    assert "Accueillir un stagiaire (1 présent)" in html
    assert "Garage Martin (actif)" in html
    assert "Ailleurs SA" not in html
    assert "En retard" in html  # 1 partnership of 10 at a quarter of the year
    assert "Ma mission Pacte" in html  # her menu entry


def test_the_teacher_logs_an_action_and_a_bad_one_is_refused_in_french(client, pacte):
    _, _, user, eng = pacte
    client.force_login(user)
    url = f"/admin/pacte/engagement/{eng.pk}/actions/ajouter/"

    response = client.post(
        url,
        {"occurred_on": "2026-03-01", "kind": "tuteurs", "hours": "2", "description": "Visite"},
        follow=True,
    )
    assert "La date doit tomber dans l’année scolaire 2026-2027" in response.content.decode()
    assert ActivityLog.objects.count() == 0

    response = client.post(
        url,
        {"occurred_on": "2026-10-10", "kind": "tuteurs", "hours": "2", "description": "Visite"},
        follow=True,
    )
    html = response.content.decode()
    assert "Action notée" in html and "10/10/2026 — accompagnement des tuteurs de stage" in html


def test_another_teacher_cannot_log_on_her_engagement(client, pacte):
    school, _, _, eng = pacte
    client.force_login(teacher(school))
    url = f"/admin/pacte/engagement/{eng.pk}/actions/ajouter/"
    data = {"occurred_on": "2026-10-10", "kind": "tuteurs", "hours": "2", "description": "X"}
    assert client.post(url, data).status_code == 404
    bilan = f"/admin/pacte/engagement/{eng.pk}/bilans/{lien_of(eng).pk}/"
    assert client.get(bilan).status_code == 404
    client.force_login(direction(SchoolFactory()))
    assert client.get(bilan).status_code == 404
    assert client.get(f"/admin/pacte/engagement/{eng.pk}/bilans/").status_code == 404
    assert client.get(bilan[:-1] + ".pdf").status_code == 404
    assert ActivityLog.objects.count() == 0


def test_submit_then_validate_through_the_screens(client, pacte):
    _, boss, user, eng = pacte
    url = f"/admin/pacte/engagement/{eng.pk}/bilans/{lien_of(eng).pk}/"
    client.force_login(user)

    html = client.post(url, {"action": "submit", "comments": ""}).content.decode()
    assert "Écrivez le bilan de la mission avant de le remettre" in html

    html = client.post(
        url, {"action": "submit", "comments": "Une belle année."}, follow=True
    ).content.decode()
    assert "Bilan remis à la direction." in html and "remis à la direction" in html
    assert "Valider le bilan" not in html

    client.force_login(boss)
    html = client.get("/admin/pacte/").content.decode()
    assert "5 à remettre, 1 remis à valider" in html  # one bilan per mission (6 missions)
    html = client.get(url).content.decode()
    assert "Une belle année." in html and "Valider le bilan" in html

    typed = "Précisez les tuteurs formés."
    html = client.post(url, {"action": "send_back", "comment": ""}).content.decode()
    assert "Dites à l’enseignant ce qu’il faut compléter" in html
    html = client.post(url, {"action": "validate", "comment": typed}, follow=True).content.decode()
    assert "Bilan validé." in html and "Validé par Denis Roux" in html
    report = eng.activity_reports.get(mission=lien_of(eng))
    assert report.status == ReportStatus.VALIDATED


def test_the_direction_redeploys_hours_from_the_engagement_page(client, pacte):
    _, boss, user, eng = pacte
    part = eng.parts.get(mission__code=FAF[0])
    client.force_login(boss)
    url = f"/admin/pacte/engagement/{eng.pk}/redeployer/"
    data = {"part": part.pk, "to_mission": mission(RCD).pk, "hours": 30, "reason": "Service"}
    html = client.post(url, data, follow=True).content.decode()
    assert "Indiquez entre 1 et 24 heures" in html
    html = client.post(url, {**data, "hours": 6}, follow=True).content.decode()
    assert "Heures redéployées." in html and "6 h de « Animer une activité optionnelle" in html

    client.force_login(user)  # the teacher sees the engagement but may not redeploy
    client.post(url, {**data, "hours": 6})
    assert HoursRedeployment.objects.count() == 1


def test_the_overview_shows_each_teachers_mission_and_bilan_at_fixed_query_cost(client):
    counts = {}
    for size in (3, 20):
        school = SchoolFactory()
        engagements = quick_engagements(school, size)
        for eng in engagements[:2]:
            activity_log_add(
                engagement=eng,
                by=eng.teacher,
                occurred_on=DAY,
                kind="bde",
                hours=1,
                description="Forum",
            )
        report_submit(
            engagement=engagements[0],
            mission=lien_of(engagements[0]),
            by=engagements[0].teacher,
            comments="Fait",
        )
        client.force_login(direction(school))
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/admin/pacte/").content.decode()
        counts[size] = len(ctx.captured_queries)
        assert html.count("sans objectif chiffré") == size
        assert html.count(">1 remis sur 6<") == 1
        assert f"{6 * size - 1} à remettre, 1 remis à valider" in html
    assert counts[3] == counts[20], counts
    # + the bilans (1 query), + mentoring check-ins (1 query), + the next interim bilan (2)
    assert counts[20] <= 30, counts


def test_the_mission_page_costs_the_same_with_more_activity(client, pacte):
    school, _, user, eng = pacte
    client.force_login(user)
    with CaptureQueriesContext(connection) as small:
        client.get("/admin/pacte/ma-mission/")
    for n in range(15):
        PartnershipFactory(school=school, teacher=user)
        activity_log_add(
            engagement=eng, by=user, occurred_on=DAY, kind="bde", hours=1, description=f"n°{n}"
        )
    with CaptureQueriesContext(connection) as big:
        html = client.get("/admin/pacte/ma-mission/").content.decode()
    assert html.count("— autre action du bureau des entreprises —") == 15
    # The record reads what happened and, beside it, what is planned: constant either way.
    # + check-ins, + the interim bilans written (1 query)
    assert len(small.captured_queries) == len(big.captured_queries) <= 38


def test_rbde_sees_the_overview_but_not_the_decision_buttons(client, pacte):
    school, _, user, eng = pacte
    report_submit(engagement=eng, mission=lien_of(eng), by=user, comments="Fait")
    client.force_login(rbde(school))
    url = f"/admin/pacte/engagement/{eng.pk}/bilans/{lien_of(eng).pk}/"
    html = client.get(url).content.decode()
    assert "Fait" in html and "Valider le bilan" not in html
    html = client.post(url, {"action": "validate"}).content.decode()
    assert "Seule la direction" in html


def test_the_teacher_removes_one_of_her_actions_and_nobody_else_can(client, pacte):
    school, boss, user, eng = pacte
    log = activity_log_add(
        engagement=eng, by=user, occurred_on=DAY, kind="bde", hours=1, description="Forum"
    )
    url = f"/admin/pacte/action/{log.pk}/supprimer/"
    client.force_login(direction(SchoolFactory()))
    assert client.post(url).status_code == 404
    client.force_login(boss)  # sees it, but it is not hers to remove
    assert "Seul l’enseignant concerné" in client.post(url, follow=True).content.decode()
    assert ActivityLog.objects.count() == 1

    client.force_login(user)
    html = client.post(url, follow=True).content.decode()
    assert "Action retirée de votre relevé." in html and "— Forum" not in html
    assert ActivityLog.objects.count() == 0


def test_the_mission_page_is_named_in_its_header_and_not_offered_to_a_superuser(
    client, pacte, django_user_model
):
    _, _, user, _ = pacte
    client.force_login(user)
    html = client.get("/admin/pacte/ma-mission/").content.decode()
    trail = html[html.index('aria-label="Fil d\'Ariane"') :]
    trail = trail[: trail.index("</nav>")]
    assert "Ma mission lien école-entreprise" in trail  # not « Accueil » alone

    client.force_login(django_user_model.objects.create_superuser("tech", "t@x.fr", "x"))
    assert "Ma mission Pacte" not in client.get("/admin/").content.decode()


def test_the_bilan_says_a_session_waits_for_its_attendance_rather_than_0_present(client, pacte):
    """A session held but not yet marked read « (0 présent) » on the bilan, as if nobody came."""
    school, _, user, eng = pacte
    TrainingFactory(
        school=school,
        title="Évaluer en fin de PFMP",
        starts_at=timezone.make_aware(datetime.datetime(2026, 11, 5, 14)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 11, 5, 17)),
        leaders=[user],
    )
    client.force_login(user)

    html = client.get(f"/admin/pacte/engagement/{eng.pk}/bilans/{lien_of(eng).pk}/").content
    text = " ".join(html.decode().split())

    assert "Accueillir un stagiaire (1 présent)" in text
    assert "Évaluer en fin de PFMP (présences à relever)" in text
