"""The register as a workbook and as CSV: the page's columns and cells (``portfolio.columns``),
for the rows the page shows with the same filters and sort."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from assessments.excel import _text_out
from portfolio.columns import Cell, Column

SHEET = "register"
BOLD = Font(bold=True)
# A cell starting like a formula is opened as one by spreadsheet programs reading CSV: such text
# gets a leading apostrophe (OWASP's advice); the workbook writes text cells and needs none.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _write(sheet: Any, row: int, values: list[str], *, bold: bool = False) -> None:
    """One row of text cells (never formulas: ``=HYPERLINK(...)`` stays text), with OOXML's
    escapes for characters XML cannot carry, as ``assessments.excel`` writes them. Cells are
    addressed by row number: ``sheet.append`` plus ``sheet.max_row`` would rescan the sheet for
    every row."""
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=_text_out(value))
        cell.data_type = "s"
        if bold:
            cell.font = BOLD


def workbook(title: str, columns: list[Column], cells: list[list[Cell]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    _write(sheet, 1, [title], bold=True)
    _write(sheet, 2, [str(column.header) for column in columns], bold=True)
    for number, row in enumerate(cells, start=3):
        _write(sheet, number, [cell.text for cell in row])
    sheet.freeze_panes = "B3"
    for letter, width in zip("ABCDE", (36, 14, 18, 30, 10), strict=True):
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
