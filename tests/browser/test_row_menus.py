"""A staff list's rows, drawn in Python (common.admin_cells), work in a browser as Wagtail's
own: the row menu « … » opens, names its actions, and leads to the row's form."""

import re

import pytest
from playwright.sync_api import expect

from etablissements.roles import Role
from tests.browser.test_staff_day import PHONE, log_in
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.partenariats.factories import PartnershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["bureau", "téléphone"])
def test_a_rows_menu_opens_and_leads_to_its_form(site, live_server, page, axe_serious, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    school = SchoolFactory(name="Lycée Roland-Garros")
    rbde = staff_user(school, role=Role.RBDE, username="rbde-menus")
    partnership = PartnershipFactory(school=school, company=CompanyFactory(name="Atelier Garonne"))
    PartnershipFactory(school=school, company=CompanyFactory(name="Boulangerie Occitane"))
    log_in(page, live_server, rbde)

    page.goto(live_server.url + "/admin/partenariats/")
    toggle = page.get_by_role("button", name=re.compile("Plus d’options pour «.Atelier Garonne"))
    toggle.click()
    menu = page.locator(".w-dropdown__content:visible")
    # ended, never deleted
    expect(menu.get_by_role("link")).to_have_text(["Modifier", "Voir la fiche"])
    assert axe_serious(page) == []

    menu.get_by_role("link", name="Modifier").click()
    page.wait_for_url(re.compile(rf"/admin/partenariats/edit/{partnership.pk}/$"))
    expect(page.locator("main")).to_contain_text("Atelier Garonne")
