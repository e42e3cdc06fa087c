"""What the benchmarks share: result rows, the table, JSON files, child processes, PostgreSQL.

Every measurement that needs Django runs in a child process (``python -m tests.perf.bench_x
--child ...``) with its own environment (database URL, ``DEBUG=0``...), because settings are read
once per process and one ``make bench`` run measures more than one database. The parent only
orchestrates, collects the child's JSON and prints rows.

A row is a plain dict: ``bench``, ``case``, ``measured``, ``target`` and ``met`` (True, False, or
None when there is no target). ``tests.perf.__main__`` prints every module's rows in one table.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parents[2]
OUT_DIR = BASE_DIR / "var" / "bench"
# Everything a benchmark's Django process writes (SQLite files, media, collected static files)
# goes below var/bench/, never into the development database or media under var/.
BENCH_VAR = OUT_DIR / "var"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
HOST = "127.0.0.1"  # the only address any load generator here talks to

Row = dict[str, Any]


def row(
    bench: str, case: str, measured: str, target: str = "", met: bool | None = None, **extra: Any
) -> Row:
    return {
        "bench": bench,
        "case": case,
        "measured": measured,
        "target": target,
        "met": met,
    } | extra


def verdict(met: bool | None) -> str:
    return {True: "met", False: "MISSED", None: ""}[met]


def print_table(rows: Sequence[Row], *, title: str = "") -> None:
    headers = ("benchmark", "case", "measured", "target", "")
    cells = [
        (
            str(r.get("bench", "")),
            str(r.get("case", "")),
            str(r.get("measured", "")),
            str(r.get("target", "")),
            verdict(r.get("met")),
        )
        for r in rows
    ]
    widths = [
        max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    line = "+".join("-" * (w + 2) for w in widths)
    if title:
        print(f"\n{title}")
    print(line)
    print("|".join(f" {h:<{w}} " for h, w in zip(headers, widths, strict=True)))
    print(line)
    for c in cells:
        print("|".join(f" {v:<{w}} " for v, w in zip(c, widths, strict=True)))
    print(line, flush=True)


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def save_json(name: str, data: Any) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    return path


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in [0, 1]) of unsorted samples."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(samples: Iterable[float]) -> float:
    return statistics.median(samples)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def django_env(database_url: str, **more: str) -> dict[str, str]:
    """The environment of a production-like process (DESIGN.md §8) on ``database_url``."""
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "STATIC_ROOT", "MEDIA_ROOT", "APPLICABILITY_RULES"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": "bench",
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
            "TRUSTCHECK_VAR_DIR": str(BENCH_VAR),
            "LOG_LEVEL": "WARNING",
            # With DEBUG=0 the settings pick SMTP; a benchmark sends no mail anywhere.
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(more)
    return env


def run_child(module: str, args: Sequence[str], env: dict[str, str], *, timeout: float) -> Any:
    """Run ``python -m module --child ARGS --out FILE`` and return the JSON it wrote to FILE."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / f".child-{os.getpid()}-{time.monotonic_ns()}.json"
    try:
        subprocess.run(
            [sys.executable, "-m", module, "--child", *args, "--out", str(out)],
            cwd=BASE_DIR,
            env=env,
            check=True,
            timeout=timeout,
        )
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


# --- PostgreSQL -----------------------------------------------------------------------------------


def pg_url(database: str) -> str:
    return f"{PG_SERVER}/{database}"


def pg_reachable() -> str | None:
    """The server's version when PostgreSQL answers at ``PG_SERVER``, else None."""
    try:
        import psycopg

        with psycopg.connect(pg_url("postgres"), connect_timeout=3) as conn:
            row_ = conn.execute("SHOW server_version").fetchone()
            return str(row_[0]) if row_ else "?"
    except Exception:
        return None


def pg_recreate(database: str) -> None:
    """Drop (if there) and create a benchmark database; only ``trustcheck_bench*`` names."""
    import psycopg
    from psycopg import sql

    if not database.startswith("trustcheck_bench"):
        raise ValueError(f"refusing to recreate {database!r}: not a benchmark database")
    with psycopg.connect(pg_url("postgres"), autocommit=True, connect_timeout=5) as conn:
        name = sql.Identifier(database)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


