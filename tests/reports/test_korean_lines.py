"""Korean in the PDF breaks between words (어절), never inside one (reports/linebreak.py).

A report is rendered with long Korean paragraphs in the appendix's narrow answer column and in
the comment under a question; the PDF's text is read back with pypdf together with the position
of every piece, the pieces are put back into the lines they were drawn on, and every line must
hold whole words of the paragraph, in order. The text read back is the paragraph itself: the word
joiners that keep a word together are not in it, so copy and paste and search find the words.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from pypdf import PdfReader

from reports.linebreak import JOINER, keep_korean_words
from reports.render import render_pdf
from reports.selectors import canonical_json
from tests.reports.samples import GENERAL, SCREENING, fixture_evaluation_data, sample_context

PARAGRAPH = (
    "위험관리위원회가 정한 인공지능 시스템의 위험관리 계획은 이사회가 매년 검토하여 승인하며, "
    "그 결과와 개선 조치를 이용자에게 알기 쉬운 말로 공개한다. 학습데이터의 "
    "출처·수집경로·이용허락은 데이터관리대장에 기록하고, 편향성 점검은 성별·연령·지역별로 "
    "분기마다 실시하여 담당부서장이 확인한다."
)
WORDS = PARAGRAPH.split(" ")
ANSWER = PARAGRAPH  # 30 words: some fifteen lines in the narrow answer column
COMMENT = " ".join(reversed(WORDS))
BREAKS_AFTER = ("·", "/", "-", "~")


@functools.cache
def pdf() -> bytes:
    data, documents, criteria = fixture_evaluation_data(
        language="ko", answers=_answers(), comments={"t-general": {"T-A-02": COMMENT}}
    )
    context = sample_context(data, documents, criteria)
    return render_pdf(context, data_json=canonical_json(data)).pdf


def _answers() -> dict[str, Any]:
    return {
        "t-screening": SCREENING,
        "t-general": {**GENERAL, "T-B-03": ANSWER},
        "t-hiring": {"T-H-01": "yes"},
        "t-obligations": {"T-O-01": "no"},
    }


def _pieces() -> list[tuple[int, float, float, str]]:
    """(page, y, x, text) of every piece of text the PDF draws."""
    found: list[tuple[int, float, float, str]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf())).pages):

        def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any, page: int = number) -> None:
            if text.strip():
                # Position on the page: the text matrix, then the current transformation.
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((page, round(y, 1), x, text))

        page.extract_text(visitor_text=visit)
    return found


def _lines_of(paragraph: list[str]) -> list[str]:
    """The lines the paragraph was drawn on: from the piece that starts it, every piece at its
    left edge or to the right of it, line by line, until the paragraph's words are used up."""
    pieces = _pieces()
    first = next(p for p in pieces if p[3].lstrip().startswith(paragraph[0]))
    page, top, left = first[0], first[1], first[2]
    lines: dict[float, list[tuple[float, str]]] = {}
    for p, y, x, text in pieces:
        if p == page and y <= top + 0.5 and x >= left - 0.5:
            lines.setdefault(y, []).append((x, text))
    ordered = [
        " ".join("".join(t for _x, t in sorted(lines[y])).split())
        for y in sorted(lines, reverse=True)
    ]
    taken, count, wanted = [], 0, len("".join(paragraph))
    for line in ordered:
        if count >= wanted:
            break
        taken.append(line)
        count += len("".join(line.split()))
    return taken


def _check_whole_words(paragraph: list[str]) -> list[str]:
    lines = _lines_of(paragraph)
    assert len(lines) >= 5, lines  # the cell is narrow: the paragraph takes many lines
    source = " ".join(paragraph)
    # A line may end at a space, or after the punctuation a Korean typesetter breaks at inside
    # a word (the middle dot of "출처·수집경로"); never between two syllables of a word.
    read, broken = lines[0], []
    for before, after in zip(lines, lines[1:], strict=False):
        at_space = f"{before.split()[-1]} {after.split()[0]}"
        joined = f"{before.split()[-1]}{after.split()[0]}"
        if at_space in source:
            read += " " + after
        elif before.endswith(BREAKS_AFTER) and joined in source:
            read += after
        else:
            broken.append((before, after))
    assert not broken, f"lines ending inside a word: {broken[:3]}"
    assert read.startswith(source), (read, source)  # whole words, in order, nothing inserted
    return lines


def test_korean_in_a_narrow_answer_cell_breaks_only_between_words() -> None:
    _check_whole_words(ANSWER.split())


def test_the_text_reads_back_whole_for_copy_and_search() -> None:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf())).pages)
    flat = " ".join(text.split())
    assert COMMENT in flat  # the comment under a question, in its wider cell, reads back whole
    assert "\u2060" not in text and "\u200b" not in text


def test_only_korean_words_are_joined_and_markup_is_left_alone() -> None:
    j = JOINER
    html = (
        '<html><head><title>보고서 제목</title></head><body><p class="x">평가 보고서 '
        "TC-2026-7KQ4 https://example.org/a-very-long/path &lt;b&gt;굵게&lt;/b&gt; "
        "개인정보·위치정보 2026년</p><svg><text>차트 제목</text></svg></body></html>"
    )
    marked = keep_korean_words(html)
    assert "<title>보고서 제목</title>" in marked  # the head is left alone
    assert "<text>차트 제목</text>" in marked  # and so are the charts
    assert f'<p class="x">평{j}가 보{j}고{j}서 ' in marked
    assert " TC-2026-7KQ4 https://example.org/a-very-long/path " in marked
    assert f"&lt;b&gt;{j}굵{j}게{j}&lt;/b&gt;" in marked  # references stay whole and escaped
    assert f"개{j}인{j}정{j}보{j}·위{j}치{j}정{j}보" in marked  # a break stays allowed after ·
    assert f"2026{j}년" in marked
    assert marked.replace(j, "") == html  # nothing else changed
    assert keep_korean_words("<p>English only</p>") == "<p>English only</p>"
    long_word = "가" * 40
    assert keep_korean_words(f"<p>{long_word}</p>") == f"<p>{long_word}</p>"  # may still wrap
