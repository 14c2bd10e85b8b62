"""`grade`: autograde every collected submission of an assignment, in parallel, sandboxed.

Each submission becomes a `GradeJob` graded by `engine.grade_job` in a worker process (one
kernel per notebook, in its own sandbox) or on a Dask cluster. Only this process writes
results: nbgrader's gradebook, `autograded/`, per-learner HTML in `feedback/`, the CSV in
`grades/` and a JSON summary. One learner's notebook never stops the class: a worker that
crashes is replaced, and its job is recorded as a grader error to rerun.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import multiprocessing
import os
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from course_grader import cells as C
from course_grader.collect import load_report
from course_grader.course import Course
from course_grader.engine import GradeJob, SubmissionResult, grade_job
from course_grader.feedback import write_feedback
from course_grader.gradebook import (
    FileRow,
    Roster,
    known_students,
    sync_assignment,
    write_autograded,
    write_csv,
    write_gradebook,
)
from course_grader.sandbox import Limits


@dataclass
class GradeRun:
    """What one `grade` run produced, and the numbers for its summary."""

    assignment: str
    results: list = field(default_factory=list)
    extra_rows: list = field(default_factory=list)
    csv_path: Path | None = None
    feedback_dir: Path | None = None
    seconds: float = 0.0
    workers: int = 1
    max_score: float = 0.0
    test_ids: list = field(default_factory=list)

    def summary(self) -> dict:
        graded = [r for r in self.results if r.status == "graded"]
        scores = [r.score for r in self.results if r.status in ("graded", "invalid")]
        failed = Counter()
        for r in self.results:
            for t in r.tests:
                if t.status != "passed":
                    failed[t.grade_id] += 1
        buckets = Counter()
        for s in scores:
            frac = s / self.max_score if self.max_score else 0.0
            buckets[min(int(frac * 10), 9)] += 1
        return {
            "assignment": self.assignment,
            "submissions": len(self.results),
            "graded": len(graded),
            "not_graded": {
                s: n for s, n in Counter(r.status for r in self.results).items() if s != "graded"
            },
            "files_not_graded": len(self.extra_rows),
            "max_score": self.max_score,
            "mean": round(statistics.fmean(scores), 3) if scores else None,
            "median": round(statistics.median(scores), 3) if scores else None,
            "distribution": {f"{10 * b}-{10 * b + 10}%": buckets[b] for b in range(10)},
            "most_failed": failed.most_common(),
            "seconds": round(self.seconds, 2),
            "seconds_per_submission": round(self.seconds / max(1, len(self.results)), 3),
            "workers": self.workers,
        }

    def summary_text(self) -> str:
        s = self.summary()
        lines = [
            f"{self.assignment}: {s['submissions']} submission(s) graded in {s['seconds']:.1f} s "
            f"({s['seconds_per_submission']:.2f} s each, {self.workers} worker(s))",
            f"  mean {s['mean']} / {self.max_score:g}, median {s['median']}",
        ]
        if s["not_graded"]:
            lines.append(
                "  not graded: " + ", ".join(f"{k} {v}" for k, v in s["not_graded"].items())
            )
        if s["files_not_graded"]:
            lines.append(f"  {s['files_not_graded']} other file(s) reported in the CSV")
        width = max(s["distribution"].values() or [1]) or 1
        lines.append("  distribution of scores:")
        for label, n in s["distribution"].items():
            lines.append(f"    {label:>8s} {'#' * round(20 * n / width):20s} {n}")
        if s["most_failed"]:
            lines.append("  most failed tests:")
            for gid, n in s["most_failed"][:8]:
                lines.append(f"    {gid:32s} {n} of {s['submissions']}")
        if self.csv_path:
            lines.append(f"  gradebook CSV: {self.csv_path}")
        if self.feedback_dir:
            lines.append(f"  feedback: {self.feedback_dir}/<student>/{self.assignment}/")
        return "\n".join(lines)


# --------------------------------------------------------------------------- jobs


def private_paths(course: Course) -> tuple[str, ...]:
    """What a learner kernel must never see: sources, submissions, results, gradebook, git."""
    from course_grader.course import repo_root

    roots = {course.root.resolve(), repo_root().resolve(), *other_course_copies()}
    names = ["solutions", "submitted", "autograded", "feedback", "grades", "gradebook.db", ".git"]
    return tuple(sorted(str(r / n) for r in roots for n in names if (r / n).exists()))


# Where other copies of a course commonly sit on a grading machine (checkouts, demo and test
# runs). A world-readable copy of `solutions/` there would otherwise be readable by learner code.
SEARCH_ROOTS = ("/tmp", "/var/tmp", "/work", "/home", "/root", "/srv")


def other_course_copies(max_depth: int = 5) -> set:
    """Directories below the usual roots that hold a `solutions/` folder (other course copies)."""
    import glob

    found = set()
    for root in SEARCH_ROOTS:
        for depth in range(max_depth + 1):
            for hit in glob.glob(root + "/*" * depth + "/solutions"):
                if os.path.isdir(hit):
                    found.add(Path(hit).parent.resolve())
    return found


def make_jobs(
    course: Course, assignment: str, limits: Limits
) -> tuple[list[GradeJob], list[FileRow]]:
    """One job per collected notebook; anything unexpected in submitted/ becomes a FileRow."""
    sources = {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in course.source_notebooks(assignment)
    }
    release_dir = course.release / assignment
    files = (
        {
            p.name: p.read_bytes()
            for p in sorted(release_dir.glob("*"))
            if p.is_file() and p.suffix != ".ipynb"
        }
        if release_dir.is_dir()
        else {}
    )
    jobs, rows = [], []
    if not course.submitted.is_dir():
        return jobs, rows
    for student_dir in sorted(p for p in course.submitted.iterdir() if p.is_dir()):
        folder = student_dir / assignment
        if not folder.is_dir():
            continue
        for nb_name, source in sources.items():
            path = folder / nb_name
            data = path.read_bytes() if path.is_file() else None
            jobs.append(
                GradeJob(assignment, student_dir.name, nb_name, data, source, files, limits)
            )
        for extra in sorted(folder.iterdir()):
            if extra.name not in sources and extra.name != "timestamp.txt":
                rows.append(
                    FileRow(
                        str(extra.relative_to(course.root)),
                        "ignored",
                        "not a notebook of this assignment",
                        student_dir.name,
                    )
                )
    return jobs, rows


def _run_local(jobs: list[GradeJob], workers: int, on_done) -> list[SubmissionResult]:
    results: list[SubmissionResult] = []
    pending = list(jobs)
    attempts: Counter = Counter()
    ctx = multiprocessing.get_context("forkserver")
    while pending:
        broken: list[GradeJob] = []
        with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = {pool.submit(grade_job, job): job for job in pending}
            for fut in cf.as_completed(futures):
                job = futures[fut]
                try:
                    res = fut.result()
                except Exception as err:  # noqa: BLE001 - a dead worker must not stop the class
                    attempts[id(job)] += 1
                    if attempts[id(job)] < 2:
                        broken.append(job)
                        continue
                    res = _grader_error(job, f"the grading worker crashed: {type(err).__name__}")
                results.append(res)
                on_done(res)
        pending = broken
    return results


def _run_dask(jobs: list[GradeJob], address: str, on_done) -> list[SubmissionResult]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise SystemExit(
            "grading on a Dask cluster needs dask and distributed, which are an extra: "
            'pip install -e ".[cluster]"'
        ) from None

    results = []
    with Client(address) as client:
        futures = client.map(grade_job, jobs, pure=False, retries=1)
        index = {f.key: job for f, job in zip(futures, jobs)}
        for fut in as_completed(futures):
            try:
                res = fut.result()
            except Exception as err:  # noqa: BLE001 - record and carry on
                res = _grader_error(index[fut.key], f"the Dask task failed: {type(err).__name__}")
            results.append(res)
            on_done(res)
    return results


def _grader_error(job: GradeJob, reason: str) -> SubmissionResult:
    tests = [c for c in C.read_source_cells(job.source) if c.kind == C.TEST]
    from course_grader.engine import TestResult

    return SubmissionResult(
        job.assignment,
        job.student_id,
        job.notebook,
        "grader_error",
        reason + " (rerun grade)",
        0.0,
        sum(t.points for t in tests),
        [TestResult(t.grade_id or "?", 0.0, t.points, "not_run", "✗ not graded") for t in tests],
    )


# --------------------------------------------------------------------------- the run


def grade_assignment(
    course: Course,
    assignment: str,
    *,
    workers: int = 0,
    limits: Limits | None = None,
    dask_address: str | None = None,
    progress: bool = True,
    write_feedback_html: bool = True,
) -> GradeRun:
    """Grade every collected submission of `assignment`; write gradebook, CSV and feedback."""
    started = time.monotonic()
    limits = limits or Limits()
    limits.hide = tuple(sorted(set(limits.hide) | set(private_paths(course))))
    workers = workers or os.cpu_count() or 1
    if not (course.release / assignment).is_dir():
        raise SystemExit(f"assignments/{assignment} does not exist: run `autodiff-course release`")
    sync_assignment(course, assignment)
    jobs, rows = make_jobs(course, assignment, limits)
    run = GradeRun(assignment, workers=workers if not dask_address else 0)
    sources = [
        json.loads(p.read_text(encoding="utf-8")) for p in course.source_notebooks(assignment)
    ]
    run.test_ids = [c.grade_id for s in sources for c in C.read_source_cells(s) if c.kind == C.TEST]
    run.max_score = sum(
        c.points for s in sources for c in C.read_source_cells(s) if c.kind == C.TEST
    )

    bar = None
    if progress and jobs:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), desc=f"grading {assignment}", unit="nb")

    def on_done(res: SubmissionResult) -> None:
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(f"{res.student_id}: {res.score:g}/{res.max_score:g}")

    try:
        if dask_address:
            results = _run_dask(jobs, dask_address, on_done)
        elif workers == 1:
            results = []
            for job in jobs:
                res = grade_job(job)
                results.append(res)
                on_done(res)
        else:
            results = _run_local(jobs, workers, on_done)
    finally:
        if bar is not None:
            bar.close()
    run.results = sorted(results, key=lambda r: (r.student_id, r.notebook))

    collect_report = load_report(course, assignment)
    unsorted = load_report(course, "_unsorted")
    roster = Roster()
    for sid, (last, first) in known_students(course).items():
        roster.names[sid] = (last, first)
    for c in collect_report.collected:
        roster.names[c.student_id] = (c.last_name, c.first_name)
        roster.timestamps[c.student_id] = c.timestamp
        roster.files[c.student_id] = c.file
        if c.late:
            roster.late[c.student_id] = c.late
    for p in collect_report.problems + unsorted.problems:
        rows.append(FileRow(p.file, p.status, p.reason, p.student_id, p.last_name, p.first_name))
    graded_ids = {r.student_id for r in results}
    for sid, (last, first) in sorted(roster.names.items()):
        if sid not in graded_ids:  # known from earlier assignments, nothing collected for this one
            rows.append(FileRow("", "missing", "no submission collected", sid, last, first))
    run.extra_rows = rows

    write_gradebook(course, assignment, run.results, roster)
    release_nbs = {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in course.released_notebooks(assignment)
    }
    for res in run.results:
        if res.cells:
            write_autograded(course, res, release_nbs.get(res.notebook, {}))
        if write_feedback_html:
            last, first = roster.names.get(res.student_id, ("", ""))
            write_feedback(course.feedback, res, f"{first} {last}".strip())
    run.feedback_dir = course.feedback if write_feedback_html else None
    run.csv_path = write_csv(
        course.grades / f"{assignment}.csv", assignment, run.results, rows, roster, run.test_ids
    )
    run.seconds = time.monotonic() - started
    (course.grades / f"{assignment}.summary.json").write_text(json.dumps(run.summary(), indent=1))
    return run
