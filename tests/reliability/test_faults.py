"""Faults the app must survive without losing or corrupting data (DESIGN.md §4, §6, §8).

1. Many clients autosaving the same answers: every write is applied or refused with 409, none is
   lost, the audit trail has exactly the applied writes. On the suite's database (SQLite or
   PostgreSQL), each client a thread with its own API client and connection.
2. The database goes away under autosave traffic: ``pg_terminate_backend`` on every connection of
   the app, which is what a PostgreSQL restart looks like to it. Against real gunicorn processes
   (not the in-process test client: Django's test client disconnects ``close_old_connections``
   from the request signals, so persistent connections and ``CONN_HEALTH_CHECKS`` would never be
   exercised). Needs a PostgreSQL server whatever the suite runs on; it makes a database of its own.
3. A full disk for media: ``MEDIA_ROOT`` on a 64 KiB tmpfs (or, where mounting is not allowed, a
   storage that runs out of space the same way), evidence uploaded until it is full.
4. A worker killed with SIGKILL in the middle of a render: ``manage.py db_worker`` against the same
   throwaway PostgreSQL database, the report must not stay "rendering" forever nor ever serve a
   partial file.

The PostgreSQL server for 2 and 4 is found by ``tests.reliability.postgres.admin_url`` (which
``make test`` checks before anything else, ``scripts/check-postgres``). They fail, not skip, when
there is none: set ``RELIABILITY_NO_POSTGRES=1`` to skip them on purpose.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from assessments.models import Answer, Assessment, AuditEvent, Evidence
from tests.assessments.conftest import World
from tests.databases import connections_of_their_own
from tests.reliability import bulk, postgres

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


# -- shared helpers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    client: int
    item: str
    value: int
    status: int | str  # the HTTP status, or the name of the exception the client got
    version: int | None = None  # the answer's version after the write, when applied (200)
    started: float = 0.0
    ended: float = 0.0


def _check_trail(
    writes: list[Write],
    stored: dict[str, tuple[Any, int]],
    trail: list[dict[str, Any]],
    *,
    unacknowledged_ok: bool = False,
) -> None:
    """The stored answers and the audit trail are exactly what the writes made of them.

    ``stored``: item → (value, version) now; ``trail``: the ``data`` of every "answer" event.
    With ``unacknowledged_ok`` a write that got no answer (the connection died after the commit)
    may have been applied; its value must still be one of those written.
    """
    applied = [w for w in writes if w.status == 200]
    audited: dict[str, list[int]] = defaultdict(list)
    for data in trail:
        assert data["cleared"] == 0, data
        for entry in data["written"]:
            audited[entry["item"]].append(entry["version"])
    acknowledged = {(w.item, w.version) for w in applied}
    assert len(acknowledged) == len(applied), "two applied writes got the same version: one lost"
    missing = acknowledged - {(item, v) for item, versions in audited.items() for v in versions}
    assert not missing, f"acknowledged writes missing from the audit trail: {sorted(missing)[:5]}"
    if not unacknowledged_ok:
        assert len(trail) == len(applied), (len(trail), len(applied))
    sent: dict[str, set[int]] = defaultdict(set)
    for w in writes:
        sent[w.item].add(w.value)
    for item, versions in audited.items():
        assert sorted(versions) == list(range(1, len(versions) + 1)), (item, sorted(versions))
        value, version = stored[item]
        assert version == len(versions), (item, version, len(versions))
        assert value in sent[item], (item, value)
        last = [w for w in applied if w.item == item and w.version == version]
        if last:  # the write that made the stored version was acknowledged: its value is stored
            assert value == last[0].value, (item, value, last[0])
        else:
            assert unacknowledged_ok, (item, version)
    assert set(stored) == set(audited), (sorted(stored), sorted(audited))


# -- 1. no lost answers ---------------------------------------------------------------------------

CLIENTS = 8
WRITES_PER_CLIENT = int(os.environ.get("FAULTS_WRITES", "200"))


@pytest.fixture
def file_db(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """On SQLite, a database file shared by the threads, as the app runs (WAL, busy timeout);
    PostgreSQL needs nothing (``tests/databases.py``)."""
    with connections_of_their_own(tmp_path / "faults.sqlite3"):
        yield


@pytest.fixture
def bulk_assessment(file_db: None, world: World, settings: Any, tmp_path: Path) -> Assessment:
    """A draft assessment to which ``t-bulk`` (20 number items, no answers yet) applies."""
    settings.APPLICABILITY_RULES = bulk.write_bulk_content(tmp_path / "bulk")
    call_command("load_checklists", path=tmp_path / "bulk", stdout=io.StringIO())
    assessment = world.new_assessment()
    assert any(link.version.checklist.slug == bulk.SLUG for link in assessment.applicable.all())
    return assessment


def _api_client(user: Any) -> APIClient:
    client = APIClient(headers={"Accept-Language": "en"})
    client.force_authenticate(user)
    return client


def _run_threads(jobs: list[Callable[[], Any]], timeout: float) -> list[Any]:
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            results[index] = jobs[index]()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
        assert not thread.is_alive(), "a client hung"
    if errors:
        raise errors[0]
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_autosaves_lose_no_answer(
    file_db: None, bulk_assessment: Assessment, world: World
) -> None:
    url = f"/api/v1/assessments/{bulk_assessment.pk}/answers/"
    editors = [world.users["owner"], world.users["member"]]
    start = threading.Barrier(CLIENTS, timeout=30)
    misreported: list[tuple[str, int, Any, int]] = []  # item, value sent, value and version replied

    def client_job(index: int) -> Callable[[], list[Write]]:
        def job() -> list[Write]:
            client = _api_client(editors[index % 2])
            rng = random.Random(index)
            log = []
            start.wait()
            for n in range(WRITES_PER_CLIENT):
                item = rng.choice(bulk.ITEMS)
                # Read the current version, then write on it (an autosave after an edit).
                listed = client.get(url, {"page_size": 2000})
                assert listed.status_code == 200, listed.content
                version = next(
                    (a["version"] for a in listed.json()["results"] if a["item"] == item), None
                )
                value = index * 100_000 + n
                reply = client.post(
                    url,
                    {
                        "answers": [
                            {
                                "checklist": bulk.SLUG,
                                "item": item,
                                "value": value,
                                "version": version,
                            }
                        ]
                    },
                    format="json",
                )
                if reply.status_code == 200:
                    (answer,) = reply.json()
                    log.append(Write(index, item, value, 200, answer["version"]))
                    if (answer["item"], answer["value"]) != (item, value):
                        misreported.append((item, value, answer["value"], answer["version"]))
                else:
                    log.append(Write(index, item, value, reply.status_code))
                    assert reply.status_code == 409, reply.content
                    assert set(reply.json()) == {"message", "extra"}
            return log

        return job

    started = time.monotonic()
    logs = _run_threads([client_job(i) for i in range(CLIENTS)], timeout=300)
    elapsed = time.monotonic() - started
    writes = [w for log in logs for w in log]

    assert len(writes) == CLIENTS * WRITES_PER_CLIENT
    statuses = {w.status for w in writes}
    assert statuses <= {200, 409}, statuses
    applied = sum(w.status == 200 for w in writes)
    assert applied > 0
    assert not misreported, (
        f"{len(misreported)} of {applied} applied writes were answered with another write's "
        f"value and version (item, sent, replied value, replied version): {misreported[:5]}"
    )
    stored = {
        code: (value, version)
        for code, value, version in Answer.objects.filter(assessment=bulk_assessment).values_list(
            "item_code", "value", "version"
        )
    }
    trail = list(
        AuditEvent.objects.filter(assessment=bulk_assessment, action="answer")
        .order_by("pk")
        .values_list("data", flat=True)
    )
    _check_trail(writes, stored, trail)
    print(f"{len(writes)} writes, {applied} applied, {len(writes) - applied} 409 in {elapsed:.1f}s")


def test_the_reply_to_an_applied_write_is_that_write(
    file_db: None, bulk_assessment: Assessment, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race test 1 hits now and then, made certain: a write lands right after ours commits.

    The reply of POST …/answers/ is what the client's autosave continues from (the version it
    writes on next). It must describe the write it answers, not whatever is stored a moment later.
    """
    from assessments import services
    from assessments.api import views

    url = f"/api/v1/assessments/{bulk_assessment.pk}/answers/"
    reply_serializer = views.s.AnswerSerializer

    class AfterACompetingWrite(reply_serializer):  # type: ignore[misc, valid-type]
        # Built in the view after the owner's write has committed, before its reply is rendered.
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            monkeypatch.setattr(views.s, "AnswerSerializer", reply_serializer)
            services.answers_upsert(
                actor=world.users["member"],
                assessment=bulk_assessment,
                answers=[
                    services.AnswerInput(checklist=bulk.SLUG, item="T-X-01", value=2, version=1)
                ],
            )
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(views.s, "AnswerSerializer", AfterACompetingWrite)
    reply = _api_client(world.users["owner"]).post(
        url, {"answers": [{"checklist": bulk.SLUG, "item": "T-X-01", "value": 1}]}, format="json"
    )
    assert reply.status_code == 200, reply.content
    (answer,) = reply.json()
    stored = Answer.objects.get(assessment=bulk_assessment, item_code="T-X-01")
    assert (stored.value, stored.version) == (2, 2)  # the member's write, on top of the owner's
    assert (answer["value"], answer["version"], answer["updated_by"]) == (1, 1, "owner"), (
        f"the owner's write (value 1, version 1) was answered with {answer}"
    )


