"""The directory's deep pages start from cached boundaries: the same rows as a plain OFFSET on
every page (ties in names included), and a change of data shows on the next request."""

import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entreprises.directory import DirectoryPaginator
from entreprises.models import Company
from tests.entreprises.factories import CompanyFactory

pytestmark = pytest.mark.django_db

# Ties (the same name several times), case and accents: the order is the database's, with pk last.
NAMES = ["Atelier", "atelier", "Ébénisterie", "Ebénisterie", "Zinguerie", "Boulangerie", "Bâti"]


@pytest.fixture
def keyset(monkeypatch):
    """Boundaries every 3 rows from the 4th row skipped: pages of 2 rows do not align on them."""
    monkeypatch.setattr("entreprises.directory.KEYSET_FROM", 4)
    monkeypatch.setattr("entreprises.directory.KEYSET_STEP", 3)


def _companies(count: int) -> None:
    for i in range(count):
        CompanyFactory(
            name=NAMES[i % len(NAMES)] if i % 3 else f"{NAMES[i % len(NAMES)]} {i % 4}",
            naf_code="56.10A" if i % 2 else "43.21A",
            listed=i % 5 != 4,
        )


def _listed():
    return Company.objects.publicly_listed().order_by("name", "pk")


def _assert_every_page_as_a_plain_slice(queryset, filters, per_page=2, orphans=0):
    expected = Paginator(queryset.order_by("name", "pk"), per_page, orphans=orphans)
    for _ in range(2):  # boundaries read, then served from the cache
        paginator = DirectoryPaginator(queryset, per_page, filters=filters, orphans=orphans)
        assert paginator.num_pages == expected.num_pages
        for number in expected.page_range:
            page = [c.pk for c in paginator.page(number).object_list]
            assert page == [c.pk for c in expected.page(number).object_list], number


@pytest.mark.parametrize("orphans", [0, 1])
def test_every_page_lists_the_rows_of_a_plain_offset(keyset, orphans):
    _companies(40)
    _assert_every_page_as_a_plain_slice(_listed(), {}, orphans=orphans)
    sector = _listed().filter(naf_section="I")
    _assert_every_page_as_a_plain_slice(sector, {"naf_section": "I"}, per_page=3, orphans=orphans)


def test_a_page_read_before_a_change_shows_the_change_on_the_next_request(keyset):
    _companies(30)
    _assert_every_page_as_a_plain_slice(_listed(), {})

    CompanyFactory(name="Aaa Première", listed=True)  # before every cached boundary
    _assert_every_page_as_a_plain_slice(_listed(), {})

    renamed = _listed()[20]
    renamed.name = "Aab Renommée"
    renamed.save()
    _assert_every_page_as_a_plain_slice(_listed(), {})

    hidden = _listed()[5]
    hidden.public_listing = False
    hidden.save()
    _listed()[12].delete()
    _assert_every_page_as_a_plain_slice(_listed(), {})


def test_an_invalid_filter_pages_by_plain_offset(keyset):
    _companies(20)
    _assert_every_page_as_a_plain_slice(_listed(), None)


def _offsets(queries) -> list[int]:
    return [int(n) for q in queries for n in re.findall(r"OFFSET (\d+)", q["sql"].upper())]


@pytest.mark.parametrize("size", [60, 200])
def test_page_one_and_a_deep_page_keep_their_query_count_and_a_short_offset(
    client, monkeypatch, size, django_assert_max_num_queries
):
    monkeypatch.setattr("entreprises.directory.KEYSET_FROM", 20)
    monkeypatch.setattr("entreprises.directory.KEYSET_STEP", 30)
    for i in range(size):
        CompanyFactory(name=f"Atelier {i // 2:03d}", listed=True)  # two of each name
    url = reverse("entreprises:directory")
    deep = size // 20 - 1
    with django_assert_max_num_queries(5):  # site, count, page; the menu (then cached)
        first = client.get(url).content.decode()
    with django_assert_max_num_queries(3):  # site, boundary (once for the version), page
        page = client.get(url, {"page": deep}).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, {"page": deep}).content.decode()
    assert len(queries) <= 2 and all(n < 30 for n in _offsets(queries.captured_queries))
    expected = [c.name for c in _listed()[(deep - 1) * 20 : deep * 20]]
    assert f">{size} entreprises</h2>" in first
    assert all(name in page for name in expected) and page == again
    assert "Atelier 000" in first and "Atelier 000" not in page
