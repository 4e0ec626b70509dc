"""A company record shared by several schools: attaching a company gives a school its own
partnership, not the right to rewrite the record others rely on; the directory consent is the
company's own choice (its espace entreprise)."""

import pytest
from django.urls import reverse

from entreprises.models import Company
from entreprises.services import CompanyError
from etablissements.services import academy_admin_grant
from offres.links import espace_token
from partenariats.models import Partnership
from partenariats.services import company_merge, company_record_update
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

NS = "entreprises_admin"


@pytest.fixture
def world():
    school_a, school_b = SchoolFactory(name="Lycée Alpha"), SchoolFactory(name="Lycée Bêta")
    company = CompanyFactory(name="Atelier Garonne", town="Toulouse", public_listing=False)
    PartnershipFactory(school=school_a, company=company)
    return {
        "company": company,
        "school_b": school_b,
        "rbde_a": staff_user(school_a),
        "rbde_b": staff_user(school_b),
    }


def _form(company, **changes):
    data = {
        "siret": company.siret,
        "name": company.name,
        "naf_code": company.naf_code,
        "size_band": company.size_band,
        "address": company.address,
        "postcode": company.postcode,
        "town": company.town,
        "website": company.website,
        "latitude": "",
        "longitude": "",
    }
    if company.public_listing:
        data["public_listing"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_school_that_attaches_a_company_cannot_rewrite_its_shared_record(client, world):
    company = world["company"]
    client.force_login(world["rbde_b"])
    # Any company, by its id: the attachment gives school B its own prospect partnership…
    client.post(reverse(f"{NS}:attach", args=[company.pk]))
    assert Partnership.objects.filter(company=company, school=world["school_b"]).exists()
    # … but the record is shared now: no edit button, the form redirects, a POST changes nothing.
    inspect = client.get(reverse(f"{NS}:inspect", args=[company.pk])).content.decode()
    assert "Atelier Garonne" in inspect and "Modifier la fiche" not in inspect
    edit = reverse(f"{NS}:edit", args=[company.pk])
    response = client.get(edit, follow=True)
    assert "Cette fiche est partagée avec Lycée Alpha" in response.content.decode()
    client.post(
        edit,
        _form(company, name="Repris par B", website="https://b.example", public_listing="on"),
    )
    company.refresh_from_db()
    assert (company.name, company.website, company.public_listing) == (
        "Atelier Garonne",
        "",
        False,
    )
    # The first school cannot either, now that the record is shared; each edits its partnership.
    client.force_login(world["rbde_a"])
    response = client.get(edit, follow=True)
    assert "Cette fiche est partagée avec Lycée Bêta" in response.content.decode()
    with pytest.raises(CompanyError):
        company.name = "Par le service"
        company_record_update(company=company, by=world["rbde_a"])


def test_a_school_alone_with_a_company_edits_it_but_not_its_directory_consent(client, world):
    company = world["company"]
    client.force_login(world["rbde_a"])
    page = client.get(reverse(f"{NS}:edit", args=[company.pk])).content.decode()
    assert "L’entreprise choisit elle-même d’apparaître dans l’annuaire public" in page
    response = client.post(
        reverse(f"{NS}:edit", args=[company.pk]),
        _form(company, name="Atelier Garonne SAS", public_listing="on"),
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Atelier Garonne SAS" and company.public_listing is False
    # The service refuses it too, whatever screen calls it.
    company.public_listing = True
    with pytest.raises(CompanyError, match="choix de l’entreprise"):
        company_record_update(company=company, by=world["rbde_a"])


def test_the_academy_administrator_edits_a_shared_record_and_its_consent(client, world):
    company = world["company"]
    PartnershipFactory(school=world["school_b"], company=company)
    admin = UserFactory(username="academie")
    academy_admin_grant(user=admin)
    client.force_login(admin)
    response = client.post(
        reverse(f"{NS}:edit", args=[company.pk]),
        _form(company, name="Atelier Garonne (corrigé)", public_listing="on"),
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Atelier Garonne (corrigé)" and company.public_listing is True


def test_the_company_chooses_its_directory_listing_from_its_espace(client, world):
    company = world["company"]
    person = ContactFactory(company=company, email="drh@garonne.example")
    assert person.confirmed_at is not None
    stranger = ContactFactory(company=company, email="x@intrus.example", confirmed_at=None)
    url = reverse("offres:espace_directory", kwargs={"token": espace_token(stranger.pk)})
    assert client.post(url, {"annuaire": "oui"}).status_code == 403
    company.refresh_from_db()
    assert company.public_listing is False
    espace = reverse("offres:espace", kwargs={"token": espace_token(person.pk)})
    assert "Apparaître dans l’annuaire" in client.get(espace).content.decode()
    url = reverse("offres:espace_directory", kwargs={"token": espace_token(person.pk)})
    response = client.post(url, {"annuaire": "oui"}, follow=True)
    assert "Votre choix est enregistré" in response.content.decode()
    company.refresh_from_db()
    assert company.public_listing is True
    assert "Atelier Garonne" in client.get(reverse("entreprises:directory")).content.decode()
    client.post(url, {"annuaire": "non"})
    company.refresh_from_db()
    assert company.public_listing is False
    assert Company.objects.filter(public_listing=True).count() == 0


def test_a_school_cannot_merge_away_a_company_another_school_partners_with(client, world):
    """Issue 26: the merge follows the edit's rule for both records; the académie merges."""
    shared = world["company"]  # partner of Lycée Alpha…
    PartnershipFactory(school=world["school_b"], company=shared)  # … and of Lycée Bêta
    duplicate = CompanyFactory(name="ATELIER GARONNE", town="Toulouse")
    PartnershipFactory(school=world["school_b"], company=duplicate)
    merge = reverse(f"{NS}:merge", args=[duplicate.pk])
    client.force_login(world["rbde_b"])
    for keep in ("this", "other"):  # removing the shared record, or rewriting it as the kept one
        for step in ({}, {"confirm": "1"}):
            response = client.post(merge, {"other": shared.pk, "keep": keep, **step})
            assert "partagée avec Lycée Alpha" in response.content.decode()
    for company in (shared, duplicate):
        company.refresh_from_db()
        assert company.merged_into_id is None
    assert Partnership.objects.filter(company=shared).count() == 2
    with pytest.raises(CompanyError, match="seule l’administration académique peut la fusionner"):
        company_merge(kept=duplicate, removed=shared, by=world["rbde_b"])
    # The académie's administrator merges it.
    admin = UserFactory(username="academie")
    academy_admin_grant(user=admin)
    client.force_login(admin)
    response = client.post(merge, {"other": shared.pk, "keep": "other", "confirm": "1"})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == shared


def test_a_school_alone_with_both_records_merges_them(client, world):
    company, duplicate = world["company"], CompanyFactory(name="ATELIER GARONNE")
    PartnershipFactory(school=Partnership.objects.get(company=company).school, company=duplicate)
    client.force_login(world["rbde_a"])
    merge = reverse(f"{NS}:merge", args=[duplicate.pk])
    response = client.post(merge, {"other": company.pk, "keep": "other", "confirm": "1"})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == company
