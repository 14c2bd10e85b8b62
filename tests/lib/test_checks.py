"""The checks used inside test cells: failures explain themselves, partial credit adds up,
and lying objects are reduced to the numbers they hold."""

import numpy as np
import pytest

from course_lib import checks
from course_lib.checks import (
    CheckFailed,
    PartialCredit,
    Rubric,
    as_array,
    as_float,
    check_between,
    check_close,
    check_equal,
    check_raises,
    check_shape,
    check_source_avoids,
    check_true,
    fn,
    notebook_function,
)


def failure(func, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as info:
        func(*args, **kwargs)
    assert not isinstance(info.value, PartialCredit)
    return str(info.value)


def test_check_close_failure_names_expected_got_hint_and_lesson():
    msg = failure(
        check_close,
        0.84,
        0.54,
        rtol=1e-3,
        name="forward_diff(sin, 1)",
        hint="use f(x+h)",
        lesson="Lesson 2",
    )
    assert "forward_diff(sin, 1)" in msg
    assert "expected: 0.54" in msg and "got:      0.84" in msg
    assert "hint:     use f(x+h)" in msg and "reread:   Lesson 2" in msg
    assert "Traceback" not in msg


def test_check_close_passes_within_tolerance_and_prints_a_tick(capsys):
    check_close(1.0 + 1e-9, 1.0, rtol=1e-6, name="x")
    assert "✓ x" in capsys.readouterr().out


def test_check_close_explains_shape_and_nan_and_worst_index():
    assert "wrong shape" in failure(check_close, np.zeros(3), np.zeros(4))
    assert "NaN" in failure(check_close, [1.0, np.nan], [1.0, 2.0])
    msg = failure(check_close, [1.0, 2.0, 9.0], [1.0, 2.0, 3.0])
    assert "worst at index (2,)" in msg


def test_check_close_is_not_fooled_by_a_lying_float_or_ndarray():
    class Liar(float):
        def __eq__(self, other):
            return True

        def __sub__(self, other):
            return 0.0

        __rsub__ = __sub__

        def __abs__(self):
            return 0.0

    class LyingArray(np.ndarray):
        def __sub__(self, other):
            return np.zeros(self.shape)

        def __eq__(self, other):
            return np.ones(self.shape, dtype=bool)

    failure(check_close, Liar(5.0), 1.0)
    lying = np.array([5.0, 5.0]).view(LyingArray)
    failure(check_close, lying, [1.0, 1.0])
    assert type(as_array(lying)) is np.ndarray


def test_as_float_and_as_array_reject_non_numbers():
    assert as_float(np.array([2.5])) == 2.5
    assert "single number" in failure(as_float, [1.0, 2.0], name="h")
    assert "not made of numbers" in failure(as_array, [object()])
    assert "complex" in failure(as_array, 1j)


def test_check_equal_shape_true_between():
    check_equal((2, 3), (2, 3))
    check_equal([2, 3], (2, 3))
    assert "expected: 'a'" in failure(check_equal, "b", "a")
    check_shape(np.zeros((2, 3)), (2, 3))
    check_shape((2, 3), [2, 3])
    assert "(3, 2)" in failure(check_shape, np.zeros((3, 2)), (2, 3))
    assert "does not hold" in failure(check_true, False, "keys match")
    assert "does not hold" in failure(check_true, "yes", "a string is not True")
    check_between(0.01, 1e-3, 5e-2)
    assert "between" in failure(check_between, 1.0, 1e-3, 5e-2)


def test_check_raises_matches_on_the_class_hierarchy():
    def bad(x):
        raise ZeroDivisionError("no")

    check_raises(bad, 1, exception="ArithmeticError")
    assert "should raise ValueError" in failure(check_raises, bad, 1, exception="ValueError")
    assert "no exception" in failure(check_raises, lambda: None, exception="ValueError")


def test_rubric_gives_weighted_partial_credit_with_an_explanation():
    rubric = Rubric()
    with rubric.part(1, "first"):
        check_true(True, "ok")
    with rubric.part(3, "second"):
        check_close(2.0, 1.0, name="y")
    with rubric.part(1, "third"):
        raise ZeroDivisionError("learner bug")
    with pytest.raises(PartialCredit) as info:
        rubric.finish()
    assert info.value.fraction == pytest.approx(1 / 5)
    text = str(info.value)
    assert "✓ [1/5] first" in text and "✗ [3/5] second" in text and "ZeroDivisionError" in text


def test_rubric_all_passed_and_empty():
    rubric = Rubric()
    with rubric.part(1, "a"):
        pass
    rubric.finish()
    with pytest.raises(CheckFailed):
        Rubric().finish()


ENGINES = ["course_lib", "torch", "jax"]

HONEST_VALUE = '''
class Value:
    """Like course_lib's Tensor (cl.Tensor), but for scalars: import course_lib is not needed."""

    def __init__(self, data):
        self.data = float(data)  # cl and Tensor and torch in a comment are words, not code
        self.note = "see course_lib/autograd/engine.py and torch.Tensor"

    def exp(self):
        return Value(math.exp(self.data))
'''


def graded(sources: dict[str, str]):
    """Run the checks as the grader does: with the learner's cells by grade id."""
    return checks.SUBMISSION_SOURCES.set(sources)


def findings(sources, **kwargs) -> list[str]:
    return [str(f) for f in checks.source_findings(ENGINES, sources, **kwargs)]


def test_source_avoids_reads_code_not_words_in_strings_comments_and_docstrings():
    assert findings({"value": HONEST_VALUE}, names=["Tensor", "cl"]) == []
    token = graded({"value": HONEST_VALUE, "setup": "from course_lib.checks import *\n"})
    try:
        check_source_avoids(ENGINES, grade_ids=["value"], names=["Tensor"])
        check_source_avoids(ENGINES)  # the checks themselves stay allowed
    finally:
        checks.SUBMISSION_SOURCES.reset(token)


@pytest.mark.parametrize(
    "code, what",
    [
        ("import course_lib as cl\n", "imports course_lib"),
        ("from course_lib.autograd import engine\n", "imports course_lib"),
        ("from course_lib import tensor\n", "imports course_lib"),
        ("import torch.nn\n", "imports torch"),
        ("x = get_ipython().user_ns['cl']\n", "calls get_ipython"),
        ("imp = getattr(__builtins__, '__imp' + 'ort__')\n", "reads __builtins__"),
        ("import base64\nexec(base64.b64decode(b'aW1wb3J0IGNvdXJzZV9saWI='))\n", "calls exec"),
        ("import pickle\n", "imports pickle"),
        ("import sys\nlib = sys . modules ['course' '_lib']\n", "reads .modules"),
        ("import importlib\n", "imports importlib"),
        ("m = __import__('course_lib')\n", "calls __import__"),
        ("f = (lambda: 0).__globals__['cl']\n", "reads .__globals__"),
        ("%run helper.py\n", "a magic or shell command"),
        ("!python -c 'import course_lib'\n", "a magic or shell command"),
        ("v = [c for c in object.__subclasses__()]\n", "reads .__subclasses__"),
    ],
)
def test_source_avoids_finds_imports_and_the_ways_around_them(code, what):
    found = findings({"value": "class Value:\n    pass\n" + code})
    assert any(what in f for f in found), found
    assert all(f.startswith("value, line ") for f in found)


def test_source_avoids_names_are_code_uses_only():
    assert findings({"g": "t = Tensor([1.0])\n"}, names=["Tensor"]) != []
    assert findings({"g": "t = x.Tensor\n"}, names=["Tensor"]) != []
    assert findings({"g": "class Tensor:\n    pass\nt = Tensor()\n"}, names=["Tensor"]) == []
    assert findings({"g": "import math\nf = getattr(math, name)\n"}) == []
    assert findings({"g": "def broken(:\n    import course_lib\n"}) == []  # never runs either


def test_source_avoids_costs_only_the_tests_whose_cells_are_concerned():
    sources = {
        "value": HONEST_VALUE,
        "grad": "def grad(f, *xs):\n    return helper(f, xs)\n",
        "extra cell 7": "import course_lib as cl\ndef helper(f, xs):\n    return cl.zeros(1)\n",
        "extra cell 9": "import numpy as np\nscratch = np.zeros(3)\n",
        "dual": "class Dual:\n    pass\n",
    }
    token = graded(sources)
    try:
        check_source_avoids(ENGINES, grade_ids=["value", "dual"], name="your Value")
        msg = failure(check_source_avoids, ENGINES, grade_ids=["grad"], name="your grad",
                      hint="write the engine yourself")
    finally:
        checks.SUBMISSION_SOURCES.reset(token)
    # linked through `helper`: the learner-added cell counts for grad's test, with its line
    assert ("a cell you added (extra cell 7), line 1: `import course_lib as cl` — imports "
            "course_lib") in msg
    assert "hint:     write the engine yourself" in msg and "no points" in msg
    assert "extra cell 9" not in msg


def test_source_avoids_follows_names_across_answer_cells_but_not_a_scratch_comparison():
    sources = {
        "value": "import base64\nexec(base64.b64decode(b'aW1wb3J0IGNvdXJzZV9saWI='))\n"
                 "class Value:\n    pass\n",
        "grad": "def grad(f, *xs):\n    return f(*[Value(x) for x in xs])\n",
        "dual": "def derivative(f, x):\n    return grad(f, x)[0]\n",
        "numerical_grad": "import math\ndef numerical_grad(f, xs):\n    return [math.e]\n",
        "extra cell 3": "import torch\nprint(Value(2.0), torch.tensor(2.0))\n",
        "extra cell 5": "import torch\nValue.exp = lambda self: torch.exp(self)\n",
    }
    dual = "\n".join(findings(sources, grade_ids=["dual"]))
    assert "value, line 2" in dual and "calls exec" in dual  # dual -> grad -> Value
    assert "extra cell 5" in dual  # patches Value: counts wherever Value does
    assert "extra cell 3" not in dual  # only uses Value (a learner's own comparison)
    assert findings(sources, grade_ids=["numerical_grad"]) == []


def test_source_avoids_in_the_learners_kernel_reads_the_history(monkeypatch):
    class FakeShell:
        user_ns = {"In": ["", "from course_lib.checks import *", "x = 1  # course_lib",
                          "import course_lib"]}

    monkeypatch.setattr(checks, "get_ipython", lambda: FakeShell(), raising=False)
    msg = failure(check_source_avoids, ENGINES, grade_ids=["value"])
    assert "cell [3], line 1: `import course_lib`" in msg
    assert "cell [2]" not in msg and "cell [1]" not in msg


def test_fn_is_callable_and_travels_by_source():
    f = fn("lambda x: x**2 + np.sin(0.0)")
    assert f(3.0) == 9.0
    assert f.__grader_ref__() == {"__src__": "lambda x: x**2 + np.sin(0.0)"}


def test_notebook_function_defines_in_the_calling_namespace():
    f = notebook_function("def double(x):\n    return 2 * x\n")
    assert f(4) == 8


def test_failures_render_without_a_traceback_in_ipython():
    err = CheckFailed("✗ x: wrong\n  expected: 1")
    assert err._render_traceback_()[1:] == ["✗ x: wrong", "  expected: 1"]


@pytest.mark.parametrize("k, n, scale", [(7, 5, 1.0), (4, 9, 1e-3), (6, 6, 300.0)])
def test_matrix_free_gives_a_matrix_and_its_transpose(k, n, scale):
    from course_lib.checks import matrix_free

    matvec, rmatvec = matrix_free(11, k, n, scale)
    A = np.column_stack([matvec(e) for e in np.eye(n)])  # column j is A e_j
    assert A.shape == (k, n)
    At = np.column_stack([rmatvec(e) for e in np.eye(k)])
    np.testing.assert_allclose(At, A.T, rtol=1e-12, atol=1e-15 * scale)
    if k == n:
        assert not np.allclose(A, A.T)  # the tests rely on a matrix that is not symmetric
    again, _ = matrix_free(11, k, n, scale)  # the same seed, the same matrix
    x = np.arange(n, dtype=float)
    np.testing.assert_array_equal(again(x), matvec(x))
