"""XLSX workbooks of the dashboard's tables and of the specialisation pipeline.

Written in openpyxl's write-only mode (rows streamed, no cell objects kept: the 2,100 schools'
sheet costs half as much), every cell through `safe_cell` (no formula, no control character).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from common.spreadsheets import safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(wb, title: str, header: list[str], rows) -> None:
    ws = wb.create_sheet(title)
    rows = [safe_row(row) for row in rows]
    widths = [len(str(h)) for h in header]
    for row in rows:
        for i, value in enumerate(row):
            if value is not None:
                size = len(str(value))
                if i >= len(widths):
                    widths.append(size)
                elif size > widths[i]:
                    widths[i] = size
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(50, width + 2))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for value in safe_row(header):
        cell = WriteOnlyCell(ws, value=value)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    for row in rows:
        ws.append(row)


def workbook(sheets: list[tuple[str, list[str], object]]) -> bytes:
    wb = Workbook(write_only=True)
    for title, header, rows in sheets:
        _sheet(wb, title, header, rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
