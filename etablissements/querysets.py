"""Scoping: every staff-facing list starts from `for_user(user)`."""

from django.db import models


def is_academy_admin(user) -> bool:
    """Academy administrators (and superusers) stand above schools and see them all."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # etablissements.models (and roles, through auth) import this module: a real cycle.
    from .roles import ACADEMY_ADMIN_GROUP

    cached = getattr(user, "_is_academy_admin", None)
    if cached is None:
        cached = user.groups.filter(name=ACADEMY_ADMIN_GROUP).exists()
        user._is_academy_admin = cached
    return cached


def school_ids_subquery(user, roles=None):
    """The ids of the schools a user belongs to (optionally with one of `roles`), as a subquery.

    Without `roles`, the school staff's roles only: an inspector's membership opens the Pactes
    (asked for by role) and nothing else of the school."""
    # etablissements.models (and roles, through auth) import this module: a real cycle.
    from .models import Membership
    from .roles import STAFF_ROLES

    memberships = Membership.objects.filter(user=user)
    memberships = memberships.filter(role__in=list(roles or STAFF_ROLES))
    return memberships.values("school_id")


def teachers_for(user):
    """Users holding the teacher role in one of `user`'s schools (every school for the academy):
    the choices of every "enseignant qui suit / anime / organise" field and filter."""
    # etablissements.models (and roles, through auth) import this module: a real cycle.
    from django.contrib.auth import get_user_model

    from .roles import Role

    teachers = get_user_model().objects.filter(memberships__role=Role.TEACHER)
    if not is_academy_admin(user):
        teachers = teachers.filter(memberships__school__in=school_ids_subquery(user))
    return teachers.distinct().order_by("last_name", "first_name")


class SchoolScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a school through `school_field` (a lookup path)."""

    school_field = "school"

    def for_user(self, user, roles=None):
        """Only the rows of the schools `user` works in; everything for an academy admin."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_academy_admin(user) and not roles:
            return self
        return self.filter(**{f"{self.school_field}__in": school_ids_subquery(user, roles)})

    def for_school(self, school):
        return self.filter(**{self.school_field: school})


class SchoolQuerySet(SchoolScopedQuerySet):
    school_field = "pk"
