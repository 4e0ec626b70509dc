"""The tutor's end-of-period appraisal: one mail per tutor and period with a signed link per
pupil hosted (first name and initial only), and the answer, read on the placement."""

import datetime
from itertools import groupby

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from courriels.services import email_queue, kind_register, unsubscribe_link

from ..choices import Attendance, HostAgain, PlacementStatus, Progress
from ..links import APPRAISAL_LINK_DAYS, appraisal_url
from ..models import Placement, TutorAppraisal
from .errors import PfmpError
from .placements import _journal

KIND = "pfmp"
kind_register(KIND, "les demandes d’appréciation de fin de PFMP")
# The placements a tutor appraises: the pupil went (the school may not have closed it yet).
APPRAISED = (PlacementStatus.SIGNED, PlacementStatus.ONGOING, PlacementStatus.DONE)
# Periods ended longer ago are not asked about (a first run after a deployment mails no one
# about last year's periods).
REQUEST_WITHIN_DAYS = 21
BATCH = 500
# An expired link may be sent again, until this long after the placement's end.
RESEND_WITHIN_DAYS = 90


def appraisals_due(today: datetime.date):
    """The placements whose period (or own end) is over, recently, with a tutor who has an
    email, and no appraisal asked yet; grouped by tutor and period."""
    since = today - datetime.timedelta(days=REQUEST_WITHIN_DAYS)
    ended = Q(end__isnull=False, end__lt=today, end__gte=since) | Q(
        end__isnull=True, period__end__lt=today, period__end__gte=since
    )
    return (
        Placement.objects.filter(ended, status__in=APPRAISED, appraisal__isnull=True)
        .filter(tutor__isnull=False, tutor__anonymised_at__isnull=True)
        .exclude(tutor__email="")
        .order_by("tutor_id", "period_id", "pupil__first_name", "pk")
    )


@transaction.atomic
def appraisals_request(*, today: datetime.date, batch: int = BATCH) -> int:
    """Write the appraisal rows and one mail per tutor and period, for a batch of placements
    (rows locked: a retried task finds them done). Returns the number of mails written."""
    placements = list(
        appraisals_due(today)
        .select_for_update(of=("self",))
        .select_related("pupil", "tutor", "company", "period__school_class__school")[:batch]
    )
    groups = [
        list(rows) for _, rows in groupby(placements, key=lambda p: (p.tutor_id, p.period_id))
    ]
    if len(placements) == batch and len(groups) > 1:
        groups.pop()  # maybe cut short: its tutor gets the whole group in the next batch
    # One insert for the batch (the tokens are drawn here, the links need no primary key).
    appraisals = TutorAppraisal.objects.bulk_create(
        [TutorAppraisal(placement=p, tutor=p.tutor) for rows in groups for p in rows]
    )
    written = iter(appraisals)
    for rows in groups:
        _mail(rows, [next(written) for _ in rows], rows[0].tutor)
    return len(groups)


@transaction.atomic
def appraisal_resend(*, appraisal: TutorAppraisal, today: datetime.date) -> bool:
    """A fresh link, to the tutor's address on file, for an appraisal not given yet whose link
    expired (True when a mail was written); nothing once the placement ended long ago."""
    appraisal = (
        TutorAppraisal.objects.select_for_update(of=("self",))
        .select_related(
            "tutor",
            "placement__pupil",
            "placement__company",
            "placement__period__school_class__school",
        )
        .get(pk=appraisal.pk)
    )
    if not appraisal_can_resend(appraisal, today):
        return False
    _mail([appraisal.placement], [appraisal], appraisal.tutor)
    return True


def appraisal_can_resend(appraisal: TutorAppraisal, today: datetime.date) -> bool:
    tutor, placement = appraisal.tutor, appraisal.placement
    if appraisal.submitted_at or tutor is None or not tutor.email or tutor.anonymised_at:
        return False
    return placement.dates[1] + datetime.timedelta(days=RESEND_WITHIN_DAYS) >= today


def _mail(rows: list[Placement], appraisals: list[TutorAppraisal], tutor) -> None:
    first = rows[0]
    school = first.period.school_class.school
    pupils = [(p.pupil.short_name, appraisal_url(a)) for p, a in zip(rows, appraisals, strict=True)]
    what = pupils[0][0] if len(pupils) == 1 else f"{len(pupils)} élèves"
    email_queue(
        to=tutor.email,
        subject=f"Fin de PFMP : votre appréciation sur {what} — {school.name}",
        template="pfmp/mails/appreciation",
        context={
            "tutor": tutor,
            "school": school,
            "company": first.company,
            "period": first.period,
            "class_name": first.period.school_class.name,
            "pupils": pupils,
            "days": APPRAISAL_LINK_DAYS,
            "expires_on": timezone.localdate() + datetime.timedelta(days=APPRAISAL_LINK_DAYS),
            "unsubscribe_url": unsubscribe_link(tutor.email, [KIND]),
        },
        kind=KIND,
        about=tutor,
        school_id=school.pk,
    )


@transaction.atomic
def appraisal_submit(
    *,
    appraisal: TutorAppraisal,
    days_done: int,
    attendance: str,
    progress: str,
    host_again: str,
    comment: str = "",
) -> TutorAppraisal:
    """The tutor's answer, once (a second answer is refused); a line in the journal of the
    company's partnership (no pupil's name)."""
    appraisal = (
        TutorAppraisal.objects.select_for_update(of=("self",))
        .select_related("placement__period__school_class__school", "placement__company")
        .get(pk=appraisal.pk)
    )
    if appraisal.submitted_at:
        raise PfmpError(
            f"Votre appréciation a déjà été enregistrée le "
            f"{timezone.localtime(appraisal.submitted_at):%d/%m/%Y} : merci."
        )
    placement = appraisal.placement
    most = placement.period.working_days
    if days_done is None or not 0 <= days_done <= most:
        raise PfmpError(f"Indiquez les jours effectués, entre 0 et {most}.")
    for value, choices in ((attendance, Attendance), (progress, Progress), (host_again, HostAgain)):
        if value not in choices.values:
            raise PfmpError("Répondez à chaque question.")
    appraisal.days_done, appraisal.attendance = days_done, attendance
    appraisal.progress, appraisal.host_again = progress, host_again
    appraisal.comment, appraisal.submitted_at = comment.strip()[:2000], timezone.now()
    appraisal.save()
    _journal(
        placement,
        f"appréciation du tuteur : {appraisal.get_progress_display()}, "
        f"accueillerait à nouveau : {appraisal.get_host_again_display()}",
        None,
    )
    return appraisal
