"""Prospects of a school from the companies register (API Recherche d'entreprises, /near_point).

`responses` answers every HTTP call with a recorded answer of the real API (its README, in
offres/demo_data/, where the demo reads it too): no test reaches the network.
"""

import json

import pytest
import responses
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from entreprises.models import Company
from entreprises.registry import RegistryUnavailable
from etablissements.roles import Role
from offres import demo_prospects
from offres.models import Prospect, ProspectSearch, SchoolDiploma
from offres.prospects import prospects_refresh_due
from offres.services.prospects import prospects_refresh
from partenariats.models import Partnership
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, staff_user

pytestmark = pytest.mark.django_db

API = "https://recherche-entreprises.test"
NEAR = f"{API}/near_point"
RECORDED = demo_prospects.RECORDED
URL = reverse("offres_prospects")


@pytest.fixture(autouse=True)
def _api_on(settings):
    settings.RECHERCHE_ENTREPRISES_ENABLED = True
    settings.RECHERCHE_ENTREPRISES_URL = API
    settings.RECHERCHE_ENTREPRISES_RATE = 7
    settings.PROSPECTS_RADIUS_KM = 15


@pytest.fixture
def api():
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, NEAR, json=json.loads(RECORDED.read_text())["result"])
        yield mock


@pytest.fixture
def school():
    school = SchoolFactory(
        name="LP Coëtlogon", town="Rennes", postcode="35000", latitude=48.11, longitude=-1.68
    )
    SchoolDiploma.objects.create(school=school, name="Bac pro commerce", trade_area="Commerce")
    SchoolDiploma.objects.create(
        school=school, name="Bac pro AGORA", trade_area="gestion-administration"
    )
    return school


def test_the_register_gives_the_active_establishments_of_the_schools_trades(api, school):
    assert prospects_refresh(school=school) == 4
    # Pages 1 to 4 of the answer's total_pages, with the codes of the filières.
    assert len(api.calls) == 4
    query = api.calls[0].request.params
    assert query["lat"] == "48.11000" and query["long"] == "-1.68000" and query["radius"] == "15"
    codes = query["activite_principale"].split(",")
    assert "47.11B" in codes and "70.22Z" in codes and "71.12B" not in codes
    found = dict(Prospect.objects.values_list("siret", "name"))
    # Open ones whose code is of a filière; the closed (« F ») and the engineering firm are not.
    assert found == {
        "83501379800029": "DERBAS AG",
        "77569590100352": "AUBADE PARIS",
        "49265978400028": "AG OFFICE",
        "89270749800028": "AG TRAINING & CONSULTING",
    }
    derbas = Prospect.objects.get(siret="83501379800029")
    assert derbas.town == "RENNES" and derbas.size_band == "1-9"
    assert float(derbas.distance_km) == pytest.approx(1.7, abs=0.1)


def test_an_rbde_adds_two_prospects_and_sees_no_partner_twice(api, school, client):
    CompanyFactory(siret="77569590100352", name="Aubade")
    Partnership.objects.create(
        school=school, company=Company.objects.get(siret="77569590100352"), status="actif"
    )
    prospects_refresh(school=school)
    client.force_login(staff_user(school, role=Role.RBDE))
    page = client.get(URL).content.decode()
    assert "DERBAS AG" in page and "AG OFFICE" in page and "AUBADE" not in page
    for siret in ("83501379800029", "49265978400028"):
        prospect = Prospect.objects.get(siret=siret)
        response = client.post(
            URL, {"etablissement": school.pk, "prospect": prospect.pk, "action": "ajouter"}
        )
        assert response.status_code == 302
    added = Partnership.objects.filter(school=school, status="prospect")
    assert sorted(added.values_list("company__name", flat=True)) == ["AG OFFICE", "DERBAS AG"]
    derbas = Company.objects.get(siret="83501379800029")
    assert derbas.naf_code == "47.11B" and derbas.town == "RENNES"
    page = client.get(URL).content.decode()
    assert "SIRET 83501379800029" not in page and "SIRET 89270749800028" in page


def test_another_schools_rbde_cannot_add_its_prospects(api, school, client):
    prospects_refresh(school=school)
    other = SchoolFactory(name="LP Ailleurs")
    client.force_login(staff_user(other, role=Role.RBDE))
    prospect = Prospect.objects.first()
    response = client.post(
        URL, {"etablissement": school.pk, "prospect": prospect.pk, "action": "ajouter"}
    )
    assert response.status_code == 404
    assert not Partnership.objects.exists()


def test_with_the_adapter_off_the_page_says_how_to_switch_it_on(school, client, settings):
    settings.RECHERCHE_ENTREPRISES_ENABLED = False
    client.force_login(staff_user(school, role=Role.RBDE))
    page = client.get(URL).content.decode()
    assert "RECHERCHE_ENTREPRISES_ENABLED=true" in page
    assert prospects_refresh_due() == {
        "refreshed": 0,
        "stopped": "RECHERCHE_ENTREPRISES_ENABLED=false",
    }


def test_the_periodic_task_refreshes_the_schools_due_once(api, school):
    SchoolFactory(name="LP Sans filière", latitude=48.1, longitude=-1.6)
    assert prospects_refresh_due() == {"refreshed": 1, "stopped": ""}
    assert prospects_refresh_due() == {"refreshed": 0, "stopped": ""}
    assert len(api.calls) == 4


def test_a_failing_api_keeps_the_last_list(school, settings):
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, NEAR, json=json.loads(RECORDED.read_text())["result"])
        prospects_refresh(school=school)
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, NEAR, status=503)
        assert prospects_refresh_due() == {"refreshed": 0, "stopped": ""}  # not due yet
        with pytest.raises(RegistryUnavailable):
            prospects_refresh(school=school)
    assert Prospect.objects.count() == 4
    error = ProspectSearch.objects.get(school=school).error
    assert error.startswith("API Recherche d’entreprises indisponible")


def test_the_page_queries_do_not_grow_with_the_prospects(school, client):
    client.force_login(staff_user(school, role=Role.RBDE))

    def add(count, start):
        Prospect.objects.bulk_create(
            Prospect(
                school=school,
                siret=f"{start + n:014d}",
                name=f"Entreprise {start + n}",
                naf_code="47.11B",
                found_at=timezone.now(),
                distance_km=n,
            )
            for n in range(count)
        )

    add(3, 100)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    add(60, 1000)
    with CaptureQueriesContext(connection) as big:
        page = client.get(URL).content.decode()
    assert len(big) == len(small)
    assert "Page 1 sur 3" in page
