"""Permissions of the Pacte per role (rows are limited further by the querysets' for_user)."""

from etablissements.roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role, grant


def _crud(model: str) -> list[str]:
    return [f"pacte.{action}_{model}" for action in ("add", "change", "delete", "view")]


# Reference data: the academy administrator keeps it.
grant(ACADEMY_ADMIN_GROUP, *_crud("schoolyear"), *_crud("partfraction"), *_crud("mission"))

# Menu entries follow these (the permission cache is loaded anyway: no query per admin page);
# rows are limited by for_user() and every write is checked again by pacte.services.
grant(ROLE_GROUPS[Role.TEACHER], "pacte.add_activitylog", "pacte.view_activityreport")
grant(ROLE_GROUPS[Role.DIRECTION], "pacte.view_engagement", "pacte.change_activityreport")
grant(ROLE_GROUPS[Role.RBDE], "pacte.view_engagement")
# The inspector (IEN) reads the Pactes, lettres de mission and bilans of the schools they follow.
grant(ROLE_GROUPS[Role.INSPECTOR], "pacte.view_engagement")
