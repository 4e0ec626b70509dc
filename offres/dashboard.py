"""The RBDE's to-do line of the moderation queue: proposals waiting for their school's answer.

Only for the people who answer for a school: the academy administrator, who sees every school,
answers for none (unless they are also a school's RBDE, for that school)."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from etablissements.dashboard import TodoLine, days_text, held_roles
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role

from .models import SubmissionSchool, SubmissionStatus


def todo_lines(user, roles, today):
    if Role.RBDE not in roles:
        return []
    if is_academy_admin(user) and Role.RBDE not in held_roles(user):
        return []
    waiting = (
        # `roles` given: the schools where the user is RBDE, even for an academy administrator.
        SubmissionSchool.objects.for_user(user, roles=[Role.RBDE])
        .filter(status=SubmissionStatus.SUBMITTED)
        .exclude(submission__status=SubmissionStatus.WITHDRAWN)
        .aggregate(count=Count("pk"), oldest=Min("submission__created_at"))
    )
    detail = "aucune proposition en attente"
    if waiting["count"]:
        age = (today - timezone.localdate(waiting["oldest"])).days
        detail = (
            f"la plus ancienne attend depuis {days_text(age)}" if age > 0 else "reçues aujourd’hui"
        )
    url = (
        reverse("offres_moderation:index")
        + "?"
        + urlencode({"status": SubmissionStatus.SUBMITTED, "ordering": "submission__created_at"})
    )
    return [
        TodoLine(
            role=Role.RBDE,
            key="propositions_en_attente",
            count=waiting["count"],
            label_one="proposition d’entreprise attend votre réponse",
            label="propositions d’entreprises attendent votre réponse",
            url=url,
            detail=detail,
            order=10,
        )
    ]
