"""Roles: a staff user holds a role in a school; Django groups carry the Wagtail permissions.

Each later feature adds its permissions to ROLE_PERMISSIONS; groups are synced after migrate.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import models


class Role(models.TextChoices):
    RBDE = "rbde", "responsable du bureau des entreprises (RBDE)"
    TEACHER = "enseignant", "enseignant (Pacte)"
    DIRECTION = "direction", "direction (chef d’établissement, DDFPT)"
    INSPECTOR = "inspecteur", "inspecteur référent (IEN, lecture des Pactes)"


# The inspector reads the Pactes, lettres de mission and bilans of the schools they follow
# (« l'inspecteur référent … est associé au suivi des missions », seed 000) and nothing else:
# a membership without a role list (the default scope of every list) leaves them out.
STAFF_ROLES = (Role.RBDE, Role.TEACHER, Role.DIRECTION)


ACADEMY_ADMIN_GROUP = "Administrateur académique"
ROLE_GROUPS = {
    Role.RBDE: "Responsable du bureau des entreprises",
    Role.TEACHER: "Enseignant",
    Role.DIRECTION: "Direction",
    Role.INSPECTOR: "Inspecteur référent",
}

# "app_label.codename" per group. Row-level limits come from the querysets' for_user().
ROLE_PERMISSIONS: dict[str, list[str]] = {
    ROLE_GROUPS[Role.RBDE]: ["wagtailadmin.access_admin", "etablissements.view_school"],
    ROLE_GROUPS[Role.TEACHER]: ["wagtailadmin.access_admin", "etablissements.view_school"],
    ROLE_GROUPS[Role.DIRECTION]: [
        "wagtailadmin.access_admin",
        "etablissements.view_school",
        # A direction invites people into its own school (ProConnect sign-in).
        "etablissements.add_invitation",
        "etablissements.view_invitation",
    ],
    ROLE_GROUPS[Role.INSPECTOR]: ["wagtailadmin.access_admin"],
    ACADEMY_ADMIN_GROUP: [
        "wagtailadmin.access_admin",
        "etablissements.add_school",
        "etablissements.change_school",
        "etablissements.delete_school",
        "etablissements.view_school",
        "etablissements.add_membership",
        "etablissements.change_membership",
        "etablissements.delete_membership",
        "etablissements.view_membership",
        "etablissements.add_invitation",
        "etablissements.view_invitation",
        "etablissements.delete_invitation",
    ],
}


def grant(group_name: str, *permissions: str) -> None:
    """Let a later app add permissions to a role's group (called at import of its roles)."""
    ROLE_PERMISSIONS.setdefault(group_name, [])
    for perm in permissions:
        if perm not in ROLE_PERMISSIONS[group_name]:
            ROLE_PERMISSIONS[group_name].append(perm)


def sync_role_groups() -> None:
    """Create the role groups and give each exactly its declared permissions."""

    for group_name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm:
                wanted.append(perm)
        group.permissions.set(wanted)


def sync_role_groups_after_migrate(sender, using="default", **kwargs):
    # Run once, after the last app has migrated (permissions of every app exist by then).

    if using == "default" and sender.label == list(apps.get_app_configs())[-1].label:
        sync_role_groups()
