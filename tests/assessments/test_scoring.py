"""Worked examples for assessments.scoring: answer values, visibility, checklist and assessment
scores, ratings, verified scores, gaps and crosswalk coverage. Every expected number is computed by
hand in the comment next to it."""

from __future__ import annotations

from typing import Any

import pytest

from assessments.scoring import (
    NA,
    AnswerValue,
    ChecklistScore,
    FrameworkCoverage,
    Rating,
    Verdict,
    condition_holds,
    crosswalk_coverage,
    item_value,
    rating_for,
    score_assessment,
    score_checklist,
    visible_items,
)
from checklists.schema import Condition, Framework, Kind
from tests.assessments.scoring_documents import (
    criterion,
    document,
    item,
    one_item,
    options,
    section,
)

# --- item_value ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer_type", "value", "expected"),
    [
        ("yes_no", "yes", 1.0),
        ("yes_no", "no", 0.0),
        ("yes_no", "na", NA),
        ("yes_no", None, None),
        ("maturity", 0, 0.0),
        ("maturity", 1, 0.25),
        ("maturity", 2, 0.5),
        ("maturity", 3, 0.75),
        ("maturity", 4, 1.0),
        ("maturity", "na", NA),
        ("single_choice", "a", 0.25),
        ("single_choice", "c", 0.75),
        ("single_choice", "na", NA),
        ("multi_choice", ["a", "b"], 0.75),  # 0.25 + 0.5
        ("multi_choice", ["b", "c"], 1.0),  # min(1, 0.5 + 0.75)
        ("multi_choice", ["a", "a"], 0.25),  # a key chosen twice counts once
        ("multi_choice", [], 0.0),  # nothing chosen is an answer worth 0
        ("multi_choice", "na", NA),
        ("text", "we do", None),
        ("text", "na", NA),
        ("number", 3, None),
        ("number", 2.5, None),
        ("date", "2025-01-22", None),
        ("date", None, None),
    ],
)
def test_item_value(answer_type: str, value: Any, expected: object) -> None:
    assert item_value(one_item(answer_type), value) == expected


@pytest.mark.parametrize(
    ("answer_type", "value"),
    [
        ("yes_no", "maybe"),
        ("yes_no", 1),
        ("maturity", 5),
        ("maturity", -1),
        ("maturity", "3"),
        ("maturity", True),
        ("maturity", 2.5),
        ("single_choice", "z"),
        ("single_choice", ["a"]),
        ("multi_choice", ["a", "z"]),
        ("multi_choice", "a"),
    ],
)
def test_item_value_rejects_what_validation_should_have_caught(
    answer_type: str, value: Any
) -> None:
    with pytest.raises(ValueError, match="S-01"):
        item_value(one_item(answer_type), value)


# --- show_if -------------------------------------------------------------------------------------

NESTED = document(
    section(
        "S",
        item("P"),
        item("Q", "maturity"),
        item("R", "multi_choice"),
        # X shows when P is yes and (Q is 3 or 4, or R includes c).
        item(
            "X",
            show_if={
                "all": [
                    {"item": "P", "in": ["yes"]},
                    {"any": [{"item": "Q", "in": ["3", "4"]}, {"item": "R", "in": ["c"]}]},
                ]
            },
        ),
    )
)


@pytest.mark.parametrize(
    ("answers", "shown"),
    [
        ({"P": "yes", "Q": 3}, True),  # maturity 3 renders as "3"
        ({"P": "yes", "Q": 4, "R": ["a"]}, True),
        ({"P": "yes", "Q": 2, "R": ["a", "c"]}, True),  # any chosen key counts
        ({"P": "yes", "Q": 2, "R": ["a", "b"]}, False),
        ({"P": "yes", "Q": "na", "R": ["c"]}, True),
        ({"P": "no", "Q": 4, "R": ["c"]}, False),  # the all fails on P
        ({"P": "yes"}, False),  # unanswered Q and R make their leaves false
        ({}, False),
    ],
)
def test_nested_show_if(answers: dict[str, Any], shown: bool) -> None:
    assert ("X" in visible_items(NESTED, answers)) is shown
    assert NESTED.sections[0].items[3].show_if is not None
    assert condition_holds(NESTED.sections[0].items[3].show_if, answers) is shown


def test_condition_leaf_on_unanswered_item_is_false() -> None:
    condition = Condition.model_validate({"item": "P", "in": ["yes", "no", "na"]})
    assert condition_holds(condition, {}) is False
    assert condition_holds(condition, {"P": "na"}) is True


