import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from entreprises.models import Company, Contact, ContactErasure
from entreprises.services import (
    CompanyError,
    company_find_or_create,
    company_possible_duplicates,
    company_sites,
    contact_erase,
    contact_export,
    contacts_anonymise_inactive,
)
from partenariats.services import company_merge
from tests.entreprises.factories import CompanyFactory, ContactFactory, valid_siret
from tests.etablissements.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_find_or_create_normalises_and_keeps_one_record_per_siret():
    siret = valid_siret(501)
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    company, created = company_find_or_create(
        siret=spaced, defaults={"name": " Boulangerie Azur ", "naf_code": "1071c"}
    )
    assert created
    assert (company.siret, company.siren, company.name) == (siret, siret[:9], "Boulangerie Azur")
    assert (company.naf_code, company.naf_section) == ("10.71C", "C")
    again, created = company_find_or_create(siret=siret, defaults={"name": "Autre nom"})
    assert not created and again.pk == company.pk
    assert Company.objects.count() == 1


def test_find_or_create_says_what_is_wrong_with_a_siret():
    with pytest.raises(CompanyError) as error:
        company_find_or_create(siret="1234", defaults={"name": "X"})
    assert "14 chiffres" in error.value.messages[0] and "4" in error.value.messages[0]
    with pytest.raises(CompanyError) as error:
        company_find_or_create(siret="12345678901234", defaults={"name": "X"})
    assert "clé de contrôle" in error.value.messages[0]
    with pytest.raises(CompanyError) as error:
        company_find_or_create(siret=valid_siret(3), defaults={"name": "  "})
    assert "raison sociale" in error.value.messages[0]


def test_find_or_create_follows_a_merged_record_to_the_kept_one():
    kept, removed = CompanyFactory(), CompanyFactory()
    company_merge(kept=kept, removed=removed)
    found, created = company_find_or_create(siret=removed.siret, defaults={"name": "x"})
    assert not created and found == kept


def test_possible_duplicates_ignore_case_accents_and_punctuation_but_not_postcode():
    company = CompanyFactory(name="Électricité Générale du Sud", postcode="31000")
    CompanyFactory(name="Electricite Generale du Sud", postcode="82000")
    found = company_possible_duplicates("ELECTRICITE  générale-du sud", "31000")
    assert list(found) == [company]
    assert not company_possible_duplicates("Électricité Générale", "31000").exists()
    assert not company_possible_duplicates(company.name, "31000", exclude=company).exists()


def test_sites_of_a_legal_unit_are_grouped_by_siren():
    from entreprises.demo import demo_siret

    head = CompanyFactory(siret=demo_siret("12345678", "0001"))
    other = CompanyFactory(siret=demo_siret("12345678", "0002"))
    CompanyFactory()
    assert list(company_sites(head)) == [other]
    assert list(Company.objects.sites_of(head.siren)) == [head, other]


def test_contact_export_holds_everything_on_the_person():
    school = SchoolFactory(name="Lycée Bleu")
    contact = ContactFactory(first_name="Anne", phone="0600000000", schools=[school])
    data = contact_export(contact)
    assert data["prénom"] == "Anne"
    assert data["téléphone"] == "0600000000"
    assert data["courriel"] == contact.email
    assert data["établissements"] == ["Lycée Bleu"]
    assert contact.company.siret in data["entreprise"]


def test_contact_erase_anonymises_and_logs_once():
    user = UserFactory()
    contact = ContactFactory(first_name="Anne", phone="0600000000")
    contact_erase(contact=contact, by=user)
    contact_erase(contact=contact, by=user)
    contact.refresh_from_db()
    assert (contact.first_name, contact.last_name, contact.email, contact.phone) == (
        "Contact",
        "anonymisé",
        "",
        "",
    )
    assert contact.anonymised_at is not None
    erasure = ContactErasure.objects.get()
    assert (erasure.contact, erasure.by, erasure.reason) == (contact, user, "demande")


def test_inactive_contacts_are_anonymised_after_three_years_and_dry_run_changes_nothing(capsys):
    today = datetime.date(2026, 11, 23)
    old = timezone.make_aware(datetime.datetime(2023, 11, 1))
    recent = timezone.make_aware(datetime.datetime(2024, 1, 1))
    stale = ContactFactory(last_activity_at=old)
    never = ContactFactory(last_activity_at=None)
    Contact.objects.filter(pk=never.pk).update(created_at=old)
    active = ContactFactory(last_activity_at=recent)

    call_command("contacts_anonymise_inactive", "--dry-run", "--date", "2026-11-23")
    out = capsys.readouterr().out
    assert "2 contact(s)" in out and "seraient anonymisés" in out
    assert not Contact.objects.filter(anonymised_at__isnull=False).exists()

    assert contacts_anonymise_inactive(today=today, batch_size=1) == 2
    assert set(Contact.objects.filter(anonymised_at__isnull=False)) == {stale, never}
    assert Contact.objects.get(pk=active.pk).email == active.email
    assert ContactErasure.objects.filter(reason="inactivite").count() == 2
    assert contacts_anonymise_inactive(today=today) == 0


def test_weekly_task_is_scheduled():
    from portal.celery import BEAT_SCHEDULE

    entry = BEAT_SCHEDULE["anonymisation des contacts inactifs"]
    assert entry["task"] == "entreprises.tasks.contacts_anonymise_inactive"


def test_the_periodic_task_anonymises_the_inactive_contacts():
    from entreprises.tasks import contacts_anonymise_inactive_task

    stale = ContactFactory(first_name="Ancien", email="ancien@example.fr")
    Contact.objects.filter(pk=stale.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=3 * 366)
    )
    recent = ContactFactory(first_name="Récent", last_activity_at=timezone.now())

    assert contacts_anonymise_inactive_task.apply().get() == 1
    stale.refresh_from_db()
    assert (stale.first_name, stale.email) == ("Contact", "")
    assert Contact.objects.get(pk=recent.pk).first_name == "Récent"
    assert contacts_anonymise_inactive_task.apply().get() == 0
