"""The high-impact review record (고영향 인공지능 해당 여부 판단서) of one AI system.

Art. 33 of the AI Basic Act has the operator review in advance whether a system is high-impact;
this is the written record of that review, built from the system's latest screening: every
question shown with its answer and comment, the areas, the significance, the impact level, the
rationale, who answered and when, the result, the duties that follow, and the note that the
operator may ask the ministry to confirm.

It is a printable document made on demand, not an issued report: no snapshot, no code, no
verification page. The screening it reads may still change (a draft), and what certifies a
submitted screening is the self-assessment or evaluation report, which includes it. It is
rendered by the reports' own machinery: the same stylesheet and fonts, the sandboxed WeasyPrint
child with its static-only URL fetcher (``reports.isolation``), Korean kept whole by
``reports.linebreak``; user text is escaped by the template and stripped of bidirectional
controls.

``record_data`` reads the database (a fixed number of queries); ``build_record`` is pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from assessments import scoring, selectors
from assessments.choices import Status
from assessments.models import AISystem, Assessment, Revision
from assessments.readouts import score_payload
from assessments.texts import IMPACT_NUMERALS, SYSTEM_ROLE_LABELS
from assessments.views.common import answer_display
from checklists.areas import AREAS
from checklists.labels import DOMAIN_LABELS
from checklists.schema import ChecklistDocument, Kind
from core.formatting import percent
from portfolio.duties import ARTICLES, Screening, duties_of
from reports import formatting as fmt
from reports.isolation import render_isolated
from reports.linebreak import keep_korean_words
from reports.render import page_numbers, report_stylesheets, static_roots
from reports.sandbox import RenderJob
from reports.selectors import display_name

_TEXTS: Final[dict[str, Any]] = {
    "answer": pgettext_lazy("review record", "Answer"),
    "code": pgettext_lazy("review record", "Code"),
    "comment": pgettext_lazy("review record", "Comment"),
    "high_impact_no": pgettext_lazy("review record", "No"),
    "high_impact_unknown": pgettext_lazy("review record", "Not screened"),
    "high_impact_yes": pgettext_lazy("review record", "Yes — under Art. 2(4) of the AI Basic Act"),
    "question": pgettext_lazy("review record", "Question"),
    "act_areas": pgettext_lazy("review record", "High-impact areas under the Act"),
    "deployment": pgettext_lazy("review record", "Deployment context"),
    "domain": pgettext_lazy("review record", "Domain"),
    "generative": pgettext_lazy("review record", "Generative AI"),
    "high_impact": pgettext_lazy("review record", "High-impact AI"),
    "high_risk_areas": pgettext_lazy("review record", "Areas on the ministry's high-risk list"),
    "impact_level": pgettext_lazy("review record", "Impact level"),
    "no": pgettext_lazy("review record", "No"),
    "none": pgettext_lazy("review record", "None"),
    "purpose": pgettext_lazy("review record", "Purpose"),
    "significant": pgettext_lazy("review record", "Significant effect on life, safety or rights"),
    "system_role": pgettext_lazy("review record", "Operator role"),
    "unanswered": pgettext_lazy("review record", "Unanswered"),
    "users": pgettext_lazy("review record", "Users and people affected"),
    "yes": pgettext_lazy("review record", "Yes"),
    "title": pgettext_lazy("review record", "High-impact AI review record"),
    "subtitle": pgettext_lazy(
        "review record",
        "Record of the advance review under Art. 33 of the AI Basic "
        "Act — from the latest screening",
    ),
    "record_facts": pgettext_lazy("review record", "Review"),
    "assessment": pgettext_lazy("review record", "Assessment"),
    "assessment_value": pgettext_lazy(
        "review record", "#{id} · {status} · submitted {revision} times"
    ),
    "screening": pgettext_lazy("review record", "Screening checklist"),
    "reviewed_by": pgettext_lazy("review record", "Reviewed by (last to answer)"),
    "reviewed_at": pgettext_lazy("review record", "Answers last changed"),
    "answerers": pgettext_lazy("review record", "Answered by"),
    "submitted": pgettext_lazy("review record", "Submitted"),
    "submitted_value": pgettext_lazy("review record", "revision {n}, {who}, {when}"),
    "not_submitted": pgettext_lazy("review record", "Not submitted yet"),
    "generated": pgettext_lazy("review record", "Generated"),
    "result": pgettext_lazy("review record", "Result"),
    "result_yes": pgettext_lazy(
        "review record", "The system is high-impact AI (Art. 2(4) of the AI Basic Act)."
    ),
    "result_no": pgettext_lazy("review record", "The system is not high-impact AI."),
    "result_pending": pgettext_lazy(
        "review record",
        "No result yet: the screening is not finished ({answered} of "
        "{questions} questions answered).",
    ),
    "rationale": pgettext_lazy("review record", "Rationale"),
    "why_significant_yes": pgettext_lazy(
        "review record",
        "The screening answers that the system may significantly "
        "affect life, physical safety or fundamental rights.",
    ),
    "why_significant_no": pgettext_lazy(
        "review record",
        "The screening does not answer that the system may "
        "significantly affect life, physical safety or fundamental "
        "rights.",
    ),
    "why_areas": pgettext_lazy("review record", "Used in areas the Act lists: {areas}."),
    "why_no_areas": pgettext_lazy("review record", "Not used in any area the Act lists."),
    "why_high_risk": pgettext_lazy(
        "review record", "On the ministry's list of high-risk areas: {areas}."
    ),
    "why_rule": pgettext_lazy(
        "review record",
        "High-impact status needs both a significant effect and an area the Act lists.",
    ),
    "why_impact": pgettext_lazy(
        "review record",
        "Impact share {impact}, mitigation share {mitigation}, "
        "adjusted {adjusted}: impact level {level}.",
    ),
    "duties": pgettext_lazy("review record", "Operator duties that apply"),
    "duty": pgettext_lazy("review record", "Article"),
    "duty_name": pgettext_lazy("review record", "Duty"),
    "duty_status": pgettext_lazy("review record", "Applies"),
    "applies": pgettext_lazy("review record", "Applies"),
    "not_applicable": pgettext_lazy("review record", "Does not apply"),
    "undetermined": pgettext_lazy("review record", "Not determined"),
    "art31": pgettext_lazy("review record", "Art. 31 notice and labelling"),
    "art32": pgettext_lazy("review record", "Art. 32 safety duty"),
    "art34": pgettext_lazy("review record", "Art. 34 high-impact operator measures"),
    "art35": pgettext_lazy("review record", "Art. 35 impact assessment (endeavour)"),
    "art36": pgettext_lazy("review record", "Art. 36 domestic agent"),
    "questions": pgettext_lazy("review record", "Screening questions and answers"),
    "art33_title": pgettext_lazy("review record", "Art. 33: asking the ministry to confirm"),
    "art33_note": pgettext_lazy(
        "review record",
        "Under Art. 33 of the AI Basic Act the operator reviews in "
        "advance whether the AI system, or a product or service using"
        " it, is high-impact, and may ask the Minister of Science and"
        " ICT to confirm. The ministry answers within 30 days as a "
        "rule, extendable once by 30 days.",
    ),
    "not_a_report": pgettext_lazy(
        "review record",
        "Made from the screening's answers as they stood when "
        "generated; not an issued report, so it carries no report "
        "code and no verification.",
    ),
}


def texts_for(language: str) -> dict[str, str]:
    """The record's texts from the one catalogue, in the record's language."""
    with translation.override(language):
        return {key: str(text) for key, text in _TEXTS.items()}


def _label(table: Mapping[str, Any], key: str | None, language: str) -> str:
    """A choice's label in ``language``; an unknown key as it is, None as a dash."""
    if key is None:
        return "—"
    with translation.override(language):
        return str(table.get(key, key))


