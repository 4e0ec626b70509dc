"""Placement rates in PFMP in the indicators: the académie across schools (and one school's
classes when it opens it), a direction per class and period; a bar chart with the figures
written and the table beside it; the XLSX; read from the refresh's summary rows; counts,
never a pupil's name."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from etablissements.models import School
from etablissements.roles import Role
from etablissements.services import academy_admin_grant
from pfmp.models import PlacementStatusChange
from pfmp.services import placement_assign, placement_set_status
from pilotage import placements_views
from pilotage.placement_figures import placement_figures_refresh
from pilotage.services import indicators_refresh
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user
from tests.pfmp.factories import PeriodFactory, PupilFactory, SchoolClassFactory

pytestmark = pytest.mark.django_db

URL = "/admin/pilotage/placements/?annee=2026-2027"


@pytest.fixture
def schools():
    alpha, beta = SchoolFactory(name="Lycée Alpha"), SchoolFactory(name="Lycée Bêta")
    period = PeriodFactory(school_class=SchoolClassFactory(school=alpha, name="1MELEC"))
    PeriodFactory(
        school_class=period.school_class,
        start=datetime.date(2027, 3, 1),
        end=datetime.date(2027, 3, 26),
    )
    pupils = PupilFactory.create_batch(4, school_class=period.school_class, last_name="Secret")
    for pupil in pupils[:3]:
        placement = placement_assign(pupil=pupil, period=period, company=CompanyFactory())
        placement_set_status(placement=placement, status="accord")
    PupilFactory.create_batch(
        2, school_class=PeriodFactory(school_class=SchoolClassFactory(school=beta)).school_class
    )
    PlacementStatusChange.objects.update(  # agreed 6 days before the period
        changed_at=timezone.make_aware(datetime.datetime(2027, 1, 5, 12))
    )
    placement_figures_refresh(years=[2026], today=datetime.date(2027, 1, 20), now=timezone.now())
    return alpha, beta


@pytest.fixture
def academie(client):
    admin = UserFactory()
    academy_admin_grant(user=admin)
    client.force_login(admin)


def test_the_academie_reads_the_rate_of_every_school_with_a_chart(client, schools, academie):
    alpha, _ = schools
    page = client.get(URL).content.decode()
    assert (
        f'etablissement={alpha.pk}">Lycée Alpha</a></td><td>8</td><td>3</td><td>38 %</td>' in page
    )
    assert "<td>2</td><td>0</td><td>0 %</td>" in page and "Lycée Bêta" in page
    assert "3 élèves placés sur 10" in page and "Secret" not in page
    assert '<svg class="pilotage-chart"' in page and 'role="img"' in page
    assert "Taux de placement par établissement : Lycée Alpha 38 %, Lycée Bêta 0 %" in page
    assert ">38 %</text>" in page  # the figure written at the end of its bar
    assert "1MELEC" not in page  # classes: only once a school is opened
    response = client.get("/admin/pilotage/placements.xlsx?annee=2026-2027")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("Lycée Alpha", 8, 3, "38 %")


def test_the_academie_opens_a_school_and_reads_its_periods(client, schools, academie):
    alpha, _ = schools
    page = client.get(f"{URL}&jours=15&etablissement={alpha.pk}").content.decode()
    assert "<td>1MELEC</td>" in page and "Lycée Bêta" not in page
    assert "<td>4</td><td>0</td><td>0 %</td>" in page  # 15 days before 11/01: none yet
    assert "<td>4</td><td>—</td><td>pas encore</td>" in page  # 15 days before 01/03: to come
    assert "0 élèves placés sur 4 (élèves × périodes ; sans les périodes qui commencent" in page


def test_another_year_shows_nothing_and_a_direction_reads_its_classes_only(client, schools):
    alpha, beta = schools
    client.force_login(staff_user(alpha, Role.DIRECTION))
    page = client.get(URL).content.decode()
    assert "Lycée Bêta" not in page and "<td>1MELEC</td>" in page
    page = client.get(f"{URL}&etablissement={beta.pk}").content.decode()
    assert "Lycée Bêta" not in page and "0 élèves placés sur 0" in page  # not hers
    assert "Secret" not in page
    page = client.get("/admin/pilotage/placements/?annee=2025-2026").content.decode()
    assert "1MELEC" not in page and "pas encore calculés" in page
    client.force_login(staff_user(alpha, Role.RBDE))
    assert client.get("/admin/pilotage/placements/").status_code in (302, 403)
    client.logout()
    assert client.get("/admin/pilotage/placements/").status_code == 302


def test_the_indicators_dashboard_gives_the_rate_and_links_to_the_detail(client, schools):
    alpha, _ = schools
    indicators_refresh()  # the hourly refresh: SchoolYearFigures and the placement rows
    client.force_login(staff_user(alpha, Role.DIRECTION))
    page = client.get("/admin/pilotage/?annee=2026").content.decode()
    assert "<strong>38 %</strong> des élèves placés en PFMP (3 sur 8" in page
    assert "/admin/pilotage/placements/?annee=2026-2027" in page and "Secret" not in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_queries_do_not_grow_with_the_schools_and_classes(client, schools, academie):
    alpha, _ = schools
    urls = [URL, f"{URL}&etablissement={alpha.pk}&jours=7", f"{URL}&departement=31&lycee=Lycée"]
    first = [_queries(client, url) for url in urls]
    for _ in range(4):
        school_class = SchoolClassFactory(school=alpha)
        PupilFactory.create_batch(
            3, school_class=PeriodFactory(school_class=school_class).school_class
        )
        PupilFactory(school_class=PeriodFactory().school_class)  # another school each time
    placement_figures_refresh(years=[2026], today=datetime.date(2027, 1, 20), now=timezone.now())
    assert [_queries(client, url) for url in urls] == first


@pytest.fixture
def spread(schools):
    """Alpha in Toulouse (31), Bêta moved to Montauban (82), a lycée in Ajaccio (2A) and one in
    Bastia (2B): Corsica's two départements share the postcodes 20xxx."""
    alpha, beta = schools
    School.objects.filter(pk=beta.pk).update(postcode="82000", town="Montauban")
    corsica = [
        SchoolFactory(name="Lycée Fesch", postcode="20000", town="Ajaccio"),
        SchoolFactory(name="Lycée Montesoro", postcode="20200", town="Bastia"),
    ]
    for school in corsica:
        PupilFactory(school_class=PeriodFactory(school_class__school=school).school_class)
    placement_figures_refresh(years=[2026], today=datetime.date(2027, 1, 20), now=timezone.now())
    return alpha, beta, *corsica


