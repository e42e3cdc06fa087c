"""Bad input, endpoint by endpoint: always a 4xx in the error shape with a precise message, and
nothing stored — no row, no audit event, no file (DESIGN.md §7: "Never 500 on input").

Each test takes a snapshot of the database (and of MEDIA_ROOT, pointed at a temporary folder) before
the request and compares it afterwards. The API client re-raises server errors, so a 500 fails the
test loudly rather than passing as "some error".
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments import services
from assessments.models import (
    AISystem,
    Answer,
    Assessment,
    AuditEvent,
    CriterionRating,
    Evidence,
    ItemVerdict,
    Revision,
)
from tests.assessments.conftest import World

API = "/api/v1"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 40
PE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)
INVALID = "The request has invalid fields."
NOT_JSON = "The request body is not valid JSON"


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def files_under(root: Path) -> list[str]:
    return (
        sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )


def snapshot(media: Path) -> dict[str, Any]:
    return {
        "systems": sorted(AISystem.objects.values_list("pk", "name", "purpose", "domain")),
        "assessments": sorted(
            Assessment.objects.values_list(
                "pk", "status", "revision", "evaluation_body_id", "claimed_by_id", "opinion"
            )
        ),
        "answers": sorted(
            Answer.objects.values_list("pk", "item_code", "value", "comment", "version")
        ),
        "evidence": Evidence.objects.count(),
        "events": AuditEvent.objects.count(),
        "verdicts": ItemVerdict.objects.count(),
        "ratings": CriterionRating.objects.count(),
        "revisions": Revision.objects.count(),
        "files": files_under(media),
    }


@contextmanager
def nothing_stored(media: Path) -> Iterator[None]:
    before = snapshot(media)
    yield
    after = snapshot(media)
    assert after == before, "a refused request stored something"


def error(
    response: Any, status: int, message: str | None = None, *, startswith: str | None = None
) -> dict[str, Any]:
    """Check status and the error shape ``{"message": str, "extra": dict}``; return the body."""
    assert response.status_code == status, (response.status_code, response.content[:1000])
    body: dict[str, Any] = response.json()
    assert set(body) == {"message", "extra"}, body
    assert isinstance(body["message"], str) and body["message"], body
    assert isinstance(body["extra"], dict), body
    if message is not None:
        assert body["message"] == message, body
    if startswith is not None:
        assert body["message"].startswith(startswith), body
    return body


def url(path: str) -> str:
    return API + path


# --------------------------------------------------------------------------------------------
# Bodies that are not JSON objects, on every JSON endpoint
# --------------------------------------------------------------------------------------------

# who posts, to which path, in which state: chosen so that the request gets as far as parsing.
JSON_ENDPOINTS = [
    ("owner", "POST", "/systems/", "none"),
    ("owner", "PATCH", "/systems/{s}/", "none"),
    ("owner", "POST", "/assessments/", "none"),
    ("owner", "POST", "/assessments/{a}/answers/", "draft"),
    ("owner", "POST", "/assessments/{a}/submit/", "draft"),
    ("owner", "POST", "/assessments/{a}/withdraw/", "draft"),
    ("evaluator", "POST", "/assessments/{a}/claim/", "submitted"),
    ("evaluator", "POST", "/assessments/{a}/request-changes/", "in_review"),
    ("evaluator", "POST", "/assessments/{a}/approve/", "in_review"),
    ("evaluator", "POST", "/assessments/{a}/reject/", "in_review"),
    ("evaluator", "POST", "/assessments/{a}/verdicts/", "in_review"),
    ("evaluator", "POST", "/assessments/{a}/evaluation/", "in_review"),
]


def state(world: World, name: str) -> dict[str, int]:
    if name == "none":
        return {"s": world.system.pk}
    assessment = {
        "draft": world.new_assessment,
        "submitted": world.submitted,
        "in_review": world.in_review,
    }[name]()
    return {"s": world.system.pk, "a": assessment.pk}


def send_raw(client: Any, method: str, path: str, raw: str) -> Any:
    return getattr(client, method.lower())(url(path), data=raw, content_type="application/json")


@pytest.mark.parametrize(
    ("who", "method", "path", "when"),
    JSON_ENDPOINTS,
    ids=[f"{m} {p}" for _w, m, p, _s in JSON_ENDPOINTS],
)
@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("{not json", id="malformed"),
        pytest.param('{"answers": [', id="truncated"),
        pytest.param('{"rating": NaN, "value": NaN}', id="NaN"),
    ],
)
def test_malformed_json_is_a_400(
    world: World, media: Path, who: str, method: str, path: str, when: str, raw: str
) -> None:
    ids = state(world, when)
    with nothing_stored(media):
        response = send_raw(world.client(who), method, path.format(**ids), raw)
    body = error(response, 400, startswith=NOT_JSON)
    assert body["extra"] == {}


def test_deeply_nested_json_is_a_400_on_every_json_endpoint(world: World, media: Path) -> None:
    """JSON nested deeper than Python's recursion limit must be a parse error, not a 500."""
    raw = '{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}"
    codes = {}
    for who, method, path, when in JSON_ENDPOINTS:
        ids = state(world, when)
        client = world.client(who)
        client.raise_request_exception = False
        with nothing_stored(media):
            response = send_raw(client, method, path.format(**ids), raw)
        codes[f"{method} {path}"] = response.status_code
        if response.status_code == 400:
            error(response, 400, startswith=NOT_JSON)
    assert codes == {f"{m} {p}": 400 for _w, m, p, _s in JSON_ENDPOINTS}


