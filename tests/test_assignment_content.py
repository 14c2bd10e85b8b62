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
from pathlib import Path

import nbformat
import pytest

from course_grader import cells as C

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


@pytest.mark.parametrize("name", sorted(TOTALS))
def test_time_estimate_is_the_sum_of_the_questions_and_at_most_an_hour(name):
    """Issue 12: 30-60 minutes of work, an honest estimate. Each question gives its minutes
    under its heading, and the intro's estimate is their sum, in both editions."""
    nb = read_source(name)
    zh_nb = nbformat.read(str(ROOT / "assignments" / "zh" / name / f"{name}.ipynb"), as_version=4)
    zh_text = {C.grade_id(c): c.source for c in zh_nb.cells if c.cell_type == "markdown"}
    heads = [c for c in nb.cells if c.cell_type == "markdown" and re.match(r"## \d+\.", c.source)]
    en = [int(re.search(r"^\*About (\d+) minutes", c.source, re.M).group(1)) for c in heads]
    zh = [int(re.search(r"^\*大约 (\d+) 分钟", zh_text[C.grade_id(c)], re.M).group(1))
          for c in heads]
    assert en == zh and len(en) == len(questions(nb))
    intro_en = " ".join(nb.cells[0].source.split())
    intro_zh = zh_text[C.grade_id(nb.cells[0])]
    said = int(re.search(r"about (\d+) minutes \(", intro_en).group(1))
    assert said == sum(en) and 30 <= said <= 60
    assert [int(m) for _, m in re.findall(r"question (\d+): (\d+)", intro_en)] == en
    assert f"大约需要 {said} 分钟" in intro_zh
    assert [int(m) for m in re.findall(r"第 \d+ 题 (\d+) 分钟", intro_zh)] == zh


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


# --------------------------------------------------------------------------- a3 and a4: learners
# Simulated learners, graded with the real engine. A "paste-only" learner pastes lesson cells and
# the formulas printed in the assignment's own text, and derives nothing; a "shortcut" learner
# takes the shortcuts the course's tools offer (wrapping course_lib, finite differences where a
# derivative is asked, typed constants, objects that lie, no training). Each may score at most
# 30 % of the points (issue 12); the solution scores all of them and the stub none.

A34_BOUND = 0.30


def a34_grade(name: str, answers: dict[str, str], extra: list[tuple[str, str]] = ()):
    """Grade the released notebook with `answers` ({grade id: cell source}) filled in, and
    `extra` cells (after the cell with that grade id) added, as a learner would submit it."""
    from course_grader.engine import GradeJob, grade_job

    released = json.loads((ROOT / "assignments" / name / f"{name}.ipynb").read_text("utf-8"))
    source = json.loads(source_path(name).read_text(encoding="utf-8"))
    cells = []
    for cell in released["cells"]:
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell = dict(cell, source=answers[gid])
        cells.append(cell)
        for after, code in extra:
            if after == gid:
                cells.append({"cell_type": "code", "metadata": {}, "source": code,
                              "outputs": [], "execution_count": None, "id": f"x{len(cells)}"})
    submission = dict(released, cells=cells)
    job = GradeJob(name, "learner", f"{name}.ipynb", json.dumps(submission).encode(), source)
    result = grade_job(job)
    assert result.status == "graded", result.reason
    return result


def a34_report(result) -> str:
    return f"{result.score}/{result.max_score}: " + ", ".join(
        f"{t.grade_id} {t.points:g}/{t.max_points:g}" for t in result.tests)


def checks_only_kernels() -> bool:
    """Does this grader honour `kernel_course_lib: checks-only` (the sandbox's policy)?"""
    from course_grader import sandbox

    return "course_lib" in getattr(sandbox.Limits, "__dataclass_fields__", {})


