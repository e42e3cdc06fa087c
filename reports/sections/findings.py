"""Findings: per self-check checklist, its score facts, its sections' counts and a chart."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from assessments.texts import RATING_LABELS
from checklists.schema import Kind, Section
from core.charts import Bar
from core.formatting import percent, score
from reports.answers import AppliedChecklist, item_status
from reports.data import ChecklistScore, Scores, SectionScore
from reports.sections import pick
from reports.shapes import Chart, ChecklistFinding, Fact, SectionFinding


def findings(
    scores: Scores,
    checklists: Sequence[AppliedChecklist],
    language: str,
) -> tuple[ChecklistFinding, ...]:
    return tuple(
        _finding(scores, c, language) for c in checklists if c.document.kind is Kind.SELF_CHECK
    )


def _section_score(scores: Scores, c: AppliedChecklist, section: Section) -> SectionScore:
    given = scores.section(c.document.slug, section.code)
    return given or SectionScore(checklist=c.document.slug, code=section.code)


def _finding(scores: Scores, c: AppliedChecklist, language: str) -> ChecklistFinding:
    rows = tuple(_section_row(scores, c, section, language) for section in c.document.sections)
    total = scores.checklist(c.label) or ChecklistScore(checklist=c.label)
    facts = [
        Fact(_("Score"), score(total.score)),
        Fact(_("Rating"), pick(RATING_LABELS, total.rating)),
        Fact(_("Completion"), percent(total.completion)),
    ]
    if total.verified_score is not None:
        facts.insert(2, Fact(_("Verified"), score(total.verified_score)))
    bars = tuple(
        Bar(
            f"{s.code} {s.title.get(language)}",
            _section_score(scores, c, s).score,
            _section_score(scores, c, s).verified_score,
        )
        for s in c.document.sections
    )
    chart = Chart(_("Scores by section"), bars, _("Self-reported"), _("Verified"))
    return ChecklistFinding(c.document.title.get(language), c.label, tuple(facts), rows, chart)


def _section_row(
    scores: Scores, c: AppliedChecklist, section: Section, language: str
) -> SectionFinding:
    """How many visible items are met, partial, unmet and n/a; the critical ones not met."""
    counts = dict.fromkeys(("met", "partial", "unmet", "na"), 0)
    critical = []
    for item in section.items:
        # A same_as item answered in its owner checklist is counted there, once.
        if item.code not in c.visible or item.code in c.referred:
            continue
        status = item_status(item, c.values.get(item.code))
        if status in counts:
            counts[status] += 1
        if item.critical and status in ("partial", "unmet"):
            critical.append(item.code)
    given = _section_score(scores, c, section)
    return SectionFinding(
        code=section.code,
        title=section.title.get(language),
        score=score(given.score),
        verified=score(given.verified_score),
        completion=percent(given.completion),
        critical=tuple(critical),
        **counts,
    )
