"""`grade`: autograde every collected submission of an assignment, in parallel, sandboxed.

Each submission becomes a `GradeJob` graded by `engine.grade_job` in a worker process (one
kernel per notebook, in its own sandbox; `workers.py`) or on a Dask cluster. Only this process
writes results, and it writes each submission's as soon as it is graded: nbgrader's gradebook,
`autograded/`, per-learner HTML in `feedback/`, the CSV in `grades/` (rewritten each time) and
`grades/.results/` (what lets an interrupted run resume), then a JSON summary at the end.

One learner's notebook never stops the class: the door (`intake.py`) refuses or repairs a
malformed file, an unexpected exception becomes that submission's `grader_error` row, and a
submission that overruns its time budget is stopped from outside by the parent
(`workers.py`) and gets a `budget_exceeded` row with the tests it reached. A run of n
submissions on w workers takes at most `bounds.run_bound(n, w, budget)` =
ceil(n / w) x (budget + GRACE + KILL_AFTER) seconds of grading.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from course_grader import cells as C
from course_grader.collect import load_report
from course_grader.course import Course
from course_grader.engine import GradeJob, GradingPolicy, SubmissionResult, grade_job
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
from course_grader.intake import clean_tree
from course_grader.sandbox import Limits
from course_grader.workers import cut_short, run_pool


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
    resumed: int = 0  # submissions whose result an earlier run had already written

    def summary(self) -> dict:
        graded = [r for r in self.results if r.status == "graded"]
        scores = [
            r.score for r in self.results if r.status in ("graded", "invalid", "budget_exceeded")
        ]
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
            "kept_from_earlier_run": self.resumed,
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
        if self.resumed:
            lines.append(
                f"  {self.resumed} submission(s) kept as graded by an earlier run "
                "(unchanged files; use --regrade to grade them again)"
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
    course: Course, assignment: str, limits: Limits, policy: GradingPolicy | None = None
) -> tuple[list[GradeJob], list[FileRow]]:
    """One job per collected notebook; anything unexpected in submitted/ becomes a FileRow.

    Jobs carry the submission's path, not its bytes: each file is read (at most the size the
    door accepts, plus one byte) only when its job is handed to a worker."""
    policy = policy or GradingPolicy()
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
    texts = translated_texts(course, assignment, list(sources))
    jobs, rows = [], []
    if not course.submitted.is_dir():
        return jobs, rows
    for student_dir in sorted(p for p in course.submitted.iterdir() if p.is_dir()):
        folder = student_dir / assignment
        if not folder.is_dir():
            continue
        for nb_name, source in sources.items():
            path = folder / nb_name
            jobs.append(
                GradeJob(
                    assignment,
                    student_dir.name,
                    nb_name,
                    None,
                    source,
                    files,
                    limits,
                    policy,
                    submission_path=str(path) if path.is_file() else "",
                    texts=texts.get(nb_name, {}),
                )
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


def _run_dask(jobs: list[GradeJob], address: str, on_done) -> list[SubmissionResult]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise SystemExit(
            "grading on a Dask cluster needs dask and distributed, which are an extra: "
            'pip install -e ".[cluster]"'
        ) from None

    results = []
    jobs = [load_submission(job) for job in jobs]  # the cluster may not share this disk
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
    return cut_short(job, [], "grader_error", reason + " (rerun grade)")


# --------------------------------------------------------------------------- results


def file_digest(path: str) -> str:
    if not path:
        return "missing"
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_CODE_DIGEST: str | None = None


def grader_code_digest() -> str:
    """A digest of the code that decides a grade: the grader and course_lib (whose checks and
    tools the tests use). Part of what a stored result is reused for."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        import course_lib

        h = hashlib.sha256()
        for package in (Path(__file__).parent, Path(course_lib.__file__).parent):
            for path in sorted(package.rglob("*.py")):
                h.update(str(path.relative_to(package.parent)).encode() + b"\0")
                h.update(path.read_bytes())
        _CODE_DIGEST = h.hexdigest()
    return _CODE_DIGEST


def _source_digest(job: GradeJob) -> str:
    """How a submission is graded: the instructor's source, the released data files, the
    limits and the grader's own code. A result is kept only while all of them are the same."""
    how = {
        "source": job.source,
        "files": {str(k): hashlib.sha256(v).hexdigest() for k, v in sorted(job.files.items())},
        # what the kernel may use; not the fallback's list of paths to hide, which follows the
        # course copies lying on the machine
        "limits": {k: v for k, v in dataclasses.asdict(job.limits).items() if k != "hide"},
        "policy": dataclasses.asdict(job.policy),
        "code": grader_code_digest(),
    }
    return hashlib.sha256(json.dumps(how, sort_keys=True, default=str).encode()).hexdigest()


