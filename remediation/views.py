"""Plan pages: ``/app/assessments/{id}/actions/`` (the plan, findings to plan from, the form),
one action's page (edit, status), the evaluator's acceptance and the Excel export.

Scoping is the assessments app's: ``visible_assessment`` (404 outside), ``viewer_of`` for what
the user is to the assessment; a crafted request for what a page hides is a 404 (``require``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import selectors as assessment_selectors
from assessments import twofactor
from assessments.choices import VerdictChoice
from assessments.models import Assessment, ItemVerdict
from assessments.readouts import figures_seen_by
from assessments.views.common import require, viewer_of, visible_assessment
from core.exceptions import ApplicationError
from remediation import selectors, services
from remediation.choices import ActionSource, ActionStatus
from remediation.excel import plan_workbook
from remediation.forms import ActionForm, StatusForm
from remediation.models import Action


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _item_choices(assessment: Assessment, language: str) -> list[tuple[str, str]]:
    return [
        (f"{entry.document.slug}:{item.code}", f"{item.code} · {item.text.get(language)[:90]}")
        for entry in assessment_selectors.applied_checklists(assessment)
        for _section, item in entry.document.items()
    ]


def _owner_choices(assessment: Assessment) -> list[tuple[int, str]]:
    return [
        (user.pk, user.get_full_name() or user.get_username())
        for user in selectors.owners_for(assessment.system.organization_id)
    ]


def _refs(values: list[str]) -> list[services.ItemRef]:
    return [services.ItemRef(*value.split(":", 1)) for value in values if ":" in value]


def _findings(request: HttpRequest, assessment: Assessment, language: str) -> list[dict[str, Any]]:
    """What an action can be planned from: the gaps (critical first), the evaluator's remarks
    and the items needing evidence, each with its item's text."""
    texts = {
        (entry.document.slug, item.code): item.text.get(language)
        for entry in assessment_selectors.applied_checklists(assessment)
        for _section, item in entry.document.items()
    }
    found: list[dict[str, Any]] = []
    for gap in figures_seen_by(request.user, assessment)["gaps"][:30]:
        found.append(
            {
                "source": ActionSource.GAP,
                "checklist": gap["checklist"],
                "item": gap["item"],
                "text": texts.get((gap["checklist"], gap["item"]), gap["item"]),
                "note": (gap["recommendation"] or {}).get(language, ""),
                "critical": gap["critical"],
            }
        )
    verdicts = ItemVerdict.objects.filter(assessment=assessment).select_related(
        "checklist_version__checklist"
    )
    for verdict in verdicts:
        if verdict.verdict != VerdictChoice.NEEDS_EVIDENCE and not verdict.remark:
            continue
        slug = verdict.checklist_version.checklist.slug
        found.append(
            {
                "source": ActionSource.NEEDS_EVIDENCE
                if verdict.verdict == VerdictChoice.NEEDS_EVIDENCE
                else ActionSource.REMARK,
                "checklist": slug,
                "item": verdict.item_code,
                "text": texts.get((slug, verdict.item_code), verdict.item_code),
                "note": verdict.remark,
                "critical": False,
            }
        )
    return found


