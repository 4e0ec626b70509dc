"""A new proposal for a school → its RBDEs, at once or in the day's digest (their choice).

One reminder rule (rappels/rules.py) for both: each RBDE's row is due when their preference says
(`offres.preferences`), so a person who changes their mind never gets the same proposal twice
(one row per proposal and person), and the engine groups the day's rows in one mail.
"""

import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from common.dates import day_start
from common.wording import de
from etablissements.models import Membership
from etablissements.roles import Role
from rappels.models import Reminder, ReminderStatus
from rappels.recipients import user_recipient
from rappels.rules import Recipient, ReminderRule, register
from rappels.services import reminders_plan_objects

from .models import SubmissionSchool, SubmissionStatus
from .preferences import SubmissionDelivery, SubmissionMailPreference, delivery_of, due_for

CODE = "offres_nouvelle_proposition"
# The hourly planning looks this far back (a proposal planned at its arrival is not planned twice).
LOOK_BACK_DAYS = 2


def _rbdes_with_preference():
    return Prefetch(
        "school__memberships",
        queryset=Membership.objects.filter(role=Role.RBDE).select_related(
            "user__submission_mail_preference"
        ),
        to_attr="rbde_memberships",
    )


def _waiting(queryset):
    """Answers not given yet, of proposals the company did not withdraw."""
    return queryset.filter(status=SubmissionStatus.SUBMITTED).exclude(
        submission__status=SubmissionStatus.WITHDRAWN
    )


@register
class NewSubmission(ReminderRule):
    code = CODE
    label = "Nouvelle proposition d’entreprise pour l’établissement (RBDE)"
    template = "offres/mails/nouvelle_proposition"
    # Not in the list of reminders to switch off: the RBDE chooses when, in the same profile.
    optional = False
    daily_cap = False

    def due(self, today):
        start = today - datetime.timedelta(days=LOOK_BACK_DAYS)
        since = day_start(start)
        return (
            _waiting(SubmissionSchool.objects.filter(submission__created_at__gte=since))
            .select_related("submission__company", "school")
            .prefetch_related(_rbdes_with_preference())
            .order_by("pk")
        )

    def occasion(self, obj):
        return "nouvelle"

    def recipients(self, obj):
        memberships = getattr(obj.school, "rbde_memberships", None)
        if memberships is None:
            memberships = Membership.objects.filter(
                school_id=obj.school_id, role=Role.RBDE
            ).select_related("user__submission_mail_preference")
        now = timezone.now()
        people = []
        for membership in memberships:
            person = user_recipient(membership.user)
            if person is None:
                continue
            due_at = due_for(delivery_of(membership.user), obj.submission.created_at, now)
            people.append(
                Recipient(
                    email=person.email,
                    name=person.name,
                    first_name=person.first_name,
                    user_id=person.user_id,
                    due_at=due_at,
                )
            )
        return people

    def still_due(self, obj, occasion):
        # Answered (or withdrawn) before the mail left: nothing left to tell.
        return (
            obj.status == SubmissionStatus.SUBMITTED
            and obj.submission.status != SubmissionStatus.WITHDRAWN
        )

    def select_for_mail(self, queryset):
        return queryset.select_related("submission__company", "school")

    def subject(self, obj):
        # « pour Lycée professionnel … » lacked its article: the school comes after a dash.
        return f"Nouvelle proposition {de(obj.submission.company.name)} — {obj.school.name}"

    def group_subject(self, objs):
        schools = sorted({obj.school.name for obj in objs})
        where = f" — {schools[0]}" if len(schools) == 1 else ""
        return f"{len(objs)} nouvelles propositions d’entreprises{where}"

    def intro(self, count):
        if count == 1:
            return "Une entreprise vient de faire une proposition à votre lycée."
        return f"Des entreprises ont fait {count} propositions à votre lycée."

    def context(self, obj):
        return {
            "addressee": obj,
            "submission": obj.submission,
            "url": reverse("offres_moderation:edit", args=[obj.pk]),
        }


def new_submission_plan(*, submission) -> int:
    """Plan the RBDEs' mails of a proposal just written (in the caller's transaction)."""
    addressees = (
        _waiting(SubmissionSchool.objects.filter(submission=submission))
        .select_related("submission__company", "school")
        .prefetch_related(_rbdes_with_preference())
        .order_by("pk")
    )
    return reminders_plan_objects(code=CODE, queryset=addressees)


@transaction.atomic
def submission_delivery_set(*, user, delivery: str) -> SubmissionMailPreference:
    """Record the user's choice; the proposals not yet mailed to them follow it at once."""
    if delivery not in SubmissionDelivery.values:
        raise ValueError(f"Choix inconnu : {delivery!r}")
    preference, _ = SubmissionMailPreference.objects.update_or_create(
        user=user, defaults={"delivery": delivery}
    )
    now = timezone.now()
    Reminder.objects.filter(
        rule_code=CODE, recipient_user=user, status=ReminderStatus.PENDING
    ).update(due_at=due_for(delivery, now, now))
    return preference
