"""Korean line breaking for the PDF reports: break between words (어절), never inside one.

Korean is set with spaces between words, and a Korean typesetter breaks lines at those spaces
(CSS ``word-break: keep-all``). Unicode's default line breaking, which Pango and so WeasyPrint
follow, allows a break between any two Hangul syllables, so "평가 보고서" can end a line with
"보" and start the next with "고서". WeasyPrint (70.0 here) accepts only ``word-break: normal`` and
``break-all``, so :func:`keep_korean_words` joins the characters of each Korean word of the body
text with U+2060 WORD JOINER, which forbids a break and has no glyph: lines then break only at
the spaces between words, and after the punctuation a Korean typesetter breaks at inside a word
(``·``, ``/``, ``-``, ``~``: "출처·수집경로"). Pango draws no glyph for the joiner and WeasyPrint
maps none to it, so the PDF's text reads, copies and searches without it (the tests check).

A span per word with ``white-space: nowrap`` does the same, and was tried first: it made
WeasyPrint's layout 2.3 times slower (an inline box per word); the joiners cost about 5 %.

Words without Hangul (URLs, hashes, item codes, English) are left alone and keep breaking as they
did, inside their box when they are longer than it (``overflow-wrap: break-word`` in the CSS); so
is a "word" of Hangul longer than ``LONGEST_WORD`` characters, which no narrow cell could hold.

The input is the HTML our templates produced, where every user text is already escaped: the
function only looks at text between tags in the body, outside ``<svg>`` (charts set their own
text) and ``<style>``/``<script>``, and never inside a character reference (``&amp;``).
"""

from __future__ import annotations

import re

LONGEST_WORD = 24
"""Longer words are left breakable: no narrow table cell could hold them on one line."""

# Markup that is passed through untouched: a tag, or an element whose text is not body text.
_SKIP = re.compile(r"<(svg|style|script|head)\b.*?</\1\s*>|<[^>]*>", re.DOTALL | re.IGNORECASE)
JOINER = "\u2060"
_H = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"  # Hangul
_HANGUL = re.compile(f"[{_H}]")
_WORD = re.compile(r"\S+")
# Between two characters of a word where one is Hangul, unless the first is a middle dot, slash,
# hyphen, dash or tilde (a Korean typesetter breaks after those), and not where Unicode never
# breaks anyway (before closing punctuation, after opening punctuation or a quote): fewer
# joiners, less layout work.
# A character reference such as "&lt;" has no Hangul inside, so it is never split.
_CLOSING = re.escape(",.!?:;)]}%'\"\u2019\u201d\u300d\u300f\u2026")
_OPENING_OR_BREAK = re.escape("\u00b7/-\u2013\u2014~([{'\"\u2018\u201c\u300c\u300e")
_JOINS = re.compile(f"(?<=[{_H}])(?=[^\\s{_CLOSING}])|(?<=[^\\s{_OPENING_OR_BREAK}])(?=[{_H}])")


def _join(word: str) -> str:
    return _JOINS.sub(JOINER, word)


def _words(text: str) -> str:
    def join(match: re.Match[str]) -> str:
        word = match.group(0)
        if not _HANGUL.search(word) or len(word) > LONGEST_WORD:
            return word
        return _join(word)

    return _WORD.sub(join, text)


def keep_korean_words(html: str) -> str:
    """``html`` with every Korean word of its text kept on one line (see the module's doc)."""
    if not _HANGUL.search(html):
        return html
    out: list[str] = []
    position = 0
    for match in _SKIP.finditer(html):
        if match.start() > position:
            out.append(_words(html[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(_words(html[position:]))
    return "".join(out)
