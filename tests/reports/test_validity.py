"""Validity of evaluation reports: valid, expired, superseded; the expiry reminders (issue 10)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from assessments.models import Organization
from reports import services
from reports.models import ExpiryReminder, Report
from reports.validity import expiring_for, expiry_reminders_send, validity_of
from tests.assessments.conftest import World
from tests.reports.conftest import decide, issue_self_report

pytestmark = pytest.mark.django_db


def _evaluation_report(world: World) -> Report:
    assessment = decide(world)
    report = services.report_issue(
        actor=world.users["evaluator"], assessment=assessment, kind="evaluation", language="en"
    )
    report.refresh_from_db()
    assert report.status == "ready", report.error
    return report


def test_validity_period_comes_from_the_body_and_is_fixed_at_issue(world: World) -> None:
    Organization.objects.filter(pk=world.body.pk).update(evaluation_validity_days=90)
    report = _evaluation_report(world)
    assert report.valid_until == report.issued_at + timedelta(days=90)
    Organization.objects.filter(pk=world.body.pk).update(evaluation_validity_days=10)
    assert validity_of(report)["status"] == "valid"  # type: ignore[index]
    later = report.issued_at + timedelta(days=91)
    assert validity_of(report, now=later)["status"] == "expired"  # type: ignore[index]
    page = Client(headers={"Accept-Language": "en"}).get(f"/verify/{report.code}/")
    assert 'data-status="valid"' in page.content.decode()
    api = Client().get(f"/api/v1/verify/{report.code}/").json()
    assert api["validity"]["status"] == "valid" and api["validity"]["days_left"] in (89, 90)


def test_a_newer_evaluation_of_the_same_system_supersedes(world: World) -> None:
    first = _evaluation_report(world)
    other_language = services.report_issue(
        actor=world.users["evaluator"],
        assessment=first.assessment,
        kind="evaluation",
        language="ko",
    )
    assert validity_of(first)["status"] == "valid"  # type: ignore[index]  # same revision
    second = _evaluation_report(world)
    assert validity_of(first)["status"] == "superseded"  # type: ignore[index]
    assert validity_of(other_language)["status"] == "superseded"  # type: ignore[index]
    assert validity_of(second)["status"] == "valid"  # type: ignore[index]
    page = Client(headers={"Accept-Language": "en"}).get(f"/verify/{first.code}/").content.decode()
    assert 'data-status="superseded"' in page


def test_self_assessment_reports_carry_no_validity(world: World) -> None:
    report = issue_self_report(world)
    assert report.valid_until is None and validity_of(report) is None


def test_reminders_once_per_threshold_and_the_dashboard_list(
    world: World, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    world.users["owner"].email = "owner@acme.example"
    world.users["owner"].save()
    report = _evaluation_report(world)
    assert report.valid_until is not None
    mail.outbox.clear()

    def run(days_before: float) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return expiry_reminders_send(now=report.valid_until - timedelta(days=days_before))

    def to_owner() -> int:
        return sum("owner@acme.example" in m.to for m in mail.outbox)

    assert run(100) == 0 and mail.outbox == []
    assert run(59.5) == 1 and to_owner() == 1
    assert "expires in 59 days" in mail.outbox[0].subject or "59" in mail.outbox[0].subject
    assert not any("viewer" in address for m in mail.outbox for address in m.to)
    assert run(59) == 0 and to_owner() == 1  # 60 was sent
    assert run(6) == 2 and to_owner() == 2  # a late run: one mail, 30 and 7 recorded
    assert run(1) == 0 and to_owner() == 2
    assert sorted(ExpiryReminder.objects.values_list("threshold", flat=True)) == [7, 30, 60]

    assert expiring_for(world.company.pk, now=report.valid_until - timedelta(days=61)) == []
    [row] = expiring_for(world.company.pk, now=report.valid_until - timedelta(days=30))
    assert row["system"] == world.system and row["days_left"] == 30
    Organization.objects.filter(pk=world.body.pk).update(evaluation_validity_days=20)
    soon = _evaluation_report(world)  # supersedes the first; expires in 20 days
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(world.users["owner"])
    dashboard = client.get("/app/").content.decode()
    assert 'id="expiring"' in dashboard and soon.code in dashboard and report.code not in dashboard


def test_the_command_queues_the_task(world: World, django_capture_on_commit_callbacks: Any) -> None:
    Organization.objects.filter(pk=world.body.pk).update(evaluation_validity_days=5)
    _evaluation_report(world)
    out = __import__("io").StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_expiry_reminders", stdout=out)
    assert "queued expiry reminders" in out.getvalue()
    assert sorted(ExpiryReminder.objects.values_list("threshold", flat=True)) == [7, 30, 60]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_expiry_reminders", "--now", stdout=out)
    assert "reminders recorded: 0" in out.getvalue()