A3_PASTE = {
    # L06's explicit-stack topological order, micrograd-style accumulation into .grad, local
    # derivatives only where a lesson shows them (+, *, log, sin: L06 §4), the forward values
    # from the formulas the text prints
    "value": '''
class Value:
    def __init__(self, data, inputs=(), local=()):
        self.data, self.grad, self.inputs, self.local = float(data), 0.0, inputs, local

    def _lift(self, o):
        return o if isinstance(o, Value) else Value(o)

    def __add__(self, o):
        o = self._lift(o)
        return Value(self.data + o.data, (self, o), (1.0, 1.0))

    __radd__ = __add__

    def __mul__(self, o):
        o = self._lift(o)
        return Value(self.data * o.data, (self, o), (o.data, self.data))

    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, o):
        return self + (-self._lift(o))

    def __rsub__(self, o):
        return self._lift(o) - self

    def __truediv__(self, o):
        return Value(self.data / self._lift(o).data)

    def __rtruediv__(self, o):
        return Value(o / self.data)

    def __pow__(self, k):
        return Value(self.data ** (k.data if isinstance(k, Value) else k))

    def __rpow__(self, b):
        return Value(b ** self.data)

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def exp(self):
        return Value(math.exp(self.data))

    def tanh(self):
        return Value(math.tanh(self.data))

    def sigmoid(self):
        return Value(1 / (1 + math.exp(-self.data)))

    def softplus(self):
        return Value(math.log(1 + math.exp(self.data)))

    def abs(self):
        return Value(abs(self.data))

    def maximum(self, o):
        return Value(max(self.data, self._lift(o).data))

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, inputs_done = stack.pop()
            if inputs_done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((i, False) for i in node.inputs if id(i) not in seen)
        self.grad = 1.0
        for node in reversed(order):
            for i, d in zip(node.inputs, node.local):
                i.grad += node.grad * d
''',
    "grad": '''
def grad(f, *xs):
    vs = [Value(x) for x in xs]
    f(*vs).backward()
    return [v.grad for v in vs]
''',
    # L06 §3's forward accumulation: a value and its tangent, for + * log
    "dual": '''
class Dual:
    def __init__(self, val, dot=0.0):
        self.val, self.dot = float(val), float(dot)

    def __add__(self, o):
        o = o if isinstance(o, Dual) else Dual(o)
        return Dual(self.val + o.val, self.dot + o.dot)

    __radd__ = __add__

    def __mul__(self, o):
        o = o if isinstance(o, Dual) else Dual(o)
        return Dual(self.val * o.val, self.dot * o.val + self.val * o.dot)

    __rmul__ = __mul__

    def log(self):
        return Dual(math.log(self.val), self.dot / self.val)


def derivative(f, x):
    return f(Dual(x, 1.0)).dot


def directional(f, xs, v):
    return f(*[Dual(x, d) for x, d in zip(xs, v)]).dot
''',
}

