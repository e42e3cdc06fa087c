"""Company pages: dashboard, AI systems, an assessment's overview, submit, diff and steps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import scoring, selectors, services, twofactor
from assessments.activity import event_groups
from assessments.choices import COMPANY_ROLES, DOMAIN_LABELS, EDITABLE_STATUSES, Role, Status
from assessments.models import (
    AISystem,
    Assessment,
    AssessmentChecklist,
    Evidence,
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
    safe_next,
    viewer_of,
    visible_assessment,
)
from assessments.views.living import system_series
from checklists.areas import AREAS
from checklists.schema import Domain, Kind
from config.exceptions import ApplicationError
from core.formatting import progress_percent
from reports.validity import expiring_for

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
            "expiring": expiring_for(membership.organization_id) if membership is not None else [],
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
    # The bars count what submit counts (missing evidence included), as on the fill page.
    progress = selectors.progress_of(assessment, applied)
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


SELF_ASSESSMENT = "self"
"""The submit form's value for "no evaluation body": a choice of its own, never a default."""


class SubmitForm(forms.Form):
    """Who reviews the assessment. Nothing is pre-selected: the route is a decision to make."""

    evaluation_body = forms.ChoiceField(
        widget=forms.RadioSelect,
        label=gettext_lazy("Who reviews it"),
        error_messages={
            "required": gettext_lazy(
                "Choose a self-assessment or an evaluation body to review the assessment."
            )
        },
    )
    comment = forms.CharField(
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Note to the evaluator (optional)"),
    )

    def __init__(self, *args: Any, bodies: list[Any], assessment: Assessment, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["evaluation_body"]
        assert isinstance(field, forms.ChoiceField)
        if assessment.status == Status.CHANGES_REQUESTED:
            # A resubmission goes back where it came from: the one route, stated, not chosen.
            body = assessment.evaluation_body
            field.choices = [
                (str(body.pk), body.name) if body else (SELF_ASSESSMENT, _("Self-assessment"))
            ]
            field.initial = field.choices[0][0]
            field.widget = forms.HiddenInput()
        else:
            field.choices = [
                (
                    SELF_ASSESSMENT,
                    _("Self-assessment: no third-party review; you can issue the report yourself"),
                ),
                *[
                    (str(b.pk), _("Third-party evaluation by %(body)s") % {"body": b.name})
                    for b in bodies
                ],
            ]

    def body_id(self) -> int | None:
        value = self.cleaned_data["evaluation_body"]
        return None if value == SELF_ASSESSMENT else int(value)


def _grouped_missing(
    assessment: Assessment, applied: list[selectors.Applied], language: str
) -> list[dict[str, Any]]:
    """What stops a submit, by checklist and section, in the user's language, with counts."""
    problems = {
        "unanswered": _("Not answered"),
        "na_without_reason": _("N/A needs a reason"),
        "evidence_required": _("Evidence is required"),
        "needs_review": _("Carried over: confirm or change the answer"),
    }
    by_slug = {e.document.slug: e for e in applied}
    groups: dict[str, dict[str, Any]] = {}
    for entry in services.missing_for_submit(assessment):
        applied_entry = by_slug[entry["checklist"]]
        document = applied_entry.document
        group = groups.setdefault(
            entry["checklist"],
            {"title": document.title.get(language), "label": applied_entry.label, "sections": {}},
        )
        section_title = next(
            (s.title.get(language) for s in document.sections if s.code == entry["section"]),
            entry["section"],
        )
        section = group["sections"].setdefault(
            entry["section"], {"title": section_title, "rows": []}
        )
        item = next(i for _s, i in document.items() if i.code == entry["item"])
        section["rows"].append(
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
    return [
        {
            **group,
            "count": sum(len(s["rows"]) for s in group["sections"].values()),
            "sections": [{**s, "count": len(s["rows"])} for s in group["sections"].values()],
        }
        for group in groups.values()
    ]


def _submitted_message(assessment: Assessment) -> str:
    if assessment.evaluation_body is None:
        return _("Submitted as a self-assessment (revision %(revision)d).") % {
            "revision": assessment.revision
        }
    return _("Submitted to %(body)s (revision %(revision)d).") % {
        "body": assessment.evaluation_body.name,
        "revision": assessment.revision,
    }


@login_required
def assessment_submit_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit in two steps, both plain forms: choose the route, then confirm a summary."""
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    require(viewer.can_edit)
    language = "en" if (get_language() or "ko").startswith("en") else "ko"
    applied = selectors.applied_checklists(assessment)
    bodies = list(selectors.evaluation_bodies())
    editable = assessment.status in (Status.DRAFT, Status.CHANGES_REQUESTED)
    form = SubmitForm(
        request.POST if request.method == "POST" else None, bodies=bodies, assessment=assessment
    )
    summary: dict[str, Any] | None = None
    if request.method == "POST" and editable and form.is_valid():
        if request.POST.get("confirm") == "1":
            try:
                services.assessment_submit(
                    actor=request.user,
                    assessment=assessment,
                    evaluation_body=form.body_id(),
                    comment=form.cleaned_data["comment"],
                )
            except ApplicationError as exc:
                for field, problems in exc.extra.get("fields", {}).items():
                    form.add_error(field if field in form.fields else None, problems)
                if not exc.extra.get("fields"):
                    messages.error(request, exc.message)
            else:
                assessment.refresh_from_db()
                messages.success(request, _submitted_message(assessment))
                return redirect("assessment-detail", pk=assessment.pk)
        else:
            body_id = form.body_id()
            answers = selectors.answers_by_version(assessment)
            summary = {
                "body": next((b for b in bodies if b.pk == body_id), None)
                if assessment.status == Status.DRAFT
                else assessment.evaluation_body,
                "revision": assessment.revision + 1,
                "checklists": [e.document.title.get(language) for e in applied],
                "answers": sum(
                    1 for given in answers.values() for a in given.values() if a.value is not None
                ),
                "evidence": Evidence.objects.filter(assessment=assessment).count(),
                "comment": form.cleaned_data["comment"],
            }
    missing = _grouped_missing(assessment, applied, language) if editable else []
    return render(
        request,
        "assessments/submit.html",
        {
            "assessment": assessment,
            "missing": missing,
            "missing_count": sum(group["count"] for group in missing),
            "form": form,
            "summary": summary,
            "editable": editable,
        },
    )


@login_required
def assessment_withdraw_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw after a confirmation that says what it means (works without JavaScript)."""
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    require("withdraw" in viewer.steps(assessment))
    if request.method == "POST":
        try:
            services.assessment_withdraw(
                actor=request.user,
                assessment=assessment,
                comment=request.POST.get("comment", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Withdrawn. The answers are kept for reading; this assessment can no longer "
                    "be changed or submitted."
                ),
            )
        return redirect("assessment-detail", pk=assessment.pk)
    answers = selectors.answers_by_version(assessment)
    return render(
        request,
        "assessments/withdraw.html",
        {
            "assessment": assessment,
            "answers": sum(
                1 for given in answers.values() for a in given.values() if a.value is not None
            ),
            "evidence": Evidence.objects.filter(assessment=assessment).count(),
        },
    )


STEP_DONE = {
    "claim": gettext_lazy("Claimed: you review this assessment now."),
    "request_changes": gettext_lazy("Changes requested: the company can edit and resubmit."),
}


@login_required
@require_POST
@twofactor.second_factor_page
def assessment_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One workflow button: calls exactly one service and says what happened. Approve and reject
    are confirmed first, on their own page (``evaluator.decide``)."""
    actions = {
        "claim": services.assessment_claim,
        "request_changes": services.assessment_request_changes,
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
        messages.success(request, str(STEP_DONE[step]))
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
    evidence = get_object_or_404(
        selectors.evidence_seen_by(request.user, assessment), pk=evidence_pk
    )
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
