"""`collect`: import submissions from an LMS export (folder or zip) or an nbgrader tree.

Every file is accounted for: collected into nbgrader's `submitted/<student>/<assignment>/`
layout, or reported with a reason (unmatched name, wrong assignment, older duplicate, too
large). The report is saved beside the grades so `grade` lists these files in its CSV too.

File names are matched on their *base name* (not the whole path, nbgrader's zip_collect
pitfall) against patterns with named groups: `student_id` (required), and optionally `last`,
`first`, `name`, `late`, `attempt`, `file` (the name the learner gave the file).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from course_grader.course import Course, short_tag

DEFAULT_PATTERNS = [
    # lastname_firstname_12345_a1.ipynb   (optionally ..._LATE_12345_2_a1.ipynb)
    r"^(?P<last>[^\W\d_][\w'-]*?)_(?P<first>[^\W\d_][\w'-]*?)_(?:(?P<late>LATE)_)?"
    r"(?P<student_id>\d+)(?:_(?P<attempt>\d+))?_(?P<file>.+)$",
    # Canvas: lastnamefirstname_LATE_12345_67890_a1.ipynb
    r"^(?P<name>[^\W\d_][\w'-]*?)_(?:(?P<late>LATE)_)?(?P<student_id>\d+)_(?P<attempt>\d+)_"
    r"(?P<file>.+)$",
]
MAX_FILE_BYTES = 50 * 1024 * 1024
SAFE_ID = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


@dataclass
class Incoming:
    """One file found in the export."""

    origin: str  # path inside the folder or zip
    data: bytes | None
    timestamp: str  # ISO, from the zip entry or file mtime
    size: int


@dataclass
class Collected:
    student_id: str
    last_name: str
    first_name: str
    assignment: str
    file: str  # original file name
    timestamp: str
    late: str = ""
    attempt: int = 0


@dataclass
class Problem:
    file: str
    status: str  # unmatched | wrong_assignment | duplicate | too_large | ignored
    reason: str
    student_id: str = ""
    last_name: str = ""
    first_name: str = ""


@dataclass
class CollectReport:
    collected: list = field(default_factory=list)
    problems: list = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def _read_export(path: Path) -> list[Incoming]:
    items = []
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.is_dir() or "__MACOSX" in info.filename:
                    continue
                stamp = dt.datetime(*info.date_time).isoformat()
                data = None
                if info.file_size <= MAX_FILE_BYTES:
                    with zf.open(info) as fh:
                        data = fh.read(MAX_FILE_BYTES + 1)
                items.append(Incoming(info.filename, data, stamp, info.file_size))
        return items
    if path.is_file():
        paths = [path]
        base = path.parent
    elif path.is_dir():
        paths = sorted(p for p in path.rglob("*") if p.is_file())
        base = path
    else:
        raise FileNotFoundError(f"nothing to collect at {path}")
    for p in paths:
        if any(part.startswith(".") for part in p.relative_to(base).parts):
            continue
        size = p.stat().st_size
        stamp = dt.datetime.fromtimestamp(p.stat().st_mtime).isoformat(timespec="seconds")
        data = p.read_bytes() if size <= MAX_FILE_BYTES else None
        items.append(Incoming(str(p.relative_to(base)), data, stamp, size))
    return items


def _is_nbgrader_tree(path: Path, assignments: list[str]) -> bool:
    if not path.is_dir():
        return False
    return any(
        (student / a).is_dir()
        for student in path.iterdir()
        if student.is_dir()
        for a in assignments
    )


def _assignment_of(file_part: str, known: list[str]) -> str | None:
    stem = Path(file_part).stem.lower()
    for name in known:
        if stem.startswith(name.lower()):
            return name
    for name in known:
        tag = short_tag(name).lower()
        if re.match(rf"^{re.escape(tag)}(?![0-9])", stem):
            return name
    return None


# --------------------------------------------------------------------------- collect


def collect(
    course: Course,
    path: Path,
    *,
    assignment: str | None = None,
    pattern: str | None = None,
    due: str | None = None,
) -> CollectReport:
    """Import everything at `path`; returns (and saves) what was collected and what was not."""
    known = course.assignment_names()
    report = CollectReport()
    if _is_nbgrader_tree(path, known):
        _collect_nbgrader_tree(course, path, known, assignment, report)
    else:
        _collect_lms(course, path, known, assignment, pattern, report)
    _mark_late(report, due)
    _write_timestamps(course, report)
    _save_report(course, report, assignment)
    return report


def _collect_lms(course, path, known, assignment, pattern, report) -> None:
    patterns = [re.compile(pattern)] if pattern else [re.compile(p) for p in DEFAULT_PATTERNS]
    candidates: dict[tuple[str, str], list[tuple[Collected, Incoming]]] = {}
    for item in _read_export(path):
        base = Path(item.origin).name
        match = next((m for m in (p.match(base) for p in patterns) if m), None)
        if match is None or not SAFE_ID.match(match.groupdict().get("student_id") or ""):
            report.problems.append(
                Problem(item.origin, "unmatched", "file name does not match the submission pattern")
            )
            continue
        g = match.groupdict()
        last = g.get("last") or g.get("name") or ""
        first = g.get("first") or ""
        file_part = g.get("file") or base
        tagged = _assignment_of(file_part, known)
        target = assignment or tagged
        entry = Collected(
            g["student_id"],
            last,
            first,
            target or "",
            base,
            item.timestamp,
            "LATE marker in file name" if g.get("late") else "",
            int(g.get("attempt") or 0),
        )
        if target is None:
            report.problems.append(
                Problem(
                    item.origin,
                    "unmatched",
                    "cannot tell which assignment this file is for (use --assignment)",
                    g["student_id"],
                    last,
                    first,
                )
            )
            continue
        if assignment and tagged and tagged != assignment:
            report.problems.append(
                Problem(
                    item.origin,
                    "wrong_assignment",
                    f"named for {tagged}, collecting {assignment}",
                    g["student_id"],
                    last,
                    first,
                )
            )
            continue
        if item.data is None or len(item.data) > MAX_FILE_BYTES:
            report.problems.append(
                Problem(
                    item.origin,
                    "too_large",
                    f"{item.size} bytes (limit {MAX_FILE_BYTES})",
                    g["student_id"],
                    last,
                    first,
                )
            )
            continue
        candidates.setdefault((g["student_id"], target), []).append((entry, item))
    for (student, target), entries in sorted(candidates.items()):
        entries.sort(key=lambda e: (e[0].attempt, e[0].timestamp, e[0].file), reverse=True)
        chosen, item = entries[0]
        for older, older_item in entries[1:]:
            report.problems.append(
                Problem(
                    older_item.origin,
                    "duplicate",
                    f"older submission; graded the newest one ({chosen.file})",
                    student,
                    older.last_name,
                    older.first_name,
                )
            )
        _store(course, target, student, item.data or b"")
        report.collected.append(chosen)


def _collect_nbgrader_tree(course, path, known, assignment, report) -> None:
    for student_dir in sorted(p for p in path.iterdir() if p.is_dir()):
        student = student_dir.name
        for a_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if a_dir.name not in known or (assignment and a_dir.name != assignment):
                report.problems.append(
                    Problem(
                        str(a_dir.relative_to(path)),
                        "ignored",
                        "not an assignment being collected",
                        student,
                    )
                )
                continue
            if not SAFE_ID.match(student):
                report.problems.append(
                    Problem(
                        str(a_dir.relative_to(path)),
                        "unmatched",
                        "student id has unsafe characters",
                    )
                )
                continue
            notebooks = sorted(a_dir.glob("*.ipynb"))
            stamp_file = a_dir / "timestamp.txt"
            stamp = (
                stamp_file.read_text().strip()
                if stamp_file.exists()
                else dt.datetime.fromtimestamp(a_dir.stat().st_mtime).isoformat(timespec="seconds")
            )
            expected = [p.name for p in course.released_notebooks(a_dir.name)] or [
                f"{a_dir.name}.ipynb"
            ]
            if not notebooks:
                report.problems.append(
                    Problem(
                        str(a_dir.relative_to(path)),
                        "unmatched",
                        "no notebook in the submission folder",
                        student,
                    )
                )
                continue
            dest = course.submitted / student / a_dir.name
            if dest.exists():
                shutil.rmtree(dest)
            dest.mkdir(parents=True)
            for nb in notebooks:
                if nb.name in expected or len(expected) == 1:
                    name = nb.name if nb.name in expected else expected[0]
                    shutil.copyfile(nb, dest / name)
                    if name != nb.name:
                        report.problems.append(
                            Problem(
                                str(nb.relative_to(path)), "renamed", f"graded as {name}", student
                            )
                        )
                    break
            report.collected.append(
                Collected(student, "", "", a_dir.name, notebooks[0].name, stamp)
            )
            for other in notebooks[1:]:
                report.problems.append(
                    Problem(
                        str(other.relative_to(path)),
                        "ignored",
                        "extra notebook in the submission folder",
                        student,
                    )
                )


def _store(course: Course, assignment: str, student: str, data: bytes) -> None:
    expected = [p.name for p in course.released_notebooks(assignment)] or [f"{assignment}.ipynb"]
    dest = course.submitted / student / assignment
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    (dest / expected[0]).write_bytes(data)


def _mark_late(report: CollectReport, due: str | None) -> None:
    if not due:
        return
    deadline = dt.datetime.fromisoformat(due)
    for entry in report.collected:
        try:
            stamp = dt.datetime.fromisoformat(entry.timestamp.replace(" ", "T").split("+")[0])
        except ValueError:
            continue
        if stamp > deadline:
            late_by = stamp - deadline
            hours = late_by.total_seconds() / 3600
            entry.late = f"late by {hours:.1f} h"


def _write_timestamps(course: Course, report: CollectReport) -> None:
    for entry in report.collected:
        folder = course.submitted / entry.student_id / entry.assignment
        if folder.is_dir():
            (folder / "timestamp.txt").write_text(entry.timestamp.replace("T", " "))


def report_path(course: Course, assignment: str) -> Path:
    return course.grades / f"{assignment}.collect.json"


def _save_report(course: Course, report: CollectReport, assignment: str | None) -> None:
    """Save per assignment; problems go to the assignment being collected (if one was named),
    else to the one the file name suggests, else to `_unsorted` (listed by every grade run)."""
    by_assignment: dict[str, CollectReport] = {}
    for entry in report.collected:
        by_assignment.setdefault(entry.assignment, CollectReport()).collected.append(entry)
    for problem in report.problems:
        target = (
            assignment
            or _assignment_of(Path(problem.file).name, course.assignment_names())
            or "_unsorted"
        )
        for entry in report.collected:
            if not assignment and problem.student_id and entry.student_id == problem.student_id:
                target = entry.assignment
        by_assignment.setdefault(target, CollectReport()).problems.append(problem)
    for name, part in by_assignment.items():
        path = report_path(course, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        old = load_report(course, name)
        students = {c.student_id for c in part.collected}
        merged = CollectReport(
            [c for c in old.collected if c.student_id not in students] + part.collected,
            [p for p in old.problems if p.file not in {q.file for q in part.problems}]
            + part.problems,
        )
        path.write_text(json.dumps(asdict(merged), indent=1))


def load_report(course: Course, assignment: str) -> CollectReport:
    path = report_path(course, assignment)
    if not path.exists():
        return CollectReport()
    data = json.loads(path.read_text())
    return CollectReport(
        [Collected(**c) for c in data.get("collected", [])],
        [Problem(**p) for p in data.get("problems", [])],
    )


def format_collect_report(report: CollectReport) -> str:
    lines = [f"collected {len(report.collected)} submission(s)"]
    for c in report.collected:
        late = f"  [{c.late}]" if c.late else ""
        lines.append(f"  {c.assignment:24s} {c.student_id:>10s}  {c.file}{late}")
    if report.problems:
        lines.append(f"{len(report.problems)} file(s) need a look (they will be in the CSV):")
        for p in report.problems:
            who = f" (student {p.student_id})" if p.student_id else ""
            lines.append(f"  {p.status:16s} {p.file}{who}: {p.reason}")
    return "\n".join(lines)
