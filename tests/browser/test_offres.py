"""A company offers mentoring, opens its espace from the mail, and the RBDE accepts it."""

import re

import pytest
from playwright.sync_api import expect

from etablissements.roles import Role
from offres import demo
from offres.models import Submission, SubmissionSchool
from partenariats.models import Partnership
from tests.entreprises.factories import valid_siret
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.outbox import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mot-de-passe-de-test"


def test_mentoring_offer_from_the_company_to_the_rbde(site, live_server, page, axe_serious):
    school = SchoolFactory(name="Lycée Roland-Garros", town="Toulouse", postcode="31000")
    SchoolFactory(name="Lycée Bourdelle", town="Montauban", postcode="82000")
    rbde = staff_user(school, role=Role.RBDE, username="rbde-test")
    demo.pages_ensure(site)

    # The company reads the section, then the mentoring page, which ends in its form.
    page.goto(live_server.url + "/travailler-avec-un-lycee-professionnel/")
    page.get_by_role("link", name="Proposer du mentorat").first.click()
    page.wait_for_url(re.compile(r"/proposer-du-mentorat/$"))
    assert "2 heures par mois" in page.locator("main").inner_text()
    page.get_by_role("link", name="Remplir le formulaire").click()
    page.wait_for_url(re.compile(r"/entreprises/proposer/mentorat/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Proposer du mentorat"
    assert axe_serious(page) == []

    # Schools are found by département.
    page.get_by_role("button", name="Choisir vous-même les lycées (facultatif)").click()
    page.get_by_label("Département").fill("31")
    page.get_by_role("button", name="Chercher les lycées").click()  # in the page, input kept
    expect(page.get_by_text("Lycée Roland-Garros")).to_be_visible()
    expect(page.get_by_text("Lycée Bourdelle")).to_have_count(0)

    page.fill("#id_siret", valid_siret(52))
    page.fill("#id_company_name", "Atelier Garonne")
    page.fill("#id_postcode", "31000")
    page.fill("#id_town", "Toulouse")
    page.fill("#id_first_name", "Inès")
    page.fill("#id_last_name", "Roussel")
    page.fill("#id_email", "ines.roussel@garonne.example")
    page.get_by_text("Lycée Roland-Garros").click()
    page.fill("#id_mentors", "2")
    page.fill("#id_hours_per_month", "1")  # below the 2 hours a month
    page.fill("#id_duration_months", "6")
    page.fill("#id_structure", "Association Proxité")
    page.get_by_text("aide à l’orientation").click()
    page.get_by_text("mixte", exact=True).click()
    page.get_by_text("J’accepte que les lycées choisis gardent mon nom").click()
    page.get_by_role("button", name="Envoyer ma proposition").click()

    # A French message on the field; everything typed is still there.
    expect(
        page.get_by_text("Le mentorat demande au moins 2 heures par mois.", exact=True)
    ).to_be_visible()
    assert page.input_value("#id_structure") == "Association Proxité"
    assert page.input_value("#id_email") == "ines.roussel@garonne.example"
    assert axe_serious(page) == []
    assert Submission.objects.count() == 0

    page.fill("#id_hours_per_month", "2")
    if not page.is_checked("#id_consent"):
        page.get_by_text("J’accepte que les lycées choisis gardent mon nom").click()
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposition envoyée")

    # The confirmation mail carries the signed link to the espace entreprise.
    message = next(m for m in mail.outbox if m.to == ["ines.roussel@garonne.example"])
    link = re.search(r"https?://\S+/entreprises/espace/\S+/", message.body).group(0)
    path = link.split("/entreprises/", 1)[1]
    page.goto(f"{live_server.url}/entreprises/{path}")
    assert (
        "Espace entreprise — Atelier Garonne" in page.get_by_role("heading", level=1).inner_text()
    )
    assert page.get_by_text("pas encore de réponse").is_visible()
    assert axe_serious(page) == []

    # The RBDE accepts it in the admin.
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", rbde.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(live_server.url + "/admin/propositions/")
    page.get_by_role("link", name="Atelier Garonne").click()
    page.wait_for_url(re.compile(r"/admin/propositions/edit/\d+/$"))
    assert page.get_by_text("Association Proxité").is_visible()
    page.get_by_label("acceptée").check()
    page.get_by_role("button", name="Enregistrer la réponse").click()
    page.wait_for_url(re.compile(r"/admin/propositions/$"))
    expect(page.get_by_text("Réponse enregistrée")).to_be_visible()

    answer = SubmissionSchool.objects.get(school=school)
    assert answer.status == "acceptee"
    assert Partnership.objects.filter(school=school, company__name="Atelier Garonne").exists()

    # Back in the espace, the company sees the answer.
    page.goto(f"{live_server.url}/entreprises/{path}")
    expect(page.get_by_text("Lycée Roland-Garros : acceptée")).to_be_visible()


def test_every_form_of_the_section_passes_axe(site, live_server, page, axe_serious):
    from offres.kinds import KINDS
    from offres.links import espace_token
    from offres.models import SubmissionKind
    from tests.offres.factories import SubmissionFactory

    school = SchoolFactory(name="Lycée Roland-Garros")
    request = SubmissionFactory(kind=SubmissionKind.SPECIALISATION, schools=[school])
    found = {}
    for spec in KINDS.values():
        page.goto(f"{live_server.url}/entreprises/proposer/{spec.slug}/")
        # Sent empty: every required field shows its message.
        page.get_by_role("button", name="Envoyer ma proposition").click()
        expect(page.get_by_text("Votre proposition n’est pas encore envoyée")).to_be_visible()
        found[spec.slug] = axe_serious(page)
    page.goto(f"{live_server.url}/entreprises/demandes-de-formation/{request.pk}/rejoindre/")
    found["rejoindre"] = axe_serious(page)
    token = espace_token(request.contact_id)
    page.goto(f"{live_server.url}/entreprises/espace/{token}/proposition/{request.pk}/modifier/")
    found["modifier"] = axe_serious(page)
    page.goto(f"{live_server.url}/entreprises/espace/{token}/proposition/{request.pk}/limites/")
    found["limites"] = axe_serious(page)
    assert found == {name: [] for name in found}


def test_an_hr_person_on_a_phone_offers_internships_from_the_home_page(
    site, live_server, page, axe_serious
):
    """From "/" only, at 375 px: the home card, the way page, the form, its errors fixed
    without retyping, the confirmation, then the espace opened from the mail."""
    SchoolFactory(name="Lycée Roland-Garros", town="Toulouse", postcode="31000")
    demo.pages_ensure(site)
    page.set_viewport_size({"width": 375, "height": 740})

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Entreprises", exact=True).click()
    page.get_by_role("link", name="Accueillir des stagiaires ou des apprentis").first.click()
    page.get_by_role("link", name="Remplir le formulaire").click()
    page.wait_for_url(re.compile(r"/entreprises/proposer/stages-apprentissage/$"))

    page.fill("#id_siret", valid_siret(77))
    page.fill("#id_company_name", "Garage des Minimes")
    page.fill("#id_postcode", "31200")
    page.fill("#id_town", "Toulouse")
    page.fill("#id_first_name", "Sonia")
    page.fill("#id_last_name", "Benali")
    page.fill("#id_email", "rh@garage-minimes.example")
    page.get_by_role("button", name="Choisir vous-même les lycées (facultatif)").click()
    page.get_by_text("Lycée Roland-Garros").click()
    page.get_by_text("stage (PFMP)", exact=True).click()
    page.fill("#id_diploma", "bac pro maintenance des véhicules")
    page.fill("#id_places", "2")
    page.fill("#id_period1_start", "2027-03-15")
    page.fill("#id_period1_end", "2027-02-01")  # before its start
    page.get_by_role("button", name="Envoyer ma proposition").click()

    # The summary takes the focus and leads to the field; nothing typed is lost.
    summary = page.locator("#resume-erreurs")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("Fin de la période")).click()
    expect(page.locator("#id_period1_end")).to_be_focused()
    assert page.input_value("#id_company_name") == "Garage des Minimes"
    assert page.input_value("#id_diploma") == "bac pro maintenance des véhicules"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_serious(page) == []

    page.fill("#id_period1_end", "2027-04-09")
    if not page.is_checked("#id_consent"):
        page.locator("label[for=id_consent]").click()
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposition envoyée")
    assert Submission.objects.get().details["places"] == 2

    message = next(m for m in mail.outbox if m.to == ["rh@garage-minimes.example"])
    link = re.search(r"https?://\S+/entreprises/espace/\S+/", message.body).group(0)
    page.goto(f"{live_server.url}/entreprises/{link.split('/entreprises/', 1)[1]}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Garage des Minimes")
    expect(page.get_by_text("Lycée Roland-Garros : pas encore de réponse")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
