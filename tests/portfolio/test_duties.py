"""``duties_of``: which AI Basic Act duties apply, table by table (pure, no database)."""

from __future__ import annotations

import pytest

from portfolio.duties import DutyStatus, Screening, ScreeningItems, duties_of

A, N, U = DutyStatus.APPLIES, DutyStatus.NOT_APPLICABLE, DutyStatus.UNDETERMINED
CODES = frozenset({"HIS-SCOPE-01", "HIS-SCOPE-03", "HIS-SCOPE-04", "HIS-SIG-01"})


def screening(complete: bool = True, high_impact: bool = False, **answers: str) -> Screening:
    return Screening(
        complete=complete,
        high_impact=high_impact,
        answers={code.replace("_", "-"): value for code, value in answers.items()},
        item_codes=CODES,
    )


@pytest.mark.parametrize(
    ("generative", "given", "expected"),
    [
        # never screened: only the profile's generative flag decides anything
        (False, None, {"31": U, "32": U, "34": U, "35": U, "36": U}),
        (True, None, {"31": A, "32": U, "34": U, "35": U, "36": U}),
        # high-impact, domestic, small: 31, 34, 35
        (
            False,
            screening(True, True, HIS_SCOPE_01="no", HIS_SCOPE_03="no", HIS_SCOPE_04="no"),
            {"31": A, "32": N, "34": A, "35": A, "36": N},
        ),
        # not high-impact, not generative: nothing but what the scope answers say
        (
            False,
            screening(True, False, HIS_SCOPE_01="no", HIS_SCOPE_03="yes", HIS_SCOPE_04="no"),
            {"31": N, "32": A, "34": N, "35": N, "36": N},
        ),
        # generative by the screening's answer
        (
            False,
            screening(True, False, HIS_SCOPE_01="yes", HIS_SCOPE_03="no", HIS_SCOPE_04="no"),
            {"31": A, "32": N, "34": N, "35": N, "36": N},
        ),
        # an unfinished screening decides no high-impact status either way
        (
            False,
            screening(False, True, HIS_SCOPE_03="no"),
            {"31": U, "32": N, "34": U, "35": U, "36": U},
        ),
        # a foreign operator: the shipped screening does not ask the size thresholds
        (
            False,
            screening(True, False, HIS_SCOPE_01="no", HIS_SCOPE_03="no", HIS_SCOPE_04="yes"),
            {"31": N, "32": N, "34": N, "35": N, "36": U},
        ),
    ],
)
def test_duties_table(generative: bool, given: Screening | None, expected: dict) -> None:
    assert duties_of(generative=generative, screening=given) == expected


def test_a_question_the_content_does_not_ask_is_undetermined() -> None:
    given = Screening(
        complete=True, high_impact=False, answers={"HIS-SCOPE-03": "yes"}, item_codes=frozenset()
    )
    assert duties_of(generative=False, screening=given)["32"] is U


def test_content_with_a_threshold_question_decides_art_36() -> None:
    items = ScreeningItems(domestic_thresholds=("DOM-01",))
    codes = CODES | {"DOM-01"}
    for answer, expected in (("yes", A), ("no", N)):
        given = Screening(
            complete=True,
            high_impact=False,
            answers={"HIS-SCOPE-04": "yes", "DOM-01": answer},
            item_codes=codes,
        )
        assert duties_of(generative=False, screening=given, items=items)["36"] is expected


SCREENING_2_CODES = frozenset(
    {
        "HIS-SCOPE-01",
        "HIS-SCOPE-04",
        "HIS-SAF-01",
        "HIS-SAF-02",
        "HIS-SAF-03",
        "HIS-AGT-01",
        "HIS-AGT-02",
    }
)


@pytest.mark.parametrize(
    ("answers", "art32", "art36"),
    [
        ({"HIS-SAF-01": "yes", "HIS-SAF-02": "yes", "HIS-SAF-03": "yes"}, A, U),
        ({"HIS-SAF-01": "yes", "HIS-SAF-02": "no", "HIS-SAF-03": "yes"}, N, U),
        ({"HIS-SAF-01": "yes", "HIS-SAF-02": "yes"}, U, U),
        ({"HIS-SCOPE-04": "yes", "HIS-AGT-01": "no", "HIS-AGT-02": "yes"}, U, A),
        ({"HIS-SCOPE-04": "yes", "HIS-AGT-01": "no", "HIS-AGT-02": "no"}, U, N),
        ({"HIS-SCOPE-04": "no"}, U, N),
    ],
)
def test_screening_2_reads_the_three_conditions_and_the_thresholds(
    answers: dict[str, str], art32: DutyStatus, art36: DutyStatus
) -> None:
    given = Screening(
        complete=True, high_impact=False, answers=answers, item_codes=SCREENING_2_CODES
    )
    duties = duties_of(generative=False, screening=given)
    assert (duties["32"], duties["36"]) == (art32, art36)
