import pytest

from etablissements.roles import Role
from etablissements.services import academy_admin_grant
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user


@pytest.fixture
def school_a(db):
    return SchoolFactory(name="Lycée Alpha", postcode="31000")


@pytest.fixture
def school_b(db):
    return SchoolFactory(name="Lycée Bêta", postcode="82000", kind="LPO")


@pytest.fixture
def academy_admin(db):
    user = UserFactory(username="academie")
    academy_admin_grant(user=user)
    return user


@pytest.fixture
def direction_a(school_a):
    return staff_user(school_a, role=Role.DIRECTION)


@pytest.fixture
def rbde_a(school_a):
    return staff_user(school_a, role=Role.RBDE)
