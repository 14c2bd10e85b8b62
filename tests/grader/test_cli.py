"""The instructor sub-commands are wired into `autodiff-course`, and demo runs end to end."""

from __future__ import annotations

import pytest

from course_grader.cli import build_parser, main


def test_instructor_commands_are_registered():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in ("release", "lint", "selfcheck", "collect", "grade", "demo", "lab"):
        assert name in sub.choices


def test_lab_opens_jupyterlab_on_the_course(capsys):
    assert main(["lab", "--dry-run", "--no-browser"]) == 0
    out = capsys.readouterr().out
    assert " lab " in f" {out} " and "--ServerApp.root_dir=" in out and "--no-browser" in out


def test_lint_command_passes_on_the_repository(capsys):
    assert main(["lint", "a1"]) == 0
    assert "a1_derivatives.ipynb: OK" in capsys.readouterr().out


@pytest.mark.slow
def test_demo_releases_collects_grades_and_prints_the_gradebook(tmp_path, capsys):
    assert main(["demo", "--dir", str(tmp_path), "--workers", "2"]) == 0
    out = capsys.readouterr().out
    assert "ada lovelace" in out and "20/20" in out
    assert "unmatched" in out and "duplicate" in out and "LATE" in out
    assert "feedback:" in out and "demo finished in" in out
    feedback = list((tmp_path / "course" / "feedback").rglob("*.html"))
    assert len(feedback) == 12
    rows = (tmp_path / "course" / "grades" / "a1_derivatives.csv").read_text().splitlines()
    assert len(rows) == 1 + 12 + 2


@pytest.mark.slow
def test_every_assignment_grades_as_its_author_means():
    """selfcheck: each solution gets full marks, each released stub zero."""
    from course_grader.course import Course, repo_root
    from course_grader.selfcheck import format_report, selfcheck

    course = Course(repo_root())
    for name in course.assignment_names():
        reports = selfcheck(course, name)
        assert all(r.ok for r in reports), format_report(reports)