class ResultStore:
    """One JSON file per graded notebook under grades/.results/: what lets `grade` resume.

    A stored result is reused when the submitted file is byte for byte the one it was graded
    from, and so is how it was graded (the instructor's source, released data files, limits
    such as --timeout, and the grader's code: a grader fixed since, or a longer time limit,
    grades again), and it is not a grader error (those are always rerun)."""

    def __init__(self, course: Course, assignment: str):
        self.root = course.grades / ".results" / assignment

    def path(self, student_id: str, notebook: str) -> Path:
        return self.root / student_id / (notebook + ".json")

    def load(self, job: GradeJob, digest: str) -> SubmissionResult | None:
        path = self.path(job.student_id, job.notebook)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data["digest"] != digest or data["source"] != _source_digest(job):
                return None
            res = SubmissionResult.from_dict(data["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return None if res.status == "grader_error" else res

    def save(self, job: GradeJob, digest: str, res: SubmissionResult) -> None:
        path = self.path(res.student_id, res.notebook)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"digest": digest, "source": _source_digest(job), "result": res.to_dict()}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(clean_tree(data)), encoding="utf-8")
        os.replace(tmp, path)


class ResultWriter:
    """Writes each submission's result as soon as it is graded: the stored JSON, nbgrader's
    gradebook, autograded/ and feedback/, and the CSV (rewritten with every row so far). An
    interrupted run therefore loses nothing already graded. A failure writing one submission's
    files is recorded in its row and does not stop the others."""

    def __init__(self, course, assignment, roster, rows, test_ids, feedback_html, digests):
        self.course, self.assignment, self.roster = course, assignment, roster
        self.rows, self.test_ids, self.feedback_html = rows, test_ids, feedback_html
        self.digests = digests
        self.store = ResultStore(course, assignment)
        self.results: dict[tuple[str, str], SubmissionResult] = {}
        self.release_nbs = {
            p.name: json.loads(p.read_text(encoding="utf-8"))
            for p in course.released_notebooks(assignment)
        }
        self.csv_path = course.grades / f"{assignment}.csv"
        self.gradebook = None  # opened on first use, kept open for the run (see close)

    def close(self) -> None:
        if self.gradebook is not None:
            with contextlib.suppress(Exception):
                self.gradebook.close()
            self.gradebook = None

    def _write_gradebook(self, res: SubmissionResult) -> None:
        if self.gradebook is None:
            from course_grader.gradebook import _gradebook

            self.gradebook = _gradebook(self.course)
        try:
            write_gradebook(self.course, self.assignment, [res], self.roster,
                            gradebook=self.gradebook)
        except Exception:
            self.close()  # a broken session is not reused
            raise

    def keep(self, res: SubmissionResult) -> None:
        """A result from an earlier run: part of the CSV, nothing rewritten."""
        self.results[(res.student_id, res.notebook)] = res

    def write(self, job: GradeJob, res: SubmissionResult) -> None:
        problems = []
        steps = [
            ("gradebook", lambda: self._write_gradebook(res)),
            ("autograded notebook", lambda: res.cells and write_autograded(
                self.course, res, self.release_nbs.get(res.notebook, {}))),
        ]
        if self.feedback_html:
            last, first = self.roster.names.get(res.student_id, ("", ""))
            steps.append(("feedback", lambda: write_feedback(
                self.course.feedback, res, f"{first} {last}".strip())))
        for what, step in steps:
            try:
                step()
            except Exception as err:  # noqa: BLE001 - one learner's files never stop the class
                problems.append(f"writing the {what} failed ({type(err).__name__}: {err})"[:300])
        if problems:
            res.reason = "; ".join([res.reason, *problems])
        self.store.save(job, self.digests.get(id(job), ""), res)
        self.results[(res.student_id, res.notebook)] = res
        self.write_csv()

    def write_csv(self) -> Path:
        return write_csv(
            self.csv_path,
            self.assignment,
            sorted(self.results.values(), key=lambda r: (r.student_id, r.notebook)),
            self.rows,
            self.roster,
            self.test_ids,
        )


def load_submission(job: GradeJob) -> GradeJob:
    """The job with the submitted file's bytes (read up to what the door accepts + 1 byte)."""
    if job.submission is not None or not job.submission_path:
        return job
    limit = job.policy.intake.max_file_bytes + 1
    with open(job.submission_path, "rb") as fh:
        data = fh.read(limit)
    return dataclasses.replace(job, submission=data)


