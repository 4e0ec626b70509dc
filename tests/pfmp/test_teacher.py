"""The professeur référent's phone page « Mes élèves en PFMP »: its form says what it asks, its
list comes a page at a time, in a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from etablissements.roles import Role
from pfmp.admin_views.teacher import PER_PAGE
from pfmp.choices import PlacementStatus
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import staff_user

from .factories import PeriodFactory, PlacementFactory, PupilFactory, SchoolClassFactory

pytestmark = pytest.mark.django_db

URL = "/admin/pfmp/tableau/mes-eleves/"


@pytest.fixture
def period():
    today = timezone.localdate()
    return PeriodFactory(
        school_class=SchoolClassFactory(name="1MELEC"),
        start=today - datetime.timedelta(days=3),
        end=today + datetime.timedelta(days=20),
    )


@pytest.fixture
def teacher(period):
    return staff_user(period.school_class.school, Role.TEACHER, first_name="Élise")


def place(period, teacher, count, **kwargs):
    company = CompanyFactory()
    return [
        PlacementFactory(
            pupil=PupilFactory(school_class=period.school_class, last_name=f"Élève{n:03}"),
            period=period,
            status=PlacementStatus.AGREED,
            company=company,
            referent_teacher=teacher,
            **kwargs,
        )
        for n in range(count)
    ]


def test_the_visit_form_says_what_each_field_asks_with_labels_tied_to_inputs(
    client, period, teacher
):
    [placement] = place(period, teacher, 1)
    client.force_login(teacher)
    page = client.get(URL).content.decode().replace("\xa0", " ")
    assert "Quoi" not in page and 'class="pagination"' not in page  # one page: no pager
    prefix = placement.pk
    assert "<legend>Visite ou appel :</legend>" in page
    assert f'<fieldset aria-describedby="id_{prefix}-kind_helptext">' in page
    assert "Une visite chez l’entreprise, ou un appel au tuteur ou à l’élève." in page
    assert f'<label for="id_{prefix}-occurred_on">Date :</label>' in page
    assert f'<label for="id_{prefix}-note">Objet de la visite ou de l’appel :</label>' in page
    assert f'aria-describedby="id_{prefix}-note_helptext" id="id_{prefix}-note"' in page


def test_the_list_is_paginated_and_the_visit_brings_back_to_its_page(client, period, teacher):
    placements = place(period, teacher, PER_PAGE + 2)
    client.force_login(teacher)
    first = client.get(URL).content.decode()
    assert first.count('class="pfmp-card"') == PER_PAGE
    assert "Page 1 sur 2" in first
    second = client.get(URL, {"p": 2}).content.decode()
    assert second.count('class="pfmp-card"') == 2
    last = placements[-1]
    assert "Élève021" in second and "Élève021" not in first
    response = client.post(
        f"{URL}{last.pk}/visite/?p=2",
        {f"{last.pk}-kind": "appel", f"{last.pk}-occurred_on": timezone.localdate().isoformat()},
    )
    assert response["Location"] == f"{URL}?p=2"


def test_the_list_asks_a_fixed_number_of_queries(
    client, period, teacher, django_assert_max_num_queries
):
    place(period, teacher, 3)
    client.force_login(teacher)
    client.get(URL)  # warm the caches (menu, permissions)
    with django_assert_max_num_queries(10) as small:
        client.get(URL)
    place(period, teacher, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(URL).content.decode()
    assert page.count('class="pfmp-card"') == PER_PAGE
