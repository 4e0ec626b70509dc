"""Who receives: helpers the rules share (a school's RBDEs or direction, a staff account)."""

from django.db.models import Prefetch

from etablissements.models import Membership
from etablissements.roles import Role
from rappels.rules import Recipient


def user_recipient(user) -> Recipient | None:
    if user is None or not user.is_active or not user.email:
        return None
    return Recipient(
        email=user.email,
        name=user.get_full_name() or user.username,
        first_name=user.first_name,
        user_id=user.pk,
    )


def with_members(queryset, role: Role, school_path: str = "school"):
    """Prefetch the members of `role` of each row's school (`school_path`; "" when the rows are
    schools), as `<role>_memberships`, which `members_recipients` reads."""
    lookup = f"{school_path}__memberships" if school_path else "memberships"
    return queryset.prefetch_related(
        Prefetch(
            lookup,
            queryset=Membership.objects.filter(role=role).select_related("user"),
            to_attr=f"{Role(role).value}_memberships",
        )
    )


def with_rbdes(queryset, school_path: str = "school"):
    return with_members(queryset, Role.RBDE, school_path)


def members_recipients(school, role: Role) -> list[Recipient]:
    """The school's members of `role`, as recipients (prefetched by `with_members`, else read)."""
    memberships = getattr(school, f"{Role(role).value}_memberships", None)
    if memberships is None:
        memberships = Membership.objects.filter(school=school, role=role).select_related("user")
    people = [user_recipient(membership.user) for membership in memberships]
    return [person for person in people if person]


def rbde_recipients(school) -> list[Recipient]:
    return members_recipients(school, Role.RBDE)
