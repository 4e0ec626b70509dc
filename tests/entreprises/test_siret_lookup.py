"""A company filled in from its SIRET, against recorded answers of the API Recherche d'entreprises.

`responses` answers every HTTP call: a call to an unregistered address fails, so no test reaches
the network.
"""

import datetime
import json
import re
from pathlib import Path

import pytest
import responses
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from entreprises import lookups, registry
from entreprises.models import Company, SiretLookup
from entreprises.tasks import companies_refresh_registry_task
from etablissements.roles import Role
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.formations.factories import TutorTrainingFactory
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
API = "https://recherche-entreprises.test"
SEARCH = re.compile(re.escape(f"{API}/search") + r".*")
OPEN_SIRET = "55210055400013"
CLOSED_SIRET = "55210055400021"
UNKNOWN_SIRET = "44306184100047"
LOOKUP_URL = reverse("entreprises:siret_lookup")


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / f"recherche_entreprises_{name}.json").read_text())


@pytest.fixture(autouse=True)
def directory_on(settings):
    settings.RECHERCHE_ENTREPRISES_ENABLED = True
    settings.RECHERCHE_ENTREPRISES_URL = API
    settings.RECHERCHE_ENTREPRISES_RATE = 7
    settings.RECHERCHE_ENTREPRISES_PAUSE = 300
    settings.SIRET_LOOKUP_RATE = "30/m"
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def answer(api, siret: str, name: str, status: int = 200, headers=None):
    api.add(
        responses.GET,
        f"{API}/search",
        json=recorded(name),
        status=status,
        headers=headers,
        match=[responses.matchers.query_param_matcher({"q": siret}, strict_match=False)],
    )


# The adapter and the cache ---------------------------------------------------------------


def test_an_open_establishment_gives_name_address_naf_and_size_band(api):
    answer(api, OPEN_SIRET, "ouvert")
    result = lookups.siret_lookup(siret=OPEN_SIRET)
    assert result.status == lookups.FOUND
    etab = result.establishment
    assert etab.name == "ATELIERS OCCITANS D'ELECTRICITE"
    assert (etab.address, etab.postcode, etab.town) == ("4 RUE DES ARTISANS", "31200", "TOULOUSE")
    assert etab.naf_code == "43.21A"
    # The establishment's own band (12: 20 to 49), not the legal unit's (21).
    assert etab.size_band == "10-49"
    assert not etab.closed
    row = SiretLookup.objects.get(siret=OPEN_SIRET)
    assert row.found and row.fetched_at is not None
    assert api.calls[0].request.params["q"] == OPEN_SIRET


def test_a_closed_establishment_is_found_among_the_matching_ones_and_flagged(api):
    answer(api, CLOSED_SIRET, "ferme")
    result = lookups.siret_lookup(siret=CLOSED_SIRET)
    assert result.status == lookups.FOUND and result.closed
    assert result.establishment.town == "MONTAUBAN"
    assert lookups.closed_on_date(result) == datetime.date(2024, 6, 30)
    assert SiretLookup.objects.get(siret=CLOSED_SIRET).closed


def test_a_siret_the_directory_does_not_know_is_unknown_and_cached(api):
    answer(api, UNKNOWN_SIRET, "vide")
    assert lookups.siret_lookup(siret=UNKNOWN_SIRET).status == lookups.UNKNOWN
    assert lookups.siret_lookup(siret=UNKNOWN_SIRET).status == lookups.UNKNOWN
    assert len(api.calls) == 1
    assert not SiretLookup.objects.get(siret=UNKNOWN_SIRET).found


