"""The report's data snapshot as types: ``ReportData.parse`` reads ``Report.data`` once.

``Report.data`` is the JSON frozen at issue (``reports.selectors.snapshot_data``, embedded in
the PDF and hashed). Issued reports must keep rendering as issued, so the model reads every shape
stored so far: a key added later has a default that prints what the report printed before it
existed (reports issued before systems had several domains carry ``system.domain`` only, before
verification coverage ``scores.verified`` lacks ``items``, before remediation plans there is no
``remediation``). Unknown keys are ignored; a score stays a number (an integer reads as the
equal float, which ``reports.formatting`` prints the same), never text. Pure: pydantic only, no
Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class ReportInfo(_Model):
    code: str
    kind: str
    language: str
    issued_at: str
    issuer: str = ""


class SystemInfo(_Model):
    name: str
    domain: str | None = None
    domains: tuple[str, ...] = ()
    role: str | None = None

    @property
    def all_domains(self) -> tuple[str | None, ...]:
        """Its domains; data issued before systems had several domains carries ``domain``."""
        return self.domains or (self.domain,)


class AssessmentInfo(_Model):
    revision: int
    submitted_at: str | None = None
    evaluation_body: str | None = None


class ChecklistEntry(_Model):
    checklist: str


class Answer(_Model):
    value: Any = None
    comment: str = ""


class Verdict(_Model):
    """The evaluator's verdict on one item, as it stood when the report was issued."""

    verdict: str
    remark: str = ""
    revision: int | None = None


class Rating(_Model):
    """One criterion's rating; ``state``, ``value`` and ``source`` are absent in data issued
    before rubric states and measurements."""

    rating: int | None = None
    rationale: str | None = ""
    state: str | None = None  # "not_evaluated" when the evaluator did not evaluate it
    value: Any = None  # a measurement criterion's measured value
    source: str | None = None  # where the measured value comes from


class EvaluationScope(_Model):
    """The TTA requirements in scope and the criteria excluded from it (absent before the
    scoping step)."""

    tta: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()

    @field_validator("tta", "excluded", mode="before")
    @classmethod
    def _listed(cls, value: Any) -> Any:
        return value or ()


class EvaluationInfo(_Model):
    """The evaluation body's decision (evaluation reports only)."""

    body: str = ""
    criteria: str | None = ""
    ratings: dict[str, Rating] = {}
    decision: str | None = None
    decided_at: str | None = None
    evaluator: str | None = None
    opinion: str | None = None
    override_reason: str | None = None
    scope: EvaluationScope | None = None  # None: issued before the scoping step

    @field_validator("scope", mode="before")
    @classmethod
    def _scope(cls, value: Any) -> Any:
        """An empty mapping reads as absent, as ``if scope:`` did."""
        return value or None

    @field_validator("ratings", mode="before")
    @classmethod
    def _ratings(cls, value: Any) -> Any:
        # A rating stored as null still counts as given (it prints "n/a", not "not rated").
        return {code: given or {} for code, given in (value or {}).items()}


class Verified(_Model):
    overall: float | None = None
    rating: str | None = None
    items: int | None = None  # None: issued before coverage was recorded
    verified_items: int | None = None


class SectionScore(_Model):
    checklist: str
    code: str
    score: float | None = None
    verified_score: float | None = None
    completion: float | None = None


class ChecklistScore(_Model):
    checklist: str
    score: float | None = None
    rating: str | None = None
    completion: float | None = None
    verified_score: float | None = None


class Gap(_Model):
    checklist: str
    section: str
    item: str
    value: float
    critical: bool = False
    recommendation: dict[str, str | None] | None = None


class FrameworkCoverage(_Model):
    framework: str
    references: int
    assessed: int
    met: int
    share: float | None = None


class Screening(_Model):
    high_impact: bool = False
    significant: bool = False
    impact_level: int | None = None
    impact_share: float | None = None
    mitigation_share: float | None = None
    rationale_required: bool = False
    rationale: str | None = None
    act_areas: tuple[str, ...] = ()
    high_risk_areas: tuple[str, ...] = ()


class GroupScore(_Model):
    code: str
    score: float | None = None


class EvaluationResult(_Model):
    outcome: str | None = None
    total: float | None = None
    rated: int = 0
    criteria: int = 0
    groups: tuple[GroupScore, ...] = ()


class Scores(_Model):
    """The figures (``assessments.readouts.score_payload``) frozen at issue."""

    overall: float | None = None
    rating: str | None = None
    completion: float | None = None
    answered: int = 0
    required: int = 0
    critical_gaps: tuple[str, ...] = ()
    sections: tuple[SectionScore, ...] = ()
    checklists: tuple[ChecklistScore, ...] = ()
    verified: Verified = Verified()
    gaps: tuple[Gap, ...] = ()
    crosswalk: tuple[FrameworkCoverage, ...] = ()
    screening: Screening | None = None
    evaluation: EvaluationResult | None = None

    @field_validator("screening", "evaluation", mode="before")
    @classmethod
    def _absent(cls, value: Any) -> Any:
        """An empty mapping reads as absent, as the ``if screening:`` reads did."""
        return value or None

    @field_validator("verified", mode="before")
    @classmethod
    def _verified(cls, value: Any) -> Any:
        return value or {}

    @property
    def reviewed(self) -> bool:
        """Whether any verdict counts in the figures (a verified score exists)."""
        return self.verified.overall is not None

    def checklist(self, label: str) -> ChecklistScore | None:
        return next((row for row in self.checklists if row.checklist == label), None)

    def section(self, slug: str, code: str) -> SectionScore | None:
        return next(
            (row for row in self.sections if (row.checklist, row.code) == (slug, code)), None
        )


class OpenAction(_Model):
    title: str
    source: str
    items: tuple[str, ...]
    owner: str
    due_date: str
    status: str
    overdue: bool
    condition: bool


class ClosedAction(_Model):
    title: str
    items: tuple[str, ...]
    status: str
    closing: str
    evidence: str


class Acceptance(_Model):
    """The evaluator's acceptance of actions as a condition of the decision."""

    by: str
    at: str
    comment: str
    actions: tuple[int, ...]


class RemediationPlan(_Model):
    """The plan frozen by ``remediation.report.plan_snapshot``."""

    open: tuple[OpenAction, ...]
    closed: tuple[ClosedAction, ...]
    acceptance: Acceptance | None = None


class ReportData(_Model):
    """One report's data snapshot, typed."""

    report: ReportInfo
    organisation: str
    system: SystemInfo
    assessment: AssessmentInfo
    checklists: tuple[ChecklistEntry, ...]
    answers: dict[str, dict[str, Answer]] = {}
    verdicts: dict[str, dict[str, Verdict]] = {}
    evidence: dict[str, dict[str, tuple[str, ...]]] = {}
    scores: Scores
    evaluation: EvaluationInfo | None = None
    remediation: RemediationPlan | None = None  # None: issued before plans existed

    @field_validator("evaluation", mode="before")
    @classmethod
    def _absent(cls, value: Any) -> Any:
        """An empty mapping reads as absent, as ``not evaluation`` did."""
        return value or None

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> ReportData:
        """``data`` read once; raises ``pydantic.ValidationError`` naming the path of a bad key."""
        return cls.model_validate(data)

    @property
    def kind(self) -> str:
        return self.report.kind

    @property
    def is_evaluation(self) -> bool:
        return self.report.kind == "evaluation"
