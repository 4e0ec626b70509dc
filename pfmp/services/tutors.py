"""A tutor hosting a pupil for the first time is invited, once, to the school's next tutor
training (formations): one mail with the session's .ics, through the outbox."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.links import absolute_url
from courriels.services import email_queue
from formations.calendar import training_ics
from formations.models import TutorTraining

from ..models import Placement

KIND = "pfmp"


@transaction.atomic
def tutor_invite_to_training(*, placement: Placement) -> bool:
    """Invite the placement's first-time tutor to the next session of the school (True when a
    mail was written). Nothing when the tutor hosted before, has no email, was invited already
    for this placement, or the school plans no session."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("tutor", "period__school_class__school")
        .get(pk=placement.pk)
    )
    tutor = placement.tutor
    if not (placement.first_time_tutor and tutor and tutor.email) or placement.tutor_invited_at:
        return False
    school = placement.period.school_class.school
    training = TutorTraining.objects.filter(school=school).upcoming().order_by("starts_at").first()
    if training is None:
        return False
    email_queue(
        to=tutor.email,
        subject=f"Vous accueillez un élève : formation des tuteurs le "
        f"{timezone.localtime(training.starts_at):%d/%m/%Y}",
        template="pfmp/mails/invitation_formation",
        context={
            "tutor": tutor,
            "school": school,
            "training": training,
            "url": absolute_url(reverse("formations:training_detail", args=[training.pk])),
        },
        kind=KIND,
        about=tutor,
        school_id=school.pk,
        attachments=[("formation-des-tuteurs.ics", training_ics(training), "text/calendar")],
    )
    placement.tutor_invited_at = timezone.now()
    placement.save(update_fields=["tutor_invited_at"])
    return True
