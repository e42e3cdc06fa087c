"""CI check of the production set-up: two ``db_worker`` processes compete for report tasks.

Run against the database in DATABASE_URL (PostgreSQL in CI) after ``migrate``, ``load_checklists``
and ``seed_demo``. Three people of the demo company issue six different reports of the demo
assessment (the organisation's limit of reports in flight); a seventh is refused and a repeated
request returns the report already queued (the render queue's fairness rules). Then two workers
start, and the check is that every report ends ready exactly once, that its stored bytes match its
SHA-256, that each task ran on one worker only, and that both workers took part. Exits non-zero
otherwise.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from assessments.choices import Role  # noqa: E402
from assessments.models import Assessment, Membership  # noqa: E402
from core.exceptions import ApplicationError  # noqa: E402
from reports.models import Report  # noqa: E402
from reports.services import report_issue  # noqa: E402

ISSUERS = 3
REPORTS = 2 * ISSUERS  # each issuer: one report in Korean, one in English
DEADLINE_SECONDS = 600


def main() -> int:
    owner = get_user_model().objects.get(username="demo-company")
    assessment = Assessment.objects.filter(
        system__organization__name="Demo AI Co.", revision__gte=1
    ).first()
    if assessment is None:
        print("no submitted demo assessment: run seed_demo first")
        return 1
    issuers = [owner]
    for n in range(1, ISSUERS):
        member, _created = get_user_model().objects.get_or_create(username=f"ci-member-{n}")
        Membership.objects.get_or_create(
            user=member, organization=owner.memberships.first().organization, role=Role.MEMBER
        )
        issuers.append(member)
    if settings.REPORT_MAX_IN_FLIGHT_PER_ORGANIZATION != REPORTS:
        print(f"expected an organisation limit of {REPORTS} reports in flight")
        return 1
    issued = [
        report_issue(actor=who, assessment=assessment, kind="self_assessment", language=language)
        for who in issuers
        for language in ("ko", "en")
    ]
    ids = [report.pk for report in issued]
    if len(set(ids)) != REPORTS:
        print(f"{len(set(ids))} reports for {REPORTS} different requests")
        return 1
    again = report_issue(actor=owner, assessment=assessment, kind="self_assessment", language="ko")
    if again.pk != ids[0]:
        print("a repeated request queued a second report")
        return 1
    try:
        other = get_user_model().objects.get_or_create(username="ci-member-extra")[0]
        Membership.objects.get_or_create(
            user=other, organization=owner.memberships.first().organization, role=Role.MEMBER
        )
        report_issue(actor=other, assessment=assessment, kind="self_assessment", language="ko")
    except ApplicationError as refused:
        if refused.status_code != 429:
            print(f"the seventh report was refused with {refused.status_code}, not 429")
            return 1
    else:
        print("a seventh report in flight was accepted past the organisation's limit")
        return 1
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--worker-id",
                f"ci-worker-{n}",
                "--interval",
                "0.2",
            ],
            cwd=ROOT,
        )
        for n in (1, 2)
    ]
    try:
        started = time.monotonic()
        while time.monotonic() - started < DEADLINE_SECONDS:
            states = list(Report.objects.filter(pk__in=ids).values_list("status", flat=True))
            if all(state in ("ready", "failed") for state in states):
                break
            time.sleep(1)
        elapsed = time.monotonic() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    reports = list(Report.objects.filter(pk__in=ids))
    problems = [f"{r.code}: {r.status} {r.error}" for r in reports if r.status != "ready"]
    for report in reports:
        if report.status == "ready":
            data = report.pdf.open("rb").read()
            if hashlib.sha256(data).hexdigest() != report.sha256 or not data.startswith(b"%PDF-"):
                problems.append(f"{report.code}: stored bytes do not match the SHA-256")
    tasks = list(DBTaskResult.objects.filter(task_path="reports.tasks.render_report"))
    mine = [
        task
        for task in tasks
        if task.args_kwargs.get("kwargs", {}).get("report_id") in ids
        or any(arg in ids for arg in task.args_kwargs.get("args", []))
    ]
    by_worker: dict[str, int] = {}
    for task in mine:
        if len(task.worker_ids) != 1:
            problems.append(f"task {task.id} ran on {task.worker_ids}")
        for worker_id in task.worker_ids:
            by_worker[worker_id] = by_worker.get(worker_id, 0) + 1
    if len(mine) != REPORTS:
        problems.append(f"{len(mine)} render tasks for {REPORTS} reports")
    if len(by_worker) < 2:
        problems.append(f"only these workers rendered: {by_worker}")
    print(f"{REPORTS} reports, {len(mine)} tasks, by worker {by_worker}, {elapsed:.1f} s")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
