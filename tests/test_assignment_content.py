"""Assignments 2-4 grade the way their text promises.

Fast checks: each source notebook is what its build.py writes, points add up per question and
in total, and every question names the lesson it practises. Slow checks use the real grading
engine: the solution gets full marks and the released stub zero (`selfcheck`), and typical
mistakes lose exactly the points of the test that targets them, with a message that says why.
"""

from __future__ import annotations

import copy
import json
import re
import runpy
from pathlib import Path

import nbformat
import pytest

from course_grader import cells as C
from course_grader.authoring import write_notebook

ROOT = Path(__file__).resolve().parents[1]
TOTALS = {"a2_chain_rule": 20, "a3_build_autodiff": 25, "a4_autograd_in_practice": 25}


def source_path(name: str) -> Path:
    return ROOT / "solutions" / name / f"{name}.ipynb"


def read_source(name: str):
    return nbformat.read(str(source_path(name)), as_version=4)


# --------------------------------------------------------------------------- fast checks


# a3 and a4 are generated from content/assignments/ (tests/grader/test_authoring.py checks them)
BUILT_BY_SCRIPT = [n for n in sorted(TOTALS) if (ROOT / "solutions" / n / "build.py").exists()]


@pytest.mark.parametrize("name", BUILT_BY_SCRIPT)
def test_source_notebook_is_what_build_script_writes(name, tmp_path):
    cells = runpy.run_path(str(ROOT / "solutions" / name / "build.py"))["cells"]
    rebuilt = nbformat.read(str(write_notebook(tmp_path / "nb.ipynb", cells)), as_version=4)
    committed = read_source(name)
    assert [(c.cell_type, c.source, c.metadata) for c in rebuilt.cells] == [
        (c.cell_type, c.source, c.metadata) for c in committed.cells
    ], f"solutions/{name}/{name}.ipynb is stale: run python solutions/{name}/build.py"
    assert all(not c.get("outputs") for c in committed.cells if c.cell_type == "code")


