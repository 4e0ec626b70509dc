"""The Pacte's error and who may do what (roles, direction, pay)."""

from __future__ import annotations

from etablissements.models import Membership
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role


class PacteError(Exception):
    """A rule of the Pacte was broken; the message is for the user, in French."""


def user_has_role(user, school, *roles: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, school=school, role__in=roles).exists()


def is_direction(user, school) -> bool:
    """Chef d'établissement / DDFPT of `school` (or an academy administrator)."""
    return is_academy_admin(user) or user_has_role(user, school, Role.DIRECTION)


def sees_pay(user, school, teacher=None) -> bool:
    """The euros of a Pacte are for the direction, the teacher themselves and the academy;
    the RBDE sees who follows what, not what they are paid."""
    if teacher is not None and user.pk == teacher.pk:
        return True
    return is_direction(user, school)


def _name(user) -> str:
    return user.get_full_name() or user.username
