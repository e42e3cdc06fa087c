"""Evaluator pages: the body's queue, the item-by-item review, and the reliability rubric."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import selectors, services
from assessments.choices import BODY_ROLES, DOMAIN_LABELS, Status, VerdictChoice
from assessments.models import (
    Assessment,
    AssessmentChecklist,
    CriterionRating,
    Evidence,
    ItemVerdict,
    Membership,
)
from assessments.views.common import answer_display, require, viewer_of, visible_assessment
from checklists.schema import Domain
from checklists.selectors import document_for
from config.exceptions import ApplicationError


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    bodies = Membership.objects.filter(user_id=request.user.pk or 0, role__in=BODY_ROLES).values(
        "organization"
    )
    queryset = (
        Assessment.objects.visible_to(request.user)
        .filter(evaluation_body__in=bodies)
        .select_related("system__organization", "claimed_by")
        .order_by("-submitted_at", "-pk")
    )
    status = request.GET.get("status", "")
    domain = request.GET.get("domain", "")
    high_impact = request.GET.get("high_impact", "")
    if status in Status.values:
        queryset = queryset.filter(status=status)
    if domain in {d.value for d in Domain}:
        queryset = queryset.filter(system__domain=domain)
    if high_impact in ("yes", "no"):
        queryset = queryset.filter(screening__high_impact=(high_impact == "yes"))
    return render(
        request,
        "assessments/queue.html",
        {
            "rows": queryset[:200],
            "statuses": Status.choices,
            "domains": [(d.value, DOMAIN_LABELS.get(d.value, d.value)) for d in Domain],
            "filters": {"status": status, "domain": domain, "high_impact": high_impact},
        },
    )


@login_required
def review(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    require(viewer.is_reviewer)
    applied = selectors.applied_checklists(assessment)
    entry = next((e for e in applied if e.document.slug == slug), None)
    require(entry is not None)
    assert entry is not None
    language = _language()
    may_review = assessment.status == Status.IN_REVIEW and "request_changes" in viewer.steps(
        assessment
    )
    if request.method == "POST":
        require(may_review)
        saved, failed = 0, []
        existing = {
            v.item_code: v
            for v in ItemVerdict.objects.filter(
                assessment=assessment, checklist_version=entry.version
            )
        }
        for key, verdict in request.POST.items():
            if not key.startswith("v-") or not verdict:
                continue
            code = key[2:]
            remark = request.POST.get(f"r-{code}", "")
            current = existing.get(code)
            if current is not None and current.verdict == verdict and current.remark == remark:
                continue
            try:
                services.verdict_set(
                    actor=request.user,
                    assessment=assessment,
                    checklist=slug,
                    item=code,
                    verdict=str(verdict),
                    remark=remark,
                )
                saved += 1
            except ApplicationError as exc:
                failed.append(f"{code}: {exc.message}")
        if failed:
            messages.error(request, " ".join(failed))
        else:
            messages.success(request, _("%(count)d verdicts saved.") % {"count": saved})
        return redirect(f"{request.path}?section={request.POST.get('section', '')}")

    document = entry.document
    section_code = request.GET.get("section") or document.sections[0].code
    section = next((s for s in document.sections if s.code == section_code), document.sections[0])
    answers = selectors.answers_seen_by(request.user, assessment).get(entry.version.pk, {})
    verdicts = {
        v.item_code: v
        for v in ItemVerdict.objects.filter(assessment=assessment, checklist_version=entry.version)
    }
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for row in Evidence.objects.filter(
        assessment=assessment, checklist_version=entry.version
    ).order_by("pk"):
        evidence[row.item_code].append(row)
    items = [
        {
            "item": item,
            "text": item.text.get(language),
            "guidance": item.guidance.get(language) if item.guidance else "",
            "answer": answer_display(answers[item.code].value, item, language)
            if item.code in answers
            else None,
            "comment": answers[item.code].comment if item.code in answers else "",
            "evidence": evidence.get(item.code, []),
            "verdict": verdicts.get(item.code),
        }
        for item in section.items
    ]
    return render(
        request,
        "assessments/review.html",
        {
            "assessment": assessment,
            "entry": entry,
            "title": document.title.get(language),
            "sections": [
                {"code": s.code, "title": s.title.get(language), "current": s.code == section.code}
                for s in document.sections
            ],
            "section": section,
            "section_title": section.title.get(language),
            "items": items,
            "verdict_choices": VerdictChoice.choices,
            "may_review": may_review,
            "applied": applied,
        },
    )


@login_required
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    require(viewer.is_reviewer or viewer.company_role is not None)
    require(assessment.evaluation_version_id is not None)
    assert assessment.evaluation_version is not None
    document = document_for(assessment.evaluation_version)
    language = _language()
    may_rate = (
        viewer.is_reviewer
        and assessment.status == Status.IN_REVIEW
        and "request_changes" in viewer.steps(assessment)
    )
    ratings = {r.criterion: r for r in CriterionRating.objects.filter(assessment=assessment)}
    if request.method == "POST":
        require(may_rate)
        failed = []
        for _section, item in document.items():
            raw = request.POST.get(f"c-{item.code}", "")
            if raw == "":
                continue
            rating = None if raw == "na" else int(raw) if raw.isdigit() else -1
            rationale = request.POST.get(f"w-{item.code}", "")
            current = ratings.get(item.code)
            if current is not None and current.rating == rating and current.rationale == rationale:
                continue
            try:
                services.rating_set(
                    actor=request.user,
                    assessment=assessment,
                    criterion=item.code,
                    rating=rating,
                    rationale=rationale,
                )
            except ApplicationError as exc:
                failed.append(f"{item.code}: {exc.message}")
        if failed:
            messages.error(request, " ".join(failed))
        else:
            messages.success(request, _("Ratings saved."))
        return redirect(request.path)
    readout = selectors.score_seen_by(request.user, assessment)
    groups: list[dict[str, Any]] = []
    for section in document.sections:
        groups.append(
            {
                "title": section.title.get(language),
                "criteria": [
                    {
                        "item": item,
                        "text": item.text.get(language),
                        "guidance": item.guidance.get(language) if item.guidance else "",
                        "levels": [
                            {
                                "key": o.key,
                                "label": o.label.get(language),
                                "description": o.description.get(language) if o.description else "",
                            }
                            for o in item.options
                        ],
                        "rating": ratings.get(item.code),
                    }
                    for item in section.items
                ],
            }
        )
    return render(
        request,
        "assessments/evaluation.html",
        {
            "assessment": assessment,
            "title": document.title.get(language),
            "groups": groups,
            "may_rate": may_rate,
            "result": readout.evaluation,
            "links": AssessmentChecklist.objects.filter(assessment=assessment).select_related(
                "version__checklist"
            ),
        },
    )
