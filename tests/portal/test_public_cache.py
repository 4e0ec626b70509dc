"""The public page cache (portal/public_cache.py): an anonymous visitor gets the stored page,
which any change of what it shows replaces, and nothing personal is ever stored or served."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from portal.site_cache import site_for
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import UserFactory
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory

pytestmark = pytest.mark.django_db  # the cache is on in every test (tests/conftest.py)


def _get(client, path, **params):
    response = client.get(path, params)
    return response.get("X-Portal-Cache", ""), response.content.decode()


def test_an_anonymous_visitor_gets_the_stored_page_without_a_query(client, site):
    CompanyFactory(name="Boulangerie Occitane", listed=True)
    directory = reverse("entreprises:directory")
    assert _get(client, directory) == ("miss", _get(client, directory)[1])
    with CaptureQueriesContext(connection) as queries:
        state, page = _get(client, directory)
    assert state == "hit" and "Boulangerie Occitane" in page
    assert queries.captured_queries == []
    # The home page too (a Wagtail page), and each query string has its own page.
    assert _get(client, "/")[0] == "miss" and _get(client, "/")[0] == "hit"
    # A filtered list: stored the second time it is asked for, served the third.
    assert [_get(client, directory, naf_section="F")[0] for _ in range(3)] == ["vu", "miss", "hit"]


def test_a_change_shows_on_the_next_request(client, site):
    directory = reverse("entreprises:directory")
    CompanyFactory(name="Boulangerie Occitane", listed=True)
    _get(client, directory)
    CompanyFactory(name="Garage du Canal", listed=True)
    state, page = _get(client, directory)
    assert state == "miss" and "Garage du Canal" in page

    session = TutorTrainingFactory(title="Accueillir un apprenti", capacity=2)
    calendar = reverse("formations:calendar")
    assert "2 places libres sur 2" in _get(client, calendar)[1]
    RegistrationFactory(training=session)
    state, page = _get(client, calendar)
    assert state == "miss" and "1 place libre sur 2" in page


def test_a_deploy_never_serves_the_old_pages(client, site, monkeypatch):
    _get(client, "/")
    assert _get(client, "/")[0] == "hit"
    monkeypatch.setattr("portal.public_cache.release", lambda: "nouvelle-version")
    assert _get(client, "/")[0] == "miss"


def test_a_signed_in_person_is_neither_served_nor_stored(client, site):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    assert _get(client, "/") == ("", _get(client, "/")[1])
    client.logout()
    client.cookies.clear()
    assert _get(client, "/")[0] == "miss"


def test_a_page_with_a_form_is_not_stored(client, site):
    session = TutorTrainingFactory()
    path = reverse("formations:training_detail", args=[session.pk])
    state, page = _get(client, path)
    assert state == "" and 'name="csrfmiddlewaretoken"' in page
    client.cookies.clear()
    assert _get(client, path)[0] == ""


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, site):
    _get(client, "/")
    client.cookies["messages"] = "quelque-chose"
    assert _get(client, "/")[0] == ""


def test_the_public_pages_use_no_csp_nonce(client, site):
    response = client.get("/")
    assert "nonce" not in response["Content-Security-Policy"]
    assert "nonce=" not in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_site_is_looked_up_once_then_from_the_cache(site):
    with CaptureQueriesContext(connection) as first:
        assert site_for("localhost", 80).root_page.pk == site.pk
    with CaptureQueriesContext(connection) as second:
        assert site_for("localhost", 80).root_page.pk == site.pk
    assert len(first.captured_queries) >= 1 and second.captured_queries == []
    # A site saved (another host) shows at once.
    Site.objects.create(hostname="portail.example", port=80, root_page=site)
    assert site_for("portail.example", 80).hostname == "portail.example"


def test_a_stored_page_costs_one_read_of_the_cache(client, site, monkeypatch):
    """The page's entry is read in the round trip of the request's versions (read_with)."""
    CompanyFactory(name="Boulangerie Occitane", listed=True)
    directory = reverse("entreprises:directory")
    assert _get(client, directory)[0] == "miss"
    backend, reads, inside = caches["default"], [], []
    for name, real in [(name, getattr(backend, name)) for name in ("get", "get_many")]:

        def counted(*args, _real=real, _name=name, **kwargs):
            if not inside:  # the in-memory cache's get_many calls its get: one read all the same
                reads.append(_name)
            inside.append(1)
            try:
                return _real(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(backend, name, counted)
    state, page = _get(client, directory)
    assert state == "hit" and "Boulangerie Occitane" in page
    assert reads == ["get_many"]
