"""The reliability evaluation (evaluation reports only): each criterion's rating and rationale."""

from __future__ import annotations

from collections.abc import Mapping

from checklists.schema import ChecklistDocument, Item
from reports import formatting as fmt
from reports.data import EvaluationInfo, EvaluationResult, ReportData
from reports.labels import OUTCOMES, pick
from reports.shapes import CriteriaGroup, CriterionRow, Evaluation, Fact


def evaluation(
    data: ReportData,
    document: ChecklistDocument | None,
    language: str,
    labels: Mapping[str, str],
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
            fmt.score(group_scores.get(section.code)),
            tuple(_criterion(given, item, language, labels) for item in section.items),
        )
        for section in document.sections
    )
    facts = (
        Fact(labels["outcome"], pick(OUTCOMES, result.outcome, language)),
        Fact(labels["total"], fmt.score(result.total)),
        Fact(labels["criteria"], f"{result.rated} / {result.criteria}"),
    )
    return Evaluation(document.title.get(language), facts, result.outcome, groups)


def _criterion(
    given: EvaluationInfo, item: Item, language: str, labels: Mapping[str, str]
) -> CriterionRow:
    """A rating stored as null is "n/a"; a criterion without an entry is "not rated"."""
    entry = given.ratings.get(item.code)
    rating = entry.rating if entry else None
    option = item.option(str(rating)) if rating is not None else None
    rated = entry is not None
    return CriterionRow(
        code=item.code,
        text=item.text.get(language),
        rating=labels["na"]
        if rated and rating is None
        else (str(rating) if rating is not None else "—"),
        level=option.label.get(language) if option else ("" if rated else labels["not_rated"]),
        rationale=str(entry.rationale) if entry else "",
        critical=item.critical,
        below=rating is not None and rating < 3,
    )
