"""Filling out one checklist, one section at a time.

Works without JavaScript (a save button posts the section; nothing typed is lost on an error or a
conflict) and with it (``static/js/fill.js`` autosaves each item through the API as the user goes).
A query count that does not depend on the number of items: the document comes from the cache,
answers, evidence and verdicts in one query each.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import codecs, scoring, selectors, services, uploads
from assessments.codecs import NA, InvalidAnswer
from assessments.measurement import MeasurementCodec
from assessments.models import Evidence, ItemVerdict
from assessments.profile import PROFILE_ANSWERS
from assessments.views.common import require, viewer_of, visible_assessment
from checklists.schema import AnswerType, Item, Kind, Section
from core.exceptions import ApplicationError
from core.formatting import progress_percent

LEVEL_NAMES = {
    "ko": ["없음", "초기", "부분", "충족", "우수"],
    "en": ["Absent", "Initial", "Partial", "Established", "Advanced"],
}


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _condition_json(item: Item) -> str:
    if item.show_if is None:
        return ""
    return json.dumps(item.show_if.model_dump(mode="json", by_alias=True, exclude_none=True))


def _level_description(item: Item, level: int, language: str) -> str:
    description = item.options[level].description if item.options else None
    return description.get(language) if description else ""


def _prefill_note(source: str) -> dict[str, str] | None:
    """Where a pre-filled answer came from, for the fill page's note; None for a typed one."""
    if not source:
        return None
    origin, _sep, code = source.partition(":")
    return {"origin": "profile" if origin == "profile" else "screening", "code": code}


def _choices(item: Item, language: str) -> list[dict[str, str]]:
    if item.answer_type is AnswerType.YES_NO:
        return [{"key": "yes", "label": _("Yes")}, {"key": "no", "label": _("No")}]
    if item.answer_type is AnswerType.MATURITY:
        return [
            {
                "key": str(level),
                "label": f"{level} · "
                + (
                    item.options[level].label.get(language)
                    if item.options
                    else LEVEL_NAMES[language][level]
                ),
                "description": _level_description(item, level, language),
            }
            for level in range(5)
        ]
    return [{"key": o.key, "label": o.label.get(language)} for o in item.options]


def _read_value(item: Item, post: Any, prefix: str) -> tuple[Any, str | None]:
    """The value a section form carries for one item: (value, error). ``...`` means untouched.

    The form's shape is read here (the N/A box, the checkboxes, whether the item was on the
    form); what was typed is read by the item's codec, as the Excel import reads a cell."""
    if post.get(f"{prefix}-na"):
        return NA, None
    if item.answer_type is AnswerType.MULTI_CHOICE:
        chosen = post.getlist(f"{prefix}-value")
        return (chosen if chosen or post.get(f"{prefix}-present") else ...), None
    raw = (post.get(f"{prefix}-value") or "").strip()
    if raw == "":
        return ..., None
    try:
        return codecs.parse(item, raw), None
    except InvalidAnswer as exc:
        return raw, str(exc)