# --- CPU accounting from /proc (Linux) ------------------------------------------------------------


def _clock_ticks() -> int:
    try:
        return int(os.sysconf("SC_CLK_TCK"))
    except (ValueError, OSError, AttributeError):
        return 100


@dataclass(frozen=True, slots=True)
class Proc:
    name: str
    ppid: int
    cpu: float  # user + system seconds so far
    cmdline: str


def processes() -> dict[int, Proc]:
    """Every process now: pid → name, parent, CPU seconds used, command line (from /proc)."""
    found = {}
    ticks = _clock_ticks()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        # after "pid (comm) ": state ppid ...; utime and stime are stat fields 14 and 15
        found[int(entry.name)] = Proc(
            text[text.index("(") + 1 : text.rindex(")")],
            int(fields[1]),
            (int(fields[11]) + int(fields[12])) / ticks,
            cmdline,
        )
    return found


def tree(procs: dict[int, Proc], root: int) -> set[int]:
    """``root`` and all its descendants."""
    members, grew = {root}, True
    while grew:
        more = {pid for pid, p in procs.items() if p.ppid in members} - members
        grew = bool(more)
        members |= more
    return members


def busy_cpu_seconds() -> float:
    """CPU seconds every process on the machine has used so far (from /proc/stat)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return float("nan")
    # user nice system idle iowait irq softirq steal ...: everything but idle and iowait
    return (sum(fields[:8]) - fields[3] - fields[4]) / _clock_ticks()


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


class QueryTimer:
    """A Django ``execute_wrapper``: counts the queries run through it and times each one."""

    def __init__(self) -> None:
        self.sql: list[str] = []
        self.times: list[float] = []
        self.seconds = 0.0

    def __len__(self) -> int:
        return len(self.sql)

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - started
            self.seconds += took
            self.times.append(took)
            self.sql.append(sql)


def timed_queries(call: Any) -> QueryTimer:
    """Run ``call()`` with every query on the default connection counted and timed."""
    from django.db import connection

    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        call()
    return timer


# --- profiling (cProfile; pyinstrument is not installed) ------------------------------------------


def profile(call: Any, runs: int, *, name: str, limit: int = 25) -> dict[str, Any]:
    """Profile ``runs`` calls of ``call``; write the full listing to var/bench/profile-NAME.txt.

    Returns, in ms per call, the top functions by own time, by cumulative time, and the app's own
    functions (``assessments/``, ``checklists/``, ``reports/``, ``config/``) by cumulative time.
    """
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        call()
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    entries = list(stats.stats.items())  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(60)
    stats.sort_stats("cumulative").print_stats(100)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / f"profile-{name}.txt").write_text(stream.getvalue())
    app = tuple(
        f"{BASE_DIR / part}/"
        for part in ("assessments", "checklists", "reports", "portfolio", "config")
    )

    def where(file: str) -> str:
        if "site-packages/" in file:
            return file.split("site-packages/", 1)[1]
        if file.startswith(f"{BASE_DIR}/"):
            return file.removeprefix(f"{BASE_DIR}/")
        return Path(file).name

    def top(key: int, *, only_app: bool = False) -> list[dict[str, Any]]:
        chosen = [e for e in entries if not only_app or e[0][0].startswith(app)]
        ranked = sorted(chosen, key=lambda kv: kv[1][key], reverse=True)
        return [
            {
                "function": f"{where(file)}:{line}({func})",
                "calls_per_run": round(nc / runs, 1),
                "own_ms": round(tt * 1000 / runs, 3),
                "cumulative_ms": round(ct * 1000 / runs, 3),
            }
            for (file, line, func), (_cc, nc, tt, ct, _callers) in ranked[:limit]
        ]

    return {
        "runs": runs,
        "by_own_time": top(2),
        "by_cumulative": top(3),
        "app_by_cumulative": top(3, only_app=True),
    }


class CpuWatch:
    """CPU used by groups of processes over a window, sampled in a thread every ``period`` s so
    that a process ending inside the window (a recycled database connection) still counts up to
    its last sample. Use as a context manager around the window."""

    def __init__(self, period: float = 2.0) -> None:
        import threading

        self.period = period
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.first: dict[int, Proc] = {}
        self.last: dict[int, Proc] = {}
        self.seconds = self.busy = self.own = 0.0

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            self.last.update(processes())

    def __enter__(self) -> CpuWatch:
        self.first = processes()
        self.last = dict(self.first)
        self._busy, self._own, self._started = (
            busy_cpu_seconds(),
            time.process_time(),
            time.perf_counter(),
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.last.update(processes())
        self.seconds = time.perf_counter() - self._started
        self.busy = busy_cpu_seconds() - self._busy
        self.own = time.process_time() - self._own

    def used(self, pids: Iterable[int]) -> float:
        """CPU seconds the processes ``pids`` used in the window (a process that started inside
        it counts whole; one that ended counts up to its last sample)."""
        total = 0.0
        for pid in pids:
            now, then = self.last.get(pid), self.first.get(pid)
            if now is not None:
                total += now.cpu - (then.cpu if then is not None and then.name == now.name else 0)
        return total


def run_benchmark(child: Callable[[list[str]], int], main: Callable[[], object]) -> None:
    """What ``python -m tests.perf.bench_<name>`` does: with ``--child``, the measuring child
    process (started by ``run_child`` with its own settings); otherwise the whole benchmark."""
    if "--child" in sys.argv:
        sys.exit(child(sys.argv[1:]))
    main()


def child_of(run: Callable[[str], Any]) -> Callable[[list[str]], int]:
    """The ``--child NAME --out FILE`` entry of a benchmark whose child measures one database:
    ``run(NAME)``'s result is written to FILE as JSON for the parent to read."""

    def child(argv: list[str]) -> int:
        import argparse

        parser = argparse.ArgumentParser()
        parser.add_argument("--child", required=True)
        parser.add_argument("--out", required=True)
        args = parser.parse_args(argv)
        Path(args.out).write_text(json.dumps(run(args.child), default=str))
        return 0

    return child


