"""The staff screen of the outbox: scoped to the user's schools, read only, says what failed."""

import pytest
from django.utils import timezone

from courriels.models import Email, EmailStatus
from etablissements.roles import Role
from tests.etablissements.factories import SchoolFactory, staff_user

pytestmark = pytest.mark.django_db


def email(school, to, **extra):
    return Email.objects.create(
        school=school,
        to_email=to,
        subject=f"Objet pour {to}",
        body_text="…",
        due_at=timezone.now(),
        **extra,
    )


@pytest.fixture
def schools():
    return SchoolFactory(name="Lycée Alpha"), SchoolFactory(name="Lycée Bêta")


@pytest.fixture
def client_a(client, schools):
    client.force_login(staff_user(schools[0], role=Role.RBDE))
    return client


def test_the_list_shows_my_schools_mails_and_what_failed(client_a, schools):
    alpha, beta = schools
    failed = email(
        alpha,
        "echec@garage.example",
        status=EmailStatus.FAILED,
        attempts=6,
        last_error="SMTPRecipientsRefused : 550 boîte inconnue",
    )
    email(alpha, "envoye@garage.example", status=EmailStatus.SENT, sent_at=timezone.now())
    other = email(beta, "autre@garage.example")

    html = client_a.get("/admin/courriels/").content.decode()
    assert "echec@garage.example" in html and "envoye@garage.example" in html
    assert "autre@garage.example" not in html

    html = client_a.get("/admin/courriels/?status=echec").content.decode()
    assert "echec@garage.example" in html and "envoye@garage.example" not in html

    detail = client_a.get(f"/admin/courriels/inspect/{failed.pk}/").content.decode()
    assert "550 boîte inconnue" in detail
    assert client_a.get(f"/admin/courriels/inspect/{other.pk}/").status_code == 404
    assert client_a.get(f"/admin/courriels/edit/{failed.pk}/").status_code in (403, 302)


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_runs_a_fixed_number_of_queries(
    client_a, schools, count, django_assert_max_num_queries
):
    for n in range(count):
        email(schools[0], f"p{n}@garage.example")
    with django_assert_max_num_queries(25):
        html = client_a.get("/admin/courriels/").content.decode()
    assert f"p{count - 1}@garage.example" in html


def test_the_academy_filters_by_a_schools_name_typed_not_a_list_of_every_school(
    client, schools, django_assert_max_num_queries
):
    from etablissements.services import academy_admin_grant
    from tests.etablissements.factories import UserFactory

    alpha, beta = schools
    email(alpha, "alpha@garage.example")
    email(beta, "beta@garage.example")
    admin = UserFactory(username="academie")
    academy_admin_grant(user=admin)
    client.force_login(admin)

    html = client.get("/admin/courriels/").content.decode()
    assert "Lycée Bêta</option>" not in html  # no select of the country's schools
    html = client.get("/admin/courriels/", {"school": "bêta"}).content.decode()
    assert "beta@garage.example" in html and "alpha@garage.example" not in html
    html = client.get("/admin/courriels/", {"school": alpha.pk}).content.decode()
    assert "alpha@garage.example" in html and "beta@garage.example" not in html
    SchoolFactory.create_batch(30)
    with django_assert_max_num_queries(14):
        client.get("/admin/courriels/")
