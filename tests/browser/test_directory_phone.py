"""The public partner directory on a phone and on a desktop: the first company on the first
screen at 375 px (filters folded in an accordion), a sidebar from 992 px, no sideways scroll."""

import pytest
from playwright.sync_api import expect

from tests.entreprises.factories import CompanyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE_JS = """
() => {
  const first = document.querySelector('main .annuaire-liste .fr-card');
  const name = first.querySelector('.fr-card__title');
  const form = document.querySelector('main form[aria-label="Filtrer les entreprises"]');
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    firstTop: first.getBoundingClientRect().top + window.scrollY,
    nameBottom: name.getBoundingClientRect().bottom + window.scrollY,
    firstLeft: first.getBoundingClientRect().left,
    formRight: form.getBoundingClientRect().right,
    formHeight: form.getBoundingClientRect().height,
  };
}
"""


@pytest.fixture
def companies(site):
    CompanyFactory(
        name="Alimentation Ouverte", naf_code="56.10A", postcode="82000", town="Montauban",
        listed=True, cmq=True, label_ptech=True,
    )  # fmt: skip
    for i in range(24):
        CompanyFactory(name=f"Atelier {i:02d}", postcode="31000", town="Toulouse", listed=True)


def test_on_a_phone_the_first_company_is_on_the_first_screen(companies, live_server, page):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(live_server.url + "/entreprises-partenaires/")

    toggle = page.get_by_role("button", name="Filtrer les entreprises", exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Département")).to_be_hidden()
    expect(page.get_by_role("heading", name="25 entreprises", exact=True)).to_be_visible()
    layout = page.evaluate(MEASURE_JS)
    assert layout["overflow"] <= 1, layout
    # The first company's name, under its labels, is read without scrolling.
    assert layout["firstTop"] < 667, layout
    assert layout["nameBottom"] < 667, layout
    tags = page.locator("main .annuaire-liste .fr-tag").all_inner_texts()
    assert tags == ["CMQ", "P-TECH"]


def test_on_a_phone_filters_work_from_the_accordion(companies, live_server, page, axe_serious):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(live_server.url + "/entreprises-partenaires/")
    assert axe_serious(page) == []

    page.get_by_role("button", name="Filtrer les entreprises", exact=True).click()
    page.get_by_label("Département").fill("82")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    page.wait_for_url("**departement=82*")

    toggle = page.get_by_role("button", name="Filtrer les entreprises (1 filtre actif)")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Département")).to_have_value("82")
    expect(page.get_by_role("heading", name="1 entreprise", exact=True)).to_be_visible()
    assert page.locator("main .annuaire-liste").inner_text().count("\n") >= 1
    assert "Atelier 00" not in page.locator("main").inner_text()
    assert page.evaluate(MEASURE_JS)["overflow"] <= 1
    assert axe_serious(page) == []

    page.get_by_role("link", name="Effacer les filtres").click()
    expect(page.get_by_role("heading", name="25 entreprises", exact=True)).to_be_visible()
    expect(
        page.get_by_role("button", name="Filtrer les entreprises", exact=True)
    ).to_have_attribute("aria-expanded", "false")


def test_an_error_opens_the_accordion_and_an_empty_result_links_back(companies, live_server, page):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(live_server.url + "/entreprises-partenaires/?departement=99")
    expect(page.get_by_label("Département")).to_be_visible()
    expect(page.get_by_role("link", name="Voir toutes les entreprises partenaires")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1


def test_on_a_desktop_the_filters_are_a_sidebar(companies, live_server, page, axe_serious):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/entreprises-partenaires/?page=2")

    expect(page.get_by_role("button", name="Filtrer les entreprises", exact=True)).to_be_hidden()
    expect(page.get_by_role("heading", name="Filtrer les entreprises", exact=True)).to_be_visible()
    expect(page.get_by_label("Département")).to_be_visible()
    layout = page.evaluate(MEASURE_JS)
    assert layout["overflow"] <= 1, layout
    assert layout["formRight"] <= layout["firstLeft"], layout  # side by side
    assert layout["firstTop"] < 800, layout
    expect(page.get_by_role("heading", name="25 entreprises", exact=True)).to_be_visible()
    assert "Atelier 23" in page.locator("main .annuaire-liste").inner_text()  # page 2
    assert axe_serious(page) == []

    page.get_by_label("Département").fill("31")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    page.wait_for_url("**departement=31*")
    expect(page.get_by_role("heading", name="24 entreprises", exact=True)).to_be_visible()
    expect(
        page.get_by_role("heading", name="Filtrer les entreprises (1 filtre actif)")
    ).to_be_visible()
