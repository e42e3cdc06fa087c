"""What the evaluator asked, for the company's pages (issue 16 item 6).

``{% changes_requested assessment %}`` renders the banner (the evaluator's full comment, line
breaks kept, and links to every item not confirmed); ``{% asked_sections assessment slug as x %}``
gives the section codes of one checklist that hold such items, for the fill page's menu. Tags, so
that the overview and the fill page show the same thing without either view computing it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from assessments.models import Assessment
from assessments.selectors import ChangeRequest, change_request_of

register = template.Library()


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _request(context: template.Context, assessment: Assessment) -> ChangeRequest | None:
    # One read per page, shared by both tags: kept on the assessment object the view passed.
    key = f"_change_request_{_language()}"
    if not hasattr(assessment, key):
        setattr(assessment, key, change_request_of(assessment, _language()))
    found: ChangeRequest | None = getattr(assessment, key)
    return found


@register.inclusion_tag("assessments/_changes_requested.html", takes_context=True)
def changes_requested(context: template.Context, assessment: Assessment) -> dict[str, Any]:
    request = _request(context, assessment)
    rows = []
    if request is not None:
        for asked in request.items:
            rows.append(
                {
                    "asked": asked,
                    "url": reverse(
                        "assessment-fill", kwargs={"pk": assessment.pk, "slug": asked.checklist}
                    )
                    + f"?section={asked.section}#item-{asked.item}",
                }
            )
    return {"change_request": request, "rows": rows}


@register.simple_tag(takes_context=True)
def asked_sections(context: template.Context, assessment: Assessment, slug: str) -> set[str]:
    request = _request(context, assessment)
    if request is None:
        return set()
    return {asked.section for asked in request.items if asked.checklist == slug}
