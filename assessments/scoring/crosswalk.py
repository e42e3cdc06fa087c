"""Crosswalk coverage: per framework, how many of its cited obligations the answers meet."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from checklists.schema import ChecklistDocument, Framework

from .values import AnswerValue, item_value, rounded, visible_items

MET_VALUE: Final = 0.75
"""An item meets what it cites from ``v = 0.75``: "yes", maturity 3 of 4, an option worth it."""


@dataclass(frozen=True, slots=True)
class FrameworkCoverage:
    """Coverage of one framework's references (articles, controls, subcategories).

    ``references``: distinct references cited by visible scored items (a section's references
    count as cited by each of its items). ``assessed``: those with at least one answered,
    applicable scored item. ``met``: assessed references whose every answered, applicable citing
    item has ``v >= 0.75``. ``share``: met / assessed, or None when nothing is assessed.
    ``unmet``: the assessed references that are not met, sorted.
    """

    framework: Framework
    references: int
    assessed: int
    met: int
    share: float | None
    unmet: tuple[str, ...]


def crosswalk_coverage(
    documents_and_answers: Iterable[tuple[ChecklistDocument, Mapping[str, AnswerValue]]],
) -> tuple[FrameworkCoverage, ...]:
    """Coverage per framework cited anywhere in the documents, sorted by framework value.

    A reference cited by several checklists counts once; it is met only when every answered,
    applicable item citing it, in any of them, is. Frameworks no visible scored item cites are
    left out rather than reported as 0 of 0.
    """
    cited: defaultdict[Framework, set[str]] = defaultdict(set)
    assessed: defaultdict[Framework, set[str]] = defaultdict(set)
    unmet: defaultdict[Framework, set[str]] = defaultdict(set)
    for document, answers in documents_and_answers:
        visible = visible_items(document, answers)
        for section, item in document.items():
            if not item.scored or item.code not in visible:
                continue
            value = item_value(item, answers.get(item.code))
            for reference in (*section.crosswalk, *item.crosswalk):
                cited[reference.framework].add(reference.ref)
                if isinstance(value, float):
                    assessed[reference.framework].add(reference.ref)
                    if value < MET_VALUE:
                        unmet[reference.framework].add(reference.ref)
    coverage = []
    for framework in sorted(cited, key=lambda framework: framework.value):
        n_assessed = len(assessed[framework])
        n_met = n_assessed - len(unmet[framework])
        coverage.append(
            FrameworkCoverage(
                framework=framework,
                references=len(cited[framework]),
                assessed=n_assessed,
                met=n_met,
                share=rounded(n_met / n_assessed) if n_assessed else None,
                unmet=tuple(sorted(unmet[framework])),
            )
        )
    return tuple(coverage)
