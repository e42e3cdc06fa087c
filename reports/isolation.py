"""Rendering in child processes, so that a runaway render cannot take the worker down.

Children come from a ``forkserver`` whose server has WeasyPrint imported already, so each starts
in milliseconds with nothing of the parent (no database connections, no threads). A child lowers
its own address-space (``RLIMIT_AS``) and CPU limits first; the parent waits until a deadline and
kills whatever is still running. With ``processes`` above one, the parts of a job are shared out
among that many children rendering side by side, and one more child joins their PDFs.

No Django here either: settings come in as arguments.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from reports import sandbox
from reports.errors import RenderError, RenderMemoryError, RenderTimeout
from reports.sandbox import RenderJob, RenderOutput


def _child(conn: Connection, task: tuple[Any, ...], memory_mb: int, cpu_seconds: int) -> None:
    try:
        if memory_mb:
            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if cpu_seconds:
            # A backstop should the parent die before it can kill us.
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
        kind, job, *arguments = task
        if kind == "all":
            result: Any = sandbox.render(job)
        elif kind == "parts":
            result = sandbox.render_parts(job, arguments[0])
        else:
            result = sandbox.finish(job, *arguments)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        conn.send(("ok", (result, peak, tuple(sandbox._refused))))
    except MemoryError:
        conn.send(("memory", f"the renderer ran out of its {memory_mb} MB of memory"))
    except BaseException as exc:  # everything goes back to the parent as text
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:1000]))
    finally:
        conn.close()


_context: Any = None


def _process_context() -> Any:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["reports.sandbox"])
        _context = context
    return _context


def _died(exitcode: int | None, memory_mb: int) -> str:
    if exitcode in (-9, -11, -6):  # killed, or a C library that could not allocate under the limit
        return f"the renderer stopped (signal {-exitcode}); it may have exceeded {memory_mb} MB"
    return f"the renderer stopped unexpectedly (exit code {exitcode})"


@dataclass
class _Run:
    process: Any
    receiver: Connection


def _start(task: tuple[Any, ...], *, memory_mb: int, timeout: float) -> _Run:
    context = _process_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(sender, task, memory_mb, int(timeout) + 1), name="report-render"
    )
    process.start()
    sender.close()
    return _Run(process, receiver)


def _stop(run: _Run) -> None:
    run.process.join(0.5)
    if run.process.is_alive():
        run.process.kill()
        run.process.join(5)
    run.receiver.close()


def _result(
    run: _Run, *, deadline: float, timeout: float, memory_mb: int
) -> tuple[Any, int, tuple[str, ...]]:
    if not run.receiver.poll(max(0.0, deadline - time.monotonic())):
        raise RenderTimeout(f"rendering took longer than {timeout:g} s and was stopped")
    try:
        kind, payload = run.receiver.recv()
    except EOFError:
        run.process.join(5)
        raise RenderError(_died(run.process.exitcode, memory_mb)) from None
    if kind == "memory":
        raise RenderMemoryError(payload)
    if kind != "ok":
        raise RenderError(payload)
    return payload  # type: ignore[no-any-return]


def _share(parts: Sequence[str], processes: int) -> list[list[int]]:
    """Part indices per child, largest parts first to the least loaded child (by HTML size)."""
    loads = [0] * processes
    shares: list[list[int]] = [[] for _ in range(processes)]
    for index in sorted(range(len(parts)), key=lambda i: -len(parts[i])):
        child = loads.index(min(loads))
        shares[child].append(index)
        loads[child] += len(parts[index])
    return [sorted(share) for share in shares if share]


def render_isolated(
    job: RenderJob, *, timeout: float, memory_mb: int, processes: int = 1
) -> RenderOutput:
    """Render ``job`` in child processes; raise ``RenderError`` (or a subclass) on any failure.

    ``timeout`` bounds the whole render, ``memory_mb`` each child's address space.
    """
    started = time.monotonic()
    deadline = started + timeout
    if processes <= 1 or len(job.parts) <= 1:
        run = _start(("all", job), memory_mb=memory_mb, timeout=timeout)
        try:
            output, _peak, _refused = _result(
                run, deadline=deadline, memory_mb=memory_mb, timeout=timeout
            )
        finally:
            _stop(run)
        assert isinstance(output, RenderOutput)
        return output
    runs = [
        _start(("parts", job, share), memory_mb=memory_mb, timeout=timeout)
        for share in _share(job.parts, processes)
    ]
    try:
        results = [
            _result(run, deadline=deadline, memory_mb=memory_mb, timeout=timeout) for run in runs
        ]
    finally:
        for run in runs:
            _stop(run)
    rendered = sorted(item for result, _peak, _refused in results for item in result)
    pages = sum(count for _index, _pdf, count in rendered)
    run = _start(
        ("finish", job, [pdf for _index, pdf, _count in rendered], pages),
        memory_mb=memory_mb,
        timeout=timeout,
    )
    try:
        pdf, finish_peak, _ = _result(run, deadline=deadline, memory_mb=memory_mb, timeout=timeout)
    finally:
        _stop(run)
    return RenderOutput(
        pdf=pdf,
        pages=pages,
        seconds=time.monotonic() - started,
        peak_rss_kb=max(finish_peak, *(peak for _result_, peak, _refused in results)),
        refused=tuple(url for _result_, _peak, refused in results for url in refused),
    )
