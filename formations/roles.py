"""Permissions of trainings, mentoring and events per role (rows limited further by for_user)."""

from etablissements.roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role, grant

CRUD = ("add", "change", "delete", "view")
MODELS = ("tutortraining", "mentoringpair", "monthlycheckin", "event")


def _perms(model: str, *actions: str) -> list[str]:
    return [f"formations.{action}_{model}" for action in actions]


# The RBDE plans the sessions, the mentoring pairs and the events of the school.
# Registrations come from the public form (or the attendance sheet), invitations from the
# "inviter" screen: nobody adds them by hand in the admin.
for group in (ROLE_GROUPS[Role.RBDE], ACADEMY_ADMIN_GROUP):
    grant(group, *[perm for model in MODELS for perm in _perms(model, *CRUD)])
    grant(group, *_perms("registration", "change", "view"), *_perms("invitation", "change", "view"))
# A pacted teacher leads sessions, follows mentoring pairs (check-ins) and events' attendance.
grant(
    ROLE_GROUPS[Role.TEACHER],
    *_perms("tutortraining", "view", "change"),
    *_perms("registration", "view"),
    *_perms("mentoringpair", "view", "change"),
    *_perms("monthlycheckin", "add", "change", "view"),
    *_perms("event", "view"),
    *_perms("invitation", "view", "change"),
)
# The direction watches.
grant(
    ROLE_GROUPS[Role.DIRECTION],
    *[perm for model in MODELS for perm in _perms(model, "view")],
    *_perms("registration", "view"),
    *_perms("invitation", "view"),
)
# Teachers' training in a company: the direction and the RBDE see who is due and note them.
# A teacher sees their own last one and the offers suggested when due.
for group in (
    ROLE_GROUPS[Role.DIRECTION],
    ROLE_GROUPS[Role.RBDE],
    ROLE_GROUPS[Role.TEACHER],
    ACADEMY_ADMIN_GROUP,
):
    grant(group, *_perms("teacherimmersion", "view"))