CHAIN = document(
    section(
        "S",
        item("A"),
        item("B", show_if={"item": "A", "in": ["yes"]}),
        item("C", show_if={"item": "B", "in": ["yes"]}),
        # D shows when B is yes or A is no: with B hidden, only the A branch can show it.
        item("D", show_if={"any": [{"item": "B", "in": ["yes"]}, {"item": "A", "in": ["no"]}]}),
    )
)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"A": "yes", "B": "yes"}, {"A", "B", "C", "D"}),
        ({"A": "yes", "B": "no"}, {"A", "B"}),
        # B keeps a stale "yes" from before A turned "no": B is hidden, so C (which needs B) is
        # hidden too, and D shows through its A branch only.
        ({"A": "no", "B": "yes"}, {"A", "D"}),
        ({}, {"A"}),
    ],
)
def test_items_depending_on_hidden_items_are_hidden(
    answers: dict[str, Any], expected: set[str]
) -> None:
    assert visible_items(CHAIN, answers) == expected


# --- checklist score -----------------------------------------------------------------------------


def test_weighted_mean_of_item_weights() -> None:
    doc = document(section("S", item("A", weight=2), item("B", "maturity", weight=1)))
    result = score_checklist(doc, {"A": "yes", "B": 2})
    # 100 × (2·1 + 1·0.5) / 3 = 83.333…
    assert result.score == pytest.approx(83.333333333)
    assert result.rating == Rating.GOOD
    assert result.sections[0].score == pytest.approx(83.333333333)


def test_section_weight_multiplies_item_weight() -> None:
    doc = document(
        section("S1", item("A", weight=2), weight=3),
        section("S2", item("B"), item("C", weight=3)),
    )
    result = score_checklist(doc, {"A": "yes", "B": "yes", "C": "no"})
    # effective weights A 3·2 = 6, B 1, C 3: 100 × (6·1 + 1·1 + 3·0) / 10 = 70
    # (without section weights it would be 100 × 3 / 6 = 50)
    assert result.score == 70.0
    # S1: 100 × 1 = 100; S2: 100 × (1 + 0) / 4 = 25
    assert [(s.code, s.score) for s in result.sections] == [("S1", 100.0), ("S2", 25.0)]


def test_na_is_excluded_from_the_score_but_counts_as_answered() -> None:
    doc = document(section("S", item("A"), item("B", weight=5), item("C", "maturity")))
    result = score_checklist(doc, {"A": "yes", "B": "na", "C": "na"})
    # only A counts: 100 × 1 / 1; B (weight 5, N/A) would have pulled nothing either way
    assert result.score == 100.0
    assert (result.answered, result.required, result.completion) == (3, 3, 1.0)
    assert result.gaps == ()


def test_no_scored_answer_means_no_score_not_zero() -> None:
    doc = document(section("S", item("A"), item("T", "text")))
    for answers in ({}, {"A": "na"}, {"T": "we write it down"}):
        result = score_checklist(doc, answers)
        assert result.score is None
        assert result.rating is None
        assert result.sections[0].score is None


def test_completion_counts_required_visible_items_only() -> None:
    doc = document(
        section(
            "S",
            item("A"),
            item("B", "text"),
            item("C", "number"),
            item("D", required=False),
        ),
        section("E", item("E-1", required=False)),
    )
    result = score_checklist(doc, {"A": "no", "B": "why", "D": "yes"})
    # required A, B, C; answered A, B → 2/3 (the optional D does not count)
    assert (result.answered, result.required) == (2, 3)
    assert result.completion == pytest.approx(2 / 3)
    # a section without required items is complete
    assert (result.sections[1].required, result.sections[1].completion) == (0, 1.0)


