"""What the shared cache takes is bounded, whatever the clients send: a flood of made-up query
strings and hosts stores a bounded number of keys (portal/public_cache.py, portal/site_cache.py,
entreprises/directory.py, common/form_cache.py)."""

import pytest
from django.core.cache import cache, caches
from django.template.loader import render_to_string
from django.urls import reverse

from common.cache_budget import CacheBudget
from entreprises.directory import filter_form_html
from entreprises.filters import PublicCompanyFilterSet
from entreprises.models import Company
from formations.calendar_cache import filter_fields_html
from formations.filters import TrainingCalendarFilter
from formations.models import TutorTraining
from tests.entreprises.factories import CompanyFactory
from tests.formations.factories import TutorTrainingFactory

pytestmark = pytest.mark.django_db  # the page cache is on in every test (tests/conftest.py)


@pytest.fixture
def big_cache(settings):
    """The in-memory cache culls past 300 keys by itself: lift that, so that only the portal's
    own bounds count (Redis, under CI, has none of its own here)."""
    if "locmem" in settings.CACHES["default"]["BACKEND"]:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "bornes",
                "OPTIONS": {"MAX_ENTRIES": 100_000},
            }
        }
    cache.clear()
    yield
    cache.clear()


def key_kinds() -> str:
    backend = caches["default"]
    keys = backend._cache if isinstance(getattr(backend, "_cache", None), dict) else []
    return " ".join(sorted(":".join(key.split(":")[2:4])[:24] for key in keys))


def key_count() -> int:
    backend = caches["default"]
    if isinstance(getattr(backend, "_cache", None), dict):  # LocMemCache
        return len(backend._cache)
    return backend._cache.get_client().dbsize()


def test_a_flood_of_query_strings_and_hosts_stores_a_bounded_number_of_keys(
    client, site, settings, monkeypatch, big_cache
):
    settings.PUBLIC_CACHE_VARIANTS = 10
    settings.ALLOWED_HOSTS = ["testserver", ".portail.example"]
    monkeypatch.setattr(
        "entreprises.directory.BUDGET", CacheBudget("annuaire", size=10, seconds=600)
    )
    for n in range(5):
        CompanyFactory(name=f"Atelier {n}", listed=True)
    TutorTrainingFactory()
    directory, calendar = reverse("entreprises:directory"), reverse("formations:calendar")
    for path in (directory, calendar, "/"):
        assert client.get(path)["X-Portal-Cache"] == "miss"
        assert client.get(path)["X-Portal-Cache"] == "hit"
    before = key_count()

    flood = []
    for n in range(60):
        flood += [
            f"{directory}?town=Ville{n}",  # a typed word: no page stored, its count on budget
            f"{directory}?naf_section=F&departement={n:02d}",  # choices: on budget
            f"{directory}?naf_section=F&page={n + 4}",  # past the first pages
            f"{calendar}?school=Lycee{n}&diploma=bac{n}",
            f"/?utm_source=campagne{n}",
        ]
    for url in flood:  # each asked twice: stored at its second visit, within the budgets
        assert client.get(url).status_code == 200, url
        assert client.get(url).status_code == 200, url
    for n in range(50):  # hosts: outside ALLOWED_HOSTS (400), then allowed by a wildcard
        assert client.get(directory, HTTP_HOST=f"pirate{n}.example").status_code == 400
        assert client.get(directory, HTTP_HOST=f"s{n}.portail.example").status_code == 200

    added = key_count() - before
    # 10 common pages + 10 others + 10 counts (the budgets; twice that if the flood crosses a
    # window), their counters, the directory's form under a few select values: far from the
    # 700 requests. The first visits are remembered by the process, not in the cache.
    assert added <= 2 * (10 + 10 + 10) + 8 + 10, key_kinds()
    assert client.get(directory)["X-Portal-Cache"] == "hit"  # the plain pages stay


