"""The 2.0.0 rule set: routing by area and by several domains, the duties of Arts. 32, 35, 36;
and the file's rule sets per screening major (1.x keeps its rules)."""

from __future__ import annotations

from typing import Any

import pytest

from checklists.applicability import RuleBook, applicable, parse_rules, shipped_rulebook
from checklists.loader import ContentError

RULES_2 = shipped_rulebook().for_screening("2.0.0")
NONE_ABROAD = {"HIS-SCOPE-04": "no", "HIS-SAF-01": "no"}


def chosen(
    domains: list[str],
    *,
    areas: list[str] = (),  # type: ignore[assignment]
    high_impact: bool = False,
    generative: bool = False,
    role: str = "operator",
    answers: dict[str, Any] | None = None,
) -> set[str]:
    facts = {
        "system.domain": domains[0],
        "system.domains": domains,
        "system.role": role,
        "system.generative": generative,
        "screening.high_impact": high_impact,
        "screening.areas": list(areas),
    }
    found = applicable(RULES_2, facts=facts, answers={**NONE_ABROAD, **(answers or {})})
    assert found[0].slug == "high-impact-screening"
    return {entry.slug for entry in found[1:]} - {"general-ethics"}


AREA_ROUTES = [
    # area -> its sector edition
    ("hiring", "hiring"),
    ("lending", "finance"),
    ("insurance", "finance"),
    ("healthcare_system", "healthcare"),
    ("medical_device", "healthcare"),
    ("biometric_investigation", "image-recognition"),
    ("biometric_recognition", "image-recognition"),
    ("public_decision", "public-sector"),
    ("energy", "critical-infrastructure"),
    ("drinking_water", "critical-infrastructure"),
    ("nuclear", "critical-infrastructure"),
    ("transport", "critical-infrastructure"),
    ("student_evaluation", "critical-infrastructure"),
    ("deepfake", "deepfake"),
]


@pytest.mark.parametrize(("area", "edition"), AREA_ROUTES)
def test_each_area_routes_to_its_sector_edition(area: str, edition: str) -> None:
    assert chosen(["general"], areas=[area]) == {edition}


def test_other_judgements_of_2_4_sa_have_no_sector_edition() -> None:
    assert chosen(["general"], areas=["rights_evaluation"], high_impact=True) == {
        "high-impact-obligations",
        "impact-assessment",
    }


def test_several_domains_each_add_their_edition() -> None:
    assert chosen(["healthcare", "chatbot"], generative=True) == {
        "healthcare",
        "chatbot",
        "generative-ai",
    }
    # 1.0.0 reads one domain (the first), as it always did.
    rules_1 = shipped_rulebook().for_screening("1.4.2")
    facts = {
        "system.domain": "healthcare",
        "system.domains": ["healthcare", "chatbot"],
        "system.role": "operator",
        "system.generative": False,
        "screening.high_impact": False,
        "screening.areas": [],
    }
    assert [e.slug for e in applicable(rules_1, facts=facts, answers={})] == [
        "high-impact-screening",
        "general-ethics",
        "healthcare",
    ]


@pytest.mark.parametrize("domains", [["general"], ["hiring"], ["finance", "hiring"]])
def test_a_generative_scorer_gets_the_generative_checks_whatever_its_domain(
    domains: list[str],
) -> None:
    assert "generative-ai" in chosen(domains, generative=True, areas=["hiring"])
    assert "generative-ai" not in chosen(domains, generative=False, areas=["hiring"])


SAFETY = [
    ({"HIS-SAF-01": "yes", "HIS-SAF-02": "yes", "HIS-SAF-03": "yes"}, True),
    ({"HIS-SAF-01": "yes", "HIS-SAF-02": "yes", "HIS-SAF-03": "no"}, False),
    ({"HIS-SAF-01": "yes", "HIS-SAF-02": "no", "HIS-SAF-03": "yes"}, False),
    ({"HIS-SAF-01": "no", "HIS-SAF-02": "yes", "HIS-SAF-03": "yes"}, False),
]


