"""The school's partnership figures on the admin dashboard, each a link to the filtered list."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component

from common.dates import day_start
from etablissements.dashboard import TodoLine, scoped
from etablissements.dashboard_cache import academy_figures
from etablissements.models import School
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role

from .models import Partnership, PartnershipStatus

CONVENTION_WARNING_DAYS = 60
SILENCE_MONTHS = 6


def months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def school_year_start(day: datetime.date) -> datetime.date:
    """1 September of the school year `day` belongs to."""
    return datetime.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def partnership_figures(user, today: datetime.date | None = None) -> dict:
    """Figures per school of `user` (one total for an academy admin without school), one query."""
    today = today or timezone.localdate()
    silent_since = months_before(today, SILENCE_MONTHS)
    ending_by = today + datetime.timedelta(days=CONVENTION_WARNING_DAYS)
    year_start = school_year_start(today)
    year_start_at = day_start(year_start)
    silent = Q(last_interaction_on__lt=silent_since) | Q(
        last_interaction_on__isnull=True,
        created_at__lt=day_start(silent_since),
    )
    counts = {
        "active": Count("pk", filter=Q(status=PartnershipStatus.ACTIVE)),
        "ending": Count("pk", filter=Q(convention_end__range=(today, ending_by))),
        "silent": Count("pk", filter=silent & ~Q(status=PartnershipStatus.ENDED)),
        "new": Count("pk", filter=Q(created_at__gte=year_start_at)),
    }
    partnerships = Partnership.objects.for_user(user)
    schools = School.objects.for_user(user)
    if is_academy_admin(user):
        figures = academy_figures("partenariats", today, lambda: partnerships.aggregate(**counts))
        rows = [{"school": None, **figures}]
    else:
        by_school = {
            row["school"]: row
            for row in partnerships.order_by().values("school").annotate(**counts)
        }
        rows = [
            {**{key: 0 for key in counts}, **by_school.get(school.pk, {}), "school": school}
            for school in schools.order_by("name")
        ]
    for row in rows:
        school = {"school": row["school"].pk} if row["school"] else {}
        row["links"] = {
            "active": _list_url(status=PartnershipStatus.ACTIVE, **school),
            "ending": _list_url(
                convention_end_after=today.isoformat(),
                convention_end_before=ending_by.isoformat(),
                **school,
            ),
            "silent": _list_url(no_interaction_since=silent_since.isoformat(), **school),
            "new": _list_url(created_since=year_start.isoformat(), **school),
        }
    return {"rows": rows, "year_start": year_start, "silent_since": silent_since}


def _list_url(**params) -> str:
    return reverse("partenariats_admin:index") + "?" + urlencode(params)


class PartnershipsPanel(Component):
    name = "partenariats"
    order = 50
    template_name = "partenariats/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        if not self.request.user.has_perm("partenariats.view_partnership"):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        return {
            **partnership_figures(self.request.user),
            "warning_days": CONVENTION_WARNING_DAYS,
            "silence_months": SILENCE_MONTHS,
        }


def todo_lines(user, roles, today):
    """Conventions ending soon and silent partnerships: the RBDE's school, the teacher's own."""
    silent_since = months_before(today, SILENCE_MONTHS)
    ending_by = today + datetime.timedelta(days=CONVENTION_WARNING_DAYS)
    ending = Q(convention_end__range=(today, ending_by)) & ~Q(status=PartnershipStatus.ENDED)
    silent_filter = _list_url(no_interaction_since=silent_since.isoformat())
    lines = []
    if Role.RBDE in roles:
        partnerships = scoped(Partnership.objects, user, Role.RBDE)

        def count():
            return partnerships.aggregate(
                ending=Count("pk", filter=ending),
                silent=Count("pk", filter=_silent_q(silent_since)),
            )

        # Over every school for the academy administrator: cached (etablissements.dashboard_cache).
        figures = academy_figures("a-faire", today, count) if is_academy_admin(user) else count()
        lines += [
            TodoLine(
                role=Role.RBDE,
                key="conventions_fin",
                count=figures["ending"],
                label_one=f"convention se termine dans les {CONVENTION_WARNING_DAYS} jours",
                label=f"conventions se terminent dans les {CONVENTION_WARNING_DAYS} jours",
                url=_list_url(
                    convention_end_after=today.isoformat(),
                    convention_end_before=ending_by.isoformat(),
                ),
                detail="à renouveler ou à clore",
                order=20,
            ),
            TodoLine(
                role=Role.RBDE,
                key="partenariats_silencieux",
                count=figures["silent"],
                label_one=f"partenariat sans interaction depuis {SILENCE_MONTHS} mois",
                label=f"partenariats sans interaction depuis {SILENCE_MONTHS} mois",
                url=silent_filter,
                detail=f"aucune nouvelle depuis le {silent_since:%d/%m/%Y}",
                order=30,
            ),
        ]
    if Role.TEACHER in roles:
        count = (
            Partnership.objects.for_user(user)
            .followed_by(user)
            .without_interaction_since(silent_since)
            .count()
        )
        lines.append(
            TodoLine(
                role=Role.TEACHER,
                key="mes_partenariats_silencieux",
                count=count,
                label_one=f"partenariat suivi sans nouvelles depuis {SILENCE_MONTHS} mois",
                label=f"partenariats suivis sans nouvelles depuis {SILENCE_MONTHS} mois",
                url=_list_url(no_interaction_since=silent_since.isoformat(), teacher=user.pk),
                detail="un appel ou une visite à noter dans le journal",
                order=40,
            )
        )
    return lines


def _silent_q(silent_since: datetime.date) -> Q:
    silent = Q(last_interaction_on__lt=silent_since) | Q(
        last_interaction_on__isnull=True,
        created_at__lt=day_start(silent_since),
    )
    return silent & ~Q(status=PartnershipStatus.ENDED)
