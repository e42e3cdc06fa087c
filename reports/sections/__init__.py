"""One module per report section: each a pure function from the typed report data
(``reports.data.ReportData``) to its section shape (``reports.shapes``); ``reports.context``
calls them in order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def pick(labels: Mapping[str, Any], key: str | None) -> str:
    """The text of ``key`` in a table of lazy texts; an unknown key is shown as it is, None as a
    dash."""
    if key is None:
        return "—"
    text = labels.get(key)
    return key if text is None else str(text)
