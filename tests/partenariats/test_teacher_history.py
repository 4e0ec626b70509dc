"""Who followed a partnership when: the service keeps one period per teacher assigned."""

import datetime

import pytest

from etablissements.roles import Role
from partenariats.models import Partnership, PartnershipTeacherPeriod
from partenariats.services import partnership_create, partnership_set_teacher
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import staff_user
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def periods(partnership):
    return [
        (p.teacher.first_name, p.since, p.until)
        for p in PartnershipTeacherPeriod.objects.filter(partnership=partnership).select_related(
            "teacher"
        )
    ]


def test_handing_a_partnership_over_closes_the_previous_period(school_a, rbde_a):
    alice = staff_user(school_a, Role.TEACHER, first_name="Alice")
    bob = staff_user(school_a, Role.TEACHER, first_name="Bob")
    partnership = PartnershipFactory(school=school_a)

    partnership_set_teacher(
        partnership=partnership, teacher=alice, by=rbde_a, on=datetime.date(2026, 9, 1)
    )
    partnership_set_teacher(
        partnership=partnership, teacher=bob, by=rbde_a, on=datetime.date(2027, 2, 10)
    )
    # The same teacher again changes nothing; nobody closes the period.
    partnership_set_teacher(
        partnership=partnership, teacher=bob, by=rbde_a, on=datetime.date(2027, 3, 1)
    )
    partnership_set_teacher(
        partnership=partnership, teacher=None, by=rbde_a, on=datetime.date(2027, 6, 1)
    )

    assert periods(partnership) == [
        ("Alice", datetime.date(2026, 9, 1), datetime.date(2027, 2, 9)),
        ("Bob", datetime.date(2027, 2, 10), datetime.date(2027, 5, 31)),
    ]
    partnership.refresh_from_db()
    assert partnership.teacher is None
    assert PartnershipTeacherPeriod.objects.get(teacher=bob).set_by == rbde_a


def test_a_teacher_replaced_the_day_they_were_given_it_leaves_no_period(school_a):
    alice = staff_user(school_a, Role.TEACHER, first_name="Alice")
    bob = staff_user(school_a, Role.TEACHER, first_name="Bob")
    partnership = PartnershipFactory(school=school_a)
    day = datetime.date(2026, 10, 1)
    partnership_set_teacher(partnership=partnership, teacher=alice, on=day)
    partnership_set_teacher(partnership=partnership, teacher=bob, on=day)
    assert periods(partnership) == [("Bob", day, None)]


def test_a_new_partnership_opens_the_period_of_its_teacher(school_a, rbde_a):
    alice = staff_user(school_a, Role.TEACHER, first_name="Alice")
    partnership = partnership_create(
        partnership=Partnership(school=school_a, company=CompanyFactory(), teacher=alice),
        by=rbde_a,
    )
    assert [(t, until) for t, _, until in periods(partnership)] == [("Alice", None)]


def test_changing_the_teacher_on_the_edit_screen_goes_through_the_service(client_a, school_a):
    alice = staff_user(school_a, Role.TEACHER, first_name="Alice")
    bob = staff_user(school_a, Role.TEACHER, first_name="Bob")
    partnership = PartnershipFactory(school=school_a, teacher=alice)
    data = {
        "school": school_a.pk,
        "company": partnership.company_id,
        "status": partnership.status,
        "status_comment": "",
        "teacher": bob.pk,
        "convention_signed_on": "",
        "convention_end": "",
        "notes": "Suivi repris par Bob",
    }
    client_a.post(f"/admin/partenariats/edit/{partnership.pk}/", data)

    partnership.refresh_from_db()
    assert partnership.teacher == bob and partnership.notes == "Suivi repris par Bob"
    names = [(name, until is None) for name, _, until in periods(partnership)]
    assert names == [("Alice", False), ("Bob", True)]
