"""Security hardening: CSP, deploy checks, sign-in lockout, CSRF on every form, XSS in every
user-text field, IDOR on every object URL of the pages, and append-only audit rows in the database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client

from assessments import services
from assessments.models import AuditEvent
from tests.assessments.conftest import World
from tests.factories import PASSWORD, UserFactory, sign_in

ROOT = Path(__file__).resolve().parents[2]
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def pages_of(world: World, assessment: Any, *, evidence: bool = True) -> list[str]:
    pk = assessment.pk
    first = assessment.evidence.first()
    return [
        f"/app/assessments/{pk}/",
        f"/app/assessments/{pk}/fill/t-general/",
        f"/app/assessments/{pk}/fill/t-screening/",
        f"/app/assessments/{pk}/submit/",
        f"/app/assessments/{pk}/diff/",
        f"/app/assessments/{pk}/export.xlsx",
        f"/app/assessments/{pk}/import/",
        f"/app/assessments/{pk}/review/t-general/",
        f"/app/assessments/{pk}/evaluation/",
        *([f"/app/assessments/{pk}/evidence/{first.pk}/"] if evidence and first else []),
    ]


COMPANY_PAGES = 7  # the first pages of ``pages_of`` are the company's; the review ones follow


def test_csp_forbids_inline_code_and_pages_have_none(world: World) -> None:
    draft, review = world.new_assessment(), world.in_review()
    owner, evaluator = Client(), Client()
    sign_in(owner, world.users["owner"])
    sign_in(evaluator, world.users["evaluator"])
    visits = [
        (owner, url)
        for url in [
            "/",
            "/app/",
            "/app/systems/new/",
            *pages_of(world, draft, evidence=False)[:COMPANY_PAGES],
        ]
    ]
    visits += [
        (evaluator, url) for url in ["/app/queue/", *pages_of(world, review)[COMPANY_PAGES:-1]]
    ]
    lead = Client()
    lead.force_login(world.users["lead"])
    invitation = services.membership_invite(
        actor=world.users["owner"], organization=world.company, email="n@example.com", role="member"
    )
    from assessments.invitations import token_for

    visits += [
        (owner, f"/app/team/{world.company.pk}/"),
        (lead, "/app/queue/"),  # with the assignment forms
        (lead, f"/app/team/{world.body.pk}/"),
        (Client(), f"/invitations/{token_for(invitation.key)}/"),
    ]
    visits += [(Client(), "/accounts/login/"), (Client(), "/api/docs/")]
    for client, url in visits:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert (
            "unsafe-inline" not in policy
            and "script-src 'self'" in policy
            and "style-src 'self'" in policy
        )
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url  # no inline scripts
            assert not re.search(r"\sstyle=\"", html), url  # no style attributes
            assert not re.search(r"\son[a-z]+=\"", html), url  # no inline event handlers


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``manage.py check --deploy`` in a process of its own, so ``env`` is all the settings see."""
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    # A production environment: without the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (Playwright's
    # sync API needs it in the test process; the deploy check rightly refuses it).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DEBUG": "0",
        "SECRET_KEY": "k3y-" + "x7Qp9vLr2mZs8TnW4bYc6HdJ1fKg5aRe0uVi" * 2,
        "ALLOWED_HOSTS": "trustcheck.example.org",
        "PUBLIC_BASE_URL": "https://trustcheck.example.org",
        "TRUSTCHECK_VAR_DIR": str(tmp_path),
        "EMAIL_URL": "smtp://mailer:secret@smtp.example.org:587",  # production sends mail
    }
    result = deploy_check(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # Without the public address, reports would be refused: the deploy check says so.
    del env["PUBLIC_BASE_URL"]
    result = deploy_check(env)
    assert result.returncode != 0
    assert "reports.W001" in result.stdout + result.stderr
    assert "PUBLIC_BASE_URL is not set" in result.stdout + result.stderr


@pytest.mark.django_db
def test_sign_in_locks_after_repeated_failures(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="alice")
    client = Client()
    for _attempt in range(3):
        page = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
        assert page.status_code == 200
    locked = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert locked.status_code == 200  # the right password does not help while locked
    assert "_auth_user_id" not in client.session
    api = client.post(
        "/api/v1/auth/token/",
        {"username": "alice", "password": PASSWORD},
        content_type="application/json",
    )
    assert api.status_code == 429
    assert set(api.json()) == {"message", "extra"}
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 0  # the window passes
    assert (
        client.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code
        == 302
    )


@pytest.mark.django_db
def test_token_failures_count_too(settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    UserFactory(username="bob")
    client = Client()
    for _attempt in range(2):
        assert (
            client.post(
                "/api/v1/auth/token/",
                {"username": "bob", "password": "nope"},
                content_type="application/json",
            ).status_code
            == 400
        )
    assert (
        client.post(
            "/api/v1/auth/token/",
            {"username": "bob", "password": PASSWORD},
            content_type="application/json",
        ).status_code
        == 429
    )


def test_every_form_refuses_a_post_without_csrf_token(world: World) -> None:
    draft = world.new_assessment()
    review = world.in_review()
    posts = {
        "owner": [
            "/language/",
            "/accounts/logout/",
            "/accounts/password/",
            "/app/systems/new/",
            f"/app/systems/{world.system.pk}/edit/",
            f"/app/systems/{world.system.pk}/assess/",
            f"/app/assessments/{draft.pk}/fill/t-general/",
            f"/app/assessments/{draft.pk}/fill/t-general/evidence/",
            f"/app/assessments/{draft.pk}/submit/",
            f"/app/assessments/{draft.pk}/import/",
            f"/app/assessments/{draft.pk}/withdraw/",
            f"/app/assessments/{draft.pk}/fill/t-general/evidence/1/delete/",
            f"/api/v1/assessments/{draft.pk}/answers/",
            f"/app/team/{world.company.pk}/invite/",
            f"/app/team/{world.company.pk}/members/{world.users['viewer'].memberships.get().pk}/role/",
            f"/app/team/{world.company.pk}/members/{world.users['viewer'].memberships.get().pk}/remove/",
        ],
        "lead": [f"/app/assessments/{review.pk}/assign/"],
        "evaluator": [
            f"/app/assessments/{review.pk}/review/t-general/",
            f"/app/assessments/{review.pk}/evaluation/",
            f"/app/assessments/{review.pk}/step/request_changes/",
        ],
    }
    for who, urls in posts.items():
        client = Client(enforce_csrf_checks=True)
        sign_in(client, world.users[who])
        for url in urls:
            response = client.post(url, {"comment": "x", "language": "en"})
            assert response.status_code == 403, (who, url, response.status_code)
    anonymous = Client(enforce_csrf_checks=True)
    assert (
        anonymous.post("/accounts/login/", {"username": "owner", "password": PASSWORD}).status_code
        == 403
    )


def test_user_text_is_escaped_on_every_page(world: World) -> None:
    owner, evaluator = world.users["owner"], world.users["evaluator"]
    services.system_update(actor=owner, system=world.system, name=XSS, purpose=XSS, user_groups=XSS)
    assessment = world.new_assessment()
    world.answer_all(assessment)
    services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[
            services.AnswerInput(checklist="t-general", item="T-B-03", value=XSS, comment=XSS),
            services.AnswerInput(
                checklist="t-general", item="T-A-03", value=3, comment=XSS, version=1
            ),
        ],
    )
    services.assessment_submit(
        actor=owner, assessment=assessment, evaluation_body=world.body.pk, comment=XSS
    )
    services.assessment_claim(actor=evaluator, assessment=assessment)
    world.verdict(assessment, "T-A-03", "not_confirmed", XSS)
    services.assessment_request_changes(actor=evaluator, assessment=assessment, comment=XSS)
    company_pages = ["/app/", "/app/register/", *pages_of(world, assessment)[:COMPANY_PAGES]]
    review_pages = [
        "/app/queue/",
        *pages_of(world, assessment)[COMPANY_PAGES:-1],
        f"/app/assessments/{assessment.pk}/",
    ]
    for who, urls in (("owner", company_pages), ("evaluator", review_pages)):
        client = Client()
        sign_in(client, world.users[who])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            if not response["Content-Type"].startswith("text/html"):
                continue  # the Excel export: cells are data, not markup
            html = response.content.decode()
            assert "<script>alert" not in html and "<img src=x" not in html, (who, url)
    client = Client()
    sign_in(client, owner)
    overview = client.get(f"/app/assessments/{assessment.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in overview


def test_other_organisations_get_404_on_every_page(world: World) -> None:
    assessment = world.in_review()
    for who in ("other_company", "other_evaluator", "staff"):
        client = Client()
        sign_in(client, world.users[who])
        for url in pages_of(world, assessment):
            assert client.get(url).status_code == 404, (who, url)
        assert client.post(f"/app/assessments/{assessment.pk}/withdraw/").status_code == 404
        for step in ("claim", "request_changes", "approve", "reject"):
            assert (
                client.post(
                    f"/app/assessments/{assessment.pk}/step/{step}/", {"comment": "x"}
                ).status_code
                == 404
            )
        for step in ("approve", "reject"):
            for data in ({"comment": "x"}, {"comment": "x", "confirm": "1"}):
                assert (
                    client.post(
                        f"/app/assessments/{assessment.pk}/decide/{step}/", data
                    ).status_code
                    == 404
                )
        assert client.get(f"/app/systems/{world.system.pk}/edit/").status_code == 404
    anonymous = Client()
    for url in pages_of(world, assessment):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_audit_rows_cannot_be_changed_even_with_raw_sql(world: World) -> None:
    world.new_assessment()
    event = AuditEvent.objects.first()
    assert event is not None
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE assessments_auditevent SET comment = 'rewritten' WHERE id = %s", [event.pk]
        )
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM assessments_auditevent WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.comment == ""


def test_organisation_events_cannot_be_changed_even_with_raw_sql(world: World) -> None:
    from assessments.models import OrganizationEvent

    services.membership_invite(
        actor=world.users["owner"], organization=world.company, email="n@example.com", role="member"
    )
    event = OrganizationEvent.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE assessments_organizationevent SET email = 'x@example.com' WHERE id = %s",
            [event.pk],
        )
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM assessments_organizationevent WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.email == "n@example.com"
