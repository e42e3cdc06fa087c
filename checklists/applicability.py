"""Which checklists apply to an AI system: rules kept as data in ``content/applicability.yaml``.

The rules read *facts*: the system's profile (``system.domain``, ``system.role``,
``system.generative``), the screening's result (``screening.high_impact``, ``screening.areas``)
and the screening's answers by item code. Pure: no database; the assessments app gathers facts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import yaml
from pydantic import Field, ValidationError, model_validator

from checklists.loader import CONTENT_DIR, ContentError, Problem, _line_for, parse_yaml
from checklists.schema import SEMVER, Code, NonEmpty, Slug, Strict, Text

RULES_PATH = CONTENT_DIR / "applicability.yaml"

Fact = Literal[
    "system.domain", "system.role", "system.generative", "screening.high_impact", "screening.areas"
]
FactValue = str | bool | Sequence[str] | None


class When(Strict):
    """A condition: ``always``, a fact test, an answer test, or ``all`` / ``any`` of conditions."""

    always: Literal[True] | None = None
    fact: Fact | None = None
    in_: tuple[NonEmpty, ...] | None = Field(default=None, alias="in", min_length=1)
    is_: bool | None = Field(default=None, alias="is")
    answer: Code | None = None
    all: tuple[When, ...] | None = Field(default=None, min_length=1)
    any: tuple[When, ...] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        forms = {
            "always": self.always is not None,
            "fact": self.fact is not None,
            "answer": self.answer is not None,
            "all": self.all is not None,
            "any": self.any is not None,
        }
        if sum(forms.values()) != 1:
            raise ValueError("a condition is one of: always, {fact, in|is}, {answer, in}, all, any")
        if self.fact is not None and (self.in_ is None) == (self.is_ is None):
            raise ValueError("a fact condition needs exactly one of 'in' or 'is'")
        if self.answer is not None and (self.in_ is None or self.is_ is not None):
            raise ValueError("an answer condition needs 'in'")
        return self

    def holds(self, facts: Mapping[str, FactValue], answers: Mapping[str, Any]) -> bool:
        if self.always:
            return True
        if self.all is not None:
            return all(child.holds(facts, answers) for child in self.all)
        if self.any is not None:
            return any(child.holds(facts, answers) for child in self.any)
        if self.answer is not None:
            assert self.in_ is not None
            return _matches(answers.get(self.answer), self.in_)
        assert self.fact is not None
        value = facts.get(self.fact)
        if self.is_ is not None:
            return value is self.is_
        assert self.in_ is not None
        return _matches(value, self.in_)

    def answer_codes(self) -> Iterator[str]:
        if self.answer is not None:
            yield self.answer
        for child in (*(self.all or ()), *(self.any or ())):
            yield from child.answer_codes()


def _matches(value: Any, allowed: tuple[str, ...]) -> bool:
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str | int | float):
        return str(value) in allowed
    return any(str(entry) in allowed for entry in value)


class Rule(Strict):
    checklist: Slug
    when: When
    reason: Text


class Rules(Strict):
    version: str
    screening: Slug
    significance_item: Code
    rules: Annotated[tuple[Rule, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _rules(self) -> Self:
        if not SEMVER.match(self.version):
            raise ValueError(f"{self.version!r} is not a semantic version")
        slugs = [rule.checklist for rule in self.rules]
        repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if repeated:
            raise ValueError(f"one rule per checklist; repeated: {repeated}")
        return self


@dataclass(frozen=True, slots=True)
class Applicable:
    slug: str
    reason: Text


def applicable(
    rules: Rules, *, facts: Mapping[str, FactValue], answers: Mapping[str, Any]
) -> tuple[Applicable, ...]:
    """The checklists that apply, screening first, then in the order of the rules file."""
    chosen = [
        Applicable(rule.checklist, rule.reason)
        for rule in rules.rules
        if rule.when.holds(facts, answers)
    ]
    screening = Applicable(
        rules.screening,
        Text(
            ko="모든 평가는 고영향 여부 판단으로 시작한다.",
            en="Every assessment starts with the screening.",
        ),
    )
    return (screening, *(entry for entry in chosen if entry.slug != rules.screening))


def parse_rules(text: str, *, path: Path | str = RULES_PATH) -> Rules:
    """Validate the rules file; errors name the line and the path inside it."""
    try:
        data, lines = parse_yaml(text)
    except yaml.YAMLError as exc:
        raise ContentError(path, [Problem("", None, f"not valid YAML: {exc}")]) from None
    try:
        return Rules.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(
                ".".join(str(part) for part in error["loc"]),
                _line_for(tuple(error["loc"]), lines),
                error["msg"].removeprefix("Value error, "),
            )
            for error in exc.errors()
        ]
        raise ContentError(path, problems) from None


def shipped_rules() -> Rules:
    """The rules in force: ``settings.APPLICABILITY_RULES`` (tests point it at their own file)."""
    from django.conf import settings

    return _rules_at(Path(getattr(settings, "APPLICABILITY_RULES", RULES_PATH)))


@lru_cache(maxsize=8)
def _rules_at(path: Path) -> Rules:
    return parse_rules(path.read_text(encoding="utf-8"), path=path)
