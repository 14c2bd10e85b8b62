"""The `autodiff-course` command: one sub-command per job a learner or instructor runs.

`check` and `lab` are the learner's; release, lint, selfcheck, collect, grade and demo are the
instructor's. Each is a thin wrapper over a module that does the work."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _course(args):
    from course_grader.course import Course

    return Course.at(getattr(args, "course_dir", None))


def _add_course_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--course-dir",
        metavar="DIR",
        help="the course directory (default: nearest one holding nbgrader_config.py)",
    )


def _names(course, given: list[str]) -> list[str]:
    return [course.resolve_assignment(n) for n in given] or course.assignment_names()


# --------------------------------------------------------------------------- build / release / lint


def _cmd_build(args) -> int:
    from course_grader.authoring import SourceError, build_course

    course = _course(args)
    try:
        changed = build_course(course.root, check=args.check)
    except SourceError as err:
        print(f"content source error: {err}", file=sys.stderr)
        return 1
    for path in changed:
        verb = "stale" if args.check else "built"
        print(f"{verb} {path.relative_to(course.root)}")
    if args.check and changed:
        print("run `autodiff-course build` to regenerate them", file=sys.stderr)
        return 1
    if not changed:
        print("every notebook is up to date with content/")
    return 0


def _cmd_release(args) -> int:
    from course_grader.release import ReleaseError, release

    course = _course(args)
    try:
        out = release(course, _names(course, args.assignments))
    except ReleaseError as err:
        print(err, file=sys.stderr)
        return 1
    for path in out:
        print(f"released {path.relative_to(course.root)}")
    return 0


def _cmd_lint(args) -> int:
    from course_grader.lint import lint_notebook

    course = _course(args)
    bad = 0
    for name in _names(course, args.assignments):
        for nb in course.source_notebooks(name):
            problems = lint_notebook(nb)
            print(f"{nb.relative_to(course.root)}: {'OK' if not problems else 'PROBLEMS'}")
            for p in problems:
                print(f"  ✗ {p}")
            bad += bool(problems)
    return 1 if bad else 0


def _cmd_selfcheck(args) -> int:
    from course_grader.selfcheck import format_report, selfcheck

    course = _course(args)
    ok = True
    for name in _names(course, args.assignments):
        reports = selfcheck(course, name)
        print(format_report(reports))
        ok = ok and all(r.ok for r in reports)
    return 0 if ok else 1


# --------------------------------------------------------------------------- collect / grade


def _cmd_collect(args) -> int:
    from course_grader.collect import collect, format_collect_report

    course = _course(args)
    assignment = course.resolve_assignment(args.assignment) if args.assignment else None
    report = collect(
        course, Path(args.path), assignment=assignment, pattern=args.pattern, due=args.due,
        lms=args.lms,
    )
    print(format_collect_report(report))
    return 0


def _cmd_grade(args) -> int:
    from course_grader.grade import grade_assignment
    from course_grader.sandbox import Limits

    course = _course(args)
    limits = Limits(
        cell_timeout=args.timeout, memory_mb=args.memory_mb, submission_budget=args.budget
    )
    names = _names(course, args.assignments)
    for name in names:
        run = grade_assignment(
            course,
            name,
            workers=args.workers,
            limits=limits,
            dask_address=args.dask,
            progress=not args.quiet,
            regrade=args.regrade,
            students=args.student or None,
        )
        print(run.summary_text())
    return 0


def _cmd_demo(args) -> int:
    from course_grader.demo import run_demo

    return run_demo(workers=args.workers, keep=args.dir, assignments=args.assignments)


def _cmd_lab(args) -> int:
    from course_grader.lab import LabError, lab_plan

    course = _course(args)
    try:
        plan = lab_plan(course.root, instructor=args.instructor, lang=args.lang, port=args.port,
                        no_browser=args.no_browser)
    except LabError as err:
        print(f"autodiff-course lab: {err}", file=sys.stderr)
        return 1
    if args.dry_run:
        print(plan.describe())
        return 0
    try:
        return plan.run()
    except LabError as err:
        print(f"autodiff-course lab: {err}", file=sys.stderr)
        return 1


def _cmd_check(args) -> int:
    from course_lib.seeds import run_all

    return 0 if run_all(verbose=True) else 1


# --------------------------------------------------------------------------- wiring


def build_parser() -> argparse.ArgumentParser:
    from course_lib import __version__

    parser = argparse.ArgumentParser(
        prog="autodiff-course",
        description="Derivatives and automatic differentiation: the course's command line.",
    )
    parser.add_argument("--version", action="version", version=f"autodiff-course {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check", help="run every code example from the seed texts and print it")
    check.set_defaults(func=_cmd_check)
    add_subcommands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


def add_subcommands(sub) -> None:
    """Register the grading and lab commands on the `autodiff-course` parser's sub-parsers."""
    p = sub.add_parser(
        "build", help="generate notebooks/ and solutions/ from the text sources in content/"
    )
    p.add_argument("--check", action="store_true", help="write nothing; fail if any is stale")
    _add_course_dir(p)
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("release", help="regenerate assignments/ from solutions/ (nbgrader)")
    p.add_argument("assignments", nargs="*", help="names or tags (a1); default: all")
    _add_course_dir(p)
    p.set_defaults(func=_cmd_release)

    p = sub.add_parser("lint", help="check assignment sources against the grading contract")
    p.add_argument("assignments", nargs="*")
    _add_course_dir(p)
    p.set_defaults(func=_cmd_lint)

    p = sub.add_parser(
        "selfcheck", help="grade each solution (must be full marks) and stub (must be 0)"
    )
    p.add_argument("assignments", nargs="*")
    _add_course_dir(p)
    p.set_defaults(func=_cmd_selfcheck)

    p = sub.add_parser("collect", help="import submissions from a folder or zip (LMS export)")
    p.add_argument("path", help="folder, .zip, or an nbgrader submitted/ tree")
    p.add_argument("--assignment", help="assignment these files are for (default: from names)")
    p.add_argument(
        "--pattern",
        help="regex on the file's base name with a group student_id, and optionally "
        "last, first, name, late, attempt, file, assignment",
    )
    p.add_argument(
        "--lms",
        choices=["auto", "canvas", "moodle", "blackboard", "generic"],
        default="auto",
        help="how the LMS names files (default: detected from the export)",
    )
    p.add_argument("--due", help="due date, ISO format (e.g. 2025-03-01T23:59); later = late")
    _add_course_dir(p)
    p.set_defaults(func=_cmd_collect)

    from course_grader.bounds import GRACE, KILL_AFTER

    p = sub.add_parser(
        "grade",
        help="autograde collected submissions in parallel, sandboxed",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Grade every collected submission of the assignments, writing each result (CSV\n"
            "row, gradebook, autograded/ and feedback/) as soon as it is graded. A rerun\n"
            "resumes: submissions already graded from the same file, the same way (same\n"
            "source, limits and grader version), are kept unless --regrade (or --student)\n"
            "is given.\n\n"
            "How long a run can take: each submission has a wall-clock budget (--budget)\n"
            "for all its cells, tests, kernel restarts and replays. The grader stops a\n"
            f"submission from outside {GRACE:g} s after its budget and kills it\n"
            f"{KILL_AFTER:g} s later, so n submissions on w workers take at most\n"
            f"  ceil(n / w) x (budget + {GRACE + KILL_AFTER:g} s)\n"
            "plus start-up and writing (a few seconds). Example: 80 submissions, 2 workers,\n"
            f"--budget 300: at most 40 x {300 + GRACE + KILL_AFTER:g} s = "
            f"{40 * (300 + GRACE + KILL_AFTER) / 3600:.1f} h; a typical class takes ~1 s per\n"
            "submission per worker."
        ),
    )
    p.add_argument("assignments", nargs="*")
    p.add_argument("--workers", type=int, default=0, help="parallel kernels (default: all cores)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per cell (default 30)")
    p.add_argument(
        "--budget",
        type=float,
        default=300.0,
        help="wall-clock seconds for one whole submission (default 300)",
    )
    p.add_argument("--memory-mb", type=int, default=2048, help="memory per kernel (default 2048)")
    p.add_argument(
        "--regrade", action="store_true", help="grade again what an earlier run already graded"
    )
    p.add_argument(
        "--student",
        action="append",
        metavar="ID",
        help="grade (again) only this student's submission; repeat for several",
    )
    p.add_argument("--dask", metavar="ADDRESS", help="send the work to this Dask scheduler")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_course_dir(p)
    p.set_defaults(func=_cmd_grade)

    p = sub.add_parser("demo", help="release + grade a bundled sample class in a temp directory")
    p.add_argument("--workers", type=int, default=0)
    p.add_argument("--dir", help="use (and keep) this directory instead of a temporary one")
    p.add_argument(
        "--assignments", nargs="*", default=None, help="assignments to grade (default: a1)"
    )
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser(
        "lab", help="open the course in JupyterLab as a learner (lessons and assignments only)"
    )
    p.add_argument(
        "--instructor", action="store_true",
        help="the instructor's view instead: the whole course and every nbgrader tool",
    )
    p.add_argument("--lang", choices=("en", "zh"), default="en",
                   help="edition of the lessons: en (notebooks/) or zh (notebooks/zh/)")
    p.add_argument("--no-browser", action="store_true")
    p.add_argument("--port", type=int)
    p.add_argument("--dry-run", action="store_true", help="print the command instead")
    _add_course_dir(p)
    p.set_defaults(func=_cmd_lab)


if __name__ == "__main__":
    sys.exit(main())
