"""The plan as an Excel workbook (openpyxl): one sheet, one row per action, in the page's
language. Strings are written as text cells with the assessments export's rule, so a title such
as ``=HYPERLINK(...)`` stays text."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from assessments.excel import _append as append_text_row
from assessments.models import Assessment
from remediation.choices import ActionSource, ActionStatus
from remediation.models import Action


def headers() -> list[str]:
    return [
        _("No."),
        _("Title"),
        _("Finding"),
        _("Linked items"),
        pgettext("remediation", "Owner"),
        _("Due date"),
        _("Status"),
        _("Overdue"),
        _("Reason or closing"),
        _("Raised in assessment"),
    ]


def plan_workbook(
    *, assessment: Assessment, actions: Sequence[Action], language: str, today: date
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Remediation plan")[:31]
    append_text_row(sheet, [f"{assessment.system.name} · #{assessment.pk}"])
    append_text_row(sheet, headers())
    for number, action in enumerate(actions, start=1):
        closing = action.status_reason or action.closing_note
        if action.closing_evidence is not None:
            closing = f"{closing} [{action.closing_evidence.name}]".strip()
        append_text_row(
            sheet,
            [
                number,
                action.title,
                str(ActionSource(action.source).label),
                ", ".join(i["item"] for i in action.items),
                action.owner.get_full_name() or action.owner.get_username(),
                action.due_date,
                str(ActionStatus(action.status).label),
                _("Yes") if action.is_open and action.due_date < today else "",
                closing,
                action.raised_in_id,
            ],
        )
    for column, width in zip("ABCDEFGHIJ", (5, 40, 16, 20, 16, 12, 14, 8, 40, 10), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
