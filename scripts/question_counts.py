"""How many questions each reference system must answer, with the 1.0 content and the newest.

.venv/bin/python scripts/question_counts.py [--markdown]

A question counts when a user must answer it: a required item that is visible given the answers
known when the checklists are attached (the system's screening answers; in other checklists the
pre-filled ones, so follow-ups hidden by ``show_if`` until answered are not counted), not a
``same_as`` reference whose owner checklist is part of the assessment, and not a weight-0 item
the screening or the profile already pre-fills. Checklists the rules name but the content does
not have yet are listed as missing (re-run after every content merge).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments.profile import PROFILE_ANSWERS  # noqa: E402
from assessments.scoring import screen  # noqa: E402
from assessments.scoring.values import visible_items  # noqa: E402
from checklists.applicability import (  # noqa: E402
    RULES_PATH,
    RuleBook,
    Rules,
    applicable,
    parse_rules,
)
from checklists.loader import content_files, load_file  # noqa: E402
from checklists.reference_systems import (  # noqa: E402
    REFERENCE_SYSTEMS,
    ReferenceSystem,
    screening_answers,
)
from checklists.schema import ChecklistDocument, semver_key  # noqa: E402

Pick = Callable[[str], ChecklistDocument | None]


def _pickers() -> dict[str, Pick]:
    by_slug: dict[str, list[ChecklistDocument]] = defaultdict(list)
    for path in content_files():
        document = load_file(path)
        by_slug[document.slug].append(document)
    for documents in by_slug.values():
        documents.sort(key=lambda d: semver_key(d.version))

    def first_major(slug: str) -> ChecklistDocument | None:
        ones = [d for d in by_slug.get(slug, []) if d.version.startswith("1.")]
        return ones[-1] if ones else None

    def newest(slug: str) -> ChecklistDocument | None:
        return by_slug[slug][-1] if by_slug.get(slug) else None

    return {"1.0": first_major, "newest": newest}


def _prefilled(
    rules: Rules, system: ReferenceSystem, answers: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """checklist slug -> item code -> the answer pre-filling writes for this system."""
    found: dict[str, dict[str, Any]] = defaultdict(dict)
    for entry in rules.prefill:
        if entry.from_.answer is not None:
            value = answers.get(entry.from_.answer)
        else:
            value = "yes" if system.generative else "no"
        if value is not None:
            found[entry.to.checklist][entry.to.item] = value
    return found


def count(
    system: ReferenceSystem, pick: Pick, rulebook: RuleBook
) -> tuple[int, dict[str, int], list[str]]:
    """(total, questions per checklist, checklists named by the rules but missing)."""
    newest_screening = pick(rulebook.newest.screening) or pick(rulebook.rulesets[0].screening)
    assert newest_screening is not None
    rules = rulebook.for_screening(newest_screening.version)
    answers = screening_answers(system, newest_screening)
    result = screen(newest_screening, answers, significance_item=rules.significance_item)
    chosen = applicable(
        rules,
        facts=system.facts(high_impact=result.high_impact, areas=result.areas),
        answers=answers,
    )
    documents = [(entry.slug, pick(entry.slug)) for entry in chosen]
    present = {slug for slug, document in documents if document is not None}
    prefilled = _prefilled(rules, system, answers)
    per: dict[str, int] = {}
    for slug, document in documents:
        if document is None:
            continue
        is_screening = slug == rules.screening
        known = answers if is_screening else prefilled.get(slug, {})
        # The profile answers these screening questions (assessments.profile).
        given = set(PROFILE_ANSWERS) if is_screening else set(prefilled.get(slug, {}))
        visible = visible_items(document, known)
        per[slug] = sum(
            1
            for _section, item in document.items()
            if item.code in visible
            and item.required
            and not (item.same_as is not None and item.same_as.checklist in present)
            and not (item.weight == 0 and item.code in given)
        )
    missing = [slug for slug, document in documents if document is None]
    return sum(per.values()), per, missing


def main() -> None:
    markdown = "--markdown" in sys.argv
    book = parse_rules(RULES_PATH.read_text(encoding="utf-8"), path=RULES_PATH)
    pickers = _pickers()
    rows = []
    for system in REFERENCE_SYSTEMS:
        old, _per_old, _ = count(system, pickers["1.0"], book)
        new, per_new, missing = count(system, pickers["newest"], book)
        rows.append((system, old, new, per_new, missing))
    if markdown:
        print("| system | questions, 1.0 content | questions, newest content | missing content |")
        print("|---|---:|---:|---|")
        for system, old, new, _per, missing in rows:
            print(f"| {system.name} | {old} | {new} | {', '.join(missing) or '—'} |")
        return
    for system, old, new, per, missing in rows:
        print(f"{system.key}: 1.0 {old}, newest {new}  ({system.name})")
        print("    " + ", ".join(f"{slug} {n}" for slug, n in per.items()))
        if missing:
            print(f"    not published yet: {', '.join(missing)}")


if __name__ == "__main__":
    main()
