"""The shape of a report context: frozen dataclasses of display-ready text (``reports.context``)."""

from __future__ import annotations

from dataclasses import dataclass

from core.charts import Bar
from reports.sections.remediation import RemediationSection


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Tile:
    """A headline figure: the value, what it is, and a line under it (a rating, a count)."""

    value: str
    label: str
    note: str = ""
    key: str = ""
    textual: bool = False  # a word (a rating, an outcome) rather than a figure: set smaller


@dataclass(frozen=True, slots=True)
class Chart:
    """Data for one chart (bars, or a radar of the ethics requirements); ``core.charts`` draws
    it in ``reports.render``."""

    title: str
    bars: tuple[Bar, ...]
    self_label: str
    verified_label: str

    @property
    def has_verified(self) -> bool:
        return any(bar.verified is not None for bar in self.bars)


@dataclass(frozen=True, slots=True)
class Cover:
    title: str
    subtitle: str
    organisation: str
    system: str
    facts: tuple[Fact, ...]
    checklists: tuple[Fact, ...]
    headline: tuple[Tile, ...]


@dataclass(frozen=True, slots=True)
class AreaRow:
    code: str
    label: str
    act_ref: str


@dataclass(frozen=True, slots=True)
class Summary:
    tiles: tuple[Tile, ...]
    statements: tuple[str, ...]
    screening: tuple[Fact, ...]
    high_impact_key: str
    act_areas: tuple[AreaRow, ...]
    high_risk_areas: tuple[AreaRow, ...]
    chart: Chart | None
    ethics: Chart | None = None


@dataclass(frozen=True, slots=True)
class SectionFinding:
    code: str
    title: str
    score: str
    verified: str
    completion: str
    met: int
    partial: int
    unmet: int
    na: int
    critical: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChecklistFinding:
    title: str
    label: str
    facts: tuple[Fact, ...]
    sections: tuple[SectionFinding, ...]
    chart: Chart


@dataclass(frozen=True, slots=True)
class GapRow:
    rank: int
    code: str
    checklist: str
    section: str
    text: str
    achieved: str
    critical: bool
    verdict: str
    recommendation: str


@dataclass(frozen=True, slots=True)
class CoverageRow:
    framework: str
    references: int
    assessed: int
    met: int
    share: str
    share_width: int


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One answered or unanswered visible item, for the obligations and the appendix."""

    code: str
    text: str
    answer: str
    comment: str
    evidence: tuple[str, ...]
    status_key: str
    status: str
    critical: bool
    verdict_key: str
    verdict: str
    remark: str
    refs: str


@dataclass(frozen=True, slots=True)
class SectionItems:
    code: str
    title: str
    items: tuple[ItemRow, ...]


@dataclass(frozen=True, slots=True)
class ChecklistItems:
    title: str
    label: str
    sections: tuple[SectionItems, ...]


@dataclass(frozen=True, slots=True)
class CriterionRow:
    code: str
    text: str
    rating: str
    level: str
    rationale: str
    critical: bool
    below: bool


@dataclass(frozen=True, slots=True)
class CriteriaGroup:
    code: str
    title: str
    score: str
    criteria: tuple[CriterionRow, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    title: str
    facts: tuple[Fact, ...]
    outcome_key: str | None
    groups: tuple[CriteriaGroup, ...]


@dataclass(frozen=True, slots=True)
class SignOff:
    statement: str
    facts: tuple[Fact, ...]
    opinion: str
    signer: str
    signer_role: str
    organisation: str
    date: str


@dataclass(frozen=True, slots=True)
class Meta:
    title: str
    author: str
    subject: str
    keywords: str
    language: str
    created: str


@dataclass(frozen=True, slots=True)
class ReportContext:
    language: str
    kind: str
    code: str
    verify_url: str
    data_sha256: str
    issued: str
    meta: Meta
    cover: Cover
    summary: Summary
    findings: tuple[ChecklistFinding, ...]
    gaps: tuple[GapRow, ...]
    coverage: tuple[CoverageRow, ...]
    obligations: tuple[ChecklistItems, ...]
    evaluation: Evaluation | None
    signoff: SignOff
    appendix: tuple[ChecklistItems, ...]
    remediation: RemediationSection | None = None
