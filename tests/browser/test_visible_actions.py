"""Everyday actions say what they do, at phone and desktop widths (issue 27 §2, §8): no action a
person has to guess from an icon, none hidden behind « ⋯ » when it is the screen's purpose."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from etablissements.roles import Role
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory
from tests.partenariats.factories import PartnershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 1280]
# Width of the text the element draws and of the box it has: an icon-only DSFR button is a
# 40 px square whose label overflows, hidden.
CLIPPED_JS = "el => ({box: el.clientWidth, text: el.scrollWidth})"


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def assert_reads(locator, words: str):
    expect(locator).to_be_visible()
    expect(locator).to_contain_text(words)
    size = locator.evaluate(CLIPPED_JS)
    assert size["box"] > 100 and size["text"] <= size["box"] + 1, (words, size)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_attendance_documents_are_buttons_with_their_words(
    site, live_server, page, width, axe_serious
):
    school = SchoolFactory(name="Lycée professionnel Roland-Garros")
    teacher = staff_user(school, role="enseignant", first_name="Élise", last_name="Martin")
    training = TutorTrainingFactory(school=school, leaders=[teacher], past=True)
    RegistrationFactory(training=training, present=True)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, teacher)

    page.goto(f"{live_server.url}/formations/animation/{training.pk}/presence/")

    documents = page.locator("h2:has-text('Documents') + ul")
    assert_reads(documents.get_by_role("link", name="Feuille d’émargement (PDF)"), "émargement")
    assert_reads(
        documents.get_by_role("button", name="Envoyer les attestations aux présents"),
        "Envoyer les attestations aux présents (1 personne)",
    )
    assert_reads(
        documents.get_by_role("button", name="Demander leur avis aux présents"),
        "Demander leur avis aux présents (1 personne)",
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_serious(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_companies_list_shows_import_and_export_and_a_partnership_its_edit_button(
    site, live_server, page, width, axe_serious
):
    school = SchoolFactory(name="Lycée professionnel Roland-Garros")
    rbde = staff_user(school, role=Role.RBDE)
    partnership = PartnershipFactory(school=school, company__name="Garage Saint-Cyprien")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, rbde)

    page.goto(f"{live_server.url}/admin/entreprises/")
    expect(page.get_by_text("Garage Saint-Cyprien")).to_be_visible()
    for name in (
        "Importer un tableau (CSV, Excel)",
        "Exporter la liste (Excel)",
        "Exporter la liste (CSV)",
    ):
        link = page.get_by_role("link", name=name)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box)
    export = page.get_by_role("link", name="Exporter la liste (CSV)").get_attribute("href")
    assert "Garage Saint-Cyprien" in page.request.get(live_server.url + export).text()
    assert axe_serious(page) == []

    page.goto(f"{live_server.url}/admin/partenariats/inspect/{partnership.pk}/")
    edit = page.get_by_role("link", name="Modifier", exact=True)
    expect(edit).to_be_visible()
    expect(page.get_by_role("link", name="Déposer la convention")).to_be_visible()
    edit.click()
    expect(page.get_by_text("Convention", exact=True).first).to_be_visible()
