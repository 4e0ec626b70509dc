"""Placement rates in PFMP in the indicators: the académie across schools, a direction per
class and period; a table and its XLSX; counts, never a pupil's name."""

import io

import pytest
from openpyxl import load_workbook

from etablissements.roles import Role
from etablissements.services import academy_admin_grant
from pfmp.services import placement_assign, placement_set_status
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user
from tests.pfmp.factories import PeriodFactory, PupilFactory, SchoolClassFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools():
    alpha, beta = SchoolFactory(name="Lycée Alpha"), SchoolFactory(name="Lycée Bêta")
    period = PeriodFactory(school_class=SchoolClassFactory(school=alpha, name="1MELEC"))
    pupils = PupilFactory.create_batch(4, school_class=period.school_class, last_name="Secret")
    for pupil in pupils[:3]:
        placement = placement_assign(pupil=pupil, period=period, company=CompanyFactory())
        placement_set_status(placement=placement, status="accord")
    PupilFactory.create_batch(
        2, school_class=PeriodFactory(school_class=SchoolClassFactory(school=beta)).school_class
    )
    return alpha, beta


def test_the_academie_reads_the_rate_of_every_school(client, schools):
    admin = UserFactory()
    academy_admin_grant(user=admin)
    client.force_login(admin)
    page = client.get("/admin/pilotage/placements/?annee=2026-2027").content.decode()
    assert "<td>Lycée Alpha</td><td>4</td><td>3</td><td>75 %</td>" in page
    assert "<td>Lycée Bêta</td><td>2</td><td>0</td><td>0 %</td>" in page
    assert "3 élèves placés sur 6" in page and "Secret" not in page
    response = client.get("/admin/pilotage/placements.xlsx?annee=2026-2027")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("Lycée Alpha", 4, 3, "75 %")


def test_a_direction_reads_its_classes_and_an_rbde_nothing(client, schools):
    alpha, _ = schools
    client.force_login(staff_user(alpha, Role.DIRECTION))
    page = client.get("/admin/pilotage/placements/?annee=2026-2027").content.decode()
    assert "Lycée Bêta" not in page and "<td>1MELEC</td>" in page
    client.force_login(staff_user(alpha, Role.RBDE))
    assert client.get("/admin/pilotage/placements/").status_code in (302, 403)
