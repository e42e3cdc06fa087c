"""``same_as`` across the set being loaded: the target exists and fits, with file:line errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from checklists.models import ChecklistVersion
from tests.checklists.fixtures import VALID, write

# A second checklist whose one item refers to DEM-A-01 of demo-basic (line 17 is its same_as).
REFERRING = """\
slug: demo-refer
version: 1.0.0
kind: self_check
domain: general
target: both
title: {ko: 참조 점검표, en: Referring checklist}
description: {ko: 시험용 점검표이다., en: A checklist for tests.}
sources: [Test source]
sections:
  - code: REF-A
    title: {ko: 첫 부분, en: First part}
    items:
      - code: REF-A-01
        text: {ko: "개인정보를 처리하는가?", en: "Does it process personal data?"}
        answer_type: yes_no
        same_as: {checklist: demo-basic, item: DEM-A-01}
      - code: REF-A-02
        text: {ko: "어떤 방식을 쓰는가?", en: "Which method is used?"}
        answer_type: single_choice
        options:
          - {key: manual, label: {ko: 수동, en: Manual}, score: 0.5}
          - {key: auto, label: {ko: 자동, en: Automatic}, score: 1}
        same_as: {checklist: demo-basic, item: DEM-B-01}
"""
SAME_AS_LINE = 16


def run(path: Path) -> str:
    out = io.StringIO()
    call_command("load_checklists", path=path, stdout=out)
    return out.getvalue()


def refused(path: Path) -> str:
    with pytest.raises(CommandError) as caught:
        run(path)
    assert "nothing was loaded" in str(caught.value)
    assert not ChecklistVersion.objects.filter(checklist__slug="demo-refer").exists()
    return str(caught.value)


@pytest.mark.django_db
def test_a_reference_to_an_item_of_the_same_set_loads(content_dir: Path) -> None:
    write(content_dir, REFERRING, slug="demo-refer")
    assert "2 created" in run(content_dir)


@pytest.mark.django_db
def test_a_reference_to_an_already_stored_checklist_loads(
    content_dir: Path, tmp_path: Path
) -> None:
    run(content_dir)
    other = tmp_path / "other"
    write(other, REFERRING, slug="demo-refer")
    assert "1 created" in run(other)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("checklist: demo-basic, item: DEM-A-01", "checklist: demo-gone, item: DEM-A-01"),
            "checklist demo-gone does not exist (neither loaded nor stored)",
        ),
        (
            ("item: DEM-A-01}", "item: DEM-A-09}"),
            "demo-basic 1.0.0 (its newest version) has no item DEM-A-09",
        ),
        (
            ("item: DEM-A-01}", "item: DEM-A-02}"),
            "demo-basic DEM-A-02 is maturity, this item is yes_no",
        ),
    ],
)
@pytest.mark.django_db
def test_a_broken_reference_names_file_line_and_item(
    content_dir: Path, change: tuple[str, str], message: str
) -> None:
    write(content_dir, REFERRING.replace(*change), slug="demo-refer")
    error = refused(content_dir)
    assert f"demo-refer/1.0.0.yaml:{SAME_AS_LINE}: sections[REF-A].items[REF-A-01].same_as: " in (
        error
    )
    assert message in error
    assert not ChecklistVersion.objects.exists()


@pytest.mark.django_db
def test_option_keys_must_match_the_owner(content_dir: Path) -> None:
    write(content_dir, REFERRING.replace("key: auto", "key: automatic"), slug="demo-refer")
    error = refused(content_dir)
    assert "demo-refer/1.0.0.yaml:23: sections[REF-A].items[REF-A-02].same_as: " in error
    assert "the option keys ['manual', 'automatic'] differ from demo-basic DEM-B-01's" in error


@pytest.mark.django_db
def test_the_newest_version_of_the_target_decides(content_dir: Path) -> None:
    # demo-basic 2.0.0 drops DEM-A-01: a reference to it no longer resolves.
    newer = VALID.replace("version: 1.0.0", "version: 2.0.0").replace("DEM-A-01", "DEM-A-11")
    write(content_dir, newer, version="2.0.0")
    write(content_dir, REFERRING, slug="demo-refer")
    assert "demo-basic 2.0.0 (its newest version) has no item DEM-A-01" in refused(content_dir)


CHAIN = """\
slug: demo-chain
version: 1.0.0
kind: self_check
domain: general
target: both
title: {ko: 연쇄 점검표, en: Chain checklist}
description: {ko: 시험용 점검표이다., en: A checklist for tests.}
sources: [Test source]
sections:
  - code: CHN-A
    title: {ko: 첫 부분, en: First part}
    items:
      - code: CHN-A-01
        text: {ko: "개인정보를 처리하는가?", en: "Does it process personal data?"}
        answer_type: yes_no
        same_as: {checklist: demo-refer, item: REF-A-01}
"""


@pytest.mark.django_db
def test_a_reference_to_a_referring_item_is_refused(content_dir: Path) -> None:
    write(content_dir, REFERRING, slug="demo-refer")
    write(content_dir, CHAIN, slug="demo-chain")
    with pytest.raises(CommandError) as caught:
        run(content_dir)
    assert (
        "demo-chain/1.0.0.yaml:16: sections[CHN-A].items[CHN-A-01].same_as: demo-refer REF-A-01 "
        "is itself same_as demo-basic DEM-A-01; refer to the owner directly"
    ) in str(caught.value)
    assert not ChecklistVersion.objects.exists()


@pytest.mark.django_db
def test_a_cycle_is_refused(content_dir: Path) -> None:
    # demo-refer REF-A-01 → demo-chain CHN-A-01 → demo-refer REF-A-01
    write(
        content_dir,
        REFERRING.replace(
            "checklist: demo-basic, item: DEM-A-01", "checklist: demo-chain, item: CHN-A-01"
        ),
        slug="demo-refer",
    )
    write(content_dir, CHAIN, slug="demo-chain")
    with pytest.raises(CommandError) as caught:
        run(content_dir)
    message = str(caught.value)
    assert "same_as cycle: demo-chain CHN-A-01 → demo-refer REF-A-01 → demo-chain CHN-A-01" in (
        message
    )
    assert "same_as cycle: demo-refer REF-A-01 → demo-chain CHN-A-01 → demo-refer REF-A-01" in (
        message
    )
