"""The register's portfolio read-outs: how many systems by impact level, by evaluation outcome
and by expiry, drawn on the server by the one chart builder (``core.charts.counts``); the page
shows the same counts as text beside."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import charts
from portfolio.columns import outcome_label, validity_label
from portfolio.selectors import RegisterRow


@dataclass(frozen=True, slots=True)
class PortfolioChart:
    key: str
    title: str
    bars: tuple[tuple[str, int], ...]
    svg: SafeString


def _chart(key: str, title: str, bars: list[tuple[str, int]]) -> PortfolioChart:
    # Every text in the SVG is escaped by the builder: safe to place in the page as markup.
    svg = mark_safe(charts.counts(bars, title=title))  # noqa: S308
    return PortfolioChart(key, title, tuple(bars), svg)


def impact_counts(rows: Sequence[RegisterRow]) -> list[tuple[str, int]]:
    counted = Counter(row.impact_level for row in rows)
    return [
        *(
            (_("Impact level %(level)s") % {"level": n}, counted[i])
            for i, n in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))
        ),
        (_("Not determined"), counted[None]),
    ]


DECIDED = ("pass", "conditional", "fail")


def outcome_counts(rows: Sequence[RegisterRow]) -> list[tuple[str, int]]:
    counted = Counter(row.outcome for row in rows)
    return [
        *((outcome_label(key), counted[key]) for key in DECIDED),
        (
            _("No evaluation"),
            sum(n for key, n in counted.items() if key not in ("pass", "conditional", "fail")),
        ),
    ]


def expiry_counts(rows: Sequence[RegisterRow]) -> list[tuple[str, int]]:
    counted = Counter(row.validity for row in rows)
    return [(validity_label(key), counted[key]) for key in ("expired", "expiring", "valid", "none")]


def portfolio_charts(rows: Sequence[RegisterRow]) -> list[PortfolioChart]:
    return [
        _chart("impact", _("Systems by impact level"), impact_counts(rows)),
        _chart("outcome", _("Systems by evaluation outcome"), outcome_counts(rows)),
        _chart("expiry", _("Systems by evaluation expiry"), expiry_counts(rows)),
    ]
