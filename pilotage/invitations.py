"""Inviting a person to the portal (ProConnect sign-in): the invitation and its mail, written in
one transaction; the mail leaves through the outbox (courriels) once it commits.

`etablissements` makes the invitation (who may invite, no double invitation); it sits under
`courriels` and cannot queue a mail, so the flow that does both lives here.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.dates import french_date
from common.links import absolute_url
from courriels.services import email_queue
from etablissements.models import Invitation
from etablissements.services import invitation_create

TEMPLATE = "etablissements/mails/invitation"


@transaction.atomic
def invitation_send(*, by, email: str, school, role: str, now=None) -> Invitation:
    """Invite `email` to hold `role` in `school`, and queue the invitation mail."""
    invitation = invitation_create(by=by, email=email, school=school, role=role, now=now)
    invitation_mail(invitation)
    return invitation


def invitation_mail(invitation: Invitation):
    """The invitation mail (which school, which role, how to sign in, until when) in the outbox."""
    context = {
        "invitation": invitation,
        "login_url": absolute_url(reverse("wagtailadmin_login")),
        "expires": french_date(timezone.localtime(invitation.expires_at)),
    }
    return email_queue(
        to=invitation.email,
        subject=f"Invitation au portail du bureau des entreprises — {invitation.school.name}",
        template=TEMPLATE,
        context=context,
        about=invitation,
        school_id=invitation.school_id,
    )
