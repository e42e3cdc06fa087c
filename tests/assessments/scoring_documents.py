"""Small checklist documents for the scoring tests, built from dicts; no YAML, no database."""

from __future__ import annotations

from typing import Any

from checklists.schema import ChecklistDocument, Item

T = {"ko": "질문", "en": "Question"}
LEVELS = {str(level): level / 4 for level in range(5)}


def options(**scores: float) -> list[dict[str, Any]]:
    return [{"key": key, "label": T, "score": score} for key, score in scores.items()]


def item(code: str, answer_type: str = "yes_no", **fields: Any) -> dict[str, Any]:
    """An item; choice items get options a (0.25), b (0.5) and c (0.75) unless given others."""
    data: dict[str, Any] = {"code": code, "text": T, "answer_type": answer_type}
    if answer_type in ("single_choice", "multi_choice"):
        data["options"] = options(a=0.25, b=0.5, c=0.75)
    return data | fields


def criterion(code: str, **fields: Any) -> dict[str, Any]:
    """An evaluation criterion: a maturity item whose five options describe the levels."""
    return item(code, "maturity", options=options(**LEVELS), **fields)


def section(code: str, *items: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"code": code, "title": T, "items": list(items), **fields}


def document(
    *sections: dict[str, Any], kind: str = "self_check", slug: str = "test"
) -> ChecklistDocument:
    return ChecklistDocument.model_validate(
        {
            "slug": slug,
            "version": "1.0.0",
            "kind": kind,
            "domain": "general",
            "target": "both",
            "title": T,
            "description": T,
            "sources": ["test"],
            "sections": list(sections),
        }
    )


def one_item(answer_type: str, **fields: Any) -> Item:
    return document(section("S", item("S-01", answer_type, **fields))).sections[0].items[0]
