"""The bureau des entreprises' workspace, played in a browser: an RBDE records a company (a bad
SIRET first), finds it on its page with its partnership, and the public directory lists the
companies that opted in."""

import pytest
from playwright.sync_api import expect

from etablissements.roles import Role
from tests.entreprises.factories import CompanyFactory, ContactFactory, valid_siret
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.partenariats.factories import PartnershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mot-de-passe-de-test"


def _login(page, live_server, user):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(live_server.url + "/admin/")


def test_an_rbde_records_a_company_and_sees_it_on_one_page(live_server, page):
    school = SchoolFactory(name="Lycée Alpha")
    other = SchoolFactory(name="Lycée Bêta")
    rbde = staff_user(school, Role.RBDE)
    theirs = CompanyFactory(name="Boulangerie Bêta")
    PartnershipFactory(school=other, company=theirs)
    ContactFactory(company=theirs, first_name="Bruno", last_name="Secret", schools=[other])
    _login(page, live_server, rbde)

    page.goto(live_server.url + "/admin/entreprises/new/")
    page.fill("#id_siret", "552 100 554")
    page.fill("#id_name", "Menuiserie des Minimes")
    page.fill("#id_postcode", "31200")
    page.fill("#id_town", "Toulouse")
    page.locator("main form button[type=submit]").first.click()
    # The form comes back with the message (expect waits for the reloaded page).
    expect(page.get_by_text("Le SIRET compte 14 chiffres ; vous en avez saisi 9.")).to_be_visible()
    assert page.input_value("#id_name") == "Menuiserie des Minimes"

    page.fill("#id_siret", valid_siret(777))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/admin/entreprises/inspect/*/")
    body = page.locator("main").inner_text()
    assert "Menuiserie des Minimes" in body and "Lycée Alpha" in body and "prospect" in body
    assert "31" in body  # département derived from the postcode

    # The other school's company exists: typing its SIRET opens no second record.
    page.goto(live_server.url + "/admin/entreprises/new/")
    page.fill("#id_siret", theirs.siret)
    page.fill("#id_name", "Doublon")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("ne travaille pas encore avec votre lycée")
    body = page.locator("main").inner_text()
    assert "ne travaille pas encore avec votre lycée" in body
    assert "Bruno" not in body and "Lycée Bêta" not in body


def test_the_public_directory_lists_filters_and_opens_a_company(
    site, live_server, page, axe_serious
):
    school = SchoolFactory(name="Lycée Alpha")
    listed = CompanyFactory(
        name="Brasserie Ouverte", naf_code="56.10A", postcode="82000", town="Montauban",
        listed=True, cmq=True,
    )  # fmt: skip
    CompanyFactory(name="Électricité Visible", listed=True)
    CompanyFactory(name="Garage Discret")
    PartnershipFactory(school=school, company=listed)
    ContactFactory(company=listed, first_name="Jeanne", last_name="Privée")

    page.goto(live_server.url + "/entreprises-partenaires/")
    table = page.locator("main .annuaire-liste").inner_text()
    assert "Brasserie Ouverte" in table and "Électricité Visible" in table
    assert "Garage Discret" not in table
    assert axe_serious(page) == []

    page.fill("input[name=departement]", "82")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**departement=82*")
    table = page.locator("main .annuaire-liste").inner_text()
    assert "Brasserie Ouverte" in table and "Électricité Visible" not in table

    page.get_by_role("link", name="Brasserie Ouverte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brasserie Ouverte")
    body = page.locator("body").inner_text()
    assert "Lycée Alpha" in body and "Jeanne" not in body
    assert axe_serious(page) == []
