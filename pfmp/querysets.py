"""Who sees what: classes and periods to the school's staff; pupils and placements (minors'
names) to the school's RBDE and direction and to the pupils' professeurs référents only."""

from django.db.models import Exists, OuterRef, Q

from etablissements.querysets import SchoolScopedQuerySet, school_ids_subquery
from etablissements.roles import Role

from .choices import PLACED, PlacementStatus

# The roles that see every pupil of their school (a teacher sees those they follow).
PUPIL_ROLES = (Role.RBDE, Role.DIRECTION)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class SchoolClassQuerySet(SchoolScopedQuerySet):
    school_field = "school"

    def of_year(self, school_year: str):
        return self.filter(school_year=school_year)


class PeriodQuerySet(SchoolScopedQuerySet):
    school_field = "school_class__school"

    def coming(self, today):
        """Periods not ended yet (running or to come)."""
        return self.filter(end__gte=today)


class PupilQuerySet(SchoolScopedQuerySet):
    school_field = "school_class__school"

    def for_user(self, user, roles=None):
        """The pupils of the schools where `user` is RBDE or direction, and those whose
        placement `user` follows as professeur référent. Nobody else, not even the académie:
        it counts pupils, it never reads their names."""
        if not _active(user):
            return self.none()
        from .models import Placement  # a real cycle: models imports these querysets

        schools = school_ids_subquery(user, roles or PUPIL_ROLES)
        followed = Placement.objects.filter(pupil=OuterRef("pk"), referent_teacher=user)
        return self.filter(Q(school_class__school__in=schools) | Exists(followed))

    def without_place(self, period):
        """The pupils of the period's class not placed for it (no placement, or one still to
        find, a lead, or abandoned)."""
        from .models import Placement  # a real cycle: models imports these querysets

        placed = Placement.objects.filter(pupil=OuterRef("pk"), period=period, status__in=PLACED)
        return self.filter(school_class_id=period.school_class_id).exclude(Exists(placed))


class PlacementQuerySet(SchoolScopedQuerySet):
    school_field = "period__school_class__school"

    def for_user(self, user, roles=None):
        if not _active(user):
            return self.none()
        schools = school_ids_subquery(user, roles or PUPIL_ROLES)
        return self.filter(Q(period__school_class__school__in=schools) | Q(referent_teacher=user))

    def for_company(self, company):
        return self.filter(company=company).exclude(status=PlacementStatus.ABANDONED)

    def with_related(self):
        return self.select_related(
            "pupil", "period__school_class", "company", "tutor", "referent_teacher"
        )


class PlacementChildQuerySet(SchoolScopedQuerySet):
    school_field = "placement__period__school_class__school"

    def for_user(self, user, roles=None):
        from .models import Placement  # a real cycle: models imports these querysets

        return self.filter(placement__in=Placement.objects.for_user(user, roles).values("pk"))
