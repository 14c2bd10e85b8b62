"""grade: parallel (process pool or Dask) grading that writes nbgrader's gradebook, a CSV,
per-learner feedback and a summary; nbgrader's own commands still work on the result."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from course_grader.collect import collect
from course_grader.course import Course
from course_grader.demo import make_demo_course
from course_grader.grade import grade_assignment
from course_grader.gradebook import scores_from_gradebook
from course_grader.sample_class import AssignmentTexts
from course_grader.sandbox import Limits

A1 = "a1_derivatives"
pytestmark = pytest.mark.slow
LIMITS = Limits(cell_timeout=10.0)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    root = tmp_path_factory.mktemp("grade") / "course"
    course = make_demo_course(root, [A1], released=True)
    a = AssignmentTexts.load(course, A1)
    export = root.parent / "export"
    export.mkdir()
    subs = {
        "lovelace_ada_1_a1.ipynb": a.notebook(),
        "noether_emmy_2_a1.ipynb": a.notebook(solved={"forward_diff", "central_diff"}),
        "hopper_grace_3_a1.ipynb": a.notebook(solved=set()),
    }
    for name, nb in subs.items():
        (export / name).write_text(json.dumps(nb))
    (export / "who_knows.ipynb").write_text("{}")
    collect(course, export, assignment=A1)
    return course


EXPECTED = {"1": 20.0, "2": 4.0, "3": 0.0}


@pytest.fixture(scope="module")
def local_run(course):
    return grade_assignment(course, A1, workers=2, limits=LIMITS, progress=False)


def test_scores_csv_and_gradebook_agree(course, local_run):
    assert {r.student_id: r.score for r in local_run.results} == EXPECTED
    with open(local_run.csv_path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    graded = {r["student_id"]: float(r["score"]) for r in rows if r["status"] == "graded"}
    assert graded == EXPECTED
    ada = next(r for r in rows if r["student_id"] == "1")
    assert (ada["last_name"], ada["first_name"], ada["test_forward_diff"]) == (
        "lovelace",
        "ada",
        "2",
    )
    assert any(r["status"] == "unmatched" and r["file"] == "who_knows.ipynb" for r in rows)
    assert scores_from_gradebook(course, A1) == EXPECTED


def test_summary_has_mean_distribution_and_most_failed(local_run):
    s = local_run.summary()
    assert s["mean"] == pytest.approx(8.0) and s["submissions"] == 3
    assert sum(s["distribution"].values()) == 3 and s["distribution"]["90-100%"] == 1
    most = dict(s["most_failed"])
    assert most["test_measured_order"] == 2 and "test_forward_diff" in most
    text = local_run.summary_text()
    assert "mean 8" in text and "most failed tests" in text and "test_measured_order" in text


def test_feedback_pages_explain_lost_points(course, local_run):
    page = (course.feedback / "2" / A1 / f"{A1}.html").read_text()
    assert "Score: 4 / 20" in page
    assert "measured_order is not written yet" in page
    assert "BEGIN HIDDEN TESTS" not in page and "lambda t: 3*np.abs(t - 1) + t" not in page
    assert (course.autograded / "2" / A1 / f"{A1}.ipynb").exists()


def test_nbgrader_export_reads_our_gradebook(course, local_run):
    out = course.root / "export.csv"
    bindir = Path(sys.executable).parent
    subprocess.run(
        [str(bindir / "nbgrader"), "export", "--to", str(out)],
        cwd=course.root,
        check=True,
        capture_output=True,
        env={"PATH": f"{bindir}:/usr/bin:/bin"},
    )
    with open(out, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["assignment"] == A1]
    assert {r["student_id"]: float(r["raw_score"]) for r in rows} == EXPECTED


def test_regrading_overwrites_instead_of_duplicating(course, local_run):
    again = grade_assignment(
        course, A1, workers=1, limits=LIMITS, progress=False, write_feedback_html=False,
        regrade=True,
    )
    assert again.resumed == 0
    assert {r.student_id: r.score for r in again.results} == EXPECTED
    assert scores_from_gradebook(course, A1) == EXPECTED


def test_dask_local_cluster_grades_the_same(course, local_run):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        run = grade_assignment(
            course,
            A1,
            limits=LIMITS,
            dask_address=cluster.scheduler_address,
            progress=False,
            write_feedback_html=False,
            regrade=True,
        )
    assert {r.student_id: r.score for r in run.results} == EXPECTED
    assert scores_from_gradebook(course, A1) == EXPECTED


def test_students_without_a_submission_are_listed_as_missing(course, local_run):
    from course_grader.gradebook import _gradebook

    with _gradebook(course) as gb:
        gb.update_or_create_student("9", last_name="absent", first_name="al")
    run = grade_assignment(course, A1, workers=1, limits=LIMITS, progress=False,
                           write_feedback_html=False)
    with open(run.csv_path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    (missing,) = [r for r in rows if r["student_id"] == "9"]
    assert missing["status"] == "missing" and missing["last_name"] == "absent"