def _xlsx_rows(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_academie_narrows_its_schools_to_a_departement_or_a_name(client, spread, academie):
    alpha, *_ = spread
    page = client.get(f"{URL}&departement=31").content.decode()
    assert "Lycée Alpha" in page and "Lycée Bêta" not in page and "Lycée Fesch" not in page
    # Text fields the admin's styles draw as fields (an input with no type had no border).
    for field in ("annee", "departement", "lycee"):
        assert f'<input type="text" id="id_{field}"' in page
    assert "Ensemble des établissements retenus :\n  3 élèves placés sur 8" in page
    assert (
        f'href="?annee=2026-2027&amp;jours=0&amp;departement=31&amp;etablissement={alpha.pk}"'
        in page
    )
    assert "placements.xlsx?annee=2026-2027&amp;jours=0&amp;departement=31" in page
    page = client.get(f"{URL}&departement=2a").content.decode()
    assert "Lycée Fesch" in page and "Lycée Montesoro" not in page and "Lycée Alpha" not in page
    page = client.get(f"{URL}&lycee=bastia").content.decode()  # its town
    assert "Lycée Montesoro" in page and "Lycée Fesch" not in page
    page = client.get(f"{URL}&departement=31&lycee=Bêta").content.decode()
    assert "Aucun établissement ne correspond à ces filtres cette année." in page
    page = client.get(f"{URL}&departement=99").content.decode()
    assert "« 99 » n’est pas un département : par exemple 31, 2A ou 974." in page
    assert "Lycée Fesch" in page and "Lycée Alpha" in page  # not filtered then
    page = client.get(f"{URL}&departement=31&etablissement={alpha.pk}").content.decode()
    assert "<td>1MELEC</td>" in page
    assert (
        '<a href="?annee=2026-2027&amp;jours=0&amp;departement=31">Les établissements retenus'
        in page
    )


def test_the_xlsx_follows_the_pages_filters(client, spread, academie):
    response = client.get("/admin/pilotage/placements.xlsx?annee=2026-2027&departement=31")
    assert _xlsx_rows(response)[1:] == [("Lycée Alpha", 8, 3, "38 %")]
    assert "taux-placement-pfmp-2026-2027-departement-31.xlsx" in response["Content-Disposition"]
    response = client.get("/admin/pilotage/placements.xlsx?annee=2026-2027&lycee=Ajaccio")
    assert [row[0] for row in _xlsx_rows(response)[1:]] == ["Lycée Fesch"]
    response = client.get("/admin/pilotage/placements.xlsx?annee=2026-2027")
    assert len(_xlsx_rows(response)) == 5  # the title row and every school


def test_a_filtered_list_is_paginated_with_its_filters(client, spread, academie, monkeypatch):
    monkeypatch.setattr(placements_views, "PER_PAGE", 3)
    page = client.get(f"{URL}&lycee=Lycée&p=2").content.decode()
    assert "Page 2 sur 2" in page and "Lycée Montesoro" in page and "Lycée Alpha" not in page
    assert "Ensemble des établissements retenus :\n  3 élèves placés sur 12" in page
    assert (
        'href="?annee=2026-2027&amp;jours=0&amp;lycee=Lyc%C3%A9e&amp;p=1">Page précédente' in page
    )
    assert _queries(client, f"{URL}&lycee=Lycée&p=2") == _queries(client, f"{URL}&lycee=Lycée")
