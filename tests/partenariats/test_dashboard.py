import datetime
import re

import pytest
from django.utils import timezone

from partenariats.dashboard import months_before, partnership_figures, school_year_start
from partenariats.models import Partnership
from tests.partenariats.conftest import text
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _figures(html):
    return {k: int(v) for k, v in re.findall(r'data-figure="(\w+)">(\d+)<', html)}


def _school_data(school, today):
    PartnershipFactory.create_batch(2, school=school, status="actif")
    PartnershipFactory(
        school=school,
        status="actif",
        convention_signed_on=today - datetime.timedelta(days=700),
        convention_end=today + datetime.timedelta(days=30),
    )
    PartnershipFactory(
        school=school,
        status="en_sommeil",
        convention_signed_on=today - datetime.timedelta(days=700),
        convention_end=today + datetime.timedelta(days=90),
        last_interaction_on=today - datetime.timedelta(days=250),
    )
    old = PartnershipFactory(school=school, status="prospect")
    Partnership.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=800)
    )


def test_the_dashboard_shows_the_schools_figures_linked_to_the_list(client_a, school_a, school_b):
    today = timezone.localdate()
    _school_data(school_a, today)
    _school_data(school_b, today)
    PartnershipFactory(school=school_b, status="actif")

    html = text(client_a.get("/admin/"))

    assert "Partenariats de l’établissement" in html
    # 3 active; 1 convention ending within 60 days; 2 silent (the dormant one, 250 days
    # without news, and the prospect created 800 days ago with no interaction); 4 new.
    assert _figures(html) == {"active": 3, "ending": 1, "silent": 2, "new": 4}
    assert f"/admin/partenariats/?status=actif&amp;school={school_a.pk}" in html


def test_each_figure_links_to_a_list_of_that_many_rows(client_a, rbde_a, school_a):
    today = timezone.localdate()
    _school_data(school_a, today)
    figures = partnership_figures(rbde_a)["rows"][0]

    for key in ("active", "ending", "silent", "new"):
        html = text(client_a.get(figures["links"][key]))
        # Each row links to its partnership twice (its name, its "Voir la fiche" action).
        shown = len(set(re.findall(r'href="/admin/partenariats/inspect/\d+/"', html)))
        assert shown == figures[key], key


def test_dashboard_queries_do_not_grow_with_the_rows(
    client_a, school_a, django_assert_max_num_queries
):
    today = timezone.localdate()
    _school_data(school_a, today)
    # The whole home page, to-do panels included (tests/etablissements/test_dashboard.py).
    with django_assert_max_num_queries(25):
        client_a.get("/admin/")
    for _ in range(6):
        _school_data(school_a, today)
    with django_assert_max_num_queries(25):
        client_a.get("/admin/")


def test_school_year_and_months_arithmetic():
    assert school_year_start(datetime.date(2026, 11, 23)) == datetime.date(2026, 9, 1)
    assert school_year_start(datetime.date(2027, 3, 1)) == datetime.date(2026, 9, 1)
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)
