"""Company pages: dashboard, AI systems, an assessment's overview, submit, diff and steps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import selectors, services
from assessments.choices import COMPANY_ROLES, DOMAIN_LABELS, Role, Status
from assessments.models import (
    AISystem,
    Assessment,
    AssessmentChecklist,
    Evidence,
    Membership,
    Revision,
)
from assessments.readouts import score_payload
from assessments.views.common import (
    answer_display,
    bar_chart,
    require,
    safe_next,
    viewer_of,
    visible_assessment,
)
from checklists.areas import AREAS
from checklists.schema import Domain, Kind
from config.exceptions import ApplicationError

NEXT_ACTION = {
    Status.DRAFT: gettext_lazy("Fill out and submit"),
    Status.SUBMITTED: gettext_lazy("Waiting for an evaluator"),
    Status.IN_REVIEW: gettext_lazy("In review"),
    Status.CHANGES_REQUESTED: gettext_lazy("Answer the review comments"),
    Status.APPROVED: gettext_lazy("Download the report"),
    Status.REJECTED: gettext_lazy("Read the opinion"),
    Status.WITHDRAWN: gettext_lazy("Withdrawn"),
}


class SystemForm(forms.ModelForm[AISystem]):
    domain = forms.ChoiceField(
        choices=[(d.value, DOMAIN_LABELS.get(d.value, d.value)) for d in Domain],
        label=gettext_lazy("Domain"),
    )

    class Meta:
        model = AISystem
        fields = [
            "name",
            "purpose",
            "domain",
            "deployment_context",
            "generative",
            "role",
            "user_groups",
        ]
        labels = {
            "name": gettext_lazy("Name"),
            "purpose": gettext_lazy("Purpose"),
            "deployment_context": gettext_lazy("Deployment context"),
            "generative": gettext_lazy("Generates text, images, sound or video (generative AI)"),
            "role": gettext_lazy("Your role"),
            "user_groups": gettext_lazy("Users and people affected"),
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "deployment_context": forms.Textarea(attrs={"rows": 2}),
            "user_groups": forms.Textarea(attrs={"rows": 2}),
        }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = (
        Membership.objects.filter(user_id=request.user.pk or 0)
        .select_related("organization")
        .order_by("pk")
        .first()
    )
    if membership is not None and membership.role not in COMPANY_ROLES:
        return redirect("queue")
    systems = selectors.systems_visible_to(request.user).annotate(
        assessment_count=Count("assessments")
    )
    assessments = list(selectors.assessments_visible_to(request.user).order_by("-updated_at")[:50])
    scores = {a.pk: selectors.score_of(a).score for a in assessments[:20]}
    rows = [
        {
            "assessment": a,
            "score": scores.get(a.pk),
            "next": NEXT_ACTION[Status(a.status)],
        }
        for a in assessments
    ]
    return render(
        request,
        "assessments/dashboard.html",
        {
            "membership": membership,
            "systems": systems,
            "rows": rows,
            "can_manage": membership is not None and membership.role == Role.OWNER,
            "can_edit": membership is not None and membership.role in (Role.OWNER, Role.MEMBER),
        },
    )


@login_required
def system_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    system = get_object_or_404(selectors.systems_visible_to(request.user), pk=pk) if pk else None
    form = SystemForm(request.POST or None, instance=system)
    if request.method == "POST" and form.is_valid():
        try:
            data = {name: form.cleaned_data[name] for name in SystemForm.Meta.fields}
            if system is None:
                system = services.system_create(actor=request.user, **data)
            else:
                system = services.system_update(actor=request.user, system=system, **data)
        except ApplicationError as exc:
            for field, errors in exc.extra.get("fields", {}).items():
                form.add_error(field if field in form.fields else None, errors)
            if not exc.extra.get("fields"):
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("The AI system was saved."))
            return redirect("dashboard")
    return render(request, "assessments/system_form.html", {"form": form, "system": system})


@login_required
@require_POST
def assessment_start(request: HttpRequest, system_pk: int) -> HttpResponse:
    system = get_object_or_404(selectors.systems_visible_to(request.user), pk=system_pk)
    try:
        assessment = services.assessment_create(actor=request.user, system=system)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("dashboard")
    return redirect("assessment-fill", pk=assessment.pk, slug=_screening_slug(assessment))


def _screening_slug(assessment: Assessment) -> str:
    link = (
        AssessmentChecklist.objects.filter(assessment=assessment)
        .select_related("version__checklist")
        .first()
    )
    return link.version.checklist.slug if link else ""


def _section_titles(applied: list[selectors.Applied], language: str) -> dict[tuple[str, str], str]:
    return {
        (entry.document.slug, section.code): section.title.get(language)
        for entry in applied
        for section in entry.document.sections
    }


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    language = "en" if (get_language() or "ko").startswith("en") else "ko"
    applied = selectors.applied_checklists(assessment)
    readout = selectors.score_seen_by(request.user, assessment)
    payload = score_payload(readout)
    titles = _section_titles(applied, language)
    chart_rows = [
        (
            titles.get((row["checklist"], row["code"]), row["code"]),
            row["score"],
            row["verified_score"],
        )
        for row in payload["sections"]
        if any(
            c["checklist"].startswith(row["checklist"] + "@") and c["kind"] == Kind.SELF_CHECK.value
            for c in payload["checklists"]
        )
    ]
    items = {(e.document.slug, i.code): i for e in applied for _s, i in e.document.items()}
    gaps = [
        {
            **gap,
            "text": items[(gap["checklist"], gap["item"])].text.get(language)
            if (gap["checklist"], gap["item"]) in items
            else gap["item"],
            "recommendation_text": (gap["recommendation"] or {}).get(language, ""),
        }
        for gap in payload["gaps"][:15]
    ]
    screening = payload["screening"]
    reasons = {entry.version.pk: entry.link.reason.get(language, "") for entry in applied}
    context: dict[str, Any] = {
        "assessment": assessment,
        "viewer": viewer,
        "steps": viewer.steps(assessment),
        "applied": [
            {
                "entry": entry,
                "score": next(
                    (c for c in payload["checklists"] if c["checklist"] == entry.label), None
                ),
                "reason": reasons[entry.version.pk],
            }
            for entry in applied
        ],
        "payload": payload,
        "chart": bar_chart(chart_rows, self_label=_("Self-reported"), verified_label=_("Verified"))
        if chart_rows
        else "",
        "gaps": gaps,
        "areas": [
            {
                "code": code,
                "label": AREAS[code].label(language),
                "act_ref": AREAS[code].act_ref,
                "high_impact": AREAS[code].high_impact,
            }
            for code in (screening or {}).get("areas", [])
        ],
        "revisions": Revision.objects.filter(assessment=assessment).order_by("-number")[:5],
        "events": assessment.events.select_related("actor").order_by("-created_at", "-pk")[:12],
        "bodies": selectors.evaluation_bodies(),
    }
    return render(request, "assessments/detail.html", context)


@login_required
def assessment_submit_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    require(viewer.can_edit)
    if request.method == "POST":
        body = request.POST.get("evaluation_body") or None
        try:
            services.assessment_submit(
                actor=request.user,
                assessment=assessment,
                evaluation_body=int(body) if body and body.isdigit() else None,
                comment=request.POST.get("comment", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The assessment was submitted."))
            return redirect("assessment-detail", pk=assessment.pk)
    missing = (
        services.missing_for_submit(assessment)
        if assessment.status in (Status.DRAFT, Status.CHANGES_REQUESTED)
        else []
    )
    language = "en" if (get_language() or "ko").startswith("en") else "ko"
    applied = {e.document.slug: e for e in selectors.applied_checklists(assessment)}
    problems = {
        "unanswered": _("Not answered"),
        "na_without_reason": _("N/A needs a reason"),
        "evidence_required": _("Evidence is required"),
    }
    rows = []
    for entry in missing:
        document = applied[entry["checklist"]].document
        item = next(i for _s, i in document.items() if i.code == entry["item"])
        rows.append(
            {
                **entry,
                "text": item.text.get(language),
                "problem_text": problems[entry["problem"]],
                "url": reverse(
                    "assessment-fill", kwargs={"pk": assessment.pk, "slug": entry["checklist"]}
                )
                + f"?section={entry['section']}#item-{entry['item']}",
            }
        )
    return render(
        request,
        "assessments/submit.html",
        {"assessment": assessment, "missing": rows, "bodies": selectors.evaluation_bodies()},
    )


@login_required
@require_POST
def assessment_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One workflow button: calls exactly one service."""
    actions = {
        "withdraw": services.assessment_withdraw,
        "claim": services.assessment_claim,
        "request_changes": services.assessment_request_changes,
        "approve": services.assessment_approve,
        "reject": services.assessment_reject,
    }
    require(step in actions)
    assessment = visible_assessment(request, pk)
    try:
        actions[step](
            actor=request.user, assessment=assessment, comment=request.POST.get("comment", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done."))
    return redirect(safe_next(request, reverse("assessment-detail", kwargs={"pk": pk})))


@login_required
def assessment_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between the last two revisions (or the draft and the last revision)."""
    assessment = visible_assessment(request, pk)
    language = "en" if (get_language() or "ko").startswith("en") else "ko"
    revisions = list(Revision.objects.filter(assessment=assessment).order_by("-number")[:2])
    current = {
        entry.label: {
            code: {"value": a.value, "comment": a.comment}
            for code, a in selectors.answers_seen_by(request.user, assessment)
            .get(entry.version.pk, {})
            .items()
        }
        for entry in selectors.applied_checklists(assessment)
    }
    if (
        assessment.status in (Status.DRAFT, Status.CHANGES_REQUESTED)
        and revisions
        and not selectors.sees_submitted_revision(request.user, assessment)
    ):
        old, new, title = (
            revisions[0].answers,
            current,
            _("Changes since revision %(n)d") % {"n": revisions[0].number},
        )
    elif len(revisions) == 2:
        old, new = revisions[1].answers, revisions[0].answers
        title = _("Revision %(a)d compared with revision %(b)d") % {
            "a": revisions[0].number,
            "b": revisions[1].number,
        }
    else:
        old, new, title = {}, {}, _("There is no earlier revision to compare with.")
    items = {
        (e.label, i.code): i
        for e in selectors.applied_checklists(assessment)
        for _s, i in e.document.items()
    }
    changes = []
    for label in sorted(set(old) | set(new)):
        before, after = old.get(label, {}), new.get(label, {})
        for code in sorted(set(before) | set(after)):
            a, b = before.get(code), after.get(code)
            if (a or {}).get("value") != (b or {}).get("value") or (a or {}).get("comment") != (
                b or {}
            ).get("comment"):
                item = items.get((label, code))
                changes.append(
                    {
                        "checklist": label,
                        "code": code,
                        "text": item.text.get(language) if item else code,
                        "before": answer_display((a or {}).get("value"), item, language),
                        "after": answer_display((b or {}).get("value"), item, language),
                        "comment_before": (a or {}).get("comment", ""),
                        "comment_after": (b or {}).get("comment", ""),
                    }
                )
    return render(
        request,
        "assessments/diff.html",
        {"assessment": assessment, "changes": changes, "title": title},
    )


@login_required
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    assessment = visible_assessment(request, pk)
    evidence = get_object_or_404(Evidence, assessment=assessment, pk=evidence_pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def prefetch_links() -> Prefetch[Any]:
    return Prefetch(
        "applicable", queryset=AssessmentChecklist.objects.select_related("version__checklist")
    )


@login_required
def assessment_export(request: HttpRequest, pk: int) -> HttpResponse:
    from assessments.excel import workbook_export

    assessment = visible_assessment(request, pk)
    language = "en" if (get_language() or "ko").startswith("en") else "ko"
    response = HttpResponse(
        workbook_export(
            assessment=assessment,
            language=language,
            answers=selectors.answers_seen_by(request.user, assessment),
        ),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="trustcheck-assessment-{assessment.pk}.xlsx"'
    )
    return response


@login_required
def assessment_import(request: HttpRequest, pk: int) -> HttpResponse:
    from assessments.excel import workbook_import

    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    require(viewer.can_edit)
    rows: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ApplicationError(_("Choose a workbook to upload."))
            if upload.size is None or upload.size > settings.EXCEL_IMPORT_MAX_BYTES:
                # Checked before reading: the upload sits in a temporary file until then.
                raise ApplicationError(_("The workbook is too large."), status_code=413)
            count = workbook_import(actor=request.user, assessment=assessment, data=upload.read())
        except ApplicationError as exc:
            messages.error(request, exc.message)
            rows, status = exc.extra.get("rows", []), exc.status_code
        else:
            messages.success(request, _("%(count)d answers were imported.") % {"count": count})
            return redirect("assessment-detail", pk=assessment.pk)
    return render(
        request, "assessments/import.html", {"assessment": assessment, "rows": rows}, status=status
    )