def questions(nb) -> list[tuple[str, int, int]]:
    """(heading, points the heading promises, points of the test cells under it) per question."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^## (\d+)\..*?\((\d+) points?", cell.source, re.MULTILINE)
            if match:
                found.append([match.group(0), int(match.group(2)), 0])
        elif C.cell_kind(cell) == C.TEST:
            assert found, f"test cell {C.grade_id(cell)} comes before any question"
            found[-1][2] += C.points(cell)
    return [tuple(q) for q in found]


@pytest.mark.parametrize("name", sorted(TOTALS))
def test_points_per_question_match_the_text(name):
    nb = read_source(name)
    qs = questions(nb)
    assert len(qs) >= 4
    for heading, promised, actual in qs:
        assert promised == actual, f"{name}: '{heading}' promises {promised}, tests give {actual}"
    total = int(sum(actual for _, _, actual in qs))
    assert total == TOTALS[name] and total % 5 == 0
    assert f"{total} points in total" in " ".join(nb.cells[0].source.split())


@pytest.mark.parametrize("name", sorted(TOTALS))
def test_every_question_names_its_lesson_and_every_test_cell_too(name):
    nb = read_source(name)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and re.match(r"## \d+\.", cell.source):
            lessons = [int(n) for n in re.findall(r"Lessons? (\d+)", cell.source)]
            assert lessons and all(1 <= n <= 11 for n in lessons), cell.source[:80]
        if C.cell_kind(cell) == C.TEST:
            assert re.search(r"lesson=[\"']Lesson \d+", cell.source), C.grade_id(cell)


# --------------------------------------------------------------------------- the real grader


def grade(name: str, edits: dict[str, list[tuple[str, str]]] | None = None):
    """Grade the solution notebook, with `edits` (grade_id -> [(old, new)]) applied, as a learner
    submission; returns {grade_id: TestResult}."""
    from course_grader.engine import GradeJob, grade_job

    source = json.loads(source_path(name).read_text(encoding="utf-8"))
    submission = copy.deepcopy(source)
    for cell in submission["cells"]:
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        for old, new in (edits or {}).get(gid, []):
            text = "".join(cell["source"])
            assert old in text, f"edit for {gid} does not apply: {old!r}"
            cell["source"] = text.replace(old, new)
    job = GradeJob(name, "mutant", source_path(name).name, json.dumps(submission).encode(), source)
    result = grade_job(job)
    assert result.status == "graded", result.reason
    return {t.grade_id: t for t in result.tests}


def full(tests, gid) -> bool:
    return tests[gid].points == tests[gid].max_points


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TOTALS))
def test_solution_gets_full_marks_and_stub_gets_zero(name):
    from course_grader.course import Course
    from course_grader.selfcheck import format_report, selfcheck

    (report,) = selfcheck(Course.at(ROOT), name)
    assert report.ok, format_report([report])
    assert report.perfect.score == report.perfect.max_score == TOTALS[name]
    assert report.stub.score == 0


RECURSIVE_TOPO = '''
def topo_order(root):
    order, seen = [], set()
    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for child in node._children:
                visit(child)
            order.append(node)
    visit(root)
    return order
'''


@pytest.mark.slow
def test_a3_recursive_topological_sort_loses_only_the_deep_chain():
    nb = read_source("a3_build_autodiff")
    topo_cell = next(c.source for c in nb.cells if C.grade_id(c) == "topo_order")
    tests = grade("a3_build_autodiff", {"topo_order": [(topo_cell, RECURSIVE_TOPO)]})
    assert tests["test_deep_chain"].points == 0
    message = tests["test_deep_chain"].message
    assert "RecursionError" in message and "use an explicit stack" in message
    assert all(full(tests, gid) for gid in tests if gid != "test_deep_chain")


WRAPPED_GRAD = '''
def grad(f, *xs):
    import course_lib as cl
    ts = [cl.tensor(x, dtype=cl.float64, requires_grad=True) for x in xs]
    f(*ts).backward()
    return [t.grad.item() for t in ts]
'''


@pytest.mark.slow
def test_a3_wrapping_course_lib_earns_nothing_even_where_numbers_are_right():
    nb = read_source("a3_build_autodiff")
    grad_cell = next(c.source for c in nb.cells if C.grade_id(c) == "grad")
    tests = grade("a3_build_autodiff", {"grad": [(grad_cell, WRAPPED_GRAD)]})
    assert sum(t.points for t in tests.values()) == 0, {g: t.points for g, t in tests.items()}
    message = tests["test_local_derivatives"].message
    assert "course_lib" in message and "write the engine" in message
    assert "check_source_avoids" not in message  # hidden test code never reaches feedback


@pytest.mark.slow
def test_a3_assignment_instead_of_accumulation_is_caught_by_backprop_tests():
    tests = grade("a3_build_autodiff", {"value": [
        ("self.grad += other.data * out.grad", "self.grad = other.data * out.grad"),
        ("other.grad += self.data * out.grad", "other.grad = self.data * out.grad"),
    ]})
    # every backprop part reuses a value (x*x, a*b + a, c*c + c): none of them can pass
    assert tests["test_backprop"].points == 0
    assert "+=" in tests["test_backprop"].message
    for gid in ["test_value_forward", "test_topo_order", "test_numerical_grad"]:
        assert full(tests, gid), gid


@pytest.mark.slow
def test_a2_transposed_weight_gradient_is_explained_by_its_shape():
    tests = grade("a2_chain_rule", {"relu_layer_grads": [
        ("return np.outer(upstream, x), upstream", "return np.outer(x, upstream), upstream"),
    ]})
    t = tests["test_relu_layer_grads"]
    assert 0 < t.points < t.max_points  # db is still right
    assert "parameter's shape" in t.message and "(2, 3)" in t.message
    assert all(full(tests, gid) for gid in tests if gid != "test_relu_layer_grads")


@pytest.mark.slow
def test_a4_common_mistakes_lose_the_targeted_points():
    tests = grade("a4_autograd_in_practice", {
        "detach_grads": [("x.grad.zero_()\n", "\n")],
        # a closed-form "descent" that jumps to the minimum passes nothing that checks the steps
        "gradient_descent": [("return w.detach().numpy(), losses",
                              "return np.linalg.solve(A, b), [0.0] * steps")],
    })
    detach = tests["test_detach_grads"]
    assert 0 < detach.points < detach.max_points and "zero_()" in detach.message
    gd = tests["test_gradient_descent"]
    assert gd.points < gd.max_points - 2
    for gid in ["test_f_and_grad", "test_vjp", "test_train_and_predict"]:
        assert full(tests, gid), gid
