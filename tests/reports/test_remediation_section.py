"""The remediation plan section of both reports, read back from the PDF text and its data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from assessments import services
from remediation import services as remediation_services
from reports import formatting as fmt
from reports.data import RemediationPlan
from reports.models import Report
from reports.sections.remediation import remediation_section
from tests.remediation.helpers import plan_action
from tests.reports.conftest import issue_ready, read_back

pytestmark = pytest.mark.django_db


def _read(report: Report) -> tuple[str, dict[str, Any]]:
    text, data = read_back(report)
    # Korean words are joined with U+2060 (reports.linebreak); a reader's copy may keep them.
    return text.replace("\u2060", ""), data


def _reviewed_with_plan(world: Any) -> tuple[Any, Any, Any]:
    assessment = world.reviewed(
        verdicts={"T-A-01": ("needs_evidence", "Attach the policy.")},
        ratings={"T-R-01": (4, ""), "T-R-02": (3, ""), "T-R-03": (3, "")},
    )
    today = timezone.localdate()
    late = plan_action(
        world,
        assessment,
        title="Attach the signed policy",
        item="T-A-01",
        due=today - timedelta(days=3),
        source="needs_evidence",
    )
    later = plan_action(
        world,
        assessment,
        title="Retrain on balanced data",
        item="T-A-03",
        due=today + timedelta(days=20),
    )
    done = plan_action(world, assessment, title="Closed already", item="T-A-02")
    remediation_services.action_set_status(
        actor=world.users["owner"], action=done, status="done", closing_note="Published"
    )
    remediation_services.plan_accept(
        actor=world.users["evaluator"],
        assessment=assessment,
        actions=[later.pk],
        comment="Retrain within 90 days.",
    )
    assessment = services.assessment_approve(
        actor=world.users["evaluator"], assessment=assessment, comment="Conditional pass."
    )
    return assessment, late, later


def test_evaluation_report_prints_the_plan_overdue_first_and_the_condition(world) -> None:
    assessment, late, later = _reviewed_with_plan(world)
    text, data = _read(issue_ready(world, assessment, "evaluator", "evaluation", "en"))
    assert "Remediation plan" in text
    assert text.index("Attach the signed policy") < text.index("Retrain on balanced data")
    assert "Overdue" in text
    assert "The evaluation body accepted 1 action(s) of this plan as a condition" in text
    assert "Retrain within 90 days." in text
    assert "Actions done or with the risk accepted: 1" in text
    assert text.index("Actions done or with") < text.index("Closed already")
    assert "Published" in text
    plan = data["remediation"]
    assert [row["id"] for row in plan["open"]] == [late.pk, later.pk]
    assert plan["open"][0]["overdue"] is True and plan["open"][1]["condition"] is True
    assert plan["acceptance"]["actions"] == [later.pk]
    assert plan["closed"] == [
        {
            "title": "Closed already",
            "items": ["T-A-02"],
            "status": "done",
            "closing": "Published",
            "evidence": "",
        }
    ]


def test_self_assessment_report_in_korean_prints_the_plan_without_the_condition(world) -> None:
    assessment, _late, _later = _reviewed_with_plan(world)
    text, data = _read(issue_ready(world, assessment, "owner", "self_assessment", "ko"))
    assert "개선 조치 계획" in text
    assert "기한 지남" in text
    assert "Attach the signed policy" in text
    assert data["remediation"]["acceptance"] is None
    assert "결정의 조건으로 수용" not in text


def test_reports_issued_before_plans_have_no_section() -> None:
    assert remediation_section(None, "en", fmt.date) is None
    plan = RemediationPlan.model_validate({"open": [], "closed": [], "acceptance": None})
    empty = remediation_section(plan, "ko", fmt.date)
    assert empty is not None and empty.rows == () and empty.closed == ""
    assert empty.labels["none"] == "진행 중인 개선 조치가 없습니다."
