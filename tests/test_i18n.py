"""Both message catalogues are complete: every string the templates and the code mark for
translation is in them, translated, and the catalogues compile."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    "config",
    "checklists",
    "assessments",
    "remediation",
    "reports",
    "notifications",
    "templates",
]
CALLS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def parse_po(path: Path) -> dict[str, list[str]]:
    """msgid → its msgstr forms; a small reader for the subset of PO that makemessages writes."""
    entries: dict[str, list[str]] = {}
    msgid: str | None = None
    strings: list[str] = []
    current: str | None = None
    fuzzy = False

    def flush() -> None:
        if msgid:
            entries[msgid] = ["FUZZY"] if fuzzy else strings

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            flush()
            msgid, strings, current = _unquote(line[6:]), [], "id"
        elif line.startswith("msgid_plural "):
            current = "plural"
        elif line.startswith("msgstr"):
            strings.append(_unquote(line.split(" ", 1)[1]))
            current = "str"
        elif line.startswith('"'):
            if current == "id":
                msgid = (msgid or "") + _unquote(line)
            elif current == "str":
                strings[-1] += _unquote(line)
        elif not line:
            flush()
            msgid, strings, current, fuzzy = None, [], None, False
    return entries


def marked_strings() -> set[str]:
    """Every msgid marked in templates ({% translate %}, {% blocktranslate %}) and Python code."""
    found: set[str] = set()
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if "migrations" in path.parts or not path.is_file():
                continue
            if path.suffix == ".html":
                code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
                for match in re.finditer(r"\bn?gettext\(\s*u?('(?:[^'\\]|\\.)*')", code):
                    found.add(ast.literal_eval(match.group(1)))
                # pgettext(context, message): the message is the second argument.
                for match in re.finditer(
                    r"\bpgettext\(\s*u?'(?:[^'\\]|\\.)*'\s*,\s*u?('(?:[^'\\]|\\.)*')", code
                ):
                    found.add(ast.literal_eval(match.group(1)))
            elif path.suffix == ".py":
                tree = ast.parse(path.read_text(encoding="utf-8"))
                for node in ast.walk(tree):
                    if (
                        isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Name)
                        and node.func.id in CALLS
                        and node.args
                        and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)
                    ):
                        # pgettext(context, message): the message is the second argument.
                        message = node.args[1] if node.func.id.startswith("p") else node.args[0]
                        if isinstance(message, ast.Constant) and isinstance(message.value, str):
                            found.add(message.value)
    return found


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_marked_string_is_translated(language: str) -> None:
    catalogue = parse_po(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    marked = marked_strings()
    assert len(marked) > 150
    missing = sorted(marked - set(catalogue))
    assert missing == [], (
        f"run `manage.py makemessages -l ko -l en --no-location` and translate: {missing[:10]}"
    )
    untranslated = sorted(
        msgid for msgid in marked if not all(catalogue[msgid]) or catalogue[msgid] == ["FUZZY"]
    )
    assert untranslated == []


def test_korean_is_really_korean() -> None:
    catalogue = parse_po(ROOT / "locale" / "ko" / "LC_MESSAGES" / "django.po")
    hangul = [
        msgid
        for msgid, forms in catalogue.items()
        if any("가" <= ch <= "힣" for ch in "".join(forms))
    ]
    assert len(hangul) >= 0.9 * len(catalogue)


def test_catalogues_compile(tmp_path: Path) -> None:
    for language in ("ko", "en"):
        result = subprocess.run(
            [
                "msgfmt",
                "--check",
                "-o",
                str(tmp_path / f"{language}.mo"),
                str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"),
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr


def test_the_extractor_finds_strings_it_should() -> None:
    # The test above can only fail if the extractor sees strings: check it on a known few.
    marked = marked_strings()
    assert {"Sign in", "Save this section", "Review queue"} <= marked
