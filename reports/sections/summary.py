"""The summary: headline tiles, the statements a reader signs off on, the screening result and
the charts of checklist scores and of the ethics requirements."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.ethics import ethics_requirements
from assessments.texts import IMPACT_NUMERALS, OUTCOME_LABELS, RATING_LABELS
from checklists.areas import AREAS
from checklists.schema import Kind
from core.charts import Bar
from core.formatting import percent, score
from reports.answers import AppliedChecklist
from reports.data import ChecklistScore, ReportData, Scores, Screening
from reports.sections import pick
from reports.sections.coverage import coverage_text
from reports.shapes import AreaRow, Chart, Fact, Summary, Tile


def summary(
    data: ReportData,
    checklists: Sequence[AppliedChecklist],
    language: str,
) -> Summary:
    scores = data.scores
    self_checks = [c for c in checklists if c.document.kind is Kind.SELF_CHECK]
    statements = _statements(data, len(checklists))
    facts: list[Fact] = []
    high_impact_key = "unknown"
    act_areas: tuple[AreaRow, ...] = ()
    high_risk: tuple[AreaRow, ...] = ()
    if scores.screening is not None:
        screening = scores.screening
        high_impact_key = "yes" if screening.high_impact else "no"
        statements += _screening_statements(screening)
        facts = _screening_facts(screening)
        act_areas = area_rows(screening.act_areas, language)
        high_risk = area_rows(screening.high_risk_areas, language)
    outcome = scores.evaluation.outcome if scores.evaluation else None
    if data.is_evaluation and scores.evaluation and outcome:
        statements.append(
            _("The reliability evaluation outcome is “{outcome}” (total {total}).").format(
                outcome=pick(OUTCOME_LABELS, outcome),
                total=score(scores.evaluation.total),
            )
        )
    return Summary(
        tiles=tuple(_tiles(data)),
        statements=tuple(statements),
        screening=tuple(facts),
        high_impact_key=high_impact_key,
        act_areas=act_areas,
        high_risk_areas=high_risk,
        chart=_chart(scores, self_checks, language) if self_checks else None,
        ethics=_ethics(scores, self_checks, language),
    )


def area_rows(codes: Sequence[str], language: str) -> tuple[AreaRow, ...]:
    """The Act's areas by code, with their label and article (an unknown code as it is)."""
    rows = []
    for code in codes:
        area = AREAS.get(code)
        rows.append(
            AreaRow(
                code,
                area.label(language) if area else code,
                area.act_ref_label(language) if area else "",  # 제2조제4호사목 / Art. 2(4)(g)
            )
        )
    return tuple(rows)


def _tiles(data: ReportData) -> list[Tile]:
    scores, verified = data.scores, data.scores.verified
    tiles = [
        Tile(
            score(scores.overall),
            _("Self-reported"),
            pick(RATING_LABELS, scores.rating),
            f"rating-{scores.rating}",
        )
    ]
    if verified.overall is not None:
        tiles.append(
            Tile(
                score(verified.overall),
                _("Verified"),
                " · ".join(
                    part
                    for part in (
                        pick(RATING_LABELS, verified.rating),
                        coverage_text(scores),
                    )
                    if part
                ),
                f"rating-{verified.rating}",
            )
        )
    tiles.append(
        Tile(
            percent(scores.completion),
            _("Completion"),
            f"{scores.answered} / {scores.required}",
        )
    )
    critical_count = len(scores.critical_gaps)
    tiles.append(
        Tile(
            str(critical_count),
            _("Critical gaps"),
            " ".join((_("Gaps"), str(len(scores.gaps)))),
            "bad" if critical_count else "",
        )
    )
    if data.is_evaluation and scores.evaluation:
        tiles.append(
            Tile(
                pick(OUTCOME_LABELS, scores.evaluation.outcome),
                _("Outcome"),
                " ".join((_("Total"), score(scores.evaluation.total))),
                f"outcome-{scores.evaluation.outcome}",
                textual=True,
            )
        )
    return tiles


