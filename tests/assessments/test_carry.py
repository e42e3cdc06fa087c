"""The carry rules as a pure function over two checklist documents (no database)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assessments.carry import Change, Fate, answer_fate, diff_documents
from checklists.schema import ChecklistDocument

HERE = Path(__file__).resolve().parent


def _document(path: Path) -> ChecklistDocument:
    return ChecklistDocument.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


OLD = _document(HERE / "content" / "t-general" / "1.0.0.yaml")
NEW = _document(HERE / "content_v2" / "t-general" / "2.0.0.yaml")
DIFF = {diff.code: diff for diff in diff_documents(OLD, NEW)}


@pytest.mark.parametrize(
    ("code", "change", "fields"),
    [
        ("T-A-01", Change.UNCHANGED, ()),
        ("T-A-02", Change.CHANGED, ("text",)),
        ("T-A-03", Change.UNCHANGED, ()),
        ("T-B-01", Change.CHANGED, ("options", "scores")),
        ("T-B-02", Change.REMOVED, ()),
        ("T-B-06", Change.ADDED, ()),
    ],
)
def test_items_are_compared_by_code(code: str, change: Change, fields: tuple[str, ...]) -> None:
    assert DIFF[code].change is change
    assert DIFF[code].fields == fields


def test_every_item_of_both_versions_is_listed_once_in_the_new_order_then_removed() -> None:
    codes = [diff.code for diff in diff_documents(OLD, NEW)]
    new_codes = [item.code for _s, item in NEW.items()]
    assert codes == [*new_codes, "T-B-02"]


def test_a_document_compared_with_itself_is_unchanged_everywhere() -> None:
    assert {d.change for d in diff_documents(OLD, OLD)} == {Change.UNCHANGED}


@pytest.mark.parametrize(
    ("code", "value", "comment", "fate"),
    [
        ("T-A-01", "yes", "", Fate.CARRIED),  # unchanged item
        ("T-A-03", 3, "", Fate.CARRIED),
        ("T-A-02", "yes", "", Fate.NEEDS_REVIEW),  # reworded; the value still fits
        ("T-A-02", "na", "not planned", Fate.NEEDS_REVIEW),
        ("T-B-01", "manual", "", Fate.NEEDS_REVIEW),  # new options; the chosen one remains
        ("T-B-01", "auto", "", Fate.DROPPED),  # the chosen option is gone
        ("T-B-02", ["visible"], "", Fate.DROPPED),  # removed item
        ("T-A-02", None, "a note", Fate.NEEDS_REVIEW),  # a comment alone fits any item
    ],
)
def test_answer_fates(code: str, value: Any, comment: str, fate: Fate) -> None:
    assert answer_fate(DIFF[code], value, comment) is fate


def test_a_new_answer_type_drops_a_value_it_cannot_take() -> None:
    data = OLD.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["version"] = "1.1.0"
    data["sections"][0]["items"][2]["answer_type"] = "yes_no"  # T-A-03 was a maturity item
    retyped = ChecklistDocument.model_validate(data)
    diff = {d.code: d for d in diff_documents(OLD, retyped)}["T-A-03"]
    assert diff.fields == ("answer_type",)
    assert answer_fate(diff, 3) is Fate.DROPPED


def test_a_new_score_alone_is_a_change() -> None:
    data = OLD.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["version"] = "1.0.1"
    data["sections"][1]["items"][0]["options"][1]["score"] = 0.25  # T-B-01 "auto"
    rescored = ChecklistDocument.model_validate(data)
    diff = {d.code: d for d in diff_documents(OLD, rescored)}["T-B-01"]
    assert (diff.change, diff.fields) == (Change.CHANGED, ("scores",))
    assert answer_fate(diff, "auto") is Fate.NEEDS_REVIEW
