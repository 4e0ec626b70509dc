"""Read-side helpers of the Pacte that go beyond one queryset (a handful of queries each)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Sum
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from common.spreadsheets import safe_row
from etablissements.models import School
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role

from .models import Engagement, EngagementPart, InterimReport, InterimStage, Mission, SchoolYear
from .querysets import PACTE_READERS


def schools_managed_by(user):
    """Schools whose whole Pacte `user` may see (direction, RBDE, inspector; every school for the
    academy). Writes are the services' to refuse: the inspector only reads."""

    if is_academy_admin(user):
        return School.objects.all()
    return School.objects.for_user(user, roles=list(PACTE_READERS))


def schools_taught_by(user):
    return School.objects.for_user(user, roles=[Role.TEACHER])


@dataclass
class Repartition:
    """The fiche de répartition des missions: missions × teachers, parts per cell, totals."""

    school: School
    school_year: SchoolYear
    missions: list[Mission]
    teachers: list
    cells: dict[tuple[int, int], int] = field(default_factory=dict)

    def count(self, mission_id: int, teacher_id: int) -> int:
        return self.cells.get((mission_id, teacher_id), 0)

    def mission_total(self, mission_id: int) -> int:
        return sum(n for (m, _), n in self.cells.items() if m == mission_id)

    def teacher_total(self, teacher_id: int) -> int:
        return sum(n for (_, t), n in self.cells.items() if t == teacher_id)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def rows(self):
        """(mission, [count per teacher], total) for the template and the spreadsheet."""
        for mission in self.missions:
            yield (
                mission,
                [self.count(mission.pk, t.pk) for t in self.teachers],
                self.mission_total(mission.pk),
            )

    def totals(self) -> list[int]:
        return [self.teacher_total(t.pk) for t in self.teachers]


def repartition_for(*, school: School, school_year: SchoolYear) -> Repartition:
    """Three queries whatever the number of teachers: cells, missions, teachers."""

    cells_qs = (
        EngagementPart.objects.filter(
            engagement__school=school, engagement__school_year=school_year
        )
        .values("mission_id", "engagement__teacher_id")
        .annotate(n=Sum("parts"))
    )
    cells = {(c["mission_id"], c["engagement__teacher_id"]): c["n"] for c in cells_qs}
    used = {m for m, _ in cells}
    missions = list(
        Mission.objects.filter(pk__in=used) | Mission.objects.active().for_year(school_year)
    )
    teachers = list(
        get_user_model()
        .objects.filter(pk__in={t for _, t in cells})
        .order_by("last_name", "first_name", "username")
    )
    return Repartition(
        school=school, school_year=school_year, missions=missions, teachers=teachers, cells=cells
    )


def repartition_xlsx(repartition: Repartition) -> bytes:

    wb = Workbook()
    ws = wb.active
    ws.title = "Répartition"
    bold = Font(bold=True)
    ws.append(
        [
            f"Fiche de répartition des missions — {repartition.school.name} — "
            f"{repartition.school_year.label}"
        ]
    )
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    header = ["Mission", "Action", "Quantum"]
    header += [t.get_full_name() or t.username for t in repartition.teachers] + ["Total"]
    ws.append(safe_row(header))
    for cell in ws[3]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Numbers stay numbers; their format shows « 5,5 » or « 7 500 € » in a French Excel.
    parts_format = "0.0"
    euros_format = '#,##0 "€"'
    for mission, counts, total in repartition.rows():
        ws.append(
            safe_row(
                [mission.title, mission.action, mission.quantum]
                + [n or None for n in counts]
                + [total]
            )
        )
        for cell in ws[ws.max_row][3:]:
            cell.number_format = parts_format
    ws.append(["Total des parts", None, None] + repartition.totals() + [repartition.total])
    for cell in ws[ws.max_row]:
        cell.font = bold
        cell.number_format = parts_format
    amounts = [repartition.school_year.amount_for(n) for n in repartition.totals()]
    ws.append(["Rémunération (€ bruts)", None, None] + amounts + [sum(amounts)])
    for cell in ws[ws.max_row]:
        cell.font = bold
        cell.number_format = euros_format
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 60
    ws.freeze_panes = "D4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def interim_reports_of(engagement: Engagement, mission: Mission) -> list[dict]:
    """The year's interim bilans of one mission, in order: stage, label, date, what is written."""
    written = {
        r.stage: r for r in InterimReport.objects.filter(engagement=engagement, mission=mission)
    }
    return [
        {
            "stage": stage,
            "label": InterimStage(stage).label,
            "day": day,
            "report": written.get(stage),
        }
        for stage, day in engagement.school_year.interim_reports()
    ]


def next_interim(school_year: SchoolYear, today) -> dict | None:
    """The year's next interim bilan on or after `today` (stage, label, date), if any."""
    upcoming = school_year.next_interim_report(today)
    if upcoming is None:
        return None
    stage, day = upcoming
    return {"stage": stage, "label": InterimStage(stage).label, "day": day}
