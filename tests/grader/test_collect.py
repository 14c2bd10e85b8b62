"""collect: every exported file is either collected or reported, never silently dropped."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from course_grader.collect import collect, format_collect_report, load_report
from course_grader.course import Course, repo_root

A1 = "a1_derivatives"


@pytest.fixture()
def course(tmp_path) -> Course:
    repo = Course(repo_root())
    root = tmp_path / "course"
    shutil.copytree(repo.solutions / A1, root / "solutions" / A1)
    shutil.copytree(repo.release / A1, root / "assignments" / A1)
    (root / "solutions" / "a2_chain_rule").mkdir()  # a second assignment name to tell apart
    (root / "solutions" / "a2_chain_rule" / "a2_chain_rule.ipynb").write_text("{}")
    return Course(root)


NB = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def _export(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(NB + name.encode()[:0])
    return folder


def test_lms_folder_names_are_parsed_and_filed_in_nbgrader_layout(course, tmp_path):
    export = _export(
        tmp_path / "x", ["lovelace_ada_1001_a1.ipynb", "von-neumann_john_1002_a1.ipynb"]
    )
    report = collect(course, export, assignment=A1)
    assert {c.student_id for c in report.collected} == {"1001", "1002"}
    ada = next(c for c in report.collected if c.student_id == "1001")
    assert (ada.last_name, ada.first_name, ada.assignment) == ("lovelace", "ada", A1)
    assert (course.submitted / "1001" / A1 / f"{A1}.ipynb").read_bytes() == NB
    assert (course.submitted / "1001" / A1 / "timestamp.txt").exists()
    assert report.problems == []


def test_assignment_is_inferred_from_the_file_name(course, tmp_path):
    export = _export(
        tmp_path / "x", ["a_b_1_a1.ipynb", "c_d_2_a1_derivatives (1).ipynb", "e_f_3_Untitled.ipynb"]
    )
    report = collect(course, export)
    assert {c.student_id for c in report.collected} == {"1", "2"}
    (problem,) = report.problems
    assert problem.status == "unmatched" and "which assignment" in problem.reason
    assert problem.student_id == "3"


def test_unmatched_duplicate_late_and_wrong_assignment_are_reported(course, tmp_path):
    export = _export(
        tmp_path / "x",
        [
            "final_version_REALLY.ipynb",
            "noether_emmy_1002_1_a1.ipynb",
            "noether_emmy_LATE_1002_2_a1.ipynb",
            "turing_alan_1003_a2.ipynb",
        ],
    )
    report = collect(course, export, assignment=A1, due="2000-01-01T00:00")
    statuses = {(p.status, Path(p.file).name) for p in report.problems}
    assert ("unmatched", "final_version_REALLY.ipynb") in statuses
    assert ("duplicate", "noether_emmy_1002_1_a1.ipynb") in statuses
    assert ("wrong_assignment", "turing_alan_1003_a2.ipynb") in statuses
    (emmy,) = report.collected
    assert emmy.file == "noether_emmy_LATE_1002_2_a1.ipynb" and emmy.late
    text = format_collect_report(report)
    assert "final_version_REALLY.ipynb" in text and "duplicate" in text
    saved = load_report(course, A1)
    assert len(saved.collected) == 1 and len(saved.problems) >= 2


def test_zip_export_and_non_notebook_files(course, tmp_path):
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as zf:
        zf.writestr("submissions/curie_marie_1006_a1.pdf", b"%PDF-1.4 not a notebook")
        zf.writestr("submissions/lovelace_ada_1001_a1.ipynb", NB)
        zf.writestr("__MACOSX/._junk", b"")
        zf.writestr("../../evil_path_7_a1.ipynb", NB)
    report = collect(course, export, assignment=A1)
    ids = {c.student_id for c in report.collected}
    assert ids == {"1006", "1001", "7"}
    # the PDF is filed under the notebook's name: grading reports it as not a notebook
    assert (course.submitted / "1006" / A1 / f"{A1}.ipynb").read_bytes().startswith(b"%PDF")
    # a path-traversal name lands inside submitted/ like any other
    assert (course.submitted / "7" / A1 / f"{A1}.ipynb").exists()
    assert not (tmp_path.parent / "evil_path_7_a1.ipynb").exists()


def test_configurable_pattern(course, tmp_path):
    export = _export(tmp_path / "x", ["s12345-a1.ipynb", "bogus.ipynb"])
    report = collect(course, export, assignment=A1, pattern=r"^s(?P<student_id>\d+)-.*\.ipynb$")
    assert [c.student_id for c in report.collected] == ["12345"]
    assert [p.status for p in report.problems] == ["unmatched"]


def test_nbgrader_submitted_tree(course, tmp_path):
    tree = tmp_path / "tree"
    (tree / "alice" / A1).mkdir(parents=True)
    (tree / "alice" / A1 / "my_work.ipynb").write_bytes(NB)
    (tree / "alice" / A1 / "timestamp.txt").write_text("2024-03-01 12:00:00")
    (tree / "bob" / A1).mkdir(parents=True)
    (tree / "bob" / "a9_unknown").mkdir(parents=True)
    report = collect(course, tree)
    assert [c.student_id for c in report.collected] == ["alice"]
    assert (course.submitted / "alice" / A1 / f"{A1}.ipynb").exists()
    statuses = sorted(p.status for p in report.problems)
    assert statuses == ["ignored", "renamed", "unmatched"]
