"""XLSX workbooks of the dashboard's tables and of the specialisation pipeline."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(wb, title: str, header: list[str], rows) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    ws.freeze_panes = "A2"
    for column in ws.columns:
        ws.column_dimensions[column[0].column_letter].width = max(
            12, min(50, max(len(str(c.value or "")) for c in column) + 2)
        )


def workbook(sheets: list[tuple[str, list[str], object]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        _sheet(wb, title, header, rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
