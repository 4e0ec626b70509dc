"""The days done export opens in a spreadsheet: one row per pupil and period, the allowance
from the year's rate table, capped for the year."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from etablissements.roles import Role
from pfmp.models import AllowanceRate
from pfmp.services import placement_assign, placement_set_status
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, staff_user

from .factories import PeriodFactory, PupilFactory, SchoolClassFactory

pytestmark = pytest.mark.django_db


def _done(pupil, period, days):
    placement = placement_assign(pupil=pupil, period=period, company=CompanyFactory())
    for status in ("accord", "convention", "en_cours"):
        placement = placement_set_status(placement=placement, status=status)
    placement_set_status(placement=placement, status="terminee", days_done=days)


def test_the_days_done_workbook_with_the_allowance_capped_for_the_year(client):
    melec = SchoolClassFactory(name="1MELEC", cycle_year="1re_bp")
    first = PeriodFactory(
        school_class=melec, start=datetime.date(2026, 11, 2), end=datetime.date(2026, 11, 27)
    )
    second = PeriodFactory(
        school_class=melec, start=datetime.date(2027, 3, 1), end=datetime.date(2027, 4, 23)
    )
    lea = PupilFactory(school_class=melec, first_name="Léa", last_name="Arnaud")
    PupilFactory(school_class=melec, first_name="Hugo", last_name="Barbier")
    _done(lea, first, 19)
    _done(lea, second, 30)
    client.force_login(staff_user(melec.school, Role.RBDE))
    response = client.get("/admin/pfmp/tableau/jours-effectues.xlsx?annee=2026-2027")
    assert response["Content-Disposition"].endswith('jours-effectues-2026-2027.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[10:15] == [
        "Jours effectués",
        "Taux par jour (€)",
        "Plafond annuel (€)",
        "Allocation due (€)",
        "Allocation attendue si la période est faite (€)",
    ]
    by_pupil = {(r[1], r[5].date()): r for r in rows[1:]}
    assert len(rows) == 5  # 2 pupils × 2 periods
    november = by_pupil[("Arnaud", datetime.date(2026, 11, 2))]
    assert november[7:9] == ["terminée", november[8]] and november[10] == 19
    assert (november[11], november[12], november[13]) == (15, 600, 285)
    march = by_pupil[("Arnaud", datetime.date(2027, 3, 1))]
    assert march[13] == 315  # 30 × 15 = 450, capped at 600 for the year
    assert march[15] == "à vérifier sur le décret"
    hugo = by_pupil[("Barbier", datetime.date(2026, 11, 2))]
    assert (hugo[7], hugo[10], hugo[13], hugo[14]) == ("à trouver", None, 0, 300)  # 20 days


def test_the_rates_are_data_of_each_year():
    terminale = {
        r.school_year: r.yearly_cap for r in AllowanceRate.objects.filter(cycle_year="tle_bp")
    }
    assert (terminale["2023-2024"], terminale["2024-2025"], terminale["2025-2026"]) == (
        800,
        1200,
        1000,
    )


def test_another_school_exports_none_of_these_pupils(client):
    PupilFactory(school_class=PeriodFactory().school_class, last_name="Secret")
    client.force_login(staff_user(SchoolFactory(), Role.RBDE))
    response = client.get("/admin/pfmp/tableau/jours-effectues.xlsx?annee=2026-2027")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1
