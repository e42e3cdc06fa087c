"""The summary: headline tiles, the statements a reader signs off on, the screening result and
the chart of checklist scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checklists.areas import AREAS
from checklists.schema import Kind
from reports import formatting as fmt
from reports.answers import AppliedChecklist
from reports.data import ChecklistScore, ReportData, Scores, Screening
from reports.labels import IMPACT_LEVELS, OUTCOMES, RATINGS, pick
from reports.sections.coverage import coverage_text
from reports.shapes import AreaRow, Bar, Chart, Fact, Summary, Tile


def summary(
    data: ReportData,
    checklists: Sequence[AppliedChecklist],
    language: str,
    labels: Mapping[str, str],
) -> Summary:
    scores = data.scores
    self_checks = [c for c in checklists if c.document.kind is Kind.SELF_CHECK]
    statements = _statements(data, len(checklists), language, labels)
    facts: list[Fact] = []
    high_impact_key = "unknown"
    act_areas: tuple[AreaRow, ...] = ()
    high_risk: tuple[AreaRow, ...] = ()
    if scores.screening is not None:
        screening = scores.screening
        high_impact_key = "yes" if screening.high_impact else "no"
        statements += _screening_statements(screening, labels)
        facts = _screening_facts(screening, high_impact_key, labels)
        act_areas = area_rows(screening.act_areas, language)
        high_risk = area_rows(screening.high_risk_areas, language)
    outcome = scores.evaluation.outcome if scores.evaluation else None
    if data.is_evaluation and scores.evaluation and outcome:
        statements.append(
            labels["stmt_outcome"].format(
                outcome=pick(OUTCOMES, outcome, language),
                total=fmt.score(scores.evaluation.total),
            )
        )
    return Summary(
        tiles=tuple(_tiles(data, language, labels)),
        statements=tuple(statements),
        screening=tuple(facts),
        high_impact_key=high_impact_key,
        act_areas=act_areas,
        high_risk_areas=high_risk,
        chart=_chart(scores, self_checks, language, labels) if self_checks else None,
    )


def area_rows(codes: Sequence[str], language: str) -> tuple[AreaRow, ...]:
    """The Act's areas by code, with their label and article (an unknown code as it is)."""
    rows = []
    for code in codes:
        area = AREAS.get(code)
        rows.append(
            AreaRow(
                code, area.label(language) if area else code, (area.act_ref or "") if area else ""
            )
        )
    return tuple(rows)


def _tiles(data: ReportData, language: str, labels: Mapping[str, str]) -> list[Tile]:
    scores, verified = data.scores, data.scores.verified
    tiles = [
        Tile(
            fmt.score(scores.overall),
            labels["self_reported"],
            pick(RATINGS, scores.rating, language),
            f"rating-{scores.rating}",
        )
    ]
    if verified.overall is not None:
        tiles.append(
            Tile(
                fmt.score(verified.overall),
                labels["verified"],
                " · ".join(
                    part
                    for part in (
                        pick(RATINGS, verified.rating, language),
                        coverage_text(scores, labels),
                    )
                    if part
                ),
                f"rating-{verified.rating}",
            )
        )
    tiles.append(
        Tile(
            fmt.percent(scores.completion),
            labels["completion"],
            f"{scores.answered} / {scores.required}",
        )
    )
    critical_count = len(scores.critical_gaps)
    tiles.append(
        Tile(
            str(critical_count),
            labels["critical_gaps"],
            f"{labels['gap_count']} {len(scores.gaps)}",
            "bad" if critical_count else "",
        )
    )
    if data.is_evaluation and scores.evaluation:
        tiles.append(
            Tile(
                pick(OUTCOMES, scores.evaluation.outcome, language),
                labels["outcome"],
                f"{labels['total_short']} {fmt.score(scores.evaluation.total)}",
                f"outcome-{scores.evaluation.outcome}",
                textual=True,
            )
        )
    return tiles


def _statements(
    data: ReportData, checklist_count: int, language: str, labels: Mapping[str, str]
) -> list[str]:
    scores, verified = data.scores, data.scores.verified
    statements = [
        labels["stmt_scope"].format(
            checklists=checklist_count,
            answered=scores.answered,
            required=scores.required,
            completion=fmt.percent(scores.completion),
        ),
        labels["stmt_score"].format(
            score=fmt.score(scores.overall),
            rating=pick(RATINGS, scores.rating, language),
        ),
    ]
    if verified.overall is not None:
        statements.append(
            labels["stmt_verified"]
            .format(
                score=fmt.score(verified.overall),
                rating=pick(RATINGS, verified.rating, language),
                coverage=coverage_text(scores, labels),
            )
            .replace(" ()", "")
        )
    critical = list(scores.critical_gaps)
    if critical:
        codes = ", ".join(code.split(":")[-1] for code in critical)
        key = "stmt_critical_one" if len(critical) == 1 else "stmt_critical"
        statements.append(labels[key].format(count=len(critical), codes=codes))
    else:
        statements.append(labels["stmt_no_critical"])
    return statements


def _impact_level(screening: Screening) -> str:
    return IMPACT_LEVELS.get(screening.impact_level or 0, "—")


def _screening_statements(screening: Screening, labels: Mapping[str, str]) -> list[str]:
    level = _impact_level(screening)
    statements = [
        labels["stmt_high_impact" if screening.high_impact else "stmt_not_high_impact"].format(
            level=level
        )
    ]
    if screening.rationale_required:
        rationale = str(screening.rationale or "").strip()
        statements.append(
            labels["stmt_rationale"].format(level=level, rationale=rationale)
            if rationale
            else labels["stmt_rationale_missing"].format(level=level)
        )
    return statements


def _screening_facts(
    screening: Screening, high_impact_key: str, labels: Mapping[str, str]
) -> list[Fact]:
    return [
        Fact(labels["high_impact"], labels["high_impact_" + high_impact_key]),
        Fact(labels["significant"], labels["yes"] if screening.significant else labels["no"]),
        Fact(labels["impact_level"], _impact_level(screening)),
        Fact(labels["impact_share"], fmt.percent(screening.impact_share)),
        Fact(labels["mitigation_share"], fmt.percent(screening.mitigation_share)),
    ]


def _chart(
    scores: Scores,
    self_checks: Sequence[AppliedChecklist],
    language: str,
    labels: Mapping[str, str],
) -> Chart:
    bars = [Bar(labels["overall"], scores.overall, scores.verified.overall)]
    for c in self_checks:
        row = scores.checklist(c.label) or ChecklistScore(checklist=c.label)
        bars.append(Bar(c.document.title.get(language), row.score, row.verified_score))
    title = (
        "chart_checklists" if any(b.verified is not None for b in bars) else "chart_checklists_self"
    )
    return Chart(labels[title], tuple(bars), labels["self_reported"], labels["verified"])
