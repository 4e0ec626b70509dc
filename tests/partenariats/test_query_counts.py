"""Staff lists and pages run the same number of queries for 3 rows or 30."""

import datetime
import io

import openpyxl
import pytest

from etablissements.labels import person_name
from tests.entreprises.factories import CompanyFactory
from tests.partenariats.conftest import text
from tests.partenariats.factories import (
    InteractionFactory,
    PartnershipFactory,
    RoadmapActionFactory,
)

pytestmark = pytest.mark.django_db


def _rows(school, teacher, n):
    for _ in range(n):
        partnership = PartnershipFactory(school=school, teacher=teacher)
        InteractionFactory(partnership=partnership)
        RoadmapActionFactory(partnership=partnership)
    return partnership


@pytest.mark.parametrize(
    "url, bound",
    [
        ("/admin/partenariats/", 20),
        ("/admin/partenariats/?status=actif&q=Entreprise&ordering=-convention_end", 20),
        ("/admin/partenariats/?export=csv", 12),
        ("/admin/partenariats/journal/", 20),
        ("/admin/partenariats/feuille-de-route/", 20),
    ],
)
def test_lists_run_a_constant_number_of_queries(
    client_a, school_a, teacher_a, django_assert_max_num_queries, url, bound
):
    for n in (3, 27):
        _rows(school_a, teacher_a, n)
        with django_assert_max_num_queries(bound):
            response = client_a.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)


def test_the_partnership_page_runs_a_constant_number_of_queries(
    client_a, school_a, teacher_a, django_assert_max_num_queries
):
    partnership = _rows(school_a, teacher_a, 1)
    for n in (3, 30):
        InteractionFactory.create_batch(n, partnership=partnership)
        RoadmapActionFactory.create_batch(n, partnership=partnership)
        with django_assert_max_num_queries(25):
            client_a.get(f"/admin/partenariats/inspect/{partnership.pk}/")


@pytest.mark.parametrize("n", [3, 60])
def test_the_journal_reads_its_page_companies_and_authors_in_constant_queries(
    client_a, school_a, teacher_a, n, django_assert_max_num_queries
):
    today = datetime.date.today()
    for i in range(n):
        company = CompanyFactory(name=f"Atelier {i:02d}")
        InteractionFactory(
            partnership=PartnershipFactory(school=school_a, company=company),
            author=teacher_a,
            occurred_on=today - datetime.timedelta(days=i),
        )
    with django_assert_max_num_queries(13):  # the page, its companies, its authors
        page = text(client_a.get("/admin/partenariats/journal/"))
    assert "Atelier 00" in page and "Atelier 02" in page
    if n > 50:  # the newest 50 only
        assert "Atelier 49" in page and "Atelier 50" not in page
    assert person_name(teacher_a) in page  # by name, not login


def test_the_xlsx_export_reads_back_with_dates_and_names_in_constant_queries(
    client_a, school_a, teacher_a, django_assert_max_num_queries
):
    PartnershipFactory(
        school=school_a,
        company=CompanyFactory(name="Boulangerie Dupont"),
        teacher=teacher_a,
        convention_signed_on=datetime.date(2025, 9, 1),
        convention_end=datetime.date(2027, 8, 31),
    )
    for n in (3, 27):
        _rows(school_a, teacher_a, n)
        with django_assert_max_num_queries(7):
            response = client_a.get("/admin/partenariats/", {"export": "xlsx"})
            content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Entreprise", "SIRET") and len(rows) == 1 + 1 + 3 + 27
    dupont = next(row for row in rows if row[0] == "Boulangerie Dupont")
    assert dupont[8:12] == (
        "actif",
        "Élise Martin",
        datetime.datetime(2025, 9, 1),
        datetime.datetime(2027, 8, 31),
    )
    cell = next(c for c in sheet["K"] if c.value == datetime.datetime(2025, 9, 1))
    assert cell.number_format == "dd/mm/yyyy"
