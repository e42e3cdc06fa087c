"""The revision diff and the overview's gap rows as functions: pure ones without a database,
``comparison_for`` on the real fixture content (the pages are covered by the page tests)."""

from __future__ import annotations

from typing import Any

from assessments import services
from assessments.diff import Basis, answer_changes, comparison_for
from assessments.gaps import gap_rows
from assessments.models import Answer
from tests.assessments.conftest import World
from tests.assessments.scoring_documents import document, item, section

DOC = document(section("S", item("A-01"), item("A-02"), item("A-03")), slug="t")
DOCS = {"t@1.0.0": DOC}


def _state(**answers: Any) -> dict[str, Any]:
    return {
        code: {"value": value, "comment": comment} for code, (value, comment) in answers.items()
    }


def test_only_items_whose_value_or_comment_differs_are_changes() -> None:
    old = {"t@1.0.0": _state(**{"A-01": ("yes", ""), "A-02": ("no", ""), "A-03": ("yes", "x")})}
    new = {"t@1.0.0": _state(**{"A-01": ("yes", ""), "A-02": ("yes", ""), "A-03": ("yes", "y")})}
    changes = answer_changes(old, new, DOCS)
    assert [(c.code, c.before, c.after) for c in changes] == [
        ("A-02", "no", "yes"),
        ("A-03", "yes", "yes"),
    ]
    assert (changes[1].comment_before, changes[1].comment_after) == ("x", "y")
    assert changes[0].item is DOC.item("A-02")


def test_an_answer_on_one_side_only_is_a_change_and_unknown_checklists_have_no_item() -> None:
    old = {"t@1.0.0": _state(**{"A-01": ("yes", "")}), "gone@1.0.0": _state(Z=("no", ""))}
    new = {"t@1.0.0": _state(**{"A-02": ("no", "")})}
    changes = answer_changes(old, new, DOCS)
    assert [(c.checklist, c.code, c.before, c.after) for c in changes] == [
        ("gone@1.0.0", "Z", "no", None),
        ("t@1.0.0", "A-01", "yes", None),
        ("t@1.0.0", "A-02", None, "no"),
    ]
    assert changes[0].item is None and changes[1].item is not None
    assert answer_changes(old, old, DOCS) == []


def test_gap_rows_read_the_question_in_the_language_and_keep_unknown_codes() -> None:
    gaps = [
        {
            "checklist": "t",
            "item": "A-01",
            "value": 0.0,
            "critical": True,
            "recommendation": {"ko": "고치세요", "en": "Fix it"},
        },
        {"checklist": "t", "item": "A-09", "value": 0.5, "critical": False, "recommendation": None},
        {"checklist": "x", "item": "B-01", "value": 0.5, "critical": False, "recommendation": None},
    ]
    rows = gap_rows(gaps, {"t": DOC}, "en")
    assert [(r.item, r.text, r.recommendation_text, r.critical) for r in rows] == [
        ("A-01", "Question", "Fix it", True),
        ("A-09", "A-09", "", False),
        ("B-01", "B-01", "", False),
    ]
    assert gap_rows(gaps, {"t": DOC}, "ko")[0].text == "질문"
    assert len(gap_rows(gaps, {"t": DOC}, "en", limit=2)) == 2


def test_the_company_compares_its_draft_and_the_body_the_revisions(world: World) -> None:
    owner, evaluator = world.users["owner"], world.users["evaluator"]
    assessment = world.in_review()
    assert comparison_for(owner, assessment).basis is Basis.NONE  # one revision only
    assessment = services.assessment_request_changes(
        actor=evaluator, assessment=assessment, comment="Fix A-02"
    )
    stored = Answer.objects.get(assessment=assessment, item_code="T-A-02")
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[
            services.AnswerInput(
                checklist="t-general", item="T-A-02", value="no", version=stored.version
            )
        ],
    )
    mine = comparison_for(owner, assessment)
    assert (mine.basis, mine.old_number, mine.new_number) == (Basis.DRAFT, 1, None)
    [change] = answer_changes(mine.old, mine.new, mine.documents)
    assert (change.code, change.before, change.after) == ("T-A-02", "yes", "no")
    assert change.item is not None and change.item.code == "T-A-02"
    # The body reads the submitted revision while the company edits: nothing to compare yet.
    assert comparison_for(evaluator, assessment).basis is Basis.NONE

    services.assessment_submit(actor=owner, assessment=assessment, evaluation_body=world.body.pk)
    theirs = comparison_for(evaluator, assessment)
    assert (theirs.basis, theirs.old_number, theirs.new_number) == (Basis.REVISIONS, 1, 2)
    assert [c.code for c in answer_changes(theirs.old, theirs.new, theirs.documents)] == ["T-A-02"]
