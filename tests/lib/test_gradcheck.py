"""Tests for course_lib.gradcheck: correct ops pass, a wrong backward is caught and named."""

from __future__ import annotations

import numpy as np
import pytest

import course_lib as cl
from course_lib.gradcheck import GradcheckError, GradcheckResult, gradcheck


def _leaf(values, dtype=cl.float64):
    return cl.tensor(values, dtype=dtype, requires_grad=True)


@pytest.fixture
def rng():
    return np.random.default_rng(0)


# ----------------------------------------------------------------- correct ops pass


CORRECT_OPS = {
    "mul": (lambda x, y: x * y, [(3,), (3,)]),
    "broadcast_add": (lambda x, y: (x + y) ** 2, [(2, 3), (3,)]),
    "matmul": (lambda a, b: a @ b, [(2, 3), (3, 4)]),
    "tanh": (lambda x: cl.tanh(x), [(4,)]),
    "softmax": (lambda x: x.softmax(dim=-1), [(2, 3)]),
    "log_softmax_sum": (lambda x: x.log_softmax(dim=0).sum(), [(5,)]),
    "exp_log_sqrt": (lambda x: cl.log(cl.exp(x) + cl.sqrt(x * x + 1.0)), [(3,)]),
    "mean_of_sigmoid": (lambda x: cl.sigmoid(x).mean(), [(2, 2)]),
    "division": (lambda x, y: x / (y * y + 1.0), [(3,), (3,)]),
}


@pytest.mark.parametrize("name", list(CORRECT_OPS))
def test_correct_ops_pass(name, rng):
    fn, shapes = CORRECT_OPS[name]
    inputs = tuple(_leaf(rng.normal(size=shape)) for shape in shapes)
    result = gradcheck(fn, inputs)
    assert isinstance(result, GradcheckResult)
    assert result.passed and bool(result), str(result)
    assert result.max_rel_error < 1e-5
    assert result.n_failed == 0 and result.n_checked > 0
    assert result.warnings == []
    assert str(result).startswith("gradcheck passed: worst element ")


def test_seed_example_x_squared_at_3():
    # the seed's check: y = x², analytic 6, numeric (f(3+eps) - f(3-eps)) / (2 eps)
    x = _leaf(3.0)
    result = gradcheck(lambda x: x**2, (x,))
    assert result.passed
    assert result.worst.analytic == pytest.approx(6.0)
    assert result.worst.numeric == pytest.approx(6.0, rel=1e-8)
    assert str(result).startswith("gradcheck passed: worst element x: analytic 6.000000")


def test_report_names_parameters_and_elements():
    x = _leaf([1.0, 2.0, 3.0])
    result = gradcheck(lambda x: (x * x).sum(), x)  # a lone Tensor is accepted too
    text = str(result)
    assert text.startswith("gradcheck passed: worst element x[")
    assert "analytic" in text and "numeric" in text and "rel. err" in text
    assert repr(result) == text


def test_numeric_and_analytic_jacobians_are_exposed(rng):
    a = _leaf(rng.normal(size=(2, 3)))
    b = _leaf(rng.normal(size=(3,)))
    result = gradcheck(lambda a, b: a @ b, (a, b))
    # d(a @ b)/db is a itself; d(a @ b)_i/da_ij = b_j
    np.testing.assert_allclose(result.analytic_jacobians[1], a.data)
    np.testing.assert_allclose(result.numeric_jacobians[1], a.data, rtol=1e-8)
    expected_da = np.kron(np.eye(2), b.data)  # row i holds b in block i
    np.testing.assert_allclose(result.analytic_jacobians[0], expected_da)


def test_inputs_that_do_not_require_grad_are_passed_but_not_checked():
    x = _leaf([1.0, 2.0])
    c = cl.tensor([5.0, 7.0], dtype=cl.float64)
    result = gradcheck(lambda x, c, k: (x * c).sum() * k, (x, c, 2.0))
    assert result.passed and result.n_checked == 2
    np.testing.assert_allclose(result.analytic_jacobians[0], [[10.0, 14.0]])


def test_gradcheck_works_inside_no_grad():
    x = _leaf([1.0, 2.0])
    with cl.no_grad():
        result = gradcheck(lambda x: (x * x).sum(), (x,))
    assert result.passed and result.worst.analytic != 0.0


def test_gradcheck_leaves_the_inputs_untouched():
    x = _leaf([1.0, 2.0, 3.0])
    before = x.data.copy()
    gradcheck(lambda x: (x * x).sum(), (x,))
    np.testing.assert_array_equal(x.data, before)
    assert x.grad is None


# --------------------------------------------------------------- a wrong backward fails


