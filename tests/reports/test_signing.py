"""Evaluation reports signed with pyHanko (PAdES B-B) when the body has a key configured."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader
from rest_framework.test import APIClient

from reports import services
from reports.choices import ReportStatus
from reports.models import Report
from reports.signing import check_signature
from tests.assessments.conftest import World
from tests.reports.conftest import decide

pytestmark = pytest.mark.django_db
PASSWORD = "throwaway-pass"


def make_pkcs12(folder: Path, common_name: str = "Lab One signing key") -> Path:
    """A throwaway EC key and self-signed certificate, as a password-protected PKCS#12 file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Lab One"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .sign(key, hashes.SHA256())
    )
    path = folder / "signing.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"lab-one",
            key,
            certificate,
            None,
            serialization.BestAvailableEncryption(PASSWORD.encode()),
        )
    )
    return path


@pytest.fixture
def signing(settings: Any, tmp_path: Path, world: World) -> Path:
    path = make_pkcs12(tmp_path)
    settings.REPORT_SIGNING = {"Lab One": {"pkcs12": str(path), "password": PASSWORD}}
    return path


def issue(world: World, kind: str = "evaluation") -> Report:
    assessment = decide(world)
    actor = world.users["evaluator" if kind == "evaluation" else "owner"]
    report = services.report_issue(actor=actor, assessment=assessment, kind=kind, language="en")
    return Report.objects.get(pk=report.pk)


def test_evaluation_report_is_signed_and_the_signature_validates(
    world: World, signing: Path
) -> None:
    report = issue(world)
    assert report.status == ReportStatus.READY, report.error
    assert report.signed
    pdf = report.pdf.read()
    check = check_signature(pdf)
    assert check.signed and check.valid and check.trusted
    assert "Lab One signing key" in check.signer
    # Signing appends to the PDF: the embedded data and the PDF/A metadata are still there.
    reader = PdfReader(io.BytesIO(pdf))
    assert "report-data.json" in reader.attachments
    assert (
        'pdfaid:part="3"' in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    )

    body = APIClient().get(f"/api/v1/verify/{report.code}/").json()
    assert body["signature"]["signed"] is True and body["signature"]["valid"] is True
    assert body["sha256"] == report.sha256
    page = (
        APIClient(headers={"Accept-Language": "en"}).get(f"/verify/{report.code}/").content.decode()
    )
    assert "Valid signature" in page


def test_one_changed_byte_breaks_the_match_and_the_signature(world: World, signing: Path) -> None:
    report = issue(world)
    pdf = bytearray(report.pdf.read())
    offset = len(pdf) // 3  # inside the signed byte range, in the middle of page content
    pdf[offset] ^= 0x01
    tampered = bytes(pdf)
    upload = SimpleUploadedFile("report.pdf", tampered, content_type="application/pdf")
    response = APIClient().post(
        f"/api/v1/verify/{report.code}/", {"file": upload}, format="multipart"
    )
    assert response.json() == {"match": False}
    assert check_signature(tampered).valid is not True


def test_unknown_signer_is_valid_but_not_trusted(
    world: World, signing: Path, settings: Any, tmp_path: Path
) -> None:
    report = issue(world)
    other = tmp_path / "other"
    other.mkdir()
    settings.REPORT_SIGNING = {
        "default": {"pkcs12": str(make_pkcs12(other, "Someone else")), "password": PASSWORD}
    }
    check = check_signature(report.pdf.read())
    assert check.valid is True and check.trusted is False


def test_self_assessment_reports_are_not_signed(world: World, signing: Path) -> None:
    report = issue(world, kind="self_assessment")
    assert report.status == ReportStatus.READY and not report.signed
    assert check_signature(report.pdf.read()).signed is False


def test_a_wrong_password_fails_the_report_with_a_clear_error(
    world: World, signing: Path, settings: Any
) -> None:
    settings.REPORT_SIGNING = {"Lab One": {"pkcs12": str(signing), "password": "wrong"}}
    report = issue(world)
    assert report.status == ReportStatus.FAILED
    assert report.error.startswith("signing failed")
    assert not report.pdf
