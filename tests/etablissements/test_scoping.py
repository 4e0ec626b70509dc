"""A user of school A never reads or changes school B's rows."""

import pytest
from django.contrib.auth.models import Group, Permission

from etablissements.models import Membership, School
from etablissements.roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role
from etablissements.services import academy_admin_grant, membership_grant, membership_revoke
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_schools():
    return SchoolFactory(name="Lycée Alpha"), SchoolFactory(name="Lycée Bêta")


def test_for_user_keeps_a_member_to_their_schools(two_schools):
    school_a, school_b = two_schools
    user = staff_user(school_a)

    assert list(School.objects.for_user(user)) == [school_a]
    assert list(Membership.objects.for_user(user).values_list("school", flat=True)) == [school_a.pk]


def test_for_user_can_ask_for_one_role(two_schools):
    school_a, school_b = two_schools
    user = staff_user(school_a, role=Role.TEACHER)
    membership_grant(user=user, school=school_b, role=Role.RBDE)

    assert list(School.objects.for_user(user, roles=[Role.RBDE])) == [school_b]
    assert set(School.objects.for_user(user)) == {school_a, school_b}


def test_academy_admin_sees_every_school_and_anonymous_none(two_schools):
    admin = UserFactory()
    academy_admin_grant(user=admin)
    from django.contrib.auth.models import AnonymousUser

    assert School.objects.for_user(admin).count() == 2
    assert School.objects.for_user(AnonymousUser()).count() == 0


def test_inactive_user_sees_nothing(two_schools):
    user = staff_user(two_schools[0], is_active=False)
    assert School.objects.for_user(user).count() == 0


def test_groups_follow_the_roles(two_schools):
    school_a, _ = two_schools
    user = staff_user(school_a, role=Role.TEACHER)
    assert list(user.groups.values_list("name", flat=True)) == [ROLE_GROUPS[Role.TEACHER]]

    membership_revoke(user=user, school=school_a, role=Role.TEACHER)
    assert user.groups.count() == 0


def test_role_groups_carry_the_admin_access_permission():
    for name in [*ROLE_GROUPS.values(), ACADEMY_ADMIN_GROUP]:
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists(), name


def test_admin_school_list_shows_only_the_users_school(client, two_schools):
    school_a, school_b = two_schools
    client.force_login(staff_user(school_a))

    html = client.get("/admin/etablissements/").content.decode()

    assert "Lycée Alpha" in html
    assert "Lycée Bêta" not in html


@pytest.mark.parametrize("suffix", ["inspect/", "edit/", "delete/", "history/"])
def test_another_schools_row_is_not_found_by_guessing_its_id(client, two_schools, suffix):
    school_a, school_b = two_schools
    user = staff_user(school_a)
    # Even with every model permission, the row of another school stays out of reach.
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="etablissements", codename__endswith="school"
        )
    )
    client.force_login(user)

    other = client.get(_url(suffix, school_b.pk))
    own = client.get(_url(suffix, school_a.pk))

    assert other.status_code == 404
    assert "Lycée Bêta" not in other.content.decode()
    assert "Lycée Alpha" in own.content.decode()


def _url(suffix, pk):
    return {
        "inspect/": f"/admin/etablissements/inspect/{pk}/",
        "edit/": f"/admin/etablissements/edit/{pk}/",
        "delete/": f"/admin/etablissements/delete/{pk}/",
        "history/": f"/admin/etablissements/history/{pk}/",
    }[suffix]


def test_own_school_inspect_page_shows_its_details(client, two_schools):
    school_a, _ = two_schools
    client.force_login(staff_user(school_a))

    html = client.get(f"/admin/etablissements/inspect/{school_a.pk}/").content.decode()

    assert school_a.uai in html
    assert "Lycée Alpha" in html


def test_a_rbde_cannot_change_their_school_or_another(client, two_schools):
    school_a, school_b = two_schools
    client.force_login(staff_user(school_a))

    client.post(f"/admin/etablissements/edit/{school_b.pk}/", {"name": "Piraté"})
    client.post(f"/admin/etablissements/edit/{school_a.pk}/", {"name": "Piraté"})

    assert not School.objects.filter(name="Piraté").exists()


def test_the_membership_list_is_scoped_too(client, two_schools):
    school_a, school_b = two_schools
    staff_user(school_b, username="collegue-beta")
    user = staff_user(school_a, username="moi-alpha")
    academy_admin_grant(user=UserFactory(username="academie"))
    # Memberships are the academy's to manage: grant the view permission to check the scope.
    client.force_login(UserFactory(username="academie"))
    html = client.get("/admin/rattachements/").content.decode()
    assert "collegue-beta" in html and "moi-alpha" in html

    assert list(Membership.objects.for_user(user).values_list("user__username", flat=True)) == [
        "moi-alpha"
    ]


def test_a_form_built_from_form_fields_offers_only_the_users_schools(client, two_schools):
    # The membership screen declares `form_fields`: its school choice is scoped all the same.
    school_a, school_b = two_schools
    user = staff_user(school_a, username="moi-alpha")
    user.user_permissions.add(Permission.objects.get(codename="add_membership"))
    client.force_login(user)
    html = client.get("/admin/rattachements/new/").content.decode()
    assert "Lycée Alpha" in html and "Lycée Bêta" not in html


def test_every_staff_form_limits_its_choices_whatever_way_it_is_declared():
    from wagtail import hooks

    from etablissements.admin_views import ScopedChoicesMixin, ScopedModelViewSet

    checked = 0
    for fn in hooks.get_hooks("register_admin_viewset"):
        viewsets = fn()
        for viewset in getattr(viewsets, "registerables", None) or (
            viewsets if isinstance(viewsets, list | tuple) else [viewsets]
        ):
            if isinstance(viewset, ScopedModelViewSet):
                assert issubclass(viewset.get_form_class(), ScopedChoicesMixin), viewset.name
                checked += 1
    assert checked >= 10