def _may_accept(viewer: Any, assessment: Assessment) -> bool:
    """Accepting the plan is part of the review: in review, the claimant or a lead (the
    workflow table's rule, read through ``assessments.permissions``)."""
    return bool(viewer.can_review)


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan, and the form to add an action (prefilled from a finding's link)."""
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    language = _language()
    form = None
    status_code = 200
    if viewer.can_edit:
        initial_items = [
            f"{request.GET['checklist']}:{request.GET['item']}"
            for _x in [0]
            if request.GET.get("checklist") and request.GET.get("item")
        ]
        form = ActionForm(
            request.POST if request.method == "POST" else None,
            items=_item_choices(assessment, language),
            owners=_owner_choices(assessment),
            initial={
                "items": initial_items,
                "source": request.GET.get("source", ActionSource.GAP),
                "title": request.GET.get("title", ""),
                "owner": request.user.pk,
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.action_create(
                    actor=request.user,
                    assessment=assessment,
                    title=data["title"],
                    source=data["source"],
                    items=_refs(data["items"]),
                    owner=selectors.owners_for(assessment.system.organization_id)
                    .filter(pk=data["owner"])
                    .first(),
                    due_date=data["due_date"],
                )
            except ApplicationError as exc:
                for name, errors in exc.extra.get("fields", {}).items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, str(error))
                status_code = 400
            else:
                messages.success(request, _("Action added to the plan."))
                return redirect("remediation-plan", pk=assessment.pk)
        elif request.method == "POST":
            status_code = 400
    else:
        require(request.method == "GET")
    today = timezone.localdate()
    actions = selectors.plan_for(assessment, today=today)
    acceptance = selectors.acceptance_of(assessment)
    accepted_ids = {a.pk for a in acceptance.actions.all()} if acceptance else set()
    return render(
        request,
        "remediation/plan.html",
        {
            "assessment": assessment,
            "viewer": viewer,
            "rows": [
                {
                    "action": action,
                    "overdue": selectors.is_overdue(action, today),
                    "accepted": action.pk in accepted_ids,
                    "carried": action.raised_in_id != assessment.pk,
                }
                for action in actions
            ],
            "open_count": sum(1 for a in actions if a.is_open),
            "findings": _findings(request, assessment, language) if viewer.can_edit else [],
            "form": form,
            "acceptance": acceptance,
            "may_accept": _may_accept(viewer, assessment),
        },
        status=status_code,
    )


def _status_label(value: str | None) -> str:
    return str(ActionStatus(value).label) if value in ActionStatus.values else ""


def _action_of(assessment: Assessment, action_pk: int) -> Action:
    return get_object_or_404(selectors.plan_queryset(assessment), pk=action_pk)


@login_required
def action_detail(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """One action: its history, the edit form and the status form (done asks for the closing
    answer or evidence; accepted risk for the reason)."""
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    action = _action_of(assessment, action_pk)
    require(request.method == "GET" or viewer.can_edit)
    language = _language()
    edit = ActionForm(
        request.POST if request.POST.get("form") == "edit" else None,
        items=_item_choices(action.raised_in, language),
        owners=_owner_choices(assessment),
        initial={
            "title": action.title,
            "source": action.source,
            "items": [f"{i['checklist']}:{i['item']}" for i in action.items],
            "owner": action.owner_id,
            "due_date": action.due_date,
        },
    )
    edit.fields["source"].disabled = True
    evidence = [(e.pk, f"{e.item_code} · {e.name}") for e in selectors.evidence_choices(assessment)]
    change = StatusForm(
        request.POST if request.POST.get("form") == "status" else None,
        evidence=evidence,
        initial={
            "status": action.status,
            "reason": action.status_reason,
            "closing_note": action.closing_note,
            "closing_evidence": action.closing_evidence_id,
        },
    )
    status_code = 200
    if request.method == "POST":
        form = edit if request.POST.get("form") == "edit" else change
        status_code = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is edit:
                    services.action_update(
                        actor=request.user,
                        action=action,
                        title=data["title"],
                        items=_refs(data["items"]),
                        owner=selectors.owners_for(assessment.system.organization_id)
                        .filter(pk=data["owner"])
                        .first(),
                        due_date=data["due_date"],
                    )
                else:
                    services.action_set_status(
                        actor=request.user,
                        action=action,
                        status=data["status"],
                        reason=data["reason"],
                        closing_note=data["closing_note"],
                        closing_evidence=data["closing_evidence"],
                    )
            except ApplicationError as exc:
                for name, errors in exc.extra.get("fields", {}).items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, str(error))
            else:
                messages.success(request, _("The action was saved."))
                return redirect("remediation-plan", pk=assessment.pk)
    return render(
        request,
        "remediation/action.html",
        {
            "assessment": assessment,
            "viewer": viewer,
            "action": action,
            "overdue": selectors.is_overdue(action, timezone.localdate()),
            "events": [
                {
                    "event": event,
                    "from": _status_label(event.data.get("from")),
                    "to": _status_label(event.data.get("to")),
                }
                for event in action.events.select_related("actor")
            ],
            "edit": edit,
            "change": change,
        },
        status=status_code,
    )


@login_required
@twofactor.second_factor_page
@require_POST
def plan_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluator accepts the chosen open actions as a condition of the decision."""
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    require(_may_accept(viewer, assessment))
    try:
        chosen = [int(value) for value in request.POST.getlist("actions")]
        accepted = services.plan_accept(
            actor=request.user,
            assessment=assessment,
            actions=chosen,
            comment=request.POST.get("comment", ""),
        )
    except ValueError:
        messages.error(request, _("Choose actions of the plan."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The plan is accepted as a condition of the decision.")
            if accepted
            else _("The plan is no longer a condition of the decision."),
        )
    return redirect("remediation-plan", pk=assessment.pk)


@login_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    content = plan_workbook(
        assessment=assessment,
        actions=selectors.plan_for(assessment),
        language=_language(),
        today=timezone.localdate(),
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="trustcheck-plan-{assessment.pk}.xlsx"'
    return response
