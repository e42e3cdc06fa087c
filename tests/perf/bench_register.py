"""The AI system register at 500 systems: the page, the API and the Excel export.

For each database (SQLite, and PostgreSQL when it answers) a child process with production
settings (``DEBUG=0``, collected static files) loads the fixture checklists, assesses one system
for real (answers, submit, review, approval, an evaluation report rendered to PDF) and copies it
in bulk (``tests.portfolio.builders.clone_systems``) to 5 and then 500 systems of one company.
At each size it times, in-process with Django's test client (server time, no network), the
median of 10 runs of ``/app/register/``, ``/api/v1/register/?page_size=1000`` and
``/app/register/export.xlsx``, and counts their SQL queries. Targets at 500 systems: under 2 s
each, and the same number of queries as at 5. A miss is profiled with cProfile
(``var/bench/profile-register-<db>-<page>.txt``); ``BENCH_PROFILE=1`` profiles every page.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from tests.perf.common import (
    BENCH_VAR,
    Row,
    child_of,
    django_env,
    machine,
    measure_page,
    pg_reachable,
    pg_recreate,
    pg_url,
    print_table,
    row,
    run_child,
    save_json,
    size_rows,
)

BENCH = "register"
MODULE = "tests.perf.bench_register"
SIZES = (5, 500)
RUNS = 10
WARMUP = 2
TIME_LIMIT = 2.0
PROFILE_RUNS = 3
PG_DATABASE = "trustcheck_bench_register"
PAGES = {
    "register page": "/app/register/",
    "register API": "/api/v1/register/?page_size=1000",
    "Excel export": "/app/register/export.xlsx",
}


def _measure(page: str, n: int, client: Any, url: str, db: str) -> dict[str, Any]:
    def check() -> Any:
        response = client.get(url)
        assert response.status_code == 200, (page, response.status_code, response.content[:300])
        if page == "register API":
            assert response.json()["count"] == n, response.json()["count"]
        return response

    return measure_page(
        check,
        check,
        url=url,
        warmup=WARMUP,
        runs=RUNS,
        counted_runs=3,
        time_limit=TIME_LIMIT,
        profile_runs=PROFILE_RUNS,
        profile_name=f"{BENCH}-{db}-{page.replace(' ', '-')}" if n == max(SIZES) else None,
    )


def _run(db: str) -> dict[str, Any]:
    import io

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from assessments.models import AISystem
    from tests.assessments.conftest import CONTENT, build_world
    from tests.factories import sign_in
    from tests.portfolio.builders import clone_systems, evaluated_system

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # setup only
    settings.APPLICABILITY_RULES = CONTENT / "rules.yaml"
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_checklists", path=CONTENT, stdout=io.StringIO())
    world = build_world()
    template = evaluated_system(world)  # with world.system (never assessed): two systems
    print(f"[{BENCH}] {db}: set up in {time.perf_counter() - started:.0f} s", flush=True)
    client = Client()
    sign_in(client, world.users["owner"])
    results: dict[str, dict[int, Any]] = {page: {} for page in PAGES}
    for n in SIZES:
        have = AISystem.objects.filter(organization=world.company).count()
        clone_systems(template, n - have)
        for page, url in PAGES.items():
            results[page][n] = _measure(page, n, client, url, db)
        print(f"[{BENCH}] {db}: {n} systems measured", flush=True)
    return {"db": db, "setup_s": time.perf_counter() - started, "pages": results}


child = child_of(_run)


def _rows(db: str, pages: dict[str, dict[str, Any]]) -> list[Row]:
    return size_rows(BENCH, db, PAGES, pages, sizes=SIZES, unit="systems", time_limit=TIME_LIMIT)


def main() -> list[Row]:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    sqlite_file = BENCH_VAR / "register.sqlite3"
    targets = [("sqlite", f"sqlite:///{sqlite_file}")]
    pg_version = pg_reachable()
    if pg_version is not None:
        targets.append(("postgresql", pg_url(PG_DATABASE)))
    result: dict[str, Any] = {}
    rows: list[Row] = []
    for db, url in targets:
        if db == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
        else:
            pg_recreate(PG_DATABASE)
        env = django_env(
            url,
            ALLOWED_HOSTS="testserver",
            PUBLIC_BASE_URL="https://trustcheck.example",
            # The template system's evaluation report renders in place (no worker runs here).
            TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
        )
        print(f"[{BENCH}] {db} ...", flush=True)
        try:
            result[db] = run_child(MODULE, [db], env, timeout=1800)["pages"]
        except Exception as exc:  # one database failing does not hide the other's figures
            rows.append(row(BENCH, f"{db}: error", repr(exc)[:120], "runs", False))
            continue
        rows += _rows(db, result[db])
    if pg_version is None:
        rows.append(row(BENCH, "postgresql", "not reachable: skipped"))
    save_json(
        BENCH,
        {
            "machine": machine() | {"postgres": pg_version},
            "sizes": SIZES,
            "runs": RUNS,
            "results": result,
            "rows": rows,
        },
    )
    print_table(rows, title=f"{BENCH}: median of {RUNS} requests")
    return rows


if __name__ == "__main__":
    if "--child" in sys.argv:
        sys.exit(child(sys.argv[1:]))
    main()