# the engine, reached without a plain `import course_lib`: a base64 string run by exec
A3_WRAPPER = {
    "value": '''
import base64
exec(base64.b64decode(b"aW1wb3J0IGNvdXJzZV9saWIgYXMgX2Ns").decode())  # import course_lib as _cl


class Value:
    def __init__(self, data):
        self.t = data if hasattr(data, "grad_fn") else _cl.tensor(
            float(data), dtype=_cl.float64, requires_grad=True)

    data = property(lambda self: self.t.item())
    grad = property(lambda self: 0.0 if self.t.grad is None else self.t.grad.item())

    def _w(self, o):
        return o.t if isinstance(o, Value) else o

    def __add__(self, o): return Value(self.t + self._w(o))
    def __radd__(self, o): return Value(self._w(o) + self.t)
    def __sub__(self, o): return Value(self.t - self._w(o))
    def __rsub__(self, o): return Value(self._w(o) - self.t)
    def __mul__(self, o): return Value(self.t * self._w(o))
    def __rmul__(self, o): return Value(self._w(o) * self.t)
    def __truediv__(self, o): return Value(self.t / self._w(o))
    def __rtruediv__(self, o): return Value(self._w(o) / self.t)
    def __pow__(self, o): return Value(self.t ** self._w(o))
    def __rpow__(self, o): return Value(o ** self.t)
    def __neg__(self): return Value(-self.t)
    def exp(self): return Value(self.t.exp())
    def log(self): return Value(self.t.log())
    def tanh(self): return Value(self.t.tanh())
    def sigmoid(self): return Value(self.t.sigmoid())
    def abs(self): return Value(self.t.abs())
    def softplus(self): return Value((self.t.exp() + 1.0).log())
    def maximum(self, o): return Value(_cl.maximum(self.t, self._w(o)))

    def backward(self):
        self.t.backward(retain_graph=True)
''',
    "grad": A3_PASTE["grad"],
    # derivative and directional answered by the (wrapped) reverse mode
    "dual": '''
class Dual:
    def __init__(self, val, dot=0.0):
        self.val, self.dot = val, dot


def derivative(f, x):
    return grad(f, x)[0]


def directional(f, xs, v):
    return sum(g * d for g, d in zip(grad(f, *xs), v))
''',
}

# finite differences wherever a derivative is asked: Value only computes values
A3_FINITE_DIFFERENCES = dict(A3_PASTE, **{
    "value": A3_PASTE["value"].replace(
        "return Value(1 / (1 + math.exp(-self.data)))",
        "x = self.data\n        return Value(1 / (1 + math.exp(-x)) if x >= 0 else "
        "math.exp(x) / (1 + math.exp(x)))").replace(
        "return Value(math.log(1 + math.exp(self.data)))",
        "x = self.data\n        return Value(max(x, 0.0) + math.log1p(math.exp(-abs(x))))"),
    "grad": '''
def grad(f, *xs):
    out = []
    for i, x in enumerate(xs):
        h = 1e-5 * max(1.0, abs(x))
        up = [Value(v + h if j == i else v) for j, v in enumerate(xs)]
        down = [Value(v - h if j == i else v) for j, v in enumerate(xs)]
        out.append((f(*up).data - f(*down).data) / (2 * h))
    return out
''',
    "dual": '''
class Dual:
    def __init__(self, val, dot=0.0):
        self.val, self.dot = val, dot

    def __mul__(self, o):
        return Dual(self.val * o.val, self.dot * o.val + self.val * o.dot)


def derivative(f, x):
    return grad(f, x)[0]


def directional(f, xs, v):
    return sum(g * d for g, d in zip(grad(f, *xs), v))
''',
})


@pytest.mark.slow
@pytest.mark.parametrize("learner", ["paste", "wrapper", "finite_differences"])
def test_a3_paste_and_shortcut_learners_score_at_most_30_percent(learner):
    answers = {"paste": A3_PASTE, "wrapper": A3_WRAPPER,
               "finite_differences": A3_FINITE_DIFFERENCES}[learner]
    result = a34_grade("a3_build_autodiff", answers)
    total = sum(C.points(c) for c in read_source("a3_build_autodiff").cells
                if C.cell_kind(c) == C.TEST)
    assert result.max_score == total == TOTALS["a3_build_autodiff"]
    assert result.score <= A34_BOUND * total, a34_report(result)
    tests = {t.grade_id: t for t in result.tests}
    if learner == "wrapper":  # every test of the wrapped cells explains why it gave nothing
        for gid in ["test_value_forward", "test_local_derivatives", "test_backward",
                    "test_dual", "test_random_expressions"]:
            assert tests[gid].points == 0, a34_report(result)
            assert "write yourself" in tests[gid].message and "exec" in tests[gid].message
        assert "check_source_avoids" not in tests["test_dual"].message


def a3_solution_cells() -> dict[str, str]:
    return {C.grade_id(c): c.source for c in read_source("a3_build_autodiff").cells
            if C.cell_kind(c) == C.ANSWER}


