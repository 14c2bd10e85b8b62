"""Results are written as each submission finishes: an interrupted `grade` loses nothing it
graded, and the next run resumes (or regrades one learner with --student)."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course_grader.course import Course
from course_grader.demo import make_demo_course
from course_grader.grade import grade_assignment
from course_grader.gradebook import scores_from_gradebook
from course_grader.sample_class import AssignmentTexts
from course_grader.sandbox import Limits

A1 = "a1_derivatives"
pytestmark = pytest.mark.slow
LIMITS = Limits(cell_timeout=60.0, submission_budget=120.0)  # = the CLI run's --timeout, --budget
EXPECTED = {"1": 20.0, "2": 20.0, "3": 4.0, "4": 0.0}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    root = tmp_path_factory.mktemp("resume") / "course"
    course = make_demo_course(root, [A1], released=True)
    a = AssignmentTexts.load(course, A1)
    subs = {
        "1": a.notebook(),
        "2": a.notebook(before="import time\ntime.sleep(25)"),  # slow: the run is cut here
        "3": a.notebook(solved={"forward_diff", "central_diff"}),
        "4": a.notebook(solved=set()),
    }
    for sid, nb in subs.items():
        folder = course.submitted / sid / A1
        folder.mkdir(parents=True)
        (folder / f"{A1}.ipynb").write_text(json.dumps(nb))
    return course


def _csv(course) -> dict:
    path = course.grades / f"{A1}.csv"
    with open(path, encoding="utf-8") as fh:
        return {r["student_id"]: r for r in csv.DictReader(fh)}


def _an_interrupted_run_keeps_what_it_graded_and_the_next_run_resumes(course):
    bindir = Path(sys.executable).parent
    proc = subprocess.Popen(
        [str(bindir / "autodiff-course"), "grade", A1, "--workers", "1", "--quiet",
         "--timeout", "60", "--budget", "120", "--course-dir", str(course.root)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ),
    )
    store = course.grades / ".results" / A1
    deadline = time.monotonic() + 240
    while not (store / "1").exists():
        assert proc.poll() is None, proc.stdout.read().decode()[-3000:]
        assert time.monotonic() < deadline, "the first submission was never written"
        time.sleep(0.2)
    time.sleep(3)  # the worker is now inside student 2's 25 s sleep
    proc.send_signal(signal.SIGINT)
    proc.wait(60)
    assert proc.returncode != 0
    rows = _csv(course)
    assert rows["1"]["status"] == "graded" and rows["1"]["score"] == "20"
    assert "2" not in rows or rows["2"]["status"] != "graded"
    assert (course.feedback / "1" / A1 / f"{A1}.html").exists()
    first_feedback = (course.feedback / "1" / A1 / f"{A1}.html").stat().st_mtime_ns

    run = grade_assignment(course, A1, workers=2, limits=LIMITS, progress=False)
    assert run.resumed == 1
    assert {r.student_id: r.score for r in run.results} == EXPECTED
    assert {k: float(v["score"]) for k, v in _csv(course).items()} == EXPECTED
    assert scores_from_gradebook(course, A1) == EXPECTED
    assert (course.feedback / "1" / A1 / f"{A1}.html").stat().st_mtime_ns == first_feedback
    assert "kept as graded by an earlier run" in run.summary_text()


def _student_option_regrades_one_learner_and_keeps_the_rest(course):
    page = course.feedback / "3" / A1 / f"{A1}.html"
    other = course.feedback / "4" / A1 / f"{A1}.html"
    before = page.stat().st_mtime_ns, other.stat().st_mtime_ns
    run = grade_assignment(course, A1, workers=1, limits=LIMITS, progress=False, students=["3"])
    assert run.resumed == 3
    assert {r.student_id: r.score for r in run.results} == EXPECTED
    assert page.stat().st_mtime_ns != before[0] and other.stat().st_mtime_ns == before[1]
    with pytest.raises(SystemExit, match="student\\(s\\) 99"):
        grade_assignment(course, A1, workers=1, limits=LIMITS, progress=False, students=["99"])


def _a_changed_submission_is_graded_again(course):
    a = AssignmentTexts.load(course, A1)
    (course.submitted / "4" / A1 / f"{A1}.ipynb").write_text(json.dumps(a.notebook()))
    run = grade_assignment(course, A1, workers=1, limits=LIMITS, progress=False)
    assert run.resumed == 3
    assert {r.student_id: r.score for r in run.results} == {**EXPECTED, "4": 20.0}


def test_interrupt_resume_regrade_one_learner_then_a_changed_submission(course):
    """One class's story in order (each step starts from the state the one before left, so
    they are one test: xdist could otherwise run them apart, each on a fresh course)."""
    _an_interrupted_run_keeps_what_it_graded_and_the_next_run_resumes(course)
    _student_option_regrades_one_learner_and_keeps_the_rest(course)
    _a_changed_submission_is_graded_again(course)


def test_a_stored_result_is_kept_only_while_it_would_be_graded_the_same_way(tmp_path, monkeypatch):
    """A result stored by an earlier run is reused only for the same file graded the same way:
    a longer --timeout, other released data, or a grader fixed since (a cheat it now catches)
    grade the file again instead of keeping the old score."""
    import dataclasses

    from course_grader import grade
    from course_grader.engine import GradeJob, SubmissionResult

    class Store(grade.ResultStore):
        def __init__(self):
            self.root = tmp_path

    source = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    job = GradeJob(A1, "s", f"{A1}.ipynb", None, source, {"data.csv": b"1,2"}, LIMITS)
    stored = SubmissionResult(A1, "s", f"{A1}.ipynb", "graded", score=25.0, max_score=25.0)
    store = Store()
    store.save(job, "file-digest", stored)
    assert store.load(job, "file-digest").score == 25.0
    assert store.load(job, "another-file") is None
    longer = dataclasses.replace(job, limits=dataclasses.replace(LIMITS, cell_timeout=90.0))
    assert store.load(longer, "file-digest") is None
    other_data = dataclasses.replace(job, files={"data.csv": b"1,3"})
    assert store.load(other_data, "file-digest") is None
    monkeypatch.setattr(grade, "_CODE_DIGEST", "a grader fixed since")
    assert store.load(job, "file-digest") is None
