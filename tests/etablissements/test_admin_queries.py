import pytest

from etablissements.services import academy_admin_grant
from tests.etablissements.factories import MembershipFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [3, 30])
def test_school_list_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, size
):
    SchoolFactory.create_batch(size)
    admin = UserFactory()
    academy_admin_grant(user=admin)
    client.force_login(admin)

    with django_assert_max_num_queries(20):
        html = client.get("/admin/etablissements/").content.decode()
    assert html.count("Lycée professionnel n°") >= min(size, 20)


@pytest.mark.parametrize("size", [3, 30])
def test_membership_list_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, size
):
    MembershipFactory.create_batch(size)
    admin = UserFactory()
    academy_admin_grant(user=admin)
    client.force_login(admin)

    with django_assert_max_num_queries(20):
        html = client.get("/admin/rattachements/").content.decode()
    assert html.count("Lycée professionnel n°") >= min(size, 20)
