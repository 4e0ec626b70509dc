"""Staff lists and pages run the same number of queries for 3 rows or 30."""

import pytest

from tests.partenariats.factories import (
    InteractionFactory,
    PartnershipFactory,
    RoadmapActionFactory,
)

pytestmark = pytest.mark.django_db


def _rows(school, teacher, n):
    for _ in range(n):
        partnership = PartnershipFactory(school=school, teacher=teacher)
        InteractionFactory(partnership=partnership)
        RoadmapActionFactory(partnership=partnership)
    return partnership


@pytest.mark.parametrize(
    "url, bound",
    [
        ("/admin/partenariats/", 20),
        ("/admin/partenariats/?status=actif&q=Entreprise&ordering=-convention_end", 20),
        ("/admin/partenariats/?export=csv", 12),
        ("/admin/partenariats/journal/", 20),
        ("/admin/partenariats/feuille-de-route/", 20),
    ],
)
def test_lists_run_a_constant_number_of_queries(
    client_a, school_a, teacher_a, django_assert_max_num_queries, url, bound
):
    for n in (3, 27):
        _rows(school_a, teacher_a, n)
        with django_assert_max_num_queries(bound):
            response = client_a.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)


def test_the_partnership_page_runs_a_constant_number_of_queries(
    client_a, school_a, teacher_a, django_assert_max_num_queries
):
    partnership = _rows(school_a, teacher_a, 1)
    for n in (3, 30):
        InteractionFactory.create_batch(n, partnership=partnership)
        RoadmapActionFactory.create_batch(n, partnership=partnership)
        with django_assert_max_num_queries(25):
            client_a.get(f"/admin/partenariats/inspect/{partnership.pk}/")
