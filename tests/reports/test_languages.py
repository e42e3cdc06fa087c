"""A report speaks one language: its fixed texts come from the one gettext catalogue under the
report's language (read back from the PDF), and the ethics radar and the self-vs-verified chart
are in it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation

from checklists.schema import Kind
from reports.context import build_report_context
from reports.render import report_html
from reports.selectors import data_sha256
from tests.reports.samples import build_data, content_document, documents_by_label, fixture_document
from tests.reports.test_render import URL, rendered, text

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
SOURCES = [
    *sorted((ROOT / "templates" / "reports").glob("_*.html")),
    ROOT / "reports" / "context.py",
    ROOT / "reports" / "answers.py",
    ROOT / "reports" / "formatting.py",
    ROOT / "reports" / "render.py",
    ROOT / "assessments" / "texts.py",
]
MARKED = re.compile(r'(?:\{% translate|\b_)\(?\s*"((?:[^"\\]|\\.)+)"')


def report_texts() -> set[str]:
    """The fixed texts the report marks for translation (one-line ones: enough to catch a
    language mix-up), without placeholders."""
    found: set[str] = set()
    for path in SOURCES:
        found |= {m for m in MARKED.findall(path.read_text()) if "{" not in m and "%" not in m}
    return found


def test_the_report_marks_its_texts_for_the_catalogue() -> None:
    texts = report_texts()
    assert len(texts) > 80
    assert {"Executive summary", "Findings by requirement", "Appendix: all answers"} <= texts


def test_an_english_report_has_no_korean() -> None:
    # The fixture's content, names and comments are English in English: every Hangul letter
    # would be a Korean UI label leaking in.
    content = text("en")
    assert "Executive summary" in content
    assert HANGUL.findall(content) == []


def user_texts(value: object) -> set[str]:
    """Every string of the report's data (names, comments, opinions: not UI labels), by line."""
    if isinstance(value, str):
        return {line.strip() for line in value.splitlines() if len(line.strip()) > 2}
    if isinstance(value, dict):
        return {t for item in value.values() for t in user_texts(item)}
    if isinstance(value, list | tuple):
        return {t for item in value for t in user_texts(item)}
    return set()


def test_a_korean_report_has_no_english_ui_label() -> None:
    content = text("ko")
    for given in sorted(user_texts(rendered("ko")[1]), key=len, reverse=True):
        content = content.replace(given, " ")
    assert "요약" in content and "부록: 전체 응답" in content
    with translation.override("ko"):
        english = {
            t for t in report_texts() if translation.gettext(t) != t and re.search("[A-Za-z]{3}", t)
        }
    assert len(english) > 60
    leaked = sorted(
        t for t in english if re.search(rf"(?<![A-Za-z]){re.escape(t)}(?![a-z])", content)
    )
    assert leaked == []


def ethics_report(language: str) -> tuple[object, str]:
    documents = [fixture_document("t-screening"), content_document("general-ethics")]
    ethics = documents[1]
    answers = {
        "general-ethics": {
            item.code: "yes" if index % 3 else "no"
            for index, (_section, item) in enumerate(ethics.items())
            if item.answer_type.value == "yes_no"
        }
    }
    first = ethics.sections[0].items[0].code
    data = build_data(
        documents=documents,
        answers=answers,
        verdicts={"general-ethics": {first: ("not_confirmed", "No record.")}},
        language=language,
    )
    context = build_report_context(
        data=data,
        documents=documents_by_label(documents),
        evaluation_document=None,
        verify_url=URL,
        data_sha256=data_sha256(data),
    )
    return context, report_html(context)


@pytest.mark.parametrize(
    ("language", "first"), [("en", "R1 Safeguarding Human Rights"), ("ko", "R1 인권 보장")]
)
def test_the_report_draws_the_ten_ethics_requirements(language: str, first: str) -> None:
    context, html = ethics_report(language)
    chart = context.summary.ethics  # type: ignore[attr-defined]
    assert chart is not None
    assert [b.label.split()[0] for b in chart.bars] == [f"R{n}" for n in range(1, 11)]
    assert chart.bars[0].label == first
    assert chart.bars[0].verified is not None  # a verdict was given: the verified polygon too
    match = re.search(r'<div class="chart chart-radar">(<svg.*?</svg>)', html, re.S)
    assert match is not None
    svg = ET.fromstring(match.group(1).replace("\u2060", ""))
    ns = "{http://www.w3.org/2000/svg}"
    shown = ["".join(t.itertext()) for t in svg.iter(f"{ns}text")]
    assert any(s.startswith("R1") for s in shown) and any(s.startswith("R10") for s in shown)
    assert svg.get("role") == "img" and svg.find(f"{ns}title") is not None


def test_no_ethics_checklist_no_radar() -> None:
    documents = [fixture_document("t-screening"), fixture_document("t-general")]
    assert all(d.kind in (Kind.SCREENING, Kind.SELF_CHECK) for d in documents)
    data = build_data(documents=documents, answers={"t-general": {"T-A-01": "yes"}})
    context = build_report_context(
        data=data,
        documents=documents_by_label(documents),
        evaluation_document=None,
        verify_url=URL,
        data_sha256=data_sha256(data),
    )
    assert context.summary.ethics is None
    assert 'class="chart chart-radar"' not in report_html(context)
