"""The RBDE's to-do lines: « 12 élèves de 1MELEC sans lieu de PFMP, début dans 15 jours »."""

import datetime

from django.urls import reverse

from etablissements.dashboard import TodoLine, scoped
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role

from .admin_views.board import days_left_text
from .models import PfmpPeriod
from .selectors import coming_periods

WARNING_DAYS = 30  # the periods starting within this many days are on the to-do list
MAX_LINES = 5


def todo_lines(user, roles, today):
    if Role.RBDE not in roles or is_academy_admin(user):
        return []  # the académie counts placement rates in its indicators, not pupils
    periods = scoped(PfmpPeriod.objects, user, Role.RBDE).filter(
        start__gte=today, start__lte=today + datetime.timedelta(days=WARNING_DAYS)
    )
    lines = []
    for period in coming_periods(user, today, periods=periods):
        if not period.without_place:
            continue
        name = period.school_class.name
        lines.append(
            TodoLine(
                role=Role.RBDE,
                key=f"pfmp-{period.pk}",
                count=period.without_place,
                label_one=f"élève de {name} sans lieu de PFMP",
                label=f"élèves de {name} sans lieu de PFMP",
                url=reverse("pfmp_admin:period", args=[period.pk]),
                detail=days_left_text((period.start - today).days),
                order=5,
            )
        )
        if len(lines) == MAX_LINES:
            break
    return lines