@pytest.mark.parametrize(
    ("who", "method", "path", "when"),
    JSON_ENDPOINTS,
    ids=[f"{m} {p}" for _w, m, p, _s in JSON_ENDPOINTS],
)
@pytest.mark.parametrize(
    "raw", ["[]", '"text"', "42", "null"], ids=["list", "string", "number", "null"]
)
def test_a_json_body_that_is_not_an_object_is_a_400(
    world: World, media: Path, who: str, method: str, path: str, when: str, raw: str
) -> None:
    ids = state(world, when)
    with nothing_stored(media):
        response = send_raw(world.client(who), method, path.format(**ids), raw)
    body = error(response, 400, INVALID)
    assert body["extra"]["fields"], body


def test_evidence_endpoint_takes_multipart_only(world: World, media: Path) -> None:
    assessment = world.new_assessment()
    with nothing_stored(media):
        response = world.client("owner").post(
            url(f"/assessments/{assessment.pk}/evidence/"),
            {"checklist": "t-general", "item": "T-A-01", "file": "JVBERi0="},
            format="json",
        )
    error(response, 415, 'Unsupported media type "application/json" in request.')


# --------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------


def post_answers(world: World, assessment: Assessment, answers: Any, who: str = "owner") -> Any:
    return world.client(who).post(
        url(f"/assessments/{assessment.pk}/answers/"), {"answers": answers}, format="json"
    )


def one(checklist: str, item: str, value: Any, comment: Any = "", **more: Any) -> dict[str, Any]:
    return {"checklist": checklist, "item": item, "value": value, "comment": comment, **more}


YES_NO = 'expected "yes", "no" or "na"'
MATURITY = "expected a maturity level, a whole number from 0 to 4"
DATE = "expected a date as YYYY-MM-DD"

# (answer, the message under extra.fields.answers["0"])
BAD_VALUES = {
    "yes_no maybe": (one("t-general", "T-A-01", "maybe"), {"value": [YES_NO]}),
    "yes_no true": (one("t-general", "T-A-01", True), {"value": [YES_NO]}),
    "yes_no YES": (one("t-general", "T-A-01", "YES"), {"value": [YES_NO]}),
    "maturity 5": (one("t-general", "T-A-03", 5), {"value": [MATURITY]}),
    "maturity -1": (one("t-general", "T-A-03", -1), {"value": [MATURITY]}),
    "maturity '3'": (one("t-general", "T-A-03", "3"), {"value": [MATURITY]}),
    "maturity true": (one("t-general", "T-A-03", True), {"value": [MATURITY]}),
    "maturity 2.5": (one("t-general", "T-A-03", 2.5), {"value": [MATURITY]}),
    "single_choice unknown key": (
        one("t-general", "T-B-01", "robot"),
        {"value": ["expected one option key of ['manual', 'auto']"]},
    ),
    "single_choice list": (
        one("t-general", "T-B-01", ["manual"]),
        {"value": ["expected one option key of ['manual', 'auto']"]},
    ),
    "screening option that does not exist": (
        one("t-screening", "T-IMP-01", "several"),
        {"value": ["expected one option key of ['few', 'many']"]},
    ),
    "multi_choice unknown key": (
        one("t-general", "T-B-02", ["visible", "hologram"]),
        {
            "value": [
                "unknown option keys ['hologram']; expected keys of ['visible', 'watermark', 'terms']"
            ]
        },
    ),
    "multi_choice duplicate key": (
        one("t-general", "T-B-02", ["visible", "visible"]),
        {"value": ["an option key is listed twice"]},
    ),
    "multi_choice string": (
        one("t-general", "T-B-02", "visible"),
        {"value": ["expected a list of option keys of ['visible', 'watermark', 'terms']"]},
    ),
    "multi_choice list of numbers": (
        one("t-general", "T-B-02", [1, 2]),
        {"value": ["expected a list of option keys of ['visible', 'watermark', 'terms']"]},
    ),
    "date month 13": (one("t-general", "T-B-04", "2026-13-01"), {"value": [DATE]}),
    "date 21/11/2026": (one("t-general", "T-B-04", "21/11/2026"), {"value": [DATE]}),
    "date 30 February": (one("t-general", "T-B-04", "2026-02-30"), {"value": [DATE]}),
    "date with time": (one("t-general", "T-B-04", "2026-11-21T10:00:00"), {"value": [DATE]}),
    "date number": (one("t-general", "T-B-04", 20261121), {"value": [DATE]}),
    "number ten": (one("t-general", "T-B-05", "ten"), {"value": ["expected a number"]}),
    "number '10'": (one("t-general", "T-B-05", "10"), {"value": ["expected a number"]}),
    "number true": (one("t-general", "T-B-05", True), {"value": ["expected a number"]}),
    "text empty": (one("t-general", "T-B-03", ""), {"value": ["expected a non-empty text"]}),
    "text blank": (one("t-general", "T-B-03", "   "), {"value": ["expected a non-empty text"]}),
    "text number": (one("t-general", "T-B-03", 7), {"value": ["expected a non-empty text"]}),
    "text too long": (
        one("t-general", "T-B-03", "x" * 20_001),
        {"value": ["a text answer is at most 20000 characters"]},
    ),
    "value object": (one("t-general", "T-A-01", {"answer": "yes"}), {"value": [YES_NO]}),
    "na without reason": (
        one("t-general", "T-A-02", "na"),
        {"value": ["an N/A answer needs the reason in 'comment'"]},
    ),
    "na with blank reason": (
        one("t-general", "T-A-03", "na", "   "),
        {"value": ["an N/A answer needs the reason in 'comment'"]},
    ),
    "na where not allowed": (
        one("t-screening", "T-SIG-01", "na", "We do not know"),
        {"value": ["this item cannot be answered N/A"]},
    ),
    "unknown checklist": (
        one("t-nothing", "T-A-01", "yes"),
        {"checklist": ["t-nothing does not apply to this assessment."]},
    ),
    "checklist that does not apply yet": (
        one("t-obligations", "T-O-01", "yes"),
        {"checklist": ["t-obligations does not apply to this assessment."]},
    ),
    "unknown checklist version": (
        one("t-general@9.9.9", "T-A-01", "yes"),
        {"checklist": ["t-general@9.9.9 does not apply to this assessment."]},
    ),
    "unknown item": (
        one("t-general", "T-Z-99", "yes"),
        {"item": ["T-Z-99 is not an item of t-general@1.0.0."]},
    ),
    "item of another checklist": (
        one("t-general", "T-H-01", "yes"),
        {"item": ["T-H-01 is not an item of t-general@1.0.0."]},
    ),
}


