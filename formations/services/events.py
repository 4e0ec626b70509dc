"""Partners invited to an event: invitations, answers, attendance."""

from django.db import transaction
from django.utils import timezone

from entreprises import services as entreprises_services
from entreprises.models import Contact

from .. import mails
from ..models import (
    Event,
    Invitation,
    RsvpStatus,
)
from .base import FormationError, event_check_organisers

# Partner events -----------------------------------------------------------------------------


@transaction.atomic
def event_save(*, event: Event, organisers=None, by=None) -> Event:
    """A partner event created or edited by its staff (an unsaved instance, its organisers):
    its organisers teach at its school (the event counts in their Pacte mission), or nothing is
    saved."""
    if organisers is not None:
        event_check_organisers(school=event.school, organisers=organisers)
    event.save()
    if organisers is not None:
        event.organisers.set(organisers)
    return event


@transaction.atomic
def event_delete(*, row: Event) -> None:
    """An event nobody was invited to is deleted; once partners are invited it stays (they
    were mailed, and it counts in its organisers' Pacte)."""
    if row.invitations.exists():
        raise FormationError(
            "Des partenaires sont invités à cet événement : il ne peut plus être supprimé. "
            "Modifiez-le pour dire qu’il est annulé ou déplacé."
        )
    row.delete()


@transaction.atomic
def event_invite_partners(*, event: Event, partnerships) -> dict:
    """Invite the contacts (with an email) of the chosen partnerships of the event's school.

    Returns {"invited": n, "already": n, "without_contact": [company names]}.
    """
    result = {"invited": 0, "already": 0, "without_contact": []}
    partnerships = partnerships.filter(school=event.school).select_related("company")
    existing = set(event.invitations.values_list("email", flat=True))
    for partnership in partnerships:
        contacts = [
            c
            for c in Contact.objects.filter(
                company=partnership.company, schools=event.school, anonymised_at__isnull=True
            ).exclude(email="")
        ]
        if not contacts:
            result["without_contact"].append(partnership.company.name)
            continue
        for contact in contacts:
            email = contact.email.lower()
            if email in existing:
                result["already"] += 1
                continue
            invitation = Invitation.objects.create(
                event=event,
                company=partnership.company,
                contact=contact,
                email=email,
                sent_at=timezone.now(),
            )
            existing.add(email)
            result["invited"] += 1
            mails.send_invitation(invitation)
    return result


@transaction.atomic
def invitation_respond(*, invitation: Invitation, coming: bool) -> Invitation:
    if invitation.event.starts_at <= timezone.now():
        raise FormationError("L’événement a eu lieu : il n’est plus possible de répondre.")
    invitation.rsvp = RsvpStatus.YES if coming else RsvpStatus.NO
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["rsvp", "responded_at"])
    entreprises_services.contact_touch(invitation.contact_id)
    return invitation


@transaction.atomic
def invitation_set_attended(*, invitation: Invitation, attended: bool | None) -> Invitation:
    """Whether the partner came (None: not known). Only that column is written, so that an
    answer the partner gave meanwhile stays; coming is the contact's activity (RGPD clock)."""
    invitation.attended = attended
    invitation.save(update_fields=["attended"])
    if attended and invitation.contact_id:
        entreprises_services.contact_touch(invitation.contact_id)
    return invitation
