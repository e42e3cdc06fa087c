"""Korean on the web pages breaks between words (어절), as in the reports (static/css/app.css:
``word-break: keep-all``). A real Chromium lays out a public checklist page in Korean on a phone's
width; every line of every Korean paragraph must end at a space or punctuation, never between two
syllables; without ``keep-all`` the test fails (its computed ``word-break`` is checked too)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from tests.e2e.conftest import NewPage

pytestmark = pytest.mark.browser

SYLLABLES = re.compile("[가-힣]{2}")
# For each text node with Hangul under <main>: the character at the end of each visual line and
# the one that starts the next (from the rectangles of one-character ranges), and its element's
# computed word-break.
LINE_ENDS = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    if (!/[가-힣]/.test(text)) continue;
    let lastTop = null;
    for (let i = 0; i < text.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect || rect.width === 0) continue;  // a collapsed space
      if (lastTop !== null && rect.top > lastTop + 2) {
        found.push({before: text.slice(Math.max(0, i - 6), i), after: text.slice(i, i + 6),
                    wordBreak: getComputedStyle(node.parentElement).wordBreak});
      }
      lastTop = rect.top;
    }
  }
  return found;
}"""


def test_korean_lines_on_a_page_end_between_words(
    transactional_db: None, new_page: NewPage
) -> None:
    call_command("load_checklists", stdout=io.StringIO())  # the shipped content: long Korean
    page = new_page(lang="ko")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/checklists/general-ethics/")
    breaks = page.evaluate(LINE_ENDS)
    assert len(breaks) >= 3, breaks  # the page's Korean wraps at this width
    assert {b["wordBreak"] for b in breaks} == {"keep-all"}
    # Inside a word is between two syllables; a break at punctuation, e.g. before "(", is
    # allowed by keep-all as by a Korean typesetter.
    inside = [b for b in breaks if SYLLABLES.fullmatch(b["before"][-1:] + b["after"][:1])]
    assert not inside, f"lines that end inside a Korean word: {inside[:3]}"
