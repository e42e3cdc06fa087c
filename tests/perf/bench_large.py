"""A large assessment: 1,600 items in one generated checklist, read four ways.

For each database (SQLite, and PostgreSQL when it answers) a child process with production
settings (``DEBUG=0``, collected static files) builds two assessments with the generator of
``tests/assessments/test_query_counts.py``: one of 20 items and one of 1,600, every item answered.
Then it times, in-process with Django's test client (server time, no network), the median of 20
runs of

- the fill page (``/app/assessments/{id}/fill/{slug}/``, first section), while still a draft;
- the review page (``/app/assessments/{id}/review/{slug}/``), once submitted, claimed, with a
  verdict on every item and the rubric rated;
- the score read-out (``/api/v1/assessments/{id}/score/``), at the same point;
- the answers list (``/api/v1/assessments/{id}/answers/?page_size=2000``), at the same point;

and counts their SQL queries. Targets at 1,600 items: under 300 ms, and the same number of
queries as at 20 items. A page that misses a target is profiled with cProfile
(``var/bench/profile-large-<db>-<page>.txt``); ``BENCH_PROFILE=1`` profiles every page.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.factories import sign_in
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
    run_benchmark,
    run_child,
    save_json,
    size_rows,
)

if TYPE_CHECKING:  # Django is set up in the child process before the helpers are imported
    from tests.assessments.test_query_counts import Generated

BENCH = "large"
MODULE = "tests.perf.bench_large"
SIZES = (20, 1600)
RUNS = 20
WARMUP = 3
TIME_LIMIT = 0.300
PROFILE_RUNS = 5
PG_DATABASE = "trustcheck_bench_large"
PAGES = ("fill page", "review page", "score", "answers list")


# --- child process --------------------------------------------------------------------------------


def _build(n: int, tmp: Path) -> Generated:
    """An assessment of ``n`` items, every one answered (the world of ``test_query_counts.build``,
    answered through the service rather than the API)."""
    from django.conf import settings

    from assessments import services
    from tests.assessments.test_query_counts import generated_start, value_for

    world = generated_start(n, tmp, settings)
    services.answers_upsert(
        actor=world.owner,
        assessment=world.assessment,
        answers=[
            services.AnswerInput(
                checklist=world.slug, item=f"Q-{i:05d}", value=value_for(i), comment="as planned"
            )
            for i in range(n)
        ],
    )
    return world


def _check(page: str, n: int, response: Any) -> None:
    assert response.status_code == 200, (page, response.status_code, response.content[:300])
    if page == "answers list":
        body = response.json()
        assert body["count"] == len(body["results"]) > n, (page, body["count"])
    elif page == "score":
        assert response.json()["verified"]["overall"] is not None


def _measure(page: str, n: int, client: Any, url: str, db: str) -> dict[str, Any]:
    # Queries counted and timed on their own runs, so the timed runs carry no wrapper.
    return measure_page(
        lambda: _check(page, n, client.get(url)),
        lambda: client.get(url),
        url=url,
        warmup=WARMUP,
        runs=RUNS,
        counted_runs=5,
        time_limit=TIME_LIMIT,
        profile_runs=PROFILE_RUNS,
        profile_name=f"{BENCH}-{db}-{page.replace(' ', '-')}" if n == max(SIZES) else None,
    )


def _run(db: str) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from tests.assessments.test_query_counts import generated_review

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # setup only
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG=0: manifest storage
    print(
        f"[{BENCH}] {db}: migrated, static files collected in {time.perf_counter() - started:.0f} s"
    )
    results: dict[str, dict[str, Any]] = {page: {} for page in PAGES}
    with tempfile.TemporaryDirectory(dir=BENCH_VAR) as tmp:
        for n in SIZES:
            print(f"[{BENCH}] {db}: building {n} items ...", flush=True)
            mark = time.perf_counter()
            world = _build(n, Path(tmp))
            print(f"[{BENCH}] {db}: {n} items answered in {time.perf_counter() - mark:.0f} s")
            pk, slug = world.assessment.pk, world.slug
            owner, evaluator = Client(), Client()
            sign_in(owner, world.owner)
            sign_in(evaluator, world.evaluator)  # with a verified authenticator
            results["fill page"][n] = _measure(
                "fill page", n, owner, f"/app/assessments/{pk}/fill/{slug}/", db
            )
            mark = time.perf_counter()
            generated_review(world)
            print(f"[{BENCH}] {db}: {n} items reviewed in {time.perf_counter() - mark:.0f} s")
            results["review page"][n] = _measure(
                "review page", n, evaluator, f"/app/assessments/{pk}/review/{slug}/", db
            )
            results["score"][n] = _measure(
                "score", n, owner, f"/api/v1/assessments/{pk}/score/", db
            )
            results["answers list"][n] = _measure(
                "answers list", n, owner, f"/api/v1/assessments/{pk}/answers/?page_size=2000", db
            )
    return {"db": db, "setup_s": time.perf_counter() - started, "pages": results}


child = child_of(_run)


# --- parent ---------------------------------------------------------------------------------------


def _rows(db: str, pages: dict[str, dict[str, Any]]) -> list[Row]:
    return size_rows(BENCH, db, PAGES, pages, sizes=SIZES, unit="items", time_limit=TIME_LIMIT)


def _hotspots(result: dict[str, Any], limit: int = 12) -> None:
    for db, pages in result.items():
        for page, sizes in pages.items():
            found = {int(k): v for k, v in sizes.items()}[max(SIZES)].get("profile")
            if not found:
                continue
            print(f"\n[{BENCH}] {db}, {page}: the app's functions, cumulative ms per request")
            for entry in found["app_by_cumulative"][:limit]:
                print(f"  {entry['cumulative_ms']:9.1f}  {entry['function']}")
            print(f"[{BENCH}] {db}, {page}: own time ms per request")
            for entry in found["by_own_time"][:limit]:
                print(
                    f"  {entry['own_ms']:9.1f}  {entry['calls_per_run']:>9} calls  "
                    f"{entry['function']}"
                )


def main() -> list[Row]:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    sqlite_file = BENCH_VAR / "large.sqlite3"
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
        env = django_env(url, ALLOWED_HOSTS="testserver")
        print(f"[{BENCH}] {db} ...", flush=True)
        try:
            result[db] = run_child(MODULE, [db], env, timeout=1800)["pages"]
        except Exception as exc:  # one database failing does not hide the other's figures
            rows.append(row(BENCH, f"{db}: error", repr(exc)[:120], "runs", False))
            continue
        rows += _rows(db, result[db])
    if pg_version is None:
        rows.append(row(BENCH, "postgresql", "not reachable: skipped"))
    _hotspots(result)
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
    print_table(rows, title=f"{BENCH}: median of {RUNS} in-process requests")
    return rows


if __name__ == "__main__":
    run_benchmark(child, main)