class ForgotTheTwo(cl.autograd.Function):
    """x² whose backward forgets the factor 2: the classic student bug."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.data**2

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x


class WrongAtOneElement(cl.autograd.Function):
    """3x whose backward is right except at index (1, 2)."""

    @staticmethod
    def forward(ctx, x):
        return 3 * x.data

    @staticmethod
    def backward(ctx, grad):
        g = 3 * np.array(grad, dtype=np.float64)
        g[1, 2] += 0.5 * grad[1, 2]  # d out[1, 2] / d x[1, 2] becomes 3.5
        return g


def test_wrong_backward_fails_and_names_the_element():
    x = _leaf([1.0, -2.0, 4.0])
    w = _leaf([0.5, 0.5, 0.5])
    result = gradcheck(lambda x, w: (ForgotTheTwo.apply(x) * w).sum(), (x, w))
    assert not result.passed and not bool(result)
    assert result.worst.input_name == "x" and result.worst.index == (2,)
    assert result.worst.analytic == pytest.approx(0.5 * 4.0)
    assert result.worst.numeric == pytest.approx(0.5 * 8.0, rel=1e-6)
    assert result.worst.rel_error == pytest.approx(0.5, rel=1e-6)
    assert result.n_failed == 3  # every element of x, none of w
    text = str(result)
    assert text.startswith("gradcheck FAILED: worst element x[2]: analytic 2.000000, numeric 4.0")
    assert "ForgotTheTwoBackward0" in text


def test_single_wrong_entry_is_found():
    x = _leaf(np.arange(6.0).reshape(2, 3))
    result = gradcheck(lambda x: WrongAtOneElement.apply(x), (x,))
    assert not result.passed
    assert result.n_failed == 1 and result.n_checked == 36
    assert result.worst.index == (1, 2)
    assert result.worst.analytic == pytest.approx(3.5)
    assert result.worst.numeric == pytest.approx(3.0)
    assert result.worst.output_label == "output[1, 2]"
    assert "x[1, 2] (output[1, 2])" in str(result)


def test_raise_exception_gives_a_gradcheck_error_with_the_report():
    x = _leaf([1.0, 2.0])
    with pytest.raises(GradcheckError, match=r"worst element x\[1\]") as info:
        gradcheck(lambda x: ForgotTheTwo.apply(x).sum(), (x,), raise_exception=True)
    assert isinstance(info.value, RuntimeError)
    # a passing check does not raise
    assert gradcheck(lambda x: (x * x).sum(), (x,), raise_exception=True)


def test_tolerances_decide_the_verdict():
    x = _leaf([1.0, 2.0])
    # the wrong backward is off by |x|; a huge rtol accepts it, the default does not
    assert not gradcheck(lambda x: ForgotTheTwo.apply(x).sum(), (x,))
    assert gradcheck(lambda x: ForgotTheTwo.apply(x).sum(), (x,), rtol=0.6)


# ------------------------------------------------------------------ float32 warning


def test_float32_inputs_get_a_warning():
    x = _leaf([1.0, 2.0, 3.0], dtype=cl.float32)
    result = gradcheck(lambda x: (x * x).sum(), (x,))
    assert result.low_precision
    assert len(result.warnings) == 1 and "float32" in result.warnings[0]
    assert "float64" in result.warnings[0]
    # the seed's pitfall: eps=1e-6 is below float32's resolution near 3, so even a correct
    # backward looks wrong, and the report says it may be round-off
    assert not result.passed
    assert "round-off" in str(result)
    x64 = _leaf([1.0, 2.0, 3.0])
    assert gradcheck(lambda x: (x * x).sum(), (x64,)).warnings == []


def test_float32_with_a_sensible_eps_passes_but_still_warns():
    x = _leaf([1.0, 2.0, 3.0], dtype=cl.float32)
    result = gradcheck(lambda x: (x * x).sum(), (x,), eps=1e-2, rtol=1e-2)
    assert result.passed and result.warnings


# --------------------------------------------------------------------------- bad input


def test_bad_input_errors():
    x = _leaf([1.0])
    with pytest.raises(ValueError, match="requires_grad=True"):
        gradcheck(lambda x: x * 2, (cl.tensor([1.0], dtype=cl.float64),))
    with pytest.raises(ValueError, match="function"):
        gradcheck("x * 2", (x,))
    with pytest.raises(ValueError, match="positive"):
        gradcheck(lambda x: x * 2, (x,), eps=0.0)
    with pytest.raises(ValueError, match="must return a Tensor"):
        gradcheck(lambda x: float(x.sum()), (x,))


@pytest.mark.torch
def test_jacobians_match_torch():
    torch = pytest.importorskip("torch")

    values = np.array([[0.3, -1.2, 2.0], [0.1, 0.7, -0.4]])
    ours = gradcheck(lambda x: cl.tanh(x).softmax(dim=-1), (_leaf(values),))
    t = torch.tensor(values, dtype=torch.float64)
    theirs = torch.autograd.functional.jacobian(lambda t: torch.tanh(t).softmax(dim=-1), t)
    theirs = theirs.reshape(values.size, values.size).numpy()  # (outputs, inputs)
    np.testing.assert_allclose(ours.analytic_jacobians[0], theirs, atol=1e-12)
    np.testing.assert_allclose(ours.numeric_jacobians[0], theirs, atol=1e-8)


def test_the_report_follows_the_learners_language():
    from course_lib import i18n

    x = cl.tensor([1.0, 2.0], dtype=cl.float64, requires_grad=True)
    try:
        i18n.set_language("zh")
        report = str(gradcheck(lambda t: (t * t).sum(), (x,), raise_exception=False))
    finally:
        i18n.set_language("en")
    assert report.startswith("gradcheck 通过：误差最大的元素 t[")
    assert str(gradcheck(lambda t: (t * t).sum(), (x,))).startswith("gradcheck passed")
