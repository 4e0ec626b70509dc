from django.contrib.auth.models import Group
from django.db import transaction

from .models import Membership, School
from .roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role


def membership_sync_groups(user) -> None:
    """Put `user` in exactly the groups of the roles they hold in some school."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    for role, group_name in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        if role in roles:
            user.groups.add(group)
        else:
            user.groups.remove(group)


@transaction.atomic
def membership_grant(*, user, school: School, role: Role) -> Membership:
    """Give `user` the `role` in `school` and put them in the role's group."""
    membership, _ = Membership.objects.get_or_create(user=user, school=school, role=role)
    membership_sync_groups(user)
    return membership


@transaction.atomic
def membership_change(*, membership: Membership, user, school: School, role: Role) -> Membership:
    """Move a membership to another person, school or role; both people's groups follow."""
    current = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    previous_user = current.user
    current.user, current.school, current.role = user, school, role
    current.full_clean()
    current.save()
    membership_sync_groups(user)
    if previous_user.pk != user.pk:
        membership_sync_groups(previous_user)
    return current


@transaction.atomic
def membership_revoke(*, user, school: School, role: Role) -> None:
    Membership.objects.filter(user=user, school=school, role=role).delete()
    membership_sync_groups(user)


@transaction.atomic
def academy_admin_grant(*, user) -> None:
    group, _ = Group.objects.get_or_create(name=ACADEMY_ADMIN_GROUP)
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
