"""The dashboard at scale: the académie's unfiltered figures come from the summed rows of the
refresh, equal to the sum over schools; query counts stay flat for every kind of reader."""

import datetime

import pytest

from etablissements.models import School
from etablissements.roles import Role
from etablissements.services import membership_grant
from offres.models import SubmissionKind, SubmissionSchool
from pilotage.models import AcademyYearBreakdown, Dimension, SchoolYearBreakdown
from pilotage.selectors import Filters, dashboard_for
from pilotage.services import indicators_refresh
from tests.etablissements.factories import SchoolFactory, UserFactory
from tests.offres.factories import SubmissionFactory
from tests.partenariats.factories import PartnershipFactory


def answered(school, kind, days):
    sub = SubmissionFactory(kind=kind, schools=[school])
    answer = SubmissionSchool.objects.get(submission=sub)
    answer.status = "acceptee"
    answer.handled_at = sub.created_at + datetime.timedelta(days=days, hours=1)
    answer.save()


def test_the_academy_rows_are_the_sum_of_the_schools(school_a, school_b, academy_admin):
    answered(school_a, SubmissionKind.PLACEMENT, 2)
    answered(school_b, SubmissionKind.PLACEMENT, 2)
    answered(school_b, SubmissionKind.MENTORING, 30)
    indicators_refresh()
    summed = {}
    for row in SchoolYearBreakdown.objects.all():
        key = (row.year_start, row.dimension, row.key)
        summed[key] = summed.get(key, 0) + row.count
    academy = {
        (r.year_start, r.dimension, r.key): r.count
        for r in AcademyYearBreakdown.objects.filter(school_kind="", trade_area="")
    }
    assert academy == summed
    year = next(iter(academy))[0]
    whole = dashboard_for(academy_admin, Filters(year=year))
    # The same figures through the per-school rows (a filter that keeps every school).
    both = dashboard_for(academy_admin, Filters(year=year, trade_area=""))
    assert whole.median == both.median == 2
    assert dict(whole.kinds)["places de stage (PFMP) ou d’apprentissage"] == 2
    assert academy[(year, Dimension.ANSWER_DAYS, "30")] == 1


def many_schools(size):
    for n in range(size):
        school = SchoolFactory(postcode="31000" if n % 2 else "82000")
        PartnershipFactory(school=school)
        SubmissionFactory(schools=[school])
    indicators_refresh()


@pytest.mark.parametrize("size", [2, 12])
def test_filtered_dashboard_queries_do_not_grow(
    client, academy_admin, django_assert_max_num_queries, size
):
    many_schools(size)
    client.force_login(academy_admin)
    with django_assert_max_num_queries(18):
        page = client.get("/admin/pilotage/", {"departement": "31", "type": "LP"})
    text = page.content.decode()
    assert text.count("Lycée professionnel n°") >= size // 2
    assert "Aucun établissement pour ces filtres" not in text


@pytest.mark.parametrize("size", [1, 6])
def test_a_directions_dashboard_queries_do_not_grow(
    db, client, django_assert_max_num_queries, size
):
    many_schools(size + 3)
    boss = UserFactory(username="direction")
    for school in School.objects.order_by("pk")[:size]:
        membership_grant(user=boss, school=school, role=Role.DIRECTION)
    client.force_login(boss)
    # 21, one that names the direction's schools for the page's wording, and its schools'
    # distinct partner companies by year, counted live (the page and its year table).
    with django_assert_max_num_queries(24):
        text = client.get("/admin/pilotage/").content.decode()
    assert text.count('<th scope="row">Lycée professionnel n°') == size


def test_a_chart_is_an_image_with_its_summary_and_escaped_labels(db):
    from pilotage.charts import bar_chart

    svg = bar_chart("Événements", [("2025-2026", 4), ("<b>", 2)]).svg("chart-x")
    assert svg.startswith('<svg class="pilotage-chart"') and 'role="img"' in svg
    assert '<title id="chart-x-title">Événements : 2025-2026 4, &lt;b&gt; 2</title>' in svg
    assert "<b>" not in svg and svg.count("<rect") == 2


def test_the_rendered_dashboard_is_kept_until_the_next_refresh(
    client, academy_admin, django_assert_max_num_queries
):
    many_schools(3)
    client.force_login(academy_admin)
    first = client.get("/admin/pilotage/").content.decode()
    with django_assert_max_num_queries(10):
        again = client.get("/admin/pilotage/").content.decode()
    assert again.count("Lycée professionnel n°") == first.count("Lycée professionnel n°") >= 3
    SchoolFactory(name="Lycée Nouveau")
    assert "Lycée Nouveau" not in client.get("/admin/pilotage/").content.decode()
    indicators_refresh()
    assert "Lycée Nouveau" in client.get("/admin/pilotage/").content.decode()


def test_a_deploy_renders_the_dashboard_with_its_own_templates(client, academy_admin, monkeypatch):
    many_schools(2)
    client.force_login(academy_admin)
    client.get("/admin/pilotage/")
    SchoolFactory(name="Lycée Nouveau")
    indicators_refresh()
    client.get("/admin/pilotage/")
    # The body kept for this refresh is not what a new release shows: it renders its own.
    monkeypatch.setattr("pilotage.selectors.release", lambda: "nouvelle-version")
    monkeypatch.setattr("pilotage.views.render_to_string", lambda *a, **k: "<p>rendu neuf</p>")
    assert "rendu neuf" in client.get("/admin/pilotage/").content.decode()


def test_a_direction_that_loses_a_school_stops_seeing_it_at_once(client, school_a, school_b):
    boss = UserFactory(username="direction")
    for school in (school_a, school_b):
        membership_grant(user=boss, school=school, role=Role.DIRECTION)
    indicators_refresh()
    client.force_login(boss)
    assert "Lycée Bêta" in client.get("/admin/pilotage/").content.decode()
    boss.memberships.filter(school=school_b).delete()
    assert "Lycée Bêta" not in client.get("/admin/pilotage/").content.decode()
