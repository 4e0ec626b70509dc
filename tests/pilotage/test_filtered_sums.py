"""The académie's dashboard filtered by kind of school and filière reads sums made by the
refresh (AcademyYearBreakdown by kind × filière): they equal a direct count of the proposals
of the schools the filter keeps, and the per-school path of a direction of the same schools."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from etablissements.models import School
from etablissements.roles import Role
from etablissements.services import membership_grant
from offres.models import SchoolDiploma, SubmissionKind, SubmissionSchool
from pilotage.selectors import Filters, dashboard_for, median_days
from pilotage.services import indicators_refresh, year_start_of
from tests.etablissements.factories import SchoolFactory, UserFactory
from tests.offres.factories import SubmissionFactory

CURRENT = year_start_of(timezone.localdate())
KIND_LABELS = dict(SubmissionKind.choices)


def proposal(school, kind, days=None, *, year=CURRENT):
    """A proposal to `school` made in school year `year`, answered after `days` (or not)."""
    sub = SubmissionFactory(kind=kind, schools=[school])
    if year != CURRENT:
        made = timezone.make_aware(datetime.datetime(year, 10, 15, 10))
        type(sub).objects.filter(pk=sub.pk).update(created_at=made)
        sub.created_at = made
    if days is not None:
        SubmissionSchool.objects.filter(submission=sub).update(
            status="acceptee", handled_at=sub.created_at + datetime.timedelta(days=days, hours=3)
        )


@pytest.fixture
def schools(db):
    a = SchoolFactory(name="Lycée A", kind="LP")  # two filières, two diplomas in one
    b = SchoolFactory(name="Lycée B", kind="LP")
    c = SchoolFactory(name="Lycée C", kind="LPO")
    d = SchoolFactory(name="Lycée D", kind="LP")
    SchoolFactory(name="Lycée E", kind="LP")  # no diploma
    for school, name, area in [
        (a, "bac pro MELEC", "électricité"),
        (a, "CAP électricien", "électricité"),
        (a, "bac pro TMB", "bâtiment"),
        (b, "bac pro MELEC", "électricité"),
        (c, "bac pro MELEC", "électricité"),
        (d, "bac pro TMB", "bâtiment"),
    ]:
        SchoolDiploma.objects.create(school=school, name=name, trade_area=area)
    proposal(a, SubmissionKind.PLACEMENT, 2)
    proposal(a, SubmissionKind.MENTORING, 5)
    proposal(a, SubmissionKind.PLACEMENT, 10, year=CURRENT - 1)
    proposal(b, SubmissionKind.PLACEMENT, 7)
    proposal(b, SubmissionKind.MENTORING)  # not answered
    proposal(b, SubmissionKind.MENTORING, 30, year=CURRENT - 2)
    proposal(c, SubmissionKind.PLACEMENT, 3)
    proposal(c, SubmissionKind.RECRUITMENT, 4, year=CURRENT - 1)
    proposal(d, SubmissionKind.MENTORING, 20)
    proposal(School.objects.get(name="Lycée E"), SubmissionKind.PLACEMENT, 1)
    indicators_refresh()


def direct(kind, area):
    """Proposals by school year of the schools kept, counted from the sources."""
    kept = School.objects.all()
    if kind:
        kept = kept.filter(kind=kind)
    if area:
        kept = kept.filter(pk__in=SchoolDiploma.objects.filter(trade_area=area).values("school"))
    received, days = Counter(), {}
    by_kind = {}
    for answer in SubmissionSchool.objects.filter(school__in=kept).select_related("submission"):
        made = answer.submission.created_at
        year = year_start_of(timezone.localdate(made))
        received[year] += 1
        by_kind.setdefault(year, Counter())[KIND_LABELS[answer.submission.kind]] += 1
        if answer.handled_at:
            days.setdefault(year, Counter())[str((answer.handled_at - made).days)] += 1
    return received, by_kind, days


@pytest.mark.parametrize(
    "kind,area",
    [("LP", "électricité"), ("LP", "bâtiment"), ("", "électricité"), ("LP", ""), ("LPO", "")],
)
def test_kind_and_filiere_sums_equal_a_direct_count(schools, academy_admin, kind, area):
    direction = UserFactory(username="direction")
    for school in School.objects.all():
        membership_grant(user=direction, school=school, role=Role.DIRECTION)
    received, by_kind, days = direct(kind, area)
    assert len(received) >= 2  # another school year is in
    for year in (CURRENT, CURRENT - 1, CURRENT - 2):
        filters = Filters(year=year, kind=kind, trade_area=area)
        summed = dashboard_for(academy_admin, filters)
        per_school = dashboard_for(direction, filters)
        for board in (summed, per_school):
            assert board.current.get("proposals_received", 0) == received[year]
            assert {k: n for k, n in board.kinds if n} == dict(by_kind.get(year, {}))
            assert board.median == median_days(days.get(year, Counter()))
            assert {y["year"]: y["median"] for y in board.years} == {
                y: median_days(days.get(y, Counter())) for y in {y["year"] for y in board.years}
            }


def test_a_school_with_two_diplomas_of_a_filiere_counts_once(schools, academy_admin):
    board = dashboard_for(academy_admin, Filters(year=CURRENT, kind="LP", trade_area="électricité"))
    # A (2 + 5 days) and B (7 days, one unanswered): A's two électricité diplomas add nothing.
    assert board.current["proposals_received"] == 4
    assert board.median == 5
    assert [row.school.name for row in board.schools] == ["Lycée A", "Lycée B"]