@dataclass(frozen=True, slots=True)
class Line:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Question:
    code: str
    section: str
    text: str
    answer: str
    comment: str
    area: str


@dataclass(frozen=True, slots=True)
class Duty:
    article: str
    name: str
    status_key: str
    status: str


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    language: str
    t: Mapping[str, str]
    organisation: str
    system: str
    system_facts: tuple[Line, ...]
    record_facts: tuple[Line, ...]
    result_key: str
    result: str
    result_facts: tuple[Line, ...]
    rationale: tuple[str, ...]
    duties: tuple[Duty, ...]
    questions: tuple[Question, ...]


def record_data(system: AISystem, language: str) -> dict[str, Any] | None:
    """Everything the record shows, as plain data (None: the system was never assessed); the
    assessment's status is named in ``language``."""
    assessment = (
        Assessment.objects.filter(system=system)
        .select_related("system__organization")
        .order_by("-created_at", "-pk")
        .first()
    )
    if assessment is None:
        return None
    applied = selectors.applied_checklists(assessment)
    screening = next((e for e in applied if e.document.kind is Kind.SCREENING), None)
    if screening is None:
        return None
    answers = selectors.answers_by_version(assessment).get(screening.version.pk, {})
    people = {a.updated_by_id: a for a in answers.values()}
    from django.contrib.auth import get_user_model

    users = {u.pk: display_name(u) for u in get_user_model().objects.filter(pk__in=list(people))}
    latest = max(answers.values(), key=lambda a: a.updated_at, default=None)
    revision = (
        Revision.objects.filter(assessment=assessment, number=assessment.revision)
        .select_related("submitted_by")
        .first()
    )
    figures = score_payload(selectors.score_of(assessment))
    return {
        "organisation": system.organization.name,
        "system": {
            "name": system.name,
            "purpose": system.purpose,
            "domain": system.domain,
            "role": system.role,
            "deployment": system.deployment_context,
            "users": system.user_groups,
            "generative": system.generative,
        },
        "assessment": {
            "id": assessment.pk,
            "status": _status_label(assessment.status, language),
            "revision": assessment.revision,
        },
        "screening": screening.label,
        "document": screening.document,
        "answers": {code: {"value": a.value, "comment": a.comment} for code, a in answers.items()},
        "answerers": sorted(set(users.values())),
        "reviewed_by": users.get(latest.updated_by_id, "") if latest else "",
        "reviewed_at": latest.updated_at.isoformat() if latest else None,
        "submitted": {
            "number": revision.number,
            "by": display_name(revision.submitted_by),
            "at": revision.created_at.isoformat(),
        }
        if revision is not None
        else None,
        "figures": figures,
        "generated_at": timezone.now().isoformat(),
    }


