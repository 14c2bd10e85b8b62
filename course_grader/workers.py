"""Grading workers with a hard per-submission time budget, enforced from outside.

Each worker is a process of its own that grades one notebook at a time (`engine.grade_job`) and
tells this process, as it goes, each test it finishes. The grader's own checks inside the worker
(cell limits, the submission's soft budget) are the normal way a notebook stops. This module is
the guarantee behind them: whatever a notebook makes the worker do (a kernel that will not die,
a request that never returns, a restart that hangs, the grader itself looping or swelling on an
answer), the parent

- asks the worker to stop (SIGTERM: the worker stops its kernel and removes its sandbox) once the
  submission has had `budget + GRACE` seconds, or once the worker uses more than
  `max_worker_mb` of memory;
- kills the worker and every process below it `KILL_AFTER` seconds later if it has not stopped;
- records the submission with the tests it reached, and replaces the worker.

One numpy operation on an answer's shapes (a broadcast in a test's own arithmetic) can allocate
gigabytes between two looks at the worker's memory, and runs to its end before any signal is
handled; so each worker's data segment is also capped (RLIMIT_DATA, `DATA_FACTOR *
max_worker_mb`): such an allocation fails at once with a MemoryError, which fails the test that
made it, and the worker never holds much more than its limit.

So one submission costs a worker at most `budget + GRACE + KILL_AFTER` seconds, and a run of n
submissions on w workers at most ceil(n / w) times that, plus start-up and writing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict

from course_grader.bounds import GRACE, KILL_AFTER
from course_grader.engine import (
    BudgetExceeded,
    GradeJob,
    SubmissionResult,
    TestResult,
    grade_job,
)

MAX_WORKER_MB = 1536  # resident memory of one grading worker (grader side; its kernel not counted)
DATA_FACTOR = 2  # the worker's data segment may reserve this many times MAX_WORKER_MB
MIN_DATA_MB = 1024  # ... and at least this much (a grading worker reserves ~260 MB)
POLL = 0.25


# --------------------------------------------------------------------------- the worker


_GRADING = False


def _on_sigterm(signum, frame):
    if _GRADING:
        raise BudgetExceeded()
    raise SystemExit(0)


def _send(conn, message) -> None:
    """Send without being interrupted half-way by the parent's SIGTERM."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        conn.send(message)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def limit_data(mb: float) -> None:
    """Cap this process's data segment (heap and anonymous mappings: every numpy array) at `mb`
    MiB, the soft limit only: the kernel launcher raises it again for the learner's kernel,
    whose own limit is its address space (`Limits.memory_mb`)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    value = int(mb * 2**20)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    if soft == resource.RLIM_INFINITY or value < soft:
        resource.setrlimit(resource.RLIMIT_DATA, (value, hard))


def worker_main(conn, data_mb: float = 0) -> None:
    """Grade the jobs the parent sends until it sends None."""
    global _GRADING
    if data_mb:
        limit_data(data_mb)
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        _GRADING = True
        try:
            res = grade_job(
                job,
                report=lambda t: _send(conn, ("test", asdict(t))),
                on_sandbox=lambda paths: _send(conn, ("sandbox", paths)),
            )
        except BudgetExceeded:  # arrived between grade_job's own handlers
            res = None
        finally:
            _GRADING = False
        if res is not None:
            _send(conn, ("done", res.to_dict()))


# --------------------------------------------------------------------------- the parent


class _Worker:
    def __init__(self, ctx, data_mb: float = 0):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker_main, args=(child, data_mb), daemon=True)
        self.proc.start()
        child.close()
        self.job: GradeJob | None = None
        self.tests: list[TestResult] = []
        self.started = 0.0
        self.stop_reason = ""
        self.stopping_since: float | None = None
        self.sandbox_paths: list[str] = []

    def give(self, job: GradeJob) -> None:
        self.job, self.tests, self.started = job, [], time.monotonic()
        self.sandbox_paths: list[str] = []
        self.stop_reason, self.stopping_since = "", None
        self.conn.send(job)

    def memory_mb(self) -> float:
        import psutil

        try:
            return psutil.Process(self.proc.pid).memory_info().rss / 2**20
        except psutil.Error:
            return 0.0

    def stop(self, reason: str) -> None:
        if self.stopping_since is None:
            self.stop_reason, self.stopping_since = reason, time.monotonic()
            with contextlib.suppress(OSError):
                os.kill(self.proc.pid, signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL the worker and everything below it (its kernel and what that started)."""
        import psutil

        try:
            family = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            family = []
        for p in [*family]:
            with contextlib.suppress(psutil.Error):
                p.kill()
        with contextlib.suppress(OSError):
            self.proc.kill()
        self.proc.join(5)
        psutil.wait_procs(family, timeout=5)
        self.conn.close()
        for path in self.sandbox_paths:  # what the worker would have removed had it stopped
            shutil.rmtree(path, ignore_errors=True)


