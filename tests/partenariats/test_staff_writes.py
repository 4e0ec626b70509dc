"""The company and partnership screens write through services (issue 13): what they save."""

import pytest

from entreprises.models import Company
from partenariats import services
from partenariats.models import Partnership, PartnershipStatus, PartnershipStatusChange
from tests.entreprises.factories import CompanyFactory, valid_siret
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def test_a_company_created_in_the_admin_comes_with_its_schools_prospect_partnership(
    client_a, school_a, rbde_a
):
    siret = valid_siret(4242)
    client_a.post(
        "/admin/entreprises/new/",
        {"siret": siret, "name": "Menuiserie Nouvelle", "postcode": "31000", "town": "Toulouse"},
    )
    company = Company.objects.get(siret=siret)
    partnership = Partnership.objects.get(company=company)
    assert (partnership.school, partnership.status) == (school_a, PartnershipStatus.PROSPECT)
    change = PartnershipStatusChange.objects.get(partnership=partnership)
    assert (change.to_status, change.changed_by, change.comment) == ("prospect", rbde_a, "création")


def test_the_company_and_its_partnership_are_created_together_or_not_at_all(school_a, monkeypatch):
    def refused(**kwargs):
        raise RuntimeError("refusé")

    monkeypatch.setattr(services.companies, "partnership_get_or_create", refused)
    with pytest.raises(RuntimeError):
        services.company_create_for_school(
            company=Company(siret=valid_siret(77), name="Sans suite"), school=school_a
        )
    assert not Company.objects.filter(name="Sans suite").exists()


def test_a_partnership_edit_saves_its_fields_and_logs_its_status_through_the_services(
    rbde_a, teacher_a, school_a
):
    partnership = PartnershipFactory(school=school_a, company=CompanyFactory(name="Atelier"))
    partnership.notes, partnership.status, partnership.teacher = (
        "Trois stagiaires",
        "termine",
        teacher_a,
    )
    services.partnership_update(
        partnership=partnership, status="termine", teacher=teacher_a, by=rbde_a, comment="Fin"
    )
    partnership.refresh_from_db()
    assert (partnership.notes, partnership.status, partnership.teacher) == (
        "Trois stagiaires",
        "termine",
        teacher_a,
    )
    change = partnership.status_changes.order_by("pk").last()
    assert (change.to_status, change.comment, change.changed_by) == ("termine", "Fin", rbde_a)


def test_a_refused_status_change_saves_none_of_the_edit(rbde_a, school_a):
    partnership = PartnershipFactory(school=school_a, prospect=True)
    partnership.notes = "Ne doit pas rester"
    with pytest.raises(services.PartnershipError):
        services.partnership_update(
            partnership=partnership, status=PartnershipStatus.DORMANT, teacher=None, by=rbde_a
        )
    partnership.refresh_from_db()
    assert (partnership.notes, partnership.status) == ("", PartnershipStatus.PROSPECT)
