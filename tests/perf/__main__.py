"""``python -m tests.perf [NAME ...]``: run every ``bench_*.py`` module's ``main()`` in turn.

``NAME`` picks modules (``autosave`` or ``bench_autosave``); none means all, in name order. A
module's ``main()`` may return rows (dicts with ``bench``, ``case``, ``measured``, ``target`` and
``met``, see ``tests.perf.common.row``); every row is printed again in one combined table at the
end and saved to ``var/bench/summary.json``. A module that raises is reported and the others
still run; the exit status is 1 when any module failed, and with ``--strict`` also when a target
was missed.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from tests.perf.common import machine, print_table, row, save_json

HERE = Path(__file__).resolve().parent


def modules() -> list[str]:
    return sorted(path.stem for path in HERE.glob("bench_*.py"))


def _rows(name: str, result: Any, seconds: float) -> list[dict[str, Any]]:
    bench = name.removeprefix("bench_")
    if isinstance(result, dict):
        result = result.get("rows", [result])
    if isinstance(result, list | tuple) and all(isinstance(r, dict) for r in result) and result:
        return [
            {
                "bench": r.get("bench", bench),
                "case": r.get("case", r.get("name", "")),
                "measured": r.get("measured", r.get("value", "")),
                "target": r.get("target", ""),
                "met": r.get("met"),
            }
            for r in result
        ]
    return [row(bench, "ran", f"{seconds:.0f} s (its own table above)")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    available = modules()
    chosen = [n if n.startswith("bench_") else f"bench_{n}" for n in args.names] or available
    unknown = sorted(set(chosen) - set(available))
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; available: {available}")

    rows: list[dict[str, Any]] = []
    failed: list[str] = []
    for name in chosen:
        print(f"\n=== {name} ===", flush=True)
        started = time.monotonic()
        argv_before = sys.argv
        sys.argv = [f"tests/perf/{name}.py"]  # a module's own argument parsing sees no options
        try:
            result = importlib.import_module(f"tests.perf.{name}").main()
        except (Exception, SystemExit) as exc:
            if isinstance(exc, SystemExit) and exc.code in (0, None):
                result = None
            else:
                traceback.print_exc()
                failed.append(name)
                rows.append(row(name.removeprefix("bench_"), "error", repr(exc)[:80], met=False))
                continue
        finally:
            sys.argv = argv_before
        rows.extend(_rows(name, result, time.monotonic() - started))

    missed = [r for r in rows if r.get("met") is False]
    print_table(rows, title=f"All benchmarks ({machine()['cpus']} cores)")
    print(f"{len(missed)} target(s) missed, {len(failed)} benchmark(s) failed", flush=True)
    save_json("summary", {"machine": machine(), "rows": rows, "failed": failed})
    return 1 if failed or (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
