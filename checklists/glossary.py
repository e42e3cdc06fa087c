"""The content glossary: the Act's statutory terms, the words to avoid and the role-wording rule.

``checklists/content/glossary.yaml`` is the single place where the Korean wording of the AI Basic
Act is fixed for all checklists; the content tests read it through :func:`load_glossary` so that a
rule added to the file is enforced without touching the tests.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated

import yaml
from pydantic import Field, field_validator

from checklists.loader import CONTENT_DIR
from checklists.schema import NonEmpty, Strict, Text

GLOSSARY_PATH = CONTENT_DIR / "glossary.yaml"


class Term(Strict):
    """A statutory term in Korean with our English and the article that defines or uses it."""

    ko: NonEmpty
    en: NonEmpty
    article: NonEmpty | None = None
    note: Text | None = None


class Avoided(Strict):
    """A word our Korean content never uses, and the word to write instead."""

    word: NonEmpty
    use: NonEmpty
    reason: NonEmpty


class Calque(Strict):
    """A translated-sounding construction, as a regular expression, and the wording to prefer."""

    pattern: NonEmpty
    use: NonEmpty

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class Glossary(Strict):
    version: NonEmpty
    terms: Annotated[tuple[Term, ...], Field(min_length=1)]
    avoid: tuple[Avoided, ...] = ()
    one_role_one_word: tuple[tuple[NonEmpty, NonEmpty], ...] = ()
    calques: tuple[Calque, ...] = ()

    def avoided_in(self, text: str) -> list[Avoided]:
        """The avoided words that occur in ``text``."""
        return [entry for entry in self.avoid if entry.word in text]


@cache
def load_glossary() -> Glossary:
    """The shipped glossary, validated."""
    data = yaml.safe_load(GLOSSARY_PATH.read_text(encoding="utf-8"))
    return Glossary.model_validate(data)
