"""The directory's cached counts and deep pages: a change shows on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entreprises.directory import DirectoryPaginator
from entreprises.models import Company
from partenariats.services import partnership_set_status
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _page(client, **params):
    return client.get(reverse("entreprises:directory"), params).content.decode()


def _counts(queries) -> int:
    return sum("COUNT(" in q["sql"].upper() for q in queries)


def test_the_count_is_served_from_the_cache_on_the_next_request(client):
    CompanyFactory.create_batch(3, listed=True)
    assert ">3 entreprises</h2>" in _page(client)
    with CaptureQueriesContext(connection) as queries:
        assert ">3 entreprises</h2>" in _page(client)
    assert _counts(queries.captured_queries) == 0


def test_a_company_opting_in_or_out_shows_at_once(client):
    kept = CompanyFactory(name="Brasserie Ouverte", listed=True)
    assert ">1 entreprise</h2>" in _page(client)

    newcomer = CompanyFactory(name="Atelier Nouveau")
    newcomer.public_listing = True
    newcomer.save()
    page = _page(client)
    assert ">2 entreprises</h2>" in page and "Atelier Nouveau" in page

    kept.public_listing = False
    kept.save()
    page = _page(client)
    assert ">1 entreprise</h2>" in page and "Brasserie Ouverte" not in page


def test_an_ended_partnership_leaves_the_school_list_at_once(client):
    school = SchoolFactory(name="Lycée Alpha")
    partnerships = [
        PartnershipFactory(school=school, company=CompanyFactory(name=f"Atelier {i}", listed=True))
        for i in range(2)
    ]
    assert ">2 entreprises</h2>" in _page(client, school="lycée alpha")

    partnership_set_status(partnership=partnerships[0], status="termine")
    page = _page(client, school="Lycée Alpha")
    assert ">1 entreprise</h2>" in page and "Atelier 0" not in page

    PartnershipFactory(school=school, company=CompanyFactory(name="Atelier 9", listed=True))
    assert ">2 entreprises</h2>" in _page(client, school="Lycée Alpha")


def test_each_filter_has_its_own_count_and_an_invalid_one_is_not_cached(client):
    CompanyFactory(name="Brasserie", naf_code="56.10A", listed=True)
    CompanyFactory(name="Électricité", naf_code="43.21A", listed=True)
    assert ">1 entreprise</h2>" in _page(client, naf_section="I")
    # Not a sector: the form says so, the other filters apply, and its count is not kept.
    page = _page(client, naf_section="ZZ", departement="")
    assert ">2 entreprises</h2>" in page and "fr-error-text" in page
    assert ">2 entreprises</h2>" in _page(client)
    assert ">1 entreprise</h2>" in _page(client, naf_section="I")


def test_a_deep_page_lists_the_same_rows_as_a_plain_slice(
    monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr("entreprises.directory.KEYSET_FROM", 20)
    for i in range(47):
        CompanyFactory(name=f"Atelier {i:02d}", listed=True)
    queryset = Company.objects.publicly_listed().order_by("name", "pk")
    paginator = DirectoryPaginator(queryset, 20, filters={})
    with django_assert_max_num_queries(3):  # count, the boundary, the rows
        page = paginator.page(3)
        names = [c.name for c in page.object_list]
    assert names == [c.name for c in queryset[40:60]] == [f"Atelier {i}" for i in range(40, 47)]
    assert paginator.num_pages == 3 and page.has_previous() and not page.has_next()


def test_the_school_filter_query_count_stays_flat(client, django_assert_max_num_queries):
    school = SchoolFactory(name="Lycée Bêta")
    for _ in range(30):
        PartnershipFactory(school=school, company=CompanyFactory(listed=True))
    with django_assert_max_num_queries(9):
        page = _page(client, school="Lycée Bêta")
    assert ">30 entreprises</h2>" in page
