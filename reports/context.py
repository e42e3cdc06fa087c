"""``build_report_context``: everything a report shows, computed from plain data.

Pure (STYLE.md rule 9): no database, no settings, no request. The inputs are the report's data
snapshot (the JSON embedded in the PDF, see ``reports.selectors.snapshot_data``), the parsed
checklist documents it names, the verification URL and the data's SHA-256. The output is a tree
of frozen dataclasses holding display-ready text in the report's language; the template only lays
it out. User text stays plain text here: the template escapes it.

Fixed texts come from the one gettext catalogue (``locale/{ko,en}``), the pages' own: the builder
runs under ``translation.override(report language)``, so the worker's locale never matters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from assessments.ethics import ethics_requirements
from assessments.texts import (
    DECISION_LABELS,
    IMPACT_NUMERALS,
    OUTCOME_LABELS,
    RATING_LABELS,
    SYSTEM_ROLE_LABELS,
    VERDICT_LABELS,
)
from checklists.areas import AREAS
from checklists.labels import DOMAIN_LABELS, FRAMEWORK_LABELS
from checklists.schema import ChecklistDocument, Domain, Kind
from core.charts import Bar
from core.formatting import percent, percent_number, score
from reports import formatting as fmt
from reports.answers import AppliedChecklist, applied_checklists, checklist_items, item_status
from reports.remediation_section import remediation_section
from reports.shapes import (
    AreaRow,
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
    language = data["report"]["language"]
    with override(language):
        return _context(data, documents, evaluation_document, verify_url, data_sha256, language)


def pick(labels: Mapping[str, Any], key: str | None) -> str:
    """The text of ``key`` in a table of lazy texts; an unknown key is shown as it is, None as a
    dash."""
    if key is None:
        return "—"
    text = labels.get(key)
    return key if text is None else str(text)


def _context(
    data: Mapping[str, Any],
    documents: Mapping[str, ChecklistDocument],
    evaluation_document: ChecklistDocument | None,
    verify_url: str,
    data_sha256: str,
    language: str,
) -> ReportContext:
    report = data["report"]
    checklists = applied_checklists(data, documents)
    scores = data["scores"]
    evaluation = _evaluation(data, scores, evaluation_document, language)
    return ReportContext(
        language=language,
        kind=report["kind"],
        code=report["code"],
        verify_url=verify_url,
        data_sha256=data_sha256,
        issued=fmt.date(report["issued_at"], language),
        meta=_meta(data, language),
        cover=_cover(data, checklists, evaluation_document, language),
        summary=_summary(data, checklists, language),
        findings=_findings(scores, checklists, language),
        gaps=_gaps(scores, checklists, language),
        coverage=tuple(
            CoverageRow(
                framework=pick(FRAMEWORK_LABELS, row["framework"]),
                references=row["references"],
                assessed=row["assessed"],
                met=row["met"],
                share=percent(row["share"]),
                share_width=percent_number(row["share"]),
            )
            for row in scores.get("crosswalk", [])
        ),
        obligations=tuple(
            checklist_items(c, language)
            for c in checklists
            if c.document.kind is Kind.SELF_CHECK and c.document.domain is Domain.HIGH_IMPACT
        ),
        evaluation=evaluation,
        signoff=_signoff(data, language),
        appendix=tuple(checklist_items(c, language) for c in checklists),
        remediation=remediation_section(data.get("remediation"), language, fmt.date),
    )


def coverage_text(scores: Mapping[str, Any]) -> str:
    """The coverage line, such as "verified: 5 of 229 items" (and how the rest count)."""
    verified = scores.get("verified") or {}
    items, done = verified.get("items"), verified.get("verified_items")
    if items is None or done is None:  # data of a report issued before coverage was recorded
        return ""
    text = _("verified: {verified} of {items} items").format(verified=done, items=items)
    return text if done >= items else "; ".join((text, _("self-reported where not verified")))


def _reviewed(data: Mapping[str, Any]) -> bool:
    """Whether any verdict counts in the figures (a verified score exists)."""
    return (data["scores"].get("verified") or {}).get("overall") is not None


def _title(kind: str) -> str:
    if kind == "evaluation":
        return _("AI Trustworthiness Evaluation Report")
    return _("AI Trustworthiness Self-Assessment Report")


def _meta(data: Mapping[str, Any], language: str) -> Meta:
    report = data["report"]
    evaluation = data.get("evaluation") or {}
    author = evaluation.get("body") if report["kind"] == "evaluation" else None
    return Meta(
        title=f"{_title(report['kind'])} — {data['system']['name']}",
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
) -> Cover:
    report, system, assessment = data["report"], data["system"], data["assessment"]
    evaluation = data.get("evaluation") or {}
    facts = [
        Fact(
            _("Domain"),
            # Reports issued before systems had several domains carry "domain" only.
            ", ".join(
                pick(DOMAIN_LABELS, value)
                for value in (system.get("domains") or [system.get("domain")])
            ),
        ),
        Fact(_("Operator role"), pick(SYSTEM_ROLE_LABELS, system.get("role"))),
        Fact(_("Revision"), _("Revision {n}").format(n=assessment["revision"])),
        Fact(_("Submitted on"), fmt.date(assessment.get("submitted_at"), language)),
    ]
    if assessment.get("evaluation_body"):
        facts.append(Fact(_("Evaluation body"), assessment["evaluation_body"]))
    if report["kind"] == "evaluation":
        facts.append(Fact(_("Decision"), pick(DECISION_LABELS, evaluation.get("decision"))))
        facts.append(Fact(_("Decided on"), fmt.date(evaluation.get("decided_at"), language)))
    facts += [
        Fact(_("Issued on"), fmt.date(report["issued_at"], language)),
        Fact(_("Issued by"), report["issuer"]),
        Fact(_("Report code"), report["code"]),
    ]
    listed = [Fact(c.document.title.get(language), c.label) for c in checklists]
    if evaluation_document is not None:
        listed.append(Fact(evaluation_document.title.get(language), evaluation.get("criteria", "")))
    scores = data["scores"]
    headline = [
        Tile(
            score(scores.get("overall")),
            _("Overall score"),
            key=f"rating-{scores.get('rating')}",
        ),
        Tile(
            pick(RATING_LABELS, scores.get("rating")),
            _("Rating"),
            key=f"rating-{scores.get('rating')}",
            textual=True,
        ),
        Tile(percent(scores.get("completion")), _("Completion")),
    ]
    if report["kind"] == "evaluation":
        verified = scores.get("verified") or {}
        outcome = (scores.get("evaluation") or {}).get("outcome")
        headline = [
            Tile(
                score(verified.get("overall")),
                _("Verified"),
                " ".join((_("Self-reported"), score(scores.get("overall")))),
            ),
            Tile(
                pick(RATING_LABELS, verified.get("rating")),
                _("Rating"),
                key=f"rating-{verified.get('rating')}",
                textual=True,
            ),
            Tile(
                pick(OUTCOME_LABELS, outcome),
                _("Outcome"),
                key=f"outcome-{outcome}",
                textual=True,
            ),
        ]
    if _reviewed(data):
        facts.append(Fact(_("Verification coverage"), coverage_text(scores) or "—"))
    if evaluation.get("override_reason"):
        facts.append(
            Fact(
                _("Approved despite the outcome “Fail” — reason"),
                str(evaluation["override_reason"]),
            )
        )
    subtitle = (
        _("Item-by-item verification and reliability evaluation by a third-party evaluation body.")
        if report["kind"] == "evaluation"
        else _("Results of the self-check — a self-assessment, not verified by a third party.")
    )
    if report["kind"] == "self_assessment" and _reviewed(data):
        subtitle = _(
            "Results of the self-check — the verified figures apply the item verdicts of {body}."
        ).format(body=assessment.get("evaluation_body") or "")
    return Cover(
        title=_title(report["kind"]),
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
                code,
                area.label(language) if area else code,
                area.act_ref_label(language) if area else "",  # 제2조제4호사목 / Art. 2(4)(g)
            )
        )
    return tuple(rows)


def _summary(
    data: Mapping[str, Any],
    checklists: Sequence[AppliedChecklist],
    language: str,
) -> Summary:
    scores = data["scores"]
    verified = scores.get("verified") or {}
    evaluation = scores.get("evaluation") or {}
    screening = scores.get("screening")
    is_evaluation = data["report"]["kind"] == "evaluation"
    tiles = [
        Tile(
            score(scores.get("overall")),
            _("Self-reported"),
            pick(RATING_LABELS, scores.get("rating")),
            f"rating-{scores.get('rating')}",
        )
    ]
    if verified.get("overall") is not None:
        tiles.append(
            Tile(
                score(verified["overall"]),
                _("Verified"),
                " · ".join(
                    part
                    for part in (
                        pick(RATING_LABELS, verified.get("rating")),
                        coverage_text(scores),
                    )
                    if part
                ),
                f"rating-{verified.get('rating')}",
            )
        )
    tiles.append(
        Tile(
            percent(scores.get("completion")),
            _("Completion"),
            f"{scores.get('answered', 0)} / {scores.get('required', 0)}",
        )
    )
    critical_count = len(scores.get("critical_gaps", []))
    tiles.append(
        Tile(
            str(critical_count),
            _("Critical gaps"),
            " ".join((_("Gaps"), str(len(scores.get("gaps", []))))),
            "bad" if critical_count else "",
        )
    )
    if is_evaluation and evaluation:
        tiles.append(
            Tile(
                pick(OUTCOME_LABELS, evaluation.get("outcome")),
                _("Outcome"),
                " ".join((_("Total"), score(evaluation.get("total")))),
                f"outcome-{evaluation.get('outcome')}",
                textual=True,
            )
        )

    self_checks = [c for c in checklists if c.document.kind is Kind.SELF_CHECK]
    statements = [
        _(
            "{checklists} checklists; {answered} of {required} required items answered "
            "({completion} complete)."
        ).format(
            checklists=len(checklists),
            answered=scores.get("answered", 0),
            required=scores.get("required", 0),
            completion=percent(scores.get("completion")),
        ),
        _("The self-reported overall score is {score}, rated “{rating}”.").format(
            score=score(scores.get("overall")),
            rating=pick(RATING_LABELS, scores.get("rating")),
        ),
    ]
    if verified.get("overall") is not None:
        statements.append(
            _(
                "After the evaluator's verification the score is {score}, rated “{rating}” "
                "({coverage})."
            )
            .format(
                score=score(verified["overall"]),
                rating=pick(RATING_LABELS, verified.get("rating")),
                coverage=coverage_text(scores),
            )
            .replace(" ()", "")
        )
    critical = list(scores.get("critical_gaps", []))
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

    facts: list[Fact] = []
    high_impact_key = "unknown"
    act_areas: tuple[AreaRow, ...] = ()
    high_risk: tuple[AreaRow, ...] = ()
    if screening:
        high_impact_key = "yes" if screening.get("high_impact") else "no"
        level = IMPACT_NUMERALS.get(screening.get("impact_level") or 0, "—")
        statements.append(
            (
                _(
                    "The screening found the system high-impact under the AI Basic Act (impact "
                    "level {level})."
                )
                if screening.get("high_impact")
                else _(
                    "The screening found the system not high-impact under the AI Basic Act "
                    "(impact level {level})."
                )
            ).format(level=level)
        )
        if screening.get("rationale_required"):
            rationale = str(screening.get("rationale") or "").strip()
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
        facts = [
            Fact(
                _("High-impact AI"),
                _("Yes — under Art. 2(4) of the AI Basic Act")
                if screening.get("high_impact")
                else _("Not high-impact"),
            ),
            Fact(
                _("Significant effect on life, safety or rights"),
                _("Yes") if screening.get("significant") else _("No"),
            ),
            Fact(_("Impact level"), level),
            Fact(_("Impact share"), percent(screening.get("impact_share"))),
            Fact(_("Mitigation share"), percent(screening.get("mitigation_share"))),
        ]
        act_areas = _area_rows(screening.get("act_areas", []), language)
        high_risk = _area_rows(screening.get("high_risk_areas", []), language)
    if is_evaluation and evaluation.get("outcome"):
        statements.append(
            _("The reliability evaluation outcome is “{outcome}” (total {total}).").format(
                outcome=pick(OUTCOME_LABELS, evaluation["outcome"]),
                total=score(evaluation.get("total")),
            )
        )

    by_label = {row["checklist"]: row for row in scores.get("checklists", [])}
    bars = [Bar(_("Overall"), scores.get("overall"), verified.get("overall"))]
    for c in self_checks:
        row = by_label.get(c.label, {})
        bars.append(
            Bar(c.document.title.get(language), row.get("score"), row.get("verified_score"))
        )
    title = (
        _("Self-reported and verified, by checklist")
        if any(b.verified is not None for b in bars)
        else _("Self-reported scores by checklist")
    )
    chart = Chart(title, tuple(bars), _("Self-reported"), _("Verified"))
    requirements = ethics_requirements(
        [c.document for c in self_checks], scores.get("sections", []), language
    )
    ethics = Chart(
        _("The ten key requirements of the National AI Ethics Standards"),
        tuple(Bar(r.label, r.score, r.verified) for r in requirements),
        _("Self-reported"),
        _("Verified"),
    )
    return Summary(
        tiles=tuple(tiles),
        statements=tuple(statements),
        screening=tuple(facts),
        high_impact_key=high_impact_key,
        act_areas=act_areas,
        high_risk_areas=high_risk,
        chart=chart if self_checks else None,
        ethics=ethics if requirements else None,
    )


def _findings(
    scores: Mapping[str, Any],
    checklists: Sequence[AppliedChecklist],
    language: str,
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
                # A same_as item answered in its owner checklist is counted there, once.
                if item.code not in c.visible or item.code in c.referred:
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
                    score=score(given.get("score")),
                    verified=score(given.get("verified_score")),
                    completion=percent(given.get("completion")),
                    critical=tuple(critical),
                    **counts,
                )
            )
        total = by_label.get(c.label, {})
        facts = [
            Fact(_("Score"), score(total.get("score"))),
            Fact(_("Rating"), pick(RATING_LABELS, total.get("rating"))),
            Fact(_("Completion"), percent(total.get("completion"))),
        ]
        if total.get("verified_score") is not None:
            facts.insert(2, Fact(_("Verified"), score(total["verified_score"])))
        bars = tuple(
            Bar(
                f"{s.code} {s.title.get(language)}",
                sections.get((c.document.slug, s.code), {}).get("score"),
                sections.get((c.document.slug, s.code), {}).get("verified_score"),
            )
            for s in c.document.sections
        )
        chart = Chart(_("Scores by section"), bars, _("Self-reported"), _("Verified"))
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
                achieved=percent(gap["value"]),
                critical=bool(gap.get("critical")),
                verdict=pick(VERDICT_LABELS, verdict.get("verdict")) if verdict else "",
                recommendation=str(recommendation.get(language) or ""),
            )
        )
    return tuple(rows)


def _evaluation(
    data: Mapping[str, Any],
    scores: Mapping[str, Any],
    document: ChecklistDocument | None,
    language: str,
) -> Evaluation | None:
    evaluation = data.get("evaluation")
    if data["report"]["kind"] != "evaluation" or not evaluation or document is None:
        return None
    result = scores.get("evaluation") or {}
    ratings = evaluation.get("ratings", {})
    scope = evaluation.get("scope") or {}
    excluded = set(scope.get("excluded") or ())
    group_scores = {g["code"]: g["score"] for g in result.get("groups", [])}
    groups = []
    for section in document.sections:
        rows = []
        for item in section.items:
            given = ratings.get(item.code) or {}
            rating = given.get("rating")
            option = item.option(str(rating)) if rating is not None else None
            level = (
                option.label.get(language)
                if option
                else (_("Not rated") if item.code not in ratings else "")
            )
            if given.get("value") is not None:
                level = fmt.answer(item, given["value"], language)
                if given.get("source"):
                    level += f" · {given['source']}"
            shown = (
                _("N/A")
                if item.code in ratings and rating is None
                else (str(rating) if rating is not None else "—")
            )
            if given.get("state") == "not_evaluated":
                shown, level = "—", _("Not evaluated")
            if item.code in excluded:
                shown, level = "—", _("Out of scope")
            rows.append(
                CriterionRow(
                    code=item.code,
                    text=item.text.get(language),
                    rating=shown,
                    level=level,
                    rationale=str(given.get("rationale", "")),
                    critical=item.critical,
                    below=rating is not None and rating < 3 and item.code not in excluded,
                )
            )
        groups.append(
            CriteriaGroup(
                section.code,
                section.title.get(language),
                score(group_scores.get(section.code)),
                tuple(rows),
            )
        )
    facts = (
        Fact(_("Outcome"), pick(OUTCOME_LABELS, result.get("outcome"))),
        Fact(_("Evaluation total"), score(result.get("total"))),
        Fact(_("Reliability criteria"), f"{result.get('rated', 0)} / {result.get('criteria', 0)}"),
        *(
            (Fact(_("TTA requirements in scope"), ", ".join(scope.get("tta") or ()) or "—"),)
            if scope
            else ()
        ),
    )
    return Evaluation(document.title.get(language), facts, result.get("outcome"), tuple(groups))


def _signoff(data: Mapping[str, Any], language: str) -> SignOff:
    report = data["report"]
    evaluation = data.get("evaluation") or {}
    if report["kind"] == "evaluation":
        return SignOff(
            statement=_(
                "The evaluation body reviewed the submission for the AI system above item by item, "
                "rated it against the reliability criteria, and confirms that the results are as "
                "stated in this report."
            ),
            facts=(
                Fact(_("Decision"), pick(DECISION_LABELS, evaluation.get("decision"))),
                Fact(_("Decided on"), fmt.timestamp(evaluation.get("decided_at"), language)),
                Fact(_("Evaluation body"), evaluation.get("body", "")),
                *(
                    (
                        Fact(
                            _("Approved despite the outcome “Fail” — reason"),
                            str(evaluation["override_reason"]),
                        ),
                    )
                    if evaluation.get("override_reason")
                    else ()
                ),
            ),
            opinion=str(evaluation.get("opinion") or ""),
            signer=str(evaluation.get("evaluator") or report["issuer"]),
            signer_role=_("Evaluator"),
            organisation=str(evaluation.get("body", "")),
            date=fmt.date(report["issued_at"], language),
        )
    statement = _(
        "The organisation above confirms that the answers in this report were true when submitted. "
        "This report has not been verified by a third-party evaluation body."
    )
    if _reviewed(data):
        statement = (
            _(
                "The organisation above confirms that the answers in this report were true when "
                "submitted. This is the organisation's own report; its verified figures apply the "
                "item verdicts of {body} ({coverage}). The evaluation body's decision is stated in "
                "its evaluation report."
            )
            .format(
                body=data["assessment"].get("evaluation_body") or "",
                coverage=coverage_text(data["scores"]),
            )
            .replace(" ()", "")  # data issued before coverage was recorded
            .replace("()", "")
        )
    return SignOff(
        statement=statement,
        facts=(
            Fact(
                _("Submitted on"),
                fmt.timestamp(data["assessment"].get("submitted_at"), language),
            ),
            Fact(_("Issued on"), fmt.timestamp(report["issued_at"], language)),
        ),
        opinion="",
        signer=report["issuer"],
        signer_role=_("Issued by"),
        organisation=data["organisation"],
        date=fmt.date(report["issued_at"], language),
    )
