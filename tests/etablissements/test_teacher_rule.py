""" "A teacher of this school", once (etablissements.selectors), for formations and the Pacte."""

import pytest

from etablissements.roles import Role
from etablissements.selectors import is_teacher_of, not_teachers_of, teachers_of
from tests.etablissements.factories import SchoolFactory, staff_user

pytestmark = pytest.mark.django_db


def test_a_teacher_of_the_school_holds_the_teacher_role_there():
    school, elsewhere = SchoolFactory(), SchoolFactory()
    teacher = staff_user(school, Role.TEACHER, last_name="Martin")
    rbde = staff_user(school, Role.RBDE, last_name="Bureau")  # of the school, not a teacher
    other = staff_user(elsewhere, Role.TEACHER, last_name="Ailleurs")
    assert is_teacher_of(teacher, school) and is_teacher_of(teacher, school.pk)
    assert not is_teacher_of(rbde, school) and not is_teacher_of(other, school)
    assert not is_teacher_of(None, school)
    assert list(teachers_of(school)) == [teacher]
    assert not_teachers_of(school, [teacher, rbde, other]) == [rbde, other]
