"""Company pages: dashboard, AI systems, an assessment's overview and activity, the diff,
evidence downloads and the Excel round trip (submitting and the workflow buttons: ``submit``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import scoring, selectors, services
from assessments.activity import event_groups
from assessments.choices import COMPANY_ROLES, DOMAIN_LABELS, EDITABLE_STATUSES, Role, Status
from assessments.diff import Basis, answer_changes, comparison_for
from assessments.downloads import evidence_file_response
from assessments.gaps import gap_rows
from assessments.models import (
    AISystem,
    Assessment,
    AssessmentChecklist,
    Membership,
    Revision,
)
from assessments.readouts import figures_seen_by
from assessments.services.upgrade import reassessable
from assessments.texts import IMPACT_NUMERALS
from assessments.upgrades import has_upgrade
from assessments.views.charts import overview_charts
from assessments.views.common import (
    answer_display,
    require,
    viewer_of,
    visible_assessment,
)
from assessments.views.living import system_series
from checklists.areas import AREAS
from checklists.schema import Domain, Kind
from core.exceptions import ApplicationError
from core.formatting import progress_percent

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
    # Several domains at once (a hospital's triage chatbot: healthcare and chatbot); the first
    # ticked, in this order, is the main one.
    domains = forms.MultipleChoiceField(
        choices=[(d.value, DOMAIN_LABELS.get(d.value, d.value)) for d in Domain],
        label=gettext_lazy("Domains"),
        help_text=gettext_lazy("Tick every domain the system works in."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one domain.")},
    )

    class Meta:
        model = AISystem
        fields = [
            "name",
            "purpose",
            "domains",
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
    # The newest twenty carry a score, read for all of them at once (a fixed number of queries).
    scores = {pk: r.score for pk, r in selectors.scores_of(assessments[:20]).items()}
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
            "series": system_series(request.user),
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


IMPACT_LEVEL_WORDS = {
    1: (
        gettext_lazy("low"),
        gettext_lazy(
            "Level I of IV: at most a quarter of the screening's impact points (how many people "
            "are affected, how severe and how reversible the effects are), after mitigation."
        ),
    ),
    2: (
        gettext_lazy("moderate"),
        gettext_lazy(
            "Level II of IV: a quarter to half of the screening's impact points (how many people "
            "are affected, how severe and how reversible the effects are), after mitigation."
        ),
    ),
    3: (
        gettext_lazy("substantial"),
        gettext_lazy(
            "Level III of IV: half to three quarters of the screening's impact points (how many "
            "people are affected, how severe and how reversible the effects are), after "
            "mitigation. Plan safeguards and human oversight with care."
        ),
    ),
    4: (
        gettext_lazy("very high"),
        gettext_lazy(
            "Level IV of IV: more than three quarters of the screening's impact points (how many "
            "people are affected, how severe and how reversible the effects are), after "
            "mitigation. The strongest safeguards and human oversight are expected."
        ),
    ),
}


def impact_level_words(level: int | None) -> dict[str, str] | None:
    """An impact level as people read it: the numeral (I–IV), a name and what it means."""
    if level not in IMPACT_LEVEL_WORDS:
        return None
    assert level is not None
    name, explanation = IMPACT_LEVEL_WORDS[level]
    return {"numeral": IMPACT_NUMERALS[level], "name": str(name), "explanation": str(explanation)}


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    language = "en" if (get_language() or "ko").startswith("en") else "ko"
    applied = selectors.applied_checklists(assessment)
    payload = figures_seen_by(request.user, assessment)
    gaps = gap_rows(payload["gaps"], {e.document.slug: e.document for e in applied}, language)
    screening = payload["screening"]
    reasons = {entry.version.pk: entry.link.reason.get(language, "") for entry in applied}
    # The bars count what submit counts (missing evidence included), as on the fill page.
    progress = selectors.progress_of(assessment, applied)
    context: dict[str, Any] = {
        "assessment": assessment,
        "viewer": viewer,
        "steps": viewer.steps,
        "applied": [
            {
                "entry": entry,
                "score": next(
                    (c for c in payload["checklists"] if c["checklist"] == entry.label), None
                ),
                "reason": reasons[entry.version.pk],
                "progress": progress_percent(progress[entry.version.pk].share),
            }
            for entry in applied
        ],
        "progress_overall": progress_percent(scoring.pooled_share(list(progress.values()))),
        "payload": payload,
        "charts": overview_charts(applied, payload, language),
        "gaps": gaps,
        "areas": [
            {
                "code": code,
                "label": AREAS[code].label(language),
                "act_ref": AREAS[code].act_ref_label(language),
                "high_impact": AREAS[code].high_impact,
            }
            for code in (screening or {}).get("areas", [])
        ],
        "impact": impact_level_words((screening or {}).get("impact_level")),
        "screening_url": next(
            (
                reverse(
                    "assessment-fill", kwargs={"pk": assessment.pk, "slug": entry.document.slug}
                )
                for entry in applied
                if entry.document.kind is Kind.SCREENING
            ),
            "",
        )
        if viewer.can_edit
        else "",
        "revisions": Revision.objects.filter(assessment=assessment).order_by("-number")[:5],
        # The latest steps, consecutive events of one kind by one person as one line.
        "events": event_groups(
            assessment.events.select_related("actor").order_by("-created_at", "-pk")[:500]
        )[:ACTIVITY_LINES],
        "events_total": assessment.events.count(),
        "bodies": selectors.evaluation_bodies(),
        "upgrade_available": viewer.company_role is not None
        and assessment.status in EDITABLE_STATUSES
        and has_upgrade(assessment),
        "can_reassess": viewer.can_edit and reassessable(assessment),
    }
    return render(request, "assessments/detail.html", context)


ACTIVITY_LINES = 12
ACTIVITY_PAGE = 100


@login_required
def assessment_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Every audit event of the assessment, newest first, a hundred a page."""
    assessment = visible_assessment(request, pk)
    events = assessment.events.select_related("actor").order_by("-created_at", "-pk")
    page = Paginator(events, ACTIVITY_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/activity.html",
        {"assessment": assessment, "page": page, "groups": event_groups(page.object_list)},
    )


@login_required
def assessment_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between the last two revisions (or the draft and the last revision)."""
    assessment = visible_assessment(request, pk)
    language = "en" if (get_language() or "ko").startswith("en") else "ko"
    comparison = comparison_for(request.user, assessment)
    if comparison.basis is Basis.DRAFT:
        title = _("Changes since revision %(n)d") % {"n": comparison.old_number}
    elif comparison.basis is Basis.REVISIONS:
        title = _("Revision %(a)d compared with revision %(b)d") % {
            "a": comparison.new_number,
            "b": comparison.old_number,
        }
    else:
        title = _("There is no earlier revision to compare with.")
    changes = [
        {
            "code": change.code,
            "text": change.item.text.get(language) if change.item else change.code,
            "before": answer_display(change.before, change.item, language),
            "after": answer_display(change.after, change.item, language),
            "comment_before": change.comment_before,
            "comment_after": change.comment_after,
        }
        for change in answer_changes(comparison.old, comparison.new, comparison.documents)
    ]
    return render(
        request,
        "assessments/diff.html",
        {"assessment": assessment, "changes": changes, "title": title},
    )


@login_required
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    return evidence_file_response(request.user, visible_assessment(request, pk), evidence_pk)


@login_required
def assessment_export(request: HttpRequest, pk: int) -> HttpResponse:
    from assessments.excel import workbook_export  # openpyxl loads on the first export only

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
    from assessments.excel import workbook_import  # openpyxl loads on the first import only

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