def test_hidden_items_are_excluded_everywhere() -> None:
    doc = document(
        section(
            "S",
            item("A"),
            item("B", critical=True, weight=5, show_if={"item": "A", "in": ["yes"]}),
            item("C"),
        )
    )
    # A no hides B, whose stale "no" must count nowhere.
    hidden = score_checklist(doc, {"A": "no", "B": "no", "C": "yes"})
    # 100 × (0 + 1) / 2 = 50; required A and C only
    assert hidden.score == 50.0
    assert (hidden.answered, hidden.required) == (2, 2)
    assert hidden.critical_gaps == ()
    assert [gap.item for gap in hidden.gaps] == ["A"]
    # with B shown: 100 × (1 + 5·0 + 1) / 7 = 28.571…; B is a critical gap
    shown = score_checklist(doc, {"A": "yes", "B": "no", "C": "yes"})
    assert shown.score == pytest.approx(28.571428571)
    assert shown.critical_gaps == ("B",)
    # B shown but unanswered: completion 2/3
    assert score_checklist(doc, {"A": "yes", "C": "yes"}).completion == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("score", "critical_gap", "expected"),
    [
        (100.0, False, Rating.EXCELLENT),
        (90.0, False, Rating.EXCELLENT),
        (89.99, False, Rating.GOOD),
        (75.0, False, Rating.GOOD),
        (74.99, False, Rating.NEEDS_IMPROVEMENT),
        (60.0, False, Rating.NEEDS_IMPROVEMENT),
        (59.99, False, Rating.INSUFFICIENT),
        (0.0, False, Rating.INSUFFICIENT),
        (None, False, None),
        (100.0, True, Rating.NEEDS_IMPROVEMENT),
        (75.0, True, Rating.NEEDS_IMPROVEMENT),
        (60.0, True, Rating.NEEDS_IMPROVEMENT),
        (59.99, True, Rating.INSUFFICIENT),  # the cap never raises a rating
    ],
)
def test_rating_for(score: float | None, critical_gap: bool, expected: Rating | None) -> None:
    assert rating_for(score, critical_gap=critical_gap) == expected


@pytest.mark.parametrize(
    ("yes_weight", "no_weight", "expected"),
    [
        # one "yes" and one "no" item, weights summing to 100: score = 100 × yes / 100 = yes weight
        (90, 10, Rating.EXCELLENT),
        (89.99, 10.01, Rating.GOOD),
        (75, 25, Rating.GOOD),
        (74.99, 25.01, Rating.NEEDS_IMPROVEMENT),
        (60, 40, Rating.NEEDS_IMPROVEMENT),
        (59.99, 40.01, Rating.INSUFFICIENT),
    ],
)
def test_rating_thresholds_at_their_edges(
    yes_weight: float, no_weight: float, expected: Rating
) -> None:
    doc = document(section("S", item("Y", weight=yes_weight), item("N", weight=no_weight)))
    result = score_checklist(doc, {"Y": "yes", "N": "no"})
    assert result.score == yes_weight
    assert result.rating == expected


def test_score_lands_on_the_edge_despite_binary_fractions() -> None:
    # 0.9 is not exact in binary; 100 × 0.9 computes to 90.00000000000001 without rounding, and
    # sums of tenths drift the other way. 100 × (9 · 0.1 ...) must still rate excellent.
    doc = document(section("S", *(item(f"I{n}") for n in range(10))))
    answers = {f"I{n}": "yes" if n else "no" for n in range(10)}  # 9 of 10 → 90
    assert score_checklist(doc, answers).score == 90.0
    choice = document(section("S", item("C", "single_choice", options=options(x=0.9, y=0.1))))
    result = score_checklist(choice, {"C": "x"})
    assert (result.score, result.rating) == (90.0, Rating.EXCELLENT)


def test_critical_gap_caps_the_rating() -> None:
    doc = document(section("S", item("K", "maturity", critical=True), item("A", weight=19)))
    # K at level 1 (0.25 < 0.5): 100 × (0.25 + 19) / 20 = 96.25, capped to needs improvement
    capped = score_checklist(doc, {"K": 1, "A": "yes"})
    assert capped.score == 96.25
    assert capped.critical_gaps == ("K",)
    assert capped.rating == Rating.NEEDS_IMPROVEMENT
    # K at level 2 is v = 0.5, not below it: 100 × (0.5 + 19) / 20 = 97.5, excellent
    level_two = score_checklist(doc, {"K": 2, "A": "yes"})
    assert (level_two.score, level_two.critical_gaps, level_two.rating) == (
        97.5,
        (),
        Rating.EXCELLENT,
    )
    # N/A or unanswered critical items are not gaps
    assert score_checklist(doc, {"K": "na", "A": "yes"}).critical_gaps == ()
    assert score_checklist(doc, {"A": "yes"}).rating == Rating.EXCELLENT


# --- verified score ------------------------------------------------------------------------------

VERIFIED = document(section("S", item("A"), item("B", "maturity")))


