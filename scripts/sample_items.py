"""Print N random checklist items in Korean and English, for a native-quality read.

.venv/bin/python scripts/sample_items.py [N] [SEED] [--new]

``--new`` samples only what the newest version of each checklist asks anew: items whose code no
older version has, or whose question reads differently from the older version's.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checklists.loader import content_files, load_file  # noqa: E402
from checklists.schema import ChecklistDocument, Item, semver_key  # noqa: E402


def new_items(documents: list[ChecklistDocument]) -> list[tuple[str, Item]]:
    """The items of each checklist's newest version that no older version asks the same way."""
    by_slug: dict[str, list[ChecklistDocument]] = {}
    for document in documents:
        by_slug.setdefault(document.slug, []).append(document)
    found: list[tuple[str, Item]] = []
    for slug, versions in sorted(by_slug.items()):
        *older, newest = sorted(versions, key=lambda d: semver_key(d.version))
        asked = {(item.code, item.text.ko) for doc in older for _s, item in doc.items()}
        found += [
            (slug, item) for _s, item in newest.items() if (item.code, item.text.ko) not in asked
        ]
    return found


def main() -> None:
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    count = int(args[0]) if args else 20
    seed = int(args[1]) if len(args) > 1 else 2026
    documents = [load_file(path) for path in content_files()]
    if "--new" in sys.argv:
        items = new_items(documents)
    else:
        items = [(doc.slug, item) for doc in documents for _s, item in doc.items()]
    for slug, item in random.Random(seed).sample(items, count):
        critical = ", critical" if item.critical else ""
        print(f"- {slug} {item.code} ({item.answer_type.value}{critical})")
        print(f"  ko: {item.text.ko}")
        print(f"  en: {item.text.en}")
        if item.recommendation:
            print(f"  권고/recommendation: {item.recommendation.ko} / {item.recommendation.en}")


if __name__ == "__main__":
    main()
