"""The QR code and the address printed in a report lead to its verification page.

The report is issued through the page of a live server on a port of its own; the QR code is
decoded (zxing-cpp) from page 1 rendered to an image by poppler's ``pdftoppm``, exactly what a
phone's camera sees; the printed address is read back with ``pdftotext``; the browser then opens
the address and finds the report's record with both hashes named.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.assessments.conftest import World
from tests.e2e.conftest import NewPage, sign_in

pytestmark = pytest.mark.browser


def qr_payloads(pdf: Path) -> list[str]:
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "200", "-png", "-singlefile", str(pdf),
         str(pdf.with_suffix(""))],
        check=True,
    )  # fmt: skip
    with Image.open(pdf.with_suffix(".png")) as image:
        return [
            result.text
            for result in zxingcpp.read_barcodes(image)
            if result.format == zxingcpp.BarcodeFormat.QRCode
        ]


def printed_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_qr_code_and_printed_address_open_the_verification_page(
    world: World, new_page: NewPage, live_server: Any, settings: Any, tmp_path: Path, lang: str
) -> None:
    from reports.models import Report

    # The address the app is served on (a random port): what `make run` passes from HOST/PORT.
    settings.PUBLIC_BASE_URL = live_server.url
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assessment = world.submitted()
    page = new_page(lang=lang)
    sign_in(page, "owner")
    page.goto(f"/app/assessments/{assessment.pk}/reports/")
    page.locator("#r-kind").select_option("self_assessment")
    page.locator("#r-language").select_option(lang)
    page.locator("form button.primary").click()
    link = page.locator("a.button", has_text=re.compile("Download PDF|PDF 내려받기")).first
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    pdf = Path(download.value.path()).read_bytes()
    report = Report.objects.get(assessment=assessment)
    expected = f"{live_server.url}/verify/{report.code}/"

    # The QR code, decoded from the rendered page, and the printed address are the same URL.
    saved = tmp_path / "report.pdf"
    saved.write_bytes(pdf)
    assert qr_payloads(saved) == [expected]
    text = printed_text(pdf)
    assert expected in re.sub(r"\s+", "", text)
    # The data hash printed on the cover is the hash of the data attached to the PDF.
    attached = PdfReader(io.BytesIO(pdf)).attachments["report-data.json"][0]
    data_hash = hashlib.sha256(attached).hexdigest()
    assert data_hash == report.data_sha256
    assert data_hash in re.sub(r"\s+", "", text)
    assert json.loads(attached)["report"]["verify_url"] == expected

    # Opening it (as a phone would, without signing in) shows the record with both hashes named.
    reader = new_page(lang=lang)
    response = reader.goto(expected)
    assert response is not None and response.status == 200
    expect(reader.locator("main h1")).to_have_text(
        "Report verification" if lang == "en" else "보고서 진위 확인"
    )
    file_row = reader.locator("tr", has=reader.locator("td.hash-file"))
    data_row = reader.locator("tr", has=reader.locator("td.hash-data"))
    expect(file_row.locator("td")).to_have_text(hashlib.sha256(pdf).hexdigest())
    expect(data_row.locator("td")).to_have_text(data_hash)
    expect(file_row.locator("th")).to_have_text(
        "PDF file SHA-256" if lang == "en" else "PDF 파일 SHA-256"
    )
    expect(data_row.locator("th")).to_have_text(
        "Data SHA-256 (printed on the report)"
        if lang == "en"
        else "데이터 SHA-256 (보고서에 인쇄된 값)"
    )
