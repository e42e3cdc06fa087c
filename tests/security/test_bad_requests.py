"""Requests that answered 500 or went where they should not (issue 17.8, issue 15 defect 1): odd
verification codes, ``next`` pointing off the site or at ``javascript:``, and JSON over the size
limit, which must get the API's ``{message, extra}`` with 413."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.assessments.conftest import World
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "code", ["a/b", "../../admin", "a?b=c", "%2F", "TC 2026", "ä", "x" * 39 + "/", "<b>"]
)
def test_odd_verification_codes_are_a_form_error(code: str) -> None:
    response = Client(headers={"Accept-Language": "en"}).get("/verify/", {"code": code})
    assert response.status_code == 400
    assert "Enter a report code" in response.content.decode()


def test_a_well_formed_code_goes_to_its_page() -> None:
    response = Client().get("/verify/", {"code": " tc-2026-7kq4-m2xd "})
    assert response.status_code == 302
    assert response["Location"] == "/verify/TC-2026-7KQ4-M2XD/"


UNSAFE = [
    "https://evil.example/x",
    "//evil.example/x",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "\\\\evil.example",
    "http:evil.example",
    "https://testserver@evil.example/",
]


@pytest.mark.parametrize("target", UNSAFE)
def test_the_step_form_never_redirects_off_the_site(world: World, target: str) -> None:
    assessment = world.submitted()
    client = Client()
    sign_in(client, world.users["evaluator"])
    response = client.post(
        f"/app/assessments/{assessment.pk}/step/claim/", {"comment": "x", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/app/assessments/{assessment.pk}/"


@pytest.mark.parametrize("target", UNSAFE)
def test_the_language_switch_never_redirects_off_the_site(target: str) -> None:
    response = Client().post("/language/", {"language": "en", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_local_next_is_followed(world: World) -> None:
    assessment = world.submitted()
    client = Client()
    sign_in(client, world.users["evaluator"])
    response = client.post(
        f"/app/assessments/{assessment.pk}/step/claim/", {"comment": "x", "next": "/app/?a=1"}
    )
    assert response["Location"] == "/app/?a=1"


def test_the_sign_in_page_ignores_an_outside_next() -> None:
    from tests.factories import PASSWORD, UserFactory

    UserFactory(username="kim")
    response = Client().post(
        "/accounts/login/",
        {"username": "kim", "password": PASSWORD, "next": "https://evil.example/x"},
    )
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_json_over_the_size_limit_is_a_413_in_the_api_shape(world: World, settings: Any) -> None:
    assessment = world.new_assessment()
    big = json.dumps(
        {
            "answers": [
                {"checklist": "t-general", "item": "T-B-03", "value": "x" * 3_000_000},
            ]
        }
    )
    for client in (world.client("owner"), APIClient(headers={"Accept-Language": "en"})):
        response = client.post(
            f"/api/v1/assessments/{assessment.pk}/answers/", big, content_type="application/json"
        )
        assert response.status_code == 413
        assert response["Content-Type"] == "application/json"
        body = response.json()
        assert set(body) == {"message", "extra"}
        assert body["extra"]["limit"] == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
