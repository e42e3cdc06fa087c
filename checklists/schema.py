"""The checklist document model: the strict, typed shape of one checklist version.

Every YAML file under ``checklists/content/<slug>/<version>.yaml`` must validate against
``ChecklistDocument``. Models are frozen, reject unknown keys and check the rules that span a
whole document (unique codes, ``show_if`` pointing backwards, options fitting the answer type).
The JSON Schema exported to ``checklists/content/schema.json`` is derived from these classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from checklists.areas import AREAS

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", max_length=40)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=60)]
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
Weight = Annotated[float, Field(gt=0, le=100)]
# An item of weight 0 is asked (it can gate show_if and counts for completion) but never scored:
# scope questions such as "Is the operator established abroad?" have no better or worse answer.
ItemWeight = Annotated[float, Field(ge=0, le=100)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(Strict):
    """A human text in both languages; neither may be empty."""

    ko: NonEmpty
    en: NonEmpty

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.ko


class Kind(StrEnum):
    SELF_CHECK = "self_check"
    SCREENING = "screening"
    EVALUATION = "evaluation"


class Target(StrEnum):
    DEVELOPER = "developer"
    OPERATOR = "operator"
    BOTH = "both"


class Domain(StrEnum):
    GENERAL = "general"
    GENERATIVE_AI = "generative_ai"
    IMAGE_RECOGNITION = "image_recognition"
    HIRING = "hiring"
    HEALTHCARE = "healthcare"
    FINANCE = "finance"
    CHATBOT = "chatbot"
    PUBLIC_SECTOR = "public_sector"
    AUTONOMOUS_DRIVING = "autonomous_driving"
    DEEPFAKE = "deepfake"
    HIGH_IMPACT = "high_impact"
    EDUCATION = "education"
    ENERGY = "energy"
    TRANSPORT = "transport"
    # Energy, drinking water, nuclear, transport and education (Art. 2(4)가·나·마·아·차): one shared
    # sector edition.
    CRITICAL_INFRASTRUCTURE = "critical_infrastructure"


class AnswerType(StrEnum):
    YES_NO = "yes_no"
    MATURITY = "maturity"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    # A measured figure (a rate, a gap, a score) that the scoring turns into a level 0-4 through
    # the item's ``measurement`` cut points.
    MEASUREMENT = "measurement"


CHOICE_TYPES = frozenset({AnswerType.SINGLE_CHOICE, AnswerType.MULTI_CHOICE})
SCORED_TYPES = frozenset(
    {
        AnswerType.YES_NO,
        AnswerType.MATURITY,
        AnswerType.SINGLE_CHOICE,
        AnswerType.MULTI_CHOICE,
        AnswerType.MEASUREMENT,
    }
)
# Types whose options, when present, are exactly the five levels '0'-'4' in order.
LEVEL_TYPES = frozenset({AnswerType.MATURITY, AnswerType.MEASUREMENT})
MATURITY_KEYS = ("0", "1", "2", "3", "4")


class Evidence(StrEnum):
    NONE = "none"
    EXPECTED = "expected"
    REQUIRED = "required"


class Framework(StrEnum):
    """Frameworks an item may reference, each with the shape its references take."""

    KR_AI_BASIC_ACT = "kr_ai_basic_act"
    KR_ETHICS_STANDARDS = "kr_ethics_standards"
    EU_AI_ACT = "eu_ai_act"
    NIST_AI_RMF = "nist_ai_rmf"
    ISO_42001 = "iso_42001"
    TTA_GUIDE = "tta_guide"


_KO_LETTERS = "가나다라마바사아자차카"
REFERENCE_FORMATS: dict[Framework, re.Pattern[str]] = {
    # Article, optional paragraph, optional subparagraph number or Korean item letter: 31, 31(3),
    # 34(1)1, 2(4)가.
    Framework.KR_AI_BASIC_ACT: re.compile(rf"^[1-9]\d?(\([1-9]\))?([1-9]|[{_KO_LETTERS}])?$"),
    # The three basic principles P1-P3 and the ten key requirements R1-R10 of the 2020 standards.
    Framework.KR_ETHICS_STANDARDS: re.compile(r"^(P[1-3]|R([1-9]|10))$"),
    Framework.EU_AI_ACT: re.compile(
        r"^(Art\. [1-9]\d{0,2}(\([1-9]\d?\))?|Annex (I{1,3}|IV|V|VI{0,3}|IX|X|XI{1,3})( [1-9])?)$"
    ),
    Framework.NIST_AI_RMF: re.compile(
        r"^(GOVERN [1-6]|MAP [1-5]|MEASURE [1-4]|MANAGE [1-4])\.[1-9]\d?$"
    ),
    Framework.ISO_42001: re.compile(r"^A\.([2-9]|10)(\.[1-9]\d?){1,2}$"),
    # The TTA guide: requirement 01-15 alone (``NN``), or a verification item ``NN-M`` with an
    # optional sector letter. Cite ``NN`` unless the item number is verified (DOMAIN.md §7).
    Framework.TTA_GUIDE: re.compile(r"^(0[1-9]|1[0-5])(-[1-9]\d?[a-z]?)?$"),
}


class Crosswalk(Strict):
    framework: Framework
    ref: NonEmpty

    @model_validator(mode="after")
    def _ref_fits_framework(self) -> Self:
        if not REFERENCE_FORMATS[self.framework].match(self.ref):
            raise ValueError(f"{self.ref!r} is not a valid {self.framework.value} reference")
        return self


class Option(Strict):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )

    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=40)]
    label: Text
    description: Text | None = None
    score: Annotated[float, Field(ge=0, le=1)] | None = None


class PointsKind(StrEnum):
    IMPACT = "impact"
    MITIGATION = "mitigation"


class Points(Strict):
    """Screening only: the item adds ``value × max`` to the impact or mitigation tally."""

    kind: PointsKind
    max: Annotated[float, Field(gt=0, le=100)]


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Measurement(Strict):
    """A measured criterion: its unit, which way is better, and the cut points of levels 1-4.

    ``levels[k]`` is the value a measurement must reach (at or above when higher is better, at
    or below when lower is better) to score level ``k + 1``; a value short of ``levels[0]`` is
    level 0. Level 3 is the pass bound, so ``threshold`` is ``levels[2]``.
    """

    unit: Text
    direction: Direction
    levels: Annotated[tuple[float, float, float, float], Field()]
    minimum: float | None = None
    maximum: float | None = None

    @model_validator(mode="after")
    def _levels_ordered(self) -> Self:
        pairs = list(zip(self.levels, self.levels[1:], strict=False))
        if self.direction == Direction.HIGHER_IS_BETTER:
            ordered = all(a < b for a, b in pairs)
            wording = "rise strictly (higher is better)"
        else:
            ordered = all(a > b for a, b in pairs)
            wording = "fall strictly (lower is better)"
        if not ordered:
            raise ValueError(f"the four level cut points must {wording}: {list(self.levels)}")
        low = self.minimum if self.minimum is not None else float("-inf")
        high = self.maximum if self.maximum is not None else float("inf")
        if low >= high:
            raise ValueError("minimum must be below maximum")
        if any(not low <= level <= high for level in self.levels):
            raise ValueError("every level cut point lies between minimum and maximum")
        return self

    @property
    def threshold(self) -> float:
        """The pass bound: the value that reaches level 3."""
        return self.levels[2]

    def level_of(self, value: float) -> int:
        """The level 0-4 a measured value reaches."""
        if self.direction == Direction.HIGHER_IS_BETTER:
            return sum(1 for cut in self.levels if value >= cut)
        return sum(1 for cut in self.levels if value <= cut)


class SameAs(Strict):
    """The item asks a duty that another checklist's item owns; answered there, once."""

    checklist: Slug
    item: Code


