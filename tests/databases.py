"""Database set-ups shared by the tests that write from several threads at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connections


@contextmanager
def connections_of_their_own(path: Path) -> Iterator[None]:
    """Give every thread a real connection to one database while the block runs.

    On PostgreSQL nothing is needed. Django's SQLite test database lives in memory in *shared-cache*
    mode, where a second writer fails at once with "database table is locked" instead of waiting:
    not how the app runs (a file in WAL mode with a busy timeout, config/settings.py). So for SQLite
    this copies the empty test schema into the file ``path`` and points new connections at it.
    Needs a transactional database (``transactional_db``): the threads must see real commits.
    """
    wrapper = connections["default"]
    if wrapper.vendor != "sqlite" or not wrapper.is_in_memory_db():
        yield
        return
    wrapper.ensure_connection()
    target = sqlite3.connect(path)
    wrapper.connection.backup(target)
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    del connections["default"]  # the next use in this thread opens the file
    try:
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = original
        connections["default"] = wrapper
