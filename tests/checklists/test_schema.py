"""Every rejection of the content loader, each with a broken file and the exact place it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from checklists.loader import ContentError, load_file
from checklists.schema import AnswerType
from tests.checklists.fixtures import VALID, write


def test_valid_fixture_loads(tmp_path: Path) -> None:
    document = load_file(write(tmp_path, VALID))
    assert document.slug == "demo-basic"
    assert document.item_count == 3
    assert [s.code for s in document.sections] == ["DEM-A", "DEM-B"]
    item = document.sections[0].items[1]
    assert item.answer_type is AnswerType.MATURITY
    assert item.show_if is not None and item.show_if.in_ == ("yes",)  # YAML 1.1 would make it True


def broken(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


CASES = [
    pytest.param(
        broken("    weight: 2\n", "    weight: 2\n    colour: blue\n"),
        13,
        "sections[DEM-A].colour: Extra inputs are not permitted",
        id="unknown-key",
    ),
    pytest.param(
        broken('en: "Does it process personal data?"}', "en: ''}"),
        15,
        "sections[DEM-A].items[DEM-A-01].text.en: String should have at least 1 character",
        id="empty-english",
    ),
    pytest.param(
        broken(
            '{ko: "가명처리를 하는가?", en: "Is the data pseudonymised?"}',
            '{ko: "가명처리를 하는가?"}',
        ),
        20,
        "sections[DEM-A].items[DEM-A-02].text.en: Field required",
        id="missing-english",
    ),
    pytest.param(
        broken("title: {ko: 둘째 부분, en: Second part}", "title: {en: Second part}"),
        26,
        "sections[DEM-B].title.ko: Field required",
        id="missing-korean",
    ),
    pytest.param(
        broken("  - code: DEM-B\n", "  - code: DEM-A\n"),
        25,
        "sections[DEM-A]: section code DEM-A repeats",
        id="duplicate-section",
    ),
    pytest.param(
        broken("      - code: DEM-B-01\n", "      - code: DEM-A-01\n"),
        28,
        "sections[DEM-B].items[DEM-A-01]: item code DEM-A-01 repeats",
        id="duplicate-item",
    ),
    pytest.param(
        broken(
            "        answer_type: yes_no\n",
            "        answer_type: yes_no\n        options:\n          - {key: a, label: {ko: 가, en: A}, score: 1}\n",
        ),
        14,
        "sections[DEM-A].items[DEM-A-01]: a yes_no item takes no options",
        id="options-on-yes-no",
    ),
    pytest.param(
        broken(
            """        options:
          - {key: manual, label: {ko: 수동, en: Manual}, score: 0.5}
          - {key: auto, label: {ko: 자동, en: Automatic}, score: 1}
