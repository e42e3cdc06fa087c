"""The shipped content: every checklist loads, is bilingual, cites real references, and the
applicability rules give each kind of system the checklists it must get."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command

from checklists.applicability import (
    RuleBook,
    applicable,
    parse_rules,
    shipped_rulebook,
    shipped_rules,
)
from checklists.areas import ACT_AREAS
from checklists.loader import CONTENT_DIR, content_files, load_file
from checklists.models import ChecklistVersion
from checklists.references import reference_exists
from checklists.schema import AnswerType, ChecklistDocument, Framework, Kind, Text
from tests.checklists.fixtures import VALID, write

MINIMUM_ITEMS = {
    "general-ethics": 40,
    "trustworthy-dev": 67,
    "generative-ai": 25,
    "image-recognition": 20,
    "hiring": 20,
    "healthcare": 20,
    "finance": 20,
    "chatbot": 15,
    "public-sector": 15,
    "deepfake": 15,
    "high-impact-screening": 30,
    "high-impact-obligations": 20,
    "reliability-evaluation": 25,
    # Content 2.0: the Act's duties with checklists of their own, and one more sector edition.
    "safety-duty": 12,
    "impact-assessment": 20,
    "domestic-agent": 6,
    "critical-infrastructure": 18,
}
EXPECTED_KINDS = {
    "high-impact-screening": Kind.SCREENING,
    "reliability-evaluation": Kind.EVALUATION,
}


def _documents() -> dict[Path, ChecklistDocument]:
    return {path: load_file(path) for path in content_files()}


DOCUMENTS = _documents()
BY_SLUG: dict[str, list[ChecklistDocument]] = defaultdict(list)
for _document in DOCUMENTS.values():
    BY_SLUG[_document.slug].append(_document)
LATEST = {
    slug: max(docs, key=lambda d: tuple(map(int, d.version.split("."))))
    for slug, docs in BY_SLUG.items()
}


def texts(document: ChecklistDocument) -> list[tuple[str, Text]]:
    found: list[tuple[str, Text]] = [
        ("title", document.title),
        ("description", document.description),
    ]
    for section in document.sections:
        found.append((f"{section.code}.title", section.title))
        for name in ("description", "group"):
            value = getattr(section, name)
            if value is not None:
                found.append((f"{section.code}.{name}", value))
        for item in section.items:
            for name in ("text", "guidance", "recommendation"):
                value = getattr(item, name)
                if value is not None:
                    found.append((f"{item.code}.{name}", value))
            for option in item.options:
                found.append((f"{item.code}.options[{option.key}].label", option.label))
                if option.description is not None:
                    found.append(
                        (f"{item.code}.options[{option.key}].description", option.description)
                    )
    return found


def test_all_checklists_are_there_with_enough_items() -> None:
    assert set(LATEST) == set(MINIMUM_ITEMS)
    short = {
        slug: LATEST[slug].item_count
        for slug, minimum in MINIMUM_ITEMS.items()
        if LATEST[slug].item_count < minimum
    }
    assert short == {}
    assert sum(doc.item_count for doc in LATEST.values()) >= 350
    for slug, document in LATEST.items():
        assert document.kind == EXPECTED_KINDS.get(slug, Kind.SELF_CHECK), slug


@pytest.mark.parametrize("path", list(DOCUMENTS), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_both_languages_present_and_different(path: Path) -> None:
    same = [where for where, text in texts(DOCUMENTS[path]) if text.ko.strip() == text.en.strip()]
    assert same == []
    hangul_missing = [
        where
        for where, text in texts(DOCUMENTS[path])
        if not any("가" <= char <= "힣" for char in text.ko) and not where.endswith(".label")
    ]
    assert hangul_missing == []


@pytest.mark.parametrize("path", list(DOCUMENTS), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_item_is_complete(path: Path) -> None:
    document = DOCUMENTS[path]
    incomplete = [
        item.code
        for _section, item in document.items()
        if item.guidance is None or item.recommendation is None
    ]
    assert incomplete == []
    critical_without_recommendation = [
        item.code for _s, item in document.items() if item.critical and item.recommendation is None
    ]
    assert critical_without_recommendation == []
    if document.kind != Kind.SCREENING:
        uncited = [
            item.code
            for section, item in document.items()
            if not item.crosswalk and not section.crosswalk
        ]
        assert uncited == []
    if document.kind == Kind.SELF_CHECK:
        assert any(item.critical for _s, item in document.items()), "no critical item at all"


@pytest.mark.parametrize("path", list(DOCUMENTS), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_crosswalk_references_exist(path: Path) -> None:
    document = DOCUMENTS[path]
    refs = [(section.code, ref) for section in document.sections for ref in section.crosswalk]
    refs += [(item.code, ref) for _s, item in document.items() for ref in item.crosswalk]
    unknown = [
        f"{code}: {ref.framework.value} {ref.ref}"
        for code, ref in refs
        if not reference_exists(ref.framework, ref.ref)
    ]
    assert unknown == []


@pytest.mark.parametrize(
    "path",
    [p for p, d in DOCUMENTS.items() if int(d.version.split(".")[0]) >= 2],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_content_2_cites_tta_requirements_and_same_as_yes_no(path: Path) -> None:
    """From 2.0 the TTA verification-item numbers are unverified (DOMAIN.md §7): cite ``NN`` only.
    Every owner of a statutory duty is a yes/no item, so an item answered there is one too."""
    document = DOCUMENTS[path]
    refs = [ref for s in document.sections for ref in s.crosswalk]
    refs += [ref for _s, item in document.items() for ref in item.crosswalk]
    item_numbers = [r.ref for r in refs if r.framework is Framework.TTA_GUIDE and "-" in r.ref]
    assert item_numbers == []
    not_yes_no = [
        item.code
        for _s, item in document.items()
        if item.same_as is not None and item.answer_type is not AnswerType.YES_NO
    ]
    assert not_yes_no == []


@pytest.mark.parametrize(
    "document", BY_SLUG["trustworthy-dev"], ids=lambda d: f"trustworthy-dev/{d.version}"
)
def test_trustworthy_dev_follows_the_tta_guide(document: ChecklistDocument) -> None:
    assert [s.code for s in document.sections] == [f"TDV-{n:02d}" for n in range(1, 16)]
    groups = [s.group.en if s.group else None for s in document.sections]
    assert len(set(groups)) == 5 and None not in groups
    for section in document.sections:
        number = section.code.removeprefix("TDV-")
        for index, item in enumerate(section.items, start=1):
            tta = [ref.ref for ref in item.crosswalk if ref.framework is Framework.TTA_GUIDE]
            if document.version.startswith("1."):
                # 1.x cited each item's position as if it were the guide's verification item.
                assert tta == [f"{number}-{index}"], item.code
            else:
                # From 2.0 the requirement number only (DOMAIN.md §7: NN-M is not confirmed).
                assert tta == [number], item.code
            assert item.code.startswith(f"{section.code}-"), item.code


def test_general_ethics_has_the_ten_key_requirements_and_three_principles() -> None:
    document = LATEST["general-ethics"]
    assert len(document.sections) == 10
    requirements = [
        sorted(
            ref.ref
            for ref in s.crosswalk
            if ref.framework is Framework.KR_ETHICS_STANDARDS and ref.ref.startswith("R")
        )
        for s in document.sections
    ]
    assert requirements == [[f"R{n}"] for n in range(1, 11)]
    principles = {
        ref.ref for s in document.sections for ref in s.crosswalk if ref.ref.startswith("P")
    }
    assert principles == {"P1", "P2", "P3"}


def test_screening_covers_every_act_area_exactly_once() -> None:
    document = LATEST["high-impact-screening"]
    areas = Counter(item.area for _s, item in document.items() if item.area)
    assert {area.code: areas[area.code] for area in ACT_AREAS} == {
        area.code: 1 for area in ACT_AREAS
    }
    assert areas["biometric_recognition"] == 1 and areas["deepfake"] == 1
    kinds = Counter(item.points.kind.value for _s, item in document.items() if item.points)
    assert kinds["impact"] >= 5 and kinds["mitigation"] >= 4
    rules = shipped_rules()
    codes = {item.code: item for _s, item in document.items()}
    assert codes[rules.significance_item].answer_type is AnswerType.YES_NO


@pytest.mark.parametrize(
    "document",
    BY_SLUG["reliability-evaluation"],
    ids=lambda d: f"reliability-evaluation/{d.version}",
)
def test_evaluation_criteria_are_rubrics_with_critical_ones(document: ChecklistDocument) -> None:
    # 1.x rates every criterion as a maturity level; from 2.0 measured criteria carry a
    # measurement whose cut points set the level, with the same five described levels.
    allowed = (
        {AnswerType.MATURITY}
        if document.version.startswith("1.")
        else {AnswerType.MATURITY, AnswerType.MEASUREMENT}
    )
    assert all(
        item.answer_type in allowed and len(item.options) == 5 for _s, item in document.items()
    )
    assert all(
        (item.measurement is not None) is (item.answer_type is AnswerType.MEASUREMENT)
        for _s, item in document.items()
    )
    assert all(
        option.description is not None for _s, item in document.items() for option in item.options
    )
    assert 3 <= sum(item.critical for _s, item in document.items()) < document.item_count
    descriptions = [
        tuple(option.description.en for option in item.options if option.description)
        for _s, item in document.items()
    ]
    assert len(set(descriptions)) == len(descriptions), "level descriptors repeat across criteria"


def test_reliability_2_measures_the_measurable_criteria() -> None:
    document = LATEST["reliability-evaluation"]
    measured = {
        item.code: item.measurement for _s, item in document.items() if item.measurement is not None
    }
    assert set(measured) >= {
        "REL-RISK-11",
        "REL-RISK-12",
        "REL-RISK-13",
        "REL-RISK-15",
        "REL-RISK-16",
        "REL-PERF-16",
    }
    detection = measured["REL-RISK-15"]
    assert detection is not None and detection.threshold > 90  # DOMAIN.md §6: over 90 %
    for language in ("ko", "en"):
        rule = getattr(document.description, language)
        assert (
            "모든 핵심 기준이 3단계 이상" if language == "ko" else "every critical criterion"
        ) in rule
    assert document.description.en.count("every critical criterion is at 3 or above") == 2
    assert document.description.ko.count("모든 핵심 기준이 3단계 이상") == 2
    gov01 = next(item for _s, item in document.items() if item.code == "REL-GOV-01")
    assert [ref.ref for ref in gov01.crosswalk if ref.framework is Framework.KR_AI_BASIC_ACT] == []


# Checklists first routed by the 2.0 rules (written by other helpers of issue 13, content-b:
# critical-infrastructure; content-c: safety-duty, impact-assessment, domestic-agent). The 1.0.0
# rules never name them; the 2.0.0 rules name them whether or not they are published yet.
NEW_IN_2 = {"critical-infrastructure", "safety-duty", "impact-assessment", "domestic-agent"}


def _newest_of_major(slug: str, major: int) -> ChecklistDocument:
    return max(
        (d for d in BY_SLUG[slug] if int(d.version.split(".")[0]) == major),
        key=lambda d: tuple(map(int, d.version.split("."))),
    )


@pytest.mark.parametrize("major", [1, 2])
def test_applicability_rules_name_real_checklists_and_answers(major: int) -> None:
    """Each rule set names real checklists, and answers of its own screening major version."""
    rules = shipped_rulebook().for_screening(f"{major}.0.0")
    assert rules.major == major
    screening = _newest_of_major(rules.screening, major)
    items = {item.code: item for _s, item in screening.items()}
    for rule in rules.rules:
        assert rule.checklist in LATEST or rule.checklist in NEW_IN_2, rule.checklist
        for code in rule.when.answer_codes():
            assert code in items, code
    for entry in rules.prefill:
        assert entry.from_.answer is None or entry.from_.answer in items, entry.from_.answer
        if entry.to.checklist in LATEST:  # a target checklist that exists must ask the item
            target = {i.code: i for _s, i in LATEST[entry.to.checklist].items()}
            assert entry.to.item in target, (entry.to.checklist, entry.to.item)
        else:
            assert entry.to.checklist in NEW_IN_2, entry.to.checklist
    named = {rule.checklist for rule in rules.rules} | {rules.screening}
    wanted = set(LATEST) - {"reliability-evaluation"}
    if major == 1:
        assert named == wanted - NEW_IN_2
    else:
        assert named == wanted | NEW_IN_2


SYSTEMS = [
    # (domain, role, generative, high_impact, areas, extra answers) -> the checklists it must get
    ("general", "operator", False, False, [], {}, ["general-ethics"]),
    ("general", "developer", False, False, [], {}, ["general-ethics", "trustworthy-dev"]),
    (
        "chatbot",
        "both",
        True,
        False,
        [],
        {},
        ["general-ethics", "trustworthy-dev", "generative-ai", "chatbot"],
    ),
    (
        "general",
        "operator",
        False,
        False,
        [],
        {"HIS-SCOPE-01": "yes"},
        ["general-ethics", "generative-ai"],
    ),
    (
        "hiring",
        "operator",
        False,
        True,
        ["rights_evaluation"],
        {},
        ["general-ethics", "high-impact-obligations", "hiring"],
    ),
    (
        "finance",
        "developer",
        False,
        True,
        ["rights_evaluation"],
        {},
        ["general-ethics", "trustworthy-dev", "high-impact-obligations", "finance"],
    ),
    (
        "healthcare",
        "operator",
        False,
        True,
        ["medical_device"],
        {},
        ["general-ethics", "high-impact-obligations", "healthcare"],
    ),
    ("general", "operator", False, False, ["medical_device"], {}, ["general-ethics", "healthcare"]),
    (
        "image_recognition",
        "operator",
        False,
        False,
        ["biometric_recognition"],
        {},
        ["general-ethics", "image-recognition"],
    ),
    (
        "general",
        "operator",
        False,
        True,
        ["biometric_investigation"],
        {},
        ["general-ethics", "high-impact-obligations", "image-recognition"],
    ),
    (
        "public_sector",
        "operator",
        False,
        True,
        ["public_decision"],
        {},
        ["general-ethics", "high-impact-obligations", "public-sector"],
    ),
    (
        "general",
        "operator",
        False,
        False,
        ["public_decision"],
        {},
        ["general-ethics", "public-sector"],
    ),
    (
        "deepfake",
        "both",
        True,
        False,
        ["deepfake"],
        {},
        ["general-ethics", "trustworthy-dev", "generative-ai", "deepfake"],
    ),
    (
        "general",
        "operator",
        True,
        False,
        ["deepfake"],
        {},
        ["general-ethics", "generative-ai", "deepfake"],
    ),
    (
        "transport",
        "operator",
        False,
        True,
        ["transport"],
        {},
        ["general-ethics", "high-impact-obligations"],
    ),
]


@pytest.mark.parametrize(
    ("domain", "role", "generative", "high_impact", "areas", "answers", "expected"), SYSTEMS
)
def test_applicability_table(
    domain: str,
    role: str,
    generative: bool,
    high_impact: bool,
    areas: list[str],
    answers: dict[str, str],
    expected: list[str],
) -> None:
    facts = {
        "system.domain": domain,
        "system.role": role,
        "system.generative": generative,
        "screening.high_impact": high_impact,
        "screening.areas": areas,
    }
    # Assessments on screening 1.x keep the 1.0.0 rule set, whatever is published later.
    rules = shipped_rulebook().for_screening("1.0.0")
    assert rules.version == "1.0.0"
    chosen = [entry.slug for entry in applicable(rules, facts=facts, answers=answers)]
    assert chosen[0] == "high-impact-screening"
    assert sorted(chosen[1:]) == sorted(expected)


def test_rules_file_errors_name_the_place() -> None:
    text = (CONTENT_DIR / "applicability.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        "when: {fact: system.role, in: [developer, both]}", "when: {fact: system.colour, in: [red]}"
    )
    with pytest.raises(Exception) as caught:
        parse_rules(broken, path="applicability.yaml")
    assert "rulesets.0.rules.1.when.fact" in str(caught.value)
    assert isinstance(parse_rules(text), RuleBook)


def test_codes_stay_stable_across_versions(tmp_path: Path) -> None:
    """An item code kept in a later version keeps its answer type, so old answers keep their meaning."""
    for slug, documents in BY_SLUG.items():
        seen: dict[str, AnswerType] = {}
        for document in sorted(documents, key=lambda d: tuple(map(int, d.version.split(".")))):
            for _s, item in document.items():
                assert seen.setdefault(item.code, item.answer_type) is item.answer_type, (
                    slug,
                    item.code,
                )
    # The check itself can fail: a second version that turns a yes/no into a number.
    first = load_file(write(tmp_path, VALID))
    second = load_file(
        write(
            tmp_path,
            VALID.replace("version: 1.0.0", "version: 1.1.0").replace(
                "answer_type: yes_no", "answer_type: number"
            ),
            version="1.1.0",
        )
    )
    changed = [
        item.code
        for _s, item in second.items()
        if (old := dict((i.code, i.answer_type) for _x, i in first.items()).get(item.code))
        and old is not item.answer_type
    ]
    assert changed == ["DEM-A-01"]


@pytest.mark.django_db
def test_shipped_content_loads_into_the_database_twice() -> None:
    first, second = io.StringIO(), io.StringIO()
    call_command("load_checklists", stdout=first)
    call_command("load_checklists", stdout=second)
    assert f"{len(DOCUMENTS)} created, 0 unchanged" in first.getvalue()
    assert f"0 created, {len(DOCUMENTS)} unchanged" in second.getvalue()
    assert ChecklistVersion.objects.count() == len(DOCUMENTS)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
def test_catalog_pages_show_every_checklist(client, language: str) -> None:  # type: ignore[no-untyped-def]
    call_command("load_checklists", stdout=io.StringIO())
    client.post("/i18n/setlang/", {"language": language})
    catalog = client.get("/").content.decode()
    for document in LATEST.values():
        assert document.title.get(language) in catalog
        page = client.get(f"/checklists/{document.slug}/")
        assert page.status_code == 200
        html = page.content.decode()
        first_item = document.sections[0].items[0]
        assert first_item.text.get(language).replace("'", "&#x27;").replace('"', "&quot;") in html
