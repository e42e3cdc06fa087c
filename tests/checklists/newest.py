"""The shipped checklists as the content-rule tests see them: the newest version of each slug.

Published 1.x files that a 2.0 replaces are immutable and exempt from the content 2.0 rules; the
rules apply to what a new assessment gets, the newest version. Each test is parametrized per
checklist so a failure names the checklist it is about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from checklists.loader import content_files, load_file
from checklists.schema import ChecklistDocument, Item, Section, semver_key

ALL: list[ChecklistDocument] = [load_file(path) for path in content_files()]
_BY_SLUG: dict[str, list[ChecklistDocument]] = defaultdict(list)
for _document in ALL:
    _BY_SLUG[_document.slug].append(_document)
NEWEST: dict[str, ChecklistDocument] = {
    slug: max(documents, key=lambda d: semver_key(d.version))
    for slug, documents in sorted(_BY_SLUG.items())
}
FIRST: dict[str, ChecklistDocument] = {
    slug: document
    for slug, documents in _BY_SLUG.items()
    for document in documents
    if document.version == "1.0.0"
}
SLUGS = list(NEWEST)


def korean_texts(document: ChecklistDocument) -> Iterator[tuple[str, str]]:
    """Every Korean text of a document with where it is (``CODE.field``)."""
    yield "title", document.title.ko
    yield "description", document.description.ko
    for section in document.sections:
        yield f"{section.code}.title", section.title.ko
        for name in ("description", "group"):
            value = getattr(section, name)
            if value is not None:
                yield f"{section.code}.{name}", value.ko
        for item in section.items:
            for name in ("text", "guidance", "recommendation"):
                value = getattr(item, name)
                if value is not None:
                    yield f"{item.code}.{name}", value.ko
            for option in item.options:
                yield f"{item.code}.options[{option.key}].label", option.label.ko
                if option.description is not None:
                    yield f"{item.code}.options[{option.key}].description", option.description.ko
            if item.measurement is not None:
                yield f"{item.code}.measurement.unit", item.measurement.unit.ko


def items(document: ChecklistDocument) -> Iterator[tuple[Section, Item]]:
    yield from document.items()


def find_item(slug: str, code: str) -> Item | None:
    """The item ``code`` in the newest version of checklist ``slug``, if both exist."""
    document = NEWEST.get(slug)
    if document is None:
        return None
    return next((item for _s, item in document.items() if item.code == code), None)