@pytest.mark.parametrize(
    ("verdict", "expected"),
    [
        # A "yes" (1) and B level 2 (0.5), equal weights; self-reported 100 × 1.5 / 2 = 75
        (Verdict.CONFIRMED, 75.0),  # 100 × (1 + 0.5) / 2
        (Verdict.PARTIALLY_CONFIRMED, 50.0),  # 100 × (0.5 + 0.5) / 2
        (Verdict.NOT_CONFIRMED, 25.0),  # 100 × (0 + 0.5) / 2
        (Verdict.NEEDS_EVIDENCE, 25.0),  # 100 × (0 + 0.5) / 2
        (None, 75.0),  # no verdict on A keeps its self-reported value
    ],
)
def test_verified_score_per_verdict(verdict: Verdict | None, expected: float) -> None:
    verdicts = {} if verdict is None else {"A": verdict}
    result = score_checklist(VERIFIED, {"A": "yes", "B": 2}, verdicts)
    assert result.score == 75.0
    assert result.verified_score == expected
    assert result.sections[0].verified_score == expected


def test_verified_fields_are_none_without_verdicts() -> None:
    result = score_checklist(VERIFIED, {"A": "yes", "B": 2})
    assert result.verified_score is None
    assert result.verified_rating is None
    assert result.verified_critical_gaps is None
    assert result.sections[0].verified_score is None


def test_verified_rating_uses_verified_critical_gaps() -> None:
    doc = document(section("S", item("K", critical=True), item("A", weight=9)))
    answers = {"K": "yes", "A": "yes"}
    # K not confirmed: 100 × (0 + 9) / 10 = 90, but K is now a critical gap
    result = score_checklist(doc, answers, {"K": Verdict.NOT_CONFIRMED})
    assert (result.score, result.rating, result.critical_gaps) == (100.0, Rating.EXCELLENT, ())
    assert result.verified_score == 90.0
    assert result.verified_critical_gaps == ("K",)
    assert result.verified_rating == Rating.NEEDS_IMPROVEMENT
    # K partially confirmed: 0.5 is not below 0.5; 100 × (0.5 + 9) / 10 = 95
    halved = score_checklist(doc, answers, {"K": Verdict.PARTIALLY_CONFIRMED})
    assert (halved.verified_score, halved.verified_rating) == (95.0, Rating.EXCELLENT)


def test_verdict_on_na_or_hidden_item_changes_nothing() -> None:
    doc = document(
        section("S", item("A"), item("B"), item("C", show_if={"item": "A", "in": ["no"]}))
    )
    verdicts = {"B": Verdict.NOT_CONFIRMED, "C": Verdict.NOT_CONFIRMED}
    result = score_checklist(doc, {"A": "yes", "B": "na", "C": "yes"}, verdicts)
    assert result.verified_score == result.score == 100.0


def test_verdicts_may_be_plain_strings() -> None:
    result = score_checklist(VERIFIED, {"A": "yes", "B": 2}, {"A": "partially_confirmed"})  # type: ignore[dict-item]
    assert result.verified_score == 50.0


# --- gaps ----------------------------------------------------------------------------------------

RECOMMEND = {"ko": "정책을 마련하세요", "en": "Write a policy"}
GAPS = document(
    section(
        "S1",
        item("A", weight=3, recommendation=RECOMMEND),  # no: loss 3·1 = 3
        item("B", "single_choice", critical=True),  # c (0.75): loss 0.25, critical
        item("C", "maturity"),  # 2: loss 0.5
        item("D", critical=True, weight=2),  # no: loss 2, critical
        item("E", "maturity"),  # 2: loss 0.5, ties with C → document order
        item("F"),  # yes: v = 1 is no gap
        item("G"),  # na: excluded
        item("H", show_if={"item": "F", "in": ["no"]}),  # hidden: excluded
        item("T", "text"),  # not scored
    ),
    section("S2", item("I", "maturity"), weight=2),  # 3: weight 2·1, loss 2·0.25 = 0.5
)
GAP_ANSWERS: dict[str, AnswerValue] = {
    "A": "no",
    "B": "c",
    "C": 2,
    "D": "no",
    "E": 2,
    "F": "yes",
    "G": "na",
    "H": "no",
    "T": "text",
    "I": 3,
}


def test_gaps_are_ordered_critical_first_then_by_weighted_loss_then_document_order() -> None:
    result = score_checklist(GAPS, GAP_ANSWERS)
    assert [gap.item for gap in result.gaps] == ["D", "B", "A", "C", "E", "I"]
    assert result.critical_gaps == ("D",)  # B's 0.75 is a gap but not a critical one
    first, _, a_gap, *_, i_gap = result.gaps
    assert (first.checklist, first.section, first.value, first.weight, first.critical) == (
        "test",
        "S1",
        0.0,
        2.0,
        True,
    )
    assert a_gap.recommendation is not None and a_gap.recommendation.en == "Write a policy"
    assert first.recommendation is None
    assert (i_gap.section, i_gap.value, i_gap.weight, i_gap.loss) == ("S2", 0.75, 2.0, 0.5)


