"""The membership screens write through the services: the role's group follows each change."""

import pytest

from etablissements.models import Membership
from etablissements.roles import ROLE_GROUPS, Role
from etablissements.services import academy_admin_grant
from tests.etablissements.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def groups(user):
    return set(user.groups.values_list("name", flat=True))


def test_grant_change_and_revoke_from_the_admin_move_the_groups(client):
    admin = UserFactory(username="academie")
    academy_admin_grant(user=admin)
    client.force_login(admin)
    school = SchoolFactory()
    person = UserFactory(username="nouvelle")

    client.post(
        "/admin/rattachements/new/",
        {"user": person.pk, "school": school.pk, "role": Role.TEACHER},
    )
    membership = Membership.objects.get(user=person)
    assert groups(person) == {ROLE_GROUPS[Role.TEACHER]}

    client.post(
        f"/admin/rattachements/edit/{membership.pk}/",
        {"user": person.pk, "school": school.pk, "role": Role.RBDE},
    )
    assert groups(person) == {ROLE_GROUPS[Role.RBDE]}

    client.post(f"/admin/rattachements/delete/{membership.pk}/")
    assert not Membership.objects.filter(user=person).exists()
    assert groups(person) == set()
