"""WeasyPrint, fenced in: a URL fetcher that reaches nothing, and the render of a job's parts.

A job is finished HTML and CSS, as strings, cut into parts (``reports.render``). Each part is laid
out, written to PDF and freed before the next; ``finish`` joins the parts and stamps the page
numbers. ``reports.isolation`` runs all this in child processes with time and memory limits.
This module must not import Django: the forkserver preloads it.
"""

from __future__ import annotations

import gc
import mimetypes
import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML  # type: ignore[import-untyped]
from weasyprint import Attachment as PdfAttachment
from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

from reports.pdfjoin import join

# Relative URLs in a report resolve against this base; only its /static/ paths map to files, and
# only to files inside the allowed roots. The host is reserved (RFC 2606): nothing is ever asked.
STATIC_BASE = "https://trustcheck.invalid/static/"


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``data:`` URLs and the app's own static files; refuses everything else.

    No network (http, https, ftp), no ``file:`` URLs, no redirects. A static URL is
    ``STATIC_BASE`` + a relative path, resolved inside one of ``roots`` and refused when the
    resolved path (after ``..`` and symlinks) leaves that root.
    """

    def __init__(self, roots: tuple[str, ...] = ()) -> None:
        super().__init__(
            timeout=1, allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False
        )
        self.roots = tuple(Path(root).resolve() for root in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_BASE):
            path = self.resolve(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, body=path.read_bytes(), headers={"Content-Type": content_type}
                )
        self.refused.append(url[:200])
        raise ValueError(f"URL not allowed in reports: {url[:200]}")

    def resolve(self, url: str) -> Path | None:
        parts = urlsplit(url)
        relative = unquote(parts.path).removeprefix(urlsplit(STATIC_BASE).path)
        if not relative or "\x00" in relative or relative.startswith("/") or parts.query:
            return None
        for root in self.roots:
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
        return None


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    data: bytes
    description: str
    relationship: str = "Data"


@dataclass(frozen=True, slots=True)
class RenderJob:
    """What to render: HTML documents ("parts") joined in order into one PDF.

    Parts are laid out one at a time and freed, so memory follows the largest part, not the
    report. ``page_numbers``, a CSS ``@page`` rule, draws "page X of Y" over the joined pages.
    """

    parts: tuple[str, ...]
    stylesheets: tuple[str, ...]
    attachments: tuple[Attachment, ...] = ()
    static_roots: tuple[str, ...] = ()
    pdf_variant: str | None = "pdf/a-3b"
    created: datetime | None = None
    page_numbers: str | None = None


@dataclass(frozen=True, slots=True)
class RenderOutput:
    pdf: bytes
    pages: int
    seconds: float
    peak_rss_kb: int
    refused: tuple[str, ...]


def _pdf_attachments(job: RenderJob, fetcher: StaticOnlyFetcher) -> list[PdfAttachment]:
    return [
        PdfAttachment(
            string=a.data,
            name=a.name,
            description=a.description,
            relationship=a.relationship,
            created=job.created,
            modified=job.created,
            url_fetcher=fetcher,
        )
        for a in job.attachments
    ]


def _render_part(
    part: str,
    index: int,
    job: RenderJob,
    fetcher: StaticOnlyFetcher,
    stylesheets: list[CSS],
    pdfs: list[bytes],
) -> int:
    document = HTML(string=part, base_url=STATIC_BASE, url_fetcher=fetcher).render(
        stylesheets=stylesheets, presentational_hints=False
    )
    pages = len(document.pages)
    pdfs.append(
        document.write_pdf(
            attachments=_pdf_attachments(job, fetcher) if index == 0 else None,
            pdf_variant=job.pdf_variant,
        )
    )
    del document
    gc.collect()  # the part's boxes are garbage now: free them before the next part
    return pages


def render_parts(job: RenderJob, indices: Sequence[int]) -> list[tuple[int, bytes, int]]:
    """Render the parts ``indices`` of ``job``, each to its own PDF: ``(index, pdf, pages)``."""
    fetcher = StaticOnlyFetcher(job.static_roots)
    stylesheets = [
        CSS(string=css, base_url=STATIC_BASE, url_fetcher=fetcher) for css in job.stylesheets
    ]
    rendered: list[tuple[int, bytes, int]] = []
    # Objects alive now (modules, fonts) are never garbage: keep the collector off them, and
    # off during a part's layout, which builds large graphs that die all at once afterwards.
    gc.freeze()
    enabled = gc.isenabled()
    gc.disable()
    try:
        for index in indices:
            pdfs: list[bytes] = []
            pages = _render_part(job.parts[index], index, job, fetcher, stylesheets, pdfs)
            rendered.append((index, pdfs[0], pages))
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
    _refused.extend(fetcher.refused)
    return rendered


def finish(job: RenderJob, pdfs: Sequence[bytes], pages: int) -> bytes:
    """Join the parts' PDFs in order and stamp the page numbers (when the job asks for them)."""
    overlay = None
    if job.page_numbers:
        fetcher = StaticOnlyFetcher(())
        blank = "<!doctype html><html><body>" + '<div style="break-after: page"></div>' * pages
        overlay = HTML(string=blank + "</body></html>", url_fetcher=fetcher).write_pdf(
            stylesheets=[CSS(string=job.page_numbers, url_fetcher=fetcher)]
        )
    if len(pdfs) == 1 and overlay is None:
        return pdfs[0]
    return join(pdfs, overlay=overlay)


# URLs the fetcher refused in this process, reported back with the result.
_refused: list[str] = []


def render(job: RenderJob) -> RenderOutput:
    """Render all of ``job`` in this process (a render child calls it; so may tests)."""
    started = time.perf_counter()
    del _refused[:]
    rendered = render_parts(job, range(len(job.parts)))
    pages = sum(count for _index, _pdf, count in rendered)
    pdf = finish(job, [pdf for _index, pdf, _count in rendered], pages)
    return RenderOutput(
        pdf=pdf,
        pages=pages,
        seconds=time.perf_counter() - started,
        peak_rss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        refused=tuple(_refused),
    )
