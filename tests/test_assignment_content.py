"""Assignments 1-4 grade the way their text promises.

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
TOTALS = {
    "a1_derivatives": 20,
    "a2_chain_rule": 20,
    "a3_build_autodiff": 25,
    "a4_autograd_in_practice": 25,
}


def source_path(name: str) -> Path:
    return ROOT / "solutions" / name / f"{name}.ipynb"


def read_source(name: str):
    return nbformat.read(str(source_path(name)), as_version=4)


# --------------------------------------------------------------------------- fast checks


BUILD_SCRIPTS = sorted(n for n in TOTALS if (ROOT / "solutions" / n / "build.py").exists())


@pytest.mark.parametrize("name", BUILD_SCRIPTS)
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


# --------------------------------------------------------------------------- simulated learners
#
# A paste-only learner pastes lesson cells and the formulas the lessons print; a shortcut
# learner uses the course's tools where the task asks for work (autograd, numdiff's stencils and
# optimal_h, typed constants, writing a black-box matrix out). Each must score at most 30 %.
# Answers a learner does not give stay nbgrader's stub.


def grade_answers(name: str, answers: dict[str, str]):
    """Grade the released notebook with `answers` (grade_id -> cell source) filled in."""
    from course_grader.engine import GradeJob, grade_job

    source = json.loads(source_path(name).read_text(encoding="utf-8"))
    release = json.loads(
        (ROOT / "assignments" / name / f"{name}.ipynb").read_text(encoding="utf-8")
    )
    answer_ids = {C.grade_id(c) for c in release["cells"] if C.cell_kind(c) == C.ANSWER}
    assert set(answers) <= answer_ids, set(answers) - answer_ids
    for cell in release["cells"]:
        if C.grade_id(cell) in answers:
            cell["source"] = answers[C.grade_id(cell)]
    job = GradeJob(name, "learner", source_path(name).name, json.dumps(release).encode(), source)
    result = grade_job(job)
    assert result.status == "graded", result.reason
    return result


def points_of(result) -> dict[str, float]:
    return {t.grade_id: t.points for t in result.tests}


def code(*lines: str) -> str:
    return "\n".join(lines) + "\n"


A1_BASICS = {  # the two quotients of Lesson 3 §2 and §6: everyone gets these
    "forward_diff": code("def forward_diff(f, x, h):", "    return (f(x + h) - f(x)) / h"),
    "central_diff": code("def central_diff(f, x, h):",
                         "    return (f(x + h) - f(x - h)) / (2 * h)"),
}

A1_PASTE_ONLY = {
    **A1_BASICS,
    "measured_order": code(  # Lesson 3 §2 "Checking the orders": log2 of the last ratio
        "import math",
        "def measured_order(method, f, df, x, hs):",
        "    errors = [abs(method(f, x, h) - df(x)) for h in hs]",
        "    ratios = [e1 / e2 for e1, e2 in zip(errors, errors[1:])]",
        "    return math.log2(ratios[-1])",
    ),
    "edge_second_diff": code(  # the second-derivative stencil Lesson 3 §2 prints
        "def edge_second_diff(f, x, h, slope):",
        "    return (f(x - h) - 2 * f(x) + f(x + h)) / h**2",
    ),
    "edge_error": code("edge_error_coefficient = 1 / 12"),  # printed beside that stencil
    "best_step": code(  # Lesson 3 §4: the sweep's measured best h
        "from course_lib import numdiff",
        "def best_step(method, f, df, x, hs, dtype):",
        "    return numdiff.error_vs_h(f, df, x, 'central', dtype).best_h",
    ),
    "subdifferential": code(  # Lesson 2 §2's subdifferential_abs
        "def subdifferential(f, x0):",
        "    if x0 > 0:",
        "        return (1.0, 1.0)",
        "    if x0 < 0:",
        "        return (-1.0, -1.0)",
        "    return (-1.0, 1.0)",
    ),
}

A1_SHORTCUT = {
    **A1_BASICS,
    "measured_order": code(  # typed orders, looked up by the method's name
        "def measured_order(method, f, df, x, hs):",
        "    orders = {'forward_diff': 1.0, 'central_diff': 2.0}",
        "    return orders.get(getattr(method, '__name__', ''), 2.0)",
    ),
    "edge_second_diff": code(  # numdiff solves a Taylor system, but without the slope
        "from course_lib import numdiff",
        "def edge_second_diff(f, x, h, slope):",
        "    scheme = numdiff.stencil((0, -1, -2), derivative_order=2)",
        "    return sum(w * f(x + o * h) for o, w in scheme.terms) / h**2",
    ),
    "edge_error": code(
        "from course_lib import numdiff",
        "edge_error_coefficient = numdiff.stencil((0, -1, -2), 2).error_constant",
    ),
    "best_step": code(  # the error model's optimum, snapped to the grid
        "from course_lib import numdiff",
        "def best_step(method, f, df, x, hs, dtype):",
        "    name = 'forward' if getattr(method, '__name__', '') == 'forward_diff' "
        "else 'central'",
        "    hs = np.asarray(hs, dtype=float)",
        "    best = numdiff.optimal_h(name, dtype)",
        "    return float(hs[np.argmin(np.abs(np.log(hs) - np.log(best)))])",
    ),
    "subdifferential": code(  # autograd's one number at the kink
        "import course_lib as cl",
        "def subdifferential(f, x0):",
        "    t = cl.tensor(float(x0), dtype=cl.float64, requires_grad=True)",
        "    f(t).backward()",
        "    return (t.grad.item(), t.grad.item())",
    ),
}

A2_PASTE_ONLY = {
    "grad_quadratic": code(  # Lesson 4's x^T x -> 2x, with A in the middle
        "def grad_quadratic(matvec, rmatvec, x):", "    return 2 * matvec(x)"),
    "grad_softmax_ce": code(  # Lesson 5's least-squares gradient 2 X^T (Xw - y)
        "def grad_softmax_ce(matvec, rmatvec, x, y):", "    return 2 * rmatvec(matvec(x) - y)"),
    "grad_residual_norm": code(
        "def grad_residual_norm(matvec, rmatvec, x, b):",
        "    return 2 * rmatvec(matvec(x) - b)"),
    "in_norm_subdifferential": code(  # Lesson 2's [-1, 1], entry by entry
        "def in_norm_subdifferential(s):", "    return bool(np.all(np.abs(s) <= 1))"),
    "softmax_jacobian_parts": code(  # Lesson 5 §3's diagonal Jacobian of tanh, for softmax
        "def softmax_jacobian_parts(p):",
        "    return p * (1 - p), np.zeros_like(p), np.zeros_like(p)"),
}

_DENSE = "    A = np.stack([matvec(e) for e in np.eye(len(x))], axis=1)  # A written out"
A2_SHORTCUT = {  # autograd on the matrix written out column by column
    "grad_quadratic": code(
        "import course_lib as cl",
        "def grad_quadratic(matvec, rmatvec, x):",
        _DENSE,
        "    t = cl.tensor(x, dtype=cl.float64, requires_grad=True)",
        "    (t @ (cl.tensor(A) @ t)).backward()",
        "    return t.grad.numpy()",
    ),
    "grad_softmax_ce": code(
        "import course_lib as cl",
        "def grad_softmax_ce(matvec, rmatvec, x, y):",
        _DENSE,
        "    t = cl.tensor(x, dtype=cl.float64, requires_grad=True)",
        "    logp = cl.log_softmax(cl.tensor(A) @ t, dim=0)",
        "    (-(cl.tensor(y) * logp).sum()).backward()",
        "    return t.grad.numpy()",
    ),
    "grad_residual_norm": code(
        "import course_lib as cl",
        "def grad_residual_norm(matvec, rmatvec, x, b):",
        _DENSE,
        "    t = cl.tensor(x, dtype=cl.float64, requires_grad=True)",
        "    r = cl.tensor(A) @ t - cl.tensor(b)",
        "    cl.sqrt((r * r).sum()).backward()",
        "    return t.grad.numpy()",
    ),
    "in_norm_subdifferential": A2_PASTE_ONLY["in_norm_subdifferential"],
    "softmax_jacobian_parts": code(  # autograd's Jacobian at z = log p, kept diagonal
        "import course_lib as cl",
        "from course_lib.functional import jacobian",
        "def softmax_jacobian_parts(p):",
        "    J = jacobian(lambda z: cl.softmax(z, dim=0), cl.tensor(np.log(p))).numpy()",
        "    return np.diag(J), np.zeros_like(p), np.zeros_like(p)",
    ),
}

LEARNERS = {
    ("a1_derivatives", "paste-only"): A1_PASTE_ONLY,
    ("a1_derivatives", "shortcut"): A1_SHORTCUT,
    ("a2_chain_rule", "paste-only"): A2_PASTE_ONLY,
    ("a2_chain_rule", "shortcut"): A2_SHORTCUT,
}


@pytest.mark.slow
@pytest.mark.parametrize("name, learner", sorted(LEARNERS))
def test_a1_a2_paste_only_and_shortcut_learners_score_at_most_30_percent(name, learner):
    result = grade_answers(name, LEARNERS[name, learner])
    assert result.max_score == TOTALS[name]
    assert result.score <= 0.3 * result.max_score, (learner, points_of(result))
    if name == "a1_derivatives":  # the basics are right, so the bound is not met by crashing
        assert points_of(result)["test_forward_diff"] == 2


def solutions_of(name: str) -> dict[str, str]:
    from course_grader.sample_class import solution_code

    nb = read_source(name)
    return {C.grade_id(c): solution_code(C.source_text(c))
            for c in nb.cells if C.cell_kind(c) == C.ANSWER}


@pytest.mark.slow
def test_a1_central_difference_without_its_2_loses_that_test():
    answers = {**solutions_of("a1_derivatives"), "central_diff": code(
        "def central_diff(f, x, h):", "    return (f(x + h) - f(x - h)) / h")}
    tests = {t.grade_id: t for t in grade_answers("a1_derivatives", answers).tests}
    assert tests["test_central_diff"].points == 0
    assert "central_diff(np.sin, 1.0, 1e-4)" in tests["test_central_diff"].message
    for gid in ["test_forward_diff", "test_edge_second_diff", "test_edge_error",
                "test_subdifferential"]:
        assert full(tests, gid), gid


@pytest.mark.slow
def test_a1_typical_mistakes_lose_the_targeted_points():
    answers = {
        **solutions_of("a1_derivatives"),
        "measured_order": code(  # the two end points, not a least-squares fit
            "def measured_order(method, f, df, x, hs):",
            "    e = [abs(method(f, x, h) - df(x)) for h in (hs[0], hs[-1])]",
            "    return float(np.log(e[1] / e[0]) / np.log(hs[-1] / hs[0]))",
        ),
        "edge_second_diff": code(  # three values, the slope unused: order 1
            "def edge_second_diff(f, x, h, slope):",
            "    return (f(x) - 2 * f(x - h) + f(x - 2 * h)) / h**2",
        ),
        "edge_error": code("edge_error_coefficient = 1 / 6"),  # the sign lost
        "best_step": code(  # dtype ignored: always measured in float64
            "def best_step(method, f, df, x, hs, dtype):",
            "    errors = [abs(method(f, x, h) - df(x)) for h in hs]",
            "    return float(hs[int(np.argmin(errors))])",
        ),
        "subdifferential": code(  # a central difference: one slope, not the interval
            "def subdifferential(f, x0):",
            "    g = (f(x0 + 1e-6) - f(x0 - 1e-6)) / 2e-6",
            "    return (g, g)",
        ),
    }
    tests = {t.grade_id: t for t in grade_answers("a1_derivatives", answers).tests}
    assert full(tests, "test_forward_diff") and full(tests, "test_central_diff")
    assert tests["test_measured_order"].points == 1  # the visible orders, not the fit
    assert "not through the two ends" in tests["test_measured_order"].message
    assert tests["test_edge_second_diff"].points == 0
    assert tests["test_edge_error"].points == 0 and "sign" in tests["test_edge_error"].message
    assert tests["test_best_step"].points == 1
    assert "✓ [1/3] float64" in tests["test_best_step"].message
    assert tests["test_subdifferential"].points == 0


@pytest.mark.slow
def test_a2_typical_mistakes_lose_the_targeted_points():
    answers = {
        **solutions_of("a2_chain_rule"),
        "grad_quadratic": code(  # as if A were symmetric
            "def grad_quadratic(matvec, rmatvec, x):", "    return 2 * matvec(x)"),
        "grad_softmax_ce": code(  # right gradient, softmax that overflows
            "def grad_softmax_ce(matvec, rmatvec, x, y):",
            "    e = np.exp(matvec(x))",
            "    return rmatvec(e / e.sum() - y)",
        ),
        "grad_residual_norm": code(  # the squared norm's gradient
            "def grad_residual_norm(matvec, rmatvec, x, b):",
            "    return 2 * rmatvec(matvec(x) - b)",
        ),
        "in_norm_subdifferential": code(  # the 1-norm's box, not the 2-norm's ball
            "def in_norm_subdifferential(s):", "    return bool(np.all(np.abs(s) <= 1))"),
    }
    tests = {t.grade_id: t for t in grade_answers("a2_chain_rule", answers).tests}
    assert tests["test_grad_quadratic"].points == 0
    assert "A is not symmetric" in tests["test_grad_quadratic"].message
    assert tests["test_grad_softmax_ce"].points == 3 and "overflows" in \
        tests["test_grad_softmax_ce"].message
    assert tests["test_grad_residual_norm"].points == 0
    assert "not the squared norm" in tests["test_grad_residual_norm"].message
    assert tests["test_in_norm_subdifferential"].points == 1
    assert "||r||_1" in tests["test_in_norm_subdifferential"].message
    assert full(tests, "test_softmax_jacobian_parts")


def test_the_readme_links_the_grading_contract_and_it_names_the_rules():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]*GRADING_CONTRACT[^)]*)\)", readme)
    assert links and all((ROOT / link).is_file() for link in links)
    contract = (ROOT / links[0]).read_text(encoding="utf-8")
    for rule in ["Cell kinds", "Rubric", "HIDDEN TESTS", "may not do", "30 %"]:
        assert rule in contract, rule


@pytest.mark.parametrize("name", ["a1_derivatives", "a2_chain_rule"])
def test_a1_a2_released_test_cells_fit_the_notebook_width(name):
    nb = nbformat.read(str(ROOT / "assignments" / name / f"{name}.ipynb"), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            long = [line for line in cell.source.splitlines() if len(line) > 90]
            assert not long, (C.grade_id(cell), long)


@pytest.mark.slow
def test_a1_the_stub_reads_the_same_in_the_notebook_and_in_the_feedback():
    from course_lib.checks import missing_name_message, not_written_message

    tests = {t.grade_id: t for t in grade_answers("a1_derivatives", {}).tests}
    assert missing_name_message("edge_error_coefficient") in tests["test_edge_error"].message
    engine_words = tests["test_forward_diff"].message.removeprefix("✗ ")
    assert not_written_message("forward_diff").startswith(engine_words)
    assert not_written_message("measured_order") in tests["test_measured_order"].message
