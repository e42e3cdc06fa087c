"""The PostgreSQL server of the fault tests that run real processes (tests/reliability/
test_faults.py, 2 and 4), found by one rule that the tests and ``make test``'s first check
(``scripts/check-postgres``) share:

``RELIABILITY_POSTGRES_URL`` (a URL of its maintenance database), else the server of
``DATABASE_URL`` when that is PostgreSQL, else ``postgres://postgres@127.0.0.1:5432/postgres``.
The role must be allowed to create databases: each run makes a throwaway one and drops it.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

LOCAL = "postgres://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    explicit = os.environ.get("RELIABILITY_POSTGRES_URL")
    if explicit:
        return explicit
    import dj_database_url

    database = dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite://:memory:")
    if database["ENGINE"].endswith("postgresql"):
        user = database.get("USER") or "postgres"
        password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
        host = database.get("HOST") or "127.0.0.1"
        port = database.get("PORT") or 5432
        return f"postgres://{user}{password}@{host}:{port}/postgres"
    return LOCAL


def redacted(url: str) -> str:
    """The URL with its password replaced by ``***``, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def problem(url: str) -> str | None:
    """Why the fault tests cannot use the server at ``url``, or None when they can."""
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
            ).fetchone()
    except psycopg.Error as exc:
        return f"no connection: {str(exc).strip() or type(exc).__name__}"
    if not (row and row[0]):
        return "connected, but the role may not create databases (ALTER ROLE ... CREATEDB)"
    return None
