"""Small checklist files for tests; tests never depend on the shipped content."""

from __future__ import annotations

from pathlib import Path

VALID = """\
slug: demo-basic
version: 1.0.0
kind: self_check
domain: general
target: both
title: {ko: 데모 점검표, en: Demo checklist}
description: {ko: 시험용 점검표이다., en: A checklist for tests.}
sources: [Test source]
sections:
  - code: DEM-A
    title: {ko: 첫 부분, en: First part}
    weight: 2
    items:
      - code: DEM-A-01
        text: {ko: "개인정보를 처리하는가?", en: "Does it process personal data?"}
        answer_type: yes_no
        crosswalk:
          - {framework: eu_ai_act, ref: "Art. 10"}
      - code: DEM-A-02
        text: {ko: "가명처리를 하는가?", en: "Is the data pseudonymised?"}
        recommendation: {ko: 가명처리를 도입한다., en: Introduce pseudonymisation.}
        answer_type: maturity
        critical: true
        show_if: {item: DEM-A-01, in: [yes]}
  - code: DEM-B
    title: {ko: 둘째 부분, en: Second part}
    items:
      - code: DEM-B-01
        text: {ko: "어떤 방식을 쓰는가?", en: "Which method is used?"}
        answer_type: single_choice
        options:
          - {key: manual, label: {ko: 수동, en: Manual}, score: 0.5}
          - {key: auto, label: {ko: 자동, en: Automatic}, score: 1}
"""


def write(root: Path, text: str, *, slug: str = "demo-basic", version: str = "1.0.0") -> Path:
    path = root / slug / f"{version}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
