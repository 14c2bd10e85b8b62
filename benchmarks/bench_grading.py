"""Grading throughput: our parallel, sandboxed `grade` vs serial stock `nbgrader autograde`.

Builds a class of N students (default 100) for every assignment in solutions/ (a mix of
perfect, partial and unanswered notebooks), grades it once with `grade_assignment` (N workers,
default: all cores) and once with `nbgrader autograde` (serial, nbgrader's own executor, in a
separate copy of the course), in the same run, and reports seconds per submission and the
speed-up. Run by hand (it takes a while):

    python benchmarks/bench_grading.py                  # 100 students x 4 assignments
    python benchmarks/bench_grading.py --students 10 --json /tmp/bench.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course_grader.course import Course, repo_root
from course_grader.demo import make_demo_course
from course_grader.grade import grade_assignment
from course_grader.release import release
from course_grader.sample_class import AssignmentTexts
from course_grader.sandbox import Limits


def build_course(root: Path, assignments: list[str], students: int) -> Course:
    course = make_demo_course(root, assignments)
    release(course, assignments, db_url=course.db_url)
    for name in assignments:
        texts = AssignmentTexts.load(course, name)
        ids = sorted(texts.solutions)
        nb_name = course.released_notebooks(name)[0].name
        for i in range(students):
            kind = i % 10
            if kind < 5:
                nb = texts.notebook()  # perfect
            elif kind < 8:
                nb = texts.notebook(solved=set(ids[: len(ids) // 2]))  # partial
            else:
                nb = texts.notebook(solved=set())  # unanswered
            folder = course.submitted / f"s{i:04d}" / name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / nb_name).write_text(json.dumps(nb))
    return course


def run_ours(course: Course, assignments: list[str], workers: int) -> dict:
    started = time.monotonic()
    per = {}
    for name in assignments:
        run = grade_assignment(course, name, workers=workers, limits=Limits(), progress=True)
        s = run.summary()
        per[name] = {"submissions": s["submissions"], "seconds": s["seconds"], "mean": s["mean"]}
    return {"seconds": time.monotonic() - started, "per_assignment": per}


def run_nbgrader(course: Course, assignments: list[str]) -> dict:
    bindir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bindir}:{os.environ.get('PATH', '')}")
    started = time.monotonic()
    per = {}
    for name in assignments:
        t0 = time.monotonic()
        proc = subprocess.run([str(bindir / "nbgrader"), "autograde", name, "--force"],
                              cwd=course.root, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
        per[name] = {"seconds": time.monotonic() - t0, "returncode": proc.returncode}
    return {"seconds": time.monotonic() - started, "per_assignment": per}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--assignments", nargs="*", default=None)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--json", default="benchmarks/results/grading.json")
    args = parser.parse_args(argv)

    names = args.assignments or Course(repo_root()).assignment_names()
    n_subs = args.students * len(names)
    result: dict = {"students": args.students, "assignments": names, "submissions": n_subs,
                    "workers": args.workers, "cpus": os.cpu_count(),
                    "python": platform.python_version(), "machine": platform.machine(),
                    "root": os.geteuid() == 0}
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        print(f"building {args.students} students x {len(names)} assignments ...")
        ours_course = build_course(Path(tmp) / "ours", names, args.students)
        if not args.skip_nbgrader:
            stock_course = Path(tmp) / "stock"
            shutil.copytree(ours_course.root, stock_course)
        print(f"grading with `grade` ({args.workers} workers, sandboxed) ...")
        result["grade"] = run_ours(ours_course, names, args.workers)
        if not args.skip_nbgrader:
            print("grading with serial `nbgrader autograde` ...")
            result["nbgrader_autograde"] = run_nbgrader(Course(stock_course), names)

    rows = [("grade (parallel, sandboxed)", result["grade"]["seconds"])]
    if "nbgrader_autograde" in result:
        rows.append(("nbgrader autograde (serial)", result["nbgrader_autograde"]["seconds"]))
    print(f"\n{n_subs} submissions ({args.students} students x {len(names)} assignments), "
          f"{args.workers} workers on {os.cpu_count()} CPUs")
    print(f"{'method':32s} {'seconds':>9s} {'s/submission':>13s} {'speed-up':>9s}")
    base = rows[-1][1]
    for label, secs in rows:
        print(f"{label:32s} {secs:9.1f} {secs / n_subs:13.3f} {base / secs:8.2f}x")
    result["seconds_per_submission"] = {label: secs / n_subs for label, secs in rows}
    if "nbgrader_autograde" in result:
        result["speedup_vs_nbgrader"] = base / result["grade"]["seconds"]
    Path(args.json).write_text(json.dumps(result, indent=1))
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
