"""The workbooks written as SpreadsheetML read back in openpyxl as they were given."""

import datetime
import io

from openpyxl import load_workbook

from pilotage.exports import column_letter, workbook


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
    assert ws.column_dimensions["B"].width == 21  # the longest value as written, plus 2
    assert list(wb["Vide"].iter_rows(values_only=True)) == [("Seul",)]


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip
