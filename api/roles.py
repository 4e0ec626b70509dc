from etablissements.roles import ACADEMY_ADMIN_GROUP, grant

grant(
    ACADEMY_ADMIN_GROUP,
    "api.add_apitoken",
    "api.change_apitoken",
    "api.view_apitoken",
)