@pytest.mark.parametrize(("answer", "problems"), BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_a_bad_answer_is_a_400_naming_the_problem(
    world: World, media: Path, answer: dict[str, Any], problems: dict[str, list[str]]
) -> None:
    assessment = world.new_assessment()
    with nothing_stored(media):
        response = post_answers(world, assessment, [answer])
    body = error(response, 400, "Some answers are invalid; none was saved.")
    assert body["extra"] == {"fields": {"answers": {"0": problems}}}


def test_a_huge_number_is_a_400_not_a_500(world: World, media: Path) -> None:
    """A JSON integer too large for a float (``math.isfinite`` overflows on it)."""
    assessment = world.new_assessment()
    client = world.client("owner")
    client.raise_request_exception = False
    raw = '{"answers": [{"checklist": "t-general", "item": "T-B-05", "value": 1' + "0" * 400 + "}]}"
    with nothing_stored(media):
        response = client.post(
            url(f"/assessments/{assessment.pk}/answers/"), data=raw, content_type="application/json"
        )
    body = error(response, 400)
    assert body["extra"]["fields"]["answers"]["0"]["value"], body


@pytest.mark.parametrize(
    "text",
    [pytest.param("a\\ud800b", id="lone surrogate"), pytest.param("a\\u0000b", id="NUL character")],
)
def test_a_text_answer_with_characters_no_text_field_accepts_is_a_400(
    world: World, media: Path, text: str
) -> None:
    """Every other text field (comment, remark, names) refuses these through DRF's CharField; a text
    answer must too. A lone surrogate cannot be encoded as UTF-8 (the response, and every later
    ``GET …/answers/``, fails); PostgreSQL's jsonb rejects ``\\u0000``."""
    assessment = world.new_assessment()
    client = world.client("owner")
    client.raise_request_exception = False
    raw = '{"answers": [{"checklist": "t-general", "item": "T-B-03", "value": "TEXT"}]}'.replace(
        "TEXT", text
    )
    response = client.post(
        url(f"/assessments/{assessment.pk}/answers/"), data=raw, content_type="application/json"
    )
    assert (response.status_code, assessment.answers.count()) == (400, 0), response.content[:300]
    error(response, 400)
    assert client.get(url(f"/assessments/{assessment.pk}/answers/")).status_code == 200


def test_an_infinite_number_is_a_400(world: World, media: Path) -> None:
    assessment = world.new_assessment()
    raw = '{"answers": [{"checklist": "t-general", "item": "T-B-05", "value": 1e400}]}'
    with nothing_stored(media):
        response = world.client("owner").post(
            url(f"/assessments/{assessment.pk}/answers/"), data=raw, content_type="application/json"
        )
    body = error(
        response, 400, INVALID
    )  # the serializer's JSONField refuses infinity before the item check
    assert body["extra"] == {"fields": {"answers": {"0": {"value": ["Value must be valid JSON."]}}}}


SHAPES = {
    "answers an object": (
        {"answers": one("t-general", "T-A-01", "yes")},
        {"answers": ['Expected a list of items but got type "dict".']},
    ),
    "answers a string": (
        {"answers": "T-A-01=yes"},
        {"answers": ['Expected a list of items but got type "str".']},
    ),
    "answers empty": ({"answers": []}, {"answers": ["This list may not be empty."]}),
    "answers missing": ({}, {"answers": ["This field is required."]}),
    "answer not an object": (
        {"answers": ["yes"]},
        {
            "answers": {
                "0": {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}
            }
        },
    ),
    "answer without item": (
        {"answers": [{"checklist": "t-general", "value": "yes"}]},
        {"answers": {"0": {"item": ["This field is required."]}}},
    ),
    "version a string": (
        {"answers": [one("t-general", "T-A-01", "yes", version="one")]},
        {"answers": {"0": {"version": ["A valid integer is required."]}}},
    ),
    "version a fraction": (
        {"answers": [one("t-general", "T-A-01", "yes", version=1.5)]},
        {"answers": {"0": {"version": ["A valid integer is required."]}}},
    ),
    "version zero": (
        {"answers": [one("t-general", "T-A-01", "yes", version=0)]},
        {"answers": {"0": {"version": ["Ensure this value is greater than or equal to 1."]}}},
    ),
    "comment a list": (
        {"answers": [one("t-general", "T-A-01", "yes", comment=["why"])]},
        {"answers": {"0": {"comment": ["Not a valid string."]}}},
    ),
    "item code too long": (
        {"answers": [one("t-general", "T" * 41, "yes")]},
        {"answers": {"0": {"item": ["Ensure this field has no more than 40 characters."]}}},
    ),
}


@pytest.mark.parametrize(("payload", "fields"), SHAPES.values(), ids=SHAPES.keys())
def test_a_badly_shaped_batch_is_a_400(
    world: World, media: Path, payload: dict[str, Any], fields: dict[str, Any]
) -> None:
    assessment = world.new_assessment()
    with nothing_stored(media):
        response = world.client("owner").post(
            url(f"/assessments/{assessment.pk}/answers/"), payload, format="json"
        )
    body = error(response, 400, INVALID)
    assert body["extra"] == {"fields": fields}


def test_one_bad_answer_in_a_batch_saves_none(world: World, media: Path) -> None:
    assessment = world.new_assessment()
    batch = [
        one("t-general", "T-A-01", "yes"),
        one("t-general", "T-A-03", "3"),
        one("t-general", "T-B-01", "manual"),
        one("t-screening", "T-SIG-01", "yes"),
    ]
    with nothing_stored(media):
        response = post_answers(world, assessment, batch)
    body = error(response, 400, "Some answers are invalid; none was saved.")
    assert body["extra"] == {"fields": {"answers": {"1": {"value": [MATURITY]}}}}
    assert not assessment.answers.exists()
    assert [
        link.version.checklist.slug
        for link in assessment.applicable.select_related("version__checklist")
    ] == [
        "t-screening",
        "t-general",
        "t-hiring",
    ]


@pytest.mark.parametrize(
    "second",
    [one("t-general", "T-A-01", "no"), one("t-general@1.0.0", "T-A-01", "yes")],
    ids=["same slug", "slug and label"],
)
def test_the_same_item_twice_in_one_batch_is_a_400(
    world: World, media: Path, second: dict[str, Any]
) -> None:
    assessment = world.new_assessment()
    with nothing_stored(media):
        response = post_answers(world, assessment, [one("t-general", "T-A-01", "yes"), second])
    body = error(response, 400, "Some answers are invalid; none was saved.")
    assert body["extra"] == {
        "fields": {"answers": {"1": {"item": ["T-A-01 is answered twice in one request."]}}}
    }


def test_a_stale_version_is_a_409_listing_the_current_answer_and_nothing_is_applied(
    world: World, media: Path
) -> None:
    assessment = world.new_assessment()
    owner, member = world.users["owner"], world.users["member"]
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[services.AnswerInput("t-general", "T-A-01", "yes")],
    )
    services.answers_upsert(
        actor=member,
        assessment=assessment,
        answers=[services.AnswerInput("t-general", "T-A-01", "no", "changed my mind", version=1)],
    )
    batch = [
        one("t-general", "T-A-03", 2),  # new and valid, but must not be applied either
        one("t-general", "T-A-01", "yes", version=1),  # based on the first answer: stale
    ]
    with nothing_stored(media):
        response = post_answers(world, assessment, batch)
    body = error(
        response,
        409,
        "Someone else changed these answers since you loaded them; nothing was saved.",
    )
    assert body["extra"] == {
        "conflicts": [
            {
                "checklist": "t-general",
                "item": "T-A-01",
                "value": "no",
                "comment": "changed my mind",
                "version": 2,
            }
        ]
    }
    assert not assessment.answers.filter(item_code="T-A-03").exists()
    assert assessment.answers.get(item_code="T-A-01").value == "no"


