"""Cells written to an export (CSV or XLSX) never run as formulas nor break the file.

A spreadsheet runs a cell that begins with = + - @ (or a tab or carriage return before them)
as a formula: such a cell gets a leading apostrophe, the OWASP advice. Control characters
(other than tab and newlines) are removed: openpyxl refuses them and a CSV reader chokes.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(value: str) -> str:
    return CONTROL_CHARS.sub("", value)


def safe_cell(value):
    """The value as an export should write it (non-strings are left as they are)."""
    if not isinstance(value, str):
        return value
    value = strip_control(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(value) for value in values]


class SafeSpreadsheetMixin:
    """For Wagtail's index views: every exported cell goes through `safe_cell`."""

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))
