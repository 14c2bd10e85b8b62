"""`selfcheck`: does an assignment grade the way its author means?

Grades the source notebook itself as a submission (every solution in place: must get full
marks) and the released stub (nothing answered: must get zero), with the real grader. Catches
tests that are wrong, too strict, or that pass without an answer.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from course_grader.course import Course
from course_grader.engine import GradeJob, SubmissionResult, grade_job
from course_grader.lint import lint_notebook
from course_grader.release import release
from course_grader.sandbox import Limits


@dataclass
class SelfCheck:
    assignment: str
    notebook: str
    problems: list[str]
    perfect: SubmissionResult | None = None
    stub: SubmissionResult | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def released_files(release_dir: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(release_dir.iterdir())
        if p.is_file() and p.suffix != ".ipynb"
    }


def selfcheck(course: Course, assignment: str, limits: Limits | None = None) -> list[SelfCheck]:
    limits = limits or Limits()
    reports = []
    with tempfile.TemporaryDirectory(prefix="selfcheck-") as tmp:
        problems_by_nb = {p.name: lint_notebook(p) for p in course.source_notebooks(assignment)}
        if any(problems_by_nb.values()):
            return [
                SelfCheck(assignment, nb, [f"lint: {p}" for p in probs])
                for nb, probs in problems_by_nb.items()
            ]
        # the English release first; a translated one (assignments/zh/...) follows it
        out = release(course, [assignment], out_root=Path(tmp))[0]
        files = released_files(out)
        for src_path in course.source_notebooks(assignment):
            source = json.loads(src_path.read_text(encoding="utf-8"))
            stub_bytes = (out / src_path.name).read_bytes()
            report = SelfCheck(assignment, src_path.name, [])
            for label, raw in [("solution", src_path.read_bytes()), ("stub", stub_bytes)]:
                job = GradeJob(
                    assignment, f"selfcheck-{label}", src_path.name, raw, source, files, limits
                )
                res = grade_job(job)
                if label == "solution":
                    report.perfect = res
                    for t in res.tests:
                        if t.points < t.max_points:
                            report.problems.append(
                                f"solution loses {t.max_points - t.points:g} points on "
                                f"{t.grade_id}: {t.message.strip()}"
                            )
                else:
                    report.stub = res
                    for t in res.tests:
                        if t.points > 0:
                            report.problems.append(
                                f"the unanswered stub earns {t.points:g} points on {t.grade_id}"
                            )
                if res.status != "graded":
                    report.problems.append(f"{label}: {res.status}: {res.reason}")
            reports.append(report)
    return reports


def format_report(reports: list[SelfCheck]) -> str:
    lines = []
    for r in reports:
        lines.append(f"{r.assignment}/{r.notebook}: {'OK' if r.ok else 'PROBLEMS'}")
        if r.perfect and r.stub:
            lines.append(f"  {'test':30s} {'solution':>10s} {'stub':>8s}")
            for good, bad in zip(r.perfect.tests, r.stub.tests):
                row = f"  {good.grade_id:30s} {good.points:>5g}/{good.max_points:<4g}"
                lines.append(f"{row} {bad.points:>8g}")
            lines.append(
                f"  {'total':30s} {r.perfect.score:>5g}/{r.perfect.max_score:<4g} "
                f"{r.stub.score:>8g}   ({r.perfect.seconds:.1f} s to grade the solution)"
            )
        lines.extend(f"  ✗ {p}" for p in r.problems)
    return "\n".join(lines)
