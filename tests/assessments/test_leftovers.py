"""Leftovers of a first real use (issue 16 item 12): texts in the other language, the sign-in
error, one date format, the evaluator pages closed to companies, and an activity log that groups
what one person did in a row and links to the whole log."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone, translation

from assessments import services
from assessments.models import AuditEvent
from tests.assessments.conftest import World
from tests.factories import PASSWORD, sign_in


def page(world: World, who: str, language: str = "en") -> Client:
    client = Client()
    sign_in(client, world.users[who])
    client.cookies["django_language"] = language
    return client


def test_area_codes_read_in_the_pages_language(world: World) -> None:
    assessment = world.in_review()
    overview = f"/app/assessments/{assessment.pk}/"
    english = page(world, "owner", "en").get(overview).content.decode()
    korean = page(world, "owner", "ko").get(overview).content.decode()
    assert "Art. 2(4)(g)" in english and "2(4)사" not in english
    assert "제2조제4호사목" in korean


def test_na_reads_in_the_pages_language(world: World) -> None:
    assessment = world.new_assessment()
    world.answer_all(assessment)
    services.answers_upsert(
        actor=world.users["owner"],
        assessment=assessment,
        answers=[services.AnswerInput("t-general", "T-B-01", "na", "Not used here", version=1)],
    )
    services.assessment_submit(
        actor=world.users["owner"], assessment=assessment, evaluation_body=world.body.pk
    )
    services.assessment_claim(actor=world.users["evaluator"], assessment=assessment)
    url = f"/app/assessments/{assessment.pk}/review/t-general/?section=T-B"
    korean = page(world, "evaluator", "ko").get(url).content.decode()
    assert "해당 없음" in korean and "N/A" not in korean
    assert "N/A" in page(world, "evaluator", "en").get(url).content.decode()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ko", "사용자 이름 또는 비밀번호가 올바르지 않습니다."),
        ("en", "The user name or password is not correct."),
    ],
)
def test_the_sign_in_error_is_our_own_sentence(world: World, language: str, message: str) -> None:
    client = Client()
    client.cookies["django_language"] = language
    response = client.post("/accounts/login/", {"username": "owner", "password": "wrong"})
    body = response.content.decode()
    assert message in body
    assert "와(과)" not in body and "%(username)s" not in body
    # An empty field says so next to it.
    response = client.post("/accounts/login/", {"username": "", "password": PASSWORD})
    assert 'id="e-username"' in response.content.decode()


def test_dates_use_one_format_per_language(world: World) -> None:
    assessment = world.submitted()
    moment = timezone.localtime(assessment.submitted_at)
    html = {
        lang: page(world, "evaluator", lang).get("/app/queue/").content.decode()
        for lang in ("ko", "en")
    }
    assert f"{moment.year}년 {moment.month}월 {moment.day}일" in html["ko"]
    assert moment.strftime("%B")[:3] in html["en"] and str(moment.year) in html["en"]
    overview = page(world, "owner", "ko").get(f"/app/assessments/{assessment.pk}/").content.decode()
    # Revisions and activity: the same Korean date-and-time format, no ISO or numeric variants.
    assert f"{moment.year}년 {moment.month}월 {moment.day}일" in overview
    assert not re.search(r"\d{4}-\d{1,2}-\d{1,2}\.", overview)


EVALUATOR_PAGES = [
    "/app/queue/",
    "/app/assessments/{pk}/review/t-general/",
    "/app/assessments/{pk}/evaluation/",
]


@pytest.mark.parametrize("who", ["owner", "member", "viewer", "other_company"])
@pytest.mark.parametrize("url", EVALUATOR_PAGES)
def test_company_users_cannot_open_evaluator_pages(world: World, who: str, url: str) -> None:
    assessment = world.in_review()
    client = page(world, who)
    target = url.format(pk=assessment.pk)
    assert client.get(target).status_code in (403, 404)
    assert client.post(target, {"c-T-R-01": "4", "v-T-A-01": "confirmed"}).status_code in (
        403,
        404,
    )


def test_the_activity_log_groups_runs_and_links_to_everything(world: World) -> None:
    assessment = world.in_review()
    services.verdicts_set(
        actor=world.users["evaluator"],
        assessment=assessment,
        verdicts=[
            services.VerdictInput("t-general", code, "confirmed")
            for code in ("T-A-01", "T-A-03", "T-B-01", "T-B-02")
        ],
    )
    for code in ("T-R-01", "T-R-02", "T-R-03"):
        services.rating_set(
            actor=world.users["evaluator"], assessment=assessment, criterion=code, rating=4
        )
    total = AuditEvent.objects.filter(assessment=assessment).count()
    html = page(world, "owner").get(f"/app/assessments/{assessment.pk}/").content.decode()
    events = re.search(r'<ol class="events">(.*?)</ol>', html, re.S).group(1)  # type: ignore[union-attr]
    lines = re.findall(r"<li>(.*?)</li>", events, re.S)
    with translation.override("en"):
        assert 'Verdict given <span class="badge">×4</span>' in lines[1]
        assert 'Criterion rated <span class="badge">×3</span>' in lines[0]
    assert len(lines) < total
    link = f'href="/app/assessments/{assessment.pk}/activity/"'
    assert link in html and f"All activity ({total} entries)" in html
    full = page(world, "owner").get(f"/app/assessments/{assessment.pk}/activity/")
    assert full.status_code == 200
    assert f"{total} entries, newest first." in full.content.decode()
    # Outside the company and the body, the log is as invisible as the assessment.
    assert (
        page(world, "other_company").get(f"/app/assessments/{assessment.pk}/activity/").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("language", "expected", "raw"),
    [
        (
            "ko",
            ["예/아니오", "성숙도 0~4단계", "인공지능 기본법 34(1)1", "<dd>일반</dd>"],
            "yes_no",
        ),
        ("en", ["Yes or no", "AI Basic Act 34(1)1", "<dd>General</dd>"], "kr_ai_basic_act"),
    ],
)
def test_the_catalog_names_codes_in_the_pages_language(
    fixture_content: object, language: str, expected: list[str], raw: str
) -> None:
    client = Client()
    client.cookies["django_language"] = language
    html = client.get("/checklists/t-general/").content.decode()
    for text in expected:
        assert text in html, text
    assert raw not in html
