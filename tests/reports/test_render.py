"""The PDF itself, read back with pypdf: text, fonts, pages, the embedded data, PDF/A metadata."""

from __future__ import annotations

import functools
import io
import json
import re
from typing import Any

import pytest
from pypdf import PdfReader

from reports.render import DATA_ATTACHMENT, render_pdf
from reports.sandbox import RenderOutput
from reports.selectors import canonical_json
from tests.reports.samples import VERIFY_URL as URL
from tests.reports.samples import fixture_evaluation_data, sample_context


@functools.cache
def rendered(language: str) -> tuple[RenderOutput, dict[str, Any]]:
    data, documents, criteria = fixture_evaluation_data(language=language)
    context = sample_context(data, documents, criteria)
    return render_pdf(context, data_json=canonical_json(data)), data


def reader(language: str) -> PdfReader:
    return PdfReader(io.BytesIO(rendered(language)[0].pdf))


def text(language: str) -> str:
    return "\n".join(page.extract_text() for page in reader(language).pages)


def fonts(pdf: PdfReader) -> set[str]:
    found: set[str] = set()
    for page in pdf.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            found.add(str(font.get_object()["/BaseFont"]))
    return found


@pytest.mark.parametrize("language", ["en", "ko"])
def test_names_scores_and_code_are_extractable(language: str) -> None:
    output, data = rendered(language)
    content = text(language)
    scores = data["scores"]
    for expected in (
        "Acme AI",
        "Résumé ranker",
        "TC-2026-7KQ4-M2XD",
        f"{scores['verified']['overall']:.1f}",
        f"{scores['overall']:.1f}",
    ):
        assert expected in content
    assert ("Insufficient" if language == "en" else "미흡") in content
    assert URL in content.replace("\n", "")


def test_hangul_is_embedded_in_nanum_gothic_and_extractable() -> None:
    content = text("ko")
    for phrase in (
        "인공지능 신뢰성 평가 보고서",
        "요약",
        "개선 과제",
        "부록: 전체 응답",
        "위험관리 계획이 있는가?",
        "조건부 적합",
    ):
        assert phrase in content, phrase
    names = fonts(reader("ko"))
    assert any("NanumGothic" in name for name in names), names
    # Subset fonts only (an ABCDEF+ prefix): the PDF stays small.
    assert all(re.match(r"^/[A-Z]{6}\+", name) for name in names), names


def test_english_report_also_uses_the_named_font() -> None:
    assert any("NanumGothic" in name for name in fonts(reader("en")))


@pytest.mark.parametrize("language", ["en", "ko"])
def test_page_count_and_page_numbers(language: str) -> None:
    output, _data = rendered(language)
    pdf = reader(language)
    assert output.pages == len(pdf.pages) == 9
    last = pdf.pages[-1].extract_text()
    assert ("Page 9 of 9" if language == "en" else "9 / 9쪽") in last
    assert "TC-2026-7KQ4-M2XD" in last  # the footer carries the code
    assert "Page 1 of" not in pdf.pages[0].extract_text()  # the cover has no footer


def test_running_headers_name_the_section() -> None:
    pages = [page.extract_text() for page in reader("en").pages]
    assert all("Trust Check" in page and "Résumé ranker" in page for page in pages[1:])


def test_embedded_json_is_the_data_byte_for_byte() -> None:
    _output, data = rendered("en")
    attachments = reader("en").attachments
    assert list(attachments) == [DATA_ATTACHMENT]
    (raw,) = attachments[DATA_ATTACHMENT]
    assert raw == canonical_json(data)
    assert json.loads(raw)["scores"]["overall"] == data["scores"]["overall"]


def test_pdf_a_3b_with_metadata_and_language() -> None:
    pdf = reader("ko")
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "ko"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "<xmp:CreateDate>2026-03-14T06:30:00+00:00</xmp:CreateDate>" in xmp
    assert "/OutputIntents" in catalog
    specs = [a.get_object() for a in catalog["/AF"]]
    assert {spec["/F"] for spec in specs} == {DATA_ATTACHMENT}
    assert {spec["/AFRelationship"] for spec in specs} == {"/Data"}
    info = pdf.metadata
    assert info is not None
    assert info.title == "인공지능 신뢰성 평가 보고서 — Résumé ranker"
    assert info.author == "Lab One"
    assert rendered("ko")[0].refused == ()  # nothing was fetched, nothing had to be refused


def test_every_page_but_the_cover_is_numbered() -> None:
    lines = [page.extract_text().strip().splitlines()[-1] for page in reader("en").pages]
    assert "Page" not in lines[0]
    assert lines[1:] == [f"Page {n} of 9" for n in range(2, 10)]


def test_the_outline_has_every_part() -> None:
    titles = [entry["/Title"] for entry in reader("en").outline if not isinstance(entry, list)]
    assert titles[:2] == ["AI Trustworthiness Evaluation Report", "Executive summary"]
    assert {
        "Gaps and recommendations",
        "Framework coverage",
        "Reliability evaluation",
        "Appendix: all answers",
    } <= set(titles)


def test_the_appendix_is_cut_at_section_boundaries() -> None:
    from reports.render import appendix_parts
    from reports.shapes import ChecklistItems, ItemRow, SectionItems

    def section(code: str, n: int) -> SectionItems:
        item = ItemRow(code, "q", "a", "", (), "met", "Met", False, "", "", "", "")
        return SectionItems(code, code, (item,) * n)

    first = ChecklistItems("One", "one@1.0.0", (section("A", 3), section("B", 3), section("C", 3)))
    second = ChecklistItems("Two", "two@1.0.0", (section("D", 2),))
    parts = appendix_parts([first, second], size=5)
    shape = [
        [(e.checklist.label, [s.code for s in e.sections], e.continued) for e in part]
        for part in parts
    ]
    assert shape == [
        [("one@1.0.0", ["A"], False)],
        [("one@1.0.0", ["B"], True)],
        [("one@1.0.0", ["C"], True), ("two@1.0.0", ["D"], False)],
    ]


def test_two_processes_render_the_same_report() -> None:
    from reports.isolation import render_isolated
    from reports.render import render_job

    data, documents, criteria = fixture_evaluation_data(language="en")
    context = sample_context(data, documents, criteria)
    job = render_job(context, data_json=canonical_json(data))
    one = render_isolated(job, timeout=60, memory_mb=2048, processes=1)
    two = render_isolated(job, timeout=60, memory_mb=2048, processes=2)
    texts = [
        [page.extract_text() for page in PdfReader(io.BytesIO(out.pdf)).pages] for out in (one, two)
    ]
    assert one.pages == two.pages == 9 and texts[0] == texts[1]


def test_a_render_over_its_memory_limit_fails_cleanly() -> None:
    from reports.errors import RenderError
    from reports.isolation import render_isolated
    from reports.sandbox import RenderJob

    huge = "<p>" + "x " * 200_000 + "</p>"
    with pytest.raises(RenderError):
        render_isolated(RenderJob(parts=(huge * 20,), stylesheets=()), timeout=60, memory_mb=64)
