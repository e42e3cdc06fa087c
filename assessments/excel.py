"""Offline filling: export a questionnaire with its current answers as an Excel workbook, and
import it back. The import checks every row first and applies nothing when any row is wrong."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook, load_workbook
from openpyxl.packaging.manifest import Manifest
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.constants import SHARED_STRINGS
from openpyxl.xml.functions import fromstring

from assessments import codecs, scoring, selectors, services
from assessments.codecs import InvalidAnswer
from assessments.codecs import check as normalize_value
from assessments.models import Assessment
from checklists.schema import AnswerType
from core.exceptions import ApplicationError

COLUMNS = ["code", "section", "question", "type", "allowed", "answer", "comment", "version"]


def header(language: str) -> list[str]:
    """The column names of a checklist sheet, from the catalogue, in ``language``."""
    with override(language):
        return [
            _("Code"),
            _("Section"),
            _("Question"),
            _("Answer type"),
            _("Allowed answers"),
            _("Answer"),
            _("Comment / N/A reason"),
            _("Version"),
        ]


META_SHEET = "_trustcheck"
# A member this large that deflated more than this many times is a zip bomb, not a questionnaire
# (real workbooks' XML deflates 5-20 times).
SUSPICIOUS_RATIO = 100
SUSPICIOUS_SIZE = 1024 * 1024
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_CONTENT_TYPES = "[Content_Types].xml"


# Characters an XML cell cannot carry as they are (control characters, a lone carriage return that
# XML would turn into a line feed, the non-characters U+FFFE/U+FFFF) and an underscore that would
# otherwise start such an escape: written as OOXML's ``_xHHHH_``, as Excel itself does.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _text_out(value: str) -> str:
    return _UNSAFE.sub(lambda match: f"_x{ord(match.group()):04X}_", value)


def _text_in(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), value)


def _append(sheet: Any, values: list[Any]) -> None:
    """Append a row; every string is a text cell, so ``=HYPERLINK(...)`` in a comment is shown as
    typed and never becomes a formula (openpyxl would otherwise make any ``=...`` a formula)."""
    sheet.append([_text_out(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def workbook_export(
    *, assessment: Assessment, language: str, answers: dict[int, dict[str, Any]] | None = None
) -> bytes:
    """One sheet per applicable checklist: each item with its answer, comment and version
    (``answers``: as the reader may see them, ``selectors.answers_seen_by``; default live)."""
    book = Workbook()
    book.remove(book.active)
    if answers is None:
        answers = selectors.answers_by_version(assessment)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F5FBF")
    meta = book.create_sheet(META_SHEET)
    _append(meta, ["assessment", assessment.pk])
    applied = selectors.applied_checklists(assessment)
    referred = scoring.referrals(entry.document for entry in applied)
    for entry in applied:
        mine = referred.get(entry.document.slug, {})
        sheet = book.create_sheet(entry.document.slug[:31])
        _append(meta, ["sheet", sheet.title, entry.label])
        _append(sheet, header(language))
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        given = answers.get(entry.version.pk, {})
        for section, item in entry.document.items():
            answer = given.get(item.code)
            _append(
                sheet,
                [
                    item.code,
                    section.title.get(language),
                    item.text.get(language),
                    item.answer_type.value,
                    # A referred item is answered at its owner: the import refuses a value here.
                    _("answered in %(checklist)s %(item)s")
                    % {"checklist": mine[item.code].checklist, "item": mine[item.code].item}
                    if item.code in mine
                    else codecs.codec_for(item).allowed(),
                    codecs.codec_for(item).cell(answer.value) if answer else None,
                    answer.comment if answer else None,
                    answer.version if answer else None,
                ],
            )
            if item.answer_type is AnswerType.YES_NO:
                check = DataValidation(type="list", formula1='"yes,no,na"', allow_blank=True)
                sheet.add_data_validation(check)
                check.add(f"F{sheet.max_row}")
        for column, width in zip("ABCDEFGH", (14, 22, 70, 14, 24, 18, 40, 8), strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=2):
            row[2].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    meta.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class RowError:
    sheet: str
    row: int
    item: str
    message: str


def _not_a_workbook() -> ApplicationError:
    return ApplicationError(_("This is not an Excel workbook (.xlsx)."))


def _inspect(data: bytes) -> None:
    """Refuse what would make openpyxl work for minutes, before it opens anything: the unpacked
    size (from the members' declared sizes, which the zip reader never reads past), suspicious
    compression ratios, and the number of shared strings."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _not_a_workbook() from None
    with archive:
        if sum(info.file_size for info in members) > settings.EXCEL_IMPORT_MAX_UNPACKED_BYTES:
            raise ApplicationError(_("The workbook is too large when unpacked."))
        try:
            # Shared strings where [Content_Types].xml puts them, found as openpyxl finds them.
            manifest = Manifest.from_tree(fromstring(archive.read(_CONTENT_TYPES)))
            part = manifest.find(SHARED_STRINGS)
            strings = archive.read(part.PartName[1:]) if part is not None else b""
        except Exception:  # no or a broken manifest, a missing part: not a workbook
            raise _not_a_workbook() from None
        if len(_SHARED_STRING.findall(strings)) > settings.EXCEL_IMPORT_MAX_SHARED_STRINGS:
            raise ApplicationError(
                _("The workbook has too many texts (at most %(limit)d).")
                % {"limit": settings.EXCEL_IMPORT_MAX_SHARED_STRINGS}
            )
        for info in members:
            if info.file_size > SUSPICIOUS_SIZE and info.file_size > SUSPICIOUS_RATIO * max(
                info.compress_size, 1
            ):
                raise ApplicationError(_("The workbook is compressed suspiciously well."))


Rows = list[tuple[str, list[tuple[int, dict[str, Any]]]]]


def _read(data: bytes) -> Rows:
    """Every checklist sheet's rows as ``{column: value}``, within the row limit.

    openpyxl reads with defusedxml (installed with the app), so entity expansion and external
    entities are refused; any failure to parse hostile or broken XML is "not a workbook".
    """
    _inspect(data)
    limit = settings.EXCEL_IMPORT_MAX_ROWS
    sheets: Rows = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                if sheet.title == META_SHEET:
                    continue
                rows: list[tuple[int, dict[str, Any]]] = []
                for number, row in enumerate(
                    sheet.iter_rows(min_row=2, max_col=len(COLUMNS), values_only=True), start=2
                ):
                    if number > limit + 1:
                        raise ApplicationError(
                            _("A sheet has too many rows (at most %(limit)d).") % {"limit": limit}
                        )
                    padded = (*row, *([None] * len(COLUMNS)))[: len(COLUMNS)]
                    rows.append((number, dict(zip(COLUMNS, map(_text_in, padded), strict=True))))
                sheets.append((sheet.title, rows))
        finally:
            book.close()
    except ApplicationError:
        raise
    except Exception:  # hostile input: malformed XML, entity bombs, XXE, broken zips, bad parts
        raise _not_a_workbook() from None
    return sheets


def workbook_import(*, actor: Any, assessment: Assessment, data: bytes) -> int:
    """Apply a filled workbook; returns how many answers changed.

    Raises ``ApplicationError`` with ``extra["rows"]`` (sheet, row, item, message) when any row is
    wrong, a stale version included, and then nothing is applied. A workbook over the size limits
    (``EXCEL_IMPORT_MAX_*``), or one that is not a workbook, is refused before any row is read.
    """
    if len(data) > settings.EXCEL_IMPORT_MAX_BYTES:
        raise ApplicationError(_("The workbook is too large."), status_code=413)
    sheets = _read(data)
    applied = {
        entry.document.slug[:31]: entry for entry in selectors.applied_checklists(assessment)
    }
    current = selectors.answers_by_version(assessment)
    errors: list[RowError] = []
    inputs: list[services.AnswerInput] = []
    where: list[tuple[str, int]] = []
    for title, rows in sheets:
        entry = applied.get(title)
        if entry is None:
            errors.append(
                RowError(title, 1, "", _("This sheet is not a checklist of the assessment."))
            )
            continue
        given = current.get(entry.version.pk, {})
        for number, cells in rows:
            code = str(cells["code"] or "").strip()
            if not code:
                continue
            item = entry.document.item(code)
            if item is None:
                errors.append(RowError(title, number, code, _("Unknown item code.")))
                continue
            try:
                value = codecs.parse(item, cells["answer"])
            except InvalidAnswer as exc:
                errors.append(RowError(title, number, code, str(exc)))
                continue
            comment = str(cells["comment"] or "")
            version = cells["version"]
            if version not in (None, "") and not str(version).isdigit():
                errors.append(RowError(title, number, code, _("The version column was changed.")))
                continue
            answer = given.get(code)
            if value is None:
                if answer is None or answer.comment == comment:
                    continue  # an empty row, or nothing changed
                value = answer.value  # only the comment changed
            try:  # the service's own check, so every bad row is reported in one pass
                value = normalize_value(item, value, comment)
            except InvalidAnswer as exc:
                errors.append(RowError(title, number, code, str(exc)))
                continue
            if answer is not None and answer.value == value and answer.comment == comment:
                continue
            inputs.append(
                services.AnswerInput(
                    checklist=entry.document.slug,
                    item=code,
                    value=value,
                    comment=comment,
                    version=int(version) if version not in (None, "") else None,
                )
            )
            where.append((title, number))
    if not errors and inputs:
        try:
            services.answers_upsert(actor=actor, assessment=assessment, answers=inputs)
        except ApplicationError as exc:
            for index, problems in exc.extra.get("fields", {}).get("answers", {}).items():
                sheet_title, number = where[int(index)]
                message = "; ".join(m for ms in problems.values() for m in ms)
                errors.append(RowError(sheet_title, number, inputs[int(index)].item, message))
            for conflict in exc.extra.get("conflicts", []):
                position = next(i for i, a in enumerate(inputs) if a.item == conflict["item"])
                sheet_title, number = where[position]
                errors.append(
                    RowError(
                        sheet_title,
                        number,
                        conflict["item"],
                        _("Someone changed this answer after the export."),
                    )
                )
            if not errors:
                raise
    if errors:
        raise ApplicationError(
            _("The workbook has %(count)d problems; nothing was imported.")
            % {"count": len(errors)},
            extra={"rows": [_row(error) for error in errors]},
        )
    return len(inputs)


def _row(error: RowError) -> dict[str, Any]:
    return {"sheet": error.sheet, "row": error.row, "item": error.item, "message": error.message}
