"""Pages of living assessments: the upgrade preview and confirm, re-assessment, scores over time."""

from __future__ import annotations

import difflib
from typing import Any
from xml.sax.saxutils import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import services
from assessments.carry import Change, Fate
from assessments.models import Revision
from assessments.selectors import assessments_visible_to, company_of
from assessments.upgrades import upgrade_preview
from assessments.views.common import require, viewer_of, visible_assessment
from core import charts
from core.exceptions import ApplicationError
from core.formatting import percent


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both texts as HTML, every word that differs marked (``<del>`` old, ``<ins>`` new); escaped.

    Words are split on spaces; Korean text, written with spaces between word groups, diffs the
    same way.
    """
    before, after = old.split(), new.split()
    old_parts: list[tuple[str, str]] = []
    new_parts: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            old_parts.append(("span", " ".join(before[i1:i2])))
            new_parts.append(("span", " ".join(after[j1:j2])))
            continue
        if i2 > i1:
            old_parts.append(("del", " ".join(before[i1:i2])))
        if j2 > j1:
            new_parts.append(("ins", " ".join(after[j1:j2])))

    def html(parts: list[tuple[str, str]]) -> SafeString:
        return format_html_join(" ", "{}", ((_tag(tag, text),) for tag, text in parts))

    return html(old_parts), html(new_parts)


def _tag(tag: str, text: str) -> SafeString:
    if tag == "span":
        return mark_safe(escape(text))  # noqa: S308 - escaped just before
    return mark_safe(f"<{tag}>{escape(text)}</{tag}>")  # noqa: S308 - escaped just before


def _options_text(item: Any, language: str) -> str:
    return ", ".join(f"{o.label.get(language)} ({percent(o.score)})" for o in item.options)


@login_required
def assessment_upgrade_page(request: HttpRequest, pk: int) -> HttpResponse:
    """What moving to the newest content versions does, item by item; one button confirms."""
    assessment = visible_assessment(request, pk)
    viewer = viewer_of(request, assessment)
    require(viewer.company_role is not None)
    language = "en" if (get_language() or "ko").startswith("en") else "ko"
    if request.method == "POST":
        require(viewer.can_edit)
        try:
            services.assessment_upgrade(
                actor=request.user,
                assessment=assessment,
                checklists="all",
                preview=request.POST.get("preview", ""),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("assessment-upgrade", pk=assessment.pk)
        messages.success(
            request,
            _(
                "Moved to the new versions. Answers marked for review are listed first: confirm "
                "or change them before you submit."
            ),
        )
        return redirect("assessment-detail", pk=assessment.pk)
    preview = upgrade_preview(assessment)
    fate_labels = {
        Fate.CARRIED: _("carried"),
        Fate.NEEDS_REVIEW: _("needs review"),
        Fate.DROPPED: _("dropped"),
    }
    change_labels = {
        Change.UNCHANGED: _("unchanged"),
        Change.CHANGED: _("changed"),
        Change.ADDED: _("added"),
        Change.REMOVED: _("removed"),
    }
    checklists = []
    for upgrade in preview.checklists:
        rows = []
        for diff in upgrade.items:
            old_text = diff.old.text.get(language) if diff.old else ""
            new_text = diff.new.text.get(language) if diff.new else ""
            old_html, new_html = word_diff(old_text, new_text)
            fate = upgrade.fates.get(diff.code)
            rows.append(
                {
                    "code": diff.code,
                    "change": diff.change.value,
                    "change_label": change_labels[diff.change],
                    "old": old_html,
                    "new": new_html,
                    "old_options": _options_text(diff.old, language) if diff.old else "",
                    "new_options": _options_text(diff.new, language) if diff.new else "",
                    "options_changed": "options" in diff.fields or "scores" in diff.fields,
                    "type_changed": "answer_type" in diff.fields,
                    "fate": fate.value if fate else "",
                    "fate_label": fate_labels[fate] if fate else "",
                }
            )
        checklists.append(
            {
                "title": upgrade.document.title.get(language),
                "slug": upgrade.slug,
                "from": upgrade.applied.document.version,
                "to": upgrade.document.version,
                "counts": upgrade.counts(),
                "rows": [r for r in rows if r["change"] != Change.UNCHANGED.value],
                "unchanged": sum(1 for r in rows if r["change"] == Change.UNCHANGED.value),
            }
        )
    return render(
        request,
        "assessments/upgrade.html",
        {
            "assessment": assessment,
            "checklists": checklists,
            "token": preview.token,
            "can_upgrade": viewer.can_edit_answers,
        },
    )


@login_required
@require_POST
def assessment_reassess_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible_assessment(request, pk)
    require(viewer_of(request, assessment).can_edit)
    try:
        fresh = services.assessment_reassess(actor=request.user, assessment=assessment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("assessment-detail", pk=assessment.pk)
    messages.success(
        request,
        _("A new assessment was started from revision %(revision)d: confirm each carried answer.")
        % {"revision": assessment.revision},
    )
    return redirect("assessment-detail", pk=fresh.pk)


def system_series(user: Any) -> list[dict[str, Any]]:
    """Per AI system with more than one assessment: their scores over time (last revision's
    self-reported overall score; a draft has none yet), oldest first, as a small chart. Two
    queries, however many assessments."""
    company = company_of(user)
    if company is None:
        return []
    assessments = list(
        assessments_visible_to(user)
        .filter(system__organization=company)
        .exclude(status="withdrawn")
        .order_by("created_at", "pk")
    )
    last = {
        r.assessment_id: r
        for r in Revision.objects.filter(assessment__in=assessments).order_by("number")
    }
    by_system: dict[int, list[Any]] = {}
    for assessment in assessments:
        by_system.setdefault(assessment.system_id, []).append(assessment)
    label = _("Score over time")
    result = []
    for group in by_system.values():
        if len(group) < 2:
            continue
        points = [
            (
                a.created_at.date().isoformat(),
                (last[a.pk].scores or {}).get("overall") if a.pk in last else None,
            )
            for a in group
        ]
        result.append(
            {
                "system": group[0].system,
                "points": [
                    {"assessment": a, "when": when, "score": score}
                    for a, (when, score) in zip(group, points, strict=True)
                ],
                "chart": mark_safe(charts.series(points, title=label)),  # noqa: S308 - escaped
            }
        )
    return result
