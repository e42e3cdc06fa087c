"""The register as a workbook and as CSV: the page's columns and cells (``portfolio.columns``),
for the rows the page shows with the same filters and sort."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from assessments.excel import _append
from portfolio.columns import Cell, Column

SHEET = "register"
# A cell starting like a formula is opened as one by spreadsheet programs reading CSV: such text
# gets a leading apostrophe (OWASP's advice); the workbook writes text cells and needs none.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def workbook(title: str, columns: list[Column], cells: list[list[Cell]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    _append(sheet, [title])
    sheet["A1"].font = Font(bold=True)
    _append(sheet, [str(column.header) for column in columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in cells:
        _append(sheet, [cell.text for cell in row])
    sheet.freeze_panes = "B3"
    for letter, width in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (36, 14, 18, 30, 10), strict=False):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_text(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def csv_bytes(columns: list[Column], cells: list[list[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Korean text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(column.header) for column in columns])
    for row in cells:
        writer.writerow([_csv_text(cell.text) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