def test_a_version_for_an_answer_that_does_not_exist_is_a_409(world: World, media: Path) -> None:
    assessment = world.new_assessment()
    with nothing_stored(media):
        response = post_answers(world, assessment, [one("t-general", "T-A-01", "yes", version=3)])
    body = error(response, 409)
    assert body["extra"] == {
        "conflicts": [{"checklist": "t-general", "item": "T-A-01", "value": None, "version": None}]
    }


# --------------------------------------------------------------------------------------------
# AI systems
# --------------------------------------------------------------------------------------------

SYSTEM = {"name": "Chat helper", "purpose": "Answers questions.", "domain": "chatbot"}
REQUIRED = ["This field is required."]

SYSTEM_CASES = {
    "missing everything": ({}, {"name": REQUIRED, "purpose": REQUIRED, "domain": REQUIRED}),
    "missing purpose": ({"name": "X", "domain": "chatbot"}, {"purpose": REQUIRED}),
    "unknown domain": (
        {**SYSTEM, "domain": "astrology"},
        {"domain": ['"astrology" is not a valid choice.']},
    ),
    "unknown role": ({**SYSTEM, "role": "king"}, {"role": ['"king" is not a valid choice.']}),
    "generative not a boolean": (
        {**SYSTEM, "generative": "perhaps"},
        {"generative": ["Must be a valid boolean."]},
    ),
    "blank name": ({**SYSTEM, "name": ""}, {"name": ["This field may not be blank."]}),
    "name too long": (
        {**SYSTEM, "name": "n" * 201},
        {"name": ["Ensure this field has no more than 200 characters."]},
    ),
    "name a list": ({**SYSTEM, "name": ["Chat"]}, {"name": ["Not a valid string."]}),
}


@pytest.mark.parametrize(("payload", "fields"), SYSTEM_CASES.values(), ids=SYSTEM_CASES.keys())
def test_system_create_with_bad_fields_is_a_400(
    world: World, media: Path, payload: dict[str, Any], fields: dict[str, Any]
) -> None:
    with nothing_stored(media):
        response = world.client("owner").post(url("/systems/"), payload, format="json")
    body = error(response, 400, INVALID)
    assert body["extra"] == {"fields": fields}


