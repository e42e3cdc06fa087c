"""Journeys A and B end to end over real HTTP (DESIGN.md §1, §4, §5, §7).

A live server runs the app; the test talks to it with ``urllib`` only, authenticated with tokens
from ``POST /api/v1/auth/token/``. ``live_server`` turns the ``db`` fixture under ``world`` into a
transactional database, so the server thread sees the users and checklists the fixtures made.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.assessments.conftest import GENERAL_ANSWERS, SCREENING_ANSWERS, World
from tests.factories import PASSWORD, totp_code, totp_device

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@dataclass
class Reply:
    status: int
    body: Any

    def __repr__(self) -> str:  # shown by pytest when an assertion on a reply fails
        return f"Reply({self.status}, {self.body!r})"


class Http:
    """A tiny JSON client over ``urllib``: no test client, no shortcuts."""

    def __init__(self, base: str, token: str | None = None) -> None:
        self.base = base.rstrip("/")
        self.token = token

    def _send(self, method: str, path: str, data: bytes | None, content_type: str | None) -> Reply:
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        request.add_header("Accept-Language", "en")
        if content_type:
            request.add_header("Content-Type", content_type)
        if self.token:
            request.add_header("Authorization", f"Token {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        return Reply(status, json.loads(raw) if raw else None)

    def get(self, path: str) -> Reply:
        return self._send("GET", path, None, None)

    def post(self, path: str, payload: Any = None) -> Reply:
        return self._send(
            "POST",
            path,
            json.dumps(payload if payload is not None else {}).encode(),
            "application/json",
        )

    def upload(
        self, path: str, fields: dict[str, str], *, name: str, content: bytes, content_type: str
    ) -> Reply:
        """A multipart/form-data POST built by hand (RFC 7578)."""
        boundary = f"----trustcheck{uuid.uuid4().hex}"
        parts: list[bytes] = []
        for key, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            )
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self._send(
            "POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}"
        )


def sign_in(base: str, username: str, password: str = PASSWORD) -> Http:
    """A token from the endpoint; accounts that must use two-factor sign-in (evaluators, leads)
    have an authenticator and send its current code as ``otp``, computed with django-otp."""
    from django.contrib.auth import get_user_model

    from assessments import twofactor

    payload = {"username": username, "password": password}
    user = get_user_model().objects.filter(username=username).first()
    if user is not None and twofactor.is_required(user):
        payload["otp"] = totp_code(totp_device(user))
    reply = Http(base).post("/api/v1/auth/token/", payload)
    assert reply.status == 200, reply
    assert set(reply.body) == {"token", "expiry"} and reply.body["token"]
    return Http(base, reply.body["token"])


@pytest.fixture
def base(live_server: Any, world: World, settings: Any, tmp_path: Path) -> str:
    settings.MEDIA_ROOT = tmp_path / "media"
    return str(live_server.url)


def test_authentication_is_required_and_bad_passwords_are_refused(base: str) -> None:
    anonymous = Http(base).get("/api/v1/assessments/")
    assert anonymous.status in (401, 403)  # DESIGN §7: "401/403 auth"
    assert set(anonymous.body) == {"message", "extra"}
    bad = Http(base).post("/api/v1/auth/token/", {"username": "owner", "password": "wrong"})
    assert bad.status == 400
    assert "message" in bad.body and "extra" in bad.body
    forged = Http(base, "0" * 40).get("/api/v1/assessments/")
    assert forged.status in (401, 403)
    assert set(forged.body) == {"message", "extra"}


def test_full_journey_over_http(base: str, world: World) -> None:
    owner = sign_in(base, "owner")
    member = sign_in(base, "member")
    evaluator = sign_in(base, "evaluator")
    outsider = sign_in(base, "other_company")

    # --- Journey A: register a system and start an assessment -------------------------------------
    reply = owner.post(
        "/api/v1/systems/",
        {
            "name": "CV screener",
            "purpose": "Ranks job applications for recruiters.",
            "domain": "hiring",
            "deployment_context": "Internal HR portal",
            "generative": False,
            "role": "operator",
            "user_groups": "Recruiters; applicants are affected",
        },
    )
    assert reply.status == 201, reply
    system = reply.body
    assert system["organization"] == "Acme AI" and system["domain"] == "hiring"
    listed = owner.get("/api/v1/systems/").body
    assert {s["name"] for s in listed["results"]} == {"CV screener", "Résumé ranker"}
    assert outsider.get(f"/api/v1/systems/{system['id']}/").status == 404

    reply = owner.post("/api/v1/assessments/", {"system": system["id"]})
    assert reply.status == 201, reply
    assessment = reply.body
    aid = assessment["id"]
    assert assessment["status"] == "draft" and assessment["revision"] == 0
    assert assessment["system"] == system["id"] and assessment["evaluation_body"] is None
    # The profile alone (hiring domain) applies the screening, the general and the hiring checklists.
    assert assessment["checklists"] == ["t-screening@1.0.0", "t-general@1.0.0", "t-hiring@1.0.0"]
    url = f"/api/v1/assessments/{aid}"
    assert outsider.get(f"{url}/").status == 404
    assert evaluator.get(f"{url}/").status == 404  # nothing was submitted to the body yet

    # --- Screening: a high-impact hiring system --------------------------------------------------
    reply = owner.post(
        f"{url}/answers/",
        {
            "answers": [
                {"checklist": "t-screening", "item": code, "value": value}
                for code, value in SCREENING_ANSWERS.items()
            ]
        },
    )
    assert reply.status == 200, reply
    assert {a["item"]: (a["value"], a["version"], a["checklist"]) for a in reply.body} == {
        code: (value, 1, "t-screening@1.0.0") for code, value in SCREENING_ANSWERS.items()
    }
    detail = owner.get(f"{url}/").body
    assert detail["checklists"] == [
        "t-screening@1.0.0",
        "t-general@1.0.0",
        "t-hiring@1.0.0",
        "t-obligations@1.0.0",
    ]
    score = owner.get(f"{url}/score/").body
    screening = score["screening"]
    assert screening["high_impact"] is True and screening["significant"] is True
    assert screening["areas"] == ["rights_evaluation"]
    # Impact: T-IMP-01 "many" scores 1 of max 4 points → 4/4 = 1.0. Mitigation: T-MIT-01 "yes" → 2/2 = 1.0,
    # ≥ 0.8 is strong, so the share drops by 0.15 → 0.85 > 0.75 → level IV.
    assert screening["impact_share"] == 1.0 and screening["mitigation_share"] == 1.0
    assert screening["adjusted_share"] == pytest.approx(0.85) and screening["impact_level"] == 4
    assert screening["applicable"] == detail["checklists"]
    assert score["overall"] is None and score["rating"] is None  # no self-check item answered yet

    # --- Fill the checklists in one bulk write (member), one item deliberately weak --------------
    general = {**GENERAL_ANSWERS, "T-A-03": 2, "T-B-03": "Kim, head of HR"}
    entries = [
        {"checklist": "t-general", "item": code, "value": value} for code, value in general.items()
    ]
    entries += [
        {"checklist": "t-hiring", "item": "T-H-01", "value": "yes"},
        {"checklist": "t-obligations@1.0.0", "item": "T-O-01", "value": "yes"},
    ]
    reply = member.post(f"{url}/answers/", {"answers": entries})
    assert reply.status == 200, reply
    assert len(reply.body) == 8 and {a["version"] for a in reply.body} == {1}
    assert {a["updated_by"] for a in reply.body} == {"member"}
    answers = owner.get(f"{url}/answers/?page_size=2000").body
    assert answers["count"] == 13 and answers["next"] is None

    # Submitting before the required evidence is there is refused with exactly what is missing.
    reply = owner.post(f"{url}/submit/", {"evaluation_body": world.body.pk})
    assert reply.status == 400, reply
    assert reply.body["extra"]["missing"] == [
        {
            "checklist": "t-general",
            "section": "T-A",
            "item": "T-A-01",
            "problem": "evidence_required",
        }
    ]

    # --- Evidence: multipart upload built by hand, then listed -----------------------------------
    reply = owner.upload(
        f"{url}/evidence/",
        {"checklist": "t-general", "item": "T-A-01"},
        name="risk-plan.pdf",
        content=PDF,
        content_type="application/pdf",
    )
    assert reply.status == 201, reply
    evidence = reply.body
    assert evidence["name"] == "risk-plan.pdf" and evidence["size"] == len(PDF)
    assert evidence["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert evidence["checklist"] == "t-general@1.0.0" and evidence["item"] == "T-A-01"
    assert evidence["content_type"] == "application/pdf" and evidence["uploaded_by"] == "owner"
    listed = owner.get(f"{url}/evidence/").body
    assert listed["count"] == 1 and listed["results"][0]["id"] == evidence["id"]

    score = owner.get(f"{url}/score/").body
    # Self-check items (effective weight = section × item weight; T-A weighs 2, T-B 1):
    #   T-A-01 yes 2×1, T-A-02 yes 2×1, T-A-03 level 2 → 2×0.5, T-B-01 manual 1×1,
    #   T-B-02 visible+watermark min(1, 0.5+0.5) → 1×1, T-H-01 yes 1×1, T-O-01 yes 1×1
    #   Σw = 2+2+2+1+1+1+1 = 10, Σw·v = 2+2+1+1+1+1+1 = 9 → 90.0, excellent (no critical gap).
    assert score["overall"] == 90.0 and score["rating"] == "excellent"
    # Required visible items: 5 screening + 5 general (T-B-03..05 optional) + 1 + 1 = 12, all answered.
    assert (score["answered"], score["required"], score["completion"]) == (12, 12, 1.0)
    assert score["critical_gaps"] == [] and "evaluation" not in score
    assert score["verified"]["overall"] is None  # no verdicts yet
    assert [(g["checklist"], g["item"], g["value"]) for g in score["gaps"]] == [
        ("t-general", "T-A-03", 0.5)
    ]
    assert {(c["checklist"], c["score"]) for c in score["checklists"]} == {
        ("t-screening@1.0.0", None),
        # t-general: Σw = 2+2+2+1+1 = 8, Σw·v = 2+2+1+1+1 = 7 → 87.5
        ("t-general@1.0.0", 87.5),
        ("t-hiring@1.0.0", 100.0),
        ("t-obligations@1.0.0", 100.0),
    }

    # --- Submit to an evaluation body found through the API --------------------------------------
    bodies = owner.get("/api/v1/evaluation-bodies/").body
    assert [b["name"] for b in bodies["results"]] == ["Lab One", "Lab Two"]
    body_id = next(b["id"] for b in bodies["results"] if b["name"] == "Lab One")
    reply = owner.post(
        f"{url}/submit/", {"evaluation_body": body_id, "comment": "Ready for review"}
    )
    assert reply.status == 200, reply
    assert (reply.body["status"], reply.body["revision"], reply.body["evaluation_body"]) == (
        "submitted",
        1,
        body_id,
    )
    assert (
        owner.post(
            f"{url}/answers/",
            {"answers": [{"checklist": "t-general", "item": "T-A-03", "value": 4, "version": 1}]},
        ).status
        == 409
    )
    assert sign_in(base, "other_evaluator").get(f"{url}/").status == 404

    # --- Journey B: claim, verdicts, ratings, request changes ------------------------------------
    queue = evaluator.get("/api/v1/assessments/").body
    assert [a["id"] for a in queue["results"]] == [aid]
    reply = evaluator.post(f"{url}/claim/", {})
    assert reply.status == 200, reply
    assert (reply.body["status"], reply.body["claimed_by"]) == ("in_review", "evaluator")
    assert evaluator.get(f"{url}/evidence/").body["count"] == 1

    reply = evaluator.post(
        f"{url}/verdicts/", {"checklist": "t-general", "item": "T-A-01", "verdict": "confirmed"}
    )
    assert reply.status == 201, reply
    reply = evaluator.post(
        f"{url}/verdicts/",
        {
            "checklist": "t-general",
            "item": "T-A-03",
            "verdict": "partially_confirmed",
            "remark": "Only one bias test run",
        },
    )
    assert reply.status == 201, reply
    assert reply.body["revision"] == 1 and reply.body["checklist"] == "t-general@1.0.0"
    # A non-confirming verdict needs a remark.
    bad = evaluator.post(
        f"{url}/verdicts/", {"checklist": "t-general", "item": "T-B-01", "verdict": "not_confirmed"}
    )
    assert bad.status == 400 and "remark" in bad.body["extra"]["fields"]

    ratings = [
        ("T-R-01", 4, ""),
        ("T-R-02", 3, ""),
        ("T-R-03", 2, "Monitoring is manual and sporadic"),
    ]
    for criterion, rating, rationale in ratings:
        reply = evaluator.post(
            f"{url}/evaluation/", {"criterion": criterion, "rating": rating, "rationale": rationale}
        )
        assert reply.status == 201, reply
    listed = evaluator.get(f"{url}/evaluation/").body
    assert [(r["criterion"], r["rating"]) for r in listed["results"]] == [
        (c, r) for c, r, _ in ratings
    ]

    score = evaluator.get(f"{url}/score/").body
    # Verified: T-A-03 partially confirmed halves 0.5 → 0.25; Σw·v = 2+2+0.5+1+1+1+1 = 8.5 of 10 → 85.0.
    assert score["overall"] == 90.0
    assert score["verified"]["overall"] == 85.0 and score["verified"]["rating"] == "good"
    # Evaluation: (4 + 3 + 2) / 4 over 3 equally weighted criteria = 2.25 / 3 = 0.75 → 75.0; the critical
    # T-R-01 is ≥ 3 and 75 ≥ 70 → pass (one non-critical criterion below 3 does not stop a pass).
    assert score["evaluation"]["total"] == 75.0 and score["evaluation"]["outcome"] == "pass"
    assert score["evaluation"]["below_three"] == ["T-R-03"]

    assert (
        evaluator.post(f"{url}/request-changes/", {"comment": ""}).status == 400
    )  # needs a comment
    reply = evaluator.post(
        f"{url}/request-changes/", {"comment": "Please test bias more thoroughly"}
    )
    assert reply.status == 200, reply
    assert reply.body["status"] == "changes_requested"

    # --- The company reads the verdicts, fixes the answer with the version it read, resubmits ----
    verdicts = member.get(f"{url}/verdicts/").body
    assert [
        (v["item"], v["verdict"], v["remark"], v["evaluator"]) for v in verdicts["results"]
    ] == [
        ("T-A-01", "confirmed", "", "evaluator"),
        ("T-A-03", "partially_confirmed", "Only one bias test run", "evaluator"),
    ]
    assert (
        member.post(
            f"{url}/verdicts/", {"checklist": "t-general", "item": "T-A-03", "verdict": "confirmed"}
        ).status
        == 403
    )
    current = {a["item"]: a for a in member.get(f"{url}/answers/?page_size=2000").body["results"]}
    assert (current["T-A-03"]["value"], current["T-A-03"]["version"]) == (2, 1)
    reply = member.post(
        f"{url}/answers/",
        {
            "answers": [
                {
                    "checklist": "t-general",
                    "item": "T-A-03",
                    "value": 4,
                    "comment": "Bias tested quarterly now",
                    "version": current["T-A-03"]["version"],
                }
            ]
        },
    )
    assert reply.status == 200, reply
    assert (reply.body[0]["value"], reply.body[0]["version"]) == (4, 2)
    # Writing again on the version read before the fix is now stale: 409 with the current answer.
    stale = owner.post(
        f"{url}/answers/",
        {"answers": [{"checklist": "t-general", "item": "T-A-03", "value": 1, "version": 1}]},
    )
    assert stale.status == 409
    assert stale.body["extra"]["conflicts"] == [
        {
            "checklist": "t-general",
            "item": "T-A-03",
            "value": 4,
            "comment": "Bias tested quarterly now",
            "version": 2,
        }
    ]
    reply = member.post(f"{url}/submit/", {"comment": "Fixed"})
    assert reply.status == 200, reply
    assert (reply.body["status"], reply.body["revision"], reply.body["evaluation_body"]) == (
        "submitted",
        2,
        body_id,
    )

    # --- Second round: claim and approve ---------------------------------------------------------
    assert evaluator.post(f"{url}/claim/", {}).status == 200
    reply = evaluator.post(f"{url}/approve/", {"comment": "Meets the criteria"})
    assert reply.status == 200, reply
    assert reply.body["status"] == "approved" and reply.body["opinion"] == "Meets the criteria"
    assert reply.body["decided_at"] is not None
    assert member.post(f"{url}/withdraw/", {}).status == 409

    score = owner.get(f"{url}/score/").body
    # Self-reported after the fix: T-A-03 level 4 → 1.0, every item at 1 → Σw·v = Σw = 10 → 100.0.
    assert score["overall"] == 100.0 and score["rating"] == "excellent"
    # Verified: the evaluator did not revisit T-A-03, so its partial confirmation still halves it:
    # 1.0 → 0.5, Σw·v = 2+2+1+1+1+1+1 = 9 of 10 → 90.0, still excellent (critical items confirmed at 1).
    assert score["verified"]["overall"] == 90.0 and score["verified"]["rating"] == "excellent"
    assert score["verified"]["overall"] <= score["overall"]
    assert score["evaluation"]["outcome"] == "pass" and score["evaluation"]["total"] == 75.0
    assert score["completion"] == 1.0 and score["screening"]["impact_level"] == 4

    # --- The audit trail names every step, in order ----------------------------------------------
    events = owner.get(f"{url}/events/").body
    assert events["count"] == len(events["results"])
    steps = [(e["action"], e["actor"], e["from_status"], e["to_status"]) for e in events["results"]]
    assert steps == [
        ("create", "owner", "", "draft"),
        ("answer", "owner", "", ""),  # the screening
        ("checklists", "owner", "", ""),  # ... which added t-obligations
        ("answer", "member", "", ""),
        ("evidence", "owner", "", ""),
        ("submit", "owner", "draft", "submitted"),
        ("claim", "evaluator", "submitted", "in_review"),
        ("verdict", "evaluator", "", ""),
        ("verdict", "evaluator", "", ""),
        ("rating", "evaluator", "", ""),
        ("rating", "evaluator", "", ""),
        ("rating", "evaluator", "", ""),
        ("request_changes", "evaluator", "in_review", "changes_requested"),
        ("answer", "member", "", ""),
        ("submit", "member", "changes_requested", "submitted"),
        ("claim", "evaluator", "submitted", "in_review"),
        ("approve", "evaluator", "in_review", "approved"),
    ]
    by_action = events["results"]
    assert by_action[2]["data"] == {
        "before": ["t-screening@1.0.0", "t-general@1.0.0", "t-hiring@1.0.0"],
        "after": ["t-screening@1.0.0", "t-general@1.0.0", "t-hiring@1.0.0", "t-obligations@1.0.0"],
    }
    assert by_action[8]["data"] == {
        "checklist": "t-general@1.0.0",
        "item": "T-A-03",
        "verdict": "partially_confirmed",
    }
    assert by_action[8]["comment"] == "Only one bias test run"
    assert by_action[12]["comment"] == "Please test bias more thoroughly"
    assert by_action[13]["data"] == {"written": [{"item": "T-A-03", "version": 2}], "cleared": 0}
    assert by_action[16]["comment"] == "Meets the criteria"
    # The evaluator sees the same trail; the viewer can read it but not act.
    assert [e["action"] for e in evaluator.get(f"{url}/events/").body["results"]] == [
        s[0] for s in steps
    ]
    viewer = sign_in(base, "viewer")
    assert viewer.get(f"{url}/events/").body["count"] == len(steps)
    assert viewer.post(f"{url}/withdraw/", {}).status == 403
