"""Pre-filling from the screening (never over a person's answer), and the rationale that "not
significant" needs at impact level III or IV: service, API, pages and the report's block.

Fixture content of its own (``content_prefill``): a screening, a general checklist and a
placeholder ``domestic-agent`` checklist whose scope items the rules pre-fill.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from assessments import services
from assessments.choices import OrganizationKind, Role
from assessments.models import Answer, Assessment, AuditEvent
from assessments.readouts import score_payload
from assessments.selectors import applied_checklists, score_of
from core.exceptions import ApplicationError
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    SystemFactory,
    UserFactory,
    sign_in,
)
from tests.reports.samples import build_data, documents_by_label, fixture_document, sample_context

CONTENT = Path(__file__).resolve().parent / "content_prefill"
API = "/api/v1"


@pytest.fixture
def owner(db: None, settings: Any) -> Any:
    settings.APPLICABILITY_RULES = CONTENT / "rules.yaml"
    call_command("load_checklists", path=CONTENT, stdout=io.StringIO())
    company = OrganizationFactory(name="Overseas Pics", kind=OrganizationKind.COMPANY)
    user = MembershipFactory(
        user=UserFactory(username="owner"), organization=company, role=Role.OWNER
    ).user
    SystemFactory(organization=company, name="Image app", created_by=user, generative=True)
    return user


def start(owner: Any) -> Assessment:
    return services.assessment_create(
        actor=owner, system=owner.memberships.get().organization.systems.get()
    )


def answer(owner: Any, assessment: Assessment, checklist: str, values: dict[str, Any]) -> None:
    current = {
        a.item_code: a.version
        for a in Answer.objects.filter(
            assessment=assessment, checklist_version__checklist__slug=checklist
        )
    }
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[
            services.AnswerInput(
                checklist=checklist, item=code, value=value, version=current.get(code)
            )
            for code, value in values.items()
        ],
    )


def agent_answers(assessment: Assessment) -> dict[str, tuple[Any, str, int]]:
    return {
        a.item_code: (a.value, a.prefilled_from, a.version)
        for a in Answer.objects.filter(
            assessment=assessment, checklist_version__checklist__slug="domestic-agent"
        )
    }


SCREENING = {"P-SIG-01": "no", "P-AREA-01": "no", "P-IMP-01": "few", "P-NTC-01": "yes"}


def test_attaching_a_checklist_prefills_what_the_screening_decided(owner: Any) -> None:
    assessment = start(owner)
    answer(owner, assessment, "p-screening", {**SCREENING, "P-ABR-01": "yes", "P-REV-01": "yes"})
    assert "domestic-agent" in {e.document.slug for e in applied_checklists(assessment)}
    assert agent_answers(assessment) == {
        "AGT-SCP-01": ("yes", "p-screening:P-ABR-01", 1),
        "AGT-SCP-02": ("yes", "p-screening:P-REV-01", 1),
        "AGT-SCP-03": ("yes", "p-screening:P-NTC-01", 1),
        "AGT-SCP-04": ("yes", "profile:system.generative", 1),  # from the profile
    }  # and AGT-NOT-THERE, which this version lacks, is skipped
    event = AuditEvent.objects.filter(assessment=assessment, action="answer").latest("pk")
    assert event.data == {"prefilled": [f"domestic-agent/AGT-SCP-0{n}" for n in (1, 2, 3, 4)]}


def test_a_prefilled_answer_follows_its_source_until_a_person_answers(owner: Any) -> None:
    assessment = start(owner)
    answer(owner, assessment, "p-screening", {**SCREENING, "P-ABR-01": "yes", "P-REV-01": "yes"})
    answer(owner, assessment, "p-screening", {"P-NTC-01": "no"})  # the source changes
    assert agent_answers(assessment)["AGT-SCP-03"] == ("no", "p-screening:P-NTC-01", 2)

    answer(owner, assessment, "domestic-agent", {"AGT-SCP-03": "yes"})  # a person decides
    assert agent_answers(assessment)["AGT-SCP-03"] == ("yes", "", 3)
    answer(owner, assessment, "p-screening", {"P-NTC-01": "yes"})
    answer(owner, assessment, "p-screening", {"P-NTC-01": "no"})
    assert agent_answers(assessment)["AGT-SCP-03"] == ("yes", "", 3)  # never overwritten


def test_confirming_a_prefilled_answer_makes_it_a_persons(owner: Any) -> None:
    assessment = start(owner)
    answer(owner, assessment, "p-screening", {**SCREENING, "P-ABR-01": "yes", "P-REV-01": "yes"})
    answer(owner, assessment, "domestic-agent", {"AGT-SCP-01": "yes"})  # same value, saved
    assert agent_answers(assessment)["AGT-SCP-01"] == ("yes", "", 2)


def test_the_fill_page_says_pre_filled_from_the_screening(owner: Any) -> None:
    assessment = start(owner)
    answer(owner, assessment, "p-screening", {**SCREENING, "P-ABR-01": "yes", "P-REV-01": "yes"})
    answer(owner, assessment, "domestic-agent", {"AGT-SCP-02": "yes"})  # typed: no note
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, owner)
    page = client.get(f"/app/assessments/{assessment.pk}/fill/domestic-agent/?section=AGT-SCP")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-prefilled="P-ABR-01"' in html
    assert "Pre-filled from the screening (P-ABR-01)." in html
    assert "Pre-filled from the system profile." in html
    assert 'data-prefilled="P-REV-01"' not in html


def rationale_case(owner: Any, impact: str) -> Assessment:
    assessment = start(owner)
    answer(owner, assessment, "p-screening", {**SCREENING, "P-ABR-01": "no", "P-IMP-01": impact})
    answer(owner, assessment, "p-general", {"P-G-01": "yes"})
    return assessment


@pytest.mark.parametrize(("impact", "level", "required"), [("many", 4, True), ("some", 2, False)])
def test_the_rationale_is_required_from_level_three(
    owner: Any, impact: str, level: int, required: bool
) -> None:
    screening = score_payload(score_of(rationale_case(owner, impact)))["screening"]
    assert screening["impact_level"] == level
    assert (screening["rationale_required"], screening["rationale_missing"]) == (required, required)


def test_submit_is_refused_until_the_rationale_is_written(owner: Any) -> None:
    assessment = rationale_case(owner, "many")
    with pytest.raises(ApplicationError) as caught:
        services.assessment_submit(actor=owner, assessment=assessment, evaluation_body=None)
    assert "write the reason in P-SIG-02" in caught.value.message
    assert caught.value.extra["missing"] == [
        {
            "checklist": "p-screening",
            "section": "P-SCR",
            "item": "P-SIG-02",
            "problem": "rationale_required",
        }
    ]
    answer(
        owner, assessment, "p-screening", {"P-SIG-02": "Staff decide every case on paper files."}
    )
    submitted = services.assessment_submit(actor=owner, assessment=assessment, evaluation_body=None)
    assert submitted.revision == 1


def test_the_api_refuses_submit_with_the_rationale_named(owner: Any) -> None:
    assessment = rationale_case(owner, "many")
    client = APIClient(headers={"Accept-Language": "en"})
    client.force_authenticate(owner)
    response = client.post(f"{API}/assessments/{assessment.pk}/submit/", {}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert "write the reason in P-SIG-02" in body["message"]
    assert {
        "checklist": "p-screening",
        "section": "P-SCR",
        "item": "P-SIG-02",
        "problem": "rationale_required",
    } in body["extra"]["missing"]
    scores = client.get(f"{API}/assessments/{assessment.pk}/score/").json()
    assert scores["screening"]["rationale_missing"] is True


def test_the_overview_and_submit_pages_warn(owner: Any) -> None:
    assessment = rationale_case(owner, "many")
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, owner)
    overview = client.get(f"/app/assessments/{assessment.pk}/").content.decode()
    assert 'id="rationale-warning"' in overview and "rationale-missing" in overview
    submit = client.get(f"/app/assessments/{assessment.pk}/submit/").content.decode()
    assert "write the reason for this judgement" in submit
    answer(owner, assessment, "p-screening", {"P-SIG-02": "<b>Paper</b> files decide."})
    overview = client.get(f"/app/assessments/{assessment.pk}/").content.decode()
    assert "Reason given: &lt;b&gt;Paper&lt;/b&gt; files decide." in overview  # escaped
    assert "rationale-missing" not in overview


@pytest.mark.parametrize(
    ("rationale", "expected"),
    [
        (
            "",
            "Warning: the screening answered that the system has no significant effect although the impact level is IV, and gives no reason.",
        ),
        ("Paper files decide.", "Reason given: Paper files decide."),
    ],
)
def test_the_reports_screening_block_shows_the_warning(rationale: str, expected: str) -> None:
    documents = [fixture_document(s) for s in ("t-screening", "t-general")]
    data = build_data(
        documents=documents,
        answers={"t-screening": {"T-SIG-01": "no", "T-IMP-01": "many"}, "t-general": {}},
        language="en",
    )
    data["scores"]["screening"].update(rationale_required=True, rationale=rationale, impact_level=4)
    context = sample_context(
        data,
        documents_by_label(documents),
        None,
        verify_url="https://trustcheck.example/verify/X/",
        sha256="ab" * 32,
    )
    assert any(expected in statement for statement in context.summary.statements)


def test_prefilling_costs_a_fixed_number_of_queries(owner: Any) -> None:
    """Attaching the checklist and writing its four pre-filled answers: measured, not timed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assessment = start(owner)
    answer(owner, assessment, "p-screening", {**SCREENING, "P-ABR-01": "yes"})
    with CaptureQueriesContext(connection) as attached:
        answer(owner, assessment, "p-screening", {"P-REV-01": "yes"})
    with CaptureQueriesContext(connection) as unchanged:
        answer(owner, assessment, "p-screening", {"P-SIG-01": "yes"})
    assert len(agent_answers(assessment)) == 4
    inserts = [
        q
        for q in attached.captured_queries
        if q["sql"].startswith('INSERT INTO "assessments_answer"')
    ]
    # One insert per pre-filled item (four); everything else is what any screening answer costs
    # plus attaching the checklist: a fixed number, whatever the number of pre-filled items.
    assert len(inserts) == 4
    # Measured: 7 more (the 4 inserts, and 3 for attaching the checklist and recording it).
    assert len(attached) - len(unchanged) <= 4 + 4
