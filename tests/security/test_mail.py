"""Mail with DEBUG=0 (issue 17.6): the SMTP settings come from the environment, a message reaches a
real SMTP server, and the deploy check warns when production has no mail server."""

from __future__ import annotations

import os
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k3y-" + "x7Qp9vLr2mZs8TnW4bYc6HdJ1fKg5aRe0uVi" * 2


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to take one message (with AUTH PLAIN/LOGIN accepted)."""

    def handle(self) -> None:
        server: _SMTPServer = self.server  # type: ignore[assignment]
        self.wfile.write(b"220 test ESMTP\r\n")
        data = False
        lines: list[bytes] = []
        while line := self.rfile.readline():
            if data:
                if line in (b".\r\n", b".\n"):
                    server.messages.append(b"".join(lines).decode())
                    data, lines = False, []
                    self.wfile.write(b"250 queued\r\n")
                else:
                    lines.append(line)
                continue
            command = line.strip().upper()
            server.commands.append(line.strip().decode())
            if command.startswith(b"EHLO"):
                self.wfile.write(b"250-test\r\n250 AUTH PLAIN LOGIN\r\n")
            elif command.startswith(b"AUTH"):
                self.wfile.write(b"235 ok\r\n")
            elif command == b"DATA":
                data = True
                self.wfile.write(b"354 go\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class _SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.messages: list[str] = []
        self.commands: list[str] = []


@pytest.fixture
def smtp() -> Iterator[_SMTPServer]:
    server = _SMTPServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k != "DJANGO_ALLOW_ASYNC_UNSAFE" and not k.startswith("EMAIL_")
    }
    return {
        **inherited,
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "trustcheck.example.org",
        "PUBLIC_BASE_URL": "https://trustcheck.example.org",
        "TRUSTCHECK_VAR_DIR": str(tmp_path),
        **extra,
    }


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


SEND = (
    "from django.core.mail import send_mail;"
    "print(send_mail('Trust Check test', 'Hello', None, ['lead@example.org']))"
)


@pytest.mark.parametrize("style", ["url", "variables"])
def test_mail_is_sent_through_the_configured_server(
    smtp: _SMTPServer, tmp_path: Path, style: str
) -> None:
    port = str(smtp.server_address[1])
    mail = (
        {"EMAIL_URL": f"smtp://mailer:s%40cret@127.0.0.1:{port}"}
        if style == "url"
        else {
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": port,
            "EMAIL_HOST_USER": "mailer",
            "EMAIL_HOST_PASSWORD": "s@cret",
        }
    )
    env = _production(tmp_path, DEFAULT_FROM_EMAIL="Trust Check <noreply@example.org>", **mail)
    result = _manage(env, "shell", "-v", "0", "-c", SEND)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "1"
    assert len(smtp.messages) == 1
    assert "Subject: Trust Check test" in smtp.messages[0]
    assert "From: Trust Check <noreply@example.org>" in smtp.messages[0]
    assert any(c.upper().startswith("AUTH") for c in smtp.commands)  # the credentials were used
    assert any("lead@example.org" in c for c in smtp.commands)


def test_the_deploy_check_warns_when_production_has_no_mail_server(tmp_path: Path) -> None:
    result = _manage(_production(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "trustcheck.W001" in result.stderr + result.stdout
    configured = _manage(
        _production(tmp_path, EMAIL_URL="smtp://127.0.0.1:2525"),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert configured.returncode == 0, configured.stdout + configured.stderr
