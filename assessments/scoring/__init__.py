"""Scoring: pure functions from checklist documents and answers to frozen results.

Nothing here touches Django or the database: inputs are the frozen ``ChecklistDocument`` models
and plain mappings of answers (item code → the JSON value of DESIGN.md §7), outputs are frozen
dataclasses. "Not scored" is ``None``, never ``-1``; "not applicable" is ``NA``.

- ``values``: one answer → ``v`` in [0, 1], ``NA`` or ``None``; verdicts; ``show_if`` visibility.
- ``checklist``: checklist and assessment scores, ratings, completion, gaps.
- ``crosswalk``: coverage per framework.
- ``progress``: what is missing before a submit, and progress bars from the same rule.
- ``screening``: high-impact status, areas, impact level.
- ``evaluation``: the reliability rubric's total and outcome.
"""

from .checklist import (
    AssessmentScore,
    ChecklistAnswers,
    ChecklistScore,
    Gap,
    Rating,
    SectionScore,
    rating_for,
    score_assessment,
    score_checklist,
)
from .crosswalk import FrameworkCoverage, crosswalk_coverage
from .evaluation import (
    NOT_EVALUATED,
    CriterionState,
    EvaluationResult,
    GroupScore,
    Outcome,
    evaluate,
)
from .progress import (
    ChecklistProgress,
    Missing,
    Problem,
    SectionProgress,
    checklist_progress,
    pooled_share,
)
from .references import Owner, referrals
from .screening import ScreeningResult, impact_level, screen
from .values import (
    _NA,
    NA,
    AnswerValue,
    ItemValue,
    Verdict,
    condition_holds,
    item_value,
    verified_value,
    visible_items,
)

NAType = _NA
"""The type of ``NA``, for annotations such as ``Mapping[str, int | NAType]``."""

__all__ = [
    "NA",
    "NOT_EVALUATED",
    "CriterionState",
    "AnswerValue",
    "AssessmentScore",
    "ChecklistAnswers",
    "ChecklistProgress",
    "ChecklistScore",
    "EvaluationResult",
    "FrameworkCoverage",
    "Gap",
    "Missing",
    "GroupScore",
    "ItemValue",
    "NAType",
    "Owner",
    "referrals",
    "Outcome",
    "Problem",
    "Rating",
    "ScreeningResult",
    "SectionProgress",
    "SectionScore",
    "Verdict",
    "condition_holds",
    "checklist_progress",
    "crosswalk_coverage",
    "evaluate",
    "impact_level",
    "item_value",
    "pooled_share",
    "rating_for",
    "score_assessment",
    "score_checklist",
    "screen",
    "verified_value",
    "visible_items",
]
