"""Reads about who works where: the one rule "a teacher of this school"."""

from .models import Membership
from .roles import Role


def is_teacher_of(user, school) -> bool:
    """`user` holds the teacher role in `school` (a school or its id)."""
    if user is None or not getattr(user, "pk", None):
        return False
    school_id = getattr(school, "pk", school)
    return Membership.objects.filter(user=user, school_id=school_id, role=Role.TEACHER).exists()


def not_teachers_of(school, users) -> list:
    """Those of `users` who do not hold the teacher role in `school` (one query)."""
    school_id = getattr(school, "pk", school)
    teachers = set(
        Membership.objects.filter(school_id=school_id, role=Role.TEACHER).values_list(
            "user_id", flat=True
        )
    )
    return [user for user in users if user.pk not in teachers]


def teachers_of(school):
    """The users holding the teacher role in `school` (a school or its id), by name."""
    from django.contrib.auth import get_user_model

    school_id = getattr(school, "pk", school)
    return (
        get_user_model()
        .objects.filter(memberships__school_id=school_id, memberships__role=Role.TEACHER)
        .distinct()
        .order_by("last_name", "first_name")
    )
