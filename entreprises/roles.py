"""Permissions of each role on companies and contacts; rows are limited by for_user()."""

from etablissements.roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role, grant

grant(
    ROLE_GROUPS[Role.RBDE],
    "entreprises.add_company",
    "entreprises.change_company",
    "entreprises.view_company",
    "entreprises.merge_company",
    "entreprises.add_contact",
    "entreprises.change_contact",
    "entreprises.view_contact",
)
grant(ROLE_GROUPS[Role.DIRECTION], "entreprises.view_company", "entreprises.view_contact")
grant(ROLE_GROUPS[Role.TEACHER], "entreprises.view_company", "entreprises.view_contact")
grant(
    ACADEMY_ADMIN_GROUP,
    "entreprises.add_company",
    "entreprises.change_company",
    "entreprises.delete_company",
    "entreprises.view_company",
    "entreprises.merge_company",
    "entreprises.add_contact",
    "entreprises.change_contact",
    "entreprises.delete_contact",
    "entreprises.view_contact",
)
