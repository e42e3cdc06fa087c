"""One duty per yes/no question (CONTENT.md): a heuristic that flags questions joining several.

A ``yes_no`` item is flagged when its Korean question joins predicates (…하고, …하며, …고, …며,),
or has three or more parts counted from " 및 ", "·" lists, comma lists and "A와 B를" objects, or
when its English question has a serial list ("A, B and C") or two " and " joins.
Parenthesised examples ("(…등)") and "such as …" lists name examples, not duties, and are not
counted; nor are the Act's compound terms (관리·감독, 생명·신체, 식별·평가·완화, 제품·서비스;
"identify, assess and mitigate", "Science and ICT"). The few questions that are truly one duty in spite of the
wording are listed in ``ALLOWED`` with the reason.
"""

from __future__ import annotations

import re

import pytest

from checklists.schema import AnswerType, ChecklistDocument
from tests.checklists.newest import FIRST, NEWEST, SLUGS

COMPOUNDS = frozenset({"관리·감독", "생명·신체", "식별·평가·완화", "검증·인증", "제품·서비스"})
_ASIDE = re.compile(r"\(([^()]*)\)")
_KO_CLAUSE_COMMA = re.compile(r"[가-힣](?:고|며|거나),\s")
_KO_CLAUSE = re.compile(
    r"[가-힣](?:하고|하며|되며|되고|있고|있으며|않고|않으며|두고|받고|알리고|정하고|남기고)\s"
)
# A comma after a clause ending (…고, …며, …나) or an adverbial (…전에, …때, …면) is not a list.
_KO_LIST_COMMA = re.compile(r"(?<![고며나에서면때데도]),\s")
_KO_DOTTED = re.compile(r"[가-힣A-Za-z0-9]+(?:·[가-힣A-Za-z0-9]+)+")
_KO_WA_OBJECT = re.compile(r"[가-힣]{2,}(?:과|와) [가-힣]+(?:을|를) ")
_EN_EXAMPLES = re.compile(r"\b(such as|for example|e\.g\.|including|like)\b[^;?]*")
_EN_SERIAL = re.compile(r"\w[^,]*, [^,]+,? (?:and|or) ")
_EN_COMPOUNDS = re.compile(r"identif\w*, assess\w*,? and mitigat\w*|Science and ICT")

# Reviewed (code -> why it is one duty although the heuristic flags it).
ALLOWED: dict[str, str] = {}

KNOWN_1_0_OFFENDERS = {
    "PUB-LAW-02",
    "IMG-LAW-02",
    "GAI-PRV-03",
    "DFK-TKD-02",
    "FIN-VEN-01",
    "HIR-VEN-03",
    "PUB-PRO-01",
    "MED-PMS-02",
    "HIO-UPP-03",
    "HIR-JOB-04",
    "CHB-HARM-02",
}


def _korean(text: str) -> tuple[int, int]:
    """(clause joins, parts) of a Korean question."""
    # An aside that lists examples ("…등") or holds no list is not a further duty.
    text = _ASIDE.sub(
        lambda m: "" if "등" in m.group(1) or "," not in m.group(1) else f" {m.group(1)} ", text
    )
    text = re.sub(r"[^,]*,[^,]* 등 ", " ", text)  # "A, B 등 X" names examples of one X
    text = re.sub(r"(고|며) 있", r"\1있", text)  # "…하고 있는가" is one predicate
    for compound in COMPOUNDS:
        text = text.replace(compound, "X")
    clauses = len(_KO_CLAUSE_COMMA.findall(text)) + len(_KO_CLAUSE.findall(text))
    joins = (
        clauses
        + text.count(" 및 ")
        + len(_KO_LIST_COMMA.findall(text))
        + sum(t.count("·") for t in _KO_DOTTED.findall(text) if t not in COMPOUNDS)
        + len(_KO_WA_OBJECT.findall(text))
    )
    return clauses, 1 + joins


def _english_bundles(text: str) -> bool:
    """A serial list of three or more ("A, B and C") or two " and " joins."""
    text = _EN_COMPOUNDS.sub("X", _EN_EXAMPLES.sub("", _ASIDE.sub("", text)))
    return bool(_EN_SERIAL.search(text)) or text.count(" and ") >= 2


def bundles(ko: str, en: str) -> bool:
    """Whether a yes/no question's wording joins several duties."""
    clauses, parts = _korean(ko)
    return clauses > 0 or parts >= 3 or _english_bundles(en)


def flagged(document: ChecklistDocument) -> list[str]:
    return [
        item.code
        for _s, item in document.items()
        if item.answer_type is AnswerType.YES_NO and bundles(item.text.ko, item.text.en)
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_yes_no_questions_ask_one_duty(slug: str) -> None:
    assert [code for code in flagged(NEWEST[slug]) if code not in ALLOWED] == []


def test_the_heuristic_flags_the_known_1_0_offenders() -> None:
    found = {code for document in FIRST.values() for code in flagged(document)}
    assert KNOWN_1_0_OFFENDERS - found == set()


@pytest.mark.parametrize(
    ("ko", "en", "expected"),
    [
        ("위험관리방안을 수립하였는가?", "Has a risk-management plan been drawn up?", False),
        ("위험관리방안을 문서로 승인받았는가?", "Is the plan approved in writing?", False),
        ("결과를 기록하고, 이용자에게 알리는가?", "Is it recorded and are users told?", True),
        ("보관 기간 및 접근 권한을 정하였는가?", "Are retention and access set?", False),
        ("보관 기간, 접근 권한, 파기 절차를 정하였는가?", "Retention?", True),
        ("얼굴·음성·영상을 표시하는가?", "Are faces labelled?", True),
        ("사람의 관리·감독을 하고 있는가?", "Is there human oversight?", False),
        ("영향을 검토하였는가?", "Are logs, inputs, outputs and versions kept?", True),
    ],
)
def test_the_heuristic_on_examples(ko: str, en: str, expected: bool) -> None:
    assert bundles(ko, en) is expected


def test_allowed_entries_are_still_flagged() -> None:
    """An allow-list entry that no longer trips the heuristic is stale and must go."""
    every = {code for document in NEWEST.values() for code in flagged(document)}
    assert sorted(set(ALLOWED) - every) == []
