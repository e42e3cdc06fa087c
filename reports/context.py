"""``build_report_context``: everything a report shows, computed from plain data.

Pure (STYLE.md rule 9): no database, no settings, no request. The inputs are the report's data
snapshot (the JSON embedded in the PDF, see ``reports.selectors.snapshot_data``), the parsed
checklist documents it names, the verification URL and the data's SHA-256. The output is a tree
of frozen dataclasses holding display-ready text in the report's language; the template only lays
it out. User text stays plain text here: the template escapes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from checklists.areas import AREAS
from checklists.schema import ChecklistDocument, Domain, Kind
from reports import formatting as fmt
from reports.answers import AppliedChecklist, applied_checklists, checklist_items, item_status
from reports.labels import (
    DECISIONS,
    DOMAINS,
    FRAMEWORKS,
    IMPACT_LEVELS,
    OUTCOMES,
    RATINGS,
    SYSTEM_ROLES,
    VERDICTS,
    labels_for,
    pick,
)
from reports.remediation_section import remediation_section
from reports.shapes import (
    AreaRow,
    Bar,
    Chart,
    ChecklistFinding,
    Cover,
    CoverageRow,
    CriteriaGroup,
    CriterionRow,
    Evaluation,
    Fact,
    GapRow,
    Meta,
    ReportContext,
    SectionFinding,
    SignOff,
    Summary,
    Tile,
)


def build_report_context(
    *,
    data: Mapping[str, Any],
    documents: Mapping[str, ChecklistDocument],
    evaluation_document: ChecklistDocument | None,
    verify_url: str,
    data_sha256: str,
) -> ReportContext:
    """Everything the report template needs, in the report's language (see the module docstring).

    ``documents`` maps each ``slug@version`` of ``data["checklists"]`` to its parsed document;
    ``evaluation_document`` is the reliability criteria of an evaluation report, else None.
    """
    data = fmt.without_bidi_controls(data)  # user text cannot reorder what the report shows
    report = data["report"]
    language = report["language"]
    labels = labels_for(language)
    checklists = applied_checklists(data, documents)
    scores = data["scores"]
    evaluation = _evaluation(data, scores, evaluation_document, language, labels)
    return ReportContext(
        language=language,
        kind=report["kind"],
        code=report["code"],
        verify_url=verify_url,
        data_sha256=data_sha256,
        issued=fmt.date(report["issued_at"], language),
        labels=labels,
        meta=_meta(data, language, labels),
        cover=_cover(data, checklists, evaluation_document, language, labels),
        summary=_summary(data, checklists, language, labels),
        findings=_findings(scores, checklists, language, labels),
        gaps=_gaps(scores, checklists, language),
        coverage=tuple(
            CoverageRow(
                framework=pick(FRAMEWORKS, row["framework"], language),
                references=row["references"],
                assessed=row["assessed"],
                met=row["met"],
                share=fmt.percent(row["share"]),
                share_width=round(100 * (row["share"] or 0)),
            )
            for row in scores.get("crosswalk", [])
        ),
        obligations=tuple(
            checklist_items(c, language, labels)
            for c in checklists
            if c.document.kind is Kind.SELF_CHECK and c.document.domain is Domain.HIGH_IMPACT
        ),
        evaluation=evaluation,
        signoff=_signoff(data, language, labels),
        appendix=tuple(checklist_items(c, language, labels) for c in checklists),
        remediation=remediation_section(data.get("remediation"), language, fmt.date),
    )


def coverage_text(scores: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """The coverage line, such as "verified: 5 of 229 items" (and how the rest count)."""
    verified = scores.get("verified") or {}
    items, done = verified.get("items"), verified.get("verified_items")
    if items is None or done is None:  # data of a report issued before coverage was recorded
        return ""
    text = labels["coverage_value"].format(verified=done, items=items)
    return text if done >= items else f"{text}; {labels['coverage_partial']}"


def _reviewed(data: Mapping[str, Any]) -> bool:
    """Whether any verdict counts in the figures (a verified score exists)."""
    return (data["scores"].get("verified") or {}).get("overall") is not None


def _meta(data: Mapping[str, Any], language: str, labels: Mapping[str, str]) -> Meta:
    report = data["report"]
    evaluation = data.get("evaluation") or {}
    author = evaluation.get("body") if report["kind"] == "evaluation" else None
    return Meta(
        title=f"{labels['title_' + report['kind']]} — {data['system']['name']}",
        author=author or data["organisation"],
        subject=f"{data['organisation']} · {data['system']['name']}",
        keywords=f"{report['code']}, Trust Check",
        language=language,
        created=report["issued_at"],
    )


def _cover(
    data: Mapping[str, Any],
    checklists: Sequence[AppliedChecklist],
    evaluation_document: ChecklistDocument | None,
    language: str,
    labels: Mapping[str, str],
) -> Cover:
    report, system, assessment = data["report"], data["system"], data["assessment"]
    evaluation = data.get("evaluation") or {}
    facts = [
        Fact(labels["domain"], pick(DOMAINS, system.get("domain"), language)),
        Fact(labels["system_role"], pick(SYSTEM_ROLES, system.get("role"), language)),
        Fact(labels["revision"], labels["revision_value"].format(n=assessment["revision"])),
        Fact(labels["submitted_at"], fmt.date(assessment.get("submitted_at"), language)),
    ]
    if assessment.get("evaluation_body"):
        facts.append(Fact(labels["evaluation_body"], assessment["evaluation_body"]))
    if report["kind"] == "evaluation":
        facts.append(
            Fact(labels["decision"], pick(DECISIONS, evaluation.get("decision"), language))
        )
        facts.append(Fact(labels["decided_at"], fmt.date(evaluation.get("decided_at"), language)))
    facts += [
        Fact(labels["issued_at"], fmt.date(report["issued_at"], language)),
        Fact(labels["issuer"], report["issuer"]),
        Fact(labels["report_code"], report["code"]),
    ]
    listed = [Fact(c.document.title.get(language), c.label) for c in checklists]
    if evaluation_document is not None:
        listed.append(Fact(evaluation_document.title.get(language), evaluation.get("criteria", "")))
    scores = data["scores"]
    headline = [
        Tile(
            fmt.score(scores.get("overall")),
            labels["overall_score"],
            key=f"rating-{scores.get('rating')}",
        ),
        Tile(
            pick(RATINGS, scores.get("rating"), language),
            labels["rating"],
            key=f"rating-{scores.get('rating')}",
            textual=True,
        ),
        Tile(fmt.percent(scores.get("completion")), labels["completion"]),
    ]
    if report["kind"] == "evaluation":
        verified = scores.get("verified") or {}
        outcome = (scores.get("evaluation") or {}).get("outcome")
        headline = [
            Tile(
                fmt.score(verified.get("overall")),
                labels["verified"],
                f"{labels['self_reported']} {fmt.score(scores.get('overall'))}",
            ),
            Tile(
                pick(RATINGS, verified.get("rating"), language),
                labels["rating"],
                key=f"rating-{verified.get('rating')}",
                textual=True,
            ),
            Tile(
                pick(OUTCOMES, outcome, language),
                labels["outcome"],
                key=f"outcome-{outcome}",
                textual=True,
            ),
        ]
    if _reviewed(data):
        facts.append(Fact(labels["verification_coverage"], coverage_text(scores, labels) or "—"))
    if evaluation.get("override_reason"):
        facts.append(Fact(labels["override"], str(evaluation["override_reason"])))
    subtitle = labels["subtitle_" + report["kind"]]
    if report["kind"] == "self_assessment" and _reviewed(data):
        subtitle = labels["subtitle_self_assessment_reviewed"].format(
            body=assessment.get("evaluation_body") or ""
        )
    return Cover(
        title=labels["title_" + report["kind"]],
        subtitle=subtitle,
        organisation=data["organisation"],
        system=system["name"],
        facts=tuple(facts),
        checklists=tuple(listed),
        headline=tuple(headline),
    )


def _area_rows(codes: Sequence[str], language: str) -> tuple[AreaRow, ...]:
    rows = []
    for code in codes:
        area = AREAS.get(code)
        rows.append(
            AreaRow(
                code, area.label(language) if area else code, (area.act_ref or "") if area else ""
            )
        )
    return tuple(rows)


def _summary(
    data: Mapping[str, Any],
    checklists: Sequence[AppliedChecklist],
    language: str,
    labels: Mapping[str, str],
) -> Summary:
    scores = data["scores"]
    verified = scores.get("verified") or {}
    evaluation = scores.get("evaluation") or {}
    screening = scores.get("screening")
    is_evaluation = data["report"]["kind"] == "evaluation"
    tiles = [
        Tile(
            fmt.score(scores.get("overall")),
            labels["self_reported"],
            pick(RATINGS, scores.get("rating"), language),
            f"rating-{scores.get('rating')}",
        )
    ]
    if verified.get("overall") is not None:
        tiles.append(
            Tile(
                fmt.score(verified["overall"]),
                labels["verified"],
                " · ".join(
                    part
                    for part in (
                        pick(RATINGS, verified.get("rating"), language),
                        coverage_text(scores, labels),
                    )
                    if part
                ),
                f"rating-{verified.get('rating')}",
            )
        )
    tiles.append(
        Tile(
            fmt.percent(scores.get("completion")),
            labels["completion"],
            f"{scores.get('answered', 0)} / {scores.get('required', 0)}",
        )
    )
    critical_count = len(scores.get("critical_gaps", []))
    tiles.append(
        Tile(
            str(critical_count),
            labels["critical_gaps"],
            f"{labels['gap_count']} {len(scores.get('gaps', []))}",
            "bad" if critical_count else "",
        )
    )
    if is_evaluation and evaluation:
        tiles.append(
            Tile(
                pick(OUTCOMES, evaluation.get("outcome"), language),
                labels["outcome"],
                f"{labels['total_short']} {fmt.score(evaluation.get('total'))}",
                f"outcome-{evaluation.get('outcome')}",
                textual=True,
            )
        )

    self_checks = [c for c in checklists if c.document.kind is Kind.SELF_CHECK]
    statements = [
        labels["stmt_scope"].format(
            checklists=len(checklists),
            answered=scores.get("answered", 0),
            required=scores.get("required", 0),
            completion=fmt.percent(scores.get("completion")),
        ),
        labels["stmt_score"].format(
            score=fmt.score(scores.get("overall")),
            rating=pick(RATINGS, scores.get("rating"), language),
        ),
    ]
    if verified.get("overall") is not None:
        statements.append(
            labels["stmt_verified"]
            .format(
                score=fmt.score(verified["overall"]),
                rating=pick(RATINGS, verified.get("rating"), language),
                coverage=coverage_text(scores, labels),
            )
            .replace(" ()", "")
        )
    critical = list(scores.get("critical_gaps", []))
    if critical:
        codes = ", ".join(code.split(":")[-1] for code in critical)
        key = "stmt_critical_one" if len(critical) == 1 else "stmt_critical"
        statements.append(labels[key].format(count=len(critical), codes=codes))
    else:
        statements.append(labels["stmt_no_critical"])

    facts: list[Fact] = []
    high_impact_key = "unknown"
    act_areas: tuple[AreaRow, ...] = ()
    high_risk: tuple[AreaRow, ...] = ()
    if screening:
        high_impact_key = "yes" if screening.get("high_impact") else "no"
        level = IMPACT_LEVELS.get(screening.get("impact_level") or 0, "—")
        statements.append(
            labels[
                "stmt_high_impact" if screening.get("high_impact") else "stmt_not_high_impact"
            ].format(level=level)
        )
        facts = [
            Fact(labels["high_impact"], labels["high_impact_" + high_impact_key]),
            Fact(
                labels["significant"],
                labels["yes"] if screening.get("significant") else labels["no"],
            ),
            Fact(labels["impact_level"], level),
            Fact(labels["impact_share"], fmt.percent(screening.get("impact_share"))),
            Fact(labels["mitigation_share"], fmt.percent(screening.get("mitigation_share"))),
        ]
        act_areas = _area_rows(screening.get("act_areas", []), language)
        high_risk = _area_rows(screening.get("high_risk_areas", []), language)
    if is_evaluation and evaluation.get("outcome"):
        statements.append(
            labels["stmt_outcome"].format(
                outcome=pick(OUTCOMES, evaluation["outcome"], language),
                total=fmt.score(evaluation.get("total")),
            )
        )

    by_label = {row["checklist"]: row for row in scores.get("checklists", [])}
    bars = [Bar(labels["overall"], scores.get("overall"), verified.get("overall"))]
    for c in self_checks:
        row = by_label.get(c.label, {})
        bars.append(
            Bar(c.document.title.get(language), row.get("score"), row.get("verified_score"))
        )
    title = (
        "chart_checklists" if any(b.verified is not None for b in bars) else "chart_checklists_self"
    )
    chart = Chart(labels[title], tuple(bars), labels["self_reported"], labels["verified"])
    return Summary(
        tiles=tuple(tiles),
        statements=tuple(statements),
        screening=tuple(facts),
        high_impact_key=high_impact_key,
        act_areas=act_areas,
        high_risk_areas=high_risk,
        chart=chart if self_checks else None,
    )


def _findings(
    scores: Mapping[str, Any],
    checklists: Sequence[AppliedChecklist],
    language: str,
    labels: Mapping[str, str],
) -> tuple[ChecklistFinding, ...]:
    sections = {(row["checklist"], row["code"]): row for row in scores.get("sections", [])}
    by_label = {row["checklist"]: row for row in scores.get("checklists", [])}
    result = []
    for c in checklists:
        if c.document.kind is not Kind.SELF_CHECK:
            continue
        rows = []
        for section in c.document.sections:
            counts = dict.fromkeys(("met", "partial", "unmet", "na"), 0)
            critical = []
            for item in section.items:
                if item.code not in c.visible:
                    continue
                status = item_status(item, c.values.get(item.code))
                if status in counts:
                    counts[status] += 1
                if item.critical and status in ("partial", "unmet"):
                    critical.append(item.code)
            given = sections.get((c.document.slug, section.code), {})
            rows.append(
                SectionFinding(
                    code=section.code,
                    title=section.title.get(language),
                    score=fmt.score(given.get("score")),
                    verified=fmt.score(given.get("verified_score")),
                    completion=fmt.percent(given.get("completion")),
                    critical=tuple(critical),
                    **counts,
                )
            )
        total = by_label.get(c.label, {})
        facts = [
            Fact(labels["score"], fmt.score(total.get("score"))),
            Fact(labels["rating"], pick(RATINGS, total.get("rating"), language)),
            Fact(labels["completion"], fmt.percent(total.get("completion"))),
        ]
        if total.get("verified_score") is not None:
            facts.insert(2, Fact(labels["verified"], fmt.score(total["verified_score"])))
        bars = tuple(
            Bar(
                f"{s.code} {s.title.get(language)}",
                sections.get((c.document.slug, s.code), {}).get("score"),
                sections.get((c.document.slug, s.code), {}).get("verified_score"),
            )
            for s in c.document.sections
        )
        chart = Chart(labels["chart_sections"], bars, labels["self_reported"], labels["verified"])
        result.append(
            ChecklistFinding(
                c.document.title.get(language), c.label, tuple(facts), tuple(rows), chart
            )
        )
    return tuple(result)


def _gaps(
    scores: Mapping[str, Any], checklists: Sequence[AppliedChecklist], language: str
) -> tuple[GapRow, ...]:
    by_slug = {c.document.slug: c for c in checklists}
    rows = []
    for rank, gap in enumerate(scores.get("gaps", []), start=1):
        c = by_slug.get(gap["checklist"])
        found = c.index.get(gap["item"]) if c else None
        recommendation = gap.get("recommendation") or {}
        verdict = (c.verdicts.get(gap["item"]) if c else None) or {}
        rows.append(
            GapRow(
                rank=rank,
                code=gap["item"],
                checklist=c.document.title.get(language) if c else gap["checklist"],
                section=found[0].title.get(language) if found else gap["section"],
                text=found[1].text.get(language) if found else "",
                achieved=fmt.percent(gap["value"]),
                critical=bool(gap.get("critical")),
                verdict=pick(VERDICTS, verdict.get("verdict"), language) if verdict else "",
                recommendation=str(recommendation.get(language) or ""),
            )
        )
    return tuple(rows)


def _evaluation(
    data: Mapping[str, Any],
    scores: Mapping[str, Any],
    document: ChecklistDocument | None,
    language: str,
    labels: Mapping[str, str],
) -> Evaluation | None:
    evaluation = data.get("evaluation")
    if data["report"]["kind"] != "evaluation" or not evaluation or document is None:
        return None
    result = scores.get("evaluation") or {}
    ratings = evaluation.get("ratings", {})
    group_scores = {g["code"]: g["score"] for g in result.get("groups", [])}
    groups = []
    for section in document.sections:
        rows = []
        for item in section.items:
            given = ratings.get(item.code) or {}
            rating = given.get("rating")
            option = item.option(str(rating)) if rating is not None else None
            rows.append(
                CriterionRow(
                    code=item.code,
                    text=item.text.get(language),
                    rating=labels["na"]
                    if item.code in ratings and rating is None
                    else (str(rating) if rating is not None else "—"),
                    level=option.label.get(language)
                    if option
                    else (labels["not_rated"] if item.code not in ratings else ""),
                    rationale=str(given.get("rationale", "")),
                    critical=item.critical,
                    below=rating is not None and rating < 3,
                )
            )
        groups.append(
            CriteriaGroup(
                section.code,
                section.title.get(language),
                fmt.score(group_scores.get(section.code)),
                tuple(rows),
            )
        )
    facts = (
        Fact(labels["outcome"], pick(OUTCOMES, result.get("outcome"), language)),
        Fact(labels["total"], fmt.score(result.get("total"))),
        Fact(labels["criteria"], f"{result.get('rated', 0)} / {result.get('criteria', 0)}"),
    )
    return Evaluation(document.title.get(language), facts, result.get("outcome"), tuple(groups))


def _signoff(data: Mapping[str, Any], language: str, labels: Mapping[str, str]) -> SignOff:
    report = data["report"]
    evaluation = data.get("evaluation") or {}
    if report["kind"] == "evaluation":
        return SignOff(
            statement=labels["signoff_evaluation"],
            facts=(
                Fact(labels["decision"], pick(DECISIONS, evaluation.get("decision"), language)),
                Fact(labels["decided_at"], fmt.timestamp(evaluation.get("decided_at"), language)),
                Fact(labels["evaluation_body"], evaluation.get("body", "")),
                *(
                    (Fact(labels["override"], str(evaluation["override_reason"])),)
                    if evaluation.get("override_reason")
                    else ()
                ),
            ),
            opinion=str(evaluation.get("opinion") or ""),
            signer=str(evaluation.get("evaluator") or report["issuer"]),
            signer_role=labels["evaluator"],
            organisation=str(evaluation.get("body", "")),
            date=fmt.date(report["issued_at"], language),
        )
    statement = labels["signoff_self_assessment"]
    if _reviewed(data):
        statement = (
            labels["signoff_self_assessment_reviewed"]
            .format(
                body=data["assessment"].get("evaluation_body") or "",
                coverage=coverage_text(data["scores"], labels),
            )
            .replace(" ()", "")  # data issued before coverage was recorded
            .replace("()", "")
        )
    return SignOff(
        statement=statement,
        facts=(
            Fact(
                labels["submitted_at"],
                fmt.timestamp(data["assessment"].get("submitted_at"), language),
            ),
            Fact(labels["issued_at"], fmt.timestamp(report["issued_at"], language)),
        ),
        opinion="",
        signer=report["issuer"],
        signer_role=labels["issuer"],
        organisation=data["organisation"],
        date=fmt.date(report["issued_at"], language),
    )