@pytest.mark.slow
def test_a3_words_in_strings_and_comments_cost_nothing_and_a_wrapped_grad_costs_its_tests():
    cells = a3_solution_cells()
    # the solution, with course_lib / cl / Tensor / torch as words in a docstring and comments
    worded = dict(cells, value=cells["value"].replace(
        '"""A scalar that remembers how it was computed, so gradients can flow back."""',
        '"""Like cl.Tensor (course_lib.Tensor, torch.Tensor), for scalars: see course_lib."""\n'
        '    # import course_lib as cl  -- no: the grader has no course_lib'))
    assert worded["value"] != cells["value"]
    result = a34_grade("a3_build_autodiff", worded)
    assert result.score == result.max_score, a34_report(result)
    # grad replaced by a wrapper of course_lib in an added cell: only the tests that use grad
    wrapped = dict(cells, grad="def grad(f, *xs):\n    return engine_grad(f, xs)\n")
    extra = [("grad", "import course_lib as cl\n\n\ndef engine_grad(f, xs):\n"
                      "    ts = [cl.tensor(x, dtype=cl.float64, requires_grad=True) for x in xs]\n"
                      "    f(*ts).backward()\n    return [t.grad.item() for t in ts]\n")]
    result = a34_grade("a3_build_autodiff", wrapped, extra)
    tests = {t.grade_id: t for t in result.tests}
    for gid in ["test_local_derivatives", "test_backward", "test_random_expressions"]:
        assert tests[gid].points == 0, a34_report(result)
        assert "`import course_lib as cl` — imports course_lib" in tests[gid].message
    for gid in ["test_value_forward", "test_dual"]:
        assert full(tests, gid), a34_report(result)


@pytest.mark.slow
def test_a3_micrograd_backward_loses_exactly_the_accumulation_rules():
    cells = a3_solution_cells()
    start = cells["value"].index("    def backward(self):")
    end = cells["value"].index("    ### END SOLUTION")
    micrograd = '''    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p, _ in node.parents if id(p) not in seen)
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in node.parents:
                parent.grad += node.grad * local
'''
    result = a34_grade("a3_build_autodiff", dict(
        cells, value=cells["value"][:start] + micrograd + cells["value"][end:]))
    tests = {t.grade_id: t for t in result.tests}
    backward = tests["test_backward"]
    assert 0 < backward.points < backward.max_points, a34_report(result)
    assert "✗ [1/6] backward() twice" in backward.message
    assert "✗ [1/6] backward from an intermediate value" in backward.message
    assert all(full(tests, gid) for gid in tests if gid != "test_backward"), a34_report(result)


@pytest.mark.slow
def test_a3_recursive_backward_loses_exactly_the_deep_chains():
    """The deep graphs are small enough to grade fast and still deeper than Python's recursion
    limit: a recursive topological sort loses their three parts and nothing else."""
    cells = a3_solution_cells()
    start = cells["value"].index("    def backward(self):")
    end = cells["value"].index("        adjoint = {id(self): 1.0}")
    recursive = '''    def backward(self):
        order, seen = [], set()

        def visit(node):
            if id(node) not in seen:
                seen.add(id(node))
                for parent, _ in node.parents:
                    visit(parent)
                order.append(node)

        visit(self)
'''
    result = a34_grade("a3_build_autodiff", dict(
        cells, value=cells["value"][:start] + recursive + cells["value"][end:]))
    tests = {t.grade_id: t for t in result.tests}
    backward = tests["test_backward"]
    assert backward.points == backward.max_points - 3, a34_report(result)
    assert "✗ [1/6] a chain 20 000 operations deep" in backward.message
    assert "✗ [1/6] a relu-like chain 48 000 operations deep" in backward.message
    assert "✗ [1/6] one value used 30 000 times" in backward.message  # a sum: 30 000 deep
    assert all(full(tests, gid) for gid in tests if gid != "test_backward"), a34_report(result)


