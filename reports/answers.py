"""The answers of a report's checklists, item by item (pure; used by ``reports.context``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from assessments.scoring import NA, item_value, referrals, visible_items
from assessments.texts import VERDICT_LABELS
from checklists.schema import ChecklistDocument, Item, Kind, Section
from reports import formatting as fmt
from reports.data import ReportData, Verdict
from reports.shapes import ChecklistItems, ItemRow, SectionItems


@dataclass(frozen=True, slots=True)
class AppliedChecklist:
    """One applied checklist with its answers, verdicts and evidence, as the builder reads them."""

    label: str
    document: ChecklistDocument
    values: Mapping[str, Any]
    comments: Mapping[str, str]
    verdicts: Mapping[str, Verdict]
    evidence: Mapping[str, Sequence[str]]
    visible: frozenset[str]
    index: Mapping[str, tuple[Section, Item]]
    referred: Mapping[str, tuple[ChecklistDocument, Section, Item]] = field(default_factory=dict)
    """same_as items answered in another checklist of the report: code → the owner's checklist,
    section and item. Their row says where the answer is instead of repeating it."""

    def rows(self, section: Section, language: str) -> tuple[ItemRow, ...]:
        return tuple(
            self.row(section, item, language) for item in section.items if item.code in self.visible
        )

    def row(self, section: Section, item: Item, language: str) -> ItemRow:
        value = self.values.get(item.code)
        # A screening answer decides scope; it is neither met nor unmet.
        status = item_status(item, value) if self.document.kind is Kind.SELF_CHECK else "screening"
        owner = self.referred.get(item.code)
        if owner is not None:
            document, owner_section, owner_item = owner
            return ItemRow(
                code=item.code,
                text=item.text.get(language),
                answer=_("Answered in {checklist} › {section} ({item})").format(
                    checklist=document.title.get(language),
                    section=owner_section.title.get(language),
                    item=owner_item.code,
                ),
                comment="",
                evidence=(),
                status_key="referred",
                status=_("Answered elsewhere"),
                critical=item.critical,
                verdict_key="",
                verdict="",
                remark="",
                refs=", ".join(
                    c.ref
                    for c in (*section.crosswalk, *item.crosswalk)
                    if c.framework.value == "kr_ai_basic_act"
                ),
            )
        verdict = self.verdicts.get(item.code)
        refs = ", ".join(
            c.ref
            for c in (*section.crosswalk, *item.crosswalk)
            if c.framework.value == "kr_ai_basic_act"
        )
        return ItemRow(
            code=item.code,
            text=item.text.get(language),
            answer=fmt.answer(item, value, language),
            comment=self.comments.get(item.code, ""),
            evidence=tuple(self.evidence.get(item.code, ())),
            status_key=status,
            status=status_text(status),
            critical=item.critical,
            verdict_key=verdict.verdict if verdict else "",
            verdict=verdict_text(verdict.verdict) if verdict else "",
            remark=verdict.remark if verdict else "",
            refs=refs,
        )


def status_text(status: str) -> str:
    """How an item's status reads (a screening answer has none)."""
    texts = {
        "met": _("Met"),
        "partial": _("Partly met"),
        "unmet": _("Not met"),
        "na": _("N/A"),
        "not_scored": _("Not scored"),
        "unanswered": _("Unanswered"),
    }
    return texts.get(status, "")


def verdict_text(verdict: str | None) -> str:
    """A verdict as the review page names it ("Partially confirmed")."""
    if verdict is None:
        return "—"
    return str(VERDICT_LABELS.get(verdict, verdict))


def item_status(item: Item, value: Any) -> str:
    """met (v = 1), partial (v ≥ 0.5), unmet, na, not_scored (text, number, date) or unanswered."""
    if value is None:
        return "unanswered"
    try:
        v = item_value(item, value)
    except ValueError:
        return "not_scored"
    if v is NA:
        return "na"
    if v is None or not item.scored:  # text, number, date; or a weight-0 scope question
        return "not_scored"
    assert isinstance(v, float)
    return "met" if v >= 1 else "partial" if v >= 0.5 else "unmet"


def applied_checklists(
    data: ReportData, documents: Mapping[str, ChecklistDocument]
) -> list[AppliedChecklist]:
    result = []
    present = [documents[entry.checklist] for entry in data.checklists]
    by_slug = {document.slug: document for document in present}
    referred = referrals(present)
    for entry in data.checklists:
        label = entry.checklist
        document = documents[label]
        owners = {}
        for code, owner in referred.get(document.slug, {}).items():
            owner_document = by_slug[owner.checklist]
            owner_section, owner_item = owner_document.index[owner.item]
            owners[code] = (owner_document, owner_section, owner_item)
        given = data.answers.get(label, {})
        values = {code: answer.value for code, answer in given.items()}
        result.append(
            AppliedChecklist(
                label=label,
                document=document,
                values=values,
                comments={code: answer.comment for code, answer in given.items()},
                verdicts=data.verdicts.get(label, {}),
                evidence=data.evidence.get(label, {}),
                visible=visible_items(document, values),
                index={item.code: (section, item) for section, item in document.items()},
                referred=owners,
            )
        )
    return result


def checklist_items(c: AppliedChecklist, language: str) -> ChecklistItems:
    sections = tuple(
        SectionItems(section.code, section.title.get(language), rows)
        for section in c.document.sections
        if (rows := c.rows(section, language))
    )
    return ChecklistItems(c.document.title.get(language), c.label, sections)
