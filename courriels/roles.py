from etablissements.roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role, grant

# The RBDE and the direction read the outbox of their schools; nobody edits it by hand.
for _group in (ROLE_GROUPS[Role.RBDE], ROLE_GROUPS[Role.DIRECTION], ACADEMY_ADMIN_GROUP):
    grant(_group, "courriels.view_email")