# --- assessment ----------------------------------------------------------------------------------

ALPHA = document(
    section("S", item("A1"), item("A2", critical=True), item("A3")),
    slug="alpha",
)
BETA = document(section("S", item("B1", "maturity", weight=4)), slug="beta")
SCREENING = document(section("Q", item("Q1"), item("Q2")), kind="screening", slug="scr")
EVALUATION = document(
    section("E", criterion("E1")),
    kind="evaluation",
    slug="rubric",
)
ALPHA_ANSWERS = {"A1": "yes", "A2": "no", "A3": "no"}  # Σ w·v = 1, Σ w = 3 → 33.33
BETA_ANSWERS = {"B1": 2}  # Σ w·v = 4·0.5 = 2, Σ w = 4 → 50


def test_assessment_pools_self_checks_by_weight() -> None:
    result = score_assessment(
        [
            (SCREENING, {"Q1": "no"}, None),
            (ALPHA, ALPHA_ANSWERS, None),
            (BETA, BETA_ANSWERS, None),
            (EVALUATION, {"E1": 0}, None),
        ]
    )
    # 100 × (1 + 2) / (3 + 4) = 42.857…; the mean of the two checklist scores would be 41.67,
    # and screening (Q1 "no") and evaluation (E1 0) would pull it down if they counted.
    assert result.overall == pytest.approx(42.857142857)
    assert result.rating == Rating.INSUFFICIENT
    assert result.critical_gaps == ("alpha:A2",)
    # completion pools everything: scr 1/2, alpha 3/3, beta 1/1, rubric 1/1 → 6/7
    assert (result.answered, result.required) == (6, 7)
    assert result.completion == pytest.approx(6 / 7)
    # merged gaps re-ranked: alpha:A2 critical; beta:B1 loss 4·0.5 = 2 before alpha:A3 loss 1
    assert [(gap.checklist, gap.item) for gap in result.gaps] == [
        ("alpha", "A2"),
        ("beta", "B1"),
        ("alpha", "A3"),
    ]
    assert [c.slug for c in result.checklists] == ["scr", "alpha", "beta", "rubric"]
    assert [c.kind for c in result.checklists] == [
        Kind.SCREENING,
        Kind.SELF_CHECK,
        Kind.SELF_CHECK,
        Kind.EVALUATION,
    ]
    assert result.verified_overall is None
    assert result.verified_rating is None


def test_assessment_verified_overall() -> None:
    result = score_assessment(
        [(ALPHA, ALPHA_ANSWERS, {"A1": Verdict.NOT_CONFIRMED}), (BETA, BETA_ANSWERS, None)]
    )
    # A1 drops to 0; beta keeps its self-reported values: 100 × (0 + 2) / 7 = 28.571…
    assert result.verified_overall == pytest.approx(28.571428571)
    assert result.verified_rating == Rating.INSUFFICIENT
    assert result.verified_critical_gaps == ("alpha:A2",)
    assert result.checklists[1].verified_score is None


def test_assessment_rating_capped_by_any_checklists_critical_gap() -> None:
    strong = document(section("S", item("X", weight=50)), slug="strong")
    result = score_assessment(
        [(strong, {"X": "yes"}, None), (ALPHA, {"A1": "yes", "A2": "no", "A3": "yes"}, None)]
    )
    # 100 × (50 + 1 + 0 + 1) / 53 = 98.11…, capped by alpha:A2
    assert result.overall == pytest.approx(98.113207547)
    assert result.rating == Rating.NEEDS_IMPROVEMENT


def test_assessment_without_scored_answers() -> None:
    result = score_assessment([(ALPHA, {}, None), (SCREENING, {"Q1": "yes"}, None)])
    assert (result.overall, result.rating, result.gaps, result.critical_gaps) == (
        None,
        None,
        (),
        (),
    )
    # 1 of alpha's 3 + screening's 2 answered
    assert result.completion == pytest.approx(1 / 5)
    assert score_assessment([]).completion == 1.0


# --- crosswalk coverage --------------------------------------------------------------------------


def xw(framework: str, ref: str) -> dict[str, str]:
    return {"framework": framework, "ref": ref}


