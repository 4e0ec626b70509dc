"""The academy administrator's dashboard figures come from the cache (dashboard_cache): a change
shows on the next request, and a school's staff never read the academy's figures."""

import datetime
import re

import pytest
from django.utils import timezone

from etablissements.dashboard_cache import figures_changed
from etablissements.roles import Role
from etablissements.services import academy_admin_grant
from partenariats.services import interaction_log
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user
from tests.etablissements.test_dashboard import _home, _lines
from tests.offres.factories import SubmissionFactory
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

KEYS = ("partenariats_silencieux", "doublons_a_examiner")


def _figures(html):
    return {k: int(v) for k, v in re.findall(r'data-figure="(\w+)">(\d+)<', html)}


def _seen(client, user):
    html = _home(client, user)
    lines = _lines(html)
    return {key: lines[key]["count"] for key in KEYS} | _figures(html)


def _silent(school, **fields):
    long_ago = timezone.localdate() - datetime.timedelta(days=300)
    return PartnershipFactory(school=school, status="actif", last_interaction_on=long_ago, **fields)


@pytest.fixture
def academy_admin():
    user = UserFactory(username="academie")
    academy_admin_grant(user=user)
    return user


def test_each_change_shows_at_once_on_the_academy_dashboard(client, academy_admin):
    school = SchoolFactory()
    _silent(school)
    before = _seen(client, academy_admin)
    assert before["partenariats_silencieux"] == 1 and before["active"] == 1

    SubmissionFactory(schools=[school])
    _silent(school, company=CompanyFactory(name="Garage Central", postcode="31000"))
    CompanyFactory(name="GARAGE  central", postcode="31000")
    after = _seen(client, academy_admin)

    assert after["partenariats_silencieux"] == 2
    assert after["active"] == 2 and after["new"] == before["new"] + 1
    assert after["doublons_a_examiner"] == before["doublons_a_examiner"] + 2


def test_a_journal_entry_moves_the_academy_silent_count_at_once(client, academy_admin):
    """The journal keeps the partnership's last date with update(), which sends no signal."""
    partnership = _silent(SchoolFactory())
    assert _seen(client, academy_admin)["partenariats_silencieux"] == 1

    interaction_log(partnership=partnership, kind="appel", occurred_on=timezone.localdate())

    assert _seen(client, academy_admin)["partenariats_silencieux"] == 0


def test_a_school_never_reads_the_academy_figures(client, academy_admin):
    alpha, beta = SchoolFactory(), SchoolFactory()
    _silent(alpha)
    for _ in range(3):
        _silent(beta)
        SubmissionFactory(schools=[beta])
    assert _seen(client, academy_admin)["partenariats_silencieux"] == 4

    rbde = staff_user(alpha, Role.RBDE)
    seen = _seen(client, rbde)

    assert seen["partenariats_silencieux"] == 1
    assert _lines(_home(client, rbde))["propositions_en_attente"]["count"] == 0
    assert seen["active"] == 1


def test_the_academy_home_queries_do_not_grow_with_the_rows(
    client, academy_admin, django_assert_max_num_queries
):
    school = SchoolFactory()
    _silent(school)
    client.force_login(academy_admin)
    client.get("/admin/")
    with django_assert_max_num_queries(30) as warm:
        client.get("/admin/")
    figures_changed()
    with django_assert_max_num_queries(30) as cold:
        client.get("/admin/")
    # Computed once per version: the cached figures spare four aggregates over the country.
    assert len(warm.captured_queries) <= len(cold.captured_queries) - 4
    for _ in range(10):
        _silent(SchoolFactory())
        SubmissionFactory(schools=[school])
    with django_assert_max_num_queries(len(cold.captured_queries)):
        client.get("/admin/")
    with django_assert_max_num_queries(len(warm.captured_queries)):
        client.get("/admin/")


def _count_label(client, path="/admin/partenariats/", **params):
    html = client.get(path, params).content.decode()
    return re.search(r'class="pagination__end">\s*([^<]+?)\s*<', html)[1]


def test_the_academy_list_count_follows_each_change_at_once(client, academy_admin):
    alpha, beta = SchoolFactory(), SchoolFactory()
    PartnershipFactory.create_batch(51, school=alpha, status="actif")
    PartnershipFactory.create_batch(5, school=beta, status="en_sommeil")
    client.force_login(academy_admin)
    assert _count_label(client) == "56 partenariats"
    assert _count_label(client, status="en_sommeil") == "5 partenariats"  # per filter

    PartnershipFactory(school=beta, status="actif")
    assert _count_label(client) == "57 partenariats"
    client.force_login(staff_user(alpha, Role.RBDE))
    assert _count_label(client) == "51 partenariats"  # a school counts its own rows


def test_the_academy_list_queries_do_not_grow_with_the_rows(
    client, academy_admin, django_assert_max_num_queries
):
    PartnershipFactory.create_batch(51, school=SchoolFactory())
    client.force_login(academy_admin)
    with django_assert_max_num_queries(20) as cold:
        client.get("/admin/partenariats/")
    with django_assert_max_num_queries(len(cold.captured_queries) - 1):
        client.get("/admin/partenariats/")  # the count comes from the cache
    PartnershipFactory.create_batch(60, school=SchoolFactory())
    with django_assert_max_num_queries(len(cold.captured_queries)):
        client.get("/admin/partenariats/")


def test_a_pacte_engagement_shows_at_once_in_the_academy_figures(client, academy_admin):
    from tests.pacte import factories as pacte

    school = SchoolFactory()
    pacte.engagement(school)
    assert _lines(_home(client, academy_admin))["pacte_chiffres"]["count"] == 1

    pacte.engagement(school)  # its parts written by bulk_create, which sends no signal

    line = _lines(_home(client, academy_admin))["pacte_chiffres"]
    assert line["count"] == 2
    assert line["text"] == "enseignants engagés dans le Pacte cette année"


def test_the_academy_sees_no_proposals_waiting_for_its_answer_unless_it_is_a_schools_rbde(
    client, academy_admin
):
    """The school answers a company's proposal: « attendent votre réponse » is its RBDE's line."""
    school, other = SchoolFactory(), SchoolFactory()
    SubmissionFactory(schools=[school])
    SubmissionFactory(schools=[other])

    home = _home(client, academy_admin)
    assert "propositions_en_attente" not in _lines(home)
    assert "attend votre réponse" not in home and "attendent votre réponse" not in home

    rbde_and_academy = staff_user(school, Role.RBDE, username="rbde-academie")
    academy_admin_grant(user=rbde_and_academy)
    home = _home(client, rbde_and_academy)
    assert _lines(home)["propositions_en_attente"]["count"] == 1  # their school's only
    assert "proposition d’entreprise attend votre réponse" in home
