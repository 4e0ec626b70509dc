"""Permissions on PFMP placements per role (rows are limited further by the querysets)."""

from etablissements.roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role, grant


def _perms(model: str, *actions: str) -> list[str]:
    return [f"pfmp.{action}_{model}" for action in actions]


CRUD = ("add", "change", "delete", "view")

# The RBDE runs the school's classes, periods, pupils and placements.
grant(
    ROLE_GROUPS[Role.RBDE],
    *_perms("schoolclass", *CRUD),
    *_perms("pfmpperiod", *CRUD),
    *_perms("pupil", *CRUD),
    *_perms("placement", "change", "view"),
)
# A teacher sees the placements they follow (the querysets keep them to those).
grant(ROLE_GROUPS[Role.TEACHER], *_perms("placement", "view"))
# The direction watches.
grant(
    ROLE_GROUPS[Role.DIRECTION],
    *_perms("schoolclass", "view"),
    *_perms("pfmpperiod", "view"),
    *_perms("pupil", "view"),
    *_perms("placement", "view"),
)
# The académie keeps the reference data (end-of-year weeks, allowance rates); it counts
# pupils, it never reads them.
grant(
    ACADEMY_ADMIN_GROUP,
    *_perms("parcoursrule", *CRUD),
    *_perms("allowancerate", *CRUD),
    *_perms("schoolclass", "view"),
    *_perms("pfmpperiod", "view"),
)
