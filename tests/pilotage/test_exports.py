"""The workbooks written by XlsxWriter read back in openpyxl as they were given."""

import datetime
import io

from openpyxl import load_workbook

from pilotage.exports import workbook


def test_a_workbook_reads_back_with_its_types_and_header():
    content = workbook(
        [
            ("Par établissement", ["UAI", "Nom", "Délai", "Date"], [
                ["0310001A", "=HYPERLINK(\"x\")", 4.5, datetime.date(2026, 9, 1)],
                ["0310002B", "Lycée « A & B » <b>\x01", None, None],
            ]),
            ("Vide", ["Seul"], []),
        ]
    )  # fmt: skip
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Par établissement", "Vide"]
    ws = wb["Par établissement"]
    assert list(ws.iter_rows(values_only=True)) == [
        ("UAI", "Nom", "Délai", "Date"),
        ("0310001A", '\'=HYPERLINK("x")', 4.5, datetime.datetime(2026, 9, 1)),
        ("0310002B", "Lycée « A & B » <b>", None, None),
    ]
    assert ws["A1"].font.b and not ws["A2"].font.b
    assert ws.freeze_panes == "A2"
    assert ws["D2"].is_date
    # the longest value as written, plus 2 (XlsxWriter adds Excel's own padding)
    assert 21 <= ws.column_dimensions["B"].width < 22
    assert list(wb["Vide"].iter_rows(values_only=True)) == [("Seul",)]