def test_system_create_with_a_duplicate_name_is_a_400_on_name(world: World, media: Path) -> None:
    with nothing_stored(media):
        response = world.client("owner").post(
            url("/systems/"), {**SYSTEM, "name": world.system.name}, format="json"
        )
    body = error(response, 400, "The company already has a system of that name.")
    assert body["extra"] == {"fields": {"name": ["already used"]}}


def test_system_patch_with_bad_fields_is_a_400(world: World, media: Path) -> None:
    client = world.client("owner")
    other = client.post(url("/systems/"), SYSTEM, format="json").json()
    with nothing_stored(media):
        duplicate = client.patch(
            url(f"/systems/{other['id']}/"), {"name": world.system.name}, format="json"
        )
        domain = client.patch(
            url(f"/systems/{world.system.pk}/"), {"domain": "astrology"}, format="json"
        )
        blank = client.patch(url(f"/systems/{world.system.pk}/"), {"purpose": ""}, format="json")
    assert error(duplicate, 400, "The company already has a system of that name.")["extra"] == {
        "fields": {"name": ["already used"]}
    }
    assert error(domain, 400, INVALID)["extra"] == {
        "fields": {"domain": ['"astrology" is not a valid choice.']}
    }
    assert error(blank, 400, INVALID)["extra"] == {
        "fields": {"purpose": ["This field may not be blank."]}
    }


# --------------------------------------------------------------------------------------------
# Assessments
# --------------------------------------------------------------------------------------------

UNKNOWN_SYSTEM = {
    "message": "There is no AI system with that id.",
    "extra": {"fields": {"system": ["unknown system"]}},
}


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        pytest.param(
            {}, {"message": INVALID, "extra": {"fields": {"system": REQUIRED}}}, id="missing system"
        ),
        pytest.param(
            {"system": "abc"},
            {"message": INVALID, "extra": {"fields": {"system": ["A valid integer is required."]}}},
            id="system a string",
        ),
        pytest.param(
            {"system": None},
            {"message": INVALID, "extra": {"fields": {"system": ["This field may not be null."]}}},
            id="system null",
        ),
        pytest.param({"system": 987654}, UNKNOWN_SYSTEM, id="unknown system"),
        pytest.param({"system": 10**30}, UNKNOWN_SYSTEM, id="system id out of range"),
    ],
)
def test_assessment_create_with_a_bad_system_is_a_400(
    world: World, media: Path, payload: dict[str, Any], expected: dict[str, Any]
) -> None:
    with nothing_stored(media):
        response = world.client("owner").post(url("/assessments/"), payload, format="json")
    error(response, 400)
    assert response.json() == expected


def test_assessment_create_for_another_companys_system_is_a_400_that_reveals_nothing(
    world: World, media: Path
) -> None:
    with nothing_stored(media):
        response = world.client("other_company").post(
            url("/assessments/"), {"system": world.system.pk}, format="json"
        )
    error(response, 400)
    assert response.json() == UNKNOWN_SYSTEM


# --------------------------------------------------------------------------------------------
# Workflow steps
# --------------------------------------------------------------------------------------------

UNKNOWN_BODY = {
    "message": "There is no evaluation body with that id.",
    "extra": {"fields": {"evaluation_body": ["unknown evaluation body"]}},
}


def complete_draft(world: World) -> Assessment:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    return assessment


@pytest.mark.parametrize(
    ("body_id", "expected"),
    [
        pytest.param(lambda w: 987654, UNKNOWN_BODY, id="unknown id"),
        pytest.param(lambda w: w.company.pk, UNKNOWN_BODY, id="a company, not a body"),
        pytest.param(lambda w: 10**30, UNKNOWN_BODY, id="id out of range"),
        pytest.param(
            lambda w: "Lab One",
            {
                "message": INVALID,
                "extra": {"fields": {"evaluation_body": ["A valid integer is required."]}},
            },
            id="a name",
        ),
    ],
)
def test_submit_to_an_unknown_evaluation_body_is_a_400(
    world: World, media: Path, body_id: Any, expected: dict[str, Any]
) -> None:
    assessment = complete_draft(world)
    with nothing_stored(media):
        response = world.client("owner").post(
            url(f"/assessments/{assessment.pk}/submit/"),
            {"evaluation_body": body_id(world)},
            format="json",
        )
    error(response, 400)
    assert response.json() == expected


def test_submit_incomplete_is_a_400_listing_what_is_missing(world: World, media: Path) -> None:
    assessment = world.new_assessment()
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[services.AnswerInput("t-general", "T-A-01", "yes")],
    )
    with nothing_stored(media):
        response = world.client("owner").post(
            url(f"/assessments/{assessment.pk}/submit/"),
            {"evaluation_body": world.body.pk},
            format="json",
        )
    body = error(response, 400, "The assessment is not complete: 11 problems.")
    missing = {(m["checklist"], m["item"], m["problem"]) for m in body["extra"]["missing"]}
    assert missing == {
        ("t-screening", "T-SIG-01", "unanswered"),
        ("t-screening", "T-AREA-01", "unanswered"),
        ("t-screening", "T-AREA-02", "unanswered"),
        ("t-screening", "T-IMP-01", "unanswered"),
        ("t-screening", "T-MIT-01", "unanswered"),
        ("t-general", "T-A-01", "evidence_required"),
        ("t-general", "T-A-02", "unanswered"),  # shown because T-A-01 is yes
        ("t-general", "T-A-03", "unanswered"),
        ("t-general", "T-B-01", "unanswered"),
        ("t-general", "T-B-02", "unanswered"),
        ("t-hiring", "T-H-01", "unanswered"),
    }
    assert all(
        set(m) == {"checklist", "section", "item", "problem"} for m in body["extra"]["missing"]
    )


