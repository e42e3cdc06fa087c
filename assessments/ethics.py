"""The ten key requirements of the National AI Ethics Standards (R1–R10) as scores.

``general-ethics`` gives each requirement one section, and each of those sections names its
requirement in its crosswalk (``kr_ethics_standards: R1`` …). The overview and the reports draw
the ten as a radar from the section scores they already have. Pure: documents and plain score
rows in, plain rows out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from checklists.schema import ChecklistDocument, Framework

ETHICS_CHECKLIST = "general-ethics"
"""The checklist whose sections are the ten requirements, one each."""

_REQUIREMENT = re.compile(r"R(\d+)")


@dataclass(frozen=True, slots=True)
class Requirement:
    ref: str  # "R1"
    label: str  # "R1 인권 보장", in the reader's language
    score: float | None
    verified: float | None


def ethics_requirements(
    documents: Iterable[ChecklistDocument],
    sections: Iterable[Mapping[str, Any]],
    language: str,
) -> list[Requirement]:
    """R1–R10 in order, each with its section's score and verified score (``sections`` are the
    figures' rows ``{checklist, code, score, verified_score}``); empty when the ethics checklist
    does not apply."""
    scores = {(row["checklist"], row["code"]): row for row in sections}
    result: list[tuple[int, Requirement]] = []
    for document in documents:
        if document.slug != ETHICS_CHECKLIST:
            continue
        for section in document.sections:
            refs = [
                c.ref
                for c in section.crosswalk
                if c.framework is Framework.KR_ETHICS_STANDARDS and _REQUIREMENT.fullmatch(c.ref)
            ]
            if not refs:
                continue
            row = scores.get((document.slug, section.code), {})
            ref = refs[0]
            result.append(
                (
                    int(ref[1:]),
                    Requirement(
                        ref=ref,
                        label=f"{ref} {section.title.get(language)}",
                        score=row.get("score"),
                        verified=row.get("verified_score"),
                    ),
                )
            )
    return [requirement for _number, requirement in sorted(result, key=lambda pair: pair[0])]