@login_required
def fill(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    applied = selectors.applied_checklists(assessment)
    entry = next((e for e in applied if e.document.slug == slug), None)
    require(entry is not None)
    assert entry is not None
    document = entry.document
    language = _language()
    editable = viewer.can_edit_answers
    section_code = (
        request.GET.get("section") or request.POST.get("section") or document.sections[0].code
    )
    section: Section = next(
        (s for s in document.sections if s.code == section_code), document.sections[0]
    )

    everything = selectors.answers_seen_by(request.user, assessment)
    answers = everything.get(entry.version.pk, {})
    posted: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    conflicts: dict[str, dict[str, Any]] = {}
    if request.method == "POST":
        require(editable)
        inputs, posted, errors = _section_inputs(section, request.POST, answers, slug)
        if not errors and inputs:
            try:
                services.answers_upsert(actor=request.user, assessment=assessment, answers=inputs)
            except ApplicationError as exc:
                if "conflicts" in exc.extra:
                    conflicts = {c["item"]: c for c in exc.extra["conflicts"]}
                for index, problems in exc.extra.get("fields", {}).get("answers", {}).items():
                    errors[inputs[int(index)].item] = "; ".join(
                        m for ms in problems.values() for m in ms
                    )
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Saved."))
                return redirect(f"{request.path}?section={section.code}")
        elif not errors:
            messages.info(request, _("Nothing changed."))
            return redirect(f"{request.path}?section={section.code}")
        everything = selectors.answers_seen_by(request.user, assessment)
        answers = everything.get(entry.version.pk, {})

    referred = _referred(applied, entry, everything, language)
    values = selectors.answer_values(answers)
    visible = scoring.visible_items(document, values)
    progress = _progress(assessment, applied, entry)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for row in (
        selectors.evidence_seen_by(request.user, assessment)
        .filter(checklist_version=entry.version)
        .order_by("pk")
    ):
        evidence[row.item_code].append(row)
    verdicts = {
        v.item_code: v
        for v in ItemVerdict.objects.filter(assessment=assessment, checklist_version=entry.version)
    }
    from_profile = (
        {code: PROFILE_ANSWERS[code] for code in PROFILE_ANSWERS}
        if document.kind is Kind.SCREENING
        else {}
    )
    upload_error = request.session.pop(EVIDENCE_ERROR, None)
    if upload_error and upload_error.get("checklist") != slug:
        upload_error = None
    items = []
    for item in section.items:
        answer = answers.get(item.code)
        typed = posted.get(item.code, {})
        value = typed.get("value", answer.value if answer else None)
        items.append(
            {
                "item": item,
                "text": item.text.get(language),
                "guidance": item.guidance.get(language) if item.guidance else "",
                "choices": _choices(item, language),
                "value": value,
                "value_str": [str(v) for v in value]
                if isinstance(value, list)
                else ("" if value is None else str(value)),
                "is_na": value == "na",
                "comment": typed.get("comment", answer.comment if answer else ""),
                "version": answer.version if answer else "",
                "visible": item.code in visible,
                "condition": _condition_json(item),
                "evidence": evidence.get(item.code, []),
                "verdict": verdicts.get(item.code),
                "from_profile": from_profile.get(item.code),
                "locked": not editable or item.code in from_profile,
                "error": errors.get(item.code, ""),
                "evidence_error": upload_error["message"]
                if upload_error and upload_error.get("item") == item.code
                else "",
                "conflict": conflicts.get(item.code),
                "review_reason": answer.review_reason
                if answer and answer.value is not None
                else "",
                "carried_from": answer.carried_from if answer else None,
                # "high-impact-screening:HIS-SCOPE-04" or "profile:system.generative": what
                # decided this answer before anyone typed it (applicability.yaml ``prefill``).
                "prefilled": _prefill_note(answer.prefilled_from if answer else ""),
                "referred": referred.get(item.code),
                "unit": MeasurementCodec.of(item).unit(language) if item.measurement else "",
                "threshold": MeasurementCodec.of(item).threshold_text(language)
                if item.measurement
                else "",
            }
        )
    # Answers carried over by an upgrade or a re-assessment come first, and can be shown alone.
    review_only = request.GET.get("review") == "1"
    items.sort(key=lambda row: not row["review_reason"])
    if review_only:
        items = [row for row in items if row["review_reason"]]
    to_review = [
        {
            "code": item.code,
            "section": s.code,
            "text": item.text.get(language),
            "reason": answers[item.code].review_reason,
        }
        for s in document.sections
        for item in s.items
        if item.code in answers
        and answers[item.code].review_reason
        and answers[item.code].value is not None
        and item.code in visible
    ]
    sections = [
        {
            "section": s,
            "title": s.title.get(language),
            "completion": progress["sections"][s.code],
            "current": s.code == section.code,
        }
        for s in document.sections
    ]
    index = [s.code for s in document.sections].index(section.code)
    return render(
        request,
        "assessments/fill.html",
        {
            "assessment": assessment,
            "entry": entry,
            "document": document,
            "title": document.title.get(language),
            "section": section,
            "section_title": section.title.get(language),
            "section_description": section.description.get(language) if section.description else "",
            "sections": sections,
            "items": items,
            "checklist_completion": progress["checklist"],
            "overall_completion": progress["overall"],
            "api_progress": reverse(
                "assessment-fill-progress", kwargs={"pk": assessment.pk, "slug": slug}
            ),
            "editable": editable,
            "previous_section": document.sections[index - 1].code if index > 0 else None,
            "next_section": document.sections[index + 1].code
            if index + 1 < len(document.sections)
            else None,
            "other_checklists": applied,
            "api_answers": reverse("assessment-answers", kwargs={"pk": assessment.pk}),
            "system_edit": reverse("system-edit", kwargs={"pk": assessment.system_id}),
            "upload_types": ", ".join(uploads.allowed_type_names()),
            "upload_limit": uploads.size_text(settings.EVIDENCE_MAX_BYTES),
            "upload_accept": uploads.accept_attribute(),
            "to_review": to_review,
            "review_only": review_only,
        },
    )


def _referred(
    applied: list[selectors.Applied],
    entry: selectors.Applied,
    answers: dict[int, dict[str, Any]],
    language: str,
) -> dict[str, dict[str, Any]]:
    """The items of this checklist answered by their ``same_as`` owner elsewhere in the
    assessment: where (title, section, link) and the owner's current answer, shown read-only."""
    owners = scoring.referrals(e.document for e in applied).get(entry.document.slug, {})
    found: dict[str, dict[str, Any]] = {}
    for code, owner in owners.items():
        owner_entry = next(e for e in applied if e.document.slug == owner.checklist)
        section, owner_item = owner_entry.document.index[owner.item]
        answer = answers.get(owner_entry.version.pk, {}).get(owner.item)
        value = answer.value if answer is not None else None
        found[code] = {
            "checklist": owner_entry.document.title.get(language),
            "section": section.title.get(language),
            "item": owner.item,
            "url": reverse(
                "assessment-fill",
                kwargs={"pk": entry.link.assessment_id, "slug": owner.checklist},
            )
            + f"?section={owner.section}#item-{owner.item}",
            "answer": answer_text(owner_item, value, language),
            "answered": value is not None,
        }
    return found


def answer_text(item: Item, value: Any, language: str) -> str:
    """An answer as the pages show it (option labels, levels, a measurement with its unit)."""
    if value is None:
        return _("Not answered yet")
    text = codecs.display(item, value, language)
    if not text and item.answer_type is AnswerType.MULTI_CHOICE:
        return _("None of these")
    return text


def _progress(
    assessment: Any, applied: list[selectors.Applied], entry: selectors.Applied
) -> dict[str, Any]:
    """The fill page's bars, from the same rule as the submit check (``selectors.progress_of``)."""
    progress = selectors.progress_of(assessment, applied)
    mine = progress[entry.version.pk]
    return {
        "overall": progress_percent(scoring.pooled_share(list(progress.values()))),
        "checklist": progress_percent(mine.share),
        "sections": {s.code: progress_percent(s.share) for s in mine.sections},
        "missing": len(mine.missing),
    }


@login_required
def fill_progress(request: HttpRequest, pk: int, slug: str) -> JsonResponse:
    """The fill page's progress figures as JSON; ``fill.js`` reads them after each autosave."""
    assessment = visible_assessment(request, pk)
    applied = selectors.applied_checklists(assessment)
    entry = next((e for e in applied if e.document.slug == slug), None)
    require(entry is not None)
    assert entry is not None
    return JsonResponse(_progress(assessment, applied, entry))


def _section_inputs(
    section: Section, post: Any, answers: dict[str, Any], slug: str
) -> tuple[list[services.AnswerInput], dict[str, dict[str, Any]], dict[str, str]]:
    inputs: list[services.AnswerInput] = []
    posted: dict[str, dict[str, Any]] = {}
    errors: dict[str, str] = {}
    for item in section.items:
        prefix = f"a-{item.code}"
        if f"{prefix}-version" not in post:
            continue  # not on the form (e.g. an item the page did not show)
        value, error = _read_value(item, post, prefix)
        comment = post.get(f"{prefix}-comment", "")
        raw_version = post.get(f"{prefix}-version", "")
        version = int(raw_version) if raw_version.isdigit() else None
        posted[item.code] = {"value": None if value is ... else value, "comment": comment}
        if error:
            errors[item.code] = error
            continue
        current = answers.get(item.code)
        if value is ...:
            if current is None:
                if not comment.strip():
                    continue
                value = None  # a comment before an answer: kept, still unanswered
            elif current.comment == comment:
                continue
            else:
                value = current.value  # only the comment changed
        if (
            current is not None
            and current.value == value
            and current.comment == comment
            and not (current.review_reason and post.get(f"{prefix}-confirm"))
        ):
            continue  # unchanged (a carried answer is confirmed by its checkbox)
        inputs.append(
            services.AnswerInput(
                checklist=slug, item=item.code, value=value, comment=comment, version=version
            )
        )
    return inputs, posted, errors


EVIDENCE_ERROR = "evidence-error"
"""Session key: an upload's error, shown next to its item on the next page load."""


def _back_to_item(pk: int, slug: str, section: str, item: str) -> HttpResponse:
    target = reverse("assessment-fill", kwargs={"pk": pk, "slug": slug})
    return redirect(f"{target}?section={section}#item-{item}")


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    item = request.POST.get("item", "")
    upload = request.FILES.get("file")
    section = request.POST.get("section", "")
    replaces = request.POST.get("replaces", "")
    old = (
        get_object_or_404(Evidence, assessment=assessment, pk=int(replaces), item_code=item)
        if replaces.isdigit()
        else None
    )
    if upload is None:
        error = _("Choose a file to upload.")
    else:
        try:
            if old is not None:
                services.evidence_replace(
                    actor=request.user, assessment=assessment, evidence=old, upload=upload
                )
            else:
                services.evidence_upload(
                    actor=request.user,
                    assessment=assessment,
                    checklist=slug,
                    item=item,
                    upload=upload,
                )
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("%(name)s was uploaded as evidence.") % {"name": upload.name}
            )
            return _back_to_item(pk, slug, section, item)
    request.session[EVIDENCE_ERROR] = {"checklist": slug, "item": item, "message": error}
    return _back_to_item(pk, slug, section, item)


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, slug: str, evidence_pk: int) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    evidence = get_object_or_404(Evidence, assessment=assessment, pk=evidence_pk)
    section = request.POST.get("section", "")
    try:
        services.evidence_delete(actor=request.user, assessment=assessment, evidence=evidence)
    except ApplicationError as exc:
        request.session[EVIDENCE_ERROR] = {
            "checklist": slug,
            "item": evidence.item_code,
            "message": exc.message,
        }
    else:
        messages.success(request, _("%(name)s was deleted.") % {"name": evidence.name})
    return _back_to_item(pk, slug, section, evidence.item_code)