def test_resubmission_to_another_body_is_a_400(world: World, media: Path) -> None:
    assessment = world.in_review()
    services.assessment_request_changes(
        actor=world.users["evaluator"], assessment=assessment, comment="Add tests"
    )
    with nothing_stored(media):
        response = world.client("owner").post(
            url(f"/assessments/{assessment.pk}/submit/"),
            {"evaluation_body": world.other_body.pk},
            format="json",
        )
    body = error(response, 400, "A resubmission goes to the same evaluation body.")
    assert body["extra"] == {"fields": {"evaluation_body": ["cannot change on resubmission"]}}


@pytest.mark.parametrize("step", ["request-changes", "reject"])
@pytest.mark.parametrize(
    "payload", [{}, {"comment": ""}, {"comment": "  \n "}], ids=["missing", "empty", "blank"]
)
def test_request_changes_and_reject_need_a_comment(
    world: World, media: Path, step: str, payload: dict[str, Any]
) -> None:
    assessment = world.in_review()
    with nothing_stored(media):
        response = world.client("evaluator").post(
            url(f"/assessments/{assessment.pk}/{step}/"), payload, format="json"
        )
    body = error(response, 400, "Give the company a comment with this step.")
    assert body["extra"] == {"fields": {"comment": ["required"]}}


def test_a_step_comment_of_the_wrong_type_is_a_400(world: World, media: Path) -> None:
    assessment = world.in_review()
    with nothing_stored(media):
        response = world.client("evaluator").post(
            url(f"/assessments/{assessment.pk}/reject/"), {"comment": ["no"]}, format="json"
        )
    assert error(response, 400, INVALID)["extra"] == {
        "fields": {"comment": ["Not a valid string."]}
    }


def test_approve_before_every_criterion_is_rated_is_a_400(world: World, media: Path) -> None:
    assessment = world.in_review()
    services.rating_set(
        actor=world.users["evaluator"], assessment=assessment, criterion="T-R-01", rating=4
    )
    with nothing_stored(media):
        response = world.client("evaluator").post(
            url(f"/assessments/{assessment.pk}/approve/"), {"comment": "Fine"}, format="json"
        )
    body = error(response, 400, "Rate every reliability criterion before approving.")
    assert body["extra"] == {"fields": {"evaluation": ["incomplete"]}}


# --------------------------------------------------------------------------------------------
# Verdicts and ratings
# --------------------------------------------------------------------------------------------

VERDICT = {
    "checklist": "t-general",
    "item": "T-A-01",
    "verdict": "not_confirmed",
    "remark": "No plan attached",
}

VERDICT_CASES = {
    "unknown verdict": (
        {**VERDICT, "verdict": "great"},
        INVALID,
        {"fields": {"verdict": ['"great" is not a valid choice.']}},
    ),
    "verdict missing": (
        {k: v for k, v in VERDICT.items() if k != "verdict"},
        INVALID,
        {"fields": {"verdict": REQUIRED}},
    ),
    "unknown item": (
        {**VERDICT, "item": "T-Z-99"},
        "T-Z-99 is not an item of t-general@1.0.0.",
        {"fields": {"item": ["unknown item"]}},
    ),
    "unknown checklist": (
        {**VERDICT, "checklist": "t-nothing"},
        "t-nothing does not apply to this assessment.",
        {"fields": {"checklist": ["not applicable"]}},
    ),
    "no remark for not confirmed": (
        {**VERDICT, "remark": ""},
        "Explain a verdict other than confirmed in a remark.",
        {"fields": {"remark": ["required"]}},
    ),
    "blank remark for needs evidence": (
        {**VERDICT, "verdict": "needs_evidence", "remark": "   "},
        "Explain a verdict other than confirmed in a remark.",
        {"fields": {"remark": ["required"]}},
    ),
    "remark missing for partially confirmed": (
        {k: v for k, v in {**VERDICT, "verdict": "partially_confirmed"}.items() if k != "remark"},
        "Explain a verdict other than confirmed in a remark.",
        {"fields": {"remark": ["required"]}},
    ),
}


@pytest.mark.parametrize(
    ("payload", "message", "extra"), VERDICT_CASES.values(), ids=VERDICT_CASES.keys()
)
def test_a_bad_verdict_is_a_400(
    world: World, media: Path, payload: dict[str, Any], message: str, extra: dict[str, Any]
) -> None:
    assessment = world.in_review()
    with nothing_stored(media):
        response = world.client("evaluator").post(
            url(f"/assessments/{assessment.pk}/verdicts/"), payload, format="json"
        )
    assert error(response, 400, message)["extra"] == extra


