import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from offres.models import SchoolDiploma, SubmissionKind, SubmissionSchool
from pilotage.models import AcademyYearFigures, SchoolYearBreakdown, SchoolYearFigures
from pilotage.selectors import median_days
from pilotage.services import indicators_refresh, year_start_of
from tests.entreprises.factories import CompanyFactory
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory, in_days
from tests.offres.factories import SubmissionFactory
from tests.partenariats.factories import InteractionFactory, PartnershipFactory

CURRENT = year_start_of(timezone.localdate())


def day_in(year_start: int) -> datetime.date:
    return datetime.date(year_start, 10, 15)


def test_median_of_a_histogram():
    assert median_days({}) is None
    assert median_days({"3": 1}) == 3
    assert median_days({"1": 1, "10": 1}) == 5.5
    assert median_days({"2": 2, "30": 1}) == 2


@pytest.fixture
def activity(school_a, school_b):
    shared = CompanyFactory(name="Garage Commun")
    pa = PartnershipFactory(school=school_a, company=shared)
    pb = PartnershipFactory(school=school_b, company=shared)
    other = PartnershipFactory(school=school_a)
    for p in (pa, pb, other):
        InteractionFactory(partnership=p, occurred_on=day_in(CURRENT - 1))
    InteractionFactory(partnership=pa, occurred_on=min(day_in(CURRENT), timezone.localdate()))
    training = TutorTrainingFactory(school=school_a, past=True)
    RegistrationFactory(training=training, present=True)
    RegistrationFactory(training=training, status="absent")
    TutorTrainingFactory(school=school_a)  # not held yet
    sub = SubmissionFactory(kind=SubmissionKind.PLACEMENT, schools=[school_a])
    answer = SubmissionSchool.objects.get(submission=sub)
    answer.status = "acceptee"
    answer.handled_at = sub.created_at + datetime.timedelta(days=4, hours=2)
    answer.save()
    SubmissionFactory(kind=SubmissionKind.MENTORING, schools=[school_a, school_b])
    indicators_refresh()


def test_the_refresh_counts_each_school_by_school_year(activity, school_a, school_b):
    a_now = SchoolYearFigures.objects.get(school=school_a, year_start=CURRENT)
    a_before = SchoolYearFigures.objects.get(school=school_a, year_start=CURRENT - 1)
    b_before = SchoolYearFigures.objects.get(school=school_b, year_start=CURRENT - 1)
    assert (a_before.active_partnerships, b_before.active_partnerships) == (2, 1)
    assert a_now.active_partnerships == 1
    assert a_now.trainings_held == 1 and a_now.tutors_trained == 1
    assert a_now.proposals_received == 2 and a_now.proposals_answered == 1
    parts = SchoolYearBreakdown.objects.filter(school=school_a, year_start=CURRENT)
    assert set(parts.values_list("dimension", "key", "count")) == {
        ("type", "stages", 1),
        ("type", "mentorat", 1),
        ("delai", "4", 1),
    }
    assert a_now.departement == "31"
    # Five school years, every school (zeros included), and the shared company counted once.
    assert SchoolYearFigures.objects.count() == 10
    assert AcademyYearFigures.objects.get(year_start=CURRENT - 1).partner_companies == 2


def test_the_refresh_replaces_rows_and_is_idempotent(activity):
    first = list(SchoolYearFigures.objects.values_list("school_id", "year_start", "tutors_trained"))
    indicators_refresh()
    again = list(SchoolYearFigures.objects.values_list("school_id", "year_start", "tutors_trained"))
    assert sorted(first) == sorted(again)


def test_the_academy_admin_sees_every_school_and_the_direction_only_its_own(
    client, activity, academy_admin, direction_a
):
    client.force_login(academy_admin)
    page = client.get("/admin/pilotage/").content.decode()
    assert "Lycée Alpha" in page and "Lycée Bêta" in page
    assert "Tuteurs formés" in page and "<svg" in page
    assert "Entreprises partenaires distinctes" in page
    client.force_login(direction_a)
    page = client.get("/admin/pilotage/").content.decode()
    assert "Lycée Alpha" in page and "Lycée Bêta" not in page


