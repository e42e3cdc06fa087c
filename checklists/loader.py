"""Read checklist YAML files into validated documents, with errors that say file, line and item.

Pure: no database. ``load_file`` returns a ``ChecklistDocument`` or raises ``ContentError`` whose
message reads like ``general-ethics/1.0.0.yaml:42: sections[GEN-PRI].items[GEN-PRI-01].text.en:
Field required``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from checklists.schema import ChecklistDocument, DocumentError, Item, semver_key

CONTENT_DIR = Path(__file__).resolve().parent / "content"

Loc = tuple[str | int, ...]


class ContentError(Exception):
    """A content file is not a valid checklist; ``str()`` names file, line and path."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = Path(path)
        self.problems = problems
        super().__init__("\n".join(problem.render(self.path) for problem in problems))


@dataclass(frozen=True, slots=True)
class Problem:
    where: str
    line: int | None
    message: str

    def render(self, path: Path) -> str:
        place = f"{_display(path)}:{self.line}" if self.line else _display(path)
        return (
            f"{place}: {self.where}: {self.message}" if self.where else f"{place}: {self.message}"
        )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (``yes``/``no`` stay strings) and line numbers."""

    lines: dict[Loc, int]


# Remove the YAML 1.1 boolean resolver (yes/no/on/off) and put back true/false only: an answer
# value "yes" in a show_if must stay the string "yes".
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct(loader: _Loader, node: yaml.Node, loc: Loc) -> Any:
    loader.lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float):
                raise _YamlProblem(
                    f"a key must be a plain value, not {type(key).__name__}", key_node
                )
            key = str(key)
            if key in result:
                raise _YamlProblem(f"key {key!r} appears twice in one mapping", key_node)
            child = (*loc, key)
            loader.lines[child] = key_node.start_mark.line + 1
            result[key] = _construct(loader, value_node, child)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, child, (*loc, index)) for index, child in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


class _YamlProblem(Exception):
    def __init__(self, message: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.line = node.start_mark.line + 1


def parse_yaml(text: str) -> tuple[Any, dict[Loc, int]]:
    """Parse one YAML document; return the data and the line of every mapping key and list entry."""
    loader = _Loader(text)
    loader.lines = {}
    try:
        node = loader.get_single_node()
        data = None if node is None else _construct(loader, node, ())
    finally:
        loader.dispose()
    return data, loader.lines


def canonical_json(document: ChecklistDocument) -> str:
    """The stored form of a document: sorted keys, no whitespace; its hash is its identity."""
    data = document.model_dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def document_sha256(document: ChecklistDocument) -> str:
    return hashlib.sha256(canonical_json(document).encode()).hexdigest()


def load_text(text: str, *, path: Path | str = "<string>") -> ChecklistDocument:
    try:
        data, lines = parse_yaml(text)
    except _YamlProblem as exc:
        raise ContentError(path, [Problem("", exc.line, str(exc))]) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ContentError(path, [Problem("", line, f"not valid YAML: {exc.problem}")]) from None
    if not isinstance(data, dict):
        raise ContentError(
            path, [Problem("", 1, "a checklist file is a mapping of keys to values")]
        )
    try:
        return ChecklistDocument.model_validate(data)
    except ValidationError as exc:
        raise ContentError(path, list(_problems(exc, data, lines))) from None


def load_file(path: Path) -> ChecklistDocument:
    """Validate one content file, including that its place matches ``<slug>/<version>.yaml``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, [Problem("", None, f"cannot read the file: {exc}")]) from None
    document = load_text(text, path=path)
    expected = (document.slug, f"{document.version}.yaml")
    if (path.parent.name, path.name) != expected:
        raise ContentError(
            path,
            [
                Problem(
                    "",
                    1,
                    f"the file must live at {expected[0]}/{expected[1]} "
                    "to match its slug and version",
                )
            ],
        )
    return document


def content_files(root: Path = CONTENT_DIR) -> list[Path]:
    """Every checklist file below ``root``, in a stable order."""
    return sorted(path for path in root.glob("*/*.yaml") if path.is_file())


def _problems(
    exc: ValidationError, data: dict[str, Any], lines: dict[Loc, int]
) -> Iterator[Problem]:
    errors = exc.errors()
    for error in errors:
        loc: Loc = tuple(error["loc"])
        if error["type"] == "too_short" and any(
            len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc
            for other in errors
        ):
            continue  # a list "too short" only because its broken entries were reported already
        message = error["msg"]
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, DocumentError):
            message = cause.message
            named = cause.where
            yield Problem(_render_named(named), _line_for_named(named, data, lines), message)
            continue
        message = message.removeprefix("Value error, ")
        # Pydantic adds the tagged-union / enum member to the location for some errors; keep the
        # part that exists in the data.
        yield Problem(_render(loc, data), _line_for(loc, lines), message)


def _line_for(loc: Loc, lines: dict[Loc, int]) -> int | None:
    for end in range(len(loc), -1, -1):
        line = lines.get(loc[:end])
        if line is not None:
            return line
    return None