# --------------------------------------------------------------------------- the run


def _roster(course: Course, assignment: str, rows: list) -> Roster:
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
    return roster


def grade_assignment(
    course: Course,
    assignment: str,
    *,
    workers: int = 0,
    limits: Limits | None = None,
    policy: GradingPolicy | None = None,
    dask_address: str | None = None,
    progress: bool = True,
    write_feedback_html: bool = True,
    regrade: bool = False,
    students: list[str] | None = None,
) -> GradeRun:
    """Grade every collected submission of `assignment`; write gradebook, CSV and feedback as
    each one finishes.

    Submissions graded by an earlier run from the same file are kept as they are (a run that was
    interrupted resumes where it stopped) unless `regrade`; `students` limits the run to these
    student ids (their submissions are always regraded)."""
    started = time.monotonic()
    limits = limits or Limits()
    policy = policy or GradingPolicy()
    limits.hide = tuple(sorted(set(limits.hide) | set(private_paths(course))))
    workers = workers or os.cpu_count() or 1
    if not (course.release / assignment).is_dir():
        raise SystemExit(f"assignments/{assignment} does not exist: run `autodiff-course release`")
    sync_assignment(course, assignment)
    jobs, rows = make_jobs(course, assignment, limits, policy)
    if students:
        known = {j.student_id for j in jobs}
        unknown = sorted(set(students) - known)
        if unknown:
            raise SystemExit(
                f"no collected submission of {assignment} for student(s) {', '.join(unknown)}: "
                "check the id (see submitted/) or run collect first"
            )
    run = GradeRun(assignment, workers=workers if not dask_address else 0)
    sources = [
        json.loads(p.read_text(encoding="utf-8")) for p in course.source_notebooks(assignment)
    ]
    run.test_ids = [c.grade_id for s in sources for c in C.read_source_cells(s) if c.kind == C.TEST]
    run.max_score = sum(
        c.points for s in sources for c in C.read_source_cells(s) if c.kind == C.TEST
    )
    roster = _roster(course, assignment, rows)
    graded_ids = {j.student_id for j in jobs}
    for sid, (last, first) in sorted(roster.names.items()):
        if sid not in graded_ids:  # known from earlier assignments, nothing collected for this one
            rows.append(FileRow("", "missing", "no submission collected", sid, last, first))
    run.extra_rows = rows

    digests = {id(j): file_digest(j.submission_path) for j in jobs}
    writer = ResultWriter(course, assignment, roster, rows, run.test_ids, write_feedback_html,
                          digests)
    todo = []
    for job in jobs:
        chosen = not students or job.student_id in students
        if chosen and (regrade or students):
            todo.append(job)  # asked for: graded again whatever an earlier run stored
            continue
        old = writer.store.load(job, digests[id(job)])
        if old is not None:
            writer.keep(old)  # graded by an earlier run from this very file: resume
        elif chosen:
            todo.append(job)
    run.resumed = len(jobs) - len(todo)
    writer.write_csv()

    bar = None
    if progress and todo:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), desc=f"grading {assignment}", unit="nb")
    by_key = {(j.student_id, j.notebook): j for j in todo}

    def on_done(res: SubmissionResult) -> None:
        writer.write(by_key[(res.student_id, res.notebook)], res)
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(f"{res.student_id}: {res.score:g}/{res.max_score:g}")

    try:
        if dask_address:
            _run_dask(todo, dask_address, on_done)
        else:
            run_pool(todo, workers, on_done)
    finally:
        writer.close()
        if bar is not None:
            bar.close()
    run.results = sorted(writer.results.values(), key=lambda r: (r.student_id, r.notebook))
    run.feedback_dir = course.feedback if write_feedback_html else None
    run.csv_path = writer.write_csv()
    run.seconds = time.monotonic() - started
    (course.grades / f"{assignment}.summary.json").write_text(json.dumps(run.summary(), indent=1))
    return run


def translated_texts(course, assignment: str, notebooks: list[str]) -> dict:
    """{notebook: {lang: {grade_id: task text}}} from the translated releases
    (`assignments/<lang>/<assignment>/`), so a learner's feedback shows the text they read."""
    import nbformat

    from course_lib.i18n import LANGUAGES

    found: dict = {}
    for lang in LANGUAGES:
        for name in notebooks:
            path = course.release / lang / assignment / name
            if not path.is_file():
                continue
            nb = nbformat.read(str(path), as_version=4)
            found.setdefault(name, {})[lang] = {
                C.grade_id(c): c.source for c in nb.cells
                if c.cell_type == "markdown" and C.grade_id(c)
            }
    return found
