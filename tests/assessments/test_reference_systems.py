"""The five reference systems of issue 13: screening answers → high-impact status, areas, impact
level and the checklists that apply, with the shipped screening and rules (pure: no database)."""

from __future__ import annotations

import pytest

from assessments.scoring import screen
from checklists.applicability import applicable, shipped_rulebook
from checklists.loader import CONTENT_DIR, load_file
from checklists.reference_systems import REFERENCE_SYSTEMS, ReferenceSystem, screening_answers
from checklists.schema import ChecklistDocument

SCREENING_1 = load_file(CONTENT_DIR / "high-impact-screening" / "1.0.0.yaml")
SCREENING_2 = load_file(CONTENT_DIR / "high-impact-screening" / "2.0.0.yaml")
BY_KEY = {system.key: system for system in REFERENCE_SYSTEMS}

ALWAYS = {"general-ethics"}
HIGH_IMPACT = {"high-impact-obligations", "impact-assessment"}
# key -> (high-impact, areas, impact level, checklists besides the screening)
EXPECTED = {
    "bank-credit": (
        True,
        ("lending",),
        3,
        ALWAYS | HIGH_IMPACT | {"trustworthy-dev", "finance"},
    ),
    "hospital-triage": (
        True,
        ("healthcare_system",),
        4,
        ALWAYS | HIGH_IMPACT | {"generative-ai", "healthcare", "chatbot"},
    ),
    "police-face": (
        True,
        ("biometric_investigation",),
        4,
        ALWAYS | HIGH_IMPACT | {"image-recognition"},
    ),
    # A generative model used to score applicants: hiring through area 사 (hiring) and the
    # generative-AI checks through the generative fact, whichever domain it was registered under.
    "resume-llm-general": (
        True,
        ("hiring",),
        3,
        ALWAYS | HIGH_IMPACT | {"generative-ai", "hiring"},
    ),
    "resume-llm-hiring": (
        True,
        ("hiring",),
        3,
        ALWAYS | HIGH_IMPACT | {"generative-ai", "hiring"},
    ),
    # Not high-impact, yet the domestic agent is due (Art. 36 does not depend on it), and the
    # realistic people it synthesises bring the deepfake edition.
    "foreign-image-app": (
        False,
        ("deepfake",),
        2,
        ALWAYS | {"trustworthy-dev", "generative-ai", "domestic-agent", "deepfake"},
    ),
}


def route(
    system: ReferenceSystem, document: ChecklistDocument
) -> tuple[bool, tuple[str, ...], int | None, set[str]]:
    rules = shipped_rulebook().for_screening(document.version)
    answers = screening_answers(system, document)
    result = screen(
        document,
        answers,
        significance_item=rules.significance_item,
        rationale_item=rules.rationale.item if rules.rationale else None,
    )
    chosen = applicable(
        rules,
        facts=system.facts(high_impact=result.high_impact, areas=result.areas),
        answers=answers,
    )
    assert chosen[0].slug == rules.screening
    assert not result.rationale_missing, system.key  # each is consistent as answered
    return result.high_impact, result.areas, result.impact_level, {c.slug for c in chosen[1:]}


def test_the_table_covers_every_reference_system() -> None:
    assert set(EXPECTED) == set(BY_KEY)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_reference_system_routing(key: str) -> None:
    assert route(BY_KEY[key], SCREENING_2) == EXPECTED[key]


def test_the_1_0_screening_could_not_route_an_llm_screener_registered_as_general() -> None:
    """Why 2(4)사 was split: 1.0 saw 'rights_evaluation' and no hiring edition followed."""
    high_impact, areas, _level, chosen = route(BY_KEY["resume-llm-general"], SCREENING_1)
    assert (high_impact, areas) == (True, ("rights_evaluation",))
    assert "hiring" not in chosen and "generative-ai" in chosen
    # Under 2.0 the hiring domain and the general domain end up in the same place.
    assert (
        route(BY_KEY["resume-llm-general"], SCREENING_2)[3]
        == route(BY_KEY["resume-llm-hiring"], SCREENING_2)[3]
    )


def test_the_bank_model_outside_lending_is_not_finance() -> None:
    """The check can fail: without the lending area (and domain general) no finance edition."""
    bank = BY_KEY["bank-credit"]
    plain = ReferenceSystem(
        "x", "x", ("general",), "operator", False, {**bank.answers, "HIS-AREA-14": "no"}
    )
    high_impact, areas, _level, chosen = route(plain, SCREENING_2)
    assert (high_impact, areas) == (False, ())
    assert chosen == ALWAYS
