"""The register's columns, defined once: the page, the CSV and the Excel export all read them,
so the three always carry the same columns, in the same order, with the same text.

A column turns a ``RegisterRow`` into a ``Cell``: the text everyone sees (and the exports write),
an optional link (the page only) and a CSS class key (the page only). Text follows the active
language (the request's); dates are the language's own format, in Seoul time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.choices import Status
from assessments.models import AISystem
from assessments.templatetags.dates import day
from assessments.texts import IMPACT_NUMERALS
from checklists.areas import AREAS
from core.formatting import score
from portfolio.duties import ARTICLES, DutyStatus
from portfolio.selectors import RegisterRow

DASH = "—"


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    href: str = ""
    key: str = ""  # a class suffix for the page (a status, a duty's state)


@dataclass(frozen=True, slots=True)
class Texts:
    """The labels of one table, looked up once in the active language (not once per cell)."""

    language: str
    high_impact: dict[str, str]
    duty: dict[DutyStatus, str]
    outcome: dict[str, str]
    validity: dict[str, str]
    domain: dict[str, str]
    status: dict[str, str]
    self_only: str

    @classmethod
    def now(cls, language: str) -> Texts:
        return cls(
            language=language,
            high_impact={key: high_impact_label(key) for key in ("yes", "no", "pending", "none")},
            duty={status: duty_label(status) for status in DutyStatus},
            outcome={key: outcome_label(key) for key in ("pass", "conditional", "fail", "")},
            validity={key: validity_label(key) for key in ("valid", "expiring", "expired", "none")},
            domain={
                value: str(label) for value, label in AISystem._meta.get_field("domain").flatchoices
            },
            status={value: str(label) for value, label in Status.choices},
            self_only=_("Self-reported only"),
        )


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: Promise | str
    cell: Callable[[RegisterRow, Texts], Cell]
    numeric: bool = False


def high_impact_label(key: str) -> str:
    return {
        "yes": _("High-impact"),
        "no": _("Not high-impact"),
        "pending": _("Screening not finished"),
        "none": _("Not screened"),
    }[key]


def duty_label(status: DutyStatus) -> str:
    return {
        DutyStatus.APPLIES: _("Applies"),
        DutyStatus.NOT_APPLICABLE: _("Does not apply"),
        DutyStatus.UNDETERMINED: _("Not determined"),
    }[status]


def outcome_label(outcome: str | None) -> str:
    return {
        "pass": _("Pass"),
        "conditional": _("Conditional pass"),
        "fail": _("Fail"),
    }.get(outcome or "", DASH)


def validity_label(key: str) -> str:
    return {
        "valid": _("Valid"),
        "expiring": _("Expires within 90 days"),
        "expired": _("Expired"),
        "none": _("No evaluation"),
    }[key]


def _system(row: RegisterRow, t: Texts) -> Cell:
    href = f"/app/assessments/{row.assessment.pk}/" if row.assessment is not None else ""
    return Cell(row.system.name, href)


def _domain(row: RegisterRow, t: Texts) -> Cell:
    return Cell(t.domain.get(row.system.domain, row.system.domain))


def _high_impact(row: RegisterRow, t: Texts) -> Cell:
    return Cell(t.high_impact[row.high_impact], key=row.high_impact)


def _areas(row: RegisterRow, t: Texts) -> Cell:
    labels = [AREAS[code].label(t.language) for code in row.areas if code in AREAS]
    return Cell("; ".join(labels) if labels else DASH)


def _impact(row: RegisterRow, t: Texts) -> Cell:
    return Cell(IMPACT_NUMERALS.get(row.impact_level or 0, DASH))


def _duty(article: str) -> Callable[[RegisterRow, Texts], Cell]:
    def cell(row: RegisterRow, t: Texts) -> Cell:
        status = row.duties[article]
        return Cell(t.duty[status], key=status.value)

    return cell


def _assessment(row: RegisterRow, t: Texts) -> Cell:
    a = row.assessment
    if a is None:
        return Cell(DASH)
    return Cell(
        f"#{a.pk} · {t.status.get(a.status, a.status)} · {day(a.created_at)}",
        f"/app/assessments/{a.pk}/",
        a.status,
    )


def _score(row: RegisterRow, t: Texts) -> Cell:
    return Cell(score(row.score))


def _verified(row: RegisterRow, t: Texts) -> Cell:
    return Cell(score(row.verified))


def _coverage(row: RegisterRow, t: Texts) -> Cell:
    if row.verified is None or row.scored_items is None:
        return Cell(t.self_only if row.assessment is not None else DASH)
    return Cell(f"{row.verified_items} / {row.scored_items}")


def _outcome(row: RegisterRow, t: Texts) -> Cell:
    return Cell(t.outcome.get(row.outcome or "", DASH), key=row.outcome or "")


def _validity(row: RegisterRow, t: Texts) -> Cell:
    return Cell(t.validity[row.validity], key=row.validity)


def _valid_until(row: RegisterRow, t: Texts) -> Cell:
    return Cell(day(row.valid_until) or DASH)


def _open(row: RegisterRow, t: Texts) -> Cell:
    return Cell(str(row.actions.open) if row.actions is not None else DASH)


def _overdue(row: RegisterRow, t: Texts) -> Cell:
    overdue = row.actions.overdue if row.actions is not None else 0
    return Cell(str(overdue) if row.actions is not None else DASH, key="late" if overdue else "")


def columns(*, with_actions: bool) -> list[Column]:
    """The register's columns in order; the action columns when remediation counts exist."""
    found = [
        Column("system", gettext_lazy("AI system"), _system),
        Column("domain", gettext_lazy("Domain"), _domain),
        Column("high_impact", gettext_lazy("High-impact status"), _high_impact),
        Column("areas", gettext_lazy("Areas"), _areas),
        Column("impact_level", gettext_lazy("Impact level"), _impact),
        *(
            Column(
                f"art{article}",
                gettext_lazy("Art. %(article)s") % {"article": article},
                _duty(article),
            )
            for article in ARTICLES
        ),
        Column("assessment", gettext_lazy("Last assessment"), _assessment),
        Column("score", gettext_lazy("Self-reported score"), _score, numeric=True),
        Column("verified", gettext_lazy("Verified score"), _verified, numeric=True),
        Column("coverage", gettext_lazy("Verified items"), _coverage),
        Column("outcome", gettext_lazy("Evaluation outcome"), _outcome),
        Column("validity", gettext_lazy("Evaluation validity"), _validity),
        Column("valid_until", gettext_lazy("Valid until"), _valid_until),
    ]
    if with_actions:
        found += [
            Column("open_actions", gettext_lazy("Open actions"), _open, numeric=True),
            Column("overdue_actions", gettext_lazy("Overdue actions"), _overdue, numeric=True),
        ]
    return found


def table(
    rows: list[RegisterRow], language: str, *, with_actions: bool
) -> tuple[list[Column], list[list[Cell]]]:
    """The header and the cells of every row: what the page shows and the exports write."""
    chosen = columns(with_actions=with_actions)
    texts = Texts.now(language)
    return chosen, [[column.cell(row, texts) for column in chosen] for row in rows]
