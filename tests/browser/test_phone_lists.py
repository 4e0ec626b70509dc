"""On a phone a list is a list of cards, never a table cut at the screen's edge (issue 27 §6):
every cell of a staff table and the public requests' « Rejoindre » are within the 375 px
screen; at 1280 px the tables stay tables."""

import pytest
from playwright.sync_api import expect

from etablissements.roles import Role
from pacte.models import Mission
from tests.browser.test_pacte import reference_data
from tests.browser.test_visible_actions import log_in
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.offres.factories import SubmissionFactory
from tests.pacte.factories import engagement, teacher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 1280]
CELLS_JS = """
sel => Array.from(document.querySelectorAll(sel)).map(el => {
  const r = el.getBoundingClientRect();
  return {text: el.innerText.trim().slice(0, 40), left: r.left, right: r.right};
})
"""


def assert_within(page, selector, width):
    cells = page.evaluate(CELLS_JS, selector)
    assert cells, selector
    outside = [c for c in cells if c["right"] > width + 1 or c["left"] < -1]
    assert not outside, outside
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_the_public_requests_are_cards_with_rejoindre_in_sight(site, live_server, page, width):
    SubmissionFactory(kind="specialisation", status="acceptee")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/entreprises/demandes-de-formation/")
    join = page.get_by_role("link", name="Rejoindre")
    expect(join).to_be_visible()
    assert_within(page, "main .fr-card a", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_teachers_mission_and_the_proposals_fit_a_phone(site, live_server, page, width):
    if not Mission.objects.exists():  # emptied by an earlier transactional test
        reference_data()
    school = SchoolFactory(name="Lycée professionnel Roland-Garros")
    user = teacher(school, first_name="Élise", last_name="Martin")
    engagement(school, user=user)
    SubmissionFactory(kind="stages", schools=[school], company__name="Brasserie du Capitole")
    page.set_viewport_size({"width": width, "height": 800})

    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/admin/pacte/ma-mission/")
    expect(page.get_by_text("Ma mission lien école-entreprise").last).to_be_visible()
    title = page.locator(".w-breadcrumbs li:last-child")
    box = title.evaluate("el => ({box: el.clientWidth, text: el.scrollWidth})")
    assert box["text"] <= box["box"] + 1, "the page's title is cut"
    assert_within(page, "#chiffres ~ div table td, #chiffres ~ div table tbody th", width)
    if width == 375:  # each value says which column it is
        expect(page.locator("td[data-label='Objectif']").first).to_be_visible()

    page.context.clear_cookies()
    log_in(page, live_server, staff_user(school, Role.RBDE))
    page.goto(f"{live_server.url}/admin/propositions/")
    expect(page.get_by_text("Brasserie du Capitole")).to_be_visible()
    assert_within(page, "#listing-results table td", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_card_leaves_out_the_labels_of_empty_values(live_server, page, width):
    """The académie's partnerships on a phone were cards of bare « Suivi par : », « Fin de la
    convention : » lines (screens.py: a list taller than three screens for ten rows)."""
    from tests.partenariats.factories import PartnershipFactory

    school = SchoolFactory()
    PartnershipFactory(school=school, teacher=None, company__name="Garage sans suivi")
    page.set_viewport_size({"width": width, "height": 800})

    log_in(page, live_server, staff_user(school, Role.RBDE))
    page.goto(f"{live_server.url}/admin/partenariats/")
    expect(page.get_by_text("Garage sans suivi")).to_be_visible()
    followed = page.locator("td[data-label='Suivi par']").first
    if width == 375:
        expect(followed).to_be_hidden()
        expect(page.locator("td[data-label='Statut']").first).to_be_visible()
        # Short values share a line under the card's title (a shorter list to scroll).
        town, status = (
            page.locator(f"td[data-label='{label}']").first.bounding_box()
            for label in ("Commune", "Statut")
        )
        assert abs(town["y"] - status["y"]) < 2 and status["x"] > town["x"]
    else:
        expect(followed).to_be_visible()  # a desktop keeps its table's columns
        expect(page.get_by_role("columnheader", name="Suivi par")).to_be_visible()
