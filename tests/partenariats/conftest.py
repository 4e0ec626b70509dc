import pytest

from etablissements.roles import Role
from tests.etablissements.factories import SchoolFactory, staff_user


@pytest.fixture
def school_a(db):
    return SchoolFactory(name="Lycée Alpha")


@pytest.fixture
def school_b(db):
    return SchoolFactory(name="Lycée Bêta")


@pytest.fixture
def rbde_a(school_a):
    return staff_user(school_a, role=Role.RBDE)


@pytest.fixture
def teacher_a(school_a):
    return staff_user(school_a, role=Role.TEACHER, first_name="Élise", last_name="Martin")


@pytest.fixture
def client_a(client, rbde_a):
    client.force_login(rbde_a)
    return client


def text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()
