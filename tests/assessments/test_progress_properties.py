"""Properties of ``scoring.checklist_progress``: the bars read 100 % exactly when submit has
nothing left to ask for, and agree with the score's completion when nothing but answers is
missing (no database)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import checklist_progress, score_checklist, visible_items
from tests.assessments.test_scoring_properties import scored_checklists


@given(scored_checklists(), st.data())
def test_full_progress_means_nothing_is_missing(checklist: tuple, data: st.DataObject) -> None:
    doc, answers = checklist
    codes = sorted(answers)
    with_reason = data.draw(st.lists(st.sampled_from(codes), unique=True)) if codes else []
    comments = {code: "because" for code in with_reason}
    progress = checklist_progress(doc, answers, comments, with_evidence=set())
    assert (progress.share == 1.0) == (not progress.missing)
    for section in progress.sections:
        assert 0 <= section.done <= section.total
        assert (section.share == 1.0) == (
            not [m for m in progress.missing if m.section == section.code]
        )
    visible = visible_items(doc, answers)
    assert all(m.item in visible for m in progress.missing)


@given(scored_checklists())
def test_progress_agrees_with_completion_when_only_answers_are_missing(checklist: tuple) -> None:
    doc, answers = checklist
    comments = dict.fromkeys(answers, "reason")  # every N/A has its reason; no evidence rules
    progress = checklist_progress(doc, answers, comments, with_evidence=set())
    score = score_checklist(doc, answers)
    assert (progress.done, progress.total) == (score.answered, score.required)
