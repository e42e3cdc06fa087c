"""same_as and measurement in a real assessment: t-hiring 2.0.0 (tests/assessments/content_engine)
asks T-H-02, the prior review that t-obligations T-O-01 owns, and measures T-H-03."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments import selectors, services
from assessments.excel import workbook_export, workbook_import
from assessments.models import Answer, Assessment
from core.exceptions import ApplicationError
from tests.assessments.conftest import GENERAL_ANSWERS, SCREENING_ANSWERS, World
from tests.assessments.test_excel import fill
from tests.factories import sign_in

API = "/api/v1"
ENGINE = Path(__file__).resolve().parent / "content_engine"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def engine_content(world: World) -> World:
    """t-hiring 2.0.0 and t-eval 2.0.0 published next to the 1.0.0 fixture content."""
    call_command("load_checklists", path=ENGINE, stdout=io.StringIO())
    return world


def answer(world: World, assessment: Assessment, slug: str, values: dict[str, Any]) -> None:
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist=slug, item=code, value=value)
            for code, value in values.items()
        ],
    )


def high_impact(world: World) -> Assessment:
    """A hiring assessment screened high-impact: t-obligations applies, so T-H-02 is referred."""
    assessment = world.new_assessment()
    answer(world, assessment, "t-screening", SCREENING_ANSWERS)
    labels = selectors.score_of(assessment).applicable
    assert "t-hiring@2.0.0" in labels and "t-obligations@1.0.0" in labels
    return assessment


def test_a_referred_item_is_answered_once_and_scored_once(engine_content: World) -> None:
    world = engine_content
    assessment = high_impact(world)
    answer(world, assessment, "t-general", GENERAL_ANSWERS)
    answer(world, assessment, "t-obligations", {"T-O-01": "no"})
    answer(world, assessment, "t-hiring", {"T-H-01": "yes", "T-H-03": 3.2})
    readout = selectors.score_of(assessment)
    hiring = next(c for c in readout.score.checklists if c.slug == "t-hiring")
    # T-H-02 takes T-O-01's "no": section T-H scores (1 + 0) / 2; T-H-03 3.2 pp is level 3.
    assert [s.score for s in hiring.sections] == [50.0, 75.0]
    # Submit asks nothing more: T-H-02 is answered at its owner.
    assert not [m for m in services.missing_for_submit(assessment) if m["item"] == "T-H-02"]
    assert (hiring.answered, hiring.required) == (2, 2)
    # The critical gap is listed once, at the owner.
    assert [g for g in readout.score.critical_gaps if "T-O-01" in g or "T-H-02" in g] == [
        "t-obligations:T-O-01"
    ]
    assert [
        (g.checklist, g.item) for g in readout.score.gaps if g.item in ("T-O-01", "T-H-02")
    ] == [("t-obligations", "T-O-01")]


def test_writing_a_referred_item_is_a_field_error_naming_the_owner(engine_content: World) -> None:
    world = engine_content
    assessment = high_impact(world)
    with pytest.raises(ApplicationError) as caught:
        answer(world, assessment, "t-hiring", {"T-H-01": "yes", "T-H-02": "yes"})
    problems = caught.value.extra["fields"]["answers"]
    assert list(problems) == ["1"]
    assert problems["1"]["item"] == [
        "T-H-02 is answered in Test obligations › Duties (T-O-01); change the answer there."
    ]
    assert (
        not Answer.objects.filter(assessment=assessment)
        .exclude(checklist_version__checklist__slug="t-screening")
        .exists()
    )  # all or nothing: T-H-01 was not saved either


@pytest.mark.parametrize("who", ["owner", "member"])
def test_the_api_refuses_a_referred_item_with_a_400_and_lists_it_as_referred(
    engine_content: World, who: str
) -> None:
    world = engine_content
    assessment = high_impact(world)
    answer(world, assessment, "t-obligations", {"T-O-01": "yes"})
    client = world.client(who)
    url = f"{API}/assessments/{assessment.pk}/answers/"
    entry = {"checklist": "t-hiring", "item": "T-H-02", "value": "no"}
    response = client.post(url, {"answers": [entry]}, format="json")
    assert response.status_code == 400, response.content
    message = response.json()["extra"]["fields"]["answers"]["0"]["item"][0]
    assert "answered in Test obligations › Duties (T-O-01)" in message
    listed = client.get(url).json()["results"]
    referred = [row for row in listed if row["item"] == "T-H-02"]
    assert referred == [
        {
            **referred[0],
            "checklist": "t-hiring@2.0.0",
            "value": "yes",
            "answered_in": {"checklist": "t-obligations", "section": "T-O", "item": "T-O-01"},
        }
    ]
    owner_row = next(row for row in listed if row["item"] == "T-O-01")
    assert owner_row["answered_in"] is None


@pytest.mark.parametrize(("who", "status"), [("other_company", 404), ("anonymous", 401)])
def test_outsiders_cannot_read_or_write_referred_items(
    engine_content: World, who: str, status: int
) -> None:
    world = engine_content
    assessment = high_impact(world)
    url = f"{API}/assessments/{assessment.pk}/answers/"
    client = world.client(who)
    assert client.get(url).status_code == status
    entry = {"checklist": "t-hiring", "item": "T-H-02", "value": "no"}
    assert client.post(url, {"answers": [entry]}, format="json").status_code == status


def test_without_the_owner_checklist_the_item_is_asked(engine_content: World) -> None:
    world = engine_content
    assessment = world.new_assessment()
    screening = SCREENING_ANSWERS | {"T-SIG-01": "no"}  # not high-impact: no t-obligations
    answer(world, assessment, "t-screening", screening)
    assert not any(a.startswith("t-obligations") for a in selectors.score_of(assessment).applicable)
    answer(world, assessment, "t-hiring", {"T-H-02": "no"})
    hiring = next(
        c for c in selectors.score_of(assessment).score.checklists if c.slug == "t-hiring"
    )
    assert hiring.critical_gaps == ("T-H-02",)
    assert {
        "checklist": "t-hiring",
        "section": "T-H",
        "item": "T-H-01",
        "problem": "unanswered",
    } in (services.missing_for_submit(assessment))


def test_the_fill_page_shows_the_owner_answer_read_only(engine_content: World) -> None:
    world = engine_content
    assessment = high_impact(world)
    answer(world, assessment, "t-obligations", {"T-O-01": "yes"})
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["owner"])
    page = client.get(f"/app/assessments/{assessment.pk}/fill/t-hiring/")
    assert page.status_code == 200
    html = page.content.decode()
    owner_link = f"/app/assessments/{assessment.pk}/fill/t-obligations/?section=T-O#item-T-O-01"
    assert f'<a href="{owner_link}">Test obligations › Duties</a>' in html
    assert '<strong class="referred-answer">Yes</strong>' in html
    assert 'name="a-T-H-02-value"' not in html  # not asked again
    assert 'name="a-T-H-01-value"' in html
    # A posted value for it (a crafted form) is refused, not dropped silently.
    response = client.post(
        f"/app/assessments/{assessment.pk}/fill/t-hiring/",
        {"section": "T-H", "a-T-H-02-version": "", "a-T-H-02-value": "no"},
    )
    assert response.status_code == 200
    assert "T-H-02 is answered in Test obligations › Duties (T-O-01)" in response.content.decode()
    assert not Answer.objects.filter(assessment=assessment, item_code="T-H-02").exists()


def test_the_fill_page_queries_do_not_grow_with_referred_items(engine_content: World) -> None:
    world = engine_content
    assessment = high_impact(world)
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["owner"])
    url = f"/app/assessments/{assessment.pk}/fill/t-hiring/"
    client.get(url)
    with CaptureQueriesContext(connection) as unanswered:
        assert client.get(url).status_code == 200
    answer(world, assessment, "t-obligations", {"T-O-01": "yes"})
    answer(world, assessment, "t-hiring", {"T-H-01": "yes", "T-H-03": 1})
    with CaptureQueriesContext(connection) as answered:
        assert client.get(url).status_code == 200
    assert len(answered) == len(unanswered)


def test_measurement_answers_are_checked_against_their_bounds(engine_content: World) -> None:
    world = engine_content
    assessment = high_impact(world)
    client = world.client("owner")
    url = f"{API}/assessments/{assessment.pk}/answers/"
    for value, message in [
        (150, "The measured value is at most 100 pp."),
        (-1, "The measured value is at least 0 pp."),
        ("lots", "Enter the measured value as a number."),
        (True, "Enter the measured value as a number."),
    ]:
        entry = {"checklist": "t-hiring", "item": "T-H-03", "value": value}
        response = client.post(url, {"answers": [entry]}, format="json")
        assert response.status_code == 400, value
        assert response.json()["extra"]["fields"]["answers"]["0"]["value"] == [message]
    ok = {"checklist": "t-hiring", "item": "T-H-03", "value": 4.5}
    response = client.post(url, {"answers": [ok]}, format="json")
    assert response.status_code == 200
    assert response.json()[0]["value"] == 4.5


def test_excel_import_refuses_a_value_on_a_referred_row(engine_content: World) -> None:
    world = engine_content
    assessment = high_impact(world)
    exported = workbook_export(assessment=assessment, language="en")
    from openpyxl import load_workbook

    rows = {
        row[0].value: row for row in load_workbook(io.BytesIO(exported))["t-hiring"].iter_rows()
    }
    assert rows["T-H-02"][4].value == "answered in t-obligations T-O-01"
    assert rows["T-H-03"][4].value == "number (pp) min 0 max 100"
    filled = fill(exported, {("t-hiring", "T-H-01"): "yes", ("t-hiring", "T-H-02"): "no"})
    with pytest.raises(ApplicationError) as caught:
        workbook_import(actor=world.users["owner"], assessment=assessment, data=filled)
    rows_in_error = caught.value.extra["rows"]
    assert [(r["item"], r["row"]) for r in rows_in_error] == [("T-H-02", 3)]
    assert "answered in Test obligations › Duties (T-O-01)" in rows_in_error[0]["message"]
    assert not Answer.objects.filter(assessment=assessment, item_code="T-H-01").exists()
    measured = fill(exported, {("t-hiring", "T-H-03"): "2,5"})
    assert workbook_import(actor=world.users["owner"], assessment=assessment, data=measured) == 1
    assert Answer.objects.get(assessment=assessment, item_code="T-H-03").value == 2.5


def test_the_evaluator_reviews_the_owner_and_sees_where_the_referred_item_is(
    engine_content: World,
) -> None:
    world = engine_content
    assessment = world.new_assessment()
    world.answer_all(assessment)
    answer(world, assessment, "t-hiring", {"T-H-03": 1})
    services.assessment_submit(
        actor=world.users["owner"], assessment=assessment, evaluation_body=world.body.pk
    )
    assessment = services.assessment_claim(actor=world.users["evaluator"], assessment=assessment)
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users["evaluator"])
    page = client.get(f"/app/assessments/{assessment.pk}/review/t-hiring/").content.decode()
    owner_link = f"/app/assessments/{assessment.pk}/review/t-obligations/?section=T-O#item-T-O-01"
    assert f'See <a href="{owner_link}">Test obligations › Duties</a>' in page
    assert 'name="v-T-H-02"' not in page and 'name="v-T-H-01"' in page
    with pytest.raises(services.BatchInvalid) as caught:
        services.verdicts_set(
            actor=world.users["evaluator"],
            assessment=assessment,
            verdicts=[
                services.VerdictInput(checklist="t-hiring", item="T-H-02", verdict="confirmed")
            ],
        )
    assert caught.value.problems[0].message == (
        "T-H-02 is answered in t-obligations (T-O-01); give the verdict there."
    )
    # The owner's verdict applies to the referred item in its section's verified score.
    services.verdicts_set(
        actor=world.users["evaluator"],
        assessment=assessment,
        verdicts=[
            services.VerdictInput(
                checklist="t-obligations", item="T-O-01", verdict="not_confirmed", remark="No."
            )
        ],
    )
    hiring = next(
        c for c in selectors.score_of(assessment).score.checklists if c.slug == "t-hiring"
    )
    assert hiring.sections[0].verified_score == 50.0  # T-H-01 yes (1), T-H-02 verified 0
