import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.dates import french_date
from common.identifiers import email_normalize
from common.rows import dependents_count

from .models import Diploma, Invitation, Membership, ProConnectIdentity, School
from .querysets import is_academy_admin
from .roles import ACADEMY_ADMIN_GROUP, ROLE_GROUPS, Role
from .validators import normalize_uai

logger = logging.getLogger(__name__)


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


@transaction.atomic
def school_save(*, row: School) -> School:
    """A school added or changed by the academy: its UAI written as the state does, checked."""
    row.uai = normalize_uai(row.uai)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def school_delete(*, row: School) -> None:
    """A school typed by mistake, with nothing attached yet, is deleted; one with staff,
    partnerships or Pactes is not."""
    if used := dependents_count(row):
        raise ValidationError(
            f"{row} a déjà {used} ligne{'s' if used > 1 else ''} rattachée"
            f"{'s' if used > 1 else ''} (personnel, partenariats, Pactes…) : l’établissement "
            "ne peut pas être supprimé."
        )
    row.delete()


class InvitationError(Exception):
    """An invitation that cannot be made; the message is French, for the person."""


class SignInRefused(Exception):
    """A ProConnect sign-in with no valid invitation: no account is created."""

    def __init__(self, reason: str, invitation: Invitation | None = None):
        super().__init__(reason)
        # "none", "expired", "unverified", "unbound" (an account never bound to ProConnect)
        # or "other_identity" (an account bound to another ProConnect identity).
        self.reason = reason
        self.invitation = invitation


def invitation_can_invite(*, user, school: School) -> bool:
    """The academy administrator invites anywhere; a direction, in its own schools."""
    return (
        is_academy_admin(user)
        or Membership.objects.filter(user=user, school=school, role=Role.DIRECTION).exists()
    )


@transaction.atomic
def invitation_create(*, by, email: str, school: School, role: str, now=None) -> Invitation:
    """Invite `email` to hold `role` in `school`. The mail is queued by the caller, in the same
    transaction, through the outbox: `pilotage.invitations.invitation_send` does both."""
    now = now or timezone.now()
    email = email_normalize(email)
    if not invitation_can_invite(user=by, school=school):
        raise InvitationError(
            "Seuls l’administrateur académique et la direction de l’établissement peuvent "
            "inviter une personne dans cet établissement."
        )
    if Membership.objects.filter(user__email__iexact=email, school=school, role=role).exists():
        raise InvitationError(
            f"{email} a déjà ce rôle dans cet établissement : il n’y a rien à inviter."
        )
    pending = Invitation.objects.for_email(email).pending(now=now).filter(school=school, role=role)
    if existing := pending.first():
        raise InvitationError(
            f"Une invitation de {email} pour ce rôle attend déjà, jusqu’au "
            f"{french_date(timezone.localtime(existing.expires_at))}."
        )
    invitation = Invitation.objects.create(
        email=email,
        school=school,
        role=role,
        invited_by=by,
        expires_at=now + datetime.timedelta(days=settings.PROCONNECT_INVITATION_DAYS),
    )
    logger.info("Invitation %s : %s, %s, %s, par %s", invitation.pk, email, school.uai, role, by)
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by=None) -> None:
    """An invitation not yet accepted is withdrawn (its link stops working); an accepted one
    stays, as the record of how its person came in."""
    if invitation.accepted_at:
        raise InvitationError(
            "Cette invitation a été acceptée : elle reste comme trace de l’arrivée de la "
            "personne. Retirez plutôt son rôle dans l’établissement."
        )
    logger.info("Invitation %s retirée par %s", invitation.pk, by)
    invitation.delete()


def _username_for(email: str) -> str:
    User = get_user_model()
    base = email[:150]
    if not User.objects.filter(username=base).exists():
        return base
    n = 2
    while User.objects.filter(username=f"{base[:140]}-{n}").exists():
        n += 1
    return f"{base[:140]}-{n}"


@transaction.atomic
def proconnect_sign_in(*, claims: dict, sub: str, now=None):
    """The account of a person ProConnect vouched for: their invitations become memberships.

    The first sign-in binds the account to the provider's `sub`; later ones must bring it. An
    identity not yet bound enters only through a pending invitation of its email, even when an
    account with that email exists; an account bound to another `sub` is never entered.
    Refusals raise SignInRefused (no account made, nothing bound).
    """
    now = now or timezone.now()
    sub = (sub or "").strip()
    if not sub:
        raise SignInRefused("none")
    User = get_user_model()
    email = email_normalize(claims.get("email"))
    invitations = [
        invitation
        for invitation in Invitation.objects.for_email(email)
        .filter(accepted_at__isnull=True)
        .select_for_update(of=("self",))
        .select_related("school", "invited_by")
        .order_by("-expires_at")
        # The database compares case-insensitively (Unicode on PostgreSQL): keep exact ones.
        if email_normalize(invitation.email) == email
    ]
    pending = [i for i in invitations if i.expires_at > now]
    identity = (
        ProConnectIdentity.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(sub=sub)
        .first()
    )
    if identity is not None:
        user = identity.user
        if not user.is_active or not (pending or Membership.objects.filter(user=user).exists()):
            raise SignInRefused("none")
    else:
        user = next(
            (
                u
                for u in User.objects.filter(email__iexact=email, is_active=True).order_by("pk")
                if email_normalize(u.email) == email
            ),
            None,
        )
        if user is not None and ProConnectIdentity.objects.filter(user=user).exists():
            logger.warning(
                "Connexion ProConnect refusée : %s est relié à une autre identité", email
            )
            raise SignInRefused("other_identity")
        if not pending:
            logger.info("Connexion ProConnect refusée (sans invitation valable) : %s", email)
            if user is not None and Membership.objects.filter(user=user).exists():
                raise SignInRefused("unbound")
            if invitations:
                raise SignInRefused("expired", invitations[0])
            raise SignInRefused("none")
        if user is None:
            user = User(username=_username_for(email), email=email)
            user.set_unusable_password()
    user.first_name = (claims.get("given_name") or user.first_name)[:150]
    user.last_name = (claims.get("usual_name") or user.last_name)[:150]
    user.save()
    if identity is None:
        identity = ProConnectIdentity(user=user, sub=sub[:255])
        logger.info("Compte %s relié à l’identité ProConnect %s", user.pk, sub)
    identity.idp_id = str(claims.get("idp_id") or identity.idp_id)[:255]
    identity.last_sign_in_at = now
    identity.save()
    for invitation in pending:
        membership_grant(user=user, school=invitation.school, role=invitation.role)
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        logger.info("Invitation %s acceptée par %s", invitation.pk, user.pk)
    return user


@transaction.atomic
def proconnect_identity_unbind(*, email: str, by: str = "") -> bool:
    """Forget the ProConnect identity of the account with `email` (the person changed identity
    provider): their next sign-in needs a new invitation. True when one was bound."""
    email = email_normalize(email)
    bound = ProConnectIdentity.objects.select_related("user").filter(user__email__iexact=email)
    ids = [identity.pk for identity in bound if email_normalize(identity.user.email) == email]
    deleted, _ = ProConnectIdentity.objects.filter(pk__in=ids).delete()
    logger.info("Identité ProConnect de %s oubliée par %s (%s)", email, by, deleted)
    return bool(deleted)


@transaction.atomic
def diploma_find_or_create(*, label: str) -> Diploma:
    """The referential's diploma of that label (case aside), or a new one without a BCN code."""
    label = " ".join((label or "").split())[:250]
    by_label = Diploma.objects.filter(label__iexact=label).order_by("code", "pk").first()
    return by_label or Diploma.objects.create(label=label)
