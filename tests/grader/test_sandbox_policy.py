"""An assignment's kernel policy, end to end: a3 graded with `course_lib` reduced to its checks.

The policy comes from the instructor's source notebook (never the learner's): with
`"autodiff_course": {"kernel_course_lib": "checks-only"}` in its metadata, `grade_job` runs the
kernel with a course_lib that has nothing but `checks`. The solution still earns full marks, and
an answer that reaches for course_lib's engine loses the points that depend on it.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from course_grader import bwrap
from course_grader import cells as C
from course_grader.engine import GradeJob, grade_job
from course_grader.sandbox import Limits

REPO = Path(__file__).resolve().parents[2]
SOURCE = json.loads((REPO / "solutions/a3_build_autodiff/a3_build_autodiff.ipynb").read_text())
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
BWRAP = bwrap.find_bwrap()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ROOT, reason="the bwrap sandbox needs root"),
    pytest.mark.skipif(
        BWRAP is None or not bwrap.probe(BWRAP)[0],
        reason="bubblewrap is not installed or cannot run here (Debian package `bubblewrap`)",
    ),
]
MAX = sum(c.points for c in C.read_source_cells(SOURCE) if c.kind == C.TEST)


def _source(policy: str | None) -> dict:
    nb = copy.deepcopy(SOURCE)
    nb["metadata"].pop("autodiff_course", None)
    if policy:
        nb["metadata"]["autodiff_course"] = {"kernel_course_lib": policy}
    return nb


def _submission(reach_for_the_engine: bool) -> bytes:
    nb = copy.deepcopy(SOURCE)
    if reach_for_the_engine:
        for cell in nb["cells"]:
            if C.grade_id(cell) == "grad":
                cell["source"] = "import course_lib.tensor as _engine\n" + C.source_text(cell)
    return json.dumps(nb).encode()


def _grade(policy: str | None, cheat: bool):
    job = GradeJob(
        "a3_build_autodiff",
        "s1",
        "a3_build_autodiff.ipynb",
        _submission(cheat),
        _source(policy),
        limits=Limits(cell_timeout=20.0, isolate="bwrap"),
    )
    return grade_job(job)


def test_a3_in_checks_only_mode_grades_the_solution_in_full():
    result = _grade("checks-only", cheat=False)
    assert result.status == "graded" and result.isolation == "bwrap"
    assert result.score == MAX, [t for t in result.tests if t.status != "passed"]


def test_reaching_for_the_engine_works_in_full_mode_and_fails_in_checks_only():
    """The same answer cell imports the engine: it runs where course_lib is whole, and fails
    where the assignment asked for checks only (whatever the source scan makes of it)."""
    full = _grade(None, cheat=True)
    strict = _grade("checks-only", cheat=True)
    assert [c.status for c in full.cells if c.grade_id == "grad"] == ["ok"]
    assert [c.status for c in strict.cells if c.grade_id == "grad"] == ["error"]
    assert strict.score < MAX


def test_no_other_engine_is_found_in_checks_only_mode_however_it_is_imported():
    """torch (a dependency of the course) behind a module the notebook writes itself: no source
    scan sees it, and a Value wrapping torch tensors earned a3's engine points (16 of 25). In a
    checks-only kernel torch, jax, sympy, ... are not on the filesystem."""
    import importlib.util

    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed here")
    write = ("SRC = 'import tor' + 'ch as T\\nX = float(T.tensor(2.0) ** 2)\\n'\n"
             "with open('eng.py', 'w') as fh:\n    fh.write(SRC)\n"
             "import eng\nprint('engine', eng.X)\n")

    def run(policy):
        nb = copy.deepcopy(SOURCE)
        nb["cells"].append({"cell_type": "code", "metadata": {}, "source": write,
                            "outputs": [], "execution_count": None})
        job = GradeJob("a3_build_autodiff", "s1", "a3_build_autodiff.ipynb",
                       json.dumps(nb).encode(), _source(policy),
                       limits=Limits(cell_timeout=60.0, isolate="bwrap"))
        res = grade_job(job)
        (cell,) = [c for c in res.cells if c.source == write]
        return cell

    full, strict = run(None), run("checks-only")
    assert full.status == "ok" and "engine 4.0" in json.dumps(full.outputs), full.outputs
    assert strict.status == "error", strict.outputs


A4 = json.loads(
    (REPO / "solutions/a4_autograd_in_practice/a4_autograd_in_practice.ipynb").read_text()
)
_A4_VJPS = next(C.source_text(c) for c in A4["cells"] if C.grade_id(c) == "two_vjps")
WRITTEN_FUNCTIONAL = (  # course_lib.functional.jacobian, through a module the notebook writes
    "SRC = 'from course_lib.func' + 'tional import jacobian as J\\n'\n"
    "with open('helper.py', 'w') as fh:\n    fh.write(SRC)\n"
    "from helper import J\n\n"
    + _A4_VJPS.split("def frozen_norm_grad")[0]
    + "def frozen_norm_grad(g, x_values):  # no detach: the library's Jacobian, scaled\n"
    "    x = cl.tensor(np.asarray(x_values, dtype=np.float64))\n"
    "    return J(lambda t: g(t).sum(), x).numpy() / float(g(x).norm().item())\n"
)


def _grade_a4(hide: list[str] | None, answers: dict[str, str]):
    source = copy.deepcopy(A4)
    source["metadata"].pop("autodiff_course", None)
    if hide is not None:
        source["metadata"]["autodiff_course"] = {"kernel_hide_modules": hide}
    nb = copy.deepcopy(A4)
    for cell in nb["cells"]:
        if C.grade_id(cell) in answers:
            cell["source"] = answers[C.grade_id(cell)]
    job = GradeJob("a4_autograd_in_practice", "s1", "a4_autograd_in_practice.ipynb",
                   json.dumps(nb).encode(), source,
                   limits=Limits(cell_timeout=60.0, isolate="bwrap"))
    return grade_job(job)


def test_a_shortcut_module_the_kernel_policy_hides_is_not_found_however_it_is_imported():
    """a4 asks for gradients built from backward passes (`detach` for frozen_norm_grad);
    `course_lib.functional.jacobian` imported through a module the notebook writes passes every
    check_source_avoids (full marks on test_backward_passes). With `kernel_hide_modules` the
    kernel has no such module; the solution, which uses the rest of course_lib, keeps full
    marks."""
    hide = ["course_lib.functional", "torch"]
    solution = _grade_a4(hide, {})
    assert solution.score == solution.max_score, [t for t in solution.tests if t.points == 0]
    attack = {"two_vjps": WRITTEN_FUNCTIONAL}
    open_door = {t.grade_id: t for t in _grade_a4(None, attack).tests}
    closed = {t.grade_id: t for t in _grade_a4(hide, attack).tests}
    passes = "test_backward_passes"
    assert open_door[passes].points == open_door[passes].max_points, open_door[passes].message
    assert closed[passes].points == 0, closed[passes].message


def test_kernel_hide_modules_is_read_from_the_source_and_checked():
    from course_grader.sandbox import kernel_policy_from_notebook

    meta = {"autodiff_course": {"kernel_hide_modules": ["course_lib.functional", "torch"]}}
    assert kernel_policy_from_notebook(meta) == {
        "hide_modules": ("course_lib.functional", "torch")
    }
    with pytest.raises(ValueError, match="list of module names"):
        kernel_policy_from_notebook({"autodiff_course": {"kernel_hide_modules": "torch"}})
    with pytest.raises(ValueError, match="list of module names"):
        kernel_policy_from_notebook({"autodiff_course": {"kernel_hide_modules": ["../etc"]}})
