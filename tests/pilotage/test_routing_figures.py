"""The académie sees how companies' proposals were routed and answered."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from etablissements.roles import Role
from offres.services import submission_answer
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user
from tests.offres.factories import SubmissionFactory, age

pytestmark = pytest.mark.django_db
URL = reverse("pilotage_admin:routing")


def figure(page, label):
    match = re.search(rf'<th scope="row">{re.escape(label)}</th><td>([^<]*)</td>', page)
    return match[1] if match else None


def proposals(count):
    a, b = SchoolFactory(name=f"LP A{count}"), SchoolFactory(name=f"LP B{count}")
    rbde_a, rbde_b = staff_user(a, role=Role.RBDE), staff_user(b, role=Role.RBDE)
    for _ in range(count):
        taken = SubmissionFactory(schools=[a, b])
        submission_answer(addressee=taken.addressees.get(school=a), status="acceptee", by=rbde_a)
        declined = SubmissionFactory(schools=[a, b])
        for school, rbde in ((a, rbde_a), (b, rbde_b)):
            submission_answer(
                addressee=declined.addressees.get(school=school),
                status="refusee",
                by=rbde,
                reason="Complet.",
            )
        age(SubmissionFactory(schools=[a, b]), 20)
    return a, b


def test_the_academy_sees_the_routing_figures_and_the_companies_never_answered(client):
    proposals(1)
    client.force_login(UserFactory(is_superuser=True))
    page = client.get(URL).content.decode()
    assert figure(page, "Propositions") == "3"
    assert figure(page, "Prises en charge par un lycée") == "1"
    assert figure(page, "Refusées par tous les lycées") == "1"
    assert figure(page, "Sans réponse à l’entreprise") == "1"
    assert "1 proposition sans aucune réponse après le délai de réponse." in page
    row = re.search(r"LP A1 <small>.*?</tr>", page, re.S)[0]
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells[:5] == ["3", "1", "1", "1", "1"]  # received, accepted, led, declined, silent


def test_a_direction_sees_its_own_school_only_and_an_rbde_nothing(client):
    a, _ = proposals(1)
    other = SchoolFactory(name="LP Ailleurs")
    SubmissionFactory(schools=[other])
    client.force_login(staff_user(a, role=Role.DIRECTION))
    page = client.get(URL).content.decode()
    assert "LP A1" in page and "LP Ailleurs" not in page
    client.force_login(staff_user(a, role=Role.RBDE))
    refused = client.get(URL)
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")


def test_the_page_queries_do_not_grow_with_the_proposals(client):
    client.force_login(UserFactory(is_superuser=True))
    proposals(1)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    proposals(4)
    with CaptureQueriesContext(connection) as big:
        client.get(URL)
    assert len(big) == len(small)


def test_the_dashboard_leads_to_the_routing_figures(client):
    client.force_login(UserFactory(is_superuser=True))
    page = client.get(reverse("pilotage_admin:dashboard")).content.decode()
    assert f'href="{URL}"' in page