# -- 3. a full disk for media ---------------------------------------------------------------------

TINY_MEDIA_BYTES = 64 * 1024


class _RunsOutOfSpace(File):  # type: ignore[type-arg]
    """The upload's chunks, until the quota is used up: then ENOSPC, as write(2) would say."""

    def __init__(self, content: Any, room: int) -> None:
        super().__init__(content.file, content.name)
        self.content, self.room = content, room

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        for chunk in self.content.chunks(chunk_size):
            if len(chunk) > self.room:
                yield chunk[: self.room]
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            self.room -= len(chunk)
            yield chunk


class QuotaStorage(FileSystemStorage):
    """A file system storage of ``TINY_MEDIA_BYTES``, for where a tmpfs cannot be mounted."""

    def _save(self, name: str, content: Any) -> str:
        used = sum(p.stat().st_size for p in Path(self.location).rglob("*") if p.is_file())
        return super()._save(name, _RunsOutOfSpace(content, TINY_MEDIA_BYTES - used))


@pytest.fixture
def tiny_media(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """``MEDIA_ROOT`` on a 64 KiB file system."""
    media = tmp_path / "tiny-media"
    media.mkdir()
    mounted = (
        shutil.which("mount") is not None
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={TINY_MEDIA_BYTES // 1024}k", "tmpfs", media],
            capture_output=True,
        ).returncode
        == 0
    )
    settings.MEDIA_ROOT = media
    if not mounted:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": f"{__name__}.QuotaStorage"},
        }
    try:
        yield media
    finally:
        if mounted:
            subprocess.run(["umount", "-l", media], check=False)


