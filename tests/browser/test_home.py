import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_shows_the_dsfr_header_in_french_and_is_accessible(
    site, live_server, page, axe_serious
):
    page.goto(live_server.url + "/")

    assert page.locator("html").get_attribute("lang") == "fr"
    header = page.locator("header.fr-header")
    assert "République" in header.locator(".fr-logo").text_content()
    assert "Portail du bureau des entreprises" in header.inner_text()
    assert page.get_by_role("heading", name="Entreprises", exact=True).is_visible()
    assert page.get_by_role("heading", name="Bureaux des entreprises", exact=True).is_visible()
    assert page.get_by_role("heading", name="Enseignants", exact=True).is_visible()
    # The DSFR stylesheet is served from the wheel: the header really is styled.
    dsfr_rules = page.evaluate(
        "[...document.styleSheets].filter(s => (s.href || '').includes('dsfr.min.css'))"
        ".map(s => s.cssRules.length)[0] || 0"
    )
    assert dsfr_rules > 1000
    assert axe_serious(page) == []

    page.get_by_role("link", name="Accessibilité : non conforme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d’accessibilité")
    assert axe_serious(page) == []


def test_home_page_on_a_phone_keeps_the_menu_reachable(site, live_server, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Menu").click()
    menu = page.locator("#menu-mobile")
    expect(menu.get_by_role("link", name="Accueil", exact=True)).to_be_visible()
