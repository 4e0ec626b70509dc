"""The contact screens write through `contact_save` (issue 13): who noted the consent, and an
RBDE's edit keeps the contact's links to the schools they do not see."""

import pytest
from django.utils import timezone

from entreprises.models import Contact
from etablissements.roles import Role
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(db):
    return SchoolFactory(name="Lycée Déodat-de-Séverac")


@pytest.fixture
def company(school):
    company = CompanyFactory(name="Menuiserie Occitane")
    PartnershipFactory(company=company, school=school)
    return company


def _data(company, school, **changes):
    return {
        "company": company.pk,
        "schools": [school.pk],
        "first_name": "Julie",
        "last_name": "Lefèvre",
        "role": "tuteur",
        "job_title": "",
        "email": "julie@menuiserie.example",
        "phone": "",
        "consent_given_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "consent_method": "ecrit",
        "consent_purpose": "être contactée pour les stages",
    } | changes


def test_a_contact_entered_in_the_admin_says_who_noted_the_consent(client, school, company):
    rbde = staff_user(school, role=Role.RBDE)
    client.force_login(rbde)
    response = client.post("/admin/contacts/new/", _data(company, school))
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.created_by, contact.consent_recorded_by) == (rbde, rbde)
    assert list(contact.schools.all()) == [school]


def test_an_rbde_edit_keeps_the_links_to_other_schools(client, school, company):
    other = SchoolFactory(name="Lycée Gallieni")
    PartnershipFactory(company=company, school=other)
    contact = ContactFactory(company=company, schools=[school, other], consent_given_at=None)
    rbde = staff_user(school, role=Role.RBDE)
    client.force_login(rbde)
    response = client.post(
        f"/admin/contacts/edit/{contact.pk}/", _data(company, school, job_title="Gérante")
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.job_title == "Gérante"
    assert set(contact.schools.all()) == {school, other}
    assert contact.consent_recorded_by == rbde