CROSSWALK = document(
    section(
        "S1",
        item("A", crosswalk=[xw("kr_ai_basic_act", "34(1)1")]),
        item(
            "B",
            "maturity",
            crosswalk=[xw("kr_ai_basic_act", "34(1)1"), xw("nist_ai_rmf", "GOVERN 1.2")],
        ),
        item("C", "text", crosswalk=[xw("iso_42001", "A.5.2")]),  # not scored: cites nothing
        crosswalk=[xw("eu_ai_act", "Art. 9")],  # cited by A and B (C is not scored)
    ),
    section(
        "S2",
        item("D", crosswalk=[xw("nist_ai_rmf", "MAP 1.1")]),
        item("E", crosswalk=[xw("tta_guide", "01-1")], show_if={"item": "D", "in": ["yes"]}),
        item("F", crosswalk=[xw("kr_ai_basic_act", "31")]),
        item("G", "maturity", crosswalk=[xw("kr_ai_basic_act", "35")]),
    ),
)


def test_crosswalk_coverage() -> None:
    # A yes (1), B level 2 (0.5), C text, D unanswered (so E hidden), F N/A, G level 3 (0.75)
    answers: dict[str, AnswerValue] = {"A": "yes", "B": 2, "C": "notes", "F": "na", "G": 3}
    assert crosswalk_coverage([(CROSSWALK, answers)]) == (
        # Art. 9 via S1: A met but B (0.5) is not → assessed, unmet
        FrameworkCoverage(Framework.EU_AI_ACT, 1, 1, 0, 0.0, ("Art. 9",)),
        # 34(1)1 assessed (A, B), unmet through B; 31 only N/A; 35 met at exactly 0.75
        FrameworkCoverage(Framework.KR_AI_BASIC_ACT, 3, 2, 1, 0.5, ("34(1)1",)),
        # GOVERN 1.2 unmet through B; MAP 1.1 cited by unanswered D
        FrameworkCoverage(Framework.NIST_AI_RMF, 2, 1, 0, 0.0, ("GOVERN 1.2",)),
        # no iso_42001 (text item) and no tta_guide (hidden item)
    )
    assert score_checklist(CROSSWALK, answers).crosswalk == crosswalk_coverage(
        [(CROSSWALK, answers)]
    )


def test_crosswalk_unassessed_framework_has_no_share() -> None:
    (nist,) = [c for c in crosswalk_coverage([(CROSSWALK, {})]) if c.framework == "nist_ai_rmf"]
    assert (nist.references, nist.assessed, nist.met, nist.share) == (2, 0, 0, None)


def test_crosswalk_reference_is_met_only_if_met_in_every_checklist() -> None:
    first = document(section("S", item("X", crosswalk=[xw("kr_ai_basic_act", "31")])), slug="one")
    second = document(section("S", item("Y", crosswalk=[xw("kr_ai_basic_act", "31")])), slug="two")
    assert crosswalk_coverage([(first, {"X": "yes"})])[0].met == 1
    (merged,) = crosswalk_coverage([(first, {"X": "yes"}), (second, {"Y": "no"})])
    assert (merged.references, merged.assessed, merged.met, merged.share) == (1, 1, 0, 0.0)
    # score_assessment merges the self checks the same way
    result = score_assessment([(first, {"X": "yes"}, None), (second, {"Y": "no"}, None)])
    assert result.crosswalk == (merged,)


def test_results_are_frozen() -> None:
    result: ChecklistScore = score_checklist(VERIFIED, {"A": "yes"})
    with pytest.raises(AttributeError):
        result.score = 0.0  # type: ignore[misc]


def test_weight_zero_scope_questions_count_for_completion_but_never_score() -> None:
    # S1 holds only a scope question (weight 0): no score, no gap, but it must be answered.
    # S2: yes (1) and no (0) at weight 1 → 100 × 1 / 2 = 50.
    doc = document(
        section("S1", item("S1-01", weight=0)),
        section("S2", item("S2-01"), item("S2-02", show_if={"item": "S1-01", "in": ["yes"]})),
    )
    result = score_checklist(doc, {"S1-01": "no"})
    assert result.sections[0].score is None
    assert result.score is None  # S2-02 hidden, S2-01 unanswered: nothing scored yet
    assert result.gaps == ()
    assert (result.answered, result.required) == (1, 2)
    both = score_checklist(doc, {"S1-01": "yes", "S2-01": "yes", "S2-02": "no"})
    assert both.score == 50.0
    assert [gap.item for gap in both.gaps] == ["S2-02"]
