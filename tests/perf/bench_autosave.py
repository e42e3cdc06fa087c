"""Autosave under load: the answers endpoint behind gunicorn, against the framework's ceiling.

The app runs as in production (DESIGN.md §8): ``gunicorn config.wsgi -w 2`` with ``DEBUG=0``, once
on SQLite (a file in WAL mode, as ``config/settings.py`` sets it up) and once on PostgreSQL. Sixteen clients, each with its own user, token and assessment, write one answer per
request to ``POST /api/v1/assessments/{id}/answers/``, each time with the version the previous
response gave back and the other of two values. The same sixteen clients also read
``GET /api/v1/me/`` (the lightest authenticated endpoint: the ceiling of Django + DRF + token
auth + gunicorn on this machine). Each kind gets ``BENCH_SECONDS`` (30) seconds, in six
alternating slices, so that anything else running on the machine weighs on both alike. Targets:
autosave throughput at least 60 % of the ceiling's, p99 under 100 ms, no errors.

The load generator is one asyncio process speaking raw HTTP/1.1 to 127.0.0.1 only (keep-alive when
the server allows it; gunicorn's sync workers close after each response, so it reconnects). Every
loop is bounded and the run stops by itself; gunicorn is stopped at the end, also on failure. The
generator shares the cores with gunicorn and PostgreSQL: the CPU each used, and what every other
process on the machine used meanwhile ("other"), are reported.

Afterwards the same requests are timed and profiled in-process (Django's test client, cProfile,
every query timed) to show where a request's time goes. Databases: ``var/bench/var/autosave.sqlite3``
and ``trustcheck_bench`` (``BENCH_AUTOSAVE_DATABASE`` names another ``trustcheck_bench*``), both
dropped and re-created each run. ``BENCH_AUTOSAVE_ON=sqlite`` or ``postgresql`` runs only one.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.perf.common import (
    BASE_DIR,
    BENCH_VAR,
    HOST,
    OUT_DIR,
    CpuWatch,
    Row,
    django_env,
    free_port,
    load_average,
    machine,
    median,
    ms,
    percentile,
    pg_reachable,
    pg_recreate,
    pg_url,
    print_table,
    row,
    run_benchmark,
    run_child,
    save_json,
    tree,
)

BENCH = "autosave"
MODULE = "tests.perf.bench_autosave"
DATABASE = os.environ.get("BENCH_AUTOSAVE_DATABASE", "trustcheck_bench")
SQLITE_FILE = BENCH_VAR / "autosave.sqlite3"
CLIENTS = 16
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
WARMUP = min(3.0, SECONDS / 5)
ROUNDS = 6  # each kind's SECONDS come in this many slices, alternating with the other kind
CPU_GROUPS = ("generator", "gunicorn", "postgres", "all")
REQUEST_TIMEOUT = 10.0
MAX_REQUESTS_PER_CLIENT = 1_000_000  # a hard bound on every loop, whatever the clock says
CONTENT = BASE_DIR / "tests" / "assessments" / "content"
CHECKLIST = "t-general"
# (item, one value, the other value): every write changes the answer, so every write is saved.
ITEMS: list[tuple[str, Any, Any]] = [
    ("T-A-01", "yes", "no"),
    ("T-A-02", "yes", "no"),
    ("T-A-03", 3, 1),
    ("T-B-01", "manual", "auto"),
    ("T-B-02", ["visible"], ["watermark", "terms"]),
    ("T-B-03", "Kim Min-su", "Lee Ji-eun"),
]
THROUGHPUT_SHARE = 0.60
P99_LIMIT = 0.100


# --- child process: database setup and in-process profile (Django configured here only) -----------


def _setup(clients: int) -> dict[str, Any]:
    import io

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from assessments import services
    from assessments.choices import OrganizationKind, Role, SystemRole
    from assessments.models import Membership, Organization
    from tests.factories import api_token

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_checklists", path=CONTENT, stdout=io.StringIO())
    users = []
    for number in range(clients):
        user = get_user_model().objects.create_user(f"bench-{number:02d}", password=None)
        company = Organization.objects.create(
            name=f"Bench Co {number:02d}", kind=OrganizationKind.COMPANY
        )
        Membership.objects.create(user=user, organization=company, role=Role.OWNER)
        system = services.system_create(
            actor=user,
            name=f"Bench system {number:02d}",
            purpose="Answers customer questions.",
            domain="general",
            role=SystemRole.OPERATOR,
        )
        assessment = services.assessment_create(actor=user, system=system)
        users.append({"token": api_token(user), "assessment": assessment.pk})
    return {"clients": users}


def _profile(clients: list[dict[str, Any]]) -> dict[str, Any]:
    """Each endpoint in-process: median server time, queries and SQL time, and a cProfile."""
    import django

    django.setup()
    from django.test import Client

    from tests.perf.common import profile, timed_queries

    spec = clients[0]
    client = Client(SERVER_NAME=HOST, HTTP_AUTHORIZATION=f"Token {spec['token']}")
    url = f"/api/v1/assessments/{spec['assessment']}/answers/"
    current = {a["item"]: a["version"] for a in client.get(url).json()["results"]}
    state = {"n": 0}

    def autosave() -> None:
        code, first, second = ITEMS[state["n"] % len(ITEMS)]
        value = second if (state["n"] // len(ITEMS)) % 2 else first
        state["n"] += 1
        entry = {"checklist": CHECKLIST, "item": code, "value": value, "comment": "bench"}
        if current.get(code) is not None:
            entry["version"] = current[code]
        response = client.post(url, {"answers": [entry]}, content_type="application/json")
        assert response.status_code == 200, response.content[:300]
        current[code] = response.json()[0]["version"]

    def me() -> None:
        response = client.get("/api/v1/me/")
        assert response.status_code == 200, response.content[:300]

    # COMMIT does not pass through execute wrappers: time it where Django sends it.
    from django.db import connections

    wrapper = connections["default"]
    commit, commits = wrapper._commit, []

    def timed_commit() -> Any:
        started = time.perf_counter()
        try:
            return commit()
        finally:
            commits.append(time.perf_counter() - started)

    wrapper._commit = timed_commit  # type: ignore[method-assign]

    result: dict[str, Any] = {}
    for name, call in (("me", me), ("autosave", autosave)):
        for _ in range(30):
            call()
        times = []
        for _ in range(300):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        commits.clear()
        counted = [timed_queries(call) for _ in range(50)]
        per_query = [
            {
                "median_ms": round(1000 * median(c.times[i] for c in counted), 3),
                "sql": counted[0].sql[i][:160],
            }
            for i in range(min(len(c.times) for c in counted))
        ]
        result[name] = {
            "median_s": median(times),
            "p99_s": percentile(times, 0.99),
            "queries": len(counted[0]),
            "sql": counted[0].sql,
            "sql_median_s": median(c.seconds for c in counted),
            "per_query": per_query,
            "commit_median_s": median(commits) if commits else 0.0,
            "profile": profile(call, 300, name=f"{BENCH}-{wrapper.vendor}-{name}"),
        }
    return result


def child(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=["setup", "profile"], required=True)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--spec")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.child == "setup":
        result = _setup(args.clients)
    else:
        result = _profile(json.loads(Path(args.spec).read_text())["clients"])
    Path(args.out).write_text(json.dumps(result))
    return 0


# --- the server ----------------------------------------------------------------------------------


class Gunicorn:
    """``gunicorn config.wsgi -w 2`` in its own session, stopped (and killed if need be) on exit."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port
        self.process: subprocess.Popen[bytes] | None = None
        self.log = OUT_DIR / "gunicorn.log"

    def __enter__(self) -> Gunicorn:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi"]
                + ["-w", "2", "-b", f"{HOST}:{self.port}"],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _wait_ready(self, timeout: float = 60) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s; see {self.log}")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def stop(self) -> None:
        """SIGTERM to the master (graceful), then SIGKILL to its process group if it lingers."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group gunicorn leads: its workers
            process.wait(timeout=5)


# --- the load generator --------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    connections: int = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool, bytes]:
    """(status, keep the connection, body) of one HTTP/1.1 response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await reader.readexactly(size + 2))
            if size == 0:
                break
        body = b"".join(p[:-2] for p in parts)
    else:
        body = await reader.read()
        return status, False, body
    return status, headers.get("connection") != "close", body


