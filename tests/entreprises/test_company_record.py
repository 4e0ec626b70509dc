"""A company is one page: the list opens its record, whose actions are in sight."""

import re

import pytest

from etablissements.roles import Role
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rbde_client(client):
    school = SchoolFactory()
    client.force_login(staff_user(school, Role.RBDE))
    client.school = school
    return client


def test_a_click_on_a_company_opens_its_record_not_a_form(rbde_client):
    company = CompanyFactory(name="Boulangerie Occitane")
    PartnershipFactory(school=rbde_client.school, company=company)

    listing = rbde_client.get("/admin/entreprises/").content.decode()

    link = re.search(r'<a[^>]+href="([^"]+)"[^>]*>\s*Boulangerie Occitane', listing)
    assert link and link.group(1) == f"/admin/entreprises/inspect/{company.pk}/"


def test_the_record_shows_its_actions_in_sight(rbde_client):
    company = CompanyFactory()
    partnership = PartnershipFactory(school=rbde_client.school, company=company)

    page = rbde_client.get(f"/admin/entreprises/inspect/{company.pk}/").content.decode()

    header = page.split('class="w-header', 1)[1].split("</header>", 1)[0]
    assert "Modifier la fiche" in header
    assert f"/admin/partenariats/journal/new/?partnership={partnership.pk}" in header
    assert "Noter une interaction" in header
    assert "Fusionner avec une autre fiche" in header
    assert "Contacts de vos établissements" in page
    assert "Journal des interactions" in page


def test_the_merge_chooser_tells_two_namesakes_apart(rbde_client):
    first = CompanyFactory(name="Boulangerie Occitane", postcode="31000", town="Toulouse")
    second = CompanyFactory(name="Boulangerie Occitane", postcode="31300", town="Toulouse")
    for company in (first, second):
        PartnershipFactory(school=rbde_client.school, company=company)

    page = rbde_client.get(f"/admin/entreprises/fusionner/{first.pk}/").content.decode()

    options = re.findall(r"<option[^>]*>([^<]+)</option>", page)
    assert f"Boulangerie Occitane — SIRET {second.siret_display} — 31300 Toulouse" in options
