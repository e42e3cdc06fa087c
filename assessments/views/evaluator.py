"""Evaluator pages: the body's queue, the item-by-item review, and the reliability rubric."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, QuerySet, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import scoring, selectors, services, twofactor
from assessments.choices import (
    BODY_ROLES,
    DOMAIN_LABELS,
    CriterionState,
    Role,
    Status,
    VerdictChoice,
)
from assessments.filtersets import AssessmentFilterSet
from assessments.measurement import MeasurementCodec
from assessments.models import (
    Assessment,
    AssessmentChecklist,
    CriterionRating,
    Evidence,
    ItemVerdict,
    Membership,
    Revision,
)
from assessments.readouts import figures_of
from assessments.views.common import (
    answer_display,
    require,
    safe_next,
    viewer_of,
    visible_assessment,
)
from assessments.workflow import ASSIGNABLE
from checklists.schema import Domain
from checklists.selectors import document_for
from core.exceptions import ApplicationError


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    bodies = Membership.objects.filter(user_id=request.user.pk or 0, role__in=BODY_ROLES).values(
        "organization"
    )
    # The queue is the evaluation bodies' page: anyone else gets a plain 404.
    require(bodies.exists())
    queryset = (
        Assessment.objects.visible_to(request.user)
        .filter(evaluation_body__in=bodies)
        .select_related("system__organization", "claimed_by", "assigned_to")
        # What a lead gave to this user comes first ("assigned to me"), then the newest.
        .annotate(mine=Case(When(assigned_to_id=request.user.pk, then=0), default=1))
        .order_by("mine", "-submitted_at", "-pk")
    )
    filters = AssessmentFilterSet(request.GET, queryset=queryset)
    # An invalid value is shown next to its field; the valid ones still filter.
    filtered: QuerySet[Assessment] = filters.qs
    led = set(
        Membership.objects.filter(user_id=request.user.pk or 0, role=Role.LEAD).values_list(
            "organization_id", flat=True
        )
    )
    # The evaluators a lead may assign to, by body: one query, however long the queue.
    assignable: dict[int, list[Any]] = defaultdict(list)
    if led:
        for member in (
            Membership.objects.filter(organization_id__in=led, role__in=BODY_ROLES)
            .select_related("user")
            .order_by("user__username")
        ):
            assignable[member.organization_id].append(member.user)
    rows = list(filtered[:200])
    for row in rows:
        row.assignees = assignable.get(row.evaluation_body_id or 0, [])  # type: ignore[attr-defined]
        row.may_assign = (  # type: ignore[attr-defined]
            row.evaluation_body_id in led and row.status in ASSIGNABLE
        )
    return render(
        request,
        "assessments/queue.html",
        {
            "rows": rows,
            "statuses": Status.choices,
            "domains": [(d.value, DOMAIN_LABELS.get(d.value, d.value)) for d in Domain],
            "filters": {name: filters.data.get(name, "") for name in filters.filters},
            "filter_errors": filters.errors,
        },
        status=400 if filters.errors else 200,
    )


def _text(request: HttpRequest, key: str) -> str:
    """A textarea's text as typed, with the browser's CRLF line ends made plain newlines."""
    return request.POST.get(key, "").replace("\r\n", "\n")


def _review_posted(request: HttpRequest) -> dict[str, tuple[str, str]]:
    """The verdicts and remarks the review form sent, by item code (both as typed)."""
    posted: dict[str, tuple[str, str]] = {}
    for key in request.POST:
        if key.startswith(("v-", "r-")):
            code = key[2:]
            posted[code] = (request.POST.get(f"v-{code}", ""), _text(request, f"r-{code}"))
    return posted


def _changed_items(assessment: Assessment, label: str) -> set[str]:
    """Items whose answer or comment changed between the last two revisions (round two on)."""
    if assessment.revision < 2:
        return set()
    revisions = {
        r.number: r.answers.get(label, {})
        for r in Revision.objects.filter(
            assessment=assessment, number__in=[assessment.revision - 1, assessment.revision]
        )
    }
    old, new = revisions.get(assessment.revision - 1, {}), revisions.get(assessment.revision, {})
    return {
        code
        for code in set(old) | set(new)
        if (old.get(code) or {}).get("value") != (new.get(code) or {}).get("value")
        or (old.get(code) or {}).get("comment") != (new.get(code) or {}).get("comment")
    }


def _see_owner(
    assessment: Assessment,
    applied: list[selectors.Applied],
    owner: scoring.Owner,
    language: str,
) -> dict[str, str]:
    """Where a same_as item is answered and reviewed: the owner's checklist, section and link."""
    entry = next(e for e in applied if e.document.slug == owner.checklist)
    section = next(s for s in entry.document.sections if s.code == owner.section)
    url = reverse("assessment-review", kwargs={"pk": assessment.pk, "slug": owner.checklist})
    return {
        "checklist": entry.document.title.get(language),
        "section": section.title.get(language),
        "item": owner.item,
        "url": f"{url}?section={owner.section}#item-{owner.item}",
    }