class LoadClient:
    """One simulated user: a token, an assessment, and the versions of its answers."""

    def __init__(self, token: str, assessment: int, port: int) -> None:
        self.token, self.assessment, self.port = token, assessment, port
        self.versions: dict[str, int | None] = {}
        self.writes = 0
        self.host = f"{HOST}:{port}"

    def me(self) -> bytes:
        return (
            f"GET /api/v1/me/ HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Authorization: Token {self.token}\r\nAccept: application/json\r\n"
            "Accept-Language: en\r\nConnection: keep-alive\r\n\r\n"
        ).encode()

    def next_write(self) -> tuple[bytes, str]:
        code, first, second = ITEMS[self.writes % len(ITEMS)]
        value = second if (self.writes // len(ITEMS)) % 2 else first
        entry: dict[str, Any] = {"checklist": CHECKLIST, "item": code, "value": value}
        entry["comment"] = "autosave"
        if self.versions.get(code) is not None:
            entry["version"] = self.versions[code]
        body = json.dumps({"answers": [entry]}).encode()
        head = (
            f"POST /api/v1/assessments/{self.assessment}/answers/ HTTP/1.1\r\n"
            f"Host: {self.host}\r\nAuthorization: Token {self.token}\r\n"
            "Content-Type: application/json\r\nAccept: application/json\r\n"
            f"Accept-Language: en\r\nContent-Length: {len(body)}\r\n"
            "Connection: keep-alive\r\n\r\n"
        ).encode()
        return head + body, code

    def took(self, code: str, status: int, body: bytes) -> bool:
        """Record the version a write got back; on a conflict, take the server's versions."""
        if status == 200:
            saved = json.loads(body)
            self.versions[code] = saved[0]["version"]
            self.writes += 1
            return True
        if status == 409:
            for conflict in json.loads(body).get("extra", {}).get("conflicts", []):
                self.versions[conflict["item"]] = conflict["version"]
        return False

    async def run(self, kind: str, deadline: float, stats: Stats) -> None:
        reader: asyncio.StreamReader | None = None
        writer: asyncio.StreamWriter | None = None
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.perf_counter() >= deadline:
                break
            request, code = (self.me(), "") if kind == "me" else self.next_write()
            started = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.wait_for(
                        asyncio.open_connection(HOST, self.port), REQUEST_TIMEOUT
                    )
                    stats.connections += 1
                assert reader is not None
                writer.write(request)
                status, keep, body = await asyncio.wait_for(_read_response(reader), REQUEST_TIMEOUT)
            except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
                stats.error(type(exc).__name__)
                if writer is not None:
                    writer.close()
                reader = writer = None
                await asyncio.sleep(0.01)
                continue
            elapsed = time.perf_counter() - started
            if not keep:
                writer.close()
                reader = writer = None
            ok = (status == 200) if kind == "me" else self.took(code, status, body)
            if ok:
                stats.latencies.append(elapsed)
            else:
                stats.error(f"HTTP {status}")
        if writer is not None:
            writer.close()


async def _load(clients: list[LoadClient], kind: str, seconds: float) -> tuple[Stats, float]:
    stats = Stats()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.wait_for(
        asyncio.gather(*(c.run(kind, deadline, stats) for c in clients)),
        seconds + REQUEST_TIMEOUT + 30,
    )
    return stats, time.perf_counter() - started


def run_loads(
    clients: list[LoadClient], kinds: tuple[str, ...], seconds: float, server_pid: int
) -> dict[str, dict[str, Any]]:
    """``seconds`` of load per kind, interleaved in ``ROUNDS`` slices (me, autosave, me, ...)
    so that whatever else the machine is doing weighs on every kind alike."""
    for kind in kinds:
        asyncio.run(_load(clients, kind, WARMUP))  # connections, caches and code paths warm
    load_before = load_average()
    totals = {
        kind: {"stats": Stats(), "elapsed": 0.0, "cpu": dict.fromkeys(CPU_GROUPS, 0.0)}
        for kind in kinds
    }
    for _round in range(ROUNDS):
        for kind in kinds:
            with CpuWatch() as watch:
                stats, elapsed = asyncio.run(_load(clients, kind, seconds / ROUNDS))
            # PostgreSQL: the backends serving this benchmark's database (named in their title).
            backends = {
                pid
                for pid, p in watch.last.items()
                if p.name == "postgres" and f" {DATABASE} " in f"{p.cmdline} "
            }
            used = {
                "generator": watch.own,
                "gunicorn": watch.used(tree(watch.last, server_pid)),
                "postgres": watch.used(backends),
                "all": watch.busy,
            }
            total = totals[kind]
            total["elapsed"] += elapsed
            total["stats"].latencies += stats.latencies
            total["stats"].connections += stats.connections
            for name, count in stats.errors.items():
                total["stats"].errors[name] = total["stats"].errors.get(name, 0) + count
            for name, seconds_used in used.items():
                total["cpu"][name] += seconds_used
    load_after = load_average()
    return {
        kind: _summary(t["stats"], t["elapsed"], t["cpu"], (load_before, load_after))
        for kind, t in totals.items()
    }


def _summary(
    stats: Stats, elapsed: float, cpu: dict[str, float], load: tuple[float, float]
) -> dict[str, Any]:
    lat = stats.latencies
    share = {name: 100 * used / elapsed for name, used in cpu.items()}
    mine = share["generator"] + share["gunicorn"] + share["postgres"]
    return {
        "requests": len(lat),
        "seconds": elapsed,
        "rps": len(lat) / elapsed,
        "p50_s": percentile(lat, 0.50),
        "p95_s": percentile(lat, 0.95),
        "p99_s": percentile(lat, 0.99),
        "max_s": max(lat, default=float("nan")),
        "errors": sum(stats.errors.values()),
        "error_kinds": stats.errors,
        "connections": stats.connections,
        "cpu_percent": {
            "generator": round(share["generator"], 1),
            "gunicorn": round(share["gunicorn"], 1),
            "postgres": round(share["postgres"], 1),
            "other": round(max(0.0, share["all"] - mine), 1),
            "of": 100 * (os.cpu_count() or 1),
        },
        "load_average": list(load),
    }


def _consistency(clients: list[LoadClient]) -> dict[str, int]:
    """Every answer the clients wrote is stored at the version they last got back."""
    checked = mismatched = 0
    for c in clients:
        conn = http.client.HTTPConnection(HOST, c.port, timeout=10)
        conn.request(
            "GET",
            f"/api/v1/assessments/{c.assessment}/answers/?page_size=100",
            headers={"Authorization": f"Token {c.token}"},
        )
        response = conn.getresponse()
        stored = {a["item"]: a["version"] for a in json.loads(response.read())["results"]}
        conn.close()
        for code, version in c.versions.items():
            checked += 1
            mismatched += stored.get(code) != version
    return {"answers_checked": checked, "mismatched": mismatched}


# --- the benchmark -------------------------------------------------------------------------------


def _rows(me: dict[str, Any], save: dict[str, Any], profile: dict[str, Any] | None) -> list[Row]:
    ratio = save["rps"] / me["rps"] if me["rps"] else 0.0
    rows = [
        row(BENCH, "GET /me/ (ceiling) req/s", f"{me['rps']:.0f}"),
        row(
            BENCH,
            "GET /me/ p50 / p95 / p99",
            f"{ms(me['p50_s'])} / {ms(me['p95_s'])} / {ms(me['p99_s'])}",
        ),
        row(
            BENCH,
            "GET /me/ errors",
            f"{me['errors']} of {me['requests'] + me['errors']}",
            "0",
            me["errors"] == 0,
        ),
        row(BENCH, "POST answers req/s", f"{save['rps']:.0f}"),
        row(
            BENCH,
            "POST answers / ceiling",
            f"{100 * ratio:.0f} %",
            f">= {100 * THROUGHPUT_SHARE:.0f} %",
            ratio >= THROUGHPUT_SHARE,
        ),
        row(BENCH, "POST answers p50 / p95", f"{ms(save['p50_s'])} / {ms(save['p95_s'])}"),
        row(
            BENCH,
            "POST answers p99",
            ms(save["p99_s"]),
            f"< {ms(P99_LIMIT)}",
            save["p99_s"] < P99_LIMIT,
        ),
        row(
            BENCH,
            "POST answers errors",
            f"{save['errors']} of {save['requests'] + save['errors']}",
            "0",
            save["errors"] == 0,
        ),
        row(
            BENCH,
            "machine load average (1 min), start / end",
            " / ".join(f"{value:.1f}" for value in me["load_average"]),
        ),
    ]
    for name, result in (("GET /me/", me), ("POST answers", save)):
        cpu = result["cpu_percent"]
        rows.append(
            row(
                BENCH,
                f"{name} CPU % (of {cpu['of']})",
                f"gunicorn {cpu['gunicorn']:.0f}, postgres {cpu['postgres']:.0f}, "
                f"generator {cpu['generator']:.0f}, other {cpu['other']:.0f}",
            )
        )
    if profile:
        for name, label in (("me", "GET /me/"), ("autosave", "POST answers")):
            p = profile[name]
            rows.append(
                row(
                    BENCH,
                    f"{label} in-process",
                    f"{ms(p['median_s'])}: {p['queries']} queries {ms(p['sql_median_s'])}"
                    + (f" + COMMIT {ms(p['commit_median_s'])}" if p["commit_median_s"] else ""),
                )
            )
    return rows


def _explain(found: dict[str, Any], db: str) -> None:
    """Where one POST answers request's time goes, in-process: each query, then the app's code."""
    print(f"\n[{BENCH}] {db}: POST answers in-process: {ms(found['median_s'])} median; each query:")
    for query in found["per_query"]:
        print(f"  {query['median_ms']:7.2f} ms  {query['sql'][:110]}")
    print(f"  {1000 * found['commit_median_s']:7.2f} ms  COMMIT")
    print(f"[{BENCH}] {db}: the app's functions, cumulative ms per request under cProfile:")
    for entry in found["profile"]["app_by_cumulative"][:12]:
        print(f"  {entry['cumulative_ms']:7.2f} ms  {entry['function']}")


def _measure(db: str, url: str, version: str) -> tuple[list[Row], dict[str, Any]]:
    """The load and the in-process profile on one database (``sqlite`` or ``postgresql``)."""
    print(f"[{BENCH}] {db}: re-creating the database, migrating, loading {CONTENT.name} ...")
    env = django_env(url, APPLICABILITY_RULES=str(CONTENT / "rules.yaml"))
    spec = run_child(MODULE, ["setup", "--clients", str(CLIENTS)], env, timeout=900)
    spec_file = OUT_DIR / "autosave-clients.json"
    spec_file.write_text(json.dumps(spec))
    (BENCH_VAR / "static").mkdir(parents=True, exist_ok=True)  # WhiteNoise's STATIC_ROOT
    port = free_port()

    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # finally: stop gunicorn
    try:
        with Gunicorn(env, port) as server:
            clients = [LoadClient(c["token"], c["assessment"], port) for c in spec["clients"]]
            print(
                f"[{BENCH}] {db}: {CLIENTS} clients, GET /me/ and POST answers, {SECONDS:.0f} s "
                f"each in {ROUNDS} alternating rounds ...",
                flush=True,
            )
            results = run_loads(clients, ("me", "autosave"), SECONDS, server.pid)
            consistency = _consistency(clients)
    finally:
        signal.signal(signal.SIGTERM, previous)

    print(f"[{BENCH}] {db}: in-process timing and cProfile ...", flush=True)
    try:
        profile = run_child(MODULE, ["profile", "--spec", str(spec_file)], env, timeout=900)
    finally:
        spec_file.unlink(missing_ok=True)  # the clients' tokens: no need to keep them
    _explain(profile["autosave"], db)
    rows = _rows(results["me"], results["autosave"], profile)
    rows.append(
        row(
            BENCH,
            "answers stored at the versions clients got",
            f"{consistency['answers_checked'] - consistency['mismatched']}"
            f"/{consistency['answers_checked']}",
            "all",
            consistency["mismatched"] == 0,
        )
    )
    for r in rows:
        r["case"] = f"{db}: {r['case']}"
    found = {
        "database": version,
        "me": results["me"],
        "autosave": results["autosave"],
        "ratio": results["autosave"]["rps"] / results["me"]["rps"],
        "consistency": consistency,
        "in_process": profile,
    }
    return rows, found


def databases() -> list[tuple[str, str | None, str]]:
    """(label, URL or None when unreachable, server version) of each database to measure on."""
    import sqlite3

    wanted = os.environ.get("BENCH_AUTOSAVE_ON", "sqlite,postgresql").split(",")
    chosen: list[tuple[str, str | None, str]] = []
    if "sqlite" in wanted:
        chosen.append(("sqlite", f"sqlite:///{SQLITE_FILE}", sqlite3.sqlite_version))
    if "postgresql" in wanted:
        version = pg_reachable()
        chosen.append(("postgresql", pg_url(DATABASE) if version else None, version or ""))
    return chosen


def main() -> list[Row]:
    rows: list[Row] = []
    found: dict[str, Any] = {}
    for db, url, version in databases():
        if url is None:
            rows.append(row(BENCH, db, "not reachable: skipped", "reachable", False))
            continue
        if db == "sqlite":
            BENCH_VAR.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        else:
            pg_recreate(DATABASE)
        measured, found[db] = _measure(db, url, version)
        rows += measured
    save_json(
        BENCH,
        {
            "machine": machine(),
            "clients": CLIENTS,
            "seconds": SECONDS,
            "rounds": ROUNDS,
            "server": "gunicorn config.wsgi -w 2 (sync workers), DEBUG=0",
            **found,
            "rows": rows,
        },
    )
    print_table(rows, title=f"{BENCH}: {CLIENTS} clients x {SECONDS:.0f} s, gunicorn -w 2")
    return rows


if __name__ == "__main__":
    run_benchmark(child, main)
