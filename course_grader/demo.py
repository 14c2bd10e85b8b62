"""`demo`: the whole instructor workflow on a bundled sample class, in a fresh directory.

Copies the assignment sources into a temporary course, releases them, writes a dozen
generated submissions as an LMS zip export (perfect, partial, wrong, broken and hostile
learners, plus a late resubmission and a file nobody can match), collects, grades in
parallel in the sandbox, and prints the gradebook and where the feedback is.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from course_grader.collect import collect, format_collect_report
from course_grader.course import Course, repo_root
from course_grader.grade import grade_assignment
from course_grader.release import release
from course_grader.sample_class import DEMO_NAMES, demo_class, demo_labels
from course_grader.sandbox import Limits

DEMO_CELL_TIMEOUT = 10.0  # seconds; shorter than the course default (30) to keep the demo quick


def make_demo_course(root: Path, assignments: list[str], *, released: bool = False) -> Course:
    """A fresh course directory holding the repository's sources for `assignments` (and, with
    `released`, their committed learner release) — for the demo, tests and benchmarks."""
    src = Course(repo_root())
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src.root / "nbgrader_config.py", root / "nbgrader_config.py")
    for name in assignments:
        shutil.copytree(src.solutions / name, root / "solutions" / name)
        if released:
            shutil.copytree(src.release / name, root / "assignments" / name)
    return Course(root.resolve())


def print_gradebook(csv_path: Path) -> None:
    with open(csv_path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    print(f"\n{'student':>8s}  {'name':18s} {'status':16s} {'score':>7s}  reason")
    for r in rows:
        name = f"{r['first_name']} {r['last_name']}".strip() or "-"
        score = f"{r['score']}/{r['max_score']}" if r["score"] else ""
        reason = r["reason"]
        if r.get("late"):
            reason = f"[{r['late']}] {reason}"
        print(
            f"{r['student_id'] or '-':>8s}  {name[:18]:18s} {r['status'][:16]:16s} {score:>7s}"
            f"  {reason[:90]}"
        )


def run_demo(
    workers: int = 0,
    keep: str | None = None,
    assignments: list[str] | None = None,
    limits: Limits | None = None,
) -> int:
    started = time.monotonic()
    names = assignments or ["a1_derivatives"]
    root = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="autodiff-course-demo-"))
    course = make_demo_course(
        root / "course", [Course(repo_root()).resolve_assignment(n) for n in names]
    )
    names = course.assignment_names()
    print(f"demo course: {course.root}")
    release(course, names)
    print(f"released: {', '.join(names)}  ({time.monotonic() - started:.1f} s)")
    export = root / "lms_export.zip"
    with zipfile.ZipFile(export, "w") as zf:
        for name in names:
            for filename, data in demo_class(course, name).items():
                zf.writestr(filename, data)
    print(f"sample class (LMS export): {export}")
    for i, ((last, first), label) in enumerate(zip(DEMO_NAMES, demo_labels())):
        print(f"  {1001 + i}  {first} {last}: {label}")
    print("  + an older duplicate of 1002 and a file named final_version_REALLY_final.ipynb")
    limits = limits or Limits(cell_timeout=DEMO_CELL_TIMEOUT)
    for name in names:
        report = collect(course, export, assignment=name, due="2030-01-01T00:00")
        print(format_collect_report(report))
        run = grade_assignment(course, name, workers=workers, limits=limits)
        print_gradebook(run.csv_path)
        print()
        print(run.summary_text())
    print(f"\nnbgrader gradebook: {course.db_path}  (try: cd {course.root} && nbgrader export)")
    print(f"demo finished in {time.monotonic() - started:.1f} s")
    return 0