RATING_CASES = {
    "rating 5": (
        {"criterion": "T-R-01", "rating": 5},
        INVALID,
        {"fields": {"rating": ["Ensure this value is less than or equal to 4."]}},
    ),
    "rating -1": (
        {"criterion": "T-R-01", "rating": -1},
        INVALID,
        {"fields": {"rating": ["Ensure this value is greater than or equal to 0."]}},
    ),
    "rating x": (
        {"criterion": "T-R-01", "rating": "x"},
        INVALID,
        {"fields": {"rating": ["A valid integer is required."]}},
    ),
    "rating 2.5": (
        {"criterion": "T-R-01", "rating": 2.5},
        INVALID,
        {"fields": {"rating": ["A valid integer is required."]}},
    ),
    "rating true": (
        {"criterion": "T-R-01", "rating": True},
        INVALID,
        {"fields": {"rating": ["A valid integer is required."]}},
    ),
    "rating missing": ({"criterion": "T-R-01"}, INVALID, {"fields": {"rating": REQUIRED}}),
    "below 3 without rationale": (
        {"criterion": "T-R-01", "rating": 2},
        "A rating below 3, or not applicable, needs a rationale.",
        {"fields": {"rationale": ["required"]}},
    ),
    "below 3 with blank rationale": (
        {"criterion": "T-R-03", "rating": 0, "rationale": "  "},
        "A rating below 3, or not applicable, needs a rationale.",
        {"fields": {"rationale": ["required"]}},
    ),
    "N/A without rationale": (
        {"criterion": "T-R-02", "rating": None},
        "A rating below 3, or not applicable, needs a rationale.",
        {"fields": {"rationale": ["required"]}},
    ),
    "N/A where not allowed": (
        {"criterion": "T-R-01", "rating": None, "rationale": "Not relevant"},
        "This criterion must be rated.",
        {"fields": {"rating": ["required"]}},
    ),
    "unknown criterion": (
        {"criterion": "T-R-99", "rating": 4},
        "T-R-99 is not a reliability criterion.",
        {"fields": {"criterion": ["unknown criterion"]}},
    ),
    "a checklist item is not a criterion": (
        {"criterion": "T-A-01", "rating": 4},
        "T-A-01 is not a reliability criterion.",
        {"fields": {"criterion": ["unknown criterion"]}},
    ),
}


@pytest.mark.parametrize(
    ("payload", "message", "extra"), RATING_CASES.values(), ids=RATING_CASES.keys()
)
def test_a_bad_rating_is_a_400(
    world: World, media: Path, payload: dict[str, Any], message: str, extra: dict[str, Any]
) -> None:
    assessment = world.in_review()
    with nothing_stored(media):
        response = world.client("evaluator").post(
            url(f"/assessments/{assessment.pk}/evaluation/"), payload, format="json"
        )
    assert error(response, 400, message)["extra"] == extra


# --------------------------------------------------------------------------------------------
# Evidence
# --------------------------------------------------------------------------------------------


def upload(
    world: World, assessment: Assessment, name: str | None, content: bytes | None, **fields: Any
) -> Any:
    data: dict[str, Any] = {"checklist": "t-general", "item": "T-A-01", **fields}
    if name is not None and content is not None:
        data["file"] = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return world.client("owner").post(
        url(f"/assessments/{assessment.pk}/evidence/"), data, format="multipart"
    )