def cut_short(job: GradeJob, tests: list[TestResult], status: str, reason: str) -> SubmissionResult:
    """The result of a submission the parent had to stop: the tests it reached, the rest lost."""
    from course_grader import cells as C

    source_tests = [c for c in C.read_source_cells(job.source) if c.kind == C.TEST]
    done = {t.grade_id for t in tests}
    lost = {
        "budget_exceeded": "✗ not reached: the submission used up its time budget",
        "grader_error": "✗ not graded: the grader failed (not your fault); it will be rerun",
    }.get(status, f"✗ {reason}")
    all_tests = list(tests) + [
        TestResult(t.grade_id or "?", 0.0, t.points, "not_run", lost)
        for t in source_tests
        if (t.grade_id or "?") not in done
    ]
    reached = sum(1 for t in tests)
    return SubmissionResult(
        job.assignment,
        job.student_id,
        job.notebook,
        status,
        f"{reason}; tests reached: {reached} of {len(source_tests)}",
        round(sum(t.points for t in all_tests), 4),
        sum(t.points for t in source_tests),
        all_tests,
    )


def run_pool(
    jobs: list[GradeJob],
    workers: int,
    on_done: Callable[[SubmissionResult], None],
    *,
    grace: float = GRACE,
    kill_after: float = KILL_AFTER,
    max_worker_mb: float = MAX_WORKER_MB,
    prepare: Callable[[GradeJob], GradeJob] = lambda job: job,
) -> list[SubmissionResult]:
    """Grade `jobs` on `workers` processes; `on_done(result)` as each submission finishes."""
    ctx = multiprocessing.get_context("forkserver")
    with contextlib.suppress(Exception):
        ctx.set_forkserver_preload(["course_grader.engine", "course_lib", "nbformat.validator"])
    pending = deque(jobs)
    crashes: dict[int, int] = {}
    pool: list[_Worker] = []
    results: list[SubmissionResult] = []
    lost_workers = 0

    def finish(w: _Worker, res: SubmissionResult) -> None:
        w.job = None
        results.append(res)
        on_done(res)

    try:
        while pending or any(w.job is not None for w in pool):
            for w in [w for w in pool if w.job is None and not w.proc.is_alive()]:
                w.kill()  # an idle worker that died: replace it
                pool.remove(w)
                lost_workers += 1
            while pending and (len(pool) < workers or any(w.job is None for w in pool)):
                idle = next((w for w in pool if w.job is None), None)
                if idle is None:
                    data_mb = max(DATA_FACTOR * max_worker_mb, MIN_DATA_MB) if max_worker_mb else 0
                    idle = _Worker(ctx, data_mb)
                    pool.append(idle)
                job = prepare(pending.popleft())
                try:
                    idle.give(job)
                except OSError:  # it died just now: the job goes back, the worker goes
                    pending.appendleft(job)
                    idle.job = None
                    idle.kill()
                    pool.remove(idle)
                    lost_workers += 1
                if lost_workers > 10 + 2 * workers:
                    raise RuntimeError(
                        "grading workers keep dying before they get any work: check that this "
                        "Python can start processes (multiprocessing forkserver)"
                    )
            busy = [w for w in pool if w.job is not None]
            multiprocessing.connection.wait(
                [w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=POLL
            )
            now = time.monotonic()
            for w in busy:
                job = w.job
                assert job is not None
                try:
                    while w.conn.poll():
                        kind, data = w.conn.recv()
                        if kind == "test":
                            w.tests.append(TestResult(**data))
                        elif kind == "sandbox":
                            w.sandbox_paths = [str(p) for p in data]
                        elif kind == "done":
                            res = SubmissionResult.from_dict(data)
                            if w.stop_reason and res.status == "budget_exceeded":
                                res.reason = w.stop_reason  # why this process stopped it
                            finish(w, res)
                            break
                except (EOFError, OSError):
                    pass
                if w.job is None:
                    continue
                budget = job.limits.submission_budget
                if not w.proc.is_alive():
                    w.kill()
                    pool.remove(w)
                    if w.stop_reason:
                        finish(w, cut_short(job, w.tests, "budget_exceeded", w.stop_reason))
                        continue
                    crashes[id(job)] = crashes.get(id(job), 0) + 1
                    if crashes[id(job)] < 2:
                        pending.appendleft(job)  # a crashed worker gets one more try
                        w.job = None
                    else:
                        finish(
                            w,
                            cut_short(
                                job, w.tests, "grader_error",
                                f"the grading worker crashed twice (exit code "
                                f"{w.proc.exitcode}); rerun grade for this student",
                            ),
                        )
                    continue
                if w.stopping_since is None:
                    if now - w.started > budget + grace:
                        w.stop(
                            f"time budget exceeded: the grader stopped this notebook after "
                            f"{now - w.started:.0f} s (budget {budget:g} s)"
                        )
                    elif max_worker_mb and w.memory_mb() > max_worker_mb:
                        w.stop(
                            f"the notebook's answers made the grader use more than "
                            f"{max_worker_mb:g} MB of memory; grading was stopped"
                        )
                elif now - w.stopping_since > kill_after:
                    w.kill()
                    pool.remove(w)
                    finish(w, cut_short(job, w.tests, "budget_exceeded", w.stop_reason))
    finally:
        for w in pool:
            if w.job is None and w.proc.is_alive():
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        deadline = time.monotonic() + 10
        for w in pool:
            if w.job is not None:
                w.stop("the grading run was interrupted")
        for w in pool:
            w.proc.join(max(0.1, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.kill()
    return results