def _pdf(n: int, size: int = 10_000) -> bytes:
    head = f"%PDF-1.7\n% evidence {n}\n".encode()
    return head + bytes(random.Random(n).getrandbits(8) for _ in range(size - len(head)))


@pytest.mark.django_db(transaction=True)
def test_a_full_media_disk_refuses_uploads_cleanly(world: World, tiny_media: Path) -> None:
    assessment = world.new_assessment()
    client = world.client("owner")
    client.raise_request_exception = False  # see what a client sees: the 500, if any
    url = f"/api/v1/assessments/{assessment.pk}/evidence/"
    replies = []
    for n in range(12):  # 12 x 10 kB: more than 64 KiB
        reply = client.post(
            url,
            {
                "file": SimpleUploadedFile(f"plan-{n}.pdf", _pdf(n), "application/pdf"),
                "checklist": "t-general",
                "item": "T-A-01",
            },
            format="multipart",
        )
        replies.append(reply)
        if reply.status_code != 201:
            break
    statuses = [reply.status_code for reply in replies]
    assert statuses[0] == 201, replies[0].content
    refused = replies[-1]
    assert refused.status_code != 201, f"64 KiB never filled up: {statuses}"

    # What is stored is whole: every row has its file, every file its row, bytes as hashed.
    stored_files = {str(p.relative_to(tiny_media)): p for p in tiny_media.rglob("*") if p.is_file()}
    rows = list(Evidence.objects.filter(assessment=assessment))
    assert len(rows) == statuses.count(201)
    for row in rows:
        path = stored_files.get(row.file.name)
        assert path is not None, f"evidence {row.pk} has no file"
        data = path.read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (row.size, row.sha256)
    orphans = {
        name: path.stat().st_size
        for name, path in stored_files.items()
        if name not in {row.file.name for row in rows}
    }
    problems = []
    if orphans:
        problems.append(f"partial file(s) left behind by the refused upload: {orphans}")
    if not (400 <= refused.status_code < 500 or refused.status_code == 507):
        problems.append(f"the refused upload answered {refused.status_code}, not a 4xx or 507")
    elif set(refused.json()) != {"message", "extra"}:
        problems.append(f"the refusal is not {{message, extra}}: {refused.content[:200]!r}")
    assert not problems, f"uploads answered {statuses}; " + "; ".join(problems)