@login_required
@twofactor.second_factor_page
def review(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    require(viewer.is_reviewer)
    applied = selectors.applied_seen_by(request.user, assessment)
    entry = next((e for e in applied if e.document.slug == slug), None)
    require(entry is not None)
    assert entry is not None
    language = _language()
    may_review = viewer.can_review
    document = entry.document
    posted: dict[str, tuple[str, str]] = {}
    errors: dict[str, str] = {}
    section_code = request.GET.get("section") or document.sections[0].code
    if request.method == "POST":
        require(may_review)
        section_code = request.POST.get("section", "")
        posted = _review_posted(request)
        # Every verdict of the form in one all-or-nothing call; an item left at "—" with no
        # remark is not sent (a remark without a verdict is, and is refused next to its field).
        batch = [
            services.VerdictInput(checklist=slug, item=code, verdict=verdict, remark=remark)
            for code, (verdict, remark) in posted.items()
            if verdict or remark.strip()
        ]
        try:
            if batch:
                services.verdicts_set(actor=request.user, assessment=assessment, verdicts=batch)
        except services.BatchInvalid as exc:
            errors = {batch[index].item: problem.message for index, problem in exc.problems.items()}
            messages.error(request, exc.message)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            errors = {"": exc.message}
        else:
            messages.success(request, _("Verdicts saved."))
            target = request.POST.get("goto") or section_code
            return redirect(f"{request.path}?section={target}")
    section = next((s for s in document.sections if s.code == section_code), document.sections[0])
    answers = selectors.answers_seen_by(request.user, assessment).get(entry.version.pk, {})
    verdicts = {
        v.item_code: v
        for v in ItemVerdict.objects.filter(assessment=assessment, checklist_version=entry.version)
    }
    changed = _changed_items(assessment, entry.label)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for row in (
        selectors.evidence_seen_by(request.user, assessment)
        .filter(checklist_version=entry.version)
        .order_by("pk")
    ):
        evidence[row.item_code].append(row)
    owners = scoring.referrals(e.document for e in applied).get(slug, {})
    items = []
    for item in section.items:
        stored = verdicts.get(item.code)
        owner = owners.get(item.code)
        verdict, remark = posted.get(
            item.code, (stored.verdict, stored.remark) if stored else ("", "")
        )
        items.append(
            {
                "item": item,
                "text": item.text.get(language),
                "guidance": item.guidance.get(language) if item.guidance else "",
                "answer": answer_display(answers[item.code].value, item, language)
                if item.code in answers
                else None,
                "comment": answers[item.code].comment if item.code in answers else "",
                "evidence": evidence.get(item.code, []),
                "verdict": stored,
                "chosen": verdict,
                "remark": remark,
                "error": errors.get(item.code, ""),
                "changed": item.code in changed,
                "referred": _see_owner(assessment, applied, owner, language) if owner else None,
            }
        )
        if owner is not None:  # answered at the owner: show where, not a stale value here
            items[-1].update(answer=None, comment="", evidence=[])
    flagged = {VerdictChoice.NOT_CONFIRMED, VerdictChoice.NEEDS_EVIDENCE}
    sections = []
    for s in document.sections:
        given = [verdicts[i.code] for i in s.items if i.code in verdicts]
        sections.append(
            {
                "code": s.code,
                "title": s.title.get(language),
                "current": s.code == section.code,
                "items": len(s.items),
                "given": len(given),
                "flagged": sum(1 for v in given if v.verdict in flagged),
                "changed": sum(1 for i in s.items if i.code in changed),
            }
        )
    return render(
        request,
        "assessments/review.html",
        {
            "assessment": assessment,
            "entry": entry,
            "title": document.title.get(language),
            "sections": sections,
            "section": section,
            "section_title": section.title.get(language),
            "items": items,
            "verdict_choices": VerdictChoice.choices,
            "may_review": may_review,
            "applied": applied,
            "unsaved": bool(errors),
            "round": assessment.revision,
        },
        status=400 if errors else 200,
    )


def _rating_entry(item: Any, raw: str, measured: str, rationale: str) -> services.RatingInput:
    """A rubric row as the service takes it. ``raw`` is the radio (0-4, "na", "ne" for not
    evaluated, or "" for a measured criterion whose value is typed in ``measured``)."""
    if raw == "na":
        return services.RatingInput(
            criterion=item.code, rating=None, rationale=rationale, state="not_applicable"
        )
    if raw == "ne":
        return services.RatingInput(
            criterion=item.code, rating=None, rationale=rationale, state="not_evaluated"
        )
    if item.measurement is not None:
        return services.RatingInput(
            criterion=item.code, value=measured.strip() or None, rationale=rationale
        )
    rating: object = int(raw) if raw.isdigit() else (raw or "")
    return services.RatingInput(criterion=item.code, rating=rating, rationale=rationale)


def _stored_choice(stored: CriterionRating | None) -> tuple[str, str, str]:
    """(radio, measured value, rationale) of a stored rating, as the form shows it."""
    if stored is None:
        return "", "", ""
    if stored.state == CriterionState.NOT_EVALUATED:
        return "ne", "", stored.rationale
    if stored.state == CriterionState.NOT_APPLICABLE or stored.rating is None:
        return "na", "", stored.rationale
    measured = "" if stored.value is None else f"{stored.value:g}"
    return str(stored.rating), measured, stored.rationale


def _evaluation_post(
    request: HttpRequest, assessment: Assessment, document: Any
) -> tuple[HttpResponse | None, dict[str, tuple[str, str, str]], dict[str, tuple[str, str]]]:
    """Handle one of the rubric page's three forms: the scope, the ratings, a measurement
    import. Returns a redirect on success, else what was typed and the errors by criterion."""
    posted: dict[str, tuple[str, str, str]] = {}
    errors: dict[str, tuple[str, str]] = {}  # criterion (or a form's field) -> (field, message)
    step = request.POST.get("step", "rate")
    try:
        if step == "scope":
            services.evaluation_scope_set(
                actor=request.user,
                assessment=assessment,
                excluded=[
                    item.code
                    for _section, item in document.items()
                    if not request.POST.get(f"in-{item.code}")
                ],
                tta=request.POST.getlist("tta"),
                reason=_text(request, "scope_reason"),
            )
            messages.success(request, _("Evaluation scope saved."))
            return redirect(request.path), posted, errors
        if step == "import":
            upload = request.FILES.get("measurements_file")
            text = upload.read(1_000_000).decode("utf-8", "replace") if upload else ""
            text = text or request.POST.get("measurements", "")
            try:
                data = json.loads(text)
            except ValueError as exc:
                errors["measurements"] = (
                    "measurements",
                    _("Not valid JSON: %(error)s") % {"error": exc},
                )
                messages.error(request, _("The measurements are not valid JSON; none was saved."))
                return None, posted, errors
            saved = services.measurements_import(
                actor=request.user, assessment=assessment, data=data
            )
            messages.success(request, _("%(count)d measurements imported.") % {"count": len(saved)})
            return redirect(request.path), posted, errors
        for _section, item in document.items():
            raw = request.POST.get(f"c-{item.code}", "")
            measured = request.POST.get(f"m-{item.code}", "")
            rationale = _text(request, f"w-{item.code}")
            if raw or measured.strip() or rationale.strip():
                posted[item.code] = (raw, measured, rationale)
        # A rationale typed before a level is picked is sent too, and refused next to the level.
        batch = [_rating_entry(document.index[code][1], *typed) for code, typed in posted.items()]
        if batch:
            services.ratings_set(actor=request.user, assessment=assessment, ratings=batch)
    except services.BatchInvalid as exc:
        errors = {
            batch[index].criterion: (problem.field, problem.message)
            for index, problem in exc.problems.items()
        }
        messages.error(request, exc.message)
        return None, posted, errors
    except ApplicationError as exc:
        messages.error(request, exc.message)
        fields = exc.extra.get("fields", {})
        found = fields.get("measurements")
        if isinstance(found, dict):
            lines = [
                f"#{int(index) + 1}: " + "; ".join(m for ms in problem.values() for m in ms)
                for index, problem in found.items()
            ]
            errors["measurements"] = ("measurements", " · ".join(lines))
        for name in ("excluded", "tta", "scope_reason", "reason", "scope"):
            if name in fields and isinstance(fields[name], list):
                errors[name] = (name, "; ".join(map(str, fields[name])))
        errors.setdefault("", ("", exc.message))
        return None, posted, errors
    messages.success(request, _("Ratings saved."))
    return redirect(request.path), posted, errors


@login_required
@twofactor.second_factor_page
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    # The rubric is the evaluator's working page; the company reads the outcome on the overview
    # and in the reports.
    require(viewer.is_reviewer)
    require(assessment.evaluation_version_id is not None)
    assert assessment.evaluation_version is not None
    document = document_for(assessment.evaluation_version)
    language = _language()
    may_rate = viewer.can_review
    ratings = {r.criterion: r for r in CriterionRating.objects.filter(assessment=assessment)}
    posted: dict[str, tuple[str, str, str]] = {}
    errors: dict[str, tuple[str, str]] = {}  # criterion -> (field, message)
    if request.method == "POST":
        require(may_rate)
        done, posted, errors = _evaluation_post(request, assessment, document)
        if done is not None:
            return done
        assessment.refresh_from_db(fields=["evaluation_scope"])
    ratings = {r.criterion: r for r in CriterionRating.objects.filter(assessment=assessment)}
    scope = assessment.evaluation_scope or {}
    excluded = set(scope.get("excluded", ()))
    readout = selectors.score_seen_by(request.user, assessment)
    groups: list[dict[str, Any]] = []
    for section in document.sections:
        criteria = []
        for item in section.items:
            stored = ratings.get(item.code)
            chosen, measured, rationale = (
                posted.get(item.code, _stored_choice(stored)) if errors else _stored_choice(stored)
            )
            error_field, error = errors.get(item.code, ("", ""))
            codec = MeasurementCodec(item.measurement) if item.measurement else None
            criteria.append(
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
                    "rating": stored,
                    "chosen": chosen,
                    "measured": measured,
                    "rationale": rationale,
                    "error": error,
                    "error_field": error_field,
                    "in_scope": item.code not in excluded,
                    "unit": codec.unit(language) if codec else "",
                    "threshold": codec.threshold_text(language) if codec else "",
                    "measured_level": stored.rating
                    if codec and stored is not None and stored.value is not None
                    else None,
                    "tta": [c.ref for c in item.crosswalk if c.framework.value == "tta_guide"],
                }
            )
        groups.append({"title": section.title.get(language), "criteria": criteria})
    return render(
        request,
        "assessments/evaluation.html",
        {
            "assessment": assessment,
            "title": document.title.get(language),
            "groups": groups,
            "may_rate": may_rate,
            "result": readout.evaluation,
            "unsaved": bool(errors),
            "scope": scope,
            "scope_needed": services.scope_required(assessment),
            "tta_requirements": [
                {"number": n, "checked": n in scope.get("tta", ())}
                for n in services.TTA_REQUIREMENTS
            ],
            "scope_errors": {k: v[1] for k, v in errors.items() if k in SCOPE_FIELDS},
            "import_error": errors.get("measurements", ("", ""))[1],
            "import_text": request.POST.get("measurements", "") if errors else "",
            "import_example": json.dumps(services.MEASUREMENTS_EXAMPLE, ensure_ascii=False),
            "has_measured": any(item.measurement for _s, item in document.items()),
            "links": AssessmentChecklist.objects.filter(assessment=assessment).select_related(
                "version__checklist"
            ),
        },
        status=400 if errors else 200,
    )


