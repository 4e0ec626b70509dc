"""To-do lines of the sessions and the mentoring: the RBDE's week, the teacher's own sessions."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode

from common.dates import day_start
from etablissements.dashboard import TodoLine, scoped
from etablissements.roles import Role

from .models import MentoringPair, TutorTraining
from .reminders import month_start, previous_month

WEEK_DAYS = 7
# Attendance older than this is no longer chased on the dashboard (the list still has it).
ATTENDANCE_LOOKBACK_DAYS = 60


def _sessions_url(**params) -> str:
    return reverse("formations_sessions:index") + "?" + urlencode(params)


def _counts(trainings, today: datetime.date) -> dict:
    now = timezone.now()
    week_end = day_start(today + datetime.timedelta(days=WEEK_DAYS + 1))
    since = day_start(today - datetime.timedelta(days=ATTENDANCE_LOOKBACK_DAYS))
    return trainings.aggregate(
        week=Count("pk", filter=Q(starts_at__gte=day_start(today), starts_at__lt=week_end)),
        attendance=Count(
            "pk",
            filter=Q(ends_at__lt=now, ends_at__gte=since, attendance_recorded_at__isnull=True),
        ),
    )


def todo_lines(user, roles, today):
    lines = []
    week_end = today + datetime.timedelta(days=WEEK_DAYS)
    week_detail = f"du {today:%d/%m} au {week_end:%d/%m}"
    if Role.RBDE in roles:
        counts = _counts(scoped(TutorTraining.objects, user, Role.RBDE), today)
        lines += [
            TodoLine(
                role=Role.RBDE,
                key="sessions_semaine",
                count=counts["week"],
                label_one="formation de tuteurs cette semaine",
                label="formations de tuteurs cette semaine",
                url=_sessions_url(
                    starts_after=today.isoformat(), starts_before=week_end.isoformat()
                ),
                detail=week_detail,
                order=40,
                informative=True,
            ),
            TodoLine(
                role=Role.RBDE,
                key="presences_manquantes",
                count=counts["attendance"],
                label_one="formation passée sans feuille de présence",
                label="formations passées sans feuille de présence",
                url=_sessions_url(attendance_missing="true"),
                detail="les attestations partent une fois les présences relevées",
                order=50,
            ),
        ]
    if Role.TEACHER in roles:
        mine = TutorTraining.objects.for_user(user).led_by(user)
        counts = _counts(mine, today)
        sheets = reverse("formations:staff_trainings")
        last_month = previous_month(today)
        checkins = (
            MentoringPair.objects.for_user(user)
            .filter(teacher=user)
            .active(today)
            .filter(start_date__lt=month_start(today))
            .missing_checkins([last_month])
            .count()
        )
        lines += [
            TodoLine(
                role=Role.TEACHER,
                key="mes_sessions_semaine",
                count=counts["week"],
                label_one="session que vous animez cette semaine",
                label="sessions que vous animez cette semaine",
                url=sheets,
                detail=week_detail,
                order=10,
                informative=True,
            ),
            TodoLine(
                role=Role.TEACHER,
                key="mes_presences",
                count=counts["attendance"],
                label_one="feuille de présence à remplir",
                label="feuilles de présence à remplir",
                url=sheets,
                detail="pour les sessions terminées que vous avez animées",
                order=20,
            ),
            TodoLine(
                role=Role.TEACHER,
                key="points_mentorat",
                count=checkins,
                label_one="binôme de mentorat sans point mensuel",
                label="binômes de mentorat sans point mensuel",
                url=reverse("formations_mentorat:index"),
                detail=f"pour le mois de {date_format(last_month, 'F Y')}",
                order=30,
            ),
        ]
    return lines
