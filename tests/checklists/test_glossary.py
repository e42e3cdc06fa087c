"""The newest version of every checklist speaks the Act's Korean (``glossary.yaml``).

No avoided word anywhere in the Korean text; one word per role (이용자 or 사용자, not both, in one
checklist); no calque such as "어느 수준까지 …하였는가"; maturity questions read as maturity
questions and yes/no questions as yes/no questions.
"""

from __future__ import annotations

import re

import pytest

from checklists.glossary import load_glossary
from checklists.schema import AnswerType
from tests.checklists.newest import NEWEST, SLUGS, korean_texts

GLOSSARY = load_glossary()

# Reviewed: checklists that use both words of a role pair, with the reason (slug -> reason).
ROLE_WORD_ALLOWED: dict[str, str] = {}

MATURITY_ENDING = re.compile(r"(수준|정도|성숙도)(은|는)\s*(어떠한가|어느 정도인가)?\?$")
YES_NO_ENDING = re.compile(r"가\?$")


@pytest.mark.parametrize("slug", SLUGS)
def test_no_avoided_word(slug: str) -> None:
    found = [
        f"{where}: {entry.word!r} -> {entry.use!r}"
        for where, text in korean_texts(NEWEST[slug])
        for entry in GLOSSARY.avoided_in(text)
    ]
    assert found == []


@pytest.mark.parametrize("slug", SLUGS)
def test_one_word_per_role(slug: str) -> None:
    if slug in ROLE_WORD_ALLOWED:
        return
    text = "\n".join(text for _where, text in korean_texts(NEWEST[slug]))
    mixed = [pair for pair in GLOSSARY.one_role_one_word if all(word in text for word in pair)]
    assert mixed == []


@pytest.mark.parametrize("slug", SLUGS)
def test_no_calques(slug: str) -> None:
    patterns = [re.compile(calque.pattern) for calque in GLOSSARY.calques]
    found = [
        where
        for where, text in korean_texts(NEWEST[slug])
        if any(pattern.search(text) for pattern in patterns)
    ]
    assert found == []


@pytest.mark.parametrize("slug", SLUGS)
def test_questions_read_as_their_answer_type(slug: str) -> None:
    wrong = []
    for _section, item in NEWEST[slug].items():
        question = item.text.ko.strip()
        if item.answer_type is AnswerType.MATURITY and not MATURITY_ENDING.search(question):
            wrong.append(f"{item.code} (maturity): …{question[-12:]}")
        if item.answer_type is AnswerType.YES_NO and not YES_NO_ENDING.search(question):
            wrong.append(f"{item.code} (yes/no): …{question[-12:]}")
    assert wrong == []


def test_the_rules_can_fail() -> None:
    """Each rule catches what it is meant to catch."""
    assert [e.use for e in GLOSSARY.avoided_in("해외 사업자의 생애주기 테스트")] == [
        "국외 사업자",
        "수명주기",
        "시험",
    ]
    assert any(re.search(c.pattern, "검증을 어느 수준까지 추진하였는가?") for c in GLOSSARY.calques)
    assert MATURITY_ENDING.search("위험관리 체계의 수준은?")
    assert not MATURITY_ENDING.search("위험관리 체계를 갖추었는가?")
    assert YES_NO_ENDING.search("위험관리방안을 수립하였는가?")
    assert not YES_NO_ENDING.search("위험관리 체계의 수준은?")


def test_glossary_has_the_statutory_terms() -> None:
    terms = {term.ko for term in GLOSSARY.terms}
    assert {
        "인공지능사업자",
        "인공지능개발사업자",
        "인공지능이용사업자",
        "이용자",
        "영향받는 자",
        "고영향 인공지능",
        "생성형 인공지능",
        "수명주기",
        "위험관리방안",
        "설명방안",
        "이용자 보호 방안",
        "영향평가",
    } <= terms
    # No term is itself an avoided word.
    assert [t.ko for t in GLOSSARY.terms if GLOSSARY.avoided_in(t.ko)] == []