def a_zip(*entries: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in entries:
            archive.writestr(entry, "hello")
    return buffer.getvalue()


def test_evidence_without_a_file_is_a_400(world: World, media: Path) -> None:
    assessment = world.new_assessment()
    with nothing_stored(media):
        response = upload(world, assessment, None, None)
    assert error(response, 400, INVALID)["extra"] == {
        "fields": {"file": ["No file was submitted."]}
    }
    assert files_under(media) == []


def test_evidence_with_a_text_field_for_file_is_a_400(world: World, media: Path) -> None:
    assessment = world.new_assessment()
    with nothing_stored(media):
        response = world.client("owner").post(
            url(f"/assessments/{assessment.pk}/evidence/"),
            {"checklist": "t-general", "item": "T-A-01", "file": "not a file"},
            format="multipart",
        )
    assert error(response, 400, INVALID)["extra"] == {
        "fields": {
            "file": ["The submitted data was not a file. Check the encoding type on the form."]
        }
    }
    assert files_under(media) == []


def test_empty_evidence_is_a_400(world: World, media: Path) -> None:
    assessment = world.new_assessment()
    with nothing_stored(media):
        response = upload(world, assessment, "empty.pdf", b"")
    assert error(response, 400, INVALID)["extra"] == {
        "fields": {"file": ["The submitted file is empty."]}
    }
    assert files_under(media) == []


def test_oversized_evidence_is_a_413(world: World, media: Path, settings: Any) -> None:
    settings.EVIDENCE_MAX_BYTES = 64
    assessment = world.new_assessment()
    with nothing_stored(media):
        response = upload(world, assessment, "big.pdf", PDF + b"%" * (65 - len(PDF)))
    # In units people read (issue 16): "10 MB" with the shipped limit.
    body = error(response, 413, "The file (65 B) is larger than the limit of 64 B.")
    assert body["extra"] == {"fields": {"file": ["too large"]}}
    assert files_under(media) == []
    # exactly at the limit is fine
    assert upload(world, assessment, "fits.pdf", PDF + b"%" * (64 - len(PDF))).status_code == 201


@pytest.mark.parametrize(
    ("name", "content", "sniffed"),
    [
        pytest.param("tool", ELF, "application/octet-stream", id="ELF binary"),
        pytest.param("report.pdf", ELF, "application/octet-stream", id="ELF renamed to .pdf"),
        pytest.param(
            "setup.pdf", PE, "application/octet-stream", id="Windows executable renamed to .pdf"
        ),
        pytest.param(
            "photo.png", PE, "application/octet-stream", id="Windows executable renamed to .png"
        ),
        pytest.param(
            "notes.txt",
            b"plain\x00text with a NUL",
            "application/octet-stream",
            id="binary renamed to .txt",
        ),
        pytest.param(
            "archive.zip", a_zip("readme.txt", "bin/run.sh"), "application/zip", id="plain ZIP"
        ),
        pytest.param(
            "archive.docx", a_zip("readme.txt"), "application/zip", id="plain ZIP renamed to .docx"
        ),
        pytest.param(
            "page.html",
            b"<html>\x1b[31m</html>",
            "application/octet-stream",
            id="text with control characters",
        ),
    ],
)
def test_a_disallowed_file_type_is_a_400_sniffed_from_the_bytes(
    world: World, media: Path, name: str, content: bytes, sniffed: str
) -> None:
    assessment = world.new_assessment()
    with nothing_stored(media):
        response = upload(world, assessment, name, content)
    body = error(
        response,
        400,
        "This kind of file is not accepted as evidence. "
        "Accepted: PDF, PNG, JPEG, TXT, CSV, DOCX, XLSX, PPTX.",
    )
    assert body["extra"]["fields"] == {"file": [f"type {sniffed} not allowed"]}
    assert "application/pdf" in body["extra"]["allowed"]
    assert files_under(media) == []


@pytest.mark.parametrize(
    ("fields", "message", "extra"),
    [
        pytest.param(
            {"item": "T-Z-99"},
            "T-Z-99 is not an item of t-general@1.0.0.",
            {"fields": {"item": ["unknown item"]}},
            id="unknown item",
        ),
        pytest.param(
            {"checklist": "t-obligations", "item": "T-O-01"},
            "t-obligations does not apply to this assessment.",
            {"fields": {"checklist": ["not applicable"]}},
            id="checklist that does not apply",
        ),
        pytest.param(
            {"checklist": ""},
            INVALID,
            {"fields": {"checklist": ["This field may not be blank."]}},
            id="no checklist",
        ),
    ],
)
def test_evidence_for_an_unknown_item_is_a_400(
    world: World, media: Path, fields: dict[str, str], message: str, extra: dict[str, Any]
) -> None:
    assessment = world.new_assessment()
    with nothing_stored(media):
        response = upload(world, assessment, "plan.pdf", PDF, **fields)
    assert error(response, 400, message)["extra"] == extra
    assert files_under(media) == []


def test_evidence_with_a_very_long_file_name_is_stored_under_a_shortened_name(
    world: World, media: Path
) -> None:
    """Not refused: Django cuts upload names to 255 characters and the service keeps at most 200."""
    assessment = world.new_assessment()
    response = upload(world, assessment, "n" * 400 + ".pdf", PDF)
    assert response.status_code == 201, response.content
    assert 0 < len(response.json()["name"]) <= 200


def raw_multipart(filename: str, content: bytes, **fields: str) -> tuple[bytes, str]:
    """A multipart body with the file name exactly as given (the test client would strip folders)."""
    boundary = "----trustcheck-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: text/plain\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "filename",
    [
        "../../etc/passwd.txt",
        "..\\..\\windows\\win.ini",
        "/etc/passwd",
        "../../.bashrc",
        "evil/../../x.txt",
    ],
)
def test_a_path_traversal_file_name_is_stored_under_a_safe_name(
    world: World, media: Path, filename: str
) -> None:
    assessment = world.new_assessment()
    body, content_type = raw_multipart(
        filename, b"root:x:0:0:root:/root:/bin/bash\n", checklist="t-general", item="T-A-01"
    )
    response = world.client("owner").post(
        url(f"/assessments/{assessment.pk}/evidence/"), data=body, content_type=content_type
    )
    assert response.status_code == 201, response.content
    name = response.json()["name"]
    assert name and "/" not in name and "\\" not in name and not name.startswith("."), name
    assert ".." not in name
    evidence = Evidence.objects.get(pk=response.json()["id"])
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to((media / "evidence").resolve()), stored
    assert files_under(media) == [str(stored.relative_to(media.resolve()))]
    assert not (media.parent / "etc").exists()
    assert response.json()["content_type"] == "text/plain"


def test_a_file_named_dot_dot_is_no_file_at_all(world: World, media: Path) -> None:
    """Django's multipart parser drops a file whose name is ".." entirely: a 400, nothing stored."""
    assessment = world.new_assessment()
    body, content_type = raw_multipart("..", b"hello\n", checklist="t-general", item="T-A-01")
    with nothing_stored(media):
        response = world.client("owner").post(
            url(f"/assessments/{assessment.pk}/evidence/"), data=body, content_type=content_type
        )
    assert error(response, 400, INVALID)["extra"] == {
        "fields": {"file": ["No file was submitted."]}
    }
    assert files_under(media) == []


def test_no_error_body_is_ever_html(world: World, media: Path) -> None:
    """A 404 for an unknown id, and a 405 for a method the endpoint lacks, keep the error shape."""
    client = world.client("owner")
    error(client.get(url("/assessments/999999/")), 404)
    error(client.get(url("/assessments/999999/answers/")), 404)
    error(client.get(url("/assessments/not-a-number/")), 404)
    error(client.get(url(f"/assessments/{10**30}/")), 404)
    error(client.delete(url(f"/systems/{world.system.pk}/")), 405)
    error(client.put(url(f"/systems/{world.system.pk}/"), SYSTEM, format="json"), 405)
    assessment = world.new_assessment()
    error(client.get(url(f"/assessments/{assessment.pk}/evidence/999999/download/")), 404)
    assert json.loads(client.get(url("/assessments/999999/")).content)["message"]
