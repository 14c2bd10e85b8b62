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


def test_source_avoids_finds_forbidden_names_and_dynamic_imports():
    token = checks.SUBMISSION_SOURCES.set(
        {
            "value": "import course_lib\n",
            "ok": "x = 1  # course_lib in a comment is fine",
            "sneaky": "m = __import__('course' + '_lib')",
        }
    )
    try:
        msg = failure(check_source_avoids, ["course_lib"])
        assert "`course_lib` in value" in msg and "`__import__` in sneaky" in msg
        assert " ok" not in msg
        check_source_avoids(["course_lib"], grade_ids=["ok"])
    finally:
        checks.SUBMISSION_SOURCES.reset(token)


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
