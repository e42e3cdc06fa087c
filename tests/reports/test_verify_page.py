"""The public verification page, /verify/<code>/, in Korean and English."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from assessments.models import AISystem
from reports.models import Report
from tests.assessments.conftest import World
from tests.reports.conftest import issue_self_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world: World) -> Report:
    AISystem.objects.filter(pk=world.system.pk).update(name="Résumé <b>ranker</b>")
    return issue_self_report(world, language="ko")


def client(language: str) -> Client:
    return Client(headers={"Accept-Language": language})


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        (
            "en",
            [
                "Report verification",
                "Issue record",
                "Self-assessment report",
                "Check a PDF file",
                "Not signed",
            ],
        ),
        ("ko", ["보고서 진위 확인", "발행 기록", "자체 평가 보고서", "PDF 파일 대조", "서명 없음"]),
    ],
)
def test_page_shows_the_record_in_each_language(
    report: Report, language: str, phrases: list[str]
) -> None:
    response = client(language).get(f"/verify/{report.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    for phrase in [*phrases, report.code, report.sha256, "Acme AI"]:
        assert phrase in html, phrase
    assert "Résumé &lt;b&gt;ranker&lt;/b&gt;" in html and "<b>ranker</b>" not in html
    assert f'lang="{language}"' in html


@pytest.mark.parametrize(
    ("tamper", "expected"), [(False, "Match: the file is identical"), (True, "No match")]
)
def test_upload_says_whether_the_file_is_identical(
    report: Report, tamper: bool, expected: str
) -> None:
    pdf = bytearray(report.pdf.read())
    if tamper:
        pdf[100] ^= 0x20
    upload = SimpleUploadedFile("report.pdf", bytes(pdf), content_type="application/pdf")
    response = client("en").post(f"/verify/{report.code}/", {"file": upload})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_upload_without_a_file_is_a_bad_request(report: Report) -> None:
    response = client("ko").post(f"/verify/{report.code}/", {})
    assert response.status_code == 400
    assert "대조할 PDF 파일을 선택하십시오." in response.content.decode()


def test_unknown_codes_are_404_and_the_lookup_redirects(report: Report) -> None:
    assert client("en").get("/verify/TC-2026-AAAA-AAAA/").status_code == 404
    assert client("en").get("/verify/<script>/").status_code == 404
    lookup = client("en").get("/verify/", {"code": report.code.lower()})
    assert lookup.status_code == 302 and lookup["Location"] == f"/verify/{report.code}/"
    assert "Look up" in client("en").get("/verify/").content.decode()


def test_page_is_throttled(report: Report, settings: Any) -> None:
    settings.REPORT_VERIFY_THROTTLE = "2/minute"
    statuses = [client("en").get(f"/verify/{report.code}/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
