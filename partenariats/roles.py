"""Permissions on partnerships per role (rows are limited further by the querysets' for_user)."""

from etablissements.roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role, grant


def _perms(model: str, *actions: str) -> list[str]:
    return [f"partenariats.{action}_{model}" for action in actions]


CRUD = ("add", "change", "delete", "view")

# The RBDE runs the school's partnerships, their roadmaps and journals.
grant(
    ROLE_GROUPS[Role.RBDE],
    *_perms("partnership", *CRUD),
    *_perms("roadmapaction", *CRUD),
    *_perms("interaction", *CRUD),
)
# A pacted teacher reads the school's partnerships and writes in their roadmap and journal.
grant(
    ROLE_GROUPS[Role.TEACHER],
    *_perms("partnership", "view"),
    *_perms("roadmapaction", "add", "change", "view"),
    *_perms("interaction", "add", "change", "view"),
)
# The direction watches.
grant(
    ROLE_GROUPS[Role.DIRECTION],
    *_perms("partnership", "view"),
    *_perms("roadmapaction", "view"),
    *_perms("interaction", "view"),
)
grant(
    ACADEMY_ADMIN_GROUP,
    *_perms("partnership", *CRUD),
    *_perms("roadmapaction", *CRUD),
    *_perms("interaction", *CRUD),
)
