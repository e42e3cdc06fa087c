"""PDF report rendering: WeasyPrint (sandboxed, as in production) against headless Chromium.

For reports of 50, 200 and 1,600 checklist items (synthetic checklists, Korean, evaluation report
with verdicts, comments and evidence) it measures the render time of the sandboxed child, the
pages, the child's peak memory, and - when ``/usr/bin/chromium`` exists - Chromium's
``--print-to-pdf`` of the same HTML. Targets: at most 1.5x Chromium at 200 items and 3x at 1,600
items; peak memory under 300 MB at 1,600 items. Results: ``var/bench/reports.json``.

    python -m tests.perf.bench_reports        (or ``make bench``)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.perf.common import (
    BENCH_VAR,
    OUT_DIR,
    Row,
    django_env,
    machine,
    print_table,
    row,
    run_benchmark,
    run_child,
    save_json,
)

BENCH = "reports"
MODULE = "tests.perf.bench_reports"
SIZES = (50, 200, 1600)
RUNS = {50: 3, 200: 3, 1600: 2}
CHROMIUM = "/usr/bin/chromium"
# As REPORT_RENDER_PROCESSES defaults to; BENCH_REPORT_PROCESSES=1 measures one child alone.
PROCESSES = int(os.environ.get("BENCH_REPORT_PROCESSES", str(min(2, os.cpu_count() or 1))))
TARGET_RATIO = {200: 1.5, 1600: 3.0}
MEMORY_LIMIT_MB = 300

_KO = [
    "위험",
    "관리",
    "계획",
    "편향",
    "시험",
    "데이터",
    "품질",
    "설명",
    "가능성",
    "이용자",
    "보호",
    "사람의",
    "감독",
    "기록",
    "보존",
    "보안",
    "개인정보",
    "영향",
    "평가",
]
_EN = [
    "risk",
    "management",
    "plan",
    "bias",
    "testing",
    "data",
    "quality",
    "explanation",
    "user",
    "protection",
    "human",
    "oversight",
    "record",
    "keeping",
    "security",
    "privacy",
    "impact",
    "assessment",
]


# --- child: runs with Django set up --------------------------------------------------------------


def _text(rng: random.Random, words: list[str], count: int) -> str:
    return " ".join(rng.choice(words) for _ in range(count))


def synthetic_documents(items: int, seed: int = 7) -> list[Any]:
    """Self-check checklists of 10-item sections, at most 200 items each, every answer type."""
    from checklists.schema import ChecklistDocument

    rng = random.Random(seed)
    documents = []
    per_list = 200
    for number in range((items + per_list - 1) // per_list):
        count = min(per_list, items - number * per_list)
        sections = []
        for s in range((count + 9) // 10):
            section_items = []
            for i in range(min(10, count - s * 10)):
                code = f"B{number}-S{s:02d}-{i + 1:02d}"
                kind = ("yes_no", "maturity", "single_choice", "multi_choice", "yes_no", "text")[
                    i % 6
                ]
                item: dict[str, Any] = {
                    "code": code,
                    "text": {
                        "ko": _text(rng, _KO, 14) + "는가?",
                        "en": _text(rng, _EN, 16).capitalize() + "?",
                    },
                    "recommendation": {
                        "ko": _text(rng, _KO, 12) + "한다.",
                        "en": _text(rng, _EN, 14).capitalize() + ".",
                    },
                    "answer_type": kind,
                    "critical": i == 0 and s % 3 == 0,
                    "required": kind != "text",
                    "crosswalk": [
                        {"framework": "nist_ai_rmf", "ref": f"MAP {1 + s % 5}.{1 + i % 2}"}
                    ],
                }
                if kind == "maturity":
                    item["options"] = [
                        {
                            "key": str(level),
                            "label": {"ko": f"수준 {level}", "en": f"Level {level}"},
                        }
                        for level in range(5)
                    ]
                elif kind in ("single_choice", "multi_choice"):
                    item["options"] = [
                        {
                            "key": key,
                            "label": {"ko": f"선택 {key}", "en": f"Option {key}"},
                            "score": score,
                        }
                        for key, score in (("a", 1), ("b", 0.5), ("c", 0.25))
                    ]
                section_items.append(item)
            sections.append(
                {
                    "code": f"B{number}-S{s:02d}",
                    "title": {"ko": _text(rng, _KO, 3), "en": _text(rng, _EN, 3).title()},
                    "items": section_items,
                }
            )
        documents.append(
            ChecklistDocument.model_validate(
                {
                    "slug": f"bench-{number}",
                    "version": "1.0.0",
                    "kind": "self_check",
                    "domain": "general",
                    "target": "both",
                    "title": {
                        "ko": f"성능 시험 점검표 {number + 1}",
                        "en": f"Benchmark checklist {number + 1}",
                    },
                    "description": {"ko": "성능 시험용", "en": "For benchmarks"},
                    "sources": ["bench"],
                    "sections": sections,
                }
            )
        )
    return documents


def synthetic_data(items: int, seed: int = 7) -> tuple[dict[str, Any], dict[str, Any], Any]:
    from tests.reports.samples import build_data, content_document, documents_by_label

    rng = random.Random(seed)
    screening = content_document("high-impact-screening")
    criteria = content_document("reliability-evaluation")
    documents = [screening, *synthetic_documents(items, seed)]
    answers: dict[str, dict[str, Any]] = {
        screening.slug: {"HIS-SIG-01": "yes", "HIS-AREA-07": "yes"}
    }
    comments: dict[str, dict[str, str]] = {}
    verdicts: dict[str, dict[str, tuple[str, str]]] = {}
    evidence: dict[str, dict[str, list[str]]] = {}
    for document in documents[1:]:
        given, said, judged, files = {}, {}, {}, {}
        for _section, item in document.items():
            kind = item.answer_type.value
            given[item.code] = {
                "yes_no": rng.choice(["yes", "yes", "yes", "no", "na"]),
                "maturity": rng.choice([2, 3, 3, 4, 4]),
                "single_choice": rng.choice(["a", "a", "b", "c"]),
                "multi_choice": rng.sample(["a", "b", "c"], rng.randint(1, 2)),
                "text": _text(rng, _KO, 10),
            }[kind]
            if given[item.code] == "na" or rng.random() < 0.3:
                said[item.code] = _text(rng, _KO, 18)
            if rng.random() < 0.25 and item.scored:
                verdict = rng.choice(["confirmed", "partially_confirmed", "needs_evidence"])
                judged[item.code] = (verdict, "" if verdict == "confirmed" else _text(rng, _KO, 10))
            if rng.random() < 0.2:
                files[item.code] = [f"{item.code.lower()}-근거자료.pdf"]
        answers[document.slug], comments[document.slug] = given, said
        verdicts[document.slug], evidence[document.slug] = judged, files
    ratings = {
        item.code: (3 if item.critical else rng.choice([2, 3, 4]), "근거 미흡")
        for _s, item in criteria.items()
    }
    data = build_data(
        documents=documents,
        answers=answers,
        comments=comments,
        evidence=evidence,
        verdicts=verdicts,
        criteria=criteria,
        ratings=ratings,
        kind="evaluation",
        language="ko",
        significance_item="HIS-SIG-01",
        opinion="성능 시험용 의견입니다.\n" * 3,
    )
    return data, documents_by_label(documents), criteria


def _chromium(html: str, runs: int) -> dict[str, Any] | None:
    """Best of ``runs`` headless Chromium prints of ``html`` (a fresh browser each time)."""
    if not Path(CHROMIUM).exists():
        return None
    from pypdf import PdfReader

    best: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(html)
        for run in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                 f"--user-data-dir={folder}/profile-{run}", f"--print-to-pdf={target}", source.as_uri()],
                check=True, capture_output=True, timeout=600,
            )  # fmt: skip
            seconds = time.perf_counter() - started
            if best is None or seconds < best["seconds"]:
                best = {
                    "seconds": seconds,
                    "pages": len(PdfReader(target).pages),
                    "bytes": target.stat().st_size,
                }
    return best


def measure(items: int) -> dict[str, Any]:
    import django

    django.setup()
    from reports.isolation import render_isolated
    from reports.render import page_numbers, render_job, report_html
    from reports.selectors import canonical_json
    from tests.reports.samples import sample_context

    started = time.perf_counter()
    data, documents, criteria = synthetic_data(items)
    context = sample_context(data, documents, criteria)
    job = render_job(context, data_json=canonical_json(data))
    prepare_s = time.perf_counter() - started
    runs = []
    for _ in range(RUNS[items]):
        started = time.perf_counter()
        output = render_isolated(job, timeout=600, memory_mb=2048, processes=PROCESSES)
        runs.append({"wall_s": time.perf_counter() - started, "render_s": output.seconds, "pages": output.pages,
                     "peak_rss_mb": output.peak_rss_kb / 1024, "bytes": len(output.pdf)})  # fmt: skip
    # The same report for Chromium, as one document with the stylesheets (and page numbers) inlined.
    styles = "\n".join([*job.stylesheets, page_numbers("ko")])
    html = report_html(context).replace("</head>", f"<style>{styles}</style></head>", 1)
    (OUT_DIR / f"reports-{items}.html").write_text(html)
    best = min(runs, key=lambda r: r["wall_s"])
    return {
        "items": items,
        "processes": PROCESSES,
        "prepare_s": prepare_s,
        "runs": runs,
        "best": best,
        "chromium": _chromium(html, max(2, RUNS[items])),
    }


def child(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    Path(args.out).write_text(json.dumps(measure(int(args.child)), default=str))
    return 0


# --- parent ----------------------------------------------------------------------------------------


def _rows(result: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    best, chromium, items = result["best"], result["chromium"], result["items"]
    measured = f"{best['wall_s']:.2f} s, {best['pages']} pages, {best['peak_rss_mb']:.0f} MB"
    if chromium:
        ratio = best["wall_s"] / chromium["seconds"]
        measured += (
            f"; Chromium {chromium['seconds']:.2f} s ({chromium['pages']} pages), ratio {ratio:.2f}"
        )
        target = TARGET_RATIO.get(items)
        rows.append(
            row(
                BENCH,
                f"{items} items",
                measured,
                f"<= {target}x Chromium" if target else "",
                ratio <= target if target else None,
            )
        )
    else:
        rows.append(row(BENCH, f"{items} items", measured + "; no Chromium to compare"))
    if items == max(SIZES):
        peak = best["peak_rss_mb"]
        rows.append(
            row(
                BENCH,
                f"{items} items, peak memory",
                f"{peak:.0f} MB",
                f"< {MEMORY_LIMIT_MB} MB",
                peak < MEMORY_LIMIT_MB,
            )
        )
    return rows


def main() -> list[Row]:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    env = django_env(f"sqlite:///{BENCH_VAR / 'reports.sqlite3'}")
    results = []
    rows: list[Row] = []
    for items in SIZES:
        print(f"[{BENCH}] {items} items ...", flush=True)
        result = run_child(MODULE, [str(items)], env, timeout=3600)
        results.append(result)
        rows += _rows(result)
    save_json(
        BENCH if PROCESSES > 1 else f"{BENCH}-1-process",
        {
            "machine": machine() | {"load": os.getloadavg()},
            "sizes": SIZES,
            "results": results,
            "rows": rows,
        },
    )
    title = f"{BENCH}: WeasyPrint {_weasyprint()} in {PROCESSES} sandboxed children vs Chromium"
    print_table(rows, title=title)
    return rows


def _weasyprint() -> str:
    from importlib.metadata import version

    return version("weasyprint")


if __name__ == "__main__":
    run_benchmark(child, main)
