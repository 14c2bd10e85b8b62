"""A class run survives anything a submission does.

One class is collected from an LMS-style folder and graded in parallel: a perfect learner, a
partial one, every attack in `sample_class.HOSTILE` (each on an otherwise unanswered notebook,
so any point it gets is undeserved) and the `RESILIENT` cases (attacks around correct work,
which must keep full marks). Each case is then checked on its own: its score, its CSV row and
reason, and that the innocent learners graded beside it are intact.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
from pathlib import Path

import pytest

from course_grader.collect import collect
from course_grader.course import repo_root
from course_grader.demo import make_demo_course
from course_grader.grade import grade_assignment
from course_grader.gradebook import scores_from_gradebook
from course_grader.sample_class import HOSTILE, RESILIENT, AssignmentTexts
from course_grader.sandbox import UID_BASE, UID_COUNT, Limits

ASSIGNMENT = "a1_derivatives"
_SOURCE = json.loads(
    (Path(repo_root()) / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text("utf-8")
)
POINTS = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"]["points"]
          for c in _SOURCE["cells"] if c["metadata"].get("nbgrader", {}).get("grade")}
FULL = float(sum(POINTS.values()))

pytestmark = pytest.mark.slow

# Without root there is no uid/namespace sandbox (kernels run as the grader's user), so the
# attacks on files, processes and the network are only run where the sandbox exists.
ISOLATED = Limits().effective_isolation() != "limits-only"
NEEDS_SANDBOX = {
    "read_solutions",
    "write_gradebook",
    "delete_files",
    "kill_parent",
    "network",
    "fork_bomb",
}
CASES = sorted(c for c in HOSTILE if ISOLATED or c not in NEEDS_SANDBOX)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-course")
    course_root = root / "course"
    course = make_demo_course(course_root, [ASSIGNMENT], released=True)
    texts = AssignmentTexts.load(course, ASSIGNMENT)

    export = root / "export"
    export.mkdir()
    students = {}
    cases = {
        "perfect": json.dumps(texts.notebook()).encode(),
        "partial": json.dumps(texts.notebook(solved={"forward_diff", "central_diff"})).encode(),
    }
    cases.update({name: HOSTILE[name][1](texts) for name in CASES})
    cases.update({name: build(texts) for name, (_, build) in RESILIENT.items()})
    for i, (name, data) in enumerate(cases.items()):
        sid = str(5000 + i)
        students[name] = sid
        (export / f"{name.replace('_', '')}_case_{sid}_a1.ipynb").write_bytes(data)
    report = collect(course, export, assignment=ASSIGNMENT)
    assert not report.problems, report.problems
    # a module shipped beside a notebook (nbgrader layout): must be ignored, and reported
    shadow = course.submitted / students["shadow_modules"] / ASSIGNMENT
    (shadow / "numpy.py").write_text("def allclose(*a, **k):\n    return True\n")

    protected = {
        p: _sha(p)
        for p in [
            *course.release.rglob("*.ipynb"),
            *course.solutions.rglob("*.ipynb"),
            *course.submitted.rglob("*.ipynb"),
        ]
    }
    limits = Limits(cell_timeout=5.0, memory_mb=1024, submission_budget=240.0,
                    startup_timeout=20.0)
    run = grade_assignment(course, ASSIGNMENT, workers=2, limits=limits, progress=False)
    with open(run.csv_path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        "course": course,
        "run": run,
        "students": students,
        "rows": rows,
        "protected": protected,
        "results": {r.student_id: r for r in run.results},
    }


def _row(graded, sid):
    return next(r for r in graded["rows"] if r["student_id"] == sid and r["status"] != "ignored")


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_submission_earns_nothing_and_is_explained(graded_class, case):
    if case not in CASES:
        pytest.skip("needs the sandbox (root): kernels would run as the grader's own user")
    sid = graded_class["students"][case]
    res = graded_class["results"][sid]
    assert res.score == 0, (case, res.reason, [t.message for t in res.tests])
    row = _row(graded_class, sid)
    assert row["score"] == "0" and float(row["max_score"]) == FULL
    assert row["reason"], case
    assert all(t.points == 0 for t in res.tests)


@pytest.mark.parametrize("case", sorted(RESILIENT))
def test_attacks_around_correct_work_keep_full_marks(graded_class, case):
    res = graded_class["results"][graded_class["students"][case]]
    assert res.score == FULL, (case, res.reason, [t.message for t in res.tests if t.message])


def test_innocent_learners_graded_beside_the_attacks_are_intact(graded_class):
    results, students = graded_class["results"], graded_class["students"]
    assert results[students["perfect"]].score == FULL
    partial = results[students["partial"]]
    by_id = {t.grade_id: t.points for t in partial.tests}
    assert by_id["test_forward_diff"] == POINTS["test_forward_diff"]
    assert by_id["test_central_diff"] == POINTS["test_central_diff"]
    assert partial.score == POINTS["test_forward_diff"] + POINTS["test_central_diff"]


def test_files_around_the_submissions_are_untouched(graded_class):
    for path, digest in graded_class["protected"].items():
        assert path.exists() and _sha(path) == digest, path


def test_gradebook_holds_the_graders_scores_not_the_learners(graded_class):
    course, results = graded_class["course"], graded_class["results"]
    stored = scores_from_gradebook(course, ASSIGNMENT)
    for sid, res in results.items():
        if res.status == "graded":
            assert stored[sid] == pytest.approx(res.score), sid
    assert max(stored.values()) <= FULL


def test_every_submitted_file_has_a_csv_row(graded_class):
    rows = graded_class["rows"]
    graded_ids = {r["student_id"] for r in rows if r["status"] != "ignored"}
    assert graded_ids == set(graded_class["students"].values())
    shadow = graded_class["students"]["shadow_modules"]
    assert any(
        r["student_id"] == shadow and r["status"] == "ignored" and r["file"].endswith("numpy.py")
        for r in rows
    )
    statuses = {r["student_id"]: r["status"] for r in rows if r["status"] != "ignored"}
    students = graded_class["students"]
    assert statuses[students["invalid_json"]] == "invalid"
    assert statuses[students["not_a_notebook"]] == "invalid"


def test_a_dying_kernel_never_lets_later_tests_pass(graded_class):
    res = graded_class["results"][graded_class["students"]["os_exit"]]
    assert "kernel" in res.reason
    assert all(t.status != "passed" for t in res.tests)


def test_hangs_are_cut_by_the_time_limit(graded_class):
    for case in ("infinite_loop", "sleep", "ignore_interrupt"):
        res = graded_class["results"][graded_class["students"][case]]
        assert res.seconds < 120, (case, res.seconds)
        assert "time limit" in res.reason, (case, res.reason)


@pytest.mark.skipif(not ISOLATED, reason="sandbox uids exist only when grading as root")
def test_no_sandbox_process_outlives_the_run(graded_class):
    import psutil

    # Only this run's kernels count: other tests (xdist workers) may be grading right now.
    # A leak is a sandbox process still below this process, or one orphaned (re-parented to
    # init) since this worker started.
    me = psutil.Process()
    mine = {child.pid for child in me.children(recursive=True)}
    leftovers = [
        p.pid
        for p in psutil.process_iter(["uids", "ppid", "create_time"])
        if p.info["uids"]
        and UID_BASE <= p.info["uids"].real < UID_BASE + UID_COUNT
        and (p.pid in mine or (p.info["ppid"] == 1 and p.info["create_time"] >= me.create_time()))
    ]
    assert leftovers == []


def test_feedback_never_shows_hidden_test_code(graded_class):
    from course_grader import cells as C

    course = graded_class["course"]
    source = json.loads(course.source_notebooks(ASSIGNMENT)[0].read_text())
    visible = {
        line.strip()
        for cell in source["cells"]
        for line in C.split_hidden(C.source_text(cell))[0].splitlines()
    }
    hidden = [
        line.strip()
        for cell in source["cells"]
        if C.cell_kind(cell) == C.TEST
        for block in C.split_hidden(C.source_text(cell))[1]
        for line in block.splitlines()
        if len(line.strip()) > 20 and line.strip() not in visible
    ]
    assert len(hidden) > 10
    pages = list(course.feedback.rglob("*.html"))
    assert len(pages) == len(graded_class["results"])
    for page in pages:
        text = page.read_text()
        for line in hidden:
            assert html.escape(line) not in text and line not in text, (page, line)
        assert "### BEGIN HIDDEN TESTS" not in text


def test_malformed_files_are_refused_at_the_door_with_a_reason(graded_class):
    for case, words in [("integer_source", "source that is not text"),
                        ("deep_nesting", "levels deep")]:
        row = _row(graded_class, graded_class["students"][case])
        assert row["status"] == "invalid" and words in row["reason"], (case, row)
    for case, words in [
        ("metadata_list", "metadata that is not a dict"),
        ("lone_surrogate_code", "not valid Unicode"),
        ("kernel_json_dir", "the kernel died"),
        ("startup_hang", "the kernel died"),
    ]:
        row = _row(graded_class, graded_class["students"][case])
        assert row["status"] == "graded" and words in row["reason"], (case, row)
        assert "not your fault" not in row["reason"]


def test_every_graded_row_says_which_isolation_graded_it(graded_class):
    for row in graded_class["rows"]:
        if row["status"] in ("graded", "budget_exceeded"):
            assert row["isolation"] not in ("", "unknown"), row


def _active_markup(text: str) -> list:
    """Tags and attributes in an HTML page that could run or load something."""
    from html.parser import HTMLParser

    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "svg", "iframe", "object", "embed", "base", "form", "link"):
                found.append(tag)
            for name, value in attrs:
                if name.startswith("on") or "javascript:" in (value or "").lower():
                    found.append(f"{tag} {name}")
                if name in ("src", "href") and not (value or "").startswith(("data:image/", "#")):
                    found.append(f"{tag} {name}={value}")

    Finder().feed(text)
    return found


def test_active_markup_finder_finds_what_it_looks_for():
    page = "<p>x</p><img src=x onerror=alert(1)><script>1</script><a href='javascript:x'>"
    assert sorted(_active_markup(page)) == [
        "a href", "a href=javascript:x", "img onerror", "img src=x", "script"
    ]
    assert _active_markup("<pre>&lt;script&gt; onerror=</pre>") == []


def test_what_the_instructor_opens_carries_no_active_content(graded_class):
    import nbformat

    course = graded_class["course"]
    notebooks = list(course.autograded.rglob("*.ipynb"))
    assert len(notebooks) >= len(graded_class["results"]) - 4  # invalid files have none
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert set(out.get("data", {})) <= {"text/plain", "image/png", "image/jpeg"}
                assert not out.get("metadata")
    for page in course.feedback.rglob("*.html"):
        assert _active_markup(page.read_text(encoding="utf-8")) == [], page
    sid = graded_class["students"]["active_output"]
    shown = (course.feedback / sid / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "output not kept by the grader" in shown and "text/html" in shown


def test_output_floods_are_bounded_per_submission_on_disk(graded_class):
    course = graded_class["course"]
    for case in ("output_flood_cells", "huge_output"):
        sid = graded_class["students"][case]
        for path in (course.autograded / sid / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                     course.feedback / sid / ASSIGNMENT / f"{ASSIGNMENT}.html"):
            assert path.stat().st_size < 600_000, (case, path, path.stat().st_size)
    total = sum(p.stat().st_size for d in (course.autograded, course.feedback)
                for p in d.rglob("*") if p.is_file())
    assert total < 600_000 * len(graded_class["results"])


def test_forged_probe_replies_are_refused_unread(graded_class):
    res = graded_class["results"][graded_class["students"]["forged_reply"]]
    assert any("the grader reads" in t.message for t in res.tests), [t.message for t in res.tests]