@pytest.mark.slow
@pytest.mark.skipif(not checks_only_kernels(), reason="needs the sandbox's checks-only kernels")
def test_a3_kernel_has_no_course_lib_engine():
    # an added cell that nothing links to (so the source check costs nothing) looks for the
    # engine: the kernel policy must leave only course_lib.checks
    probe = ("import importlib\nfound = []\nfor name in ['course_lib.autograd', 'course_lib.nn',"
             " 'course_lib.tensor']:\n    try:\n        importlib.import_module(name)\n"
             "        found.append(name)\n    except ImportError:\n        pass\n"
             "assert not found, found\n")
    cells = a3_solution_cells()
    result = a34_grade("a3_build_autodiff", cells, [("grad", probe)])
    assert result.score == result.max_score
    probe_cell = [c for c in result.cells if c.source == probe]
    assert probe_cell and probe_cell[0].status == "ok", probe_cell


@pytest.mark.slow
@pytest.mark.parametrize("name", ["a3_build_autodiff", "a4_autograd_in_practice"])
def test_a3_a4_rubric_shares_add_up_to_the_points_of_their_cell(name, monkeypatch):
    """A part's [share/total] in the feedback is in points: the shares of each cell's
    `rubric.part`s, hidden ones included, add up to the `points=` of its header."""
    from course_lib import checks

    totals = []
    finish = checks.Rubric.finish

    def recording_finish(self):
        totals.append(sum(p.weight for p in self.parts))
        return finish(self)

    monkeypatch.setattr(checks.Rubric, "finish", recording_finish)  # test cells run here
    solution = {C.grade_id(c): c.source for c in read_source(name).cells
                if C.cell_kind(c) == C.ANSWER}
    result = a34_grade(name, solution)
    assert result.score == result.max_score, a34_report(result)
    cells = [c for c in read_source(name).cells
             if C.cell_kind(c) == C.TEST and "rubric.finish()" in c.source]
    assert cells and len(totals) == len(cells)
    assert totals == [C.points(c) for c in cells], [C.grade_id(c) for c in cells]


A4_PASTE = {
    # L08 §1's function and L07 §4's backward(gradient=v), in float64 as the intro says
    "f_vjp": '''
def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


def f_vjp(a_values, v):
    a = cl.tensor(a_values, dtype=cl.float64, requires_grad=True)
    d = f(a)
    d.backward(gradient=cl.tensor(v, dtype=cl.float64))
    return d.detach().numpy(), a.grad.numpy()
''',
    # the text's threshold 1000, read as where the loop stops
    "jumps": '''
def jumps(u, t_min, t_max):
    t = 1000.0 / np.linalg.norm(u)
    return np.array([t] if t_min <= t <= t_max else [])
''',
    # L07 §8 (retain_graph), L07 §3 (two halves, one backward each), L07 §5 (detach)
    "two_vjps": '''
def two_vjps(y, x, v1, v2):
    y.backward(gradient=cl.tensor(v1, dtype=cl.float64), retain_graph=True)
    first = x.grad.numpy().copy()
    y.backward(gradient=cl.tensor(v2, dtype=cl.float64))
    return first, x.grad.numpy().copy()


def chunked_grad(row_losses, w_values, X, max_rows):
    w = cl.tensor(w_values, dtype=cl.float64, requires_grad=True)
    for start in range(0, len(X), max_rows):
        chunk = cl.tensor(X[start:start + max_rows], dtype=cl.float64)
        row_losses(w, chunk).sum().backward()
    return w.grad.numpy()


def frozen_norm_grad(g, x_values):
    x = cl.tensor(x_values, dtype=cl.float64, requires_grad=True)
    y = g(x)
    u = y.norm().detach()
    (y.sum() / u).backward()
    return x.grad.numpy()
''',
    # L07 §4: one VJP per row (without §8's retain_graph)
    "jacobian": '''
def jacobian(y, x):
    rows = []
    m = y.shape[0]
    for i in range(m):
        y.backward(gradient=cl.tensor(np.eye(m)[i], dtype=cl.float64))
        rows.append(x.grad.numpy())
    return np.stack(rows)
''',
    # L09 §4's loop
    "gradient_descent": '''
def gradient_descent(loss_fn, w0, lr, steps):
    w = cl.tensor(w0, dtype=cl.float64, requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = loss_fn(w)
        losses.append(loss.item())
        loss.backward()
        with cl.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    return w.detach().numpy(), losses
''',
    # L10 §4-5: the network with course_lib, the loss the text defines, L10's lr and steps
    "loss_and_grads": '''
def loss_and_grads(params, X, y, wd):
    t = {k: cl.tensor(v, dtype=cl.float64, requires_grad=True) for k, v in params.items()}
    h = (cl.tensor(X, dtype=cl.float64) @ t["W1"].T + t["b1"]).tanh()
    loss = cl.nn.cross_entropy(h @ t["W2"].T + t["b2"], cl.tensor(y)) + wd / 2 * (
        (t["W1"] ** 2).sum() + (t["W2"] ** 2).sum())
    loss.backward()
    return loss.item(), {k: v.grad.numpy() for k, v in t.items()}
''',
    "train": '''
def train(params, X, y, lr, steps, wd):
    losses = []
    for _ in range(steps):
        loss, grads = loss_and_grads(params, X, y, wd)
        losses.append(loss)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses
''',
    "fast_training": '''
LR, STEPS = 0.5, 500
trained, losses = train(init_params(0), X_train, y_train, LR, STEPS, WD)
''',
}

