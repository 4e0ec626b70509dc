"""A tutor registers from a phone; the leading teacher takes attendance on a phone (375 px)."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from formations.models import Registration
from tests.entreprises.factories import valid_siret
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.formations.factories import TutorTrainingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_a_tutor_registers_and_the_teacher_takes_attendance_on_a_phone(
    site, live_server, page, axe_serious
):
    school = SchoolFactory(name="Lycée professionnel Roland-Garros", postcode="31000")
    teacher = staff_user(school, role="enseignant", first_name="Élise", last_name="Martin")
    training = TutorTrainingFactory(
        school=school, leaders=[teacher], title="Accueillir un stagiaire de bac pro MELEC"
    )
    page.set_viewport_size(PHONE)

    # The tutor knows only the home page: its card leads to the calendar.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Tuteurs en entreprise", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formations des tuteurs")
    assert axe_serious(page) == []
    page.get_by_role("link", name="Accueillir un stagiaire de bac pro MELEC", exact=True).click()
    page.locator("#id_first_name").fill("Jeanne")
    page.locator("#id_last_name").fill("Dupont")
    page.locator("#id_email").fill("jeanne.dupont@boulangerie.example")
    page.get_by_label("SIRET de l’entreprise").fill(valid_siret(321))
    page.locator("#id_company_name").fill("Boulangerie Soleil")
    page.locator("#id_student_diploma").fill("bac pro MELEC")
    assert axe_serious(page) == []
    page.locator("label[for=id_consent]").click()
    page.get_by_role("button", name="M’inscrire").click()
    expect(page.get_by_text("Votre inscription est confirmée")).to_be_visible()
    # The page shows the registration, not the form again, and how to cancel it.
    mine = page.locator("#mon-inscription")
    expect(mine).to_contain_text("votre place est réservée")
    expect(mine.get_by_role("link", name="Annuler mon inscription")).to_be_visible()
    expect(page.locator("#id_first_name")).to_have_count(0)
    assert axe_serious(page) == []
    # "Ajouter à mon agenda" is the session's .ics.
    agenda = page.get_by_role("link", name="Ajouter à mon agenda").first.get_attribute("href")
    ics = page.request.get(live_server.url + agenda)
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics.text() and "Accueillir un stagiaire de bac pro MELEC" in ics.text()
    registration = Registration.objects.get(training=training)
    assert registration.status == "inscrit"
    # Nothing wider than the phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The teacher, between two classes, opens the sheet and taps "Présent".
    log_in(page, live_server, teacher)
    page.goto(live_server.url + "/formations/animation/")
    page.get_by_role("link", name="Accueillir un stagiaire de bac pro MELEC", exact=True).click()
    expect(page.get_by_text("DUPONT Jeanne")).to_be_visible()
    assert axe_serious(page) == []
    page.get_by_role("button", name="Présent : Jeanne Dupont").click()
    expect(page.get_by_text("Jeanne Dupont : présent.")).to_be_visible()
    assert (
        page.get_by_role("button", name="Présent : Jeanne Dupont").get_attribute("aria-pressed")
        == "true"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_serious(page) == []
    registration.refresh_from_db()
    assert registration.status == "present" and registration.attendance_marked_by == teacher