SCOPE_FIELDS = ("excluded", "tta", "reason", "scope")


DECIDED = {
    "approve": gettext_lazy("Approved — the company was notified."),
    "reject": gettext_lazy("Rejected — the company was notified."),
}


@login_required
@twofactor.second_factor_page
@require_POST
def decide(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Approve or reject, confirmed first on a page of its own (no JavaScript needed).

    The first POST (from the overview's decision form) shows what is being decided: the
    reliability outcome, the verification coverage and the verdict counts, with the opinion kept
    and, when the outcome is fail, the override reason the approval then needs. The second POST
    (``confirm``) calls the one service; a refusal comes back on this page next to its field.
    """
    require(step in DECIDED)
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    require(step in viewer.steps)
    comment = request.POST.get("comment", "")
    override_reason = request.POST.get("override_reason", "")
    errors: dict[str, list[str]] = {}
    error = ""
    status = 200
    if request.POST.get("confirm"):
        try:
            if step == "approve":
                services.assessment_approve(
                    actor=request.user,
                    assessment=assessment,
                    comment=comment,
                    override_reason=override_reason,
                )
            else:
                services.assessment_reject(
                    actor=request.user, assessment=assessment, comment=comment
                )
        except ApplicationError as exc:
            error, status = exc.message, exc.status_code
            errors = {name: list(map(str, v)) for name, v in exc.extra.get("fields", {}).items()}
        else:
            messages.success(request, str(DECIDED[step]))
            return redirect("assessment-detail", pk=assessment.pk)
    figures = figures_of(assessment)
    counts = dict(
        ItemVerdict.objects.filter(assessment=assessment)
        .order_by()
        .values("verdict")
        .annotate(n=Count("pk"))
        .values_list("verdict", "n")
    )
    evaluation = figures.get("evaluation") or {}
    return render(
        request,
        "assessments/decide.html",
        {
            "assessment": assessment,
            "step": step,
            "figures": figures,
            "outcome": evaluation.get("outcome"),
            "has_criteria": assessment.evaluation_version_id is not None,
            "verdict_counts": [
                (label, counts.get(value, 0)) for value, label in VerdictChoice.choices
            ],
            "comment": comment,
            "override_reason": override_reason,
            "needs_override": step == "approve" and evaluation.get("outcome") == "fail",
            "errors": errors,
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """A lead gives an assessment to an evaluator of the body, or takes it back (empty choice)."""
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    require(viewer.refusal("assign") is None)
    from django.contrib.auth import get_user_model

    chosen = request.POST.get("assignee", "")
    assignee = get_user_model().objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    try:
        services.assessment_assign(actor=request.user, assessment=assessment, assignee=assignee)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if assignee is None:
            messages.success(request, _("Assignment taken back: any evaluator can claim it."))
        else:
            messages.success(
                request,
                _("Assigned to %(user)s; they were notified.") % {"user": assignee.get_username()},
            )
    return redirect(safe_next(request, reverse("queue")))
