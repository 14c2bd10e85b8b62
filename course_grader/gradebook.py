"""Write grading results where instructors and nbgrader look for them.

Only the grading process calls this (never a learner kernel). Scores go into nbgrader's own
gradebook through its API (`nbgrader.api.Gradebook`), so `nbgrader export`, the formgrader and
manual regrading keep working; every submitted file (graded, broken, duplicate, late, unmatched)
also gets a row in `grades/<assignment>.csv` with a score or a reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course_grader import cells as C
from course_grader.course import Course, ensure_tools_on_path
from course_grader.engine import SubmissionResult
from course_grader.intake import clean_tree, replace_surrogates
from course_grader.outputs import OutputBudget

CSV_FIXED = [
    "student_id",
    "last_name",
    "first_name",
    "assignment",
    "file",
    "status",
    "score",
    "max_score",
    "late",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """A text cell a spreadsheet will not run: a leading =, +, -, @, tab or CR (a formula in
    Excel, LibreOffice, Google Sheets) is prefixed with ' ; lone surrogates become U+FFFD."""
    text = replace_surrogates(str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


@dataclass
class FileRow:
    """A submitted file that was not graded (unmatched, duplicate, ignored) or a note on one."""

    file: str
    status: str  # unmatched | duplicate | ignored | late | renamed | missing
    reason: str
    student_id: str = ""
    last_name: str = ""
    first_name: str = ""


@dataclass
class Roster:
    """Names and submission times known from `collect` (student_id -> ...)."""

    names: dict = field(default_factory=dict)  # id -> (last, first)
    timestamps: dict = field(default_factory=dict)  # id -> ISO time
    late: dict = field(default_factory=dict)  # id -> "late by ..." text
    files: dict = field(default_factory=dict)  # id -> original file name


def _recorded_cells(course: Course, assignment: str) -> dict | None:
    """{notebook: {grade_id: max points}} as the gradebook has it, or None if absent."""
    from nbgrader.api import MissingEntry

    if not course.db_path.exists():
        return None
    with _gradebook(course) as gb:
        try:
            a = gb.find_assignment(assignment)
        except MissingEntry:
            return None
        return {nb.name: {c.name: float(c.max_score) for c in nb.grade_cells}
                for nb in a.notebooks}


def _source_cells(course: Course, assignment: str) -> dict:
    out = {}
    for path in course.source_notebooks(assignment):
        nb = json.loads(path.read_text(encoding="utf-8"))
        out[path.stem] = {c.grade_id: c.points for c in C.read_source_cells(nb)
                          if c.kind == C.TEST}
    return out


def sync_assignment(course: Course, assignment: str) -> None:
    """Record the assignment's notebooks and cells in the gradebook (nbgrader's release step),
    unless the gradebook already has exactly these test cells and points."""
    from course_grader.release import generate

    if _recorded_cells(course, assignment) == _source_cells(course, assignment):
        return
    with tempfile.TemporaryDirectory(prefix="sync-") as tmp:
        generate(course, assignment, Path(tmp), course.db_url)


def _gradebook(course: Course):
    from nbgrader.api import Gradebook

    ensure_tools_on_path()
    return Gradebook(course.db_url, course_id="autodiff-course")


def write_gradebook(
    course: Course,
    assignment: str,
    results: list[SubmissionResult],
    roster: Roster,
    duedate: str | None = None,
    gradebook=None,
) -> None:
    """Store auto scores for every graded submission in nbgrader's gradebook (`gradebook`: an
    open `nbgrader.api.Gradebook` to use, e.g. one kept open for a whole run)."""
    import contextlib
    import warnings

    from nbgrader.api import MissingEntry
    from sqlalchemy.exc import SAWarning

    opened = contextlib.nullcontext(gradebook) if gradebook is not None else _gradebook(course)
    with opened as gb, warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own autoflush chatter
        if duedate:
            gb.update_or_create_assignment(assignment, duedate=dt.datetime.fromisoformat(duedate))
        by_student: dict[str, list[SubmissionResult]] = {}
        for res in results:
            by_student.setdefault(res.student_id, []).append(res)
        for student, student_results in by_student.items():
            last, first = roster.names.get(student, ("", ""))
            gb.update_or_create_student(
                student, last_name=safe_name(last), first_name=safe_name(first)
            )
            stamp = roster.timestamps.get(student)
            kwargs = {"timestamp": stamp} if stamp else {}
            gb.update_or_create_submission(assignment, student, **kwargs)
            for res in student_results:
                nb_name = Path(res.notebook).stem
                for test in res.tests:
                    try:
                        grade = gb.find_grade(test.grade_id, nb_name, assignment, student)
                    except MissingEntry:
                        continue
                    grade.auto_score = float(test.points)
                    grade.needs_manual_grade = False
                for comment_cell in _answer_ids(res):
                    try:
                        comment = gb.find_comment(comment_cell, nb_name, assignment, student)
                    except MissingEntry:
                        continue
                    comment.auto_comment = replace_surrogates(_comment_for(res))
            gb.db.commit()


_UNSAFE_IN_NAMES = str.maketrans({c: "" for c in '<>"`&\x00'})


def safe_name(name: str | None) -> str | None:
    """A learner's name as stored for the formgrader, which shows it unescaped in its grading
    view: no characters that make markup (`<`, `>`, `&`, quotes), none that are not Unicode."""
    if not name:
        return None
    cleaned = "".join(ch for ch in replace_surrogates(str(name)) if ch.isprintable())
    return cleaned.translate(_UNSAFE_IN_NAMES).strip()[:100] or None


def _answer_ids(res: SubmissionResult) -> list[str]:
    return [c.grade_id for c in res.cells if c.kind == C.ANSWER and c.grade_id]


def _comment_for(res: SubmissionResult) -> str:
    if res.status != "graded":
        return f"Not graded: {res.reason}"
    return f"Autograded: {res.score:g}/{res.max_score:g}. {res.reason}"


def scores_from_gradebook(course: Course, assignment: str) -> dict[str, float]:
    """student_id -> total score, read back through nbgrader (used by tests and the summary)."""
    with _gradebook(course) as gb:
        return {s.student.id: float(s.score) for s in gb.assignment_submissions(assignment)}


def known_students(course: Course) -> dict[str, tuple[str, str]]:
    if not course.db_path.exists():
        return {}
    with _gradebook(course) as gb:
        return {s.id: (s.last_name or "", s.first_name or "") for s in gb.students}


def write_csv(
    path: Path,
    assignment: str,
    results: list[SubmissionResult],
    rows: list[FileRow],
    roster: Roster,
    test_ids: list[str],
) -> Path:
    """One row per submitted file: a score, or the reason there is none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = CSV_FIXED + test_ids + ["isolation", "reason"]
    numeric = {"score", "max_score", *test_ids}
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()

        def put(row: dict) -> None:
            writer.writerow(
                {k: (v if k in numeric and k not in ("reason",) else csv_safe(v))
                 for k, v in row.items()}
            )

        for res in sorted(results, key=lambda r: (r.student_id, r.notebook)):
            last, first = roster.names.get(res.student_id, ("", ""))
            row = {
                "student_id": res.student_id,
                "last_name": last,
                "first_name": first,
                "assignment": assignment,
                "file": roster.files.get(res.student_id, res.notebook),
                "status": res.status,
                "score": f"{res.score:g}",
                "max_score": f"{res.max_score:g}",
                "late": roster.late.get(res.student_id, ""),
                "isolation": res.isolation or "",
                "reason": res.reason,
            }
            for t in res.tests:
                if t.grade_id in test_ids:
                    row[t.grade_id] = f"{t.points:g}"
            put(row)
        for extra in rows:
            put(
                {
                    "student_id": extra.student_id,
                    "last_name": extra.last_name,
                    "first_name": extra.first_name,
                    "assignment": assignment,
                    "file": extra.file,
                    "status": extra.status,
                    "score": "",
                    "max_score": "",
                    "late": "",
                    "isolation": "",
                    "reason": extra.reason,
                }
            )
    tmp.replace(path)
    return path


def inert_outputs(outputs: list) -> list:
    """Outputs rebuilt from their plain parts again (the engine already did; a stored result
    from disk is not trusted to have been)."""
    return OutputBudget(10**9).keep(outputs)


def write_autograded(course: Course, res: SubmissionResult, release_nb: dict) -> Path:
    """The executed notebook in nbgrader's autograded/ layout (formgrader opens these).

    Test cells carry their *visible* code and the grader's verdict as output; hidden tests are
    not written here either.
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata = nbformat.from_dict(release_nb.get("metadata", {}))
    meta_by_id = {
        C.grade_id(c): c.get("metadata", {}) for c in release_nb.get("cells", []) if C.grade_id(c)
    }
    for record in res.cells:
        if record.kind == C.MARKDOWN:
            cell = nbformat.v4.new_markdown_cell(record.source)
        else:
            cell = nbformat.v4.new_code_cell(record.source)
            cell.outputs = [nbformat.from_dict(o) for o in inert_outputs(record.outputs)]
        if record.grade_id and record.grade_id in meta_by_id:
            cell.metadata = nbformat.from_dict(json.loads(json.dumps(meta_by_id[record.grade_id])))
        nb.cells.append(cell)
    nb = nbformat.from_dict(clean_tree(nb))
    out = course.autograded / res.student_id / res.assignment / res.notebook
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(out))
    return out
