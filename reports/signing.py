"""Optional PAdES signatures on evaluation reports (pyHanko), and their validation.

``settings.REPORT_SIGNING`` maps an evaluation body (its id or its exact name) or ``"default"``
to ``{"pkcs12": path, "password": str}`` and optionally ``"trust_roots": [PEM or DER paths]``.
Evaluation reports of a configured body are signed (PAdES baseline B-B) right after rendering,
before their SHA-256 is taken. Validation trusts the certificates of the configured PKCS#12
files plus the listed roots, and never fetches anything from the network.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext


class SigningError(Exception):
    """The configured key could not sign the report."""


@dataclass(frozen=True, slots=True)
class SigningConfig:
    pkcs12: str
    password: str | None


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """What a PDF's signature says: none, or intact and valid (and by whom, trusted or not)."""

    signed: bool
    valid: bool | None = None
    trusted: bool | None = None
    signer: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "signed": self.signed,
            "valid": self.valid,
            "trusted": self.trusted,
            "signer": self.signer,
        }


def _configs() -> dict[str, Any]:
    return dict(getattr(settings, "REPORT_SIGNING", {}) or {})


def config_for(body_id: int | None, body_name: str | None) -> SigningConfig | None:
    """The signing key configured for an evaluation body (by id, then name), else the default."""
    configs = _configs()
    for key in (str(body_id) if body_id is not None else None, body_name, "default"):
        entry = configs.get(key) if key else None
        if entry and entry.get("pkcs12"):
            return SigningConfig(pkcs12=str(entry["pkcs12"]), password=entry.get("password"))
    return None


def sign_pdf(pdf: bytes, config: SigningConfig, *, reason: str) -> bytes:
    """Sign ``pdf`` with the key of ``config`` as an incremental update (PAdES B-B, SHA-256)."""
    try:
        signer = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
            pfx_file=config.pkcs12, passphrase=config.password.encode() if config.password else None
        )
        if signer is None:
            raise SigningError(
                "signing failed: the PKCS#12 file could not be read (is the password right?)"
            )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        metadata = signers.PdfSignatureMetadata(
            field_name="TrustCheckSignature",
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location="Trust Check",
        )
        output = signers.sign_pdf(writer, metadata, signer=signer)
    except SigningError:
        raise
    except Exception as exc:
        raise SigningError(f"signing failed: {type(exc).__name__}: {exc}") from exc
    return bytes(output.getbuffer())


def trust_roots() -> list[asn1_x509.Certificate]:
    """The configured signing certificates and any extra roots: what validation trusts."""
    roots: list[asn1_x509.Certificate] = []
    for entry in _configs().values():
        if not isinstance(entry, dict):
            continue
        if entry.get("pkcs12"):
            password = entry.get("password")
            try:
                _key, cert, chain = pkcs12.load_key_and_certificates(
                    Path(entry["pkcs12"]).read_bytes(), password.encode() if password else None
                )
            except (OSError, ValueError):
                continue
            for found in [cert, *(chain or [])]:
                if found is not None:
                    roots.append(asn1_x509.Certificate.load(found.public_bytes(Encoding.DER)))
        for path in entry.get("trust_roots", []):
            raw = Path(path).read_bytes()
            if raw.lstrip().startswith(b"-----"):
                from asn1crypto import pem

                _type, _headers, raw = pem.unarmor(raw)
            roots.append(asn1_x509.Certificate.load(raw))
    return roots


def check_signature(pdf: bytes) -> SignatureCheck:
    """Validate the last signature of ``pdf`` without network access; broken PDFs are invalid.

    ``valid`` means the signature is cryptographically sound, its hash matches the bytes, and it
    covers the whole file (nothing appended after signing). ``trusted`` adds that the signer's
    certificate chains up to a configured root.
    """
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        return SignatureCheck(signed=False)
    if not signatures:
        return SignatureCheck(signed=False)
    try:
        context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
        status = validate_pdf_signature(signatures[-1], context)
    except Exception:
        return SignatureCheck(signed=True, valid=False, trusted=False)
    valid = bool(
        status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    )
    return SignatureCheck(
        signed=True,
        valid=valid,
        trusted=valid and bool(status.trusted),
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
    )
