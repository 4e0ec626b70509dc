"""The public pages at phone and desktop widths: no horizontal overflow, the footer below all
content, no card taller than its content; the proposal form keeps input while searching."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 1280]
LAYOUT_JS = """
() => {
  const out = {overflow: document.documentElement.scrollWidth - window.innerWidth, cards: []};
  const footer = document.querySelector('footer.fr-footer');
  const main = document.querySelector('main');
  let bottom = 0;
  for (const el of main.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.height) bottom = Math.max(bottom, r.bottom + window.scrollY);
  }
  out.contentBelowFooter = bottom - (footer.getBoundingClientRect().top + window.scrollY);
  for (const card of document.querySelectorAll('main .fr-card')) {
    const box = card.getBoundingClientRect();
    let last = box.top;
    for (const el of card.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.height) last = Math.max(last, r.bottom);
    }
    out.cards.push(Math.round(box.bottom - last));
  }
  return out;
}
"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--quiet-logins")


def assert_layout(page):
    layout = page.evaluate(LAYOUT_JS)
    assert layout["overflow"] <= 1, f"page wider than the screen by {layout['overflow']} px"
    assert layout["contentBelowFooter"] <= 2, "content drawn under the footer"
    # A card ends at most 72 px below its last line (DSFR's own padding), never mostly empty.
    assert all(gap <= 72 for gap in layout["cards"]), layout["cards"]


def first_session_url(live_server):
    from formations.models import TutorTraining

    training = TutorTraining.objects.upcoming().order_by("starts_at").first()
    return f"{live_server.url}/formations/tuteurs/session/{training.pk}/"


@pytest.mark.parametrize("width", WIDTHS)
def test_home_calendar_and_session_fit_the_screen(demo, live_server, page, width):
    page.set_viewport_size({"width": width, "height": 800})

    page.goto(live_server.url + "/")
    assert_layout(page)
    page.goto(live_server.url + "/formations/tuteurs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Formations des tuteurs")
    assert page.locator("main .fr-card").count() >= 2
    assert_layout(page)
    page.goto(first_session_url(live_server))
    assert_layout(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_way_form_with_errors_fits_and_takes_focus_to_the_summary(
    demo, live_server, page, width, axe_serious
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/entreprises/proposer/mentorat/")

    page.get_by_role("button", name="Envoyer ma proposition").click()

    summary = page.locator("#resume-erreurs")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert summary.get_by_role("link").count() >= 3
    assert_layout(page)
    assert axe_serious(page) == []


def test_searching_schools_in_the_page_keeps_what_was_typed(demo, live_server, page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/entreprises/proposer/mentorat/")
    page.get_by_label("Nom de l’entreprise").first.fill("Atelier Garonne")
    page.get_by_label("Votre prénom").fill("Inès")
    before = page.url

    page.get_by_role("button", name="Choisir vous-même les lycées (facultatif)").click()
    page.get_by_label("Département").fill("82")
    page.get_by_role("button", name="Chercher les lycées").click()

    expect(page.locator("#statut-recherche-lycees")).to_contain_text("affiché")
    assert page.url == before
    assert page.get_by_label("Nom de l’entreprise").first.input_value() == "Atelier Garonne"
    assert page.get_by_label("Votre prénom").input_value() == "Inès"
    labels = page.locator("#liste-lycees label").all_inner_texts()
    assert labels and not any("Roland-Garros" in label for label in labels), labels


def test_the_menu_leads_a_phone_user_to_the_calendar(demo, live_server, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/")

    page.get_by_role("button", name="Menu").click()
    page.locator("#menu-mobile").get_by_role("button", name="Tuteurs").click()
    page.locator("#menu-mobile").get_by_role(
        "link", name="Calendrier des formations des tuteurs"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Formations des tuteurs")


ALIGNMENT_JS = """
() => {
  const crumb = document.querySelector('.fr-breadcrumb');
  const title = document.querySelector('main h1');
  return Math.round(title.getBoundingClientRect().left - crumb.getBoundingClientRect().left);
}
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_views_pages_use_the_full_width_of_the_page(demo, live_server, page, width):
    """No container inside the base's container: on a phone that cost 32 px of every line."""
    from entreprises.models import Company

    company = Company.objects.publicly_listed().first()
    page.set_viewport_size({"width": width, "height": 800})
    for path in (
        "/formations/tuteurs/",
        first_session_url(live_server).removeprefix(live_server.url),
        "/entreprises-partenaires/",
        f"/entreprises-partenaires/{company.pk}/",
        "/donnees-ouvertes/",
    ):
        page.goto(live_server.url + path)
        assert page.evaluate(ALIGNMENT_JS) == 0, path


def test_a_required_checkbox_keeps_its_star_on_its_label_line(demo, live_server, page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(first_session_url(live_server))
    label = page.locator("label[for=id_consent]").bounding_box()
    star = page.locator("label[for=id_consent] .fr-required-marker").bounding_box()
    # The star follows the last word, never alone at the start of a line of its own.
    assert star["x"] > label["x"] + 40, (label, star)
