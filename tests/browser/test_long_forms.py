"""The longest proposal forms on a phone: the optional fields wait in a closed accordion, the
form stays under three screens, and what is typed there is sent with the rest."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = {"height": 900}  # screens.py's height: "taller than three screens" is 2,700 px
LONG_FORMS = ["difficultes-recrutement", "decouverte-metiers", "formation-professeurs"]


def settled(page):
    """Wait for the accordion's opening transition to end: axe measuring text as it slides, or a
    click aimed at a field that is still moving, fail on a loaded machine."""
    page.wait_for_function("() => document.getAnimations().length === 0")


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--quiet-logins")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("slug", LONG_FORMS)
def test_the_form_fits_in_three_screens_with_its_optional_fields_closed(
    demo, live_server, page, width, slug, axe_serious
):
    page.set_viewport_size({"width": width, **SCREEN})
    page.goto(f"{live_server.url}/entreprises/proposer/{slug}/")

    toggle = page.get_by_role("button", name="Compléter maintenant ou plus tard (facultatif)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Votre téléphone")).to_be_hidden()
    height = page.locator("main form").evaluate("f => f.getBoundingClientRect().height")
    assert height <= 3 * SCREEN["height"], height
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1

    toggle.click()
    expect(page.get_by_label("Votre téléphone")).to_be_visible()
    settled(page)
    assert axe_serious(page) == []


def test_a_phone_user_sends_the_long_form_with_an_optional_field(demo, live_server, page):
    from offres.models import Submission

    page.set_viewport_size({"width": 375, **SCREEN})
    page.goto(f"{live_server.url}/entreprises/proposer/difficultes-recrutement/")
    for field, value in {
        "siret": "73282932000074",
        "company_name": "Atelier Garonne",
        "postcode": "31000",
        "town": "Toulouse",
        "first_name": "Inès",
        "last_name": "Garonne",
        "email": "ines@atelier.example",
        "jobs": "soudeur",
        "positions_per_year": "3",
        "difficulty": "Aucun candidat formé.",
    }.items():
        page.locator(f"#id_{field}").fill(value)
    page.get_by_role("button", name="Choisir vous-même les lycées (facultatif)").click()
    first_school = page.locator("#liste-lycees input[type=checkbox]").first
    expect(page.locator("#liste-lycees")).to_be_visible()  # the accordion has opened
    page.locator("#liste-lycees label").first.click()
    expect(first_school).to_be_checked()
    page.locator("input[name=level]").first.check(force=True)
    page.get_by_role("button", name="Compléter maintenant ou plus tard (facultatif)").click()
    page.locator("#id_phone").fill("05 61 00 00 00")
    page.locator("#id_suggestion").fill("Une FCIL")
    settled(page)
    page.locator("#id_consent").check(force=True)
    expect(page.locator("#id_consent")).to_be_checked()

    page.get_by_role("button", name="Envoyer ma proposition").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("envoyée")
    submission = Submission.objects.get(company__name="Atelier Garonne")
    assert submission.details["suggestion"] == "Une FCIL"
    assert submission.contact.phone == "05 61 00 00 00"
