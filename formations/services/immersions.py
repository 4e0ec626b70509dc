"""Teachers' training in a company: recorded by the school, due every three years, and the
companies' offers to host teachers suggested to those who are due (seed 004, Action 5)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from etablissements.models import Membership
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role
from etablissements.selectors import is_teacher_of, teachers_of
from offres.models import Submission, SubmissionKind, SubmissionStatus

from ..models import IMMERSION_EVERY_YEARS, ImmersionFormat, TeacherImmersion
from .base import FormationError


def _keeps_immersions(user, school) -> bool:
    if is_academy_admin(user):
        return True
    return Membership.objects.filter(
        user=user, school=school, role__in=[Role.DIRECTION, Role.RBDE]
    ).exists()


@transaction.atomic
def teacher_immersion_record(
    *,
    teacher,
    school,
    occurred_on: datetime.date,
    by,
    format: str = ImmersionFormat.IMMERSION,
    offer: Submission | None = None,
    note: str = "",
) -> TeacherImmersion:
    """The direction or the RBDE notes a teacher's training in a company (a past date)."""
    if not _keeps_immersions(by, school):
        raise FormationError(
            "Seuls la direction et le bureau des entreprises notent les formations en entreprise."
        )
    if not is_teacher_of(teacher, school):
        raise FormationError("Cette personne n’est pas enseignante de l’établissement.")
    if occurred_on is None or occurred_on > timezone.localdate():
        raise FormationError("Notez une formation déjà faite : la date est dans le futur.")
    if format not in ImmersionFormat.values:
        raise FormationError("Choisissez le format de la formation.")
    return TeacherImmersion.objects.create(
        teacher=teacher,
        school=school,
        occurred_on=occurred_on,
        format=format,
        offer=offer,
        company=offer.company if offer else None,
        note=(note or "").strip(),
        recorded_by=by,
    )


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class ImmersionRow:
    teacher: object
    last: datetime.date | None
    due: bool


@dataclass
class ImmersionsOfSchool:
    rows: list[ImmersionRow]
    offers: list = field(default_factory=list)

    @property
    def due(self) -> list[ImmersionRow]:
        return [row for row in self.rows if row.due]


def immersions_of_school(school, today: datetime.date | None = None) -> ImmersionsOfSchool:
    """Each teacher of `school` with their last immersion and whether one is due (none in the
    last three years), and the companies' accepted offers to host teachers (3 queries)."""
    today = today or timezone.localdate()
    since = _years_before(today, IMMERSION_EVERY_YEARS)
    last = dict(
        TeacherImmersion.objects.for_school(school)
        .values("teacher_id")
        .annotate(last=Max("occurred_on"))
        .values_list("teacher_id", "last")
    )
    rows = [
        ImmersionRow(teacher=t, last=last.get(t.pk), due=not last.get(t.pk) or last[t.pk] <= since)
        for t in teachers_of(school)
    ]
    offers = list(
        Submission.objects.filter(
            kind=SubmissionKind.TEACHER_TRAINING,
            addressees__school=school,
            addressees__status=SubmissionStatus.ACCEPTED,
        )
        .exclude(status__in=[SubmissionStatus.WITHDRAWN, SubmissionStatus.CLOSED])
        .select_related("company")
        .order_by("-created_at")
    )
    return ImmersionsOfSchool(rows=rows, offers=offers)
