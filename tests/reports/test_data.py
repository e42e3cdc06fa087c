"""``ReportData.parse``: the snapshot stored today and the older shapes issued reports carry."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.utils.translation import override
from pydantic import ValidationError

from checklists.labels import DOMAIN_LABELS
from reports.context import build_report_context
from reports.data import ReportData
from reports.sections import pick
from tests.reports.samples import fixture_evaluation_data

PLAN = {
    "as_of": "2026-03-14",
    "open": [
        {
            "id": 7,
            "title": "Keep logs for a year",
            "source": "gap",
            "items": ["T-A-02"],
            "owner": "Kim Minji",
            "due_date": "2026-04-01",
            "status": "in_progress",
            "overdue": False,
            "condition": True,
        }
    ],
    "closed": [],
    "acceptance": {"by": "Evaluator Lee", "at": "2026-03-13", "comment": "", "actions": [7]},
}


def snapshot() -> dict[str, Any]:
    """Today's shape (``reports.selectors.snapshot_data``): several domains and a plan."""
    data = copy.deepcopy(fixture_evaluation_data()[0])
    data["system"]["domains"] = ["hiring", "finance"]
    data["remediation"] = PLAN
    return data


def test_todays_snapshot_is_read_whole() -> None:
    data = snapshot()
    parsed = ReportData.parse(data)
    assert parsed.report.code == data["report"]["code"]
    assert parsed.is_evaluation
    assert parsed.system.all_domains == tuple(data["system"]["domains"])
    assert [c.checklist for c in parsed.checklists] == [c["checklist"] for c in data["checklists"]]
    assert parsed.scores.overall == data["scores"]["overall"]
    assert parsed.scores.verified.items == data["scores"]["verified"]["items"]
    assert [g.item for g in parsed.scores.gaps] == [g["item"] for g in data["scores"]["gaps"]]
    assert parsed.scores.screening is not None
    assert parsed.scores.screening.high_impact is data["scores"]["screening"]["high_impact"]
    assert parsed.evaluation is not None
    ratings = data["evaluation"]["ratings"]
    assert {code: r.rating for code, r in parsed.evaluation.ratings.items()} == {
        code: r["rating"] for code, r in ratings.items()
    }
    verdicts = {
        (label, code): (v.verdict, v.remark)
        for label, given in parsed.verdicts.items()
        for code, v in given.items()
    }
    assert verdicts == {
        (label, code): (v["verdict"], v["remark"])
        for label, given in data["verdicts"].items()
        for code, v in given.items()
    }
    assert verdicts
    plan = parsed.remediation
    assert plan is not None and plan.acceptance is not None
    assert [(a.title, a.items, a.due_date, a.condition) for a in plan.open] == [
        ("Keep logs for a year", ("T-A-02",), "2026-04-01", True)
    ]
    assert plan.closed == ()
    assert plan.acceptance.actions == (7,)


def test_figures_keep_their_numbers() -> None:
    """A score is not coerced into other text: an integer stays the number it was."""
    data = snapshot()
    data["scores"]["overall"] = 80
    data["scores"]["answered"] = 7
    parsed = ReportData.parse(data)
    assert parsed.scores.overall == 80
    assert parsed.scores.answered == 7


def test_a_snapshot_of_the_older_shapes_is_read_with_the_defaults_it_printed() -> None:
    """Issued before several domains, coverage, crosswalk, screening, plans and verdicts."""
    data = snapshot()
    data["system"].pop("domains")
    data["system"]["domain"] = "hiring"
    data.pop("remediation")
    data.pop("verdicts")
    data.pop("evidence")
    data["scores"]["verified"] = {"overall": None, "rating": None}
    data["scores"].pop("crosswalk")
    data["scores"].pop("screening")
    parsed = ReportData.parse(data)
    assert parsed.system.all_domains == ("hiring",)
    assert parsed.remediation is None
    assert parsed.verdicts == {}
    assert parsed.evidence == {}
    assert parsed.scores.verified.items is None
    assert not parsed.scores.reviewed
    assert parsed.scores.crosswalk == ()
    assert parsed.scores.screening is None


def test_empty_or_null_parts_read_as_absent() -> None:
    data = snapshot()
    data["scores"]["verified"] = None
    data["scores"]["evaluation"] = {}
    data["scores"]["screening"] = {}
    data["evaluation"] = {}
    parsed = ReportData.parse(data)
    assert parsed.scores.verified.overall is None
    assert parsed.scores.evaluation is None
    assert parsed.scores.screening is None
    assert parsed.evaluation is None


def test_a_rating_stored_as_null_still_counts_as_given() -> None:
    data = snapshot()
    data["evaluation"]["ratings"]["T-R-09"] = None
    parsed = ReportData.parse(data)
    assert parsed.evaluation is not None
    assert "T-R-09" in parsed.evaluation.ratings
    assert parsed.evaluation.ratings["T-R-09"].rating is None


def test_a_broken_snapshot_names_the_bad_key() -> None:
    data = snapshot()
    del data["report"]["language"]
    with pytest.raises(ValidationError, match=r"report\.language"):
        ReportData.parse(data)


def test_a_report_of_the_older_shapes_prints_what_it_printed_when_issued() -> None:
    """No domains list, no coverage counts, no crosswalk, no plan: the context of an old report."""
    data, documents, criteria = fixture_evaluation_data()
    old = copy.deepcopy(data)
    old["system"].pop("domains", None)
    old.pop("remediation", None)
    old["scores"]["verified"].pop("items")
    old["scores"]["verified"].pop("verified_items")
    old["scores"].pop("crosswalk")
    context = build_report_context(
        data=old, documents=documents, evaluation_document=criteria, verify_url="u", data_sha256="s"
    )
    facts = dict((fact.label, fact.value) for fact in context.cover.facts)
    with override("en"):
        assert facts["Domain"] == pick(DOMAIN_LABELS, "hiring")
    assert facts["Verification coverage"] == "—"
    assert context.coverage == ()
    assert context.remediation is None
    assert all("()" not in line for line in context.summary.statements)