""",
            "",
        ),
        28,
        "sections[DEM-B].items[DEM-B-01]: a single_choice item needs at least two options",
        id="choice-without-options",
    ),
    pytest.param(
        broken(
            "        critical: true\n",
            "        critical: true\n        options:\n          - {key: '1', label: {ko: 가, en: A}}\n          - {key: '2', label: {ko: 나, en: B}}\n",
        ),
        19,
        "sections[DEM-A].items[DEM-A-02]: a maturity item's options are exactly five, keyed '0' to '4' in order",
        id="maturity-wrong-levels",
    ),
    pytest.param(
        broken(
            "label: {ko: 자동, en: Automatic}, score: 1}",
            "label: {ko: 자동, en: Automatic}, score: 1.2}",
        ),
        33,
        "sections[DEM-B].items[DEM-B-01].options[auto].score: Input should be less than or equal to 1",
        id="score-above-one",
    ),
    pytest.param(
        broken(
            "label: {ko: 수동, en: Manual}, score: 0.5}",
            "label: {ko: 수동, en: Manual}, score: -0.1}",
        ),
        32,
        "sections[DEM-B].items[DEM-B-01].options[manual].score: Input should be greater than or equal to 0",
        id="score-below-zero",
    ),
    pytest.param(
        broken("show_if: {item: DEM-A-01, in: [yes]}", "show_if: {item: DEM-A-09, in: [yes]}"),
        24,
        "sections[DEM-A].items[DEM-A-02].show_if: show_if names item DEM-A-09, which does not exist before this item",
        id="show-if-unknown-item",
    ),
    pytest.param(
        broken(
            "        answer_type: yes_no\n",
            "        answer_type: yes_no\n        show_if: {item: DEM-A-02, in: ['4']}\n",
        ),
        17,
        "sections[DEM-A].items[DEM-A-01].show_if: show_if names item DEM-A-02, which does not exist before this item",
        id="show-if-later-item",
    ),
    pytest.param(
        broken("show_if: {item: DEM-A-01, in: [yes]}", "show_if: {item: DEM-A-01, in: [maybe]}"),
        24,
        "show_if tests DEM-A-01 for ['maybe'], which it cannot answer",
        id="show-if-impossible-value",
    ),
    pytest.param(
        broken('{framework: eu_ai_act, ref: "Art. 10"}', '{framework: gdpr, ref: "Art. 10"}'),
        18,
        "sections[DEM-A].items[DEM-A-01].crosswalk[0].framework: Input should be",
        id="unknown-framework",
    ),
    pytest.param(
        broken(
            '{framework: eu_ai_act, ref: "Art. 10"}', '{framework: eu_ai_act, ref: "Article ten"}'
        ),
        18,
        "'Article ten' is not a valid eu_ai_act reference",
        id="bad-reference-format",
    ),
    pytest.param(
        broken("version: 1.0.0\n", "version: '1.0'\n"),
        2,
        "version: '1.0' is not a semantic version",
        id="bad-semver",
    ),
    pytest.param(
        broken("version: 1.0.0\n", "version: 01.0.0\n"),
        2,
        "version: '01.0.0' is not a semantic version",
        id="semver-leading-zero",
    ),
    pytest.param(
        broken("    weight: 2\n", "    weight: 2\n    weight: 3\n"),
        13,
        "key 'weight' appears twice in one mapping",
        id="duplicate-yaml-key",
    ),
    pytest.param(
        broken(
            "        answer_type: yes_no\n", "        answer_type: yes_no\n        area: energy\n"
        ),
        14,
        "'area' and 'points' belong to screening checklists only",
        id="area-outside-screening",
    ),
    pytest.param(
        broken("kind: self_check", "kind: screening").replace(
            "        answer_type: yes_no\n",
            "        answer_type: yes_no\n        area: fishing\n",
            1,
        ),
        17,
        "unknown area 'fishing'",
        id="unknown-area",
    ),
    pytest.param(
        broken("kind: self_check", "kind: evaluation"),
        14,
        "an evaluation criterion is a maturity or measurement item with five options",
        id="evaluation-needs-rubric",
    ),
    pytest.param(
        broken("answer_type: yes_no", "answer_type: essay"),
        16,
        "sections[DEM-A].items[DEM-A-01].answer_type: Input should be",
        id="unknown-answer-type",
    ),
    pytest.param(
        broken("sources: [Test source]", "sources: [Test source\n"),
        10,
        "not valid YAML",
        id="invalid-yaml",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), CASES)
def test_rejection_names_file_line_and_place(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ContentError) as caught:
        load_file(path)
    rendered = str(caught.value)
    assert "demo-basic/1.0.0.yaml" in rendered
    assert message in rendered
    if line is not None:
        assert f"1.0.0.yaml:{line}: " in rendered, rendered


def test_file_must_sit_at_slug_and_version(tmp_path: Path) -> None:
    path = write(tmp_path, VALID, version="1.0.1")
    with pytest.raises(ContentError, match=r"must live at demo-basic/1\.0\.0\.yaml"):
        load_file(path)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = broken('en: "Does it process personal data?"}', "en: ''}").replace(
        "score: 1}", "score: 2}"
    )
    with pytest.raises(ContentError) as caught:
        load_file(write(tmp_path, text))
    assert len(caught.value.problems) == 2
