"""The reliability evaluation (evaluation reports only): each criterion's rating and rationale,
its state (not evaluated, out of the TTA scope) and a measured value with its source."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessments.texts import OUTCOME_LABELS
from checklists.schema import ChecklistDocument, Item
from core.formatting import score
from reports import formatting as fmt
from reports.data import EvaluationInfo, EvaluationResult, ReportData
from reports.sections import pick
from reports.shapes import CriteriaGroup, CriterionRow, Evaluation, Fact


def evaluation(
    data: ReportData, document: ChecklistDocument | None, language: str
) -> Evaluation | None:
    """None unless this is an evaluation report with an evaluation and its criteria."""
    given = data.evaluation
    if not data.is_evaluation or given is None or document is None:
        return None
    result = data.scores.evaluation or EvaluationResult()
    group_scores = {g.code: g.score for g in result.groups}
    groups = tuple(
        CriteriaGroup(
            section.code,
            section.title.get(language),
            score(group_scores.get(section.code)),
            tuple(_criterion(given, item, language) for item in section.items),
        )
        for section in document.sections
    )
    scope = given.scope
    facts = (
        Fact(_("Outcome"), pick(OUTCOME_LABELS, result.outcome)),
        Fact(_("Evaluation total"), score(result.total)),
        Fact(_("Reliability criteria"), f"{result.rated} / {result.criteria}"),
        *(
            (Fact(_("TTA requirements in scope"), ", ".join(scope.tta) or "—"),)
            if scope is not None
            else ()
        ),
    )
    return Evaluation(document.title.get(language), facts, result.outcome, groups)


def _criterion(given: EvaluationInfo, item: Item, language: str) -> CriterionRow:
    """A rating stored as null is "n/a"; a criterion without an entry is "not rated"; one the
    evaluator marked not evaluated, or outside the TTA scope, shows no rating."""
    entry = given.ratings.get(item.code)
    rating = entry.rating if entry else None
    option = item.option(str(rating)) if rating is not None else None
    rated = entry is not None
    level = option.label.get(language) if option else ("" if rated else _("Not rated"))
    if entry is not None and entry.value is not None:
        level = fmt.answer(item, entry.value, language)
        if entry.source:
            level += f" · {entry.source}"
    shown = _("N/A") if rated and rating is None else (str(rating) if rating is not None else "—")
    if entry is not None and entry.state == "not_evaluated":
        shown, level = "—", _("Not evaluated")
    excluded = given.scope is not None and item.code in given.scope.excluded
    if excluded:
        shown, level = "—", _("Out of scope")
    return CriterionRow(
        code=item.code,
        text=item.text.get(language),
        rating=shown,
        level=level,
        rationale=str(entry.rationale or "") if entry else "",
        critical=item.critical,
        below=rating is not None and rating < 3 and not excluded,
    )