def test_a_page_with_a_query_is_stored_at_its_second_visit(client, site, big_cache):
    CompanyFactory(name="Boulangerie Occitane", listed=True)
    directory = reverse("entreprises:directory")
    for query in (
        "naf_section=F",
        "naf_section=F&departement=31&page=1",
        "town=Toulouse",
        "page=4",
    ):
        states = [client.get(f"{directory}?{query}")["X-Portal-Cache"] for _ in range(3)]
        assert states == ["vu", "miss", "hit"], query
    for query in ("naf_section=F&naf_section=F", "school=" + "L" * 200):  # no page's own link
        response = client.get(f"{directory}?{query}")
        assert "X-Portal-Cache" not in response and response.status_code == 200
        assert "X-Portal-Cache" not in client.get(f"{directory}?{query}")


def test_odd_addresses_never_crowd_out_the_common_lists(client, site, settings, big_cache):
    settings.PUBLIC_CACHE_VARIANTS = 2
    CompanyFactory(name="Boulangerie Occitane", listed=True)
    directory = reverse("entreprises:directory")
    for n in range(2):  # typed words: two stored
        states = [client.get(f"{directory}?town=Ville{n}").get("X-Portal-Cache") for _ in range(3)]
        assert states == ["vu", "miss", "hit"]
    states = [client.get(f"{directory}?town=Ville2").get("X-Portal-Cache") for _ in range(3)]
    assert states == ["vu", None, None]  # the others' budget is spent: rendered, not stored
    states = [client.get(f"{directory}?naf_section=C").get("X-Portal-Cache") for _ in range(3)]
    assert states == ["vu", "miss", "hit"]


def test_a_host_outside_allowed_hosts_stores_nothing(client, site, settings, big_cache):
    settings.ALLOWED_HOSTS = ["testserver"]
    client.get("/")
    client.get("/", HTTP_HOST="inconnu.example")  # the error page: the menu's keys
    before = key_count()
    for n in range(20):
        assert client.get("/", HTTP_HOST=f"inconnu{n}.example").status_code == 400
    assert key_count() == before


DIRECTORY_DATA = [
    {},
    {"naf_section": "C"},
    {"town": "Tou<louse & \"fils\" 'n'", "label": "cmq"},
    {"town": " ", "departement": "31", "school": "LP Roland-Garros", "diploma": "MELEC"},
    {"naf_section": "F", "diploma": "zzvaleurtownzz"},
    {"page": "3"},
]


@pytest.mark.parametrize("data", DIRECTORY_DATA)
def test_the_cached_directory_form_is_the_form_rendered(data, big_cache):
    def filterset():
        return PublicCompanyFilterSet(data or None, queryset=Company.objects.none())

    expected = str(filterset().form)
    assert filter_form_html(filterset()) == expected  # rendered and stored
    assert filter_form_html(filterset()) == expected  # from the cache


@pytest.mark.parametrize(
    "data",
    [
        {"school": "Tarbes <b>", "month": ""},
        {"diploma": "CAP", "departement": "31"},
        {"page": "2"},
        {"month": "pas-un-mois"},  # an error: rendered as it is
    ],
)
def test_the_cached_calendar_form_is_the_form_rendered(data, big_cache):
    TutorTrainingFactory()

    def filterset():
        return TrainingCalendarFilter(data, queryset=TutorTraining.objects.all())

    expected = render_to_string(
        "formations/_calendar_filter_fields.html", {"form": filterset().form}
    )
    assert filter_fields_html(filterset()) == expected
    assert filter_fields_html(filterset()) == expected


def test_the_first_visits_a_process_remembers_are_bounded():
    from portal.public_cache import FirstVisits

    visits = FirstVisits(3)
    assert visits.first("a") and not visits.first("a")
    for key in ("b", "c", "d"):  # "a" is the oldest of four: forgotten
        assert visits.first(key)
    assert len(visits._keys) == 3
    assert visits.first("a") and not visits.first("d")
