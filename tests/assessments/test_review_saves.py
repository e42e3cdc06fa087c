"""Review saves are all or nothing (issue 15, defect 2; issue 16, item 4): the review page, the
rubric page and the API write every verdict or rating of one request in one transaction, name each
bad entry next to its field, keep what the evaluator typed, and write nothing when one is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.models import Assessment, AuditEvent, CriterionRating, ItemVerdict, Membership
from tests.assessments.conftest import World
from tests.assessments.test_query_counts import build
from tests.factories import sign_in


def page(world: World, who: str) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users[who])
    client.cookies["django_language"] = "en"
    return client


def stored(assessment: Assessment) -> tuple[int, int, int]:
    return (
        ItemVerdict.objects.filter(assessment=assessment).count(),
        CriterionRating.objects.filter(assessment=assessment).count(),
        AuditEvent.objects.filter(assessment=assessment, action__in=["verdict", "rating"]).count(),
    )


# --- The review page ------------------------------------------------------------------------


def test_one_bad_remark_saves_none_of_the_page_and_keeps_every_input(world: World) -> None:
    assessment = world.in_review()
    url = f"/app/assessments/{assessment.pk}/review/t-general/"
    response = page(world, "evaluator").post(
        url,
        {
            "section": "T-A",
            "v-T-A-01": "confirmed",
            "r-T-A-01": "",
            "v-T-A-02": "partially_confirmed",
            "r-T-A-02": "Only one reviewer\nno minutes kept",
            "v-T-A-03": "not_confirmed",  # no remark: refused
            "r-T-A-03": "",
        },
    )
    assert response.status_code == 400
    assert stored(assessment) == (0, 0, 0)
    html = response.content.decode()
    # Every input is still in the form, the error next to the item it belongs to.
    assert '<option value="confirmed" selected>' in html
    assert '<option value="partially_confirmed" selected>' in html
    assert '<option value="not_confirmed" selected>' in html
    assert "Only one reviewer\nno minutes kept</textarea>" in html
    assert 'id="e-T-A-03"' in html and 'id="e-T-A-01"' not in html
    assert "Explain a verdict other than confirmed in a remark." in html
    assert 'data-unsaved="1"' in html


def test_a_good_page_saves_every_verdict_at_once(world: World) -> None:
    assessment = world.in_review()
    url = f"/app/assessments/{assessment.pk}/review/t-general/"
    response = page(world, "evaluator").post(
        url,
        {
            "section": "T-A",
            "goto": "T-B",  # switching sections saves
            "v-T-A-01": "confirmed",
            "r-T-A-01": "",
            "v-T-A-02": "partially_confirmed",
            "r-T-A-02": "line one\nline two",
            "v-T-A-03": "",
            "r-T-A-03": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?section=T-B")
    rows = {v.item_code: (v.verdict, v.remark) for v in ItemVerdict.objects.all()}
    assert rows == {
        "T-A-01": ("confirmed", ""),
        "T-A-02": ("partially_confirmed", "line one\nline two"),
    }
    assert stored(assessment) == (2, 0, 2)


def test_a_remark_without_a_verdict_is_refused_not_dropped(world: World) -> None:
    assessment = world.in_review()
    response = page(world, "evaluator").post(
        f"/app/assessments/{assessment.pk}/review/t-general/",
        {"section": "T-A", "v-T-A-01": "", "r-T-A-01": "I will check this later"},
    )
    assert response.status_code == 400
    assert "I will check this later</textarea>" in response.content.decode()
    assert stored(assessment) == (0, 0, 0)


# --- The rubric page ------------------------------------------------------------------------


def test_a_rubric_error_keeps_the_level_picked_and_saves_nothing(world: World) -> None:
    assessment = world.in_review()
    response = page(world, "evaluator").post(
        f"/app/assessments/{assessment.pk}/evaluation/",
        {
            "c-T-R-01": "4",
            "w-T-R-01": "",
            "c-T-R-02": "2",  # below 3 without a rationale: refused
            "w-T-R-02": "",
            "c-T-R-03": "",
            "w-T-R-03": "Still collecting logs",  # a rationale without a level: refused, kept
        },
    )
    assert response.status_code == 400
    assert stored(assessment) == (0, 0, 0)
    html = response.content.decode()
    assert 'name="c-T-R-01" value="4" checked' in html
    assert 'name="c-T-R-02" value="2" checked' in html
    assert "Still collecting logs</textarea>" in html
    assert "A rating below 3, or not applicable, needs a rationale." in html
    assert "Choose a level for this criterion." in html


def test_a_forged_level_is_a_field_error_not_a_sentinel(world: World) -> None:
    assessment = world.in_review()
    response = page(world, "evaluator").post(
        f"/app/assessments/{assessment.pk}/evaluation/",
        {"c-T-R-01": "4", "c-T-R-03": "seven", "w-T-R-03": "because"},
    )
    assert response.status_code == 400
    assert "A rating is a whole number from 0 to 4." in response.content.decode()
    assert stored(assessment) == (0, 0, 0)


def test_a_good_rubric_saves_every_rating(world: World) -> None:
    assessment = world.in_review()
    response = page(world, "evaluator").post(
        f"/app/assessments/{assessment.pk}/evaluation/",
        {"c-T-R-01": "4", "c-T-R-02": "na", "w-T-R-02": "No users", "c-T-R-03": "3"},
    )
    assert response.status_code == 302
    assert {r.criterion: r.rating for r in CriterionRating.objects.all()} == {
        "T-R-01": 4,
        "T-R-02": None,
        "T-R-03": 3,
    }


# --- The API --------------------------------------------------------------------------------


def test_api_bulk_verdicts_are_all_or_nothing(world: World) -> None:
    assessment = world.in_review()
    api = world.client("evaluator")
    url = f"/api/v1/assessments/{assessment.pk}/verdicts/"
    good = {"checklist": "t-general", "item": "T-A-01", "verdict": "confirmed"}
    bad = {"checklist": "t-general", "item": "T-A-03", "verdict": "needs_evidence", "remark": " "}
    response = api.post(url, {"verdicts": [good, bad]}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "message": "Some verdicts are invalid; none was saved.",
        "extra": {
            "fields": {
                "verdicts": {
                    "1": {"remark": ["Explain a verdict other than confirmed in a remark."]}
                }
            }
        },
    }
    assert stored(assessment) == (0, 0, 0)
    twice = api.post(url, {"verdicts": [good, good]}, format="json")
    assert twice.status_code == 400 and "1" in twice.json()["extra"]["fields"]["verdicts"]
    assert stored(assessment) == (0, 0, 0)

    fixed = {**bad, "remark": "Attach the test report"}
    response = api.post(url, {"verdicts": [good, fixed]}, format="json")
    assert response.status_code == 200, response.json()
    assert [(v["item"], v["verdict"], v["checklist"]) for v in response.json()] == [
        ("T-A-01", "confirmed", "t-general@1.0.0"),
        ("T-A-03", "needs_evidence", "t-general@1.0.0"),
    ]
    assert stored(assessment) == (2, 0, 2)
    # The same batch again changes nothing and writes no audit event.
    assert api.post(url, {"verdicts": [good, fixed]}, format="json").status_code == 200
    assert stored(assessment) == (2, 0, 2)


def test_api_bulk_ratings_are_all_or_nothing(world: World) -> None:
    assessment = world.in_review()
    api = world.client("evaluator")
    url = f"/api/v1/assessments/{assessment.pk}/evaluation/"
    ratings = [
        {"criterion": "T-R-01", "rating": 4},
        {"criterion": "T-R-02", "rating": 3},
        {"criterion": "T-R-03", "rating": 1},  # no rationale
    ]
    response = api.post(url, {"ratings": ratings}, format="json")
    assert response.status_code == 400
    assert response.json()["extra"] == {
        "fields": {
            "ratings": {
                "2": {"rationale": ["A rating below 3, or not applicable, needs a rationale."]}
            }
        }
    }
    assert stored(assessment) == (0, 0, 0)
    ratings[2]["rationale"] = "Manual monitoring only"
    response = api.post(url, {"ratings": ratings}, format="json")
    assert response.status_code == 200, response.json()
    assert [(r["criterion"], r["rating"]) for r in response.json()] == [
        ("T-R-01", 4),
        ("T-R-02", 3),
        ("T-R-03", 1),
    ]
    assert stored(assessment) == (0, 3, 3)


def test_the_single_verdict_form_of_the_api_still_answers_201(world: World) -> None:
    assessment = world.in_review()
    response = world.client("evaluator").post(
        f"/api/v1/assessments/{assessment.pk}/verdicts/",
        {"checklist": "t-general", "item": "T-A-01", "verdict": "confirmed"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["item"] == "T-A-01"


# --- What an 8-verdict save costs -----------------------------------------------------------

EIGHT_VERDICT_CAP = 20
"""Queries for one review-page save of 8 verdicts (102 before the bulk service)."""


@pytest.mark.django_db
def test_an_eight_verdict_page_save_costs_a_fixed_few_queries(
    tmp_path: Path, settings: Any
) -> None:
    sized = build(20, tmp_path, settings, review=False)
    body = Membership.objects.get(user=sized.evaluator).organization
    services.assessment_submit(
        actor=sized.owner, assessment=sized.assessment, evaluation_body=body.pk
    )
    services.assessment_claim(actor=sized.evaluator, assessment=sized.assessment)
    client = Client()
    sign_in(client, sized.evaluator)
    data: dict[str, str] = {"section": "Q-S000"}
    for number in range(8):
        data[f"v-Q-{number:05d}"] = "partially_confirmed"
        data[f"r-Q-{number:05d}"] = f"remark {number}"
    url = f"/app/assessments/{sized.assessment.pk}/review/{sized.slug}/"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content[:300]
    assert ItemVerdict.objects.filter(assessment=sized.assessment).count() == 8
    print(f"8-verdict review save: {len(queries)} queries")
    assert len(queries) <= EIGHT_VERDICT_CAP, [q["sql"][:120] for q in queries.captured_queries]


def test_api_bulk_shape_errors_name_the_entry(world: World) -> None:
    assessment = world.in_review()
    response = world.client("evaluator").post(
        f"/api/v1/assessments/{assessment.pk}/verdicts/",
        {"verdicts": [{"checklist": "t-general", "item": "T-A-01", "verdict": "great"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["verdicts"]["0"] == {
        "verdict": ['"great" is not a valid choice.']
    }
    response = world.client("evaluator").post(
        f"/api/v1/assessments/{assessment.pk}/evaluation/", {"ratings": []}, format="json"
    )
    assert response.status_code == 400 and "ratings" in response.json()["extra"]["fields"]
    assert stored(assessment) == (0, 0, 0)
