"""The high-impact review record (판단서): a PDF per system from its latest screening, in Korean
and English, read back; user text escaped; only the company's people may have it."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from assessments import services
from tests.assessments.conftest import World
from tests.factories import SystemFactory, sign_in

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # Korean words carry U+2060 WORD JOINERs between their letters (reports.linebreak).
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u2060", "")


def _client(world: World, who: str) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    sign_in(client, world.users[who])
    return client


def test_the_record_in_both_languages(world: World) -> None:
    world.submitted()
    client = _client(world, "member")
    url = f"/app/register/systems/{world.system.pk}/review-record.pdf"
    english = client.get(f"{url}?language=en")
    assert english.status_code == 200 and english["Content-Type"] == "application/pdf"
    assert english.content.startswith(b"%PDF-")
    text = " ".join(_text(english.content).split())
    for expected in (
        "High-impact AI review record",
        "Acme AI",
        "Résumé ranker",
        "The system is high-impact AI (Art. 2(4) of the AI Basic Act).",
        "Judgements affecting rights and duties",
        "Art. 34 high-impact operator measures",
        "Not determined",  # Art. 32: the fixture screening asks no compute question
        "T-SIG-01",
        "Reviewed by (last to answer) owner",
        "revision 1, owner",
        "may ask the Minister of Science and ICT to confirm",
        "impact level IV",
    ):
        assert expected in text, expected
    korean = client.get(f"{url}?language=ko")
    text = " ".join(_text(korean.content).split())
    for expected in (
        "고영향 인공지능 해당 여부 판단서",
        "고영향 인공지능에 해당합니다",
        "제34조 고영향 인공지능 사업자의 책무",
        "과학기술정보통신부장관에게",
        "제출됨",
    ):
        assert expected in text, expected


def test_user_text_is_escaped_in_the_record(world: World) -> None:
    system = SystemFactory(
        organization=world.company,
        name="<b>Bold</b> & co",
        purpose="<script>alert(1)</script>",
        created_by=world.users["owner"],
    )
    services.assessment_create(actor=world.users["owner"], system=system)
    response = _client(world, "owner").get(
        f"/app/register/systems/{system.pk}/review-record.pdf?language=en"
    )
    text = _text(response.content)
    assert "<b>Bold</b> & co" in text and "<script>alert(1)</script>" in text
    assert "No result yet: the screening is not finished (0 of" in " ".join(text.split())


def test_who_may_have_the_record(world: World) -> None:
    world.submitted()
    url = f"/app/register/systems/{world.system.pk}/review-record.pdf"
    assert _client(world, "viewer").get(url).status_code == 200
    for who in ("other_company", "evaluator", "lead"):
        assert _client(world, who).get(url).status_code == 404, who
    assert _client(world, "owner").get(f"{url}?language=fr").status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    never = SystemFactory(organization=world.company, created_by=world.users["owner"])
    response = _client(world, "owner").get(f"/app/register/systems/{never.pk}/review-record.pdf")
    assert response.status_code == 404
