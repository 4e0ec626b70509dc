"""Permissions on what companies submit, per role (rows are limited by the querysets' for_user)."""

from etablissements.roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role, grant

# The RBDE moderates what companies address to the school and keeps its list of diplomas.
grant(
    ROLE_GROUPS[Role.RBDE],
    "offres.change_submissionschool",
    "offres.add_schooldiploma",
    "offres.change_schooldiploma",
    "offres.delete_schooldiploma",
)
grant(
    ACADEMY_ADMIN_GROUP,
    "offres.add_tradeareanaf",
    "offres.change_tradeareanaf",
    "offres.delete_tradeareanaf",
    "offres.view_tradeareanaf",
    "offres.change_submissionschool",
    "offres.add_schooldiploma",
    "offres.change_schooldiploma",
    "offres.delete_schooldiploma",
)
