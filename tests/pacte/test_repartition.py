import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from pacte.selectors import repartition_for
from pacte.services import PartSpec, engagement_set_parts
from tests.pacte.factories import (
    FAF,
    LIEN,
    SchoolFactory,
    direction,
    engagement,
    mission,
    quick_engagements,
    rbde,
    teacher,
    year,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_with_two_pactes():
    school = SchoolFactory(name="LP Roland-Garros")
    boss = direction(school)
    alice = teacher(school, first_name="Alice", last_name="Aubert")
    bruno = teacher(school, first_name="Bruno", last_name="Blanc")
    engagement(school, user=alice, by=boss)
    eng = engagement(school, user=bruno, by=boss)
    engagement_set_parts(
        engagement=eng,
        parts=[PartSpec(mission=mission(FAF[0]), parts=3), PartSpec(mission=mission(LIEN))],
        by=boss,
    )
    # Another school's Pacte never shows.
    engagement(SchoolFactory(name="Lycée voisin"))
    return school, boss, alice, bruno


def test_the_fiche_counts_parts_per_mission_and_teacher(school_with_two_pactes):
    school, _, alice, bruno = school_with_two_pactes
    rep = repartition_for(school=school, school_year=year())

    assert [t.last_name for t in rep.teachers] == ["Aubert", "Blanc"]
    options = mission(FAF[0])
    assert rep.count(options.pk, alice.pk) == 1
    assert rep.count(options.pk, bruno.pk) == 3
    assert rep.mission_total(options.pk) == 4
    assert rep.totals() == [6, 4]
    assert rep.total == 10
    assert rep.mission_total(mission(LIEN).pk) == 2


def test_the_direction_reads_the_fiche_on_screen_and_as_xlsx(client, school_with_two_pactes):
    school, boss, *_ = school_with_two_pactes
    client.force_login(boss)

    html = client.get("/admin/pacte/repartition/?annee=2026-2027").content.decode()
    assert "Fiche de répartition des missions" in html
    assert "Alice Aubert" in html and "Bruno Blanc" in html
    assert "Lycée voisin" not in html
    assert "Total des parts" in html

    response = client.get(
        f"/admin/pacte/repartition.xlsx?etablissement={school.pk}&annee=2026-2027"
    )
    assert response["Content-Disposition"].endswith('-2026-2027.xlsx"')
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert "LP Roland-Garros" in rows[0][0]
    assert rows[2][3:] == ("Alice Aubert", "Bruno Blanc", "Total")
    options_row = next(
        r for r in rows if r[1] and r[1].startswith("Animer une activité optionnelle")
    )
    assert options_row[3:] == (1, 3, 4)
    assert rows[-2][0] == "Total des parts" and rows[-2][3:] == (6, 4, 10)
    assert rows[-1][0] == "Rémunération (€ bruts)" and rows[-1][3:] == (7500, 5000, 12500)


def test_another_schools_staff_gets_404_and_a_teacher_has_no_fiche(client, school_with_two_pactes):
    school, *_ = school_with_two_pactes
    other = SchoolFactory()
    client.force_login(direction(other))
    assert client.get(f"/admin/pacte/repartition/?etablissement={school.pk}").status_code == 404
    html = client.get("/admin/pacte/repartition/").content.decode()
    assert "Aucun Pacte n’est encore composé" in html and "Alice" not in html

    client.force_login(teacher(school))
    assert client.get("/admin/pacte/repartition/").status_code == 404


def _queries_of(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode(errors="replace")
    return len(ctx.captured_queries), html


# The Wagtail admin chrome (session, user, permissions, menu, locale) costs about ten queries;
# the page's own reads are a handful (schools, years, cells, missions, teachers). The bound is
# pinned at both sizes and the count must not move between them.
MAX_QUERIES = 14
# The school list adds the page of engagements with their parts and their bilans (one per
# mission), the bilans' summary (1) and the lien école-entreprise counts of the page's teachers
# (7, one per kind of activity) and the mentoring months checked in (1).
MAX_LIST_QUERIES = 30  # + the next interim bilan (its count, its notes)


def test_the_fiche_and_the_school_list_run_a_fixed_number_of_queries(client):
    counts = {}
    for size in (3, 20):
        school = SchoolFactory()
        quick_engagements(school, size)
        client.force_login(rbde(school))
        n_fiche, html = _queries_of(client, "/admin/pacte/repartition/")
        assert html.count('<th scope="col">Prof') == size
        n_xlsx, _ = _queries_of(client, "/admin/pacte/repartition.xlsx")
        n_list, html = _queries_of(client, "/admin/pacte/")
        assert html.count("1 RCD + 3 face-à-face + 2 forfaits") == size
        counts[size] = (n_fiche, n_xlsx, n_list)
    assert counts[3] == counts[20], counts
    n_fiche, n_xlsx, n_list = counts[20]
    assert n_fiche <= MAX_QUERIES and n_xlsx <= MAX_QUERIES and n_list <= MAX_LIST_QUERIES, counts
