"""Findings 5, 7, 8: exports write no live formula and survive control characters; public
input loses its control characters; an id too big for the database is a form error."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.spreadsheets import safe_cell
from entreprises.models import Contact
from formations.models import Registration
from offres.models import Submission
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory
from tests.formations.test_public_views import form_data
from tests.offres.test_public_forms import mentoring_post
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x.example","clic")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def staff(client, school):
    client.force_login(staff_user(school))
    return client


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text[:200] else ","))


def _cells(rows) -> list[str]:
    return [cell for row in rows for cell in row]


@pytest.mark.parametrize(
    "cell", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", '=HYPERLINK("x")', "Garage"]
)
def test_safe_cell(cell):
    out = safe_cell(cell)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out.endswith(cell.lstrip("\t\r")) or out == cell


def test_the_companies_contacts_and_partnerships_csv_hold_no_formula(staff, school):
    company = CompanyFactory(name="Garage Formule", address=FORMULAS[0], town=FORMULAS[2])
    PartnershipFactory(school=school, company=company)
    ContactFactory(company=company, job_title=FORMULAS[1], last_name="=1+2", schools=[school])
    exports = {
        "entreprises": reverse("entreprises_admin:index"),
        "contacts": reverse("contacts_admin:index"),
        "partenariats": reverse("partenariats_admin:index"),
    }
    attempts = 0
    for name, url in exports.items():
        cells = _cells(_csv(staff.get(url, {"export": "csv"})))
        assert any("Formule" in c or "=1+2" in c or "HYPERLINK" in c for c in cells), name
        for cell in cells:
            attempts += 1
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)
    assert attempts > 10


def test_the_contacts_rgpd_csv_holds_no_formula(staff, school):
    contact = ContactFactory(job_title=FORMULAS[1], schools=[school])
    url = reverse("contacts_admin:export", args=[contact.pk])
    cells = _cells(_csv(staff.get(url, {"format": "csv"})))
    assert "'" + FORMULAS[1] in cells


def test_a_control_character_in_public_input_is_stripped(client):
    training = TutorTrainingFactory(school=SchoolFactory())
    url = reverse("formations:training_detail", args=[training.pk])
    client.post(url, form_data(last_name="Du\x03pont\x00", company_name="Boulangerie\x1b Soleil"))
    registration = Registration.objects.get()
    assert registration.contact.last_name == "Dupont"
    assert registration.contact.company.name == "Boulangerie Soleil"


def test_contacts_and_registrations_xlsx_survive_stored_control_characters(staff, school):
    contact = ContactFactory(first_name="Jul\x03ie", last_name="Lef\x0cèvre", schools=[school])
    RegistrationFactory(training=TutorTrainingFactory(school=school), contact=contact)
    Contact.objects.filter(pk=contact.pk).update(job_title="=cmd\x07")
    for url in (
        reverse("contacts_admin:index"),
        reverse("formations_inscriptions:index"),
    ):
        response = staff.get(url, {"export": "xlsx"})
        assert response.status_code == 200, url
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        values = [c.value for row in book.active.iter_rows() for c in row]
        assert "Julie" in values, url
        assert "Lefèvre" in values, url


@pytest.mark.parametrize("ids", [["99999999999999999999"], ["-1"], ["1e5"], ["9" * 400]])
def test_an_id_too_big_for_the_database_is_a_form_error(client, ids):
    school = SchoolFactory()
    url = reverse("offres:submit", kwargs={"slug": "mentorat"})
    response = client.post(url, mentoring_post(school, schools=ids))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Votre proposition n’est pas encore envoyée" in page
    assert 'value="Atelier Garonne"' in page
    assert not Submission.objects.exists()


def test_an_id_too_big_on_the_join_form_is_a_form_error(client):
    from tests.offres.factories import SubmissionFactory

    original = SubmissionFactory(
        kind="specialisation", schools=[SchoolFactory()], status="acceptee"
    )
    url = reverse("offres:specialisation_join", args=[original.pk])
    school = original.addressees.first().school
    response = client.post(url, mentoring_post(school, schools=["1" * 25]))
    assert response.status_code == 200
    assert Submission.objects.count() == 1
