"""Open specialisation-course requests, listed publicly without personal data, and joining one."""

import pytest
from django.urls import reverse

from offres.models import Submission, SubmissionKind, SubmissionStatus
from offres.services import specialisation_set_followup, submission_withdraw
from tests.entreprises.factories import valid_siret
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.offres.factories import SubmissionFactory, good_details

pytestmark = pytest.mark.django_db

LIST = reverse("offres:specialisation_list")


def request_of(**kwargs):
    """A request a school accepted to carry: the only kind listed publicly."""
    kwargs.setdefault("status", SubmissionStatus.ACCEPTED)
    return SubmissionFactory(kind=SubmissionKind.SPECIALISATION, **kwargs)


def test_a_request_no_school_has_accepted_yet_is_not_listed(client):
    request_of(
        status=SubmissionStatus.SUBMITTED,
        details=good_details(SubmissionKind.SPECIALISATION, trade="En attente"),
    )
    request_of(details=good_details(SubmissionKind.SPECIALISATION, trade="Acceptée"))

    page = client.get(LIST).content.decode()

    assert "Acceptée" in page and "En attente" not in page
    assert "Demandes ouvertes (1)" in page


def test_the_list_shows_trade_town_and_hires_but_no_personal_data(client):
    request = request_of(
        company__name="Éoliennes du Sud SARL",
        company__town="Albi",
        contact__first_name="Mathilde",
        contact__last_name="Carrère",
        contact__email="m.carrere@eoliennes.example",
        contact__phone="0561000000",
    )
    page = client.get(LIST).content.decode()
    assert "maintenance des éoliennes" in page and "Albi" in page
    assert "3 recrutements envisagés · 1 entreprise" in page
    for private in ("Mathilde", "Carrère", "m.carrere@eoliennes.example", "0561000000"):
        assert private not in page
    assert "Éoliennes du Sud SARL" not in page and request.company.siret not in page
    join = reverse("offres:specialisation_join", args=[request.pk])
    assert f'href="{join}">Rejoindre' in page


def test_only_open_requests_are_listed(client):
    school = SchoolFactory()
    request_of(details=good_details(SubmissionKind.SPECIALISATION, trade="Ouverte"))
    withdrawn = request_of(details=good_details(SubmissionKind.SPECIALISATION, trade="Retirée"))
    submission_withdraw(submission=withdrawn)
    opened = request_of(
        details=good_details(SubmissionKind.SPECIALISATION, trade="Déjà ouverte"), schools=[school]
    )
    specialisation_set_followup(submission=opened, followup_status="ouverte", by=staff_user(school))
    SubmissionFactory(kind=SubmissionKind.MENTORING)
    page = client.get(LIST).content.decode()
    assert "Ouverte" in page
    assert "Retirée" not in page and "Déjà ouverte" not in page
    assert "Demandes ouvertes (1)" in page


def test_filter_by_trade_and_town(client):
    request_of(
        company__town="Albi", details=good_details(SubmissionKind.SPECIALISATION, trade="Soudure")
    )
    request_of(
        company__town="Rodez", details=good_details(SubmissionKind.SPECIALISATION, trade="Cuisine")
    )
    page = client.get(LIST, {"metier": "soud"}).content.decode()
    assert "Soudure" in page and "Cuisine" not in page
    page = client.get(LIST, {"ville": "rodez"}).content.decode()
    assert "Cuisine" in page and "Soudure" not in page


def test_another_company_joins_a_request_with_its_own_needs(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    school = SchoolFactory(name="Lycée Alpha")
    original = request_of(schools=[school])
    url = reverse("offres:specialisation_join", args=[original.pk])
    page = client.get(url).content.decode()
    assert 'value="maintenance des éoliennes"' in page
    data = {
        "siret": valid_siret(77),
        "company_name": "Vents d’Occitanie",
        "postcode": "81000",
        "town": "Albi",
        "first_name": "Paul",
        "last_name": "Azéma",
        "email": "paul@vents.example",
        "schools": [str(school.pk)],
        "course_type": "cs_mc",
        "trade": "maintenance des éoliennes",
        "needs": "Deux techniciens de plus.",
        "target_jobs": "Technicien",
        "hires": "2",
        "learner_status": "apprenti",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    joined = Submission.objects.get(company__name="Vents d’Occitanie")
    assert joined.joins == original
    assert mailoutbox[0].to == ["paul@vents.example"]
    # The list counts two companies behind the request and no longer shows the joiner apart.
    page = client.get(LIST).content.decode()
    assert "Demandes ouvertes (1)" in page
    assert "5 recrutements envisagés · 2 entreprises" in page  # 3 + 2


def test_a_closed_request_cannot_be_joined(client):
    request = request_of()
    submission_withdraw(submission=request)
    response = client.get(reverse("offres:specialisation_join", args=[request.pk]))
    assert response.status_code == 404


def test_list_queries_do_not_grow_with_the_requests(client, django_assert_max_num_queries):
    for n in (3, 30):
        for _ in range(n):
            request_of()
        with django_assert_max_num_queries(10):
            page = client.get(LIST).content.decode()
        assert page.count("Rejoindre<span") == min(Submission.objects.count(), 20)


def test_the_town_filter_reads_the_start_of_the_town_case_ignored(client):
    """As the directory's « Commune »: what a visitor types is the start of the town's name."""
    request_of(
        company__town="Saint-Affrique",
        details=good_details(SubmissionKind.SPECIALISATION, trade="Fromagerie"),
    )
    request_of(
        company__town="Millau",
        details=good_details(SubmissionKind.SPECIALISATION, trade="Ganterie"),
    )
    page = client.get(LIST, {"ville": "saint"}).content.decode()
    assert "Fromagerie" in page and "Ganterie" not in page
    assert "Demandes ouvertes (1)" in page
    page = client.get(LIST, {"ville": "MILLAU"}).content.decode()
    assert "Ganterie" in page and "Fromagerie" not in page


def test_the_town_filter_has_its_prefix_index_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("l’index n’est créé que sur PostgreSQL (la démo SQLite n’en a pas l’usage)")
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "entreprises_company")
    assert "company_town_upper_prefix" in constraints


def test_the_public_list_reads_its_partial_index_in_its_order():
    """The index's condition is the list's (OPEN_SPECIALISATION): a change to one without the
    other would send PostgreSQL back to sorting every request (4.6 ms at national size, 0.1)."""
    from django.db import connection

    from offres.models import Submission

    if connection.vendor != "postgresql":
        pytest.skip("plan lu sur PostgreSQL (celui de la CI)")
    page = Submission.objects.open_specialisation_requests().order_by("-created_at", "-pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = page.only("pk")[20:40].explain()
    assert "spe_open" in plan, plan
