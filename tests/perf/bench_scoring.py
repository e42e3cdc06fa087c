"""Scoring alone: ``assessments.scoring.score_assessment`` over 1,600 answers (pure, no database).

The checklist is the generated one of ``tests/assessments/test_query_counts.py`` (yes/no, maturity
and single-choice items in turn, every seventh critical, every eleventh with a crosswalk
reference), parsed once into its frozen document; every item is answered. Two cases: the
self-reported score (no verdicts) and the verified one (a verdict on every item, as during a
review). Median of 50 calls after a warm-up; target under 20 ms. A miss is profiled with cProfile
(``var/bench/profile-scoring-<case>.txt``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from tests.perf.common import (
    BENCH_VAR,
    Row,
    django_env,
    machine,
    median,
    ms,
    percentile,
    print_table,
    row,
    run_benchmark,
    run_child,
    save_json,
)

BENCH = "scoring"
MODULE = "tests.perf.bench_scoring"
ITEMS = 1600
RUNS = 50
WARMUP = 5
TIME_LIMIT = 0.020


def _run() -> dict[str, Any]:
    import django

    django.setup()  # only for importing the generator from the test suite; scoring needs none
    from assessments import scoring
    from checklists.loader import load_text
    from tests.assessments.test_query_counts import checklist_yaml, value_for
    from tests.perf.common import profile

    document = load_text(checklist_yaml(f"q-gen-{ITEMS}", ITEMS))
    codes = [item.code for _section, item in document.items()]
    assert len(codes) == ITEMS
    answers = {code: value_for(number) for number, code in enumerate(codes)}
    kinds = list(scoring.Verdict)
    verdicts = {code: kinds[number % len(kinds)] for number, code in enumerate(codes)}
    cases: dict[str, list[scoring.ChecklistAnswers]] = {
        "self-reported": [(document, answers, None)],
        "with verdicts": [(document, answers, verdicts)],
    }
    results = {}
    for name, inputs in cases.items():
        for _ in range(WARMUP):
            scoring.score_assessment(inputs)
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            result = scoring.score_assessment(inputs)
            times.append(time.perf_counter() - started)
        assert result.answered == ITEMS and result.overall is not None
        results[name] = {
            "median_s": median(times),
            "min_s": min(times),
            "p90_s": percentile(times, 0.9),
            "items_per_s": ITEMS / median(times),
            "samples_s": times,
            "overall": result.overall,
            "verified_overall": result.verified_overall,
        }
        if median(times) >= TIME_LIMIT:
            results[name]["profile"] = profile(
                lambda inputs=inputs: scoring.score_assessment(inputs),
                RUNS,
                name=f"{BENCH}-{name.replace(' ', '-')}",
            )
    return results


def child(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    Path(args.out).write_text(json.dumps(_run()))
    return 0


def main() -> list[Row]:
    env = django_env(f"sqlite:///{BENCH_VAR / 'unused.sqlite3'}")
    results = run_child(MODULE, ["run"], env, timeout=600)
    rows = []
    for name, result in results.items():
        rows.append(
            row(
                BENCH,
                f"score_assessment, {ITEMS} answers, {name}",
                f"{ms(result['median_s'])} ({result['items_per_s']:,.0f} items/s)",
                f"< {ms(TIME_LIMIT)}",
                result["median_s"] < TIME_LIMIT,
            )
        )
        for entry in result.get("profile", {}).get("by_own_time", [])[:10]:
            print(f"  {entry['own_ms']:8.2f} ms own  {entry['function']}")
    save_json(BENCH, {"machine": machine(), "items": ITEMS, "runs": RUNS, "results": results})
    print_table(rows, title=f"{BENCH}: median of {RUNS} calls")
    return rows


if __name__ == "__main__":
    run_benchmark(child, main)
