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
    # A transactional test empties the tables: the rules of each school year and each year's
    # catalogue, loaded by migrations, come back here.
    from decimal import Decimal

    from pacte.catalogue import missions_of
    from pacte.models import Mission, PartFraction, SchoolYear

    rules = importlib.import_module("pacte.migrations.0007_load_school_year_rules")
    rules.load(apps, None)
    for year in SchoolYear.objects.all():
        year.first_part_whole = year.label in rules.HALF_PART_YEARS
        year.save(update_fields=["first_part_whole"])
        for data in missions_of(year.label):
            fields = {key: value for key, value in data.items() if key != "code"}
            mission, _ = Mission.objects.get_or_create(
                school_year=year, code=data["code"], defaults=fields
            )
            if year.label in rules.HALF_PART_YEARS and mission.part_kind in rules.HALF_PART_HOURS:
                PartFraction.objects.get_or_create(
                    school_year=year,
                    mission=mission,
                    fraction=Decimal("0.5"),
                    defaults={"hours": rules.HALF_PART_HOURS[mission.part_kind]},
                )


@pytest.fixture
def pacte_of_elise():
    from formations.services import registration_mark_attendance
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
        registration_mark_attendance(
            registration=RegistrationFactory(training=training), status="present", by=elise
        )
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
    ).inner_text().split()[-3:] == ["1", "—", "2"]  # réalisé, prévu, objectif
    assert "Accueillir un stagiaire de bac pro (3 présents)" in main.inner_text()
    assert "Garage Martin (actif)" in main.inner_text()
    # Nothing wider than the phone's screen outside the scrollable table.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    assert axe_serious(page) == []

    lien = next(p.mission for p in eng.parts.all() if p.mission.counts_portal_activity)
    page.get_by_role("link", name=lien.action).click()
    expect(page.get_by_label("Votre bilan de la mission")).to_be_visible()
    page.get_by_label("Votre bilan de la mission").fill(
        "Trois tuteurs formés, un partenariat relancé."
    )
    page.get_by_role("button", name="Remettre le bilan à la direction").click()
    expect(page.get_by_text("Bilan remis à la direction.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Statut du bilan : remis à la direction")

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "denis")
    page.goto(live_server.url + "/admin/pacte/")
    assert "1 remis à valider" in page.locator("main").inner_text()
    page.get_by_role("link", name="1 remis sur 6").click()
    page.get_by_role("link", name=lien.action).click()
    expect(page.locator("main")).to_contain_text("Trois tuteurs formés")
    assert "Trois tuteurs formés, un partenariat relancé." in page.locator("main").inner_text()
    page.get_by_label("Commentaire de la direction").fill("Merci pour ce travail.")
    page.get_by_role("button", name="Valider le bilan").click()
    expect(page.get_by_text("Bilan validé.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Validé par Denis Roux le")

    assert eng.activity_reports.get(mission=lien).status == "valide"


@pytest.fixture
def new_pacte_of_elise():
    from pacte.models import SchoolYear
    from pacte.services import engagement_create
    from tests.etablissements.factories import SchoolFactory
    from tests.formations.factories import RegistrationFactory, TutorTrainingFactory
    from tests.pacte.factories import direction, profile, teacher

    reference_data()
    school = SchoolFactory(name="LP Roland-Garros")
    boss = direction(school, username="denis", first_name="Denis", last_name="Roux")
    elise = teacher(school, username="elise", first_name="Élise", last_name="Martin")
    profile(elise, school)
    year = SchoolYear.objects.current()
    eng = engagement_create(teacher=elise, school=school, school_year=year, by=boss)
    now = timezone.now()
    led = TutorTrainingFactory(
        school=school,
        title="Évaluer le stagiaire en PFMP",
        starts_at=now - datetime.timedelta(hours=4),
        ends_at=now - datetime.timedelta(hours=1),
        leaders=[elise],
    )
    RegistrationFactory(training=led, contact__first_name="Jeanne", contact__last_name="Dupont")
    TutorTrainingFactory(
        school=school,
        title="Accueillir un élève à besoins particuliers",
        starts_at=now + datetime.timedelta(days=10),
        ends_at=now + datetime.timedelta(days=10, hours=2),
        leaders=[elise],
    )
    return eng


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_half_part_pacte_is_composed_led_reported_and_validated_with_true_figures(
    live_server, page, new_pacte_of_elise, axe_serious
):
    import io
    import re

    from pypdf import PdfReader

    from pacte.models import Mission

    eng = new_pacte_of_elise
    missions = {m.code: m for m in Mission.objects.active().for_year(eng.school_year)}
    page.set_viewport_size({"width": 1280, "height": 900})

    # The direction composes: a half RCD part, the running total follows the typing.
    log_in(page, live_server.url, "denis")
    page.goto(live_server.url + f"/admin/pacte/engagement/{eng.pk}/composer/")
    codes = ["lp-faf-options", "lp-faf-petits-groupes", "lp-faf-decouverte-metiers"]
    for code in codes + ["lp-forfait-lien-entreprise", "lp-forfait-tutorat"]:
        page.get_by_label(f"Parts — {missions[code].action}").fill("1")
    page.get_by_label(f"Parts — {missions['lp-rcd'].action}").fill("0,5")
    total = page.locator("[data-pacte-total]")
    expect(total.locator('[data-total="parts"]')).to_have_text(re.compile(r"^5,5\s+parts$"))
    expect(total.locator('[data-total="amount"]')).to_have_text(re.compile(r"^6\s875\s€$"))
    expect(total.locator('[data-total="hours"]')).to_have_text(re.compile(r"^81\s+heures$"))
    page.get_by_role("button", name="Recalculer le total").click()
    expect(total.locator('[data-total="parts"]')).to_have_text(re.compile(r"^5,5\s+parts$"))
    assert axe_serious(page) == []
    page.get_by_role("button", name="Enregistrer la composition").click()
    expect(page.get_by_text("Pacte composé.")).to_be_visible()
    main = flat(page.locator("main").inner_text())
    assert "0,5 RCD + 3 face-à-face + 2 forfaits" in main
    assert re.search(r"6\s875\s€ bruts \(5,5\s+parts", main)

    page.get_by_role("link", name="Valider la lettre de mission…").click()
    expect(page.get_by_text("Ce qu’Élise Martin recevra")).to_be_visible()
    letter_page = page.locator("main").inner_text()
    assert re.search(r"Une rémunération annuelle de 6\s875\s€ bruts", letter_page)
    page.get_by_role("button", name="Je confirme : valider la lettre de mission").click()
    expect(page.get_by_text("Lettre de mission validée : Élise Martin la retrouve")).to_be_visible()

    # The teacher, on a phone: the ended session counts, its tutor once attendance is taken;
    # the coming session is only « prévue ».
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server.url, "elise")
    page.goto(live_server.url + "/admin/pacte/ma-mission/")
    progress = page.get_by_role("table", name=f"Réalisé et objectifs, {eng.school_year.label}")
    sessions = progress.get_by_role("row", name="sessions de formation des tuteurs animées")
    assert flat(sessions.inner_text()).endswith("1 1 prévue —")  # réalisé, prévu, objectif
    tutors = progress.get_by_role("row", name="tuteurs formés (présents, présences relevées)")
    assert flat(tutors.inner_text()).endswith("0 — —")
    mission_page = page.locator("main").inner_text()
    assert "Évaluer le stagiaire en PFMP (présences à relever)" in mission_page
    assert "Accueillir un élève à besoins particuliers (prévue)" in mission_page
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    assert axe_serious(page) == []

    page.goto(live_server.url + "/formations/animation/")
    page.get_by_role("link", name="Évaluer le stagiaire en PFMP").click()
    page.get_by_role("button", name="Présent : Jeanne Dupont").click()
    expect(page.get_by_text("Jeanne Dupont : présent.")).to_be_visible()
    page.goto(live_server.url + "/admin/pacte/ma-mission/")
    tutors = page.get_by_role("row", name="tuteurs formés (présents, présences relevées)")
    assert flat(tutors.inner_text()).endswith("1 — —")

    lien = missions["lp-forfait-lien-entreprise"]
    page.get_by_role("link", name=lien.action).click()
    page.get_by_label("Votre bilan de la mission").fill(
        "Une session animée, une autre prévue en décembre."
    )
    page.get_by_role("button", name="Remettre le bilan à la direction").click()
    expect(page.get_by_text("Bilan remis à la direction.")).to_be_visible()

    # The direction validates; the PDF holds what happened, nothing planned.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "denis")
    bilan = f"/admin/pacte/engagement/{eng.pk}/bilans/{lien.pk}/"
    page.goto(live_server.url + bilan)
    page.get_by_role("button", name="Valider le bilan").click()
    expect(page.get_by_text("Bilan validé.")).to_be_visible()
    response = page.request.get(live_server.url + bilan[:-1] + ".pdf")
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert "sessions de formation des tuteurs animées 1 —" in text  # no target written
    assert "tuteurs formés (présents, présences relevées) 1" in text
    assert "heures (formations animées et actions hors portail) 3 h" in text
    assert "Évaluer le stagiaire en PFMP (1 tuteur présent)" in text
    assert "besoins particuliers" not in text
    assert "0,5 RCD + 3 face-à-face + 2 forfaits" in text
    assert "Bilan validé par Denis Roux le" in text
