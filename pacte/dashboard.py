"""To-do lines of the Pacte: the direction's letters and bilans, the teacher's own bilan."""

from django.db.models import Count, Q, Sum
from django.urls import reverse

from etablissements.dashboard import TodoLine, days_text, scoped
from etablissements.dashboard_cache import academy_figures
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role

from .models import ActivityReport, Engagement, EngagementPart, MissionLetter, ReportStatus
from .numbers import parts_fr


def _running(prefix: str, today) -> Q:
    return Q(**{f"{prefix}school_year__start__lte": today, f"{prefix}school_year__end__gte": today})


def todo_lines(user, roles, today):
    lines = []
    school_page = reverse("pacte_admin:school")
    if Role.DIRECTION in roles:
        letters = (
            scoped(MissionLetter.objects, user, Role.DIRECTION)
            .filter(_running("engagement__", today), validated_at__isnull=True)
            .count()
        )
        reports = (
            scoped(ActivityReport.objects, user, Role.DIRECTION)
            .filter(status=ReportStatus.SUBMITTED)
            .count()
        )

        def sums():
            return (
                scoped(EngagementPart.objects, user, Role.DIRECTION)
                .filter(_running("engagement__", today))
                .aggregate(teachers=Count("engagement__teacher", distinct=True), parts=Sum("parts"))
            )

        # Over every school for the academy administrator: cached (etablissements.dashboard_cache).
        figures = academy_figures("pacte", today, sums) if is_academy_admin(user) else sums()
        parts = figures["parts"] or 0
        lines += [
            TodoLine(
                role=Role.DIRECTION,
                key="lettres_a_valider",
                count=letters,
                label_one="lettre de mission à valider",
                label="lettres de mission à valider",
                url=school_page,
                detail="de l’année scolaire en cours",
                order=10,
            ),
            TodoLine(
                role=Role.DIRECTION,
                key="bilans_remis",
                count=reports,
                label_one="bilan d’activité remis, à valider",
                label="bilans d’activité remis, à valider",
                url=school_page,
                detail="à valider ou à renvoyer avec un commentaire",
                order=20,
            ),
            TodoLine(
                role=Role.DIRECTION,
                key="pacte_chiffres",
                count=figures["teachers"],
                label_one="enseignant engagé dans le Pacte cette année",
                label="enseignants engagés dans le Pacte cette année",
                url=reverse("pacte_admin:repartition"),
                detail=f"{parts_fr(parts)} fonctionnelle{'s' if parts > 1 else ''} au total",
                order=30,
                informative=True,
            ),
        ]
    if Role.TEACHER in roles:
        engagement = (
            Engagement.objects.for_user(user, roles=[Role.TEACHER])
            .of_teacher(user)
            .filter(_running("", today), parts__isnull=False)
            .bilans_pending()
            .select_related("school_year")
            .order_by("school_year__end")
            .first()
        )
        if engagement is not None:
            end = engagement.school_year.end
            left = (end - today).days
            when = f"dans {days_text(left)}" if left > 0 else "aujourd’hui"
            lines.append(
                TodoLine(
                    role=Role.TEACHER,
                    key="mon_bilan",
                    count=1,
                    label_one="bilan d’activité du Pacte à remettre",
                    label="bilans d’activité du Pacte à remettre",
                    url=reverse("pacte_admin:reports", args=[engagement.pk]),
                    detail=f"avant le {end:%d/%m/%Y}, {when}",
                    order=40,
                    informative=left > 30,
                )
            )
    return lines
