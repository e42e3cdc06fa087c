"""Decide a file's type from its first bytes, never from the name the client sent."""

from __future__ import annotations

import io
import zipfile

_OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def sniff_content_type(head: bytes, name: str = "", whole: bytes | None = None) -> str:
    """The MIME type the bytes really are; ``application/octet-stream`` when unknown.

    ``head`` is the first few KiB. Office files are ZIP archives: their first entry names tell
    which kind (read from ``whole`` when given, else from ``head``). Text is accepted only when it
    decodes as UTF-8 without control characters; ``.csv`` names make it text/csv.
    """
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(whole if whole is not None else head)
    if _is_text(head):
        return "text/csv" if name.lower().endswith(".csv") else "text/plain"
    return "application/octet-stream"


def _office_kind(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        # Only the head was read: look for the entry names in the local file headers instead.
        names = [part.decode("latin-1") for part in data.split(b"PK\x03\x04")[1:]]
    for prefix, kind in _OOXML.items():
        if any(prefix in entry for entry in names):
            return kind
    return "application/zip"


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a multi-byte character cut at the end of the head is fine
            return False
        text = head[: exc.start].decode("utf-8")
    return all(ch.isprintable() or ch in "\t\r\n" for ch in text)
