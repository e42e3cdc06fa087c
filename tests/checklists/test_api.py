"""The read-only catalog over real HTTP requests through DRF's test client."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.checklists.fixtures import VALID, write


@pytest.mark.django_db
def test_list_shows_latest_version_of_each(
    loaded: Path, api: APIClient, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    write(loaded, VALID.replace("version: 1.0.0", "version: 1.2.0"), version="1.2.0")
    write(loaded, VALID.replace("version: 1.0.0", "version: 1.10.0"), version="1.10.0")
    call_command("load_checklists", path=loaded, stdout=io.StringIO())
    with django_assert_max_num_queries(2):
        response = api.get("/api/v1/checklists/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "slug": "demo-basic",
            "version": "1.10.0",  # semantic order, not string order
            "kind": "self_check",
            "domain": "general",
            "title": {"ko": "데모 점검표", "en": "Demo checklist"},
            "item_count": 3,
        }
    ]
    assert set(body) == {"count", "next", "previous", "results"}


@pytest.mark.django_db
def test_detail_returns_whole_document(loaded: Path, api: APIClient) -> None:
    response = api.get("/api/v1/checklists/demo-basic/")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "1.0.0"
    assert len(body["sha256"]) == 64
    assert [s["code"] for s in body["sections"]] == ["DEM-A", "DEM-B"]
    maturity = body["sections"][0]["items"][1]
    assert maturity["show_if"] == {"item": "DEM-A-01", "in": ["yes"]}
    assert maturity["critical"] is True
    options = body["sections"][1]["items"][0]["options"]
    assert options[0] == {"key": "manual", "label": {"ko": "수동", "en": "Manual"}, "score": 0.5}


@pytest.mark.django_db
def test_named_version_and_unknowns(loaded: Path, api: APIClient) -> None:
    assert api.get("/api/v1/checklists/demo-basic/versions/1.0.0/").json()["version"] == "1.0.0"
    missing_version = api.get("/api/v1/checklists/demo-basic/versions/9.9.9/")
    assert missing_version.status_code == 404
    assert missing_version.json() == {"message": "Not found.", "extra": {"code": "not_found"}}
    assert api.get("/api/v1/checklists/nope/").status_code == 404


@pytest.mark.django_db
def test_catalog_is_read_only(loaded: Path, api: APIClient) -> None:
    user = get_user_model().objects.create_user("writer", password="pw-123456789")
    api.force_authenticate(user)
    response = api.post("/api/v1/checklists/", {"slug": "x"}, format="json")
    assert response.status_code == 405
    assert response.json()["message"] == 'Method "POST" not allowed.'


@pytest.mark.django_db
def test_token_auth(api: APIClient) -> None:
    get_user_model().objects.create_user("alice", password="pw-123456789")
    bad = api.post("/api/v1/auth/token/", {"username": "alice", "password": "wrong"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["message"] == "The request has invalid fields."
    good = api.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "pw-123456789"}, format="json"
    )
    assert good.status_code == 200
    assert len(good.json()["token"]) == 64  # a knox token (DRF's static ones had 40)
    assert good.json()["expiry"]


@pytest.mark.django_db
def test_malformed_json_is_a_400_with_message(api: APIClient) -> None:
    response = api.generic(
        "POST", "/api/v1/auth/token/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("The request body is not valid JSON")


@pytest.mark.django_db
def test_openapi_schema_and_docs(api: APIClient) -> None:
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {
        "/api/v1/checklists/",
        "/api/v1/checklists/{slug}/",
        "/api/v1/checklists/{slug}/versions/{version}/",
    } <= set(paths)
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content  # served from the sidecar package, not a CDN


@pytest.mark.django_db
def test_error_messages_follow_accept_language(loaded: Path) -> None:
    korean = APIClient(headers={"Accept-Language": "ko"}).get("/api/v1/checklists/nope/")
    assert korean.status_code == 404
    assert korean.json()["message"] == "찾을 수 없습니다."
