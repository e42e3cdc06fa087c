"""`make test` checks first that the fault tests have their PostgreSQL server, and says exactly
what is missing when they do not (scripts/check-postgres)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def check(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RELIABILITY_")}
    return subprocess.run(
        [sys.executable, "scripts/check-postgres"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_server_stops_make_test_with_what_is_missing_and_how_to_fix_it() -> None:
    done = check(RELIABILITY_POSTGRES_URL="postgres://postgres:secret@127.0.0.1:1/postgres")
    assert done.returncode == 1
    assert "postgres://postgres:***@127.0.0.1:1/postgres" in done.stderr  # named, password hidden
    assert "secret" not in done.stderr + done.stdout
    assert "Connection refused" in done.stderr or "connection failed" in done.stderr
    for fix in (
        "apt-get install -y postgresql",
        "RELIABILITY_POSTGRES_URL=",
        "RELIABILITY_NO_POSTGRES=1",
    ):
        assert fix in done.stderr, fix


def test_skipping_on_purpose_is_said_out_loud() -> None:
    done = check(RELIABILITY_NO_POSTGRES="1")
    assert done.returncode == 0
    assert "SKIPPED" in done.stdout
