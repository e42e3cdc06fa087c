"""Properties of the scoring functions over random documents, answers and verdicts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from assessments.scoring import (
    NA,
    AnswerValue,
    Verdict,
    item_value,
    score_assessment,
    score_checklist,
    visible_items,
)
from checklists.schema import AnswerType, ChecklistDocument, Item
from tests.assessments.scoring_documents import T, document

SCORED = ["yes_no", "maturity", "single_choice", "multi_choice"]
UNSCORED = ["text", "number", "date"]
weights = st.sampled_from([0.5, 1, 2, 3]) | st.floats(min_value=0.01, max_value=100)


@st.composite
def conditions(draw: st.DrawFn, yes_no_items: list[str]) -> dict[str, Any]:
    """A show_if on earlier yes/no items: a leaf, or all/any of up to three leaves. It never
    tests for "na", so answering N/A keeps every condition as it was with no answer."""

    def leaf() -> dict[str, Any]:
        values = draw(st.lists(st.sampled_from(["yes", "no"]), min_size=1, max_size=2, unique=True))
        return {"item": draw(st.sampled_from(yes_no_items)), "in": values}

    form = draw(st.sampled_from(["leaf", "all", "any"]))
    if form == "leaf":
        return leaf()
    return {form: [leaf() for _ in range(draw(st.integers(1, 3)))]}


@st.composite
def documents(draw: st.DrawFn, *, show_if: bool = True) -> ChecklistDocument:
    sections = []
    yes_no_items: list[str] = []
    for s in range(draw(st.integers(1, 3))):
        items = []
        for i in range(draw(st.integers(1, 4))):
            code = f"S{s}-{i}"
            answer_type = draw(st.sampled_from(SCORED + SCORED + UNSCORED))
            data: dict[str, Any] = {
                "code": code,
                "text": T,
                "answer_type": answer_type,
                "weight": draw(weights),
                "required": draw(st.booleans()),
                "critical": answer_type in SCORED and draw(st.booleans()),
            }
            if answer_type in ("single_choice", "multi_choice"):
                scores = draw(st.lists(st.floats(0, 1), min_size=2, max_size=4))
                data["options"] = [
                    {"key": f"o{n}", "label": T, "score": score} for n, score in enumerate(scores)
                ]
            if show_if and yes_no_items and draw(st.booleans()):
                data["show_if"] = draw(conditions(yes_no_items))
            if answer_type == "yes_no":
                yes_no_items.append(code)
            items.append(data)
        sections.append({"code": f"S{s}", "title": T, "weight": draw(weights), "items": items})
    return document(*sections)


def values_for(item: Item) -> st.SearchStrategy[AnswerValue]:
    """Valid answers other than N/A."""
    keys = [option.key for option in item.options]
    match item.answer_type:
        case AnswerType.YES_NO:
            return st.sampled_from(["yes", "no"])
        case AnswerType.MATURITY:
            return st.integers(0, 4)
        case AnswerType.SINGLE_CHOICE:
            return st.sampled_from(keys)
        case AnswerType.MULTI_CHOICE:
            return st.lists(st.sampled_from(keys), unique=True)
        case AnswerType.NUMBER:
            return st.integers(-5, 5)
        case AnswerType.DATE:
            return st.just("2025-01-22")
        case _:
            return st.text(min_size=1, max_size=5).filter(lambda text: text != "na")


@st.composite
def answers_for(draw: st.DrawFn, doc: ChecklistDocument) -> dict[str, AnswerValue]:
    answers: dict[str, AnswerValue] = {}
    for _, item in doc.items():
        kind = draw(st.sampled_from(["missing", "na", "value", "value"]))
        if kind == "na":
            answers[item.code] = "na"
        elif kind == "value":
            answers[item.code] = draw(values_for(item))
    return answers


@st.composite
def scored_checklists(
    draw: st.DrawFn, *, show_if: bool = True
) -> tuple[ChecklistDocument, dict[str, AnswerValue]]:
    doc = draw(documents(show_if=show_if))
    return doc, draw(answers_for(doc))


def verdicts_for(data: st.DataObject, answers: Mapping[str, AnswerValue]) -> dict[str, Verdict]:
    codes = data.draw(st.lists(st.sampled_from(sorted(answers)), unique=True)) if answers else []
    return {code: data.draw(st.sampled_from(list(Verdict))) for code in codes}


def in_range(score: float | None) -> bool:
    return score is None or 0.0 <= score <= 100.0


@given(scored_checklists(), st.data())
def test_scores_stay_between_0_and_100(
    checklist: tuple[ChecklistDocument, dict[str, AnswerValue]], data: st.DataObject
) -> None:
    doc, answers = checklist
    result = score_checklist(doc, answers)
    verified = score_checklist(doc, answers, verdicts_for(data, answers))
    for score in (result, verified):
        assert in_range(score.score)
        assert in_range(score.verified_score)
        assert all(in_range(s.score) and in_range(s.verified_score) for s in score.sections)
        assert 0.0 <= score.completion <= 1.0
        assert all(0.0 <= gap.value < 1.0 for gap in score.gaps)
    overall = score_assessment([(doc, answers, None), (doc, {}, None)])
    assert in_range(overall.overall)
    assert overall.overall == result.score  # an empty checklist adds nothing to the pool


@given(scored_checklists(), st.data())
def test_na_answers_and_answers_to_hidden_items_change_no_score(
    checklist: tuple[ChecklistDocument, dict[str, AnswerValue]], data: st.DataObject
) -> None:
    doc, answers = checklist
    visible = visible_items(doc, answers)
    more = dict(answers)
    for _, item in doc.items():
        if item.code not in visible:
            more[item.code] = data.draw(values_for(item) | st.just("na"))
        elif item.code not in answers and data.draw(st.booleans()):
            more[item.code] = "na"
    before, after = score_checklist(doc, answers), score_checklist(doc, more)
    assert visible_items(doc, more) == visible
    assert after.score == before.score
    assert after.rating == before.rating
    assert [s.score for s in after.sections] == [s.score for s in before.sections]
    assert after.gaps == before.gaps
    assert after.critical_gaps == before.critical_gaps
    assert after.crosswalk == before.crosswalk


@given(scored_checklists(show_if=False), st.data())
def test_raising_one_answer_never_lowers_the_score(
    checklist: tuple[ChecklistDocument, dict[str, AnswerValue]], data: st.DataObject
) -> None:
    doc, answers = checklist
    scored = [item for _, item in doc.items() if item.scored]
    assume(scored)
    item = data.draw(st.sampled_from(scored))
    first, second = data.draw(values_for(item)), data.draw(values_for(item))
    low, high = sorted([first, second], key=lambda value: _value(item, value))
    lower = score_checklist(doc, answers | {item.code: low}).score
    higher = score_checklist(doc, answers | {item.code: high}).score
    assert lower is not None and higher is not None
    assert lower <= higher


def _value(item: Item, value: AnswerValue) -> float:
    result = item_value(item, value)
    assert isinstance(result, float)
    return result


@given(scored_checklists(), st.data())
def test_order_of_answers_and_verdicts_does_not_matter(
    checklist: tuple[ChecklistDocument, dict[str, AnswerValue]], data: st.DataObject
) -> None:
    doc, answers = checklist
    verdicts = verdicts_for(data, answers)
    expected = score_checklist(doc, answers, verdicts)
    shuffled_answers = dict(data.draw(st.permutations(list(answers.items()))))
    shuffled_verdicts = dict(data.draw(st.permutations(list(verdicts.items()))))
    assert score_checklist(doc, shuffled_answers, shuffled_verdicts) == expected
    # reversed too: a different order whenever there are two answers, however hypothesis shrinks
    reversed_answers = dict(reversed(list(answers.items())))
    reversed_verdicts = dict(reversed(list(verdicts.items())))
    assert score_checklist(doc, reversed_answers, reversed_verdicts) == expected


@given(scored_checklists(), st.data())
def test_verified_score_never_exceeds_the_self_reported_one(
    checklist: tuple[ChecklistDocument, dict[str, AnswerValue]], data: st.DataObject
) -> None:
    doc, answers = checklist
    verdicts = verdicts_for(data, answers)
    result = score_checklist(doc, answers, verdicts)
    assert (result.score is None) == (result.verified_score is None)
    if result.score is not None and result.verified_score is not None:
        assert result.verified_score <= result.score
    for section in result.sections:
        if section.score is not None and section.verified_score is not None:
            assert section.verified_score <= section.score
    assert set(result.critical_gaps) <= set(result.verified_critical_gaps or ())
    pooled = score_assessment([(doc, answers, verdicts)])
    if pooled.overall is not None and pooled.verified_overall is not None:
        assert pooled.verified_overall <= pooled.overall


@given(scored_checklists())
def test_na_is_never_a_value(checklist: tuple[ChecklistDocument, dict[str, AnswerValue]]) -> None:
    doc, answers = checklist
    for _, item in doc.items():
        value = item_value(item, answers.get(item.code))
        if answers.get(item.code) == "na":
            assert value is NA
        elif item.code not in answers or not item.scored:
            assert value is None
        else:
            assert isinstance(value, float) and 0.0 <= value <= 1.0


def _with_slug(doc: ChecklistDocument, slug: str, extra: list[dict[str, Any]]) -> ChecklistDocument:
    data = doc.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["slug"] = slug
    data["sections"] = data["sections"] + extra
    return ChecklistDocument.model_validate(data)


@given(scored_checklists(), scored_checklists(), st.data())
def test_a_referred_item_counts_once_overall(
    owner_checklist: tuple[ChecklistDocument, dict[str, AnswerValue]],
    other_checklist: tuple[ChecklistDocument, dict[str, AnswerValue]],
    data: st.DataObject,
) -> None:
    """Adding an item that is ``same_as`` an owner item of the assessment changes neither the
    overall score, the completion nor the gaps, whatever was stored on it; its section scores it
    with the owner's value."""
    owner_doc, owner_answers = owner_checklist
    other_doc, other_answers = other_checklist
    owner = _with_slug(owner_doc, "owner", [])
    target = data.draw(st.sampled_from([item for _, item in owner.items()]))
    referring = target.model_dump(mode="json", by_alias=True, exclude_none=True)
    referring.pop("show_if", None)
    referring |= {"code": "REF-01", "same_as": {"checklist": "owner", "item": target.code}}
    without = _with_slug(other_doc, "other", [])
    with_ref = _with_slug(other_doc, "other", [{"code": "REF", "title": T, "items": [referring]}])
    stale = data.draw(values_for(with_ref.sections[-1].items[0]) | st.just("na"))
    before = score_assessment([(owner, owner_answers, None), (without, other_answers, None)])
    after = score_assessment(
        [(owner, owner_answers, None), (with_ref, other_answers | {"REF-01": stale}, None)]
    )
    assert after.overall == before.overall
    assert (after.answered, after.required) == (before.answered, before.required)
    assert after.gaps == before.gaps
    assert after.critical_gaps == before.critical_gaps
    section = after.checklists[1].sections[-1]
    owner_value = item_value(target, owner_answers.get(target.code))
    visible = target.code in visible_items(owner, owner_answers)
    if target.scored and isinstance(owner_value, float) and visible:
        assert section.score == round(100 * owner_value, 9)
    else:
        assert section.score is None


