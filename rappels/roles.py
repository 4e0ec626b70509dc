from etablissements.roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role, grant

# Staff read the reminders of their schools; nobody edits them by hand.
for _group in (ROLE_GROUPS[Role.RBDE], ROLE_GROUPS[Role.TEACHER], ROLE_GROUPS[Role.DIRECTION]):
    grant(_group, "rappels.view_reminder")
grant(ACADEMY_ADMIN_GROUP, "rappels.view_reminder")