def test_the_cache_answers_while_fresh_and_the_api_once_stale(api, settings):
    answer(api, OPEN_SIRET, "ouvert")
    lookups.siret_lookup(siret=OPEN_SIRET)
    lookups.siret_lookup(siret=OPEN_SIRET)
    assert len(api.calls) == 1
    SiretLookup.objects.filter(siret=OPEN_SIRET).update(
        fetched_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert lookups.siret_lookup(siret=OPEN_SIRET).status == lookups.FOUND
    assert len(api.calls) == 2


def test_switched_off_nothing_is_called_and_the_answer_is_unavailable(api, settings):
    settings.RECHERCHE_ENTREPRISES_ENABLED = False
    assert lookups.siret_lookup(siret=OPEN_SIRET).status == lookups.UNAVAILABLE
    assert len(api.calls) == 0
    assert not SiretLookup.objects.exists()


def test_three_failures_pause_the_calls_then_they_start_again(api, settings, monkeypatch):
    api.add(responses.GET, SEARCH, status=502)
    for siret in ["55210055400013", "55210055400021", "44306184100047"]:
        assert lookups.siret_lookup(siret=siret).status == lookups.UNAVAILABLE
    assert len(api.calls) == 3
    assert registry.is_paused()
    # Paused: the fourth lookup does not call the API at all.
    assert lookups.siret_lookup(siret="41816609600069").status == lookups.UNAVAILABLE
    assert len(api.calls) == 3
    later = registry.time.time() + 301
    monkeypatch.setattr(registry.time, "time", lambda: later)
    assert not registry.is_paused()
    api.replace(responses.GET, SEARCH, json=recorded("vide"))
    assert lookups.siret_lookup(siret="41816609600069").status == lookups.UNKNOWN
    assert len(api.calls) == 4


def test_a_timeout_counts_as_a_failure(api):
    import requests

    api.add(responses.GET, SEARCH, body=requests.Timeout("trop lent"))
    assert lookups.siret_lookup(siret=OPEN_SIRET).status == lookups.UNAVAILABLE
    assert cache.get(registry.FAILURES_KEY) == 1


def test_a_429_pauses_for_at_least_its_retry_after(api, settings):
    settings.RECHERCHE_ENTREPRISES_PAUSE = 60
    api.add(responses.GET, SEARCH, status=429, headers={"Retry-After": "900"})
    assert lookups.siret_lookup(siret=OPEN_SIRET).status == lookups.UNAVAILABLE
    assert registry.is_paused()
    assert cache.get(registry.PAUSED_UNTIL_KEY) > registry.time.time() + 800


def test_an_old_answer_is_used_when_the_api_does_not_answer(api):
    SiretLookup.objects.create(
        siret=OPEN_SIRET,
        found=True,
        data={"siret": OPEN_SIRET, "name": "ANCIEN NOM", "town": "TOULOUSE"},
        fetched_at=timezone.now() - datetime.timedelta(days=90),
    )
    api.add(responses.GET, SEARCH, status=503)
    result = lookups.siret_lookup(siret=OPEN_SIRET)
    assert result.status == lookups.FOUND and result.establishment.name == "ANCIEN NOM"


def test_the_client_stays_under_the_apis_rate(api, settings, monkeypatch):
    settings.RECHERCHE_ENTREPRISES_RATE = 2
    now = 1_000_000.25
    monkeypatch.setattr(registry.time, "time", lambda: now)
    api.add(responses.GET, SEARCH, json=recorded("vide"))
    statuses = [
        lookups.siret_lookup(siret=s, wait=0).status
        for s in ["55210055400013", "55210055400021", "44306184100047"]
    ]
    assert statuses == [lookups.UNKNOWN, lookups.UNKNOWN, lookups.UNAVAILABLE]
    assert len(api.calls) == 2
    # Over the rate is not a failure of the API: no pause.
    assert not registry.is_paused()


# The portal's JSON view ------------------------------------------------------------------


def test_the_view_answers_the_company_in_json(client, api):
    answer(api, OPEN_SIRET, "ouvert")
    data = client.get(LOOKUP_URL, {"siret": "552 100 554 00013"}).json()
    assert data["status"] == "found"
    assert data["company"] == {
        "name": "ATELIERS OCCITANS D'ELECTRICITE",
        "naf_code": "43.21A",
        "size_band": "10-49",
        "address": "4 RUE DES ARTISANS",
        "postcode": "31200",
        "town": "TOULOUSE",
    }
    assert data["closed"] is False
    assert "vous pouvez les corriger" in data["message"]


def test_the_view_warns_of_a_closed_establishment(client, api):
    answer(api, CLOSED_SIRET, "ferme")
    data = client.get(LOOKUP_URL, {"siret": CLOSED_SIRET}).json()
    assert data["closed"] is True
    assert "établissement est fermé (depuis le 30 juin 2024)" in data["message"]


def test_the_view_says_to_type_by_hand_an_unknown_siret(client, api):
    answer(api, UNKNOWN_SIRET, "vide")
    data = client.get(LOOKUP_URL, {"siret": UNKNOWN_SIRET}).json()
    assert data["status"] == "unknown"
    assert "remplissez les informations vous-même" in data["message"]


def test_the_view_refuses_a_wrong_siret_in_french_without_calling(client, api):
    response = client.get(LOOKUP_URL, {"siret": "55210055400014"})
    assert response.status_code == 400
    assert "clé de contrôle est fausse" in response.json()["message"]
    assert len(api.calls) == 0


def test_the_view_is_rate_limited_per_visitor(client, api, settings):
    settings.SIRET_LOOKUP_RATE = "3/m"
    answer(api, OPEN_SIRET, "ouvert")
    answers = [client.get(LOOKUP_URL, {"siret": OPEN_SIRET}) for _ in range(4)]
    assert [r.json()["status"] for r in answers] == ["found", "found", "found", "limited"]
    assert "Trop de recherches" in answers[-1].json()["message"]
    other = client.get(LOOKUP_URL, {"siret": OPEN_SIRET}, REMOTE_ADDR="10.0.0.9")
    assert other.json()["status"] == "found"


def test_the_view_is_absent_when_the_directory_is_off(client, api, settings):
    settings.RECHERCHE_ENTREPRISES_ENABLED = False
    response = client.get(LOOKUP_URL, {"siret": OPEN_SIRET})
    assert response.status_code == 404 and response.json()["status"] == "off"
    assert len(api.calls) == 0


# The forms -------------------------------------------------------------------------------


def siret_input(page: str) -> str:
    match = re.search(r'<input[^>]*name="(?:ajout-)?siret"[^>]*>', page)
    assert match, "no SIRET field"
    return match.group(0)


def test_the_public_proposal_form_plugs_its_siret_field_into_the_lookup(client, settings):
    SchoolFactory()
    page = client.get(reverse("offres:submit", kwargs={"slug": "mentorat"})).content.decode()
    field = siret_input(page)
    assert f'data-siret-lookup="{LOOKUP_URL}"' in field
    assert 'data-siret-fill="name=company_name postcode=postcode town=town"' in field
    assert "entreprises/siret-lookup.js" in page
    settings.RECHERCHE_ENTREPRISES_ENABLED = False
    page = client.get(reverse("offres:submit", kwargs={"slug": "mentorat"})).content.decode()
    assert "data-siret-lookup" not in siret_input(page)


def test_the_tutor_registration_plugs_its_siret_field_into_the_lookup(client):
    training = TutorTrainingFactory()
    page = client.get(reverse("formations:training_detail", args=[training.pk])).content.decode()
    field = siret_input(page)
    assert 'data-siret-fill="name=company_name"' in field
    assert "entreprises/siret-lookup.js" in page


def test_the_staff_company_form_plugs_its_siret_field_into_the_lookup(client):
    user = staff_user(SchoolFactory(), Role.RBDE)
    client.force_login(user)
    page = client.get(reverse("entreprises_admin:add")).content.decode()
    field = siret_input(page)
    assert (
        'data-siret-fill="name=name naf_code=naf_code size_band=size_band address=address '
        'postcode=postcode town=town"' in field
    )
    assert "entreprises/siret-lookup.js" in page


# The periodic check of partner companies ------------------------------------------------


def test_the_nightly_check_flags_closed_partner_companies_only(api):
    school = SchoolFactory()
    closed = CompanyFactory(siret=CLOSED_SIRET, name="AOE Montauban")
    open_ = CompanyFactory(siret=OPEN_SIRET, name="AOE Toulouse")
    not_partner = CompanyFactory(siret=UNKNOWN_SIRET)
    PartnershipFactory(school=school, company=closed)
    PartnershipFactory(school=school, company=open_)
    answer(api, CLOSED_SIRET, "ferme")
    answer(api, OPEN_SIRET, "ouvert")
    counts = companies_refresh_registry_task()
    assert counts == {"checked": 2, "closed": 1, "unavailable": 0}
    closed.refresh_from_db()
    open_.refresh_from_db()
    not_partner.refresh_from_db()
    assert closed.closed_on == datetime.date(2024, 6, 30)
    assert closed.registry_checked_at is not None
    assert open_.closed_on is None and open_.registry_checked_at is not None
    assert not_partner.registry_checked_at is None
    # Run again the same night: nothing left to check, nothing called.
    calls = len(api.calls)
    assert companies_refresh_registry_task() == {"checked": 0, "closed": 0, "unavailable": 0}
    assert len(api.calls) == calls


def test_the_nightly_check_stops_when_the_directory_pauses(api):
    school = SchoolFactory()
    for siret in ["55210055400013", "55210055400021", "44306184100047", "41816609600069"]:
        PartnershipFactory(school=school, company=CompanyFactory(siret=siret))
    api.add(responses.GET, SEARCH, status=500)
    counts = companies_refresh_registry_task()
    assert counts == {"checked": 0, "closed": 0, "unavailable": 3}
    assert len(api.calls) == 3
    assert not Company.objects.filter(registry_checked_at__isnull=False).exists()


def test_the_nightly_check_does_nothing_when_off(api, settings):
    settings.RECHERCHE_ENTREPRISES_ENABLED = False
    PartnershipFactory(company=CompanyFactory(siret=OPEN_SIRET))
    assert companies_refresh_registry_task()["checked"] == 0
    assert len(api.calls) == 0


def test_the_rbde_filters_the_closed_establishments(client):
    school = SchoolFactory()
    user = staff_user(school, Role.RBDE)
    closed = CompanyFactory(name="Garage Fermé", closed_on=datetime.date(2024, 6, 30))
    CompanyFactory(name="Garage Ouvert")
    for company in Company.objects.all():
        PartnershipFactory(school=school, company=company)
    client.force_login(user)
    page = client.get(reverse("entreprises_admin:index"), {"closed": "true"}).content.decode()
    assert "Garage Fermé" in page and "Garage Ouvert" not in page
    page = client.get(reverse("entreprises_admin:inspect", args=[closed.pk])).content.decode()
    assert "établissement fermé le" in page.lower()


# Recorded answers of the real API ------------------------------------------------------------

REAL = FIXTURES / "recherche-entreprises-reel"
PRIVATE_SIRET = "30002576400048"  # [NON-DIFFUSIBLE]
DANONE_SIRET = "55203253400703"  # establishment band NN, company band 42
OLD_NAF_SIRET = "44954444400010"  # closed, NAF rev. 1 code 51.4A
GANYMEDE_SIRET = "88087814500015"  # closed head office, NAF 62.02A


def real_answer(api, siret: str, name: str):
    body = json.loads((REAL / f"search-{name}.json").read_text(encoding="utf-8"))["result"]
    api.add(
        responses.GET,
        f"{API}/search",
        json=body,
        match=[responses.matchers.query_param_matcher({"q": siret}, strict_match=False)],
    )


def test_a_non_diffusible_company_is_known_but_private_and_nothing_is_filled(client, api):
    real_answer(api, PRIVATE_SIRET, "300025764")
    result = lookups.siret_lookup(siret=PRIVATE_SIRET)
    assert result.status == lookups.PRIVATE
    etab = result.establishment
    assert etab.private and not etab.closed
    assert (etab.name, etab.address, etab.postcode, etab.town) == ("", "", "", "")
    assert (etab.latitude, etab.longitude, etab.naf_code) == ("", "", "")
    assert "NON-DIFFUSIBLE" not in json.dumps(SiretLookup.objects.get(siret=PRIVATE_SIRET).data)
    data = client.get(LOOKUP_URL, {"siret": PRIVATE_SIRET}).json()
    assert data["status"] == "private" and "company" not in data
    assert "Trouvé" not in data["message"] and "NON-DIFFUSIBLE" not in json.dumps(data)
    assert "remplissez-les vous-même" in data["message"]


def test_a_cached_answer_with_masked_fields_is_read_as_private():
    SiretLookup.objects.create(
        siret=PRIVATE_SIRET,
        found=True,
        data={"siret": PRIVATE_SIRET, "name": "[NON-DIFFUSIBLE]", "postcode": "[NON-"},
        fetched_at=timezone.now(),
    )
    result = lookups.siret_lookup(siret=PRIVATE_SIRET)
    assert result.status == lookups.PRIVATE and result.establishment.name == ""


def test_band_nn_is_not_sans_salarie_and_the_company_band_is_used(client, api):
    real_answer(api, DANONE_SIRET, "552032534")
    etab = lookups.siret_lookup(siret=DANONE_SIRET).establishment
    assert etab.name == "DANONE"
    assert etab.size_band == "250-4999"  # the legal unit's band 42 (1,000 to 1,999)
    assert (etab.address, etab.postcode, etab.town) == ("59-61 RUE LA FAYETTE", "75009", "PARIS")
    assert etab.naf_code == "70.10Z"
    assert registry.SIZE_BANDS.get("NN") is None


def test_an_old_naf_code_of_a_closed_establishment_is_not_filled(client, api):
    real_answer(api, OLD_NAF_SIRET, "Ganymede")
    result = lookups.siret_lookup(siret=OLD_NAF_SIRET)
    assert result.status == lookups.FOUND and result.closed
    assert result.establishment.name == "GANYMEDE"
    assert result.establishment.naf_code == ""  # "51.4A": the portal's NAF check would refuse it
    assert result.establishment.size_band == ""  # NN for both: unknown, not « sans salarié »
    data = client.get(LOOKUP_URL, {"siret": OLD_NAF_SIRET}).json()
    assert data["company"]["naf_code"] == "" and data["closed"] is True


def test_a_closed_head_office_from_a_real_answer(client, api):
    real_answer(api, GANYMEDE_SIRET, "88087814500015")
    result = lookups.siret_lookup(siret=GANYMEDE_SIRET)
    assert result.status == lookups.FOUND and result.closed
    assert lookups.closed_on_date(result) == datetime.date(2022, 10, 22)
    etab = result.establishment
    assert (etab.name, etab.naf_code, etab.postcode, etab.town) == (
        "GANYMEDE",
        "62.02A",
        "75008",
        "PARIS 8",
    )
    assert etab.address == "128 RUE LA BOETIE"


def test_the_nightly_check_flags_a_closed_non_diffusible_establishment(api):
    body = json.loads((REAL / "search-300025764.json").read_text(encoding="utf-8"))["result"]
    body["results"][0]["siege"].update(etat_administratif="F", date_fermeture="2026-03-31")
    api.add(responses.GET, f"{API}/search", json=body)
    company = CompanyFactory(siret=PRIVATE_SIRET, name="Saisi à la main")
    PartnershipFactory(company=company)
    assert companies_refresh_registry_task()["closed"] == 1
    company.refresh_from_db()
    assert company.closed_on == datetime.date(2026, 3, 31)
    assert company.name == "Saisi à la main"
