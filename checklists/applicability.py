"""Which checklists apply to an AI system: rules kept as data in ``content/applicability.yaml``.

The rules read *facts*: the system's profile (``system.domain`` — the first of its domains —,
``system.domains``, ``system.role``, ``system.generative``), the screening's result
(``screening.high_impact``, ``screening.areas``) and the screening's answers by item code. Pure: no
database; the assessments app gathers facts.

The file holds one rule set per major version of the screening (``rulesets:``). An assessment is
routed by the rule set of its own screening's major version, so publishing screening 2.0 with its
rules leaves every 1.x assessment on the 1.x rules, exactly as before. A file with a single rule
set at the top (``version:``, ``rules:``) is still read, as the one rule set for every screening.
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
    "system.domain",
    "system.domains",
    "system.role",
    "system.generative",
    "screening.high_impact",
    "screening.areas",
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


class Rationale(Strict):
    """ "Not significant" at a high impact level needs a reason: the screening's text item ``item``
    must be answered when the significance item is "no" and the impact level is ``from_level`` or
    higher (DESIGN.md §5); until then the assessment cannot be submitted."""

    item: Code
    from_level: Annotated[int, Field(ge=1, le=4)] = 3


class ItemRef(Strict):
    checklist: Slug
    item: Code


class PrefillSource(Strict):
    """Where a pre-filled answer comes from: a screening answer, or a yes/no profile fact."""

    answer: Code | None = None
    fact: Literal["system.generative"] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.answer is None) == (self.fact is None):
            raise ValueError("a pre-fill source is either {answer: CODE} or {fact: FACT}")
        return self


class Prefill(Strict):
    """``to`` (an item of another checklist) starts with the answer of ``from``: what the
    screening or the profile already decided is not asked again."""

    to: ItemRef
    from_: PrefillSource = Field(alias="from")


class Rules(Strict):
    version: str
    screening: Slug
    significance_item: Code
    rationale: Rationale | None = None
    rules: Annotated[tuple[Rule, ...], Field(min_length=1)]
    prefill: tuple[Prefill, ...] = ()

    @model_validator(mode="after")
    def _rules(self) -> Self:
        if not SEMVER.match(self.version):
            raise ValueError(f"{self.version!r} is not a semantic version")
        slugs = [rule.checklist for rule in self.rules]
        repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if repeated:
            raise ValueError(f"one rule per checklist; repeated: {repeated}")
        targets = [(entry.to.checklist, entry.to.item) for entry in self.prefill]
        twice = sorted({f"{c}/{i}" for c, i in targets if targets.count((c, i)) > 1})
        if twice:
            raise ValueError(f"one pre-fill per item; repeated: {twice}")
        if any(entry.to.checklist == self.screening for entry in self.prefill):
            raise ValueError("pre-fill targets other checklists, not the screening itself")
        return self

    @property
    def major(self) -> int:
        return int(self.version.split(".", 1)[0])


class RuleBook(Strict):
    """Every rule set of the file, oldest first; ``for_screening`` picks an assessment's."""

    rulesets: Annotated[tuple[Rules, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        majors = [rules.major for rules in self.rulesets]
        if majors != sorted(set(majors)):
            raise ValueError(
                f"one rule set per major version, oldest first; majors given: {majors}"
            )
        return self

    @property
    def newest(self) -> Rules:
        return self.rulesets[-1]

    def for_screening(self, version: str | None) -> Rules:
        """The rule set for an assessment whose screening is at ``version`` (None: not attached
        yet, so the newest): the newest rule set of that major version or below; a screening
        older than every rule set gets the oldest."""
        if version is None:
            return self.newest
        major = int(version.split(".", 1)[0])
        fitting = [rules for rules in self.rulesets if rules.major <= major]
        return fitting[-1] if fitting else self.rulesets[0]


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


def parse_rules(text: str, *, path: Path | str = RULES_PATH) -> RuleBook:
    """Validate the rules file; errors name the line and the path inside it."""
    try:
        data, lines = parse_yaml(text)
    except yaml.YAMLError as exc:
        raise ContentError(path, [Problem("", None, f"not valid YAML: {exc}")]) from None
    single = isinstance(data, dict) and "rulesets" not in data
    try:
        if single:
            return RuleBook(rulesets=(Rules.model_validate(data),))
        return RuleBook.model_validate(data)
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


def shipped_rulebook() -> RuleBook:
    """The rule sets in force: ``settings.APPLICABILITY_RULES`` (tests point it at their own
    file)."""
    from django.conf import settings

    return _rules_at(Path(getattr(settings, "APPLICABILITY_RULES", RULES_PATH)))


def shipped_rules(screening_version: str | None = None) -> Rules:
    """The rule set for a screening at ``screening_version`` (None: the newest rule set)."""
    return shipped_rulebook().for_screening(screening_version)


@lru_cache(maxsize=8)
def _rules_at(path: Path) -> RuleBook:
    return parse_rules(path.read_text(encoding="utf-8"), path=path)
