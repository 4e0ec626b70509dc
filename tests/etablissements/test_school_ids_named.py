"""What a person types into a "Lycée" filter names these schools, and no other."""

import pytest

from etablissements.selectors import school_ids_named
from tests.etablissements.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_words_of_the_name_the_town_or_the_uai_or_an_id():
    gallieni = SchoolFactory(name="Lycée Gallieni", town="Toulouse", uai="0310044X")
    vignon = SchoolFactory(name="LP Sixte Vignon", town="Aubin")
    assert school_ids_named("gallieni") == [gallieni.pk]
    assert school_ids_named("lycée GALLIENI toulouse") == [gallieni.pk]
    assert school_ids_named(" 0310044x ") == [gallieni.pk]
    assert school_ids_named(str(vignon.pk)) == [vignon.pk]
    assert sorted(school_ids_named("i")) == sorted([gallieni.pk, vignon.pk])
    assert school_ids_named("Gallieni Aubin") == []  # every word must match
    assert school_ids_named("Marseille") == []


def test_a_whole_uai_is_found_by_its_code_alone(django_assert_max_num_queries):
    gallieni = SchoolFactory(name="Lycée Gallieni", town="Toulouse", uai="0310044X")
    SchoolFactory(name="Lycée 0310045Y")  # a name is never read for a UAI
    with django_assert_max_num_queries(1) as captured:
        assert school_ids_named("0310044x") == [gallieni.pk]
    assert "LIKE" not in captured.captured_queries[0]["sql"].upper()
    assert school_ids_named("0310045y") == []
