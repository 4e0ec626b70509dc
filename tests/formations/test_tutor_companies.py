"""A tutor's registration brings their company into the school's companies (as a prospect),
and into that school's only."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from entreprises.models import Company
from formations import services
from partenariats.models import Partnership
from tests.entreprises.factories import valid_siret
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory

pytestmark = pytest.mark.django_db

SIRET = valid_siret(701)


def _register(training, **extra):
    data = {
        "first_name": "Paul",
        "last_name": "Tuteur",
        "email": "paul@electricite.example",
        "siret": SIRET,
        "company_name": "Électricité Garonne",
    }
    return services.training_register_tutor(training=training, **(data | extra))


def test_the_tutors_company_is_a_prospect_of_the_school_only(
    client, school, rbde, other_school, other_rbde
):
    _register(TutorTrainingFactory(school=school))

    company = Company.objects.get(siret=SIRET)
    partnership = Partnership.objects.get(company=company)
    assert (partnership.school, partnership.status) == (school, "prospect")
    change = partnership.status_changes.get()
    assert "un tuteur de l’entreprise s’est inscrit à une formation" in change.comment
    assert list(Company.objects.for_user(rbde)) == [company]
    assert not Company.objects.for_user(other_rbde).exists()

    client.force_login(rbde)
    assert "Électricité Garonne" in client.get(reverse("entreprises_admin:index")).content.decode()
    client.force_login(other_rbde)
    page = client.get(reverse("entreprises_admin:index")).content.decode()
    assert "Électricité Garonne" not in page


def test_a_partner_stays_what_it_is_and_a_walk_in_tutor_counts_too(school, teacher, other_school):
    training = TutorTrainingFactory(school=school, past=True, leaders=[teacher])
    _register(TutorTrainingFactory(school=other_school))
    Partnership.objects.filter(school=other_school).update(status="active")

    _register(training, on_site=True, by=teacher)
    _register(TutorTrainingFactory(school=other_school), email="lea@electricite.example")

    assert set(Partnership.objects.values_list("school__name", "status")) == {
        (school.name, "prospect"),
        (other_school.name, "active"),
    }


def test_the_migration_makes_the_companies_of_earlier_registrations_prospects(school):
    migration = importlib.import_module(
        "formations.migrations.0008_tutor_companies_become_prospects"
    )
    registration = RegistrationFactory(training=TutorTrainingFactory(school=school))
    assert not Partnership.objects.exists()

    migration.forwards(apps, None)
    migration.forwards(apps, None)  # run twice: nothing more

    partnership = Partnership.objects.get()
    assert (partnership.school, partnership.company) == (school, registration.contact.company)
    assert partnership.status == "prospect" and partnership.status_changes.count() == 1
