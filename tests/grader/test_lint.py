"""The contract lint: test cells never end in a bare expression, use checks not asserts, and
every source notebook in solutions/ passes."""

from pathlib import Path

import pytest

from course_grader import authoring
from course_grader.authoring import answer, setup, write_notebook
from course_grader.course import Course
from course_grader.lint import lint_notebook, lint_test_source

REPO = Path(__file__).resolve().parents[2]
IMPORT = "from course_lib.checks import check_close\n"


@pytest.mark.parametrize(
    "code",
    [
        IMPORT + "check_close(f(1), 2)\nf(1)",
        IMPORT + "check_close(f(1), 2)\n3.0",
        IMPORT + "check_close(f(1), 2)\nscore(f)",
        IMPORT + "check_close(f(1), 2)\n### BEGIN HIDDEN TESTS\ncheck_close(f(2), 4)\n"
        "### END HIDDEN TESTS\nf(2) * 0.5",
    ],
)
def test_bare_expression_at_the_end_is_reported(code):
    problems = lint_test_source("t", code)
    assert any("score" in p for p in problems), problems


def test_released_part_is_linted_separately():
    code = IMPORT + "x = f(1)\n### BEGIN HIDDEN TESTS\ncheck_close(x, 2)\n### END HIDDEN TESTS"
    assert lint_test_source("t", code) == []
    code = IMPORT + "f(1)\n### BEGIN HIDDEN TESTS\ncheck_close(f(1), 2)\n### END HIDDEN TESTS"
    assert any("released test cell ends" in p for p in lint_test_source("t", code))


def test_bare_assert_and_missing_import_are_reported():
    assert any(
        "bare `assert`" in p
        for p in lint_test_source("t", IMPORT + "assert f(1) == 2\ncheck_close(1, 1)")
    )
    assert any("without" in p for p in lint_test_source("t", "check_close(f(1), 2)"))


def test_good_cells_pass():
    assert lint_test_source("t", IMPORT + "check_close(f(1), 2, name='f(1)')") == []
    code = (
        "from course_lib.checks import Rubric, check_close\nr = Rubric()\n"
        "with r.part(1, 'a'):\n    check_close(1, 1)\nr.finish()"
    )
    assert lint_test_source("t", code) == []


def test_notebook_level_rules(tmp_path):
    cells = [
        setup("setup", "import numpy as np"),
        answer("f", "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"),
        authoring.test("test_f", 3, IMPORT + "check_close(f(1), 2)"),
        authoring.test("test_f", 1, IMPORT + "check_close(f(2), 4)"),
    ]
    path = write_notebook(tmp_path / "x.ipynb", cells)
    problems = lint_notebook(path)
    assert any("also used by cell" in p for p in problems)
    cells[3] = authoring.test("test_g", 2, IMPORT + "check_close(f(2), 4)")
    assert lint_notebook(write_notebook(tmp_path / "y.ipynb", cells)) == []
    cells[3] = authoring.test("test_g", 1, IMPORT + "check_close(f(2), 4)")
    problems = lint_notebook(write_notebook(tmp_path / "z.ipynb", cells))
    assert problems == ["z.ipynb: points total 4, should be a multiple of 5"]


def test_every_source_notebook_passes_lint():
    course = Course(REPO)
    names = course.assignment_names()
    assert "a1_derivatives" in names
    for name in names:
        for nb in course.source_notebooks(name):
            assert lint_notebook(nb) == [], nb
