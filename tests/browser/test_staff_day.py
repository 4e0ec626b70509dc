"""The staff's day, played in a browser: the RBDE's morning (dashboard → the waiting proposal →
accept → the company's record) and the teacher's session on a phone (dashboard → this week's
session → attendance → attestations and feedback, each confirmed first)."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from etablissements.roles import Role
from formations.models import Registration
from offres.models import SubmissionKind
from partenariats.models import Partnership
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory
from tests.offres.factories import SubmissionFactory, age
from tests.outbox import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_rbde_morning_from_the_dashboard_to_the_company_record(site, live_server, page):
    school = SchoolFactory(name="Lycée Roland-Garros")
    other = SchoolFactory(name="Lycée Bourdelle")
    rbde = staff_user(school, role=Role.RBDE, username="rbde-matin")
    company = CompanyFactory(name="Atelier Garonne", town="Toulouse")
    contact = ContactFactory(company=company, first_name="Inès", last_name="Roussel")
    age(SubmissionFactory(kind=SubmissionKind.MENTORING, company=company, contact=contact,
                          schools=[school]), days=3)  # fmt: skip
    # Another school's proposal is neither counted nor listed.
    SubmissionFactory(company=CompanyFactory(name="Garage Ailleurs"), schools=[other])
    log_in(page, live_server, rbde)

    # The dashboard says what waits, and for how long.
    page.goto(live_server.url + "/admin/")
    line = page.locator("[data-todo=propositions_en_attente]")
    expect(line).to_contain_text("1")
    expect(line).to_contain_text("proposition d’entreprise attend votre réponse")
    expect(line).to_contain_text("la plus ancienne attend depuis 3 jours")

    # One click: the queue, filtered on what waits.
    line.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/admin/propositions/\?.*status="))
    listing = page.locator("main").inner_text()
    assert "Atelier Garonne" in listing and "Garage Ailleurs" not in listing

    page.get_by_role("link", name="Atelier Garonne").click()
    page.wait_for_url(re.compile(r"/admin/propositions/edit/\d+/$"))
    page.get_by_label("acceptée").check()
    page.get_by_role("button", name="Enregistrer la réponse").click()
    page.wait_for_url(re.compile(r"/admin/propositions/"))
    expect(page.get_by_text("Réponse enregistrée")).to_be_visible()
    assert Partnership.objects.filter(school=school, company=company).exists()

    # Back on the dashboard nothing waits any more.
    page.goto(live_server.url + "/admin/")
    expect(page.locator("[data-todo=propositions_en_attente] [data-count]")).to_have_text("0")

    # The company's record, opened from the list, shows the new partnership with this school.
    page.goto(live_server.url + "/admin/entreprises/")
    page.get_by_role("link", name="Atelier Garonne").click()
    page.wait_for_url(re.compile(rf"/admin/entreprises/\w+/{company.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Atelier Garonne")
    record = page.locator("main").inner_text()
    assert "Lycée Roland-Garros" in record and "Lycée Bourdelle" not in record
    assert "Proposition acceptée : mentorat" in record  # the journal says where it came from


def _session_this_week_already_over(school, teacher):
    """A session of today that has just ended: in this week's line, its mails can be sent."""
    now = timezone.localtime()
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    starts = max(day_start + datetime.timedelta(seconds=1), now - datetime.timedelta(hours=3))
    return TutorTrainingFactory(
        school=school, leaders=[teacher], title="Accueillir un stagiaire de CAP cuisine",
        starts_at=starts, ends_at=now - datetime.timedelta(seconds=1) if now > starts else now,
    )  # fmt: skip


def test_the_teacher_session_on_a_phone(site, live_server, page, axe_serious):
    school = SchoolFactory(name="Lycée Roland-Garros")
    teacher = staff_user(school, role=Role.TEACHER, first_name="Élise", last_name="Martin")
    training = _session_this_week_already_over(school, teacher)
    jeanne = RegistrationFactory(
        training=training,
        contact=ContactFactory(first_name="Jeanne", last_name="Dupont",
                               email="jeanne.dupont@boulangerie.example"),
    )  # fmt: skip
    RegistrationFactory(
        training=training, contact=ContactFactory(first_name="Marc", last_name="Absent")
    )
    page.set_viewport_size(PHONE)
    log_in(page, live_server, teacher)

    # The dashboard at 375 px: this week's session and the attendance to take, readable.
    page.goto(live_server.url + "/admin/")
    week = page.locator("[data-todo=mes_sessions_semaine]")
    expect(week).to_contain_text("session que vous animez cette semaine")
    expect(week.locator("[data-count]")).to_have_text("1")
    expect(page.locator("[data-todo=mes_presences] [data-count]")).to_have_text("1")
    assert no_horizontal_scroll(page)

    week.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/formations/animation/$"))
    page.get_by_role("link", name="Accueillir un stagiaire de CAP cuisine", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feuille de présence")
    expect(page.get_by_text("DUPONT Jeanne")).to_be_visible()
    assert no_horizontal_scroll(page)

    page.get_by_role("button", name="Présent : Jeanne Dupont").click()
    expect(page.get_by_text("Jeanne Dupont : présent.")).to_be_visible()
    expect(page.get_by_text("1 présent", exact=False).first).to_be_visible()
    jeanne.refresh_from_db()
    assert jeanne.status == "present" and jeanne.attendance_marked_by == teacher

    # The attestations: a labelled button, then a confirmation saying who receives a mail.
    sent_before = len(mail.outbox)
    page.get_by_role("button", name="Envoyer les attestations aux présents (1 personne)").click()
    dialog = page.locator("#confirmer-attestations")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("1 personne présente recevra son attestation de présence")
    # "Annuler" sends nothing.
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_be_hidden()
    assert len(mail.outbox) == sent_before
    page.get_by_role("button", name="Envoyer les attestations aux présents (1 personne)").click()
    dialog.get_by_role("button", name="Oui, envoyer les attestations").click()
    expect(page.get_by_text("Attestations envoyées : 1.")).to_be_visible()
    assert [m.to for m in mail.outbox[sent_before:]] == [["jeanne.dupont@boulangerie.example"]]

    # The feedback request, the same way.
    page.get_by_role("button", name="Demander leur avis aux présents (1 personne)").click()
    dialog = page.locator("#confirmer-avis")
    expect(dialog).to_contain_text("1 personne présente recevra un courriel lui demandant")
    dialog.get_by_role("button", name="Oui, demander leur avis").click()
    expect(page.get_by_text("Demandes d’avis envoyées : 1.")).to_be_visible()
    assert no_horizontal_scroll(page)
    assert axe_serious(page) == []
    assert Registration.objects.get(pk=jeanne.pk).status == "present"

    # Back on the dashboard, the sheet is no longer to fill.
    page.goto(live_server.url + "/admin/")
    expect(page.locator("[data-todo=mes_presences] [data-count]")).to_have_text("0")
