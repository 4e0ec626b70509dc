"""The public directory: companies that opted in, filtered, paginated, and nothing personal."""

import pytest
from django.urls import reverse

from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.etablissements.factories import SchoolFactory
from tests.partenariats.factories import InteractionFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    alpha = SchoolFactory(name="Lycée Alpha")
    beta = SchoolFactory(name="Lycée Bêta")
    listed = CompanyFactory(
        name="Brasserie Ouverte", naf_code="56.10A", postcode="82000", town="Montauban",
        listed=True, cmq=True,
    )  # fmt: skip
    other = CompanyFactory(name="Électricité Visible", listed=True)
    hidden = CompanyFactory(name="Garage Discret")
    partnership = PartnershipFactory(school=alpha, company=listed)
    PartnershipFactory(school=beta, company=other)
    PartnershipFactory(school=alpha, company=hidden)
    ContactFactory(
        company=listed, first_name="Jeanne", last_name="Privée", email="jeanne@brasserie.example"
    )
    InteractionFactory(partnership=partnership, note="Note interne du lycée")
    return {"alpha": alpha, "beta": beta, "listed": listed, "other": other, "hidden": hidden}


def _page(client, **params):
    return client.get(reverse("entreprises:directory"), params).content.decode()


def test_only_companies_that_opted_in_are_listed(client, directory):
    page = _page(client)
    assert "Brasserie Ouverte" in page and "Électricité Visible" in page
    assert "Garage Discret" not in page
    assert ">2 entreprises</h2>" in page


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"naf_section": "I"}, "Brasserie Ouverte"),
        ({"departement": "82"}, "Brasserie Ouverte"),
        ({"town": "montau"}, "Brasserie Ouverte"),
        ({"label": "cmq"}, "Brasserie Ouverte"),
        ({"school": "lycée bêta"}, "Électricité Visible"),
    ],
)
def test_each_filter_narrows_the_directory(client, directory, params, shown):
    page = _page(client, **params)
    assert shown in page
    hidden = {"Brasserie Ouverte", "Électricité Visible"} - {shown}
    assert not any(name in page for name in hidden)
    assert "Garage Discret" not in page


def test_the_school_filter_takes_a_uai_and_ignores_ended_partnerships(client, directory):
    page = _page(client, school=directory["beta"].uai.lower())
    assert "Électricité Visible" in page and "Brasserie Ouverte" not in page
    directory["other"].partnerships.update(status="termine")
    assert "Électricité Visible" not in _page(client, school=directory["beta"].uai)


def test_the_company_page_shows_no_personal_data(client, directory):
    page = client.get(reverse("entreprises:detail", args=[directory["listed"].pk])).content
    page = page.decode()
    assert "Brasserie Ouverte" in page and "Lycée Alpha" in page
    assert "Campus des métiers et des qualifications" in page
    for secret in ("Jeanne", "Privée", "jeanne@brasserie.example", "Note interne"):
        assert secret not in page
    response = client.get(reverse("entreprises:detail", args=[directory["hidden"].pk]))
    assert response.status_code == 404 and "Garage Discret" not in response.content.decode()


def test_the_directory_is_paginated(client, directory):
    for i in range(25):
        CompanyFactory(name=f"Atelier {i:02d}", listed=True)
    first = _page(client)
    assert ">27 entreprises</h2>" in first
    assert "Atelier 00" in first and "Électricité Visible" not in first
    second = _page(client, page=2)
    assert "Électricité Visible" in second and "Atelier 00" not in second


@pytest.mark.parametrize("extra", [0, 40])
def test_directory_and_company_page_query_counts_do_not_grow(
    client, directory, extra, django_assert_max_num_queries
):
    for i in range(extra):
        company = CompanyFactory(name=f"Atelier {i:02d}", listed=True)
        PartnershipFactory(school=directory["alpha"], company=company)
        PartnershipFactory(school=directory["beta"], company=company)
    with django_assert_max_num_queries(8):
        page = _page(client, departement="31")
    assert f">{1 + extra} entreprise" in page
    with django_assert_max_num_queries(8):
        client.get(reverse("entreprises:detail", args=[directory["listed"].pk]))


@pytest.mark.parametrize("extra", [0, 40])
def test_the_directory_filtered_by_sector_departement_and_uai_stays_at_its_queries(
    client, directory, extra, django_assert_max_num_queries
):
    for i in range(extra):
        company = CompanyFactory(
            name=f"Brasserie {i:02d}", naf_code="56.10A", postcode="82000", listed=True
        )
        PartnershipFactory(school=directory["alpha"], company=company)
    CompanyFactory(name="Brasserie d’ailleurs", naf_code="56.10A", postcode="31000", listed=True)
    with django_assert_max_num_queries(5):  # its count read once, then cached
        page = _page(client, naf_section="I", departement="82")
    assert f">{1 + extra} entreprise" in page and "Brasserie d’ailleurs" not in page
    with django_assert_max_num_queries(4):
        page = _page(client, school=f" {directory['alpha'].uai.lower()} ", page="1")
    assert f">{1 + extra} entreprise" in page and "Électricité Visible" not in page
    assert ("Brasserie 00" if extra else "Brasserie Ouverte") in page


@pytest.mark.parametrize("few", [2000, 1])
def test_the_school_filter_lists_the_same_partners_read_as_ids_or_by_a_sub_select(
    client, directory, few, monkeypatch
):
    """A few schools' partners are read as ids first, many through a sub-select: both list the
    running partners of the schools named, and only them."""
    monkeypatch.setattr("entreprises.querysets.FEW_PARTNERS", few)
    ended = CompanyFactory(name="Ancienne Menuiserie", listed=True)
    PartnershipFactory(school=directory["alpha"], company=ended, status="termine")
    second = CompanyFactory(name="Boulangerie Seconde", listed=True)
    PartnershipFactory(school=directory["alpha"], company=second)
    PartnershipFactory(school=directory["beta"], company=second)
    page = _page(client, school="Lycée")
    for shown in ("Brasserie Ouverte", "Électricité Visible", "Boulangerie Seconde"):
        assert shown in page
    assert "Ancienne Menuiserie" not in page and "Garage Discret" not in page
    assert ">3 entreprises" in page
    page = _page(client, school="Alpha")
    assert "Brasserie Ouverte" in page and "Boulangerie Seconde" in page
    assert "Électricité Visible" not in page and ">2 entreprises" in page