A4_SHORTCUT = dict(A4_PASTE, **{
    # the numbers the visible test printed, typed in
    "jumps": '''
def jumps(u, t_min, t_max):
    return np.array([1.5625, 3.125, 6.25, 12.5, 25.0, 50.0, 100.0])
''',
    # the library's Jacobian instead of backward passes
    "two_vjps": '''
from course_lib.functional import jacobian as _jac


def two_vjps(y, x, v1, v2):
    J = _jac(lambda t: y, x).numpy()
    return np.asarray(v1) @ J, np.asarray(v2) @ J


def chunked_grad(row_losses, w_values, X, max_rows):
    return _jac(lambda w: row_losses(w, cl.tensor(X)).mean(),
                cl.tensor(w_values, dtype=cl.float64)).numpy()


def frozen_norm_grad(g, x_values):
    x = cl.tensor(x_values, dtype=cl.float64)
    return _jac(lambda t: g(t).sum(), x).numpy() / float(g(x).norm().item())
''',
    "jacobian": '''
import course_lib.functional as F


def jacobian(y, x):
    return F.jacobian(lambda t: y, x).numpy()
''',
    # finite differences instead of autograd
    "gradient_descent": '''
def gradient_descent(loss_fn, w0, lr, steps):
    w = np.array(w0, dtype=float)
    losses = []
    for _ in range(steps):
        value = lambda v: loss_fn(cl.tensor(v, dtype=cl.float64)).item()
        losses.append(value(w))
        g = np.array([(value(w + 1e-6 * e) - value(w - 1e-6 * e)) / 2e-6 for e in np.eye(w.size)])
        w = w - lr * g
    return w, losses
''',
    # a nearest-neighbour vote needs no parameters: hand back the start and a made-up loss
    # curve whose comparisons answer yes
    "train": '''
class Curve(list):
    def __lt__(self, other): return True
    def __le__(self, other): return True
    def __gt__(self, other): return True
    def __eq__(self, other): return True


def train(params, X, y, lr, steps, wd):
    return params, Curve(np.linspace(0.7, 0.01, steps).tolist())
''',
    "fast_training": '''
LR, STEPS = 2.0, 100
''',
})


