import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from offres.models import Submission, SubmissionEvent, SubmissionKind
from pilotage.pipeline import parcoursup_alert_season
from tests.offres.factories import SubmissionFactory, age, good_details

SPEC = SubmissionKind.SPECIALISATION


@pytest.fixture
def requests(school_a, school_b):
    main = SubmissionFactory(
        kind=SPEC, schools=[school_a], company__name="Éoliennes du Sud", before_parcoursup=True
    )
    SubmissionFactory(
        kind=SPEC,
        schools=[school_a],
        company__name="Vent d’Autan",
        joins=main,
        details=good_details(SPEC, hires=2),
    )
    age(main, 40)
    other = SubmissionFactory(
        kind=SPEC,
        schools=[school_b],
        company__name="Boulangerie Bêta",
        details=good_details(SPEC, course_type="fcil", trade="boulangerie bio", hires=1),
    )
    SubmissionFactory(kind=SubmissionKind.MENTORING, schools=[school_a], company__name="Mentor")
    return main, other


def test_the_alert_season_runs_from_mid_september_to_mid_january():
    assert parcoursup_alert_season(datetime.date(2026, 10, 1))
    assert parcoursup_alert_season(datetime.date(2027, 1, 10))
    assert not parcoursup_alert_season(datetime.date(2027, 3, 1))


def test_the_academy_sees_every_request_with_companies_hires_and_age(
    client, requests, academy_admin
):
    client.force_login(academy_admin)
    page = client.get("/admin/pilotage/demandes-de-formation/").content.decode()
    assert "2 demandes" in page
    assert "Éoliennes du Sud" in page and "Boulangerie Bêta" in page
    assert "Mentor" not in page  # not a specialisation request
    assert "2 entreprises (avec Vent d’Autan)" in page
    assert "5 recrutements annoncés" in page  # 3 + 2
    assert "depuis 40 jours" in page
    assert "formation complémentaire d’initiative locale (FCIL)" in page
    # Before Parcoursup and not sent on: it stands out.
    assert "À transmettre avant l’offre de janvier" in page
    assert "Faire avancer" in page


def test_the_direction_sees_its_schools_requests_and_cannot_move_them(
    client, requests, direction_a
):
    main, other = requests
    client.force_login(direction_a)
    page = client.get("/admin/pilotage/demandes-de-formation/").content.decode()
    assert "Éoliennes du Sud" in page and "Boulangerie Bêta" not in page
    assert "Faire avancer" not in page
    url = f"/admin/pilotage/demandes-de-formation/{main.pk}/suivi/"
    client.post(url, {"followup_status": "transmise", "comment": "Envoyée."})
    main.refresh_from_db()
    assert main.followup_status == "recue"


def test_the_academy_moves_a_request_with_a_comment(client, requests, academy_admin):
    main, _ = requests
    client.force_login(academy_admin)
    url = f"/admin/pilotage/demandes-de-formation/{main.pk}/suivi/"
    response = client.post(
        url, {"followup_status": "transmise", "comment": "Envoyée à la Région."}, follow=True
    )
    assert "« transmise au rectorat / à la Région »" in response.content.decode()
    main.refresh_from_db()
    assert main.followup_status == "transmise"
    assert main.sent_on_at == timezone.localdate()
    event = SubmissionEvent.objects.get(submission=main, field="followup")
    assert (event.to_value, event.comment, event.by) == (
        "transmise",
        "Envoyée à la Région.",
        academy_admin,
    )
    page = client.get("/admin/pilotage/demandes-de-formation/").content.decode()
    assert f"transmise le {timezone.localdate():%d/%m/%Y}" in page
    assert "Envoyée à la Région." in client.get(url).content.decode()


def test_a_step_without_comment_is_refused_and_nothing_changes(client, requests, academy_admin):
    main, _ = requests
    client.force_login(academy_admin)
    url = f"/admin/pilotage/demandes-de-formation/{main.pk}/suivi/"
    page = client.post(url, {"followup_status": "ouverte", "comment": "  "}).content.decode()
    assert "Écrivez un commentaire" in page
    assert re.search(r'value="ouverte"[^>]*checked', page)  # the choice is kept
    main.refresh_from_db()
    assert main.followup_status == "recue"


def test_a_finished_follow_up_cannot_move_again(client, requests, academy_admin):
    main, _ = requests
    Submission.objects.filter(pk=main.pk).update(followup_status="refusee")
    client.force_login(academy_admin)
    url = f"/admin/pilotage/demandes-de-formation/{main.pk}/suivi/"
    page = client.post(url, {"followup_status": "ouverte", "comment": "Finalement."})
    assert "Le suivi de cette demande est terminé" in page.content.decode()
    main.refresh_from_db()
    assert main.followup_status == "refusee"
    assert not SubmissionEvent.objects.filter(submission=main, field="followup").exists()


def test_the_region_export_has_one_row_per_request(client, requests, academy_admin):
    client.force_login(academy_admin)
    response = client.get("/admin/pilotage/demandes-de-formation.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Date de la demande", "Entreprise", "SIRET", "Type de formation")
    by_company = {row[1]: row for row in rows[1:]}
    assert set(by_company) == {"Éoliennes du Sud", "Boulangerie Bêta"}
    assert by_company["Éoliennes du Sud"][6] == 5
    assert by_company["Éoliennes du Sud"][7] == "Vent d’Autan"
    assert by_company["Éoliennes du Sud"][-1] == "oui"


@pytest.mark.parametrize("size", [2, 12])
def test_pipeline_queries_do_not_grow(
    client, school_a, academy_admin, django_assert_max_num_queries, size
):
    for _ in range(size):
        main = SubmissionFactory(kind=SPEC, schools=[school_a])
        SubmissionFactory(kind=SPEC, schools=[school_a], joins=main)
    client.force_login(academy_admin)
    with django_assert_max_num_queries(13):
        page = client.get("/admin/pilotage/demandes-de-formation/").content.decode()
    assert page.count("Faire avancer<") == size
    with django_assert_max_num_queries(9):
        client.get("/admin/pilotage/demandes-de-formation.xlsx")


def test_a_joined_request_shows_the_same_figures_to_the_public_and_the_academy(
    client, school_a, academy_admin
):
    """Issue 27 §1: 4 hires + a company joining with 2 = 6, on the public list, the join page,
    the académie's pipeline and its XLSX; a withdrawn or refused join counts nowhere."""
    main = SubmissionFactory(
        kind=SPEC, schools=[school_a], status="acceptee", details=good_details(SPEC, hires=4)
    )
    SubmissionFactory(
        kind=SPEC,
        schools=[school_a],
        joins=main,
        status="acceptee",
        details=good_details(SPEC, hires=2),
    )
    for status in ("retiree", "refusee"):
        SubmissionFactory(
            kind=SPEC, schools=[school_a], joins=main, status=status, details=good_details(SPEC)
        )

    public = client.get("/entreprises/demandes-de-formation/").content.decode()
    assert "6 recrutements envisagés · 2 entreprises" in public
    join = client.get(f"/entreprises/demandes-de-formation/{main.pk}/rejoindre/").content.decode()
    assert "rejointe par 1 autre : 6 recrutements envisagés en tout" in join

    client.force_login(academy_admin)
    pipeline = client.get("/admin/pilotage/demandes-de-formation/").content.decode()
    assert "2 entreprises" in pipeline and "6 recrutements annoncés" in pipeline
    response = client.get("/admin/pilotage/demandes-de-formation.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[header.index("Recrutements envisagés (toutes entreprises)")] == 6
