"""A teacher reads their Pacte mission page on a phone and submits their bilan; the direction
validates it."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mot-de-passe-de-test"


def reference_data():
    # A transactional test empties the tables: the catalogue loaded by migration comes back here.
    migration = importlib.import_module("pacte.migrations.0002_load_catalogue")
    migration.load(apps, None)


@pytest.fixture
def pacte_of_elise():
    from pacte.models import SchoolYear
    from tests.etablissements.factories import SchoolFactory
    from tests.formations.factories import RegistrationFactory, TutorTrainingFactory
    from tests.pacte.factories import direction, engagement, teacher
    from tests.partenariats.factories import PartnershipFactory

    reference_data()
    school = SchoolFactory(name="LP Roland-Garros")
    boss = direction(school, username="denis", first_name="Denis", last_name="Roux")
    elise = teacher(school, username="elise", first_name="Élise", last_name="Martin")
    year = SchoolYear.objects.current()
    eng = engagement(school, user=elise, by=boss, school_year=year)
    start = timezone.make_aware(datetime.datetime.combine(year.start, datetime.time(14)))
    training = TutorTrainingFactory(
        school=school,
        title="Accueillir un stagiaire de bac pro",
        starts_at=start + datetime.timedelta(days=20),
        ends_at=start + datetime.timedelta(days=20, hours=3),
        leaders=[elise],
    )
    for _ in range(3):
        RegistrationFactory(training=training, status="present")
    PartnershipFactory(school=school, teacher=elise, company__name="Garage Martin")
    return eng


def log_in(page, base_url, username):
    page.context.clear_cookies()
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base_url + "/admin/")


def test_a_teacher_submits_her_bilan_and_the_direction_validates_it(
    live_server, page, pacte_of_elise, axe_serious
):
    eng = pacte_of_elise
    page.set_viewport_size({"width": 375, "height": 800})  # on a phone
    log_in(page, live_server.url, "elise")

    page.goto(live_server.url + "/admin/pacte/ma-mission/")
    assert page.get_by_role("heading", name="Ma mission lien école-entreprise").is_visible()
    main = page.locator("main")
    assert "Deux sessions de formation des tuteurs, dix partenariats suivis." in main.inner_text()
    progress = page.get_by_role("table", name=f"Réalisé et objectifs, {eng.school_year.label}")
    assert progress.get_by_role(
        "row", name="sessions de formation des tuteurs animées"
    ).inner_text().split()[-2:] == ["1", "2"]
    assert "Accueillir un stagiaire de bac pro (3 présents)" in main.inner_text()
    assert "Garage Martin (actif)" in main.inner_text()
    # Nothing wider than the phone's screen outside the scrollable table.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    assert axe_serious(page) == []

    page.get_by_role("link", name="Ouvrir mon bilan d’activité").click()
    expect(page.get_by_label("Vos commentaires")).to_be_visible()
    page.get_by_label("Vos commentaires").fill("Trois tuteurs formés, un partenariat relancé.")
    page.get_by_role("button", name="Remettre le bilan à la direction").click()
    expect(page.get_by_text("Bilan remis à la direction.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Statut du bilan : remis à la direction")

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "denis")
    page.goto(live_server.url + "/admin/pacte/")
    assert "1 remis à valider" in page.locator("main").inner_text()
    page.get_by_role("link", name="remis à la direction").click()
    expect(page.locator("main")).to_contain_text("Trois tuteurs formés")
    assert "Trois tuteurs formés, un partenariat relancé." in page.locator("main").inner_text()
    page.get_by_label("Commentaire de la direction").fill("Merci pour ce travail.")
    page.get_by_role("button", name="Valider le bilan").click()
    expect(page.get_by_text("Bilan validé.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Validé par Denis Roux le")

    eng.activity_report.refresh_from_db()
    assert eng.activity_report.status == "valide"
