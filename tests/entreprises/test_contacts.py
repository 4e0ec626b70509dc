"""The one rule that finds or creates a contact (used by offres, formations and the import)."""

import datetime

import pytest
from django.utils import timezone

from entreprises.models import ConsentMethod, Contact
from entreprises.services import ContactError, contact_find_or_create
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.etablissements.factories import SchoolFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=900)


def test_the_same_email_at_the_same_company_is_the_same_person_filled_not_overwritten():
    school = SchoolFactory()
    known = ContactFactory(email="julie@garage.example", phone="", job_title="RH")
    contact, created = contact_find_or_create(
        company=known.company,
        email=" Julie@Garage.EXAMPLE ",
        first_name="Autre",
        last_name="Nom",
        phone="05 61 00 00 00",
        job_title="Gérante",
        schools=[school],
    )
    assert (contact.pk, created) == (known.pk, False)
    contact.refresh_from_db()
    assert (contact.first_name, contact.phone, contact.job_title) == (
        "Julie",
        "05 61 00 00 00",
        "RH",
    )
    assert list(contact.schools.all()) == [school]
    # Another company: another record for the same address.
    other, created = contact_find_or_create(company=CompanyFactory(), email="julie@garage.example")
    assert created and other.pk != known.pk


def test_without_email_the_names_match_and_an_anonymised_contact_is_never_reused():
    company = CompanyFactory()
    named = ContactFactory(company=company, email="", first_name="Paul", last_name="Martin")
    found, created = contact_find_or_create(company=company, first_name="paul", last_name="MARTIN")
    assert (found.pk, created) == (named.pk, False)

    gone = ContactFactory(company=company, email="parti@garage.example")
    Contact.objects.filter(pk=gone.pk).update(anonymised_at=timezone.now())
    fresh, created = contact_find_or_create(company=company, email="parti@garage.example")
    assert created and fresh.pk != gone.pk

    with pytest.raises(ContactError, match="courriel ou le nom"):
        contact_find_or_create(company=company)


def test_a_consent_given_online_renews_an_import_fills_only_an_empty_one():
    company = CompanyFactory()
    old = ContactFactory(company=company, email="a@garage.example", consent_method="ecrit")
    Contact.objects.filter(pk=old.pk).update(consent_given_at=LONG_AGO)
    bare = ContactFactory(company=company, email="b@garage.example", consent_method="")
    Contact.objects.filter(pk=bare.pk).update(consent_given_at=None)

    imported, _ = contact_find_or_create(
        company=company, email="a@garage.example", consent_method=ConsentMethod.IMPORT
    )
    assert imported.consent_method == "ecrit" and imported.consent_given_at == LONG_AGO
    filled, _ = contact_find_or_create(
        company=company,
        email="b@garage.example",
        consent_method=ConsentMethod.IMPORT,
        consent_purpose="import",
    )
    assert filled.consent_method == ConsentMethod.IMPORT and filled.consent_given_at

    online, _ = contact_find_or_create(
        company=company,
        email="a@garage.example",
        consent_method=ConsentMethod.ONLINE_FORM,
        consent_purpose="inscription",
    )
    online.refresh_from_db()
    assert online.consent_method == ConsentMethod.ONLINE_FORM
    assert online.consent_given_at > LONG_AGO and online.consent_purpose == "inscription"
    assert online.last_activity_at > LONG_AGO  # the RGPD clock starts again

    untouched, _ = contact_find_or_create(company=company, email="a@garage.example")
    assert untouched.consent_purpose == "inscription"  # no consent given: nothing recorded