@st.composite
def rubrics(draw: st.DrawFn) -> ChecklistDocument:
    levels = [{"key": str(n), "label": T} for n in range(5)]
    items = [
        {
            "code": f"C-{n}",
            "text": T,
            "answer_type": "maturity",
            "options": levels,
            "weight": draw(weights),
            "critical": draw(st.booleans()),
        }
        for n in range(draw(st.integers(1, 6)))
    ]
    return document({"code": "G", "title": T, "items": items}, kind="evaluation")


@given(rubrics(), st.data())
def test_out_of_scope_criteria_never_change_the_outcome(
    rubric: ChecklistDocument, data: st.DataObject
) -> None:
    """Whatever is recorded on a criterion out of scope (a level, N/A, not evaluated) changes
    neither the total nor the outcome; in scope, "not evaluated" always withholds the outcome."""
    from assessments.scoring import NOT_EVALUATED, evaluate

    codes = [item.code for _, item in rubric.items()]
    states = st.integers(0, 4) | st.just(NA) | st.just(NOT_EVALUATED)
    ratings = {code: data.draw(states) for code in codes}
    excluded = set(data.draw(st.lists(st.sampled_from(codes), unique=True)))
    result = evaluate(rubric, ratings, excluded)
    changed = ratings | {code: data.draw(states) for code in excluded}
    again = evaluate(rubric, changed, excluded)
    assert (again.total, again.outcome, again.criteria) == (
        result.total,
        result.outcome,
        result.criteria,
    )
    if any(ratings[code] is NOT_EVALUATED for code in codes if code not in excluded):
        assert result.outcome is None and result.not_evaluated