def _render(loc: Loc, data: Any) -> str:
    """``('sections', 0, 'items', 2, 'text')`` → ``sections[GEN-PRI].items[GEN-PRI-03].text``."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            entry = node[key] if isinstance(node, list) and key < len(node) else None
            code = (entry.get("code") or entry.get("key")) if isinstance(entry, dict) else None
            parts[-1:] = [f"{parts[-1] if parts else ''}[{code if code else key}]"]
            node = node[key] if isinstance(node, list) and key < len(node) else None
        else:
            parts.append(key)
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts)


def _resolve_named(named: tuple[str, ...], data: dict[str, Any]) -> Loc:
    """Turn ``('sections', 'GEN-PRI', 'items', 'GEN-PRI-01')`` into list indices (last match)."""
    loc: list[str | int] = []
    node: Any = data
    iterator = iter(named)
    for key in iterator:
        loc.append(key)
        node = node.get(key) if isinstance(node, dict) else None
        if key in ("sections", "items") and isinstance(node, list):
            code = next(iterator, None)
            if code is None:
                break
            matches = [
                i for i, e in enumerate(node) if isinstance(e, dict) and e.get("code") == code
            ]
            if not matches:
                break
            loc.append(matches[-1])
            node = node[matches[-1]]
    return tuple(loc)


def _line_for_named(
    named: tuple[str, ...], data: dict[str, Any], lines: dict[Loc, int]
) -> int | None:
    return _line_for(_resolve_named(named, data), lines)


def _render_named(named: tuple[str, ...]) -> str:
    parts: list[str] = []
    iterator = iter(named)
    for key in iterator:
        if key in ("sections", "items"):
            code = next(iterator, None)
            parts.append(f"{key}[{code}]" if code else key)
        else:
            parts.append(key)
    return ".".join(parts)


def line_of(path: Path, named: tuple[str, ...]) -> int | None:
    """The line of a named place (``('sections', S, 'items', I, 'same_as')``) in a content file,
    for errors found after loading (the cross-document checks); None when it cannot be read."""
    try:
        data, lines = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, _YamlProblem):
        return None
    return _line_for_named(named, data, lines) if isinstance(data, dict) else None


def same_as_problems(
    loading: Sequence[tuple[Path, ChecklistDocument]],
    stored: Iterable[ChecklistDocument] = (),
) -> list[ContentError]:
    """Check every ``same_as`` of the documents being loaded against the whole set.

    The target checklist must exist (being loaded or already ``stored``); its newest version must
    have the target item, with the same answer type and option keys; that item must not itself
    be ``same_as`` (one hop always ends at the owner, so there are no chains and no cycles).
    """
    newest: dict[str, ChecklistDocument] = {}
    for document in [*stored, *(document for _path, document in loading)]:
        current = newest.get(document.slug)
        if current is None or semver_key(document.version) > semver_key(current.version):
            newest[document.slug] = document
    errors: list[ContentError] = []
    for path, document in loading:
        problems: list[Problem] = []
        for section, item in document.items():
            if item.same_as is None:
                continue
            message = _same_as_message(document, item, newest)
            if message is not None:
                named = ("sections", section.code, "items", item.code, "same_as")
                problems.append(Problem(_render_named(named), line_of(path, named), message))
        if problems:
            errors.append(ContentError(path, problems))
    return errors


def _same_as_message(
    document: ChecklistDocument, item: Item, newest: Mapping[str, ChecklistDocument]
) -> str | None:
    assert item.same_as is not None
    slug, code = item.same_as.checklist, item.same_as.item
    owner_document = newest.get(slug)
    if owner_document is None:
        return f"checklist {slug} does not exist (neither loaded nor stored)"
    owner = next((found for _s, found in owner_document.items() if found.code == code), None)
    label = f"{slug} {owner_document.version}"
    if owner is None:
        return f"{label} (its newest version) has no item {code}"
    if owner.same_as is not None:
        target = owner.same_as
        if (target.checklist, target.item) == (document.slug, item.code):
            return (
                f"same_as cycle: {document.slug} {item.code} → {slug} {code} → "
                f"{document.slug} {item.code}"
            )
        return (
            f"{slug} {code} is itself same_as {target.checklist} {target.item}; "
            "refer to the owner directly"
        )
    if owner.answer_type != item.answer_type:
        return (
            f"{slug} {code} is {owner.answer_type.value}, this item is {item.answer_type.value}; "
            "a same_as item has the owner's answer type"
        )
    mine, theirs = [o.key for o in item.options], [o.key for o in owner.options]
    if mine != theirs:
        return f"the option keys {mine} differ from {slug} {code}'s {theirs}"
    return None


def main(argv: list[str] | None = None) -> int:
    """``python -m checklists.loader [FILE ...]``: validate files (default: all content), no DB."""
    import sys

    paths = [Path(arg) for arg in (argv if argv is not None else sys.argv[1:])] or content_files()
    failed = 0
    for path in paths:
        try:
            document = load_file(path)
        except ContentError as exc:
            failed += 1
            print(exc, file=sys.stderr)
        else:
            print(
                f"{_display(path)}: ok, {len(document.sections)} sections, "
                f"{document.item_count} items"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
