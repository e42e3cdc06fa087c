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

from assessments import scoring, selectors
from assessments.choices import Status
from assessments.models import AISystem, Assessment, Revision
from assessments.readouts import IMPACT_NUMERALS, score_payload
from assessments.views.common import answer_display
from checklists.areas import AREAS
from checklists.schema import ChecklistDocument, Kind
from portfolio.duties import ARTICLES, Screening, duties_of
from reports import formatting as fmt
from reports.isolation import render_isolated
from reports.labels import DOMAINS, SYSTEM_ROLES, labels_for, pick
from reports.linebreak import keep_korean_words
from reports.render import page_numbers, report_stylesheets, static_roots
from reports.sandbox import RenderJob
from reports.selectors import display_name

_TEXTS: Final[dict[str, tuple[str, str]]] = {
    "title": ("고영향 인공지능 해당 여부 판단서", "High-impact AI review record"),
    "subtitle": (
        "인공지능 기본법 제33조에 따른 사전 검토 기록 — 최근 선별 점검 결과로 작성",
        "Record of the advance review under Art. 33 of the AI Basic Act — from the latest "
        "screening",
    ),
    "record_facts": ("검토 개요", "Review"),
    "assessment": ("평가", "Assessment"),
    "assessment_value": (
        "#{id} · {status} · 제출 {revision}회",
        "#{id} · {status} · submitted {revision} times",
    ),
    "screening": ("선별 점검표", "Screening checklist"),
    "reviewed_by": ("검토자(최종 응답자)", "Reviewed by (last to answer)"),
    "reviewed_at": ("최종 응답 일시", "Answers last changed"),
    "answerers": ("응답자", "Answered by"),
    "submitted": ("제출", "Submitted"),
    "submitted_value": ("제{n}차, {who}, {when}", "revision {n}, {who}, {when}"),
    "not_submitted": ("아직 제출되지 않음", "Not submitted yet"),
    "generated": ("작성 일시", "Generated"),
    "result": ("판단 결과", "Result"),
    "result_yes": (
        "고영향 인공지능에 해당합니다 (인공지능 기본법 제2조제4호).",
        "The system is high-impact AI (Art. 2(4) of the AI Basic Act).",
    ),
    "result_no": (
        "고영향 인공지능에 해당하지 않습니다.",
        "The system is not high-impact AI.",
    ),
    "result_pending": (
        "선별 점검이 끝나지 않아 판단하지 않았습니다 ({answered}/{questions}개 응답).",
        "No result yet: the screening is not finished ({answered} of {questions} questions "
        "answered).",
    ),
    "rationale": ("판단 근거", "Rationale"),
    "why_significant_yes": (
        "생명·신체의 안전 또는 기본권에 중대한 영향을 미칠 우려가 있다고 답했습니다.",
        "The screening answers that the system may significantly affect life, physical safety or "
        "fundamental rights.",
    ),
    "why_significant_no": (
        "생명·신체의 안전 또는 기본권에 중대한 영향을 미칠 우려가 없다고 답했거나 답하지 "
        "않았습니다.",
        "The screening does not answer that the system may significantly affect life, physical "
        "safety or fundamental rights.",
    ),
    "why_areas": ("법정 고영향 영역에 해당: {areas}.", "Used in areas the Act lists: {areas}."),
    "why_no_areas": (
        "법정 고영향 영역에 해당하지 않습니다.",
        "Not used in any area the Act lists.",
    ),
    "why_high_risk": (
        "정부 고위험 영역 목록에 해당: {areas}.",
        "On the ministry's list of high-risk areas: {areas}.",
    ),
    "why_rule": (
        "고영향 인공지능은 중대한 영향과 법정 영역을 모두 충족해야 합니다.",
        "High-impact status needs both a significant effect and an area the Act lists.",
    ),
    "why_impact": (
        "영향 점수 비율 {impact}, 완화 조치 비율 {mitigation}, 조정 후 {adjusted}: "
        "영향 수준 {level}.",
        "Impact share {impact}, mitigation share {mitigation}, adjusted {adjusted}: impact level "
        "{level}.",
    ),
    "duties": ("적용되는 사업자 책무", "Operator duties that apply"),
    "duty": ("조항", "Article"),
    "duty_name": ("책무", "Duty"),
    "duty_status": ("적용 여부", "Applies"),
    "applies": ("적용", "Applies"),
    "not_applicable": ("비적용", "Does not apply"),
    "undetermined": ("판단 불가", "Not determined"),
    "art31": ("제31조 인공지능 기반 고지·생성물 표시", "Art. 31 notice and labelling"),
    "art32": ("제32조 안전성 확보 의무", "Art. 32 safety duty"),
    "art34": ("제34조 고영향 인공지능 사업자의 책무", "Art. 34 high-impact operator measures"),
    "art35": ("제35조 기본권 영향평가 (노력 의무)", "Art. 35 impact assessment (endeavour)"),
    "art36": ("제36조 국내대리인 지정", "Art. 36 domestic agent"),
    "questions": ("선별 질문과 응답", "Screening questions and answers"),
    "art33_title": ("제33조 확인 요청 안내", "Art. 33: asking the ministry to confirm"),
    "art33_note": (
        "인공지능사업자는 인공지능 기본법 제33조에 따라 인공지능 또는 이를 이용한 제품·서비스가 "
        "고영향 인공지능에 해당하는지 사전에 검토해야 하며, 필요하면 과학기술정보통신부장관에게 "
        "해당 여부의 확인을 요청할 수 있습니다. 장관은 원칙적으로 30일 이내에 답하며, 한 차례 "
        "30일 연장할 수 있습니다.",
        "Under Art. 33 of the AI Basic Act the operator reviews in advance whether the AI system, "
        "or a product or service using it, is high-impact, and may ask the Minister of Science "
        "and ICT to confirm. The ministry answers within 30 days as a rule, extendable once by "
        "30 days.",
    ),
    "not_a_report": (
        "이 판단서는 작성 시점의 선별 점검 응답으로 만든 문서이며, 발행된 보고서가 아니므로 "
        "보고서 번호와 진위 확인이 없습니다.",
        "Made from the screening's answers as they stood when generated; not an issued report, "
        "so it carries no report code and no verification.",
    ),
}


def texts_for(language: str) -> dict[str, str]:
    index = 1 if language == "en" else 0
    return labels_for(language) | {key: pair[index] for key, pair in _TEXTS.items()}


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
            impact=fmt.percent(screening.get("impact_share")),
            mitigation=fmt.percent(screening.get("mitigation_share")),
            adjusted=fmt.percent(screening.get("adjusted_share")),
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
            Line(t["domain"], pick(DOMAINS, system["domain"], language)),
            Line(t["system_role"], pick(SYSTEM_ROLES, system["role"], language)),
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
