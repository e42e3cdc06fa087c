"""The new pages keep the site's rules (tests/security): CSRF on every form, user text escaped,
no inline code or style attributes (the CSP allows neither)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from notifications.models import Notification
from remediation import services
from tests.factories import sign_in
from tests.remediation.helpers import plan_action

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _client(world, who: str, **kw) -> Client:
    client = Client(**kw)
    sign_in(client, world.users[who])
    return client


def test_every_new_form_refuses_a_post_without_csrf_token(world) -> None:
    assessment = world.in_review()
    action = plan_action(world, assessment)
    mine = Notification.objects.create(user=world.users["member"], kind="decided")
    posts = {
        "owner": [
            f"/app/assessments/{assessment.pk}/actions/",
            f"/app/assessments/{assessment.pk}/actions/{action.pk}/",
        ],
        "evaluator": [f"/app/assessments/{assessment.pk}/actions/accept/"],
        "member": [
            f"/app/notifications/{mine.pk}/read/",
            "/app/notifications/read-all/",
            "/app/notifications/mail/",
        ],
    }
    for who, urls in posts.items():
        client = _client(world, who, enforce_csrf_checks=True)
        for url in urls:
            assert client.post(url, {"form": "status"}).status_code == 403, (who, url)


def test_user_text_is_escaped_and_pages_have_no_inline_code(world) -> None:
    assessment = world.in_review()
    action = plan_action(world, assessment, title=XSS)
    services.action_set_status(
        actor=world.users["owner"], action=action, status="accepted_risk", reason=XSS
    )
    other = plan_action(world, assessment, title=XSS + "2")
    services.plan_accept(
        actor=world.users["evaluator"], assessment=assessment, actions=[other.pk], comment=XSS
    )
    pages = {
        "owner": [
            f"/app/assessments/{assessment.pk}/actions/",
            f"/app/assessments/{assessment.pk}/actions/{action.pk}/",
        ],
        "member": ["/app/notifications/"],
        "evaluator": [f"/app/assessments/{assessment.pk}/actions/"],
    }
    for who, urls in pages.items():
        client = _client(world, who)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            html = response.content.decode()
            assert "<script>alert" not in html and "<img src=x" not in html, (who, url)
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
            assert not re.search(r"\sstyle=\"", html), url
            assert not re.search(r"\son[a-z]+=\"", html), url
    decide = _client(world, "evaluator").post(
        f"/app/assessments/{assessment.pk}/decide/approve/", {"comment": ""}
    )
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in decide.content.decode()