def measure_page(
    check: Callable[[], Any],
    get: Callable[[], Any],
    *,
    url: str,
    warmup: int,
    runs: int,
    counted_runs: int,
    time_limit: float,
    profile_runs: int,
    profile_name: str | None,
) -> dict[str, Any]:
    """One page at one size: warm up with ``check`` (which asserts the response), count and time
    its queries on runs of their own, then time ``runs`` plain ``get`` calls (no wrapper). With
    ``profile_name`` (the largest size) a page over ``time_limit``, or any page when
    ``BENCH_PROFILE`` is set, is profiled too."""
    for _ in range(warmup):
        check()
    counted = [timed_queries(check) for _ in range(counted_runs)]
    times: list[float] = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        response = get()
        times.append(time.perf_counter() - started)
        size = len(response.content)
    result: dict[str, Any] = {
        "url": url,
        "median_s": median(times),
        "min_s": min(times),
        "max_s": max(times),
        "samples_s": times,
        "bytes": size,
        "queries": len(counted[0]),
        "sql_s": median(c.seconds for c in counted),
        "sql": counted[0].sql,
    }
    if profile_name and (result["median_s"] >= time_limit or os.environ.get("BENCH_PROFILE")):
        result["profile"] = profile(get, profile_runs, name=profile_name)
    return result


def size_rows(
    bench: str,
    db: str,
    pages: Iterable[str],
    results: dict[str, dict[str, Any]],
    *,
    sizes: tuple[int, int],
    unit: str,
    time_limit: float,
) -> list[Row]:
    """Two rows per page: its median at the larger size against ``time_limit``, and whether its
    query count stays the same from the smaller size to the larger."""
    small, large = sizes
    rows = []
    for page in pages:
        at = {int(k): v for k, v in results[page].items()}
        big, little = at[large], at[small]
        rows.append(
            row(
                bench,
                f"{db}: {page}, {large} {unit}",
                f"{ms(big['median_s'])} (SQL {ms(big['sql_s'])}; {ms(little['median_s'])} at {small})",
                f"< {ms(time_limit)}",
                big["median_s"] < time_limit,
            )
        )
        rows.append(
            row(
                bench,
                f"{db}: {page}, queries",
                f"{big['queries']} at {large}, {little['queries']} at {small}",
                "constant",
                big["queries"] == little["queries"],
            )
        )
    return rows
