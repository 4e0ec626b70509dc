"""The schools' answers to an offer, and the follow-up of a specialisation."""

from django.db import transaction
from django.utils import timezone

from partenariats.models import InteractionKind, PartnershipStatus
from partenariats.services import (
    interaction_log,
    partnership_get_or_create,
    partnership_set_status,
)

from ..mails import (
    mail_submission_answered,
    mail_submission_school_joined,
    mail_submission_shared_answer,
)
from ..models import (
    FollowUpStatus,
    Submission,
    SubmissionKind,
    SubmissionSchool,
    SubmissionStatus,
)
from .submissions import SubmissionError, _log

# Answers of a school: soumise → acceptée / refusée → close (close also straight from soumise).
ANSWER_TRANSITIONS = {
    SubmissionStatus.SUBMITTED: {
        SubmissionStatus.ACCEPTED,
        SubmissionStatus.REFUSED,
        SubmissionStatus.CLOSED,
    },
    SubmissionStatus.ACCEPTED: {SubmissionStatus.CLOSED},
    SubmissionStatus.REFUSED: {SubmissionStatus.CLOSED},
    SubmissionStatus.CLOSED: set(),
}


def _overall_status(statuses: set[str]) -> str:
    if statuses == {SubmissionStatus.CLOSED}:
        return SubmissionStatus.CLOSED
    if SubmissionStatus.ACCEPTED in statuses:
        return SubmissionStatus.ACCEPTED
    if SubmissionStatus.SUBMITTED in statuses:
        return SubmissionStatus.SUBMITTED
    if SubmissionStatus.REFUSED in statuses:
        return SubmissionStatus.REFUSED
    return SubmissionStatus.CLOSED


@transaction.atomic
def submission_answer(
    *, addressee: SubmissionSchool, status: str, by, reason: str = ""
) -> SubmissionSchool:
    """A school accepts, refuses (with a reason sent to the company) or closes a submission.

    Accepting creates or updates the school's partnership with the company and logs it in the
    partnership's journal (an interaction of kind "courriel": the company wrote through the
    portal).
    """
    addressee = (
        SubmissionSchool.objects.select_for_update()
        .select_related("submission__company", "school")
        .get(pk=addressee.pk)
    )
    submission = Submission.objects.select_for_update().get(pk=addressee.submission_id)
    current = SubmissionStatus(addressee.status)
    target = SubmissionStatus(status)
    if submission.is_withdrawn:
        raise SubmissionError("L’entreprise a retiré cette proposition.")
    if target == current:
        return addressee
    if target not in ANSWER_TRANSITIONS[current]:
        raise SubmissionError(
            f"Une proposition « {current.label} » ne peut pas passer à « {target.label} ».",
            field="status",
        )
    reason = (reason or "").strip()
    if target == SubmissionStatus.REFUSED and not reason:
        raise SubmissionError(
            "Indiquez le motif du refus : il est envoyé à l’entreprise.", field="reason"
        )
    now = timezone.now()
    addressee.status = target
    addressee.reason = reason
    addressee.handled_by = by
    addressee.handled_at = now
    addressee.save(update_fields=["status", "reason", "handled_by", "handled_at"])
    _log(submission, "status", current, target, school=addressee.school, by=by, comment=reason)

    statuses = set(submission.addressees.values_list("status", flat=True))
    submission.status = _overall_status(statuses)
    submission.handled_by = by
    submission.handled_at = now
    submission.save(update_fields=["status", "handled_by", "handled_at", "updated_at"])

    if target == SubmissionStatus.ACCEPTED:
        _partnership_on_accept(addressee=addressee, submission=submission, by=by)
    _shared_answer(addressee=addressee, submission=submission, target=target, now=now)
    return addressee


def _partnership_on_accept(*, addressee, submission, by) -> None:
    partnership, _ = partnership_get_or_create(
        school=addressee.school,
        company=submission.company,
        by=by,
        status=PartnershipStatus.ACTIVE,
    )
    if partnership.status != PartnershipStatus.ACTIVE:
        # A prospect, dormant or ended partnership comes alive when the school accepts.
        partnership = partnership_set_status(
            partnership=partnership,
            status=PartnershipStatus.ACTIVE,
            by=by,
            comment=f"proposition n° {submission.pk} acceptée",
        )
    interaction_log(
        partnership=partnership,
        kind=InteractionKind.EMAIL,
        occurred_on=timezone.localdate(),
        author=by,
        note=f"Proposition acceptée : {submission.get_kind_display()}"
        f" (n° {submission.pk}, reçue via le portail).",
    )


def _shared_answer(*, addressee, submission, target, now) -> None:
    """One proposal shared by its schools, one answer to the company.

    The first school to accept takes the lead; the others may join the follow-up, and the
    company gets a single mail naming the school(s) that follow up, then one short mail for each
    school that joins later. A refusal (its reason seen by the other schools) is told to the
    company only once every school has declined.
    """
    fields = []
    joins_later = (
        target == SubmissionStatus.ACCEPTED
        and submission.answered_at is not None
        and submission.lead_school_id not in (None, addressee.school_id)
    )
    if target == SubmissionStatus.ACCEPTED and submission.lead_school_id is None:
        submission.lead_school = addressee.school
        submission.taken_at = now
        fields += ["lead_school", "taken_at"]
    answer = None
    if submission.answered_at is None:
        statuses = list(submission.addressees.values_list("status", flat=True))
        if target == SubmissionStatus.ACCEPTED:
            answer = "taken"
        elif target == SubmissionStatus.REFUSED and not any(
            s in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED) for s in statuses
        ):
            answer = "declined"
        if answer:
            submission.answered_at = now
            fields.append("answered_at")
    if fields:
        submission.save(update_fields=[*fields, "updated_at"])
    if joins_later:
        mail_submission_school_joined(addressee_id=addressee.pk)
    if answer is None:
        return
    if submission.addressees.count() == 1:
        mail_submission_answered(addressee_id=addressee.pk)
    else:
        mail_submission_shared_answer(submission_id=submission.pk)


FOLLOWUP_ORDER = [
    FollowUpStatus.RECEIVED,
    FollowUpStatus.STUDY,
    FollowUpStatus.SENT_ON,
    FollowUpStatus.OPENED,
]


@transaction.atomic
def specialisation_set_followup(
    *,
    submission: Submission,
    followup_status: str,
    by,
    before_parcoursup: bool | None = None,
    comment: str = "",
) -> Submission:
    """Move a specialisation-course request along its follow-up, dated and logged."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.kind != SubmissionKind.SPECIALISATION:
        raise SubmissionError("Seule une demande d’ouverture de formation a un suivi.")
    if submission.is_withdrawn:
        raise SubmissionError("L’entreprise a retiré cette demande.")
    target = FollowUpStatus(followup_status)
    current = submission.followup_status
    fields = ["updated_at"]
    if before_parcoursup is not None and before_parcoursup != submission.before_parcoursup:
        submission.before_parcoursup = before_parcoursup
        fields.append("before_parcoursup")
    if target != current:
        if current in (FollowUpStatus.OPENED, FollowUpStatus.DECLINED):
            raise SubmissionError(
                "Le suivi de cette demande est terminé : elle ne peut plus changer.",
                field="followup_status",
            )
        submission.followup_status = target
        submission.followup_changed_at = timezone.now()
        fields += ["followup_status", "followup_changed_at"]
        if target == FollowUpStatus.SENT_ON and not submission.sent_on_at:
            submission.sent_on_at = timezone.localdate()
            fields.append("sent_on_at")
        _log(submission, "followup", current, target, by=by, comment=comment)
    submission.save(update_fields=fields)
    return submission