def test_a_rbde_has_no_dashboard(client, activity, rbde_a):
    client.force_login(rbde_a)
    response = client.get("/admin/pilotage/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "Lycée Bêta" not in page and "Tuteurs formés" not in page
    assert "/admin/pilotage/" not in page  # no menu entry either


def test_filters_by_departement_kind_and_filiere(client, activity, academy_admin, school_b):
    SchoolDiploma.objects.create(school=school_b, name="bac pro MELEC", trade_area="électricité")
    client.force_login(academy_admin)
    # Kind and filière as of the refresh: Bêta's new filière shows with the figures of the next.
    page = client.get("/admin/pilotage/", {"filiere": "électricité"}).content.decode()
    assert "Lycée Bêta" not in page
    indicators_refresh()
    page = client.get("/admin/pilotage/", {"departement": "31"}).content.decode()
    assert "Lycée Alpha" in page and "Lycée Bêta" not in page
    page = client.get("/admin/pilotage/", {"type": "LPO"}).content.decode()
    assert "Lycée Alpha" not in page and "Lycée Bêta" in page
    page = client.get("/admin/pilotage/", {"filiere": "électricité"}).content.decode()
    assert "Lycée Alpha" not in page and "Lycée Bêta" in page
    # Filtered: the distinct companies of the whole académie would mislead, they are not shown.
    assert "Entreprises partenaires distinctes" not in page


def test_the_trend_table_shows_each_year(client, activity, academy_admin):
    client.force_login(academy_admin)
    page = client.get("/admin/pilotage/", {"annee": CURRENT - 1}).content.decode()
    assert f"{CURRENT - 1}-{CURRENT}" in page
    assert f"Partenariats actifs : {CURRENT - 4}-{CURRENT - 3} 0" in page  # chart summary


def test_each_table_of_the_direction_scrolls_in_its_own_named_focusable_box(
    client, activity, direction_a
):
    """On a phone a table wider than the screen scrolls in its box, which a keyboard reaches
    and a screen reader names, instead of running off the page with no cue."""
    client.force_login(direction_a)
    page = client.get("/admin/pilotage/").content.decode()
    tables = page.count('<table class="listing"')
    boxes = re.findall(
        r'<div class="w-overflow-x-auto portal-scroll" tabindex="0" role="region" '
        r'aria-label="([^"]+) \(tableau défilant\)">\s*<table',
        page,
    )
    assert tables >= 12 and len(boxes) == tables
    assert "Tuteurs formés par année scolaire" in boxes
    assert len(set(boxes)) == len(boxes)  # each box says which table it holds


def test_every_table_exports_as_xlsx(client, activity, academy_admin):
    client.force_login(academy_admin)
    response = client.get("/admin/pilotage/indicateurs.xlsx", {"annee": CURRENT})
    assert response["Content-Disposition"].endswith(f'indicateurs-{CURRENT}-{CURRENT + 1}.xlsx"')
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Évolution", "Propositions par type", "Par établissement"]
    schools = {row[1]: row for row in wb["Par établissement"].iter_rows(values_only=True)}
    assert schools["Lycée Alpha"][-1] == 4  # median answer time, in days
    kinds = dict(wb["Propositions par type"].iter_rows(min_row=2, values_only=True))
    assert kinds["mentorat"] == 2
    years = list(wb["Évolution"].iter_rows(min_row=2, values_only=True))
    assert len(years) == 5 and years[-2][0] == f"{CURRENT - 1}-{CURRENT}"


def test_the_direction_exports_only_its_school(client, activity, direction_a):
    client.force_login(direction_a)
    wb = load_workbook(io.BytesIO(client.get("/admin/pilotage/indicateurs.xlsx").content))
    names = [row[1] for row in wb["Par établissement"].iter_rows(min_row=2, values_only=True)]
    assert names == ["Lycée Alpha"]


@pytest.mark.parametrize("size", [2, 12])
def test_dashboard_queries_do_not_grow_with_schools(
    client, academy_admin, django_assert_max_num_queries, size
):
    from tests.etablissements.factories import SchoolFactory

    for _ in range(size):
        school = SchoolFactory()
        PartnershipFactory(school=school)
        SubmissionFactory(schools=[school])
    TutorTrainingFactory(starts_at=in_days(-3))
    indicators_refresh()
    client.force_login(academy_admin)
    with django_assert_max_num_queries(18):
        page = client.get("/admin/pilotage/").content.decode()
    assert page.count("Lycée professionnel n°") >= size
    with django_assert_max_num_queries(14):
        client.get("/admin/pilotage/indicateurs.xlsx")


def test_the_direction_sees_its_own_distinct_partner_companies(client, activity, direction_a):
    """Issue 27 §7: the direction's « Entreprises partenaires distinctes » is its school's
    (Alpha: 2 companies last year, 1 this year), never « — »."""
    client.force_login(direction_a)
    page = client.get("/admin/pilotage/").content.decode()
    table = page.split("Évolution par année scolaire")[1].split("</table>")[0]
    rows = {
        label: cells
        for label, cells in re.findall(r'<th scope="row">([\d-]+)</th>(.*?)</tr>', table, re.S)
    }
    last = rows[f"{CURRENT - 1}-{CURRENT}"]
    now = rows[f"{CURRENT}-{CURRENT + 1}"]
    assert re.findall(r"<td>([^<]*)</td>", last)[-1] == "2"
    assert re.findall(r"<td>([^<]*)</td>", now)[-1] == "1"