# -- 2 and 4: real server processes on a throwaway PostgreSQL database ----------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_json(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [PYTHON, "-m", "tests.reliability.pg_app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _stop(process: subprocess.Popen[Any]) -> None:
    """Stop a process this test started, and whatever it started (its own session)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    with contextlib.suppress(ProcessLookupError):  # orphans of a killed worker (render children)
        os.killpg(process.pid, signal.SIGKILL)


@dataclass
class LiveApp:
    url: str
    database: str
    dsn: str
    env: dict[str, str]
    tokens: dict[str, str]
    media: Path
    log: Path

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.dsn) as conn:
            return conn.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """gunicorn (2 workers x 4 threads) serving the app on a PostgreSQL database of its own."""
    if os.environ.get("RELIABILITY_NO_POSTGRES") == "1":
        pytest.skip("RELIABILITY_NO_POSTGRES=1: the PostgreSQL fault tests were switched off")
    import psycopg

    admin = postgres.admin_url()
    try:
        admin_conn = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"these fault tests need a PostgreSQL server ({postgres.redacted(admin)}): {exc}; "
            "scripts/check-postgres says how to get one (or RELIABILITY_NO_POSTGRES=1 to skip them)"
        )
    name = f"trustcheck_faults_{uuid.uuid4().hex[:12]}"
    admin_conn.execute(f'CREATE DATABASE "{name}"')
    dsn = admin.rsplit("/", 1)[0] + f"/{name}"
    base = tmp_path_factory.mktemp("live-app")
    rules = bulk.write_bulk_content(base / "bulk")
    env = {
        **os.environ,
        "DATABASE_URL": dsn,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "APPLICABILITY_RULES": str(rules),
        "MEDIA_ROOT": str(base / "media"),
        "TRUSTCHECK_VAR_DIR": str(base / "var"),
        "REPORT_RENDER_TIMEOUT": "10",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    server = None
    log = base / "gunicorn.log"
    try:
        seeded = _run_json(["setup", str(bulk.ASSESSMENT_CONTENT), str(base / "bulk")], env)
        port = _free_port()
        with log.open("w") as out:
            server = subprocess.Popen(
                [
                    str(Path(PYTHON).parent / "gunicorn"),
                    "config.wsgi:application",
                    f"--bind=127.0.0.1:{port}",
                    "--workers=2",
                    "--worker-class=gthread",
                    "--threads=4",
                    "--timeout=60",
                    "--graceful-timeout=5",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        import requests

        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy starting
                pass
            assert server.poll() is None, log.read_text()[-3000:]
            time.sleep(0.1)
        else:
            pytest.fail(f"gunicorn did not come up: {log.read_text()[-3000:]}")
        yield LiveApp(url, name, dsn, env, seeded["tokens"], base / "media", log)
    finally:
        if server is not None:
            _stop(server)
        admin_conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin_conn.close()


def _session(app: LiveApp, role: str) -> Any:
    import requests

    session = requests.Session()
    session.headers.update({"Authorization": f"Token {app.tokens[role]}", "Accept-Language": "en"})
    return session


# -- 2. the database restarts under autosave traffic ----------------------------------------------


def test_the_app_survives_a_database_restart_under_autosave_traffic(live_app: LiveApp) -> None:
    import requests

    assessment = _run_json(["draft"], live_app.env)["id"]
    url = f"{live_app.url}/api/v1/assessments/{assessment}/answers/"
    stop = threading.Event()
    clients, timeout = 6, 15.0

    def client_job(index: int) -> Callable[[], list[Write]]:
        def job() -> list[Write]:
            session = _session(live_app, "owner" if index % 2 else "member")
            rng = random.Random(index)
            log = []
            n = 0
            while not stop.is_set():
                n += 1
                item, value = rng.choice(bulk.ITEMS), index * 100_000 + n
                started = time.monotonic()
                try:
                    listed = session.get(url, params={"page_size": 2000}, timeout=timeout)
                    if listed.status_code != 200:
                        log.append(Write(index, item, value, f"read {listed.status_code}"))
                        continue
                    version = next(
                        (a["version"] for a in listed.json()["results"] if a["item"] == item),
                        None,
                    )
                    reply = session.post(
                        url,
                        json={
                            "answers": [
                                {
                                    "checklist": bulk.SLUG,
                                    "item": item,
                                    "value": value,
                                    "version": version,
                                }
                            ]
                        },
                        timeout=timeout,
                    )
                except requests.Timeout as exc:
                    status: int | str = f"hang {type(exc).__name__}"
                except requests.RequestException as exc:
                    status = type(exc).__name__
                else:
                    status = reply.status_code
                applied = reply.json()[0]["version"] if status == 200 else None
                log.append(Write(index, item, value, status, applied, started, time.monotonic()))
            return log

        return job

    kills: list[tuple[float, int]] = []

    def restarts() -> None:
        for _ in range(3):
            time.sleep(1.5)
            terminated = live_app.query(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                live_app.database,
            )[0][0]
            kills.append((time.monotonic(), terminated))
        time.sleep(2.5)
        stop.set()

    controller = threading.Thread(target=restarts)
    controller.start()
    logs = _run_threads([client_job(i) for i in range(clients)], timeout=90)
    controller.join()
    writes = [w for log in logs for w in log]

    hangs = [w for w in writes if str(w.status).startswith("hang")]
    assert not hangs, f"{len(hangs)} requests hung (no answer within {timeout} s)"
    assert sum(count for _t, count in kills) > 0, "nothing was terminated"
    last_kill = kills[-1][0]
    after = [w for w in writes if w.started > last_kill + 1.0]
    assert after, "no traffic after the last restart"
    failed_after = [w for w in after if w.status not in (200, 409)]
    assert not failed_after, f"the app did not recover by itself: {failed_after[:5]}"
    assert any(w.status == 200 for w in after)
    errors = [w for w in writes if w.status not in (200, 409)]
    print(
        f"{len(writes)} writes, {sum(w.status == 200 for w in writes)} applied, "
        f"{len(errors)} errors {sorted({str(w.status) for w in errors})}, kills {kills}"
    )

    stored = {
        code: (value, version)
        for code, value, version in live_app.query(
            "SELECT item_code, value, version FROM assessments_answer WHERE assessment_id = %s",
            assessment,
        )
    }
    trail = [
        data
        for (data,) in live_app.query(
            "SELECT data FROM assessments_auditevent WHERE assessment_id = %s "
            "AND action = 'answer' ORDER BY id",
            assessment,
        )
    ]
    _check_trail(writes, stored, trail, unacknowledged_ok=bool(errors))


# -- 4. a worker killed in the middle of a render -------------------------------------------------


def test_a_worker_killed_mid_render_leaves_no_report_rendering_forever(
    live_app: LiveApp, tmp_path: Path
) -> None:
    owner = _session(live_app, "owner")
    assessment = _run_json(["submitted"], live_app.env)["id"]
    issued = owner.post(
        f"{live_app.url}/api/v1/reports/",
        json={"assessment": assessment, "kind": "self_assessment", "language": "ko"},
        timeout=30,
    )
    assert issued.status_code == 202, issued.text  # never a 500, on PostgreSQL either
    report = issued.json()
    status_url = f"{live_app.url}/api/v1/reports/{report['id']}/"
    download_url = f"{status_url}download/"
    workers: list[subprocess.Popen[Any]] = []

    def start_worker(name: str) -> subprocess.Popen[Any]:
        out = (tmp_path / f"{name}.log").open("w")
        worker = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--interval=0.1",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=ROOT,
            env=live_app.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        workers.append(worker)
        return worker

    def status() -> dict[str, Any]:
        reply = owner.get(status_url, timeout=10)
        assert reply.status_code == 200, reply.text
        return reply.json()

    def served_whole_or_not_at_all(current: dict[str, Any]) -> None:
        reply = owner.get(download_url, timeout=30)
        if current["status"] == "ready" and reply.status_code == 200:
            assert hashlib.sha256(reply.content).hexdigest() == current["sha256"]
        else:
            assert reply.status_code == 409, (current["status"], reply.status_code)

    try:
        first = start_worker("worker-1")
        deadline = time.monotonic() + 60
        while (current := status())["status"] == "queued":
            assert time.monotonic() < deadline, "the worker never picked the report up"
            time.sleep(0.02)
        assert current["status"] == "rendering", f"rendered before it could be killed: {current}"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        served_whole_or_not_at_all(status())

        # A supervisor restarts the worker; the report must end failed or be rendered again
        # within the render timeout (and a margin), not stay "rendering".
        start_worker("worker-2")
        timeout = int(live_app.env["REPORT_RENDER_TIMEOUT"])
        deadline = time.monotonic() + timeout + 15
        seen = []
        while time.monotonic() < deadline:
            current = status()
            seen.append(current["status"])
            served_whole_or_not_at_all(current)
            if current["status"] in ("ready", "failed"):
                break
            time.sleep(0.5)
        files = sorted(str(p.relative_to(live_app.media)) for p in live_app.media.rglob("*.pdf"))
        if current["status"] != "ready":
            assert not [f for f in files if report["code"] in f], f"a file of a {current}: {files}"
        tasks = live_app.query(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE args_kwargs::text LIKE %s",
            f'%"report_id": {report["id"]}%',
        )
        retry = owner.post(f"{status_url}retry/", timeout=30)
        assert current["status"] in ("ready", "failed"), (
            f"report {report['code']} still {current['status']!r} {timeout + 15} s after its "
            f"worker was killed, with a new worker running (statuses seen: "
            f"{sorted(set(seen))}; task rows: {tasks}); POST …/retry/ answers "
            f"{retry.status_code} {retry.text[:120]}"
        )
    finally:
        for worker in workers:
            _stop(worker)
