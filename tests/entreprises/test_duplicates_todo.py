"""The RBDE's dashboard line of probable duplicates: a count, its link, fixed queries."""

import re

import pytest
from django.utils import timezone

from entreprises.dashboard import todo_lines
from etablissements.roles import Role
from partenariats.services import company_merge
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.etablissements.test_dashboard import _home, _lines
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def partnered(school, **fields):
    company = CompanyFactory(**fields)
    PartnershipFactory(school=school, company=company)
    return company


def duplicates(school, n, postcode="31000"):
    for k in range(n):
        partnered(school, name=f"Garage Central {k}", postcode=postcode)
        partnered(school, name=f"GARAGE  central {k}", postcode=postcode)


def test_the_rbde_sees_the_probable_duplicates_of_their_school_and_opens_them(client):
    alpha, beta = SchoolFactory(), SchoolFactory()
    rbde = staff_user(alpha, Role.RBDE)
    duplicates(alpha, 1)
    partnered(alpha, name="Garage Central 0", postcode="82000")  # another town: not the same
    partnered(beta, name="Garage Central 0", postcode="31000")  # another school's record
    kept = partnered(alpha, name="Boulangerie Soleil")
    removed = partnered(alpha, name="Boulangerie  SOLEIL")
    company_merge(kept=kept, removed=removed)  # merged already: nothing left to review

    line = _lines(_home(client, rbde))["doublons_a_examiner"]
    assert line["count"] == 2
    assert line["text"] == "fiches d’entreprises en double probable, à examiner pour une fusion"
    assert line["detail"] == "même nom au même code postal"

    listing = client.get(line["url"]).content.decode()
    rows = re.findall(r'<tr[^>]*>\s*<td class="[^"]*title', listing)
    assert len(rows) == 2, listing[:3000]
    assert "GARAGE  central 0" in listing or "GARAGE central 0" in listing
    assert "Boulangerie" not in listing.split("<tbody")[1]


def test_no_duplicate_is_said_plainly(client):
    school = SchoolFactory()
    rbde = staff_user(school, Role.RBDE)
    partnered(school, name="Seule Entreprise")
    line = _lines(_home(client, rbde))["doublons_a_examiner"]
    assert line["count"] == 0 and line["detail"] == "aucun doublon probable"


def test_a_teacher_has_no_such_line(client):
    school = SchoolFactory()
    duplicates(school, 1)
    assert "doublons_a_examiner" not in _lines(_home(client, staff_user(school, Role.TEACHER)))


def test_the_line_costs_the_same_two_queries_at_any_size(django_assert_max_num_queries):
    school = SchoolFactory()
    rbde = staff_user(school, Role.RBDE)
    today = timezone.localdate()
    duplicates(school, 2)
    with django_assert_max_num_queries(2):
        assert todo_lines(rbde, {Role.RBDE}, today)[0].count == 4
    duplicates(school, 10, postcode="32000")
    with django_assert_max_num_queries(2):
        assert todo_lines(rbde, {Role.RBDE}, today)[0].count == 24
