"""Operations: the health check, structured logs."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import connection
from django.test import Client

from core.logs import JsonFormatter


@pytest.mark.django_db
def test_healthz_reports_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]

    from django.db.utils import OperationalError

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    down = Client().get("/healthz")
    assert down.status_code == 503
    assert down.json() == {"status": "unavailable", "database": "OperationalError"}


def test_json_log_lines() -> None:
    record = logging.LogRecord(
        "trustcheck", logging.WARNING, __file__, 1, "report %s failed", ("TC-1",), None
    )
    record.report = "TC-1"
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING" and line["message"] == "report TC-1 failed"
    assert line["report"] == "TC-1" and line["logger"] == "trustcheck"
    assert line["time"].endswith("+00:00")
