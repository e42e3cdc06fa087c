"""The rubric's states, scoping and measured criteria, and 1.x evaluations keeping their outcome.

t-eval 2.0.0 (tests/assessments/content_engine) has T-R-01 (critical), T-R-03 and the measured
T-R-04 (hallucination rate in %, lower is better: levels at 20, 10, 5, 2).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from assessments import selectors, services
from assessments.models import Assessment, AuditEvent, CriterionRating
from assessments.readouts import figures_of
from core.exceptions import ApplicationError
from tests.assessments.conftest import World
from tests.factories import sign_in

API = "/api/v1"
STATES_MIGRATION = "0017_criterion_states"  # the migration that added CriterionRating.state
ENGINE = Path(__file__).resolve().parent / "content_engine"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def publish_engine_content() -> None:
    call_command("load_checklists", path=ENGINE, stdout=io.StringIO())


def in_review_v2(world: World) -> Assessment:
    """In review against t-eval 2.0.0 (and t-hiring 2.0.0, whose measure is answered)."""
    publish_engine_content()
    assessment = world.new_assessment()
    world.answer_all(assessment)
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[services.AnswerInput(checklist="t-hiring", item="T-H-03", value=4)],
    )
    services.assessment_submit(
        actor=world.users["owner"], assessment=assessment, evaluation_body=world.body.pk
    )
    assessment = services.assessment_claim(actor=world.users["evaluator"], assessment=assessment)
    assert assessment.evaluation_version is not None
    assert assessment.evaluation_version.label == "t-eval@2.0.0"
    return assessment


def scope(world: World, assessment: Assessment, **fields: Any) -> dict[str, Any]:
    """Record the scope (the service locks and saves its own copy: ``assessment`` is refreshed)."""
    try:
        return _scope(world, assessment, **fields)
    finally:
        assessment.refresh_from_db()


def _scope(world: World, assessment: Assessment, **fields: Any) -> dict[str, Any]:
    return services.evaluation_scope_set(
        actor=world.users["evaluator"],
        assessment=assessment,
        excluded=fields.get("excluded", []),
        tta=fields.get("tta", []),
        reason=fields.get("reason", ""),
    )


def rate(world: World, assessment: Assessment, *entries: services.RatingInput) -> None:
    services.ratings_set(
        actor=world.users["evaluator"], assessment=assessment, ratings=list(entries)
    )


# --- 1.x evaluations keep working -----------------------------------------------------------


def test_a_1x_evaluation_keeps_its_outcome_scores_and_report_data_after_2x_is_published(
    world: World,
) -> None:
    from reports.selectors import _evaluation_data

    assessment = world.reviewed(
        verdicts={"T-A-01": ("confirmed", "")},
        ratings={"T-R-01": (4, ""), "T-R-02": (None, "Not in use."), "T-R-03": (2, "Thin.")},
    )
    before = figures_of(assessment)
    data_before = _evaluation_data(assessment)
    assert before["evaluation"]["outcome"] == "pass"
    publish_engine_content()  # t-eval 2.0.0 now exists: this assessment keeps 1.0.0
    assessment.refresh_from_db()
    assert assessment.evaluation_version.label == "t-eval@1.0.0"
    assert figures_of(assessment) == before
    assert _evaluation_data(assessment) == data_before
    assert {
        r.criterion: r.state for r in CriterionRating.objects.filter(assessment=assessment)
    } == {
        "T-R-01": "rated",
        "T-R-02": "not_applicable",
        "T-R-03": "rated",
    }
    # No scoping step for a 1.x rubric: it is still rated as before, and its page opens.
    assert not services.scope_required(assessment)
    rate(world, assessment, services.RatingInput(criterion="T-R-03", rating=3))
    assert figures_of(assessment)["evaluation"]["total"] == pytest.approx(87.5)
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["evaluator"])
    page = client.get(f"/app/assessments/{assessment.pk}/evaluation/")
    assert page.status_code == 200
    assert "Before rating, choose the criteria" not in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_maps_old_ratings_to_states_faithfully(fixture_content: Path) -> None:
    from tests.assessments.conftest import build_world

    world = build_world()
    assessment = world.reviewed(
        verdicts={"T-A-01": ("confirmed", "")},
        ratings={"T-R-01": (3, ""), "T-R-02": (None, "Not in use."), "T-R-03": (1, "Weak.")},
    )
    outcome = figures_of(assessment)["evaluation"]
    executor = MigrationExecutor(connection)
    target = ("assessments", STATES_MIGRATION)
    parents = [
        parent.key
        for parent in executor.loader.graph.node_map[target].parents
        if parent.key[0] == "assessments"
    ]
    executor.migrate(parents)
    with connection.cursor() as cursor:  # the columns as 1.x left them: no state
        cursor.execute(
            "SELECT criterion, rating FROM assessments_criterionrating WHERE assessment_id = %s "
            "ORDER BY criterion",
            [assessment.pk],
        )
        assert cursor.fetchall() == [("T-R-01", 3), ("T-R-02", None), ("T-R-03", 1)]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    rows = CriterionRating.objects.filter(assessment=assessment).order_by("criterion")
    assert [(r.criterion, r.state, r.rating) for r in rows] == [
        ("T-R-01", "rated", 3),
        ("T-R-02", "not_applicable", None),
        ("T-R-03", "rated", 1),
    ]
    assert figures_of(Assessment.objects.get(pk=assessment.pk))["evaluation"] == outcome


# --- scoping ----------------------------------------------------------------------------------


def test_a_2x_rubric_waits_for_the_scope_and_excludes_what_is_out(world: World) -> None:
    assessment = in_review_v2(world)
    with pytest.raises(ApplicationError) as caught:
        rate(world, assessment, services.RatingInput(criterion="T-R-01", rating=4))
    assert caught.value.extra["fields"] == {"scope": ["required"]}
    with pytest.raises(ApplicationError) as bad:
        scope(world, assessment, excluded=["T-R-03", "NOPE"], tta=["16"])
    assert bad.value.extra["fields"] == {
        "excluded": ["Not criteria of this rubric: NOPE."],
        "tta": ["TTA requirements are numbered 01 to 15, not 16."],
        "reason": ["Say why the criteria left out do not apply."],
    }
    recorded = scope(world, assessment, excluded=["T-R-03"], tta=["09", "01"], reason="No UI.")
    assert recorded == {
        "set": True,
        "excluded": ["T-R-03"],
        "tta": ["01", "09"],
        "reason": "No UI.",
    }
    assert AuditEvent.objects.filter(assessment=assessment, action="scope").count() == 1
    with pytest.raises(services.BatchInvalid) as out:
        rate(world, assessment, services.RatingInput(criterion="T-R-03", rating=4))
    assert out.value.problems[0].code == "out of scope"
    rate(
        world,
        assessment,
        services.RatingInput(criterion="T-R-01", rating=4),
        services.RatingInput(criterion="T-R-04", value=1.5, source="lab run 7"),
    )
    evaluation = figures_of(assessment)["evaluation"]
    assert (evaluation["outcome"], evaluation["total"], evaluation["out_of_scope"]) == (
        "pass",
        100.0,
        ["T-R-03"],
    )


def test_not_evaluated_blocks_the_decision_with_a_clear_message(world: World) -> None:
    assessment = in_review_v2(world)
    scope(world, assessment)
    rate(
        world,
        assessment,
        services.RatingInput(criterion="T-R-01", rating=4),
        services.RatingInput(criterion="T-R-03", rating=4),
        services.RatingInput(criterion="T-R-04", state="not_evaluated", rationale="No logs yet."),
    )
    stored = CriterionRating.objects.get(assessment=assessment, criterion="T-R-04")
    assert (stored.state, stored.rating, stored.value) == ("not_evaluated", None, None)
    evaluation = figures_of(assessment)["evaluation"]
    assert (evaluation["outcome"], evaluation["not_evaluated"]) == (None, ["T-R-04"])
    with pytest.raises(ApplicationError) as caught:
        services.assessment_approve(
            actor=world.users["evaluator"], assessment=assessment, comment="ok"
        )
    assert caught.value.message == (
        "No decision while criteria in scope are not evaluated: T-R-04. Rate them, or take them "
        "out of scope with a reason."
    )
    # A 0 is a failed criterion, not "not evaluated".
    rate(world, assessment, services.RatingInput(criterion="T-R-04", value=50, rationale="High."))
    assert figures_of(assessment)["evaluation"]["below_three"] == ["T-R-04"]


# --- measured criteria -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        ({"criterion": "T-R-04", "rating": 3}, "rating", "follows from its value"),
        ({"criterion": "T-R-04", "value": 120}, "value", "at most 100 %"),
        ({"criterion": "T-R-04", "value": -3}, "value", "at least 0 %"),
        ({"criterion": "T-R-01", "value": 3}, "value", "T-R-01 is not measured"),
        ({"criterion": "T-R-04", "value": 30}, "rationale", "needs a rationale"),
        ({"criterion": "T-R-04", "state": "not_evaluated"}, "rationale", "could not be evaluated"),
        ({"criterion": "T-R-04", "state": "nope"}, "state", '"nope" is not a valid choice.'),
    ],
)
def test_the_api_takes_a_measured_value_and_refuses_bad_entries_by_field(
    world: World, entry: dict[str, Any], field: str, message: str
) -> None:
    assessment = in_review_v2(world)
    scope(world, assessment)
    client = world.client("evaluator")
    url = f"{API}/assessments/{assessment.pk}/evaluation/"
    response = client.post(url, {"ratings": [entry]}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    found = (
        body.get("extra", {}).get("fields", {}).get("ratings", {}).get("0", {})
        or body.get("extra", {}).get("fields", {}).get("ratings", [{}])[0]
    )
    assert message in " ".join(found[field]), body
    assert not CriterionRating.objects.filter(assessment=assessment).exists()


def test_a_measured_value_is_stored_with_its_computed_level(world: World) -> None:
    assessment = in_review_v2(world)
    scope(world, assessment)
    client = world.client("evaluator")
    url = f"{API}/assessments/{assessment.pk}/evaluation/"
    response = client.post(
        url, {"criterion": "T-R-04", "value": 4.2, "source": "eval run 3"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json() | {"updated_at": None} == {
        "criterion": "T-R-04",
        "state": "rated",
        "rating": 3,  # 4.2 % ≤ 5 %: level 3, the pass bound
        "value": 4.2,
        "source": "eval run 3",
        "rationale": "",
        "evaluator": "evaluator",
        "updated_at": None,
    }
    listed = client.get(url).json()["results"]
    assert [(r["criterion"], r["rating"], r["value"]) for r in listed] == [("T-R-04", 3, 4.2)]


def test_measurements_import_is_all_or_nothing_with_field_errors(world: World) -> None:
    assessment = in_review_v2(world)
    scope(world, assessment)
    client = world.client("evaluator")
    url = f"{API}/assessments/{assessment.pk}/evaluation/"
    bad = {
        "measurements": [
            {"criterion": "T-R-04", "value": 3.2, "source": "run 1"},
            {"criterion": "T-R-99", "value": 1},
        ]
    }
    response = client.post(url, bad, format="json")
    assert response.status_code == 400
    problems = response.json()["extra"]["fields"]["measurements"]
    assert problems == {"1": {"criterion": ["T-R-99 is not a reliability criterion."]}}
    assert not CriterionRating.objects.filter(assessment=assessment).exists()
    shape = client.post(url, {"measurements": [{"criterion": "T-R-04"}]}, format="json")
    assert shape.status_code == 400
    assert "value" in shape.json()["extra"]["fields"]["measurements"]["0"]
    good = {"measurements": [{"criterion": "T-R-04", "value": 3.2, "source": "run 1"}]}
    response = client.post(url, good, format="json")
    assert response.status_code == 200, response.content
    stored = CriterionRating.objects.get(assessment=assessment, criterion="T-R-04")
    assert (stored.value, stored.rating, stored.source) == (3.2, 3, "run 1")
    # The company reads the outcome but cannot import.
    assert world.client("owner").post(url, good, format="json").status_code == 403
    assert world.client("other_evaluator").post(url, good, format="json").status_code == 404


def test_the_rubric_page_scopes_rates_and_imports(world: World) -> None:
    assessment = in_review_v2(world)
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["evaluator"])
    url = f"/app/assessments/{assessment.pk}/evaluation/"
    page = client.get(url).content.decode()
    assert "Before rating, choose the criteria" in page
    response = client.post(
        url,
        {"step": "scope", "in-T-R-01": "1", "in-T-R-04": "1", "tta": ["09"], "scope_reason": ""},
    )
    assert response.status_code == 400
    assert "Say why the criteria left out do not apply." in response.content.decode()
    response = client.post(
        url,
        {
            "step": "scope",
            "in-T-R-01": "1",
            "in-T-R-04": "1",
            "tta": ["09"],
            "scope_reason": "No UI",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Out of scope" in page and 'name="c-T-R-03"' not in page
    assert "Pass threshold: ≤ 5 %" in page
    bad = client.post(url, {"step": "rate", "c-T-R-01": "4", "m-T-R-04": "abc"})
    assert bad.status_code == 400
    assert "Enter the measured value as a number." in bad.content.decode()
    assert not CriterionRating.objects.filter(assessment=assessment).exists()
    below = client.post(url, {"step": "rate", "c-T-R-01": "4", "m-T-R-04": "6"})
    assert below.status_code == 400  # 6 % is level 2: a rationale is needed
    assert "needs a rationale" in below.content.decode()
    ok = client.post(
        url, {"step": "rate", "c-T-R-01": "4", "m-T-R-04": "6", "w-T-R-04": "Above 5 %."}
    )
    assert ok.status_code == 302
    assert CriterionRating.objects.get(assessment=assessment, criterion="T-R-04").rating == 2
    upload = SimpleUploadedFile(
        "m.json",
        json.dumps({"measurements": [{"criterion": "T-R-04", "value": 1.5}]}).encode(),
        content_type="application/json",
    )
    imported = client.post(url, {"step": "import", "measurements_file": upload})
    assert imported.status_code == 302
    assert CriterionRating.objects.get(assessment=assessment, criterion="T-R-04").rating == 4
    pasted = client.post(url, {"step": "import", "measurements": "{not json"})
    assert pasted.status_code == 400
    assert "Not valid JSON" in pasted.content.decode()
    page = client.get(url).content.decode()
    assert '<span class="measured-level">level 4</span>' in page
    readout = selectors.score_of(Assessment.objects.get(pk=assessment.pk))
    assert readout.evaluation is not None and readout.evaluation.outcome is not None
    assert readout.evaluation.out_of_scope == ("T-R-03",)
    assert readout.evaluation.outcome.value == "pass"
