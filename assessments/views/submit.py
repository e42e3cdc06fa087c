"""Submitting an assessment (route, summary, confirmation), withdrawing it, and the workflow
buttons that call one service each."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import selectors, services, twofactor
from assessments.choices import Status
from assessments.models import Assessment, Evidence
from assessments.views.common import require, safe_next, viewer_of, visible_assessment
from core.exceptions import ApplicationError

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
        "rationale_required": _(
            "Not significant at impact level III or IV: write the reason for this judgement"
        ),
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
        section_of, item = document.index[entry["item"]]
        section_title = section_of.title.get(language)
        section = group["sections"].setdefault(
            entry["section"], {"title": section_title, "rows": []}
        )
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
    require("withdraw" in viewer.steps)
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