class Condition(Strict):
    """``show_if``: one item's answer is among ``in``; or ``all`` / ``any`` of nested conditions."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, coerce_numbers_to_str=True
    )

    item: Code | None = None
    in_: tuple[NonEmpty, ...] | None = Field(default=None, alias="in", min_length=1)
    all: tuple[Condition, ...] | None = Field(default=None, min_length=1)
    any: tuple[Condition, ...] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        leaf = self.item is not None or self.in_ is not None
        forms = [leaf, self.all is not None, self.any is not None]
        if sum(forms) != 1:
            raise ValueError("a condition is either {item, in}, or {all: [...]}, or {any: [...]}")
        if leaf and (self.item is None or self.in_ is None):
            raise ValueError("a condition on an item needs both 'item' and 'in'")
        return self

    def leaves(self) -> Iterator[Condition]:
        if self.item is not None:
            yield self
        for child in (*(self.all or ()), *(self.any or ())):
            yield from child.leaves()


class Item(Strict):
    code: Code
    text: Text
    guidance: Text | None = None
    recommendation: Text | None = None
    answer_type: AnswerType
    allow_na: bool = True
    options: tuple[Option, ...] = ()
    weight: ItemWeight = 1
    critical: bool = False
    required: bool = True
    evidence: Evidence = Evidence.NONE
    show_if: Condition | None = None
    area: str | None = None
    points: Points | None = None
    crosswalk: tuple[Crosswalk, ...] = ()
    measurement: Measurement | None = None
    same_as: SameAs | None = None

    @field_validator("area")
    @classmethod
    def _known_area(cls, value: str | None) -> str | None:
        if value is not None and value not in AREAS:
            raise ValueError(f"unknown area {value!r}; known areas: {', '.join(sorted(AREAS))}")
        return value

    @model_validator(mode="after")
    def _options_fit_type(self) -> Self:
        keys = [option.key for option in self.options]
        if len(set(keys)) != len(keys):
            raise ValueError(
                f"option keys repeat: {sorted({k for k in keys if keys.count(k) > 1})}"
            )
        if self.answer_type in CHOICE_TYPES:
            if len(self.options) < 2:
                raise ValueError(f"a {self.answer_type.value} item needs at least two options")
            missing = [o.key for o in self.options if o.score is None]
            if missing:
                raise ValueError(
                    f"every option of a choice item needs a score; missing on {missing}"
                )
        elif self.answer_type in LEVEL_TYPES:
            if self.options:
                if tuple(keys) != MATURITY_KEYS:
                    raise ValueError(
                        "a maturity item's options are exactly five, keyed '0' to '4' in order"
                    )
                for level, option in enumerate(self.options):
                    if option.score is not None and option.score != level / 4:
                        raise ValueError(
                            f"maturity level {level} scores {level / 4}, not {option.score}"
                        )
        elif self.options:
            raise ValueError(f"a {self.answer_type.value} item takes no options")
        if (self.answer_type == AnswerType.MEASUREMENT) != (self.measurement is not None):
            raise ValueError(
                "a measurement item needs a 'measurement' (unit, direction, levels), "
                "and only a measurement item may have one"
            )
        if self.same_as is not None and (self.points is not None or self.area is not None):
            raise ValueError(
                "a screening item that scores points or names an area cannot be same_as"
            )
        if self.critical and not self.scored:
            raise ValueError(
                "only scored items (yes_no, maturity, choices; weight > 0) can be critical"
            )
        if self.points is not None and self.answer_type not in SCORED_TYPES:
            raise ValueError("only scored items (yes_no, maturity, choices) can carry points")
        return self

    def valid_values(self) -> frozenset[str] | None:
        """The answer values a ``show_if`` may test for, or None where any value is possible."""
        if self.answer_type == AnswerType.YES_NO:
            return frozenset({"yes", "no", "na"})
        if self.answer_type == AnswerType.MATURITY:
            return frozenset({*MATURITY_KEYS, "na"})
        if self.answer_type in CHOICE_TYPES:
            return frozenset({*(o.key for o in self.options), "na"})
        return None

    @property
    def scored(self) -> bool:
        """Whether the item counts in scores: a scored answer type and a weight above zero."""
        return self.answer_type in SCORED_TYPES and self.weight > 0

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)


class Section(Strict):
    code: Code
    title: Text
    description: Text | None = None
    group: Text | None = None
    weight: Weight = 1
    crosswalk: tuple[Crosswalk, ...] = ()
    items: Annotated[tuple[Item, ...], Field(min_length=1)]


class ChecklistDocument(Strict):
    slug: Slug
    version: str
    kind: Kind
    domain: Domain
    target: Target
    title: Text
    description: Text
    sources: Annotated[tuple[NonEmpty, ...], Field(min_length=1)]
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]

    @field_validator("version", mode="before")
    @classmethod
    def _semver(cls, value: Any) -> Any:
        if not isinstance(value, str) or not SEMVER.match(value):
            raise ValueError(f"{value!r} is not a semantic version MAJOR.MINOR.PATCH such as 1.0.0")
        return value

    @model_validator(mode="after")
    def _document_rules(self) -> Self:
        seen_sections: set[str] = set()
        seen_items: dict[str, Item] = {}
        for section in self.sections:
            if section.code in seen_sections:
                raise DocumentError(
                    ("sections", section.code), f"section code {section.code} repeats"
                )
            seen_sections.add(section.code)
            for item in section.items:
                where = ("sections", section.code, "items", item.code)
                if item.code in seen_items or item.code in seen_sections:
                    raise DocumentError(where, f"item code {item.code} repeats")
                self._check_item_for_kind(item, where)
                if item.show_if is not None:
                    for leaf in item.show_if.leaves():
                        self._check_condition(leaf, seen_items, where)
                seen_items[item.code] = item
        return self

    def _check_item_for_kind(self, item: Item, where: tuple[str, ...]) -> None:
        if self.kind != Kind.SCREENING and (item.area is not None or item.points is not None):
            raise DocumentError(where, "'area' and 'points' belong to screening checklists only")
        if self.kind == Kind.EVALUATION and (
            item.answer_type not in LEVEL_TYPES or len(item.options) != len(MATURITY_KEYS)
        ):
            raise DocumentError(
                where,
                "an evaluation criterion is a maturity or measurement item with five options "
                "'0'-'4' describing each level",
            )
        if item.same_as is not None and item.same_as.checklist == self.slug:
            raise DocumentError(
                (*where, "same_as"), "same_as names another checklist, not this one"
            )

    @staticmethod
    def _check_condition(leaf: Condition, earlier: dict[str, Item], where: tuple[str, ...]) -> None:
        assert leaf.item is not None and leaf.in_ is not None
        target = earlier.get(leaf.item)
        if target is None:
            raise DocumentError(
                (*where, "show_if"),
                f"show_if names item {leaf.item}, which does not exist before this item",
            )
        allowed = target.valid_values()
        if allowed is not None:
            unknown = sorted(set(leaf.in_) - allowed)
            if unknown:
                raise DocumentError(
                    (*where, "show_if"),
                    f"show_if tests {leaf.item} for {unknown}, which it cannot answer "
                    f"(allowed: {sorted(allowed)})",
                )

    def items(self) -> Iterator[tuple[Section, Item]]:
        for section in self.sections:
            for item in section.items:
                yield section, item

    @property
    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)

    @cached_property
    def index(self) -> Mapping[str, tuple[Section, Item]]:
        """Every item by code with its section, built once per (frozen, cached) document, so
        lookups inside loops never scan the sections."""
        return {item.code: (section, item) for section, item in self.items()}

    def item(self, code: str) -> Item | None:
        """The item of that code, or None."""
        found = self.index.get(code)
        return found[1] if found is not None else None


class DocumentError(ValueError):
    """A rule across the document broke; ``where`` locates it by section and item code."""

    def __init__(self, where: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


def semver_key(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch
