"""Join separately rendered PDF parts into one document and stamp "page X of Y" on it.

A long report is rendered part by part (see ``reports.sandbox``) so that memory stays bounded:
WeasyPrint keeps every laid-out page of a document in memory until it writes the PDF. The first
part is cloned whole (its catalog carries the PDF/A metadata, output intent, outline and the
embedded data file); the pages of the others are appended with their outlines. Page numbers need
the total, known only at the end, so they come from a small overlay document whose pages are
added to each page as a form XObject - appended to the page's content, never parsing it.

No Django here: this runs in the render child.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

STAMP = NameObject("/TrustCheckPageNumber")


def _content_stream(writer: PdfWriter, data: bytes) -> object:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _form(writer: PdfWriter, page: object) -> object:
    """The overlay page as a form XObject living in ``writer``."""
    source = page.get_object()  # type: ignore[attr-defined]
    form = DecodedStreamObject()
    contents = source.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(source.mediabox),
            NameObject("/Resources"): source["/Resources"].clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())


def stamp(writer: PdfWriter, overlay: PdfReader, *, skip_first: bool = True) -> None:
    """Draw overlay page i over page i of ``writer`` (the first page, the cover, is left alone)."""
    begin = _content_stream(writer, b"q\n")
    for index, page in enumerate(writer.pages):
        if (skip_first and index == 0) or index >= len(overlay.pages):
            continue
        form = _form(writer, overlay.pages[index])
        # Pages of one part share their resource dictionaries: each stamped page gets its own.
        shared = page.get("/Resources")
        resources = DictionaryObject(shared.get_object() if shared is not None else {})
        xobjects = resources.get("/XObject")
        xobjects = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
        xobjects[STAMP] = form
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page.get("/Contents")
        if contents is None:
            existing = []
        elif isinstance(contents.get_object(), ArrayObject):
            existing = list(contents.get_object())
        else:
            existing = [contents]
        end = _content_stream(writer, b"\nQ\nq " + STAMP.encode() + b" Do Q\n")
        page[NameObject("/Contents")] = ArrayObject([begin, *existing, end])


def join(parts: Sequence[bytes], *, overlay: bytes | None = None) -> bytes:
    """One PDF of ``parts`` (the first keeps document-level objects), stamped with ``overlay``."""
    first = PdfReader(io.BytesIO(parts[0]))
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # cloning warns that WeasyPrint's trailer /Size is outgrown
    try:
        writer = PdfWriter(clone_from=first)
    finally:
        quiet.setLevel(level)
    writer.pdf_header = first.pdf_header
    for part in parts[1:]:
        writer.append(PdfReader(io.BytesIO(part)), import_outline=True)
    if overlay is not None:
        stamp(writer, PdfReader(io.BytesIO(overlay)))
    producer = first.metadata.get("/Producer") if first.metadata else None
    if producer:  # keep the document information consistent with the XMP metadata (PDF/A)
        writer.add_metadata({"/Producer": producer})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
