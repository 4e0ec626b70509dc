import pytest

from etablissements.roles import Role
from tests.etablissements.factories import SchoolFactory, staff_user


@pytest.fixture
def school(db):
    return SchoolFactory(name="Lycée professionnel Roland-Garros", bde_email="bde@lycee.example")


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="Lycée Antoine-Bourdelle")


@pytest.fixture
def teacher(school):
    return staff_user(school, role=Role.TEACHER, first_name="Élise", last_name="Martin")


@pytest.fixture
def rbde(school):
    return staff_user(school, role=Role.RBDE)


@pytest.fixture
def other_rbde(other_school):
    return staff_user(other_school, role=Role.RBDE)


@pytest.fixture
def rbde_client(client, rbde):
    client.force_login(rbde)
    return client
