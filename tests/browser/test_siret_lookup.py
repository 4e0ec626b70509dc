"""Typing a SIRET fills the company from the national directory (recorded answers, no network)."""

import json
import re
from pathlib import Path

import pytest
import responses
from django.core.cache import cache
from playwright.sync_api import expect

from etablissements.roles import Role
from tests.etablissements.factories import SchoolFactory, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).parent.parent / "entreprises" / "fixtures"
API = "https://recherche-entreprises.test"
PASSWORD = "mot-de-passe-de-test"


@pytest.fixture
def directory(settings):
    settings.RECHERCHE_ENTREPRISES_ENABLED = True
    settings.RECHERCHE_ENTREPRISES_URL = API
    cache.clear()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        # The live server's requests must still reach it.
        mock.add_passthru(re.compile(r"http://(localhost|127\.0\.0\.1)"))
        for siret, name in [("55210055400013", "ouvert"), ("55210055400021", "ferme")]:
            mock.add(
                responses.GET,
                f"{API}/search",
                json=json.loads((FIXTURES / f"recherche_entreprises_{name}.json").read_text()),
                match=[responses.matchers.query_param_matcher({"q": siret}, strict_match=False)],
            )
        # A recorded answer of the real API for a non-diffusible company.
        private = FIXTURES / "recherche-entreprises-reel" / "search-300025764.json"
        mock.add(
            responses.GET,
            f"{API}/search",
            json=json.loads(private.read_text(encoding="utf-8"))["result"],
            match=[
                responses.matchers.query_param_matcher({"q": "30002576400048"}, strict_match=False)
            ],
        )
        yield mock
    cache.clear()


def test_the_public_form_fills_the_company_and_keeps_what_was_typed(
    live_server, page, directory, axe_serious
):
    SchoolFactory(name="Lycée Roland-Garros", town="Toulouse", postcode="31000")
    page.goto(live_server.url + "/entreprises/proposer/mentorat/")
    page.fill("#id_town", "Toulouse Nord")  # typed before: kept
    page.fill("#id_siret", "552 100 554 00013")
    expect(page.locator("#id_company_name")).to_have_value("ATELIERS OCCITANS D'ELECTRICITE")
    expect(page.locator("#id_postcode")).to_have_value("31200")
    expect(page.locator("#id_town")).to_have_value("Toulouse Nord")
    expect(page.get_by_text("Trouvé dans l’annuaire des entreprises")).to_be_visible()
    assert axe_serious(page) == []

    # Another SIRET: the closed establishment is flagged, the fields it filled follow.
    page.fill("#id_siret", "55210055400021")
    expect(page.get_by_text("cet établissement est fermé")).to_be_visible()
    expect(page.locator("#id_postcode")).to_have_value("82000")


def test_a_non_diffusible_company_fills_nothing_on_the_public_form(live_server, page, directory):
    SchoolFactory(name="Lycée Roland-Garros", town="Toulouse", postcode="31000")
    page.goto(live_server.url + "/entreprises/proposer/mentorat/")
    page.fill("#id_siret", "300 025 764 00048")
    expect(page.get_by_text("ses informations ne sont pas diffusibles")).to_be_visible()
    expect(page.get_by_text("Trouvé dans l’annuaire des entreprises")).to_have_count(0)
    for field in ("#id_company_name", "#id_postcode", "#id_town"):
        expect(page.locator(field)).to_have_value("")


def test_the_staff_company_form_fills_naf_size_band_and_address(live_server, page, directory):
    user = staff_user(SchoolFactory(), Role.RBDE, username="rbde-siret")
    user.set_password(PASSWORD)
    user.save()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "rbde-siret")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(live_server.url + "/admin/entreprises/new/")
    page.fill("#id_siret", "55210055400013")
    expect(page.locator("#id_name")).to_have_value("ATELIERS OCCITANS D'ELECTRICITE")
    expect(page.locator("#id_naf_code")).to_have_value("43.21A")
    expect(page.locator("#id_size_band")).to_have_value("10-49")
    expect(page.locator("#id_address")).to_have_value("4 RUE DES ARTISANS")
    expect(page.locator("#id_town")).to_have_value("TOULOUSE")
