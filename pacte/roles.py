"""Permissions of the Pacte per role (rows are limited further by the querysets' for_user)."""

from etablissements.roles import ACADEMY_ADMIN_GROUP, grant


def _crud(model: str) -> list[str]:
    return [f"pacte.{action}_{model}" for action in ("add", "change", "delete", "view")]


# Reference data: the academy administrator keeps it.
grant(ACADEMY_ADMIN_GROUP, *_crud("schoolyear"), *_crud("mission"))
