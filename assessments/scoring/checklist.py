"""Scores, ratings, completion and gaps of one checklist and of a whole assessment."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from checklists.schema import ChecklistDocument, Item, Kind, Text

from .crosswalk import FrameworkCoverage, crosswalk_coverage
from .references import referrals, resolved
from .values import (
    AnswerValue,
    Verdict,
    effective_weight,
    item_value,
    rounded,
    verified_value,
    visible_items,
)

CRITICAL_VALUE: Final = 0.5
"""A critical item answered below this value is a critical gap."""


class Rating(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    NEEDS_IMPROVEMENT = "needs_improvement"
    INSUFFICIENT = "insufficient"


RATING_BANDS: Final = (
    (90.0, Rating.EXCELLENT),
    (75.0, Rating.GOOD),
    (60.0, Rating.NEEDS_IMPROVEMENT),
)


def rating_for(score: float | None, *, critical_gap: bool = False) -> Rating | None:
    """The band of ``score`` (None stays None); a critical gap caps it at needs improvement."""
    if score is None:
        return None
    rating = next((rating for floor, rating in RATING_BANDS if score >= floor), Rating.INSUFFICIENT)
    if critical_gap and rating in (Rating.EXCELLENT, Rating.GOOD):
        return Rating.NEEDS_IMPROVEMENT
    return rating


@dataclass(frozen=True, slots=True)
class SectionScore:
    code: str
    score: float | None
    completion: float
    answered: int
    required: int
    verified_score: float | None = None
    verified_items: int = 0


@dataclass(frozen=True, slots=True)
class Gap:
    """An answered, applicable, visible scored item with ``v < 1``, and what to do about it."""

    checklist: str
    section: str
    item: str
    value: float
    weight: float
    critical: bool
    recommendation: Text | None

    @property
    def loss(self) -> float:
        """The weight the item leaves on the table: ``w·(1 − v)``."""
        return self.weight * (1 - self.value)


@dataclass(frozen=True, slots=True)
class ChecklistScore:
    """The result of one checklist.

    ``score`` is 0-100 or None when no visible item is scored, answered and applicable.
    ``completion`` is answered / required over visible required items (1.0 when there are none);
    an N/A answer counts as answered. The ``verified_*`` fields are None when no verdicts were
    given.
    """

    slug: str
    version: str
    kind: Kind
    score: float | None
    rating: Rating | None
    completion: float
    answered: int
    required: int
    critical_gaps: tuple[str, ...]
    sections: tuple[SectionScore, ...]
    verified_score: float | None
    verified_rating: Rating | None
    verified_critical_gaps: tuple[str, ...] | None
    gaps: tuple[Gap, ...]
    crosswalk: tuple[FrameworkCoverage, ...]
    scored_items: int = 0
    verified_items: int = 0


@dataclass(frozen=True, slots=True)
class AssessmentScore:
    """The result of an assessment: every checklist, pooled.

    ``overall``, the ratings, the critical gaps (``"slug:CODE"``), the gaps and the crosswalk pool
    the self_check checklists only; ``completion`` pools every checklist, screening and evaluation
    included.
    """

    overall: float | None
    rating: Rating | None
    completion: float
    answered: int
    required: int
    critical_gaps: tuple[str, ...]
    checklists: tuple[ChecklistScore, ...]
    verified_overall: float | None
    verified_rating: Rating | None
    verified_critical_gaps: tuple[str, ...] | None
    gaps: tuple[Gap, ...]
    crosswalk: tuple[FrameworkCoverage, ...]
    scored_items: int = 0
    verified_items: int = 0


type Verdicts = Mapping[str, Verdict]
type ChecklistAnswers = tuple[ChecklistDocument, Mapping[str, AnswerValue], Verdicts | None]


@dataclass(frozen=True, slots=True)
class _Scored:
    """One visible, answered, applicable scored item: what every score is summed from."""

    checklist: str
    section: str
    item: Item
    weight: float
    value: float
    verified: float
    checked: bool = False
    """Whether the evaluator gave the item a verdict."""
    referred: bool = False
    """Answered by its ``same_as`` owner in another checklist: counted there in the pooled
    figures, here only in its own section and checklist."""

    def gap(self) -> Gap:
        return Gap(
            checklist=self.checklist,
            section=self.section,
            item=self.item.code,
            value=self.value,
            weight=self.weight,
            critical=self.item.critical,
            recommendation=self.item.recommendation,
        )


def _percent(scored: Sequence[_Scored], *, verified: bool = False) -> float | None:
    """100 × Σ w·v / Σ w, or None over nothing; fsum keeps it exact and independent of order."""
    if not scored:
        return None
    total = math.fsum(s.weight for s in scored)
    weighted = math.fsum(s.weight * (s.verified if verified else s.value) for s in scored)
    return rounded(100 * weighted / total)


def _critical_gaps(scored: Sequence[_Scored], *, verified: bool = False) -> list[_Scored]:
    return [
        s
        for s in scored
        if s.item.critical and (s.verified if verified else s.value) < CRITICAL_VALUE
    ]


def _completion(answered: int, required: int) -> float:
    return answered / required if required else 1.0


def _ranked(gaps: Sequence[Gap]) -> tuple[Gap, ...]:
    """Critical first, then the largest ``w·(1 − v)``; the stable sort keeps document order."""
    return tuple(sorted(gaps, key=lambda gap: (not gap.critical, -gap.loss)))


def score_checklist(
    document: ChecklistDocument,
    answers: Mapping[str, AnswerValue],
    verdicts: Verdicts | None = None,
) -> ChecklistScore:
    """Score one checklist (DESIGN.md §5).

    Hidden items (``show_if``) count nowhere. Each visible item with a value ``v`` weighs
    section weight × item weight. Verified values apply ``verdicts`` per item code: confirmed
    keeps ``v``, partially confirmed halves it, not confirmed and needs evidence make it 0, and an
    item without a verdict keeps its self-reported ``v``. N/A answers stay N/A whatever the
    verdict. The verified rating is capped by the critical gaps of the verified values.
    """
    return _score_checklist(document, answers, verdicts)[0]


def _score_checklist(
    document: ChecklistDocument,
    answers: Mapping[str, AnswerValue],
    verdicts: Verdicts | None,
    referred: Collection[str] = frozenset(),
) -> tuple[ChecklistScore, list[_Scored]]:
    """``referred``: codes of items answered by their ``same_as`` owner (``answers`` and
    ``verdicts`` already carry the owner's): scored in their section and checklist, but neither
    counted for completion nor listed as gaps here, since the owner counts them once."""
    visible = visible_items(document, answers)
    sections: list[SectionScore] = []
    scored: list[_Scored] = []
    for section in document.sections:
        in_section: list[_Scored] = []
        answered = required = 0
        for item in section.items:
            if item.code not in visible:
                continue
            answer = answers.get(item.code)
            if item.required and item.code not in referred:
                required += 1
                answered += answer is not None
            value = item_value(item, answer)
            # Weight 0 marks a scope question: asked and counted for completion, never scored.
            if isinstance(value, float) and item.scored:
                verdict = verdicts.get(item.code) if verdicts is not None else None
                weight = effective_weight(section, item)
                verified = verified_value(value, verdict)
                in_section.append(
                    _Scored(
                        document.slug,
                        section.code,
                        item,
                        weight,
                        value,
                        verified,
                        checked=verdict is not None,
                        referred=item.code in referred,
                    )
                )
        sections.append(
            SectionScore(
                code=section.code,
                score=_percent(in_section),
                completion=_completion(answered, required),
                answered=answered,
                required=required,
                verified_score=None if verdicts is None else _percent(in_section, verified=True),
                verified_items=sum(s.checked for s in in_section),
            )
        )
        scored.extend(in_section)

    critical = tuple(s.item.code for s in _critical_gaps(scored))
    score = _percent(scored)
    verified_score = verified_rating = verified_critical = None
    if verdicts is not None:
        verified_score = _percent(scored, verified=True)
        verified_critical = tuple(s.item.code for s in _critical_gaps(scored, verified=True))
        verified_rating = rating_for(verified_score, critical_gap=bool(verified_critical))
    answered = sum(section.answered for section in sections)
    required = sum(section.required for section in sections)
    result = ChecklistScore(
        slug=document.slug,
        version=document.version,
        kind=document.kind,
        score=score,
        rating=rating_for(score, critical_gap=bool(critical)),
        completion=_completion(answered, required),
        answered=answered,
        required=required,
        critical_gaps=critical,
        sections=tuple(sections),
        verified_score=verified_score,
        verified_rating=verified_rating,
        verified_critical_gaps=verified_critical,
        gaps=_ranked([s.gap() for s in scored if s.value < 1 and not s.referred]),
        crosswalk=crosswalk_coverage([(document, answers)]),
        scored_items=len(scored),
        verified_items=sum(s.checked for s in scored),
    )
    return result, scored


def _visible_answers(
    document: ChecklistDocument, answers: Mapping[str, AnswerValue]
) -> dict[str, AnswerValue]:
    visible = visible_items(document, answers)
    return {code: value for code, value in answers.items() if code in visible}


def score_assessment(checklists: Sequence[ChecklistAnswers]) -> AssessmentScore:
    """Score every checklist of an assessment and pool the self-check ones.

    The overall score is Σ w·v / Σ w over the items of all self_check checklists together, so a
    long checklist weighs more than a short one; screening and evaluation documents count only
    towards completion. The verified overall is None unless verdicts were given for at least one
    self_check checklist; a checklist given without verdicts then contributes its self-reported
    values, as an item without a verdict does.

    ``same_as``: an item whose owner checklist is part of the assessment takes the owner's answer
    and verdict. It shows in its own section and checklist scores, but the pooled figures
    (overall, completion, critical gaps, gaps) count the duty once, at the owner.
    """
    results: list[ChecklistScore] = []
    pooled: list[_Scored] = []
    verified_any = False
    self_checks: list[tuple[ChecklistDocument, Mapping[str, AnswerValue]]] = []
    referred = referrals(document for document, _answers, _verdicts in checklists)
    owners = {owner.checklist for mine in referred.values() for owner in mine.values()}
    # The owner's answer as scoring sees it: an answer left on a hidden owner item is none.
    given = {
        document.slug: _visible_answers(document, answers)
        for document, answers, _verdicts in checklists
        if document.slug in owners
    }
    checked = {document.slug: verdicts for document, _answers, verdicts in checklists if verdicts}
    for document, answers, verdicts in checklists:
        mine = referred.get(document.slug, {})
        if mine:
            answers = resolved(document.slug, answers, mine, given)
            if verdicts is not None:
                verdicts = resolved(document.slug, verdicts, mine, checked)
        result, scored = _score_checklist(document, answers, verdicts, frozenset(mine))
        results.append(result)
        if document.kind == Kind.SELF_CHECK:
            self_checks.append((document, answers))
            pooled.extend(s for s in scored if not s.referred)
            verified_any = verified_any or verdicts is not None

    overall = _percent(pooled)
    critical = tuple(f"{s.checklist}:{s.item.code}" for s in _critical_gaps(pooled))
    verified_overall = verified_rating = verified_critical = None
    if verified_any:
        verified_overall = _percent(pooled, verified=True)
        verified_critical = tuple(
            f"{s.checklist}:{s.item.code}" for s in _critical_gaps(pooled, verified=True)
        )
        verified_rating = rating_for(verified_overall, critical_gap=bool(verified_critical))
    answered = sum(result.answered for result in results)
    required = sum(result.required for result in results)
    return AssessmentScore(
        overall=overall,
        rating=rating_for(overall, critical_gap=bool(critical)),
        completion=_completion(answered, required),
        answered=answered,
        required=required,
        critical_gaps=critical,
        checklists=tuple(results),
        verified_overall=verified_overall,
        verified_rating=verified_rating,
        verified_critical_gaps=verified_critical,
        gaps=_ranked([s.gap() for s in pooled if s.value < 1]),
        crosswalk=crosswalk_coverage(self_checks),
        scored_items=len(pooled),
        verified_items=sum(s.checked for s in pooled),
    )
