"""Rendering reaches nothing: user text is escaped, and the fetcher refuses files and the network.

A local HTTP listener counts every request; hostile markup goes into every place a user can write
(text answers, comments, the system's name, the evaluator's remarks and opinion). The listener
must see nothing, no local file may leak into the PDF, and the markup must show up as text.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessments import services as assessment_services
from assessments.models import AISystem
from core.charts import Bar
from reports import services
from reports.choices import ReportStatus
from reports.isolation import render_isolated
from reports.render import bar_svg
from reports.sandbox import STATIC_BASE, RenderJob, StaticOnlyFetcher
from reports.shapes import Chart
from tests.assessments.conftest import World

PASSWD_MARK = "root:x:0:0"


class Listener:
    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                listener.requests.append(self.path)
                if self.path.startswith("/redirect"):
                    self.send_response(302)
                    self.send_header("Location", "file:///etc/passwd")
                    self.end_headers()
                    return
                body = b"body { background: red }" if self.path.endswith(".css") else b"GIF89a"
                self.send_response(200)
                self.send_header(
                    "Content-Type", "text/css" if self.path.endswith(".css") else "image/gif"
                )
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    running.thread.start()
    yield running
    running.server.shutdown()
    running.server.server_close()


def payloads(listener: Listener) -> list[str]:
    return [
        '<img src="file:///etc/hostname">',
        f"<link rel=stylesheet href={listener.url('/link.css')}>",
        f"<style>@import url({listener.url('/import.css')}); p {{ background: url({listener.url('/bg.gif')}) }}</style>",
        f'<div style="background-image: url({listener.url("/inline.gif")})">x</div>',
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{listener.url("/svg.gif")}" width="9" height="9"/></svg>',
        f'<img src="{listener.url("/redirect")}">',
        '<iframe src="file:///etc/passwd"></iframe><object data="file:///etc/passwd"></object>',
    ]


def squeeze(text: str) -> str:
    return "".join(text.split())


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.django_db
def test_hostile_user_text_is_printed_as_text_and_fetches_nothing(
    world: World, listener: Listener
) -> None:
    hostile = payloads(listener)
    owner, evaluator = world.users["owner"], world.users["evaluator"]
    AISystem.objects.filter(pk=world.system.pk).update(name=f"Ranker {hostile[0]}")
    assessment = world.new_assessment()
    world.answer_all(assessment)
    assessment_services.answers_upsert(
        actor=owner,
        assessment=assessment,
        answers=[
            assessment_services.AnswerInput(
                checklist="t-general", item="T-B-03", value=hostile[1] + hostile[2]
            ),
            assessment_services.AnswerInput(
                checklist="t-general", item="T-B-05", value="na", comment=hostile[3]
            ),
        ],
    )
    assessment = assessment_services.assessment_submit(
        actor=owner, assessment=assessment, evaluation_body=world.body.pk
    )
    assessment = assessment_services.assessment_claim(actor=evaluator, assessment=assessment)
    world.verdict(assessment, "T-A-03", "not_confirmed", hostile[4])
    for criterion in ("T-R-01", "T-R-02", "T-R-03"):
        assessment_services.rating_set(
            actor=evaluator,
            assessment=assessment,
            criterion=criterion,
            rating=2,
            rationale=hostile[5],
        )
    assessment = assessment_services.assessment_reject(
        actor=evaluator, assessment=assessment, comment=hostile[6]
    )

    report = services.report_issue(
        actor=evaluator, assessment=assessment, kind="evaluation", language="en"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    pdf = report.pdf.read()
    text = squeeze(pdf_text(pdf))

    assert listener.requests == []
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    if len(hostname) >= 6:
        assert hostname not in text and hostname.encode() not in pdf
    assert PASSWD_MARK not in text
    for payload in hostile:
        assert squeeze(payload) in text, payload  # printed, not interpreted


def test_the_fetcher_refuses_what_the_markup_asks_for(listener: Listener, tmp_path: Path) -> None:
    hostile = payloads(listener)
    css = f"@import url({listener.url('/sheet.css')}); @import url(file:///etc/passwd); body {{ background: url({listener.url('/b.gif')}) }}"
    html = "<!doctype html><html><body><p>Report</p>" + "".join(hostile) + "</body></html>"
    output = render_isolated(
        RenderJob(parts=(html,), stylesheets=(css,), pdf_variant=None), timeout=60, memory_mb=2048
    )
    assert listener.requests == []
    assert PASSWD_MARK not in pdf_text(output.pdf)
    refused = " ".join(output.refused)
    for needle in (
        "file:///etc/hostname",
        "/link.css",
        "/import.css",
        "/sheet.css",
        "/bg.gif",
        "/inline.gif",
        "/svg.gif",
        "/redirect",
        "file:///etc/passwd",
    ):
        assert needle in refused, needle


def test_static_files_are_served_only_from_inside_their_root(tmp_path: Path) -> None:
    root = tmp_path / "static"
    (root / "img").mkdir(parents=True)
    (root / "img" / "logo.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "img" / "link.txt").symlink_to(tmp_path / "secret.txt")
    fetcher = StaticOnlyFetcher((str(root),))
    assert fetcher.fetch(STATIC_BASE + "img/logo.svg").read() == b"<svg/>"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in (
        STATIC_BASE + "../secret.txt",
        STATIC_BASE + "img/%2e%2e/%2e%2e/secret.txt",
        STATIC_BASE + "img/link.txt",  # a symlink out of the root
        STATIC_BASE + "img/missing.svg",
        "file://" + str(root / "img" / "logo.svg"),
        "http://127.0.0.1:9/x.css",
        "https://trustcheck.invalid/elsewhere/logo.svg",
        "ftp://example.com/x",
    ):
        with pytest.raises(ValueError, match="not allowed"):
            fetcher.fetch(url)


def test_chart_text_is_escaped() -> None:
    chart = Chart(
        "t<script>", (Bar('A</text><image href="file:///etc/passwd"/>', 50.0, None),), "s&", "v"
    )
    svg = bar_svg(chart)
    assert "<image" not in svg and "<script>" not in svg
    assert "A&lt;/text&gt;&lt;image" in svg and ">t&lt;script&gt;</title>" in svg
    assert 'font-family="NanumGothic"' in svg
