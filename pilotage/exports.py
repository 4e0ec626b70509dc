"""XLSX workbooks of the dashboard's tables and of the specialisation pipeline: written by
`common.spreadsheets.workbook` (XlsxWriter), like every export of the staff lists."""

from common.spreadsheets import XLSX, workbook

__all__ = ["XLSX", "workbook"]