@pytest.mark.parametrize(("answers", "applies"), SAFETY)
def test_the_safety_duty_needs_all_three_conditions(answers: dict[str, str], applies: bool) -> None:
    assert ("safety-duty" in chosen(["general"], answers=answers)) is applies


AGENT = [
    ({"HIS-SCOPE-04": "yes", "HIS-AGT-01": "yes", "HIS-AGT-02": "no"}, True),
    ({"HIS-SCOPE-04": "yes", "HIS-AGT-01": "no", "HIS-AGT-02": "yes"}, True),
    ({"HIS-SCOPE-04": "yes", "HIS-AGT-01": "no", "HIS-AGT-02": "no"}, False),
    # Stale revenue answers left on a hidden item do not count once the operator is domestic.
    ({"HIS-SCOPE-04": "no", "HIS-AGT-01": "yes", "HIS-AGT-02": "yes"}, False),
]


@pytest.mark.parametrize(("answers", "applies"), AGENT)
@pytest.mark.parametrize("high_impact", [False, True])
def test_the_domestic_agent_follows_the_thresholds_not_high_impact(
    answers: dict[str, str], applies: bool, high_impact: bool
) -> None:
    got = chosen(["generative_ai"], answers=answers, high_impact=high_impact)
    assert ("domestic-agent" in got) is applies


def test_high_impact_brings_obligations_and_impact_assessment() -> None:
    assert {"high-impact-obligations", "impact-assessment"} <= chosen(["general"], high_impact=True)
    assert not {"high-impact-obligations", "impact-assessment"} & chosen(["general"])


def test_rule_sets_are_picked_by_the_screening_major() -> None:
    book = shipped_rulebook()
    assert [r.version for r in book.rulesets] == ["1.0.0", "2.0.0"]
    assert book.for_screening("1.0.0").version == "1.0.0"
    assert book.for_screening("1.9.3").version == "1.0.0"
    assert book.for_screening("2.0.0").version == "2.0.0"
    assert book.for_screening("3.1.0").version == "2.0.0"  # newest not above the screening
    assert book.for_screening(None).version == "2.0.0"
    assert book.for_screening("1.0.0").rationale is None and not book.for_screening("1.0.0").prefill


SINGLE = """\
version: 1.0.0
screening: s
significance_item: S-01
rules:
  - checklist: g
    when: {always: true}
    reason: {ko: 항상 적용된다., en: Always.}
"""


def test_a_file_with_one_rule_set_serves_every_screening() -> None:
    book = parse_rules(SINGLE)
    assert isinstance(book, RuleBook)
    assert book.for_screening("1.0.0") is book.for_screening("7.0.0") is book.rulesets[0]


BAD = [
    (
        SINGLE
        + "prefill:\n  - {to: {checklist: g, item: G-01}, from: {answer: S-01, fact: system.generative}}\n",
        "prefill.0.from",
        "either {answer: CODE} or {fact: FACT}",
    ),
    (
        SINGLE
        + "prefill:\n  - {to: {checklist: g, item: G-01}, from: {answer: S-01}}\n"
        + "  - {to: {checklist: g, item: G-01}, from: {answer: S-02}}\n",
        "",
        "one pre-fill per item; repeated: ['g/G-01']",
    ),
    (
        SINGLE + "prefill:\n  - {to: {checklist: s, item: S-02}, from: {answer: S-01}}\n",
        "",
        "not the screening itself",
    ),
    (
        SINGLE + "rationale: {item: S-02, from_level: 5}\n",
        "rationale.from_level",
        "less than or equal to 4",
    ),
    (
        "rulesets:\n  - "
        + SINGLE.replace("\n", "\n    ").replace("version: 1.0.0", "version: 2.0.0", 1)
        + "\n  - "
        + SINGLE.replace("\n", "\n    "),
        "rules.yaml:1",
        "one rule set per major version, oldest first",
    ),
]


@pytest.mark.parametrize(("text", "where", "message"), BAD)
def test_bad_rules_files_are_refused_with_the_place(text: str, where: str, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_rules(text, path="rules.yaml")
    shown = str(caught.value)
    assert message in shown and "rules.yaml" in shown
    assert where in shown
