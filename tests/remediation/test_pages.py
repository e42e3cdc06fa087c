"""The plan pages: who sees what, the forms' errors, the evaluator's acceptance, the Excel
export read back with openpyxl, and query counts that do not grow with the plan."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import Evidence
from remediation.models import Action, PlanAcceptance
from tests.factories import sign_in
from tests.remediation.helpers import bulk_actions, plan_action

pytestmark = pytest.mark.django_db


def client_for(world, who: str) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if who != "anonymous":
        sign_in(client, world.users[who])
    return client


@pytest.mark.parametrize(
    "who,code",
    [
        ("owner", 200),
        ("member", 200),
        ("viewer", 200),
        ("evaluator", 200),
        ("lead", 200),
        ("other_company", 404),
        ("other_evaluator", 404),
        ("anonymous", 302),
    ],
)
def test_plan_page_per_role(world, who, code) -> None:
    assessment = world.submitted()
    action = plan_action(world, assessment, title="Publish <the> data sheet")
    client = client_for(world, who)
    page = client.get(f"/app/assessments/{assessment.pk}/actions/")
    assert page.status_code == code
    detail = client.get(f"/app/assessments/{assessment.pk}/actions/{action.pk}/")
    assert detail.status_code == code
    export = client.get(f"/app/assessments/{assessment.pk}/actions/export.xlsx")
    assert export.status_code == code
    if code == 200:
        html = page.content.decode()
        assert "Publish &lt;the&gt; data sheet" in html
        assert ('id="new-action"' in html) == (who in ("owner", "member"))
        assert ('id="status-form"' in detail.content.decode()) == (who in ("owner", "member"))


def test_viewer_and_evaluator_cannot_post(world) -> None:
    assessment = world.submitted()
    action = plan_action(world, assessment)
    for who in ("viewer", "evaluator"):
        client = client_for(world, who)
        assert client.post(f"/app/assessments/{assessment.pk}/actions/", {}).status_code == 404
        posted = client.post(
            f"/app/assessments/{assessment.pk}/actions/{action.pk}/",
            {"form": "status", "status": "in_progress"},
        )
        assert posted.status_code == 404
    action.refresh_from_db()
    assert action.status == "open"


def test_create_from_a_gap_link_and_form_errors(world) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    client = client_for(world, "owner")
    url = f"/app/assessments/{assessment.pk}/actions/"
    prefilled = client.get(url + "?checklist=t-general&item=T-A-02&source=gap")
    assert 'value="t-general:T-A-02" selected' in prefilled.content.decode()
    refused = client.post(url, {"title": "", "source": "gap", "items": ["t-general:T-A-02"]})
    assert refused.status_code == 400
    assert refused.context["form"].errors.keys() == {"title", "owner", "due_date"}
    assert "t-general:T-A-02" in refused.content.decode()  # what was typed comes back
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    created = client.post(
        url,
        {
            "title": "Record the training data",
            "source": "gap",
            "items": ["t-general:T-A-02"],
            "owner": world.users["member"].pk,
            "due_date": due,
        },
    )
    assert created.status_code == 302
    action = Action.objects.get()
    assert (action.title, action.owner, action.items) == (
        "Record the training data",
        world.users["member"],
        [{"checklist": "t-general", "item": "T-A-02"}],
    )


def test_done_on_the_page_asks_for_evidence_then_takes_it(world) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    action = plan_action(world, assessment)
    evidence = Evidence.objects.get(assessment=assessment)
    client = client_for(world, "member")
    url = f"/app/assessments/{assessment.pk}/actions/{action.pk}/"
    refused = client.post(url, {"form": "status", "status": "done"})
    assert refused.status_code == 400
    assert "Say what closed the action" in refused.content.decode()
    done = client.post(
        url, {"form": "status", "status": "done", "closing_evidence": str(evidence.pk)}
    )
    assert done.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.closing_evidence_id) == ("done", evidence.pk)


def test_evaluator_accepts_the_plan_on_the_page_and_the_decision_shows_it(world) -> None:
    assessment = world.in_review()
    action = plan_action(world, assessment, title="Bias audit")
    client = client_for(world, "evaluator")
    page = client.get(f"/app/assessments/{assessment.pk}/actions/")
    assert 'id="accept-plan"' in page.content.decode()
    posted = client.post(
        f"/app/assessments/{assessment.pk}/actions/accept/",
        {"actions": [str(action.pk)], "comment": "Within 90 days"},
    )
    assert posted.status_code == 302
    assert list(PlanAcceptance.objects.get().actions.all()) == [action]
    decide = client.post(f"/app/assessments/{assessment.pk}/decide/approve/", {"comment": ""})
    html = decide.content.decode()
    assert 'id="plan-condition"' in html
    assert "Bias audit" in html and "Within 90 days" in html
    owner = client_for(world, "owner")
    assert owner.post(f"/app/assessments/{assessment.pk}/actions/accept/", {}).status_code == 404


def test_excel_export_reads_back(world) -> None:
    assessment = world.new_assessment()
    today = timezone.localdate()
    plan_action(world, assessment, title='=HYPERLINK("http://x")', due=today - timedelta(days=2))
    plan_action(world, assessment, title="Later", due=today + timedelta(days=5))
    response = client_for(world, "viewer").get(
        f"/app/assessments/{assessment.pk}/actions/export.xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("No.", "Title", "Finding")
    assert rows[2][1] == '=HYPERLINK("http://x")'  # text, never a formula
    assert sheet.cell(row=3, column=2).data_type == "s"
    assert rows[2][4] == "member" and rows[2][6] == "Open" and rows[2][7] == "Yes"
    assert rows[3][1] == "Later" and rows[3][7] is None
    assert len(rows) == 4


@pytest.mark.parametrize("who", ["owner", "evaluator"])
def test_plan_page_queries_do_not_grow(world, who) -> None:
    assessment = world.in_review()
    client = client_for(world, who)
    url = f"/app/assessments/{assessment.pk}/actions/"
    counts = []
    for total in (5, 500):
        Action.objects.all().delete()
        bulk_actions(world, assessment, total)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.status_code == 200
        assert page.content.decode().count("data-action=") == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_reassessment_overview_counts_the_open_actions_carried_over(world) -> None:
    from assessments import services as assessment_services

    first = world.new_assessment()
    world.answer_all(first)
    first = assessment_services.assessment_submit(
        actor=world.users["owner"], assessment=first, evaluation_body=None
    )
    plan_action(world, first, title="Carried")
    plan_action(world, first, title="Second")
    second = assessment_services.assessment_reassess(actor=world.users["owner"], assessment=first)
    client = client_for(world, "owner")
    overview = client.get(f"/app/assessments/{second.pk}/").content.decode()
    assert re.search(r'id="plan-link"[^>]*>[^<]*\(2\)</a>', overview)
    plan = client.get(f"/app/assessments/{second.pk}/actions/").content.decode()
    assert plan.count("data-action=") == 2
    assert f"from assessment #{first.pk}" in plan
