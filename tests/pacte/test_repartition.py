import io

import pytest
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
        derogation=True,
        derogation_reason="Options sur trois niveaux",
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
    assert rows[-1][0] == "Total des parts" and rows[-1][3:] == (6, 4, 10)


def test_another_schools_staff_gets_404_and_a_teacher_has_no_fiche(client, school_with_two_pactes):
    school, *_ = school_with_two_pactes
    other = SchoolFactory()
    client.force_login(direction(other))
    assert client.get(f"/admin/pacte/repartition/?etablissement={school.pk}").status_code == 404
    html = client.get("/admin/pacte/repartition/").content.decode()
    assert "Aucun Pacte n’est encore composé" in html and "Alice" not in html

    client.force_login(teacher(school))
    assert client.get("/admin/pacte/repartition/").status_code == 404


@pytest.mark.parametrize("size", [3, 20])
def test_the_fiche_and_the_school_list_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, size
):
    school = SchoolFactory()
    quick_engagements(school, size)
    user = rbde(school)
    client.force_login(user)
    with django_assert_max_num_queries(14):
        html = client.get("/admin/pacte/repartition/").content.decode()
    assert html.count('<th scope="col">Prof') == size
    with django_assert_max_num_queries(14):
        client.get("/admin/pacte/repartition.xlsx")
    with django_assert_max_num_queries(18):
        html = client.get("/admin/pacte/").content.decode()
    assert html.count("1 RCD + 3 face-à-face + 2 forfait(s)") == size
