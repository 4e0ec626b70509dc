"""XLSX workbooks of the dashboard's tables and of the specialisation pipeline.

Written with XlsxWriter (a well-kept library that streams rows to the file, much faster than
openpyxl on the 2,100 schools' sheet): a bold frozen header, column widths fitted to the
content, numbers as numbers and dates in a French format. Every cell goes through `safe_cell`
(no formula, no control character), and text is written as text, never read as a formula or a
URL; the tests read the files back with openpyxl.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

from common.spreadsheets import safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _write_sheet(book, sheet, header: list[str], rows, formats) -> None:
    bold, date, stamp = formats
    widths = [len(str(title)) for title in header]
    sheet.write_row(0, 0, [safe_cell(title) for title in header], bold)
    sheet.freeze_panes(1, 0)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            value = safe_cell(value)
            if value is None:
                continue
            if column >= len(widths):
                widths.append(0)
            if isinstance(value, bool):
                sheet.write_boolean(number, column, value)
                text = "VRAI"
            elif isinstance(value, (int, float, Decimal)):
                sheet.write_number(number, column, float(value))
                text = str(value)
            elif isinstance(value, datetime.datetime):
                if timezone.is_aware(value):
                    value = timezone.localtime(value).replace(tzinfo=None)
                sheet.write_datetime(number, column, value, stamp)
                text = "00/00/0000 00:00"
            elif isinstance(value, datetime.date):
                sheet.write_datetime(number, column, value, date)
                text = "00/00/0000"
            else:
                text = str(value)
                sheet.write_string(number, column, text)
            widths[column] = max(widths[column], len(text))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, max(12, min(50, width + 2)))


def workbook(sheets: list[tuple[str, list[str], object]]) -> bytes:
    """One sheet per (title, header, rows); titles are cut to Excel's 31 characters."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    formats = (
        book.add_format({"bold": True}),
        book.add_format({"num_format": "dd/mm/yyyy"}),
        book.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
    )
    for title, header, rows in sheets:
        _write_sheet(book, book.add_worksheet(title[:31]), list(header), rows, formats)
    book.close()
    return out.getvalue()
