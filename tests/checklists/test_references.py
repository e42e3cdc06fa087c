"""References in the newest versions: TTA requirement numbers only, and Art. 32's threshold is 이상.

DOMAIN.md §7: the TTA guide's verification-item numbers (``NN-M``) are not confirmed beyond the
requirement number, so a crosswalk cites ``NN`` unless an item number is listed here as verified
(none is). The Art. 32 threshold is cumulative training compute at or above (이상) 10^26 FLOPs:
wherever 10^26 appears, the Korean says 이상 and never 초과/넘는, and the English never "above"
or "exceeds" without "at or above".
"""

from __future__ import annotations

import re

import pytest

from checklists.schema import Framework
from tests.checklists.newest import NEWEST, SLUGS, korean_texts

VERIFIED_TTA_ITEMS: frozenset[str] = frozenset()
REQUIREMENT = re.compile(r"^(0[1-9]|1[0-5])$")
THRESHOLD = "10^26"
KO_WRONG = re.compile(r"초과|넘는|넘어|넘으|넘기")
EN_WRONG = re.compile(r"\b(exceed\w*|more than|over|above)\b")


@pytest.mark.parametrize("slug", SLUGS)
def test_tta_refs_cite_the_requirement_number(slug: str) -> None:
    document = NEWEST[slug]
    refs = [(s.code, ref) for s in document.sections for ref in s.crosswalk]
    refs += [(item.code, ref) for _s, item in document.items() for ref in item.crosswalk]
    wrong = [
        f"{code}: {ref.ref}"
        for code, ref in refs
        if ref.framework is Framework.TTA_GUIDE
        and not REQUIREMENT.match(ref.ref)
        and ref.ref not in VERIFIED_TTA_ITEMS
    ]
    assert wrong == []


def _english_texts(slug: str) -> list[tuple[str, str]]:
    document = NEWEST[slug]
    found = [("title", document.title.en), ("description", document.description.en)]
    for section in document.sections:
        found.append(
            (f"{section.code}.description", section.description.en if section.description else "")
        )
        for item in section.items:
            for name in ("text", "guidance", "recommendation"):
                value = getattr(item, name)
                if value is not None:
                    found.append((f"{item.code}.{name}", value.en))
    return found


def _sentences_with_threshold(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!다])\s+", text) if THRESHOLD in s]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_compute_threshold_is_at_or_above(slug: str) -> None:
    wrong = []
    for where, text in korean_texts(NEWEST[slug]):
        for sentence in _sentences_with_threshold(text):
            if "이상" not in sentence or KO_WRONG.search(sentence):
                wrong.append(f"{where}: {sentence}")
    for where, text in _english_texts(slug):
        for sentence in _sentences_with_threshold(text):
            if "at or above" not in sentence or EN_WRONG.search(
                sentence.replace("at or above", "")
            ):
                wrong.append(f"{where}: {sentence}")
    assert wrong == []


def test_the_threshold_rule_can_fail() -> None:
    assert KO_WRONG.search("연산량이 10^26 FLOPs를 넘는가?")
    assert not KO_WRONG.search("연산량이 10^26 FLOPs 이상인가?")
    assert EN_WRONG.search("compute above 10^26 FLOPs")