def _statements(data: ReportData, checklist_count: int) -> list[str]:
    scores, verified = data.scores, data.scores.verified
    statements = [
        _(
            "{checklists} checklists; {answered} of {required} required items answered "
            "({completion} complete)."
        ).format(
            checklists=checklist_count,
            answered=scores.answered,
            required=scores.required,
            completion=percent(scores.completion),
        ),
        _("The self-reported overall score is {score}, rated “{rating}”.").format(
            score=score(scores.overall),
            rating=pick(RATING_LABELS, scores.rating),
        ),
    ]
    if verified.overall is not None:
        statements.append(
            _(
                "After the evaluator's verification the score is {score}, rated “{rating}” "
                "({coverage})."
            )
            .format(
                score=score(verified.overall),
                rating=pick(RATING_LABELS, verified.rating),
                coverage=coverage_text(scores),
            )
            .replace(" ()", "")
        )
    critical = list(scores.critical_gaps)
    if critical:
        codes = ", ".join(code.split(":")[-1] for code in critical)
        statements.append(
            ngettext(
                "{count} critical item falls short, which caps the rating at “Needs "
                "improvement”: {codes}.",
                "{count} critical items fall short, which caps the rating at “Needs "
                "improvement”: {codes}.",
                len(critical),
            ).format(count=len(critical), codes=codes)
        )
    else:
        statements.append(_("No critical item falls short."))
    return statements


def _impact_level(screening: Screening) -> str:
    return IMPACT_NUMERALS.get(screening.impact_level or 0, "—")


def _screening_statements(screening: Screening) -> list[str]:
    level = _impact_level(screening)
    statements = [
        (
            _(
                "The screening found the system high-impact under the AI Basic Act (impact "
                "level {level})."
            )
            if screening.high_impact
            else _(
                "The screening found the system not high-impact under the AI Basic Act "
                "(impact level {level})."
            )
        ).format(level=level)
    ]
    if screening.rationale_required:
        rationale = str(screening.rationale or "").strip()
        statements.append(
            _(
                "Warning: the screening answered that the system has no significant effect "
                "although the impact level is {level}. Reason given: {rationale}"
            ).format(level=level, rationale=rationale)
            if rationale
            else _(
                "Warning: the screening answered that the system has no significant effect "
                "although the impact level is {level}, and gives no reason."
            ).format(level=level)
        )
    return statements


def _screening_facts(screening: Screening) -> list[Fact]:
    return [
        Fact(
            _("High-impact AI"),
            _("Yes — under Art. 2(4) of the AI Basic Act")
            if screening.high_impact
            else _("Not high-impact"),
        ),
        Fact(
            _("Significant effect on life, safety or rights"),
            _("Yes") if screening.significant else _("No"),
        ),
        Fact(_("Impact level"), _impact_level(screening)),
        Fact(_("Impact share"), percent(screening.impact_share)),
        Fact(_("Mitigation share"), percent(screening.mitigation_share)),
    ]


def _chart(
    scores: Scores,
    self_checks: Sequence[AppliedChecklist],
    language: str,
) -> Chart:
    bars = [Bar(_("Overall"), scores.overall, scores.verified.overall)]
    for c in self_checks:
        row = scores.checklist(c.label) or ChecklistScore(checklist=c.label)
        bars.append(Bar(c.document.title.get(language), row.score, row.verified_score))
    title = (
        _("Self-reported and verified, by checklist")
        if any(b.verified is not None for b in bars)
        else _("Self-reported scores by checklist")
    )
    return Chart(title, tuple(bars), _("Self-reported"), _("Verified"))


def _ethics(scores: Scores, self_checks: Sequence[AppliedChecklist], language: str) -> Chart | None:
    """The radar of the ten key requirements; None when the ethics checklist does not apply."""
    requirements = ethics_requirements(
        [c.document for c in self_checks],
        [row.model_dump() for row in scores.sections],
        language,
    )
    if not requirements:
        return None
    return Chart(
        _("The ten key requirements of the National AI Ethics Standards"),
        tuple(Bar(r.label, r.score, r.verified) for r in requirements),
        _("Self-reported"),
        _("Verified"),
    )
