"""Five reference AI systems that the routing must get right (issue 13), as plain data.

Each is a system profile (domains, role, generative) and the answers its operator would give to
the screening. ``tests/assessments/test_reference_systems.py`` checks the screening's verdict and
the checklists that apply; ``scripts/question_counts.py`` counts the questions each one must
answer with the 1.0 content and with the newest. Answers are written for high-impact-screening
2.x; ``screening_answers`` translates them for a 1.x screening (the 2(4)사 split and the
biometric item were new codes in 2.0) and gives every other visible question its lowest answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from checklists.schema import AnswerType, ChecklistDocument, Condition

# 2.0 code -> the 1.x code that asked the same fact (before the split).
TO_1X: Mapping[str, str] = {
    "HIS-AREA-13": "HIS-AREA-07",
    "HIS-AREA-14": "HIS-AREA-07",
    "HIS-AREA-15": "HIS-AREA-07",
    "HIS-AREA-16": "HIS-AREA-07",
    "HIS-AREA-17": "HIS-AREA-12",
    "HIS-SAF-01": "HIS-SCOPE-03",
}

# What the people affected face: a middling, consequential use unless a system says otherwise.
CONSEQUENTIAL = {
    "HIS-IMP-01": "from_100k",
    "HIS-IMP-02": "dependent",
    "HIS-IMP-03": "serious",
    "HIS-IMP-04": "partial",
    "HIS-IMP-05": "exception",
    "HIS-IMP-06": "on_request",
    "HIS-IMP-07": "sensitive",
}
# Measures in place at a typical, reasonably careful operator.
SOME_MITIGATION = {
    "HIS-MIT-01": 2,
    "HIS-MIT-02": "yes",
    "HIS-MIT-03": 2,
    "HIS-MIT-08": "yes",
    "HIS-MIT-09": "no",
    "HIS-MIT-05": "yes",
    "HIS-MIT-06": "no",
    "HIS-MIT-07": "no",
}
# One LLM résumé screener, answered once: registered under either domain, the 2.0 screening
# routes it to the same checklists (tests/assessments/test_reference_systems.py).
RESUME_LLM = {
    "HIS-SCOPE-01": "yes",
    "HIS-SIG-01": "yes",
    "HIS-AREA-13": "yes",
    **CONSEQUENTIAL,
    **SOME_MITIGATION,
}


@dataclass(frozen=True, slots=True)
class ReferenceSystem:
    key: str
    name: str
    domains: tuple[str, ...]
    role: str
    generative: bool
    answers: Mapping[str, Any] = field(default_factory=dict)

    def facts(self, *, high_impact: bool, areas: tuple[str, ...]) -> dict[str, Any]:
        """The applicability facts of this system, given the screening's result."""
        return {
            "system.domain": self.domains[0],
            "system.domains": list(self.domains),
            "system.role": self.role,
            "system.generative": self.generative,
            "screening.high_impact": high_impact,
            "screening.areas": list(areas),
        }


REFERENCE_SYSTEMS: tuple[ReferenceSystem, ...] = (
    ReferenceSystem(
        "bank-credit",
        "A bank's credit-scoring model",
        ("finance",),
        "both",
        False,
        {
            "HIS-SIG-01": "yes",
            "HIS-AREA-14": "yes",
            **CONSEQUENTIAL,
            "HIS-IMP-03": "recoverable",
            "HIS-IMP-05": "full",
            **SOME_MITIGATION,
        },
    ),
    ReferenceSystem(
        "hospital-triage",
        "A hospital's triage chatbot on a large language model",
        ("healthcare", "chatbot"),
        "operator",
        True,
        {
            "HIS-SCOPE-01": "yes",
            "HIS-SIG-01": "yes",
            "HIS-AREA-03": "yes",
            **CONSEQUENTIAL,
            "HIS-IMP-02": "children",
            "HIS-IMP-03": "life_safety",
            "HIS-IMP-04": "irreversible",
            **SOME_MITIGATION,
        },
    ),
    ReferenceSystem(
        "police-face",
        "Police CCTV face recognition for criminal investigation",
        ("image_recognition",),
        "operator",
        False,
        {
            "HIS-SIG-01": "yes",
            "HIS-AREA-06": "yes",
            **CONSEQUENTIAL,
            "HIS-IMP-01": "from_1m",
            "HIS-IMP-06": "none",
            "HIS-IMP-07": "sensitive_scale",
            **SOME_MITIGATION,
            "HIS-MIT-01": 3,
        },
    ),
    ReferenceSystem(
        "resume-llm-general",
        "An LLM résumé screener registered under the general domain",
        ("general",),
        "operator",
        True,
        RESUME_LLM,
    ),
    ReferenceSystem(
        "resume-llm-hiring",
        "The same LLM résumé screener registered under the hiring domain",
        ("hiring",),
        "operator",
        True,
        RESUME_LLM,
    ),
    ReferenceSystem(
        "foreign-image-app",
        "A foreign generative image app above the domestic-agent threshold",
        ("generative_ai",),
        "both",
        True,
        {
            "HIS-SCOPE-01": "yes",
            "HIS-SCOPE-02": "yes",
            "HIS-SCOPE-04": "yes",
            "HIS-AGT-01": "no",
            "HIS-AGT-02": "yes",
            "HIS-SIG-01": "no",
            "HIS-IMP-01": "from_1m",
            "HIS-IMP-02": "general",
            "HIS-IMP-03": "recoverable",
            "HIS-IMP-04": "days",
            "HIS-IMP-05": "full",
            "HIS-IMP-06": "free",
            "HIS-IMP-07": "ordinary",
            **SOME_MITIGATION,
        },
    ),
)


def screening_answers(system: ReferenceSystem, document: ChecklistDocument) -> dict[str, Any]:
    """The system's answers to ``document`` (a screening of any version): its own answers,
    translated to 1.x codes where needed, and the lowest answer to every other visible question
    (text questions stay unanswered)."""
    major = int(document.version.split(".", 1)[0])
    given: dict[str, Any] = {}
    for code, value in system.answers.items():
        target = TO_1X.get(code, code) if major == 1 else code
        if given.get(target) != "yes":  # several 2.0 items fold into one 1.x item: any yes wins
            given[target] = value
    answers: dict[str, Any] = {}
    for _section, item in document.items():
        if item.show_if is not None and not _holds(item.show_if, answers):
            continue
        if item.code in given:
            answers[item.code] = given[item.code]
        elif item.answer_type is AnswerType.YES_NO:
            answers[item.code] = "no"
        elif item.answer_type is AnswerType.SINGLE_CHOICE:
            answers[item.code] = min(item.options, key=lambda o: o.score or 0).key
        elif item.answer_type is AnswerType.MATURITY:
            answers[item.code] = 0
    return answers


def _holds(condition: Condition, answers: Mapping[str, Any]) -> bool:
    if condition.all is not None:
        return all(_holds(child, answers) for child in condition.all)
    if condition.any is not None:
        return any(_holds(child, answers) for child in condition.any)
    assert condition.item is not None and condition.in_ is not None
    value = answers.get(condition.item)
    return value is not None and str(value) in condition.in_