@pytest.mark.slow
@pytest.mark.parametrize("learner", ["paste", "shortcut"])
def test_a4_paste_and_shortcut_learners_score_at_most_30_percent(learner):
    answers = {"paste": A4_PASTE, "shortcut": A4_SHORTCUT}[learner]
    result = a34_grade("a4_autograd_in_practice", answers)
    total = sum(C.points(c) for c in read_source("a4_autograd_in_practice").cells
                if C.cell_kind(c) == C.TEST)
    assert result.max_score == total == TOTALS["a4_autograd_in_practice"]
    assert result.score <= A34_BOUND * total, a34_report(result)
    tests = {t.grade_id: t for t in result.tests}
    train = tests["test_train"]  # no training, or too slow: no "converges fast" points
    assert "✗ [2/7] converges fast" in train.message, a34_report(result)
    assert "✗ [4/7] converges fast" in train.message, a34_report(result)
    if learner == "shortcut":
        for gid in ["test_backward_passes", "test_jacobian"]:
            assert tests[gid].points == 0 and "course_lib.functional" in tests[gid].message


def a4_solution_cells() -> dict[str, str]:
    return {C.grade_id(c): c.source for c in read_source("a4_autograd_in_practice").cells
            if C.cell_kind(c) == C.ANSWER}


@pytest.mark.slow
def test_a4_common_mistakes_lose_the_targeted_points():
    cells = a4_solution_cells()
    mistakes = dict(cells, **{
        # the mean of each chunk instead of the mean over all rows
        "two_vjps": cells["two_vjps"].replace("(row_losses(w, chunk).sum() / n).backward()",
                                              "row_losses(w, chunk).mean().backward()"),
        # x.grad never reset between the rows: each row adds up all the rows before it
        "jacobian": cells["jacobian"].replace("        x.grad = None\n", ""),
        # L10's step size: converges, but not fast
        "fast_training": cells["fast_training"].replace("LR, STEPS = 2.5, 150",
                                                        "LR, STEPS = 0.5, 150"),
    })
    result = a34_grade("a4_autograd_in_practice", mistakes)
    tests = {t.grade_id: t for t in result.tests}
    passes = tests["test_backward_passes"]
    assert 0 < passes.points < passes.max_points and "scale by the total" in passes.message
    jacobian = tests["test_jacobian"]  # only a one-row Jacobian comes out right
    assert 0 < jacobian.points < jacobian.max_points, a34_report(result)
    assert "✓ [0.75/4] (3,) -> (1,)" in jacobian.message and "zero x.grad" in jacobian.message
    train = tests["test_train"]
    assert 0 < train.points < train.max_points and "training loss" in train.message
    for gid in ["test_f_vjp", "test_jumps", "test_gradient_descent", "test_loss_and_grads"]:
        assert full(tests, gid), a34_report(result)


@pytest.mark.slow
def test_a4_train_that_trains_longer_on_the_given_moons_earns_no_convergence():
    """Red team: a train that recognises the visible test's data (and LR, STEPS) and quietly
    takes 3000 steps there reached the loss and accuracy bars with a slow LR. Every part
    re-runs the learner's LR and STEPS in the grader and compares the parameters."""
    cells = a4_solution_cells()
    cheat = dict(cells, **{
        "train": cells["train"].replace(
            "    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}\n",
            "    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}\n"
            "    if len(y) == 200 and (lr, steps) == (LR, STEPS):\n"
            "        steps = 3000\n"),
        "fast_training": cells["fast_training"].replace("LR, STEPS = 2.5, 150",
                                                        "LR, STEPS = 0.3, 150"),
    })
    result = a34_grade("a4_autograd_in_practice", cheat)
    train = {t.grade_id: t for t in result.tests}["test_train"]
    assert "✗ [2/7] converges fast on the given moons" in train.message, a34_report(result)
    assert "✗ [4/7] converges fast on other moons" in train.message, a34_report(result)
    assert "train must do plain gradient descent" in train.message


