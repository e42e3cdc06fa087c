"""The references that really exist in each crosswalk framework (the schema checks their shape).

Used by the content tests so that a plausible-looking but non-existent reference (``MEASURE 2.14``,
``A.6.2.9``, an Act article we do not cite) is caught.
"""

from __future__ import annotations

import re

from checklists.schema import Framework

# NIST AI RMF 1.0 (NIST AI 100-1): subcategories per category; 72 in all.
_NIST = {
    "GOVERN": {1: 7, 2: 3, 3: 2, 4: 3, 5: 2, 6: 2},
    "MAP": {1: 6, 2: 3, 3: 5, 4: 2, 5: 2},
    "MEASURE": {1: 3, 2: 13, 3: 3, 4: 3},
    "MANAGE": {1: 4, 2: 4, 3: 2, 4: 3},
}
NIST_SUBCATEGORIES = frozenset(
    f"{function} {category}.{sub}"
    for function, categories in _NIST.items()
    for category, count in categories.items()
    for sub in range(1, count + 1)
)

# ISO/IEC 42001:2023 Annex A: the 38 controls, plus the two objective headings of A.6.
ISO_42001_CONTROLS = frozenset(
    {
        *(f"A.2.{n}" for n in (2, 3, 4)),
        *(f"A.3.{n}" for n in (2, 3)),
        *(f"A.4.{n}" for n in (2, 3, 4, 5, 6)),
        *(f"A.5.{n}" for n in (2, 3, 4, 5)),
        "A.6.1",
        "A.6.2",
        *(f"A.6.1.{n}" for n in (2, 3)),
        *(f"A.6.2.{n}" for n in (2, 3, 4, 5, 6, 7, 8)),
        *(f"A.7.{n}" for n in (2, 3, 4, 5, 6)),
        *(f"A.8.{n}" for n in (2, 3, 4, 5)),
        *(f"A.9.{n}" for n in (2, 3, 4)),
        *(f"A.10.{n}" for n in (2, 3, 4)),
    }
)

# The AI Basic Act provisions our content may cite (DOMAIN.md §3).
KR_ACT_REFERENCES = frozenset(
    {
        *(f"2(4){letter}" for letter in "가나다라마바사아자차카"),
        "2(4)",
        "30",
        "31",
        "31(1)",
        "31(2)",
        "31(3)",
        "32",
        "33",
        "34",
        "34(1)",
        *(f"34(1){n}" for n in range(1, 6)),
        "35",
        "36",
        "43",
    }
)

# An article, its paragraph and point: Art. 5, Art. 5(1), Art. 5(1)(h).
_EU_ARTICLE = re.compile(r"^Art\. (\d+)(\((\d+)\)(\([a-z]\))?)?$")
_EU_ANNEX_III = re.compile(r"^Annex III( [1-8])?$")


def reference_exists(framework: Framework, ref: str) -> bool:
    """Whether ``ref`` names something that exists in ``framework``."""
    if framework is Framework.NIST_AI_RMF:
        return ref in NIST_SUBCATEGORIES
    if framework is Framework.ISO_42001:
        return ref in ISO_42001_CONTROLS
    if framework is Framework.KR_AI_BASIC_ACT:
        return ref in KR_ACT_REFERENCES
    if framework is Framework.EU_AI_ACT:
        article = _EU_ARTICLE.match(ref)
        if article:
            return 1 <= int(article.group(1)) <= 113
        return bool(_EU_ANNEX_III.match(ref)) or ref in {"Annex I", "Annex IV", "Annex XI"}
    if framework is Framework.KR_ETHICS_STANDARDS:
        return ref in {"P1", "P2", "P3", *(f"R{n}" for n in range(1, 11))}
    if framework is Framework.TTA_GUIDE:
        # The requirement ``NN`` (01-15) exists; a verification item ``NN-M`` is accepted as 1.x
        # content cites it, though content 2.0 cites ``NN`` only (DOMAIN.md §7).
        return bool(re.match(r"^(0[1-9]|1[0-5])(-[1-9]\d?[a-z]?)?$", ref))
    return False