def _status_label(status: str, language: str) -> str:
    with translation.override(language):
        return str(Status(status).label)


def build_record(data: Mapping[str, Any], language: str) -> ReviewRecord:
    """The record's content in ``language``: display-ready text, user text left for the template
    to escape. Pure."""
    document: ChecklistDocument = data["document"]
    data = fmt.without_bidi_controls({k: v for k, v in data.items() if k != "document"})
    t = texts_for(language)
    system = data["system"]
    screening = data["figures"]["screening"] or {}
    complete = bool(screening.get("complete"))
    high_impact = bool(screening.get("high_impact"))
    key = "pending" if not complete else ("yes" if high_impact else "no")
    result = (
        t["result_pending"].format(
            answered=screening.get("answered", 0), questions=screening.get("questions", 0)
        )
        if key == "pending"
        else t[f"result_{key}"]
    )
    values = {code: entry["value"] for code, entry in data["answers"].items()}
    visible = scoring.visible_items(document, {k: v for k, v in values.items() if v is not None})
    questions = []
    for section, item in document.items():
        if item.code not in visible:
            continue
        given = data["answers"].get(item.code, {})
        area = AREAS.get(item.area) if item.area else None
        questions.append(
            Question(
                code=item.code,
                section=section.title.get(language),
                text=item.text.get(language),
                answer=answer_display(given.get("value"), item, language)
                if given.get("value") is not None
                else t["unanswered"],
                comment=str(given.get("comment") or ""),
                area=area.label(language) if area else "",
            )
        )

    def area_text(codes: list[str], with_ref: bool) -> str:
        return ", ".join(
            f"{AREAS[c].label(language)} ({AREAS[c].act_ref_label(language)})"
            if with_ref
            else AREAS[c].label(language)
            for c in codes
            if c in AREAS
        )

    act, risky = list(screening.get("act_areas", [])), list(screening.get("high_risk_areas", []))
    level = IMPACT_NUMERALS.get(screening.get("impact_level") or 0, "—")
    rationale = [
        t["why_significant_yes"] if screening.get("significant") else t["why_significant_no"],
        t["why_areas"].format(areas=area_text(act, True)) if act else t["why_no_areas"],
        *([t["why_high_risk"].format(areas=area_text(risky, False))] if risky else []),
        t["why_rule"],
        t["why_impact"].format(
            impact=percent(screening.get("impact_share")),
            mitigation=percent(screening.get("mitigation_share")),
            adjusted=percent(screening.get("adjusted_share")),
            level=level,
        ),
    ]
    duties = duties_of(
        generative=bool(system["generative"]),
        screening=Screening(
            complete=complete,
            high_impact=high_impact,
            answers=values,
            item_codes=frozenset(item.code for _s, item in document.items()),
        ),
    )
    submitted = data.get("submitted")
    record_facts = [
        Line(
            t["assessment"],
            t["assessment_value"].format(
                id=data["assessment"]["id"],
                status=data["assessment"]["status"],
                revision=data["assessment"]["revision"],
            ),
        ),
        Line(t["screening"], f"{document.title.get(language)} ({data['screening']})"),
        Line(t["reviewed_by"], data["reviewed_by"] or "—"),
        Line(t["reviewed_at"], fmt.timestamp(data.get("reviewed_at"), language)),
        Line(t["answerers"], ", ".join(data["answerers"]) or "—"),
        Line(
            t["submitted"],
            t["submitted_value"].format(
                n=submitted["number"],
                who=submitted["by"],
                when=fmt.timestamp(submitted["at"], language),
            )
            if submitted
            else t["not_submitted"],
        ),
        Line(t["generated"], fmt.timestamp(data["generated_at"], language)),
    ]
    return ReviewRecord(
        language=language,
        t=t,
        organisation=data["organisation"],
        system=system["name"],
        system_facts=(
            Line(t["purpose"], system["purpose"]),
            Line(t["domain"], _label(DOMAIN_LABELS, system["domain"], language)),
            Line(t["system_role"], _label(SYSTEM_ROLE_LABELS, system["role"], language)),
            Line(t["deployment"], system["deployment"] or "—"),
            Line(t["users"], system["users"] or "—"),
            Line(t["generative"], t["yes"] if system["generative"] else t["no"]),
        ),
        record_facts=tuple(record_facts),
        result_key=key,
        result=result,
        result_facts=(
            Line(t["high_impact"], t[f"high_impact_{'unknown' if key == 'pending' else key}"]),
            Line(t["significant"], t["yes"] if screening.get("significant") else t["no"]),
            Line(t["act_areas"], area_text(act, True) or t["none"]),
            Line(t["high_risk_areas"], area_text(risky, False) or t["none"]),
            Line(t["impact_level"], level if complete else "—"),
        ),
        rationale=tuple(rationale),
        duties=tuple(
            Duty(article, t[f"art{article}"], duties[article].value, t[duties[article].value])
            for article in ARTICLES
        ),
        questions=tuple(questions),
    )


def record_html(record: ReviewRecord) -> str:
    return keep_korean_words(render_to_string("portfolio/review_record.html", {"r": record}))


def review_record_pdf(*, system: AISystem, language: str) -> bytes:
    """The record as PDF bytes, rendered in a sandboxed child like every report."""
    from django.http import Http404

    data = record_data(system, language)
    if data is None:
        raise Http404
    record = build_record(data, language)
    job = RenderJob(
        parts=(record_html(record),),
        stylesheets=report_stylesheets(),
        static_roots=static_roots(),
        page_numbers=page_numbers(language),
    )
    output = render_isolated(
        job,
        timeout=settings.REPORT_RENDER_TIMEOUT,
        memory_mb=settings.REPORT_RENDER_MEMORY_MB,
        processes=1,
    )
    return output.pdf
