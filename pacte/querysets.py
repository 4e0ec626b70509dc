"""Reads of the Pacte: reference data for all staff, a teacher's own rows, a school's rows."""

import datetime

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from etablissements.querysets import SchoolScopedQuerySet, is_academy_admin, school_ids_subquery
from etablissements.roles import Role

# Who sees every teacher's Pacte of their school (a teacher sees only their own).
SCHOOL_WIDE_ROLES = (Role.DIRECTION, Role.RBDE)
# Who reads the Pactes, lettres de mission and bilans too: the inspector (IEN) of the school.
PACTE_READERS = (*SCHOOL_WIDE_ROLES, Role.INSPECTOR)


class ReferenceQuerySet(models.QuerySet):
    """Reference data (school years, mission catalogue): read by every staff user."""

    def for_user(self, user, roles=None):
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        return self


class SchoolYearQuerySet(ReferenceQuerySet):
    def containing(self, day: datetime.date):
        return self.filter(start__lte=day, end__gte=day)

    def current(self, today: datetime.date | None = None):
        """The school year running on `today`; else the last one started before it."""
        today = today or timezone.localdate()
        return (
            self.containing(today).first()
            or self.filter(start__lte=today).order_by("-start").first()
            or self.order_by("start").first()
        )


class PartFractionQuerySet(ReferenceQuerySet):
    def for_year(self, school_year):
        return self.filter(school_year=school_year)


class MissionQuerySet(ReferenceQuerySet):
    def active(self):
        return self.filter(active=True)

    def for_year(self, school_year):
        return self.filter(school_year=school_year)


class TeacherScopedQuerySet(SchoolScopedQuerySet):
    """Rows of one teacher in one school.

    Direction and RBDE see their school's rows; a teacher sees only their own; an academy
    administrator sees everything.
    """

    teacher_field = "teacher"
    # Roles that see every row of their school (PACTE_READERS where the inspector reads too).
    wide_roles = SCHOOL_WIDE_ROLES

    def for_user(self, user, roles=None):
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_academy_admin(user) and not roles:
            return self
        school_in = f"{self.school_field}__in"
        wide = [r for r in (roles or self.wide_roles) if r in self.wide_roles]
        condition = Q(**{school_in: school_ids_subquery(user, [Role.TEACHER])}) & Q(
            **{self.teacher_field: user}
        )
        if roles and Role.TEACHER not in roles:
            condition = Q(pk__in=[])
        if wide:
            condition |= Q(**{school_in: school_ids_subquery(user, wide)})
        return self.filter(condition)

    def of_teacher(self, user):
        return self.filter(**{self.teacher_field: user})


class TeacherProfileQuerySet(TeacherScopedQuerySet):
    teacher_field = "user"


# ReportStatus.SUBMITTED and VALIDATED (the models import this module, not the reverse).
BILAN_HANDED_IN = ("remis", "valide")


class EngagementQuerySet(TeacherScopedQuerySet):
    wide_roles = PACTE_READERS

    def for_year(self, school_year):
        return self.filter(school_year=school_year)

    def bilans_pending(self):
        """Engagements with a mission whose bilan is neither submitted nor validated."""
        return self.annotate(
            missions_count=Count("parts", distinct=True),
            bilans_handed_in=Count(
                "activity_reports",
                filter=Q(activity_reports__status__in=BILAN_HANDED_IN),
                distinct=True,
            ),
        ).filter(missions_count__gt=F("bilans_handed_in"))

    def interim_report_missing(self, stage: str):
        """Engagements with a mission of their lettre de mission whose interim bilan `stage`
        (« premier », « second ») is not written yet."""
        part_model = self.model._meta.get_field("parts").related_model
        report_model = self.model._meta.get_field("interim_reports").related_model
        written = report_model.objects.filter(
            engagement=OuterRef("engagement"), mission=OuterRef("mission"), stage=stage
        )
        missing = part_model.objects.filter(engagement=OuterRef("pk")).exclude(Exists(written))
        return self.filter(Exists(missing))

    def with_related(self):
        return self.select_related(
            "teacher", "school", "school_year", "mission_letter__validated_by"
        ).prefetch_related("parts__mission")


class EngagementPartQuerySet(TeacherScopedQuerySet):
    wide_roles = PACTE_READERS
    school_field = "engagement__school"
    teacher_field = "engagement__teacher"


class ActivityLogQuerySet(TeacherScopedQuerySet):
    school_field = "engagement__school"
    teacher_field = "engagement__teacher"


class MissionLetterQuerySet(TeacherScopedQuerySet):
    wide_roles = PACTE_READERS
    school_field = "engagement__school"
    teacher_field = "engagement__teacher"


class ActivityReportQuerySet(TeacherScopedQuerySet):
    wide_roles = PACTE_READERS
    school_field = "engagement__school"
    teacher_field = "engagement__teacher"


class ActivityReportTransitionQuerySet(TeacherScopedQuerySet):
    wide_roles = PACTE_READERS
    school_field = "report__engagement__school"
    teacher_field = "report__engagement__teacher"


class HoursRedeploymentQuerySet(TeacherScopedQuerySet):
    school_field = "from_part__engagement__school"
    teacher_field = "from_part__engagement__teacher"


class InterimReportQuerySet(TeacherScopedQuerySet):
    wide_roles = PACTE_READERS
    school_field = "engagement__school"
    teacher_field = "engagement__teacher"
