import pytest
from stdnum.fr import siret

from entreprises import demo
from entreprises.models import Company, Contact
from etablissements import demo as schools_demo


@pytest.mark.django_db
def test_demo_companies_have_valid_sirets_and_load_twice_without_duplicates():
    assert all(siret.is_valid(c["siret"]) for c in demo.DEMO_COMPANIES)
    assert len({c["siret"] for c in demo.DEMO_COMPANIES}) == len(demo.DEMO_COMPANIES)
    schools_demo.load()
    demo.load()
    demo.load()
    assert Company.objects.count() == len(demo.DEMO_COMPANIES)
    assert Contact.objects.count() == len(demo.DEMO_CONTACTS)
    assert Company.objects.publicly_listed().count() >= 5
    assert not Contact.objects.filter(schools=None).exists()
    assert not Contact.objects.filter(consent_given_at=None).exists()
    # Two sites of one legal unit, grouped by SIREN.
    elec = Company.objects.get(siret=demo.DEMO_COMPANIES[0]["siret"])
    assert Company.objects.sites_of(elec.siren).count() == 2
