"""Grading one notebook: the plan comes from the source, the verdict from the grader."""

import copy
import json
from pathlib import Path

import pytest

from course_grader import cells as C
from course_grader.engine import GradeJob, build_plan, free_names, grade_job

REPO = Path(__file__).resolve().parents[2]
SOURCE = json.loads((REPO / "solutions/a1_derivatives/a1_derivatives.ipynb").read_text())
RELEASE = json.loads((REPO / "assignments/a1_derivatives/a1_derivatives.ipynb").read_text())


def _gid_cell(nb, gid):
    return next(c for c in nb["cells"] if C.grade_id(c) == gid)


def test_plan_follows_the_source_and_ignores_learner_test_cells():
    learner = copy.deepcopy(RELEASE)
    test_cell = _gid_cell(learner, "test_forward_diff")
    test_cell["source"] = "pass  # learner replaced the test"
    test_cell["metadata"]["nbgrader"]["points"] = 100
    learner["cells"].reverse()  # reordered
    plan, notes = build_plan(SOURCE, learner)
    tests = [p for p in plan if p.kind == C.TEST]
    assert [t.grade_id for t in tests][:2] == ["test_forward_diff", "test_central_diff"]
    assert tests[0].points == 2 and "check_close(forward_diff" in tests[0].code
    assert "BEGIN HIDDEN TESTS" not in tests[0].shown and "fn(" in tests[0].code


def test_deleted_test_cells_come_back_and_extra_cells_keep_their_place():
    learner = copy.deepcopy(RELEASE)
    learner["cells"] = [c for c in learner["cells"] if C.grade_id(c) != "test_central_diff"]
    idx = next(i for i, c in enumerate(learner["cells"]) if C.grade_id(c) == "forward_diff")
    learner["cells"].insert(
        idx + 1,
        {
            "cell_type": "code",
            "metadata": {},
            "source": "helper = 1",
            "outputs": [],
            "execution_count": None,
        },
    )
    plan, notes = build_plan(SOURCE, learner)
    ids = [p.grade_id or p.code for p in plan]
    assert "test_central_diff" in ids
    assert ids.index("helper = 1") == ids.index("forward_diff") + 1
    assert any("test_central_diff" in n for n in notes)


def test_answer_cells_are_matched_by_grade_id_and_missing_ones_reported():
    learner = copy.deepcopy(RELEASE)
    _gid_cell(learner, "forward_diff")["source"] = "def forward_diff(f, x, h):\n    return 0"
    learner["cells"] = [c for c in learner["cells"] if C.grade_id(c) != "central_diff"]
    plan, notes = build_plan(SOURCE, learner)
    answers = {p.grade_id: p.code for p in plan if p.kind == C.ANSWER}
    assert answers["forward_diff"].endswith("return 0") and answers["central_diff"] == ""
    assert any("central_diff is missing" in n for n in notes)


def test_free_names_are_what_the_test_reads_from_the_notebook():
    code = (
        "from course_lib.checks import check_close\nsteps = np.arange(3)\n"
        "for p in [1, 2]:\n    check_close(error_order(steps, steps**p), p)\n"
        "g = lambda t: helper(t)\n"
    )
    assert free_names(code) == {"error_order", "helper"}


def _grade(raw: bytes, student="s"):
    return grade_job(GradeJob("a1_derivatives", student, "a1_derivatives.ipynb", raw, SOURCE))


@pytest.mark.slow
def test_solution_gets_full_marks_and_the_stub_zero():
    perfect = _grade(json.dumps(SOURCE).encode())
    assert perfect.status == "graded" and perfect.score == perfect.max_score == 20
    stub = _grade(json.dumps(RELEASE).encode())
    assert stub.score == 0 and stub.max_score == 20
    messages = {t.grade_id: t.message for t in stub.tests}
    assert "forward_diff is not written yet" in messages["test_forward_diff"]
    assert "`edge_error_coefficient` is not defined" in messages["test_edge_error"]


@pytest.mark.slow
def test_partial_credit_and_a_numpy_warning_do_not_cost_a_correct_answer():
    learner = copy.deepcopy(SOURCE)
    # correct, but numpy warns on stderr inside the answer: no points lost for that
    _gid_cell(learner, "forward_diff")["source"] = (
        "import warnings\ndef forward_diff(f, x, h):\n"
        "    np.log(np.array([-1.0]))  # RuntimeWarning to stderr\n"
        "    warnings.warn('just a warning')\n"
        "    return (f(x + h) - f(x)) / h"
    )
    # the order from the two end points instead of a least-squares fit: the visible part only
    _gid_cell(learner, "measured_order")["source"] = (
        "def measured_order(method, f, df, x, hs):\n"
        "    e = [abs(method(f, x, h) - df(x)) for h in (hs[0], hs[-1])]\n"
        "    return float(np.log(e[1] / e[0]) / np.log(hs[-1] / hs[0]))"
    )
    # best step measured in float64 whatever dtype asks: the float64 third of the cell only
    _gid_cell(learner, "best_step")["source"] = (
        "def best_step(method, f, df, x, hs, dtype):\n"
        "    errors = [abs(method(f, x, h) - df(x)) for h in hs]\n"
        "    return float(hs[int(np.argmin(errors))])"
    )
    res = _grade(json.dumps(learner).encode())
    by_id = {t.grade_id: t for t in res.tests}
    assert by_id["test_forward_diff"].points == 2
    assert by_id["test_measured_order"].status == "partial"
    assert by_id["test_measured_order"].points == 1
    assert "not through the two ends" in by_id["test_measured_order"].message
    assert by_id["test_best_step"].status == "partial" and by_id["test_best_step"].points == 1
    assert "✓ [1/3] float64" in by_id["test_best_step"].message
    assert res.score == 20 - 3 - 2
