"""Print N random checklist items in Korean and English, for a native-quality read.

.venv/bin/python scripts/sample_items.py [N] [SEED]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checklists.loader import content_files, load_file  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
    documents = map(load_file, content_files())
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
