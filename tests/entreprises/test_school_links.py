"""The one question entreprises asks of partenariats (entreprises/school_links.py): which schools
a company works with. Answered at start-up by partenariats; unanswered, it hides."""

import pytest

from entreprises import school_links
from entreprises.models import Company
from etablissements.roles import Role
from partenariats.choices import PartnershipStatus
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def test_partnerships_put_a_company_in_its_schools_scope_and_directory():
    school, other = SchoolFactory(name="Lycée Clément-Ader"), SchoolFactory(name="Lycée Bellevue")
    company = CompanyFactory()
    PartnershipFactory(company=company, school=school, status=PartnershipStatus.ACTIVE)
    PartnershipFactory(company=company, school=other, status=PartnershipStatus.ENDED)
    rbde = staff_user(school, role=Role.RBDE)

    assert list(Company.objects.for_user(rbde)) == [company]
    assert not Company.objects.for_user(staff_user(SchoolFactory(), role=Role.RBDE)).exists()
    # The directory names the schools whose partnership runs, not the ended ones.
    assert list(school_links.schools_of(company)) == [school]
    assert list(Company.objects.partners_of([other.pk])) == []
    assert list(Company.objects.partners_of([school.pk])) == [company]


def test_without_an_answer_no_company_is_in_a_schools_scope(monkeypatch):
    school = SchoolFactory()
    company = CompanyFactory()
    PartnershipFactory(company=company, school=school)
    monkeypatch.setattr(school_links, "_link_rows", None)

    assert not Company.objects.for_user(staff_user(school, role=Role.RBDE)).exists()
    assert not school_links.schools_of(company).exists()
    assert not Company.objects.partners_of([school.pk]).exists()
