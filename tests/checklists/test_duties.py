"""Each statutory duty of the AI Basic Act is asked once per assessment (CONTENT.md, duties.yaml).

``duties.yaml`` names the owner item of each duty. The owner asks the duty as one ``yes_no``
question; any other item that cites the duty's article either refers to the owner with
``same_as`` (answered there, once) or is a reviewed exception below: an item that elaborates a
sector-specific aspect of the duty rather than asking the duty itself.

Not counted as asking the duty: the owner checklist's own follow-up items (they elaborate the duty
the owner asks, one aspect each), scope questions of weight 0 (they are never scored and only
decide what is shown) and screening items that tally points or name an area (the schema forbids
``same_as`` on them: they feed the screening result, not compliance).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checklists.loader import CONTENT_DIR
from checklists.schema import ChecklistDocument, Framework, Item
from tests.checklists.newest import NEWEST, SLUGS, find_item

DUTIES: dict[str, dict[str, object]] = yaml.safe_load(
    (CONTENT_DIR / "duties.yaml").read_text(encoding="utf-8")
)["duties"]
OWNER_BY_ARTICLE: dict[str, tuple[str, str]] = {
    str(duty["article"]): (duty["owner"]["checklist"], duty["owner"]["item"])  # type: ignore[index]
    for duty in DUTIES.values()
}

# Reviewed: items that cite a duty's article without asking the duty itself (code -> reason).
RELATED: dict[str, str] = {
    "HIO-REV-04": "32: asks whether Art. 32 applies (the compute check), not the safety duty",
    "FIN-EXP-02": "34(1)2: sector-specific — the explanation given to a refused or worse-terms loan applicant names the main reasons",
    "FIN-EXP-05": "34(1)3: sector-specific — a credit applicant's right to ask a person to re-examine an automated decision",
    "FIN-INS-02": "34(1)2: sector-specific — the explanation given to an applicant refused cover or offered worse terms names the main reasons",
    "MED-OVS-01": "34(1)4: sector-specific — who makes the final clinical decision (the form human oversight takes in care)",
    "MED-EXP-08": "31(1): sector-specific — what the notice to patients says (the AI's role, the clinician decides)",
    "HIR-NOT-05": "31(1): sector-specific — what the notice to applicants must say (stage, what is assessed, data, human involvement)",
    "HIR-NOT-02": "34(1)2: sector-specific — explaining an applicant's result, its main criteria and the data used",
    "HIR-HUM-01": "34(1)4: sector-specific — who decides a rejection at the AI stage (the form human oversight takes in hiring)",
    "IMG-HUM-01": "34(1)4: sector-specific — a person checks a match or alert against the footage before any action against someone",
    "PUB-EXP-02": "34(1)2: sector-specific — how well the reasons for an administrative decision are explained to citizens",
    "PUB-HUM-02": "34(1)4: sector-specific — an official decides every adverse disposition before it takes effect",
    "GAI-GOV-02": "32: asks whether Art. 32 applies (the compute check), not the safety duty",
    "REL-RISK-08": "31(2)/31(3): evaluator's rubric of label robustness, not the self-declared duty",
    "REL-PERF-05": "34(1)2: evaluator's rubric of explanation quality",
    "REL-GOV-02": "34(1)5: evaluator's rubric of the model document's quality",
    "REL-GOV-05": "34(1)1: evaluator's rubric of the risk-management system in operation",
    "REL-GOV-06": "34(1)4: evaluator's rubric of oversight in practice",
    "REL-GOV-08": "34(1)5: evaluator's rubric of logging and traceability",
    "REL-GOV-09": "31(1): evaluator's rubric of how well users are informed",
    "REL-GOV-11": "34(1)3: evaluator's rubric of the safe mode under fault",
    "REL-GOV-12": "34(1)3: evaluator's rubric of feedback handling",
}


def duty_articles(item: Item) -> list[str]:
    return [
        ref.ref
        for ref in item.crosswalk
        if ref.framework is Framework.KR_AI_BASIC_ACT and ref.ref in OWNER_BY_ARTICLE
    ]


def exempt(document: ChecklistDocument, item: Item, article: str) -> bool:
    owner_slug, owner_code = OWNER_BY_ARTICLE[article]
    return (
        document.slug == owner_slug
        or item.weight == 0
        or item.points is not None
        or item.area is not None
    )


@pytest.mark.parametrize("duty", list(DUTIES))
def test_owner_item_exists_and_is_one_yes_no(duty: str) -> None:
    owner = DUTIES[duty]["owner"]
    assert isinstance(owner, dict)
    item = find_item(owner["checklist"], owner["item"])
    assert item is not None, f"{owner['checklist']} has no item {owner['item']}"
    assert item.answer_type.value == "yes_no"
    assert item.same_as is None
    assert item.weight > 0
    assert str(DUTIES[duty]["article"]) in duty_articles(item)


def test_each_article_has_one_owner() -> None:
    articles = [str(duty["article"]) for duty in DUTIES.values()]
    assert len(articles) == len(set(articles))


@pytest.mark.parametrize("slug", SLUGS)
def test_items_citing_a_duty_refer_to_its_owner(slug: str) -> None:
    document = NEWEST[slug]
    unowned = []
    for _section, item in document.items():
        for article in duty_articles(item):
            if exempt(document, item, article) or item.code in RELATED:
                continue
            owner = OWNER_BY_ARTICLE[article]
            if item.same_as is None or (item.same_as.checklist, item.same_as.item) != owner:
                unowned.append(f"{item.code} cites {article}: same_as {owner[0]} {owner[1]}")
    assert unowned == []


@pytest.mark.parametrize("slug", SLUGS)
def test_same_as_targets_match(slug: str) -> None:
    problems = []
    for _section, item in NEWEST[slug].items():
        if item.same_as is None:
            continue
        target = find_item(item.same_as.checklist, item.same_as.item)
        name = f"{item.code} -> {item.same_as.checklist} {item.same_as.item}"
        if target is None:
            problems.append(f"{name}: no such item")
            continue
        if target.answer_type is not item.answer_type:
            problems.append(f"{name}: {item.answer_type.value} vs {target.answer_type.value}")
        if [o.key for o in target.options] != [o.key for o in item.options]:
            problems.append(f"{name}: option keys differ")
        if target.same_as is not None:
            problems.append(f"{name}: the target is itself same_as")
    assert problems == []


def test_reviewed_exceptions_are_real() -> None:
    """An allow-list entry names an existing item that cites a duty without being its owner."""
    citing = {
        item.code
        for document in NEWEST.values()
        for _s, item in document.items()
        if duty_articles(item)
    }
    assert sorted(set(RELATED) - citing) == []


def test_the_rule_catches_a_second_asking(tmp_path: Path) -> None:
    """A checklist that asks the prior-notice duty again, without same_as, is caught."""
    from checklists.loader import load_text

    text = (CONTENT_DIR / "chatbot" / "1.0.0.yaml").read_text(encoding="utf-8")
    document = load_text(text)
    flagged = [
        item.code
        for _s, item in document.items()
        for article in duty_articles(item)
        if not exempt(document, item, article) and item.same_as is None
    ]
    assert "CHB-DIS-01" in flagged
