"""A fixture checklist of many independent answers, for write traffic: ``t-bulk``, 20 numbers.

A number item takes any number, so every write can carry a value of its own and the final state
can be traced back to the write that made it. The rules are the assessments fixture rules plus
"t-bulk always applies".
"""

from __future__ import annotations

from pathlib import Path

ASSESSMENT_CONTENT = Path(__file__).resolve().parent.parent / "assessments" / "content"
SLUG = "t-bulk"
ITEMS = [f"T-X-{n:02d}" for n in range(1, 21)]


def write_bulk_content(root: Path) -> Path:
    """Write ``t-bulk`` below ``root`` and the rules next to it; the rules file's path."""
    items = "".join(
        f"      - code: {code}\n"
        f'        text: {{ko: "값 {code}?", en: "Value {code}?"}}\n'
        "        answer_type: number\n"
        "        required: false\n"
        for code in ITEMS
    )
    folder = root / SLUG
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "1.0.0.yaml").write_text(
        f"slug: {SLUG}\n"
        "version: 1.0.0\n"
        "kind: self_check\n"
        "domain: general\n"
        "target: both\n"
        "title: {ko: 시험 대량 점검표, en: Test bulk checklist}\n"
        "description: {ko: 시험용이다., en: For tests.}\n"
        "sources: [Tests]\n"
        "sections:\n"
        "  - code: T-X\n"
        "    title: {ko: 대량, en: Bulk}\n"
        "    items:\n" + items,
        encoding="utf-8",
    )
    rules = root.parent / f"{root.name}-rules.yaml"
    rules.write_text(
        (ASSESSMENT_CONTENT / "rules.yaml").read_text(encoding="utf-8") + f"  - checklist: {SLUG}\n"
        "    when: {always: true}\n"
        "    reason: {ko: 항상 적용된다., en: Always applies.}\n",
        encoding="utf-8",
    )
    return rules