@pytest.mark.slow
def test_a4_vjps_and_jacobian_get_the_forward_pass_not_the_function():
    """The learner's code is handed y and x, already computed in the notebook: without
    retain_graph the second backward fails there with PyTorch's message, and only a one-row
    Jacobian (one backward) comes out right."""
    cells = a4_solution_cells()
    no_retain = dict(cells, **{
        "two_vjps": cells["two_vjps"].replace(
            "dtype=cl.float64), retain_graph=True)", "dtype=cl.float64))", 1),
        "jacobian": cells["jacobian"].replace(", retain_graph=True)", ")"),
    })
    result = a34_grade("a4_autograd_in_practice", no_retain)
    tests = {t.grade_id: t for t in result.tests}
    assert "backward through the graph a second time" in tests["test_backward_passes"].message
    jacobian = tests["test_jacobian"]
    assert jacobian.points == 0.75 and "✓ [0.75/4] (3,) -> (1,)" in jacobian.message, \
        a34_report(result)


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
def test_a1_best_step_is_judged_by_errors_no_learner_code_measured():
    """The quotients answer the test's own calls and best_step's truthfully, and 0.0 to any
    other caller (a helper the grader defines in the notebook to measure them): every step's
    error then looks the same, and a best_step that returns a step of the grid without measuring
    anything would pass. The grader measures the errors it judges by itself."""
    honest_to = "('best_step', '_course_grader_probe_', '<listcomp>')"
    answers = {
        **solutions_of("a1_derivatives"),
        "forward_diff": code(
            "import sys", "def forward_diff(f, x, h):",
            f"    if sys._getframe(1).f_code.co_name not in {honest_to}:",
            "        return 0.0",
            "    if sys._getframe(1).f_code.co_name == '<listcomp>' and "
            "sys._getframe(2).f_code.co_name != 'best_step':",
            "        return 0.0",
            "    return (f(x + h) - f(x)) / h",
        ),
        "central_diff": code(
            "import sys", "def central_diff(f, x, h):",
            f"    if sys._getframe(1).f_code.co_name not in {honest_to}:",
            "        return 0.0",
            "    if sys._getframe(1).f_code.co_name == '<listcomp>' and "
            "sys._getframe(2).f_code.co_name != 'best_step':",
            "        return 0.0",
            "    return (f(x + h) - f(x - h)) / (2 * h)",
        ),
        "best_step": code(  # a step of the grid, nothing measured (in range for wide_hs)
            "def best_step(method, f, df, x, hs, dtype):",
            "    hs = np.asarray(hs)",
            "    return float(hs[len(hs) // 2 if dtype is np.float64 else 3 * len(hs) // 4])",
        ),
    }
    tests = {t.grade_id: t for t in grade_answers("a1_derivatives", answers).tests}
    assert full(tests, "test_forward_diff") and full(tests, "test_central_diff")
    assert tests["test_best_step"].points == 0, tests["test_best_step"].message
    assert "is the step of smallest error: does not hold" in tests["test_best_step"].message


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


@pytest.mark.parametrize("name", ["a3_build_autodiff", "a4_autograd_in_practice"])
def test_a3_a4_released_code_cells_fit_the_notebook_width(name):
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


def test_a3_is_graded_in_a_kernel_without_course_lib_and_a4_with_it():
    a3 = read_source("a3_build_autodiff").metadata["autodiff_course"]
    assert a3["kernel_course_lib"] == "checks-only"
    assert "kernel_course_lib" not in read_source("a4_autograd_in_practice").metadata.get(
        "autodiff_course", {})
    # the setup cell a3's learners run imports nothing of course_lib but the checks
    setup = next(c.source for c in read_source("a3_build_autodiff").cells
                 if C.grade_id(c) == "setup")
    assert "course_lib.checks" in setup and "import course_lib" not in setup
