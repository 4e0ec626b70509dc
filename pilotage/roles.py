"""Who reads the indicators: the academy administrator (every school), a direction (its own)."""

from etablissements.roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role, grant

grant(ACADEMY_ADMIN_GROUP, "pilotage.view_schoolyearfigures")
grant(ROLE_GROUPS[Role.DIRECTION], "pilotage.view_schoolyearfigures")
