"""Every code example of the seed texts, with the seeds' own numbers.

Each test is the seed's code with `torch.` replaced by `course_lib.` (here `cl.`),
asserting what the seed prints. Where the seed shows a float32 rounding artefact
(the numeric gradient), the value is compared with PyTorch's own when torch is present.
The last tests check that `course_lib.seeds` (what `autodiff-course check` runs) agrees.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course_lib as cl
from course_lib import seeds


def _torch_or_none():
    try:
        import torch
    except ImportError:  # pragma: no cover - CI installs torch
        return None
    return torch


# ----------------------------------------------------------------------------------
# y = 2·dot(x, x) (seeds 000, 002, 004)
# ----------------------------------------------------------------------------------


def test_dot_example_value_grad_and_reprs():
    x = cl.arange(4.0)
    assert repr(x) == "tensor([0., 1., 2., 3.])"
    x.requires_grad_(True)
    assert repr(x) == "tensor([0., 1., 2., 3.], requires_grad=True)"
    assert x.grad is None
    y = 2 * cl.dot(x, x)
    assert repr(y) == "tensor(28., grad_fn=<MulBackward0>)"
    assert y.item() == 28.0
    y.backward()
    assert x.grad.tolist() == [0.0, 4.0, 8.0, 12.0]
    assert repr(x.grad) == "tensor([ 0.,  4.,  8., 12.])"
    assert (x.grad == 4 * x).tolist() == [True, True, True, True]
    assert repr(x.grad == 4 * x) == "tensor([True, True, True, True])"


def test_arange_with_requires_grad_keyword_is_the_same():
    x = cl.arange(4.0, requires_grad=True)
    assert repr(x) == "tensor([0., 1., 2., 3.], requires_grad=True)"
    assert x.dtype == cl.float32


def test_zero_then_sum_gives_ones():
    x = cl.arange(4.0, requires_grad=True)
    (2 * cl.dot(x, x)).backward()
    assert repr(x.grad.zero_()) == "tensor([0., 0., 0., 0.])"
    y = x.sum()
    y.backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0, 1.0]


def test_x_times_x_summed_gives_2x():
    x = cl.arange(4.0, requires_grad=True)
    y = x * x  # like y.backward(torch.ones(len(x)))
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 2.0, 4.0, 6.0]


def test_x_times_x_with_gradient_ones_is_the_same_as_sum():
    x = cl.arange(4.0, requires_grad=True)
    (x * x).backward(cl.ones(len(x)))
    assert x.grad.tolist() == [0.0, 2.0, 4.0, 6.0]


def test_dot_of_1_2_3_gives_2_4_6():
    x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = cl.dot(x, x)  # xᵀx
    y.backward()
    assert x.grad.tolist() == [2.0, 4.0, 6.0]
    assert repr(x.grad) == "tensor([2., 4., 6.])"


# ----------------------------------------------------------------------------------
# W @ x + b and relu (seed 002)
# ----------------------------------------------------------------------------------


def test_linear_gradient_shapes_and_values():
    cl.manual_seed(0)
    W = cl.randn(2, 3, requires_grad=True)
    x = cl.tensor([1.0, 2.0, 3.0])
    b = cl.randn(2, requires_grad=True)
    y = W @ x + b
    loss = y.sum()
    loss.backward()
    assert W.grad.shape == (2, 3)  # same shape as W
    assert b.grad.shape == (2,)
    assert W.grad.tolist() == [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]  # ∂loss/∂W = 1·xᵀ
    assert b.grad.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("seed", range(6))
def test_relu_layer_gradients_are_mask_times_x(seed):
    cl.manual_seed(seed)
    x = cl.randn(3)
    W = cl.randn(2, 3, requires_grad=True)
    b = cl.randn(2, requires_grad=True)
    h = cl.relu(W @ x + b)
    loss = h.sum()
    loss.backward()
    mask = ((W @ x + b) > 0).data.astype(np.float32)
    np.testing.assert_array_equal(b.grad.data, mask)
    np.testing.assert_allclose(W.grad.data, np.outer(mask, x.data), rtol=0, atol=0)
    assert h.grad_fn.name() == "ReluBackward0"


# ----------------------------------------------------------------------------------
# accumulation and zero_ (seed 002 best practices)
# ----------------------------------------------------------------------------------


def test_gradients_accumulate_across_two_backwards_then_zero():
    x = cl.arange(4.0, requires_grad=True)
    y = x.sum()
    y.backward()
    y = x.sum()
    y.backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0, 2.0]
    x.grad.zero_()
    y = x.sum()
    y.backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0, 1.0]


def test_ten_backwards_accumulate_ten():
    x = cl.randn(3, requires_grad=True)
    for _ in range(10):
        y = x.sum()
        y.backward()  # gradients add up!
    assert x.grad.tolist() == [10.0, 10.0, 10.0]


# ----------------------------------------------------------------------------------
# vector-Jacobian product (seed 002)
# ----------------------------------------------------------------------------------


def test_vjp_with_one_hot_gradient():
    x = cl.randn(3, requires_grad=True)
    y = x * 2
    v = cl.tensor([1.0, 0.0, 0.0])  # the direction we care about
    y.backward(gradient=v)
    assert x.grad.tolist() == [2.0, 0.0, 0.0]


# ----------------------------------------------------------------------------------
# grad_check (seed 002): analytic 6.0, numeric float32 value
# ----------------------------------------------------------------------------------


def _grad_check(lib):
    x = lib.tensor(3.0, requires_grad=True)
    y = x**2
    y.backward()
    analytic_grad = x.grad
    eps = 1e-5
    numeric_grad = ((x + eps) ** 2 - (x - eps) ** 2) / (2 * eps)
    return analytic_grad, numeric_grad, f"解析梯度:{analytic_grad}, 数值梯度:{numeric_grad}"


def test_grad_check_analytic_is_6_and_numeric_is_close():
    analytic, numeric, printed = _grad_check(cl)
    assert analytic.item() == 6.0
    assert numeric.dtype == cl.float32
    assert abs(numeric.item() - 6.0) < 0.02  # float32 cancellation: 6.0081...
    assert numeric.item() != 6.0
    assert printed.startswith("解析梯度:6.0, 数值梯度:6.00")


def test_grad_check_numeric_value_is_pytorchs_float32_value():
    torch = pytest.importorskip("torch")
    ours, theirs = _grad_check(cl), _grad_check(torch)
    assert ours[0].item() == theirs[0].item() == 6.0
    assert ours[1].item() == theirs[1].item()  # the same float32 rounding, bit for bit
    assert ours[2] == theirs[2]  # the seed's printed line


# ----------------------------------------------------------------------------------
# detach (seed 004)
# ----------------------------------------------------------------------------------


def test_detach_makes_u_a_constant():
    x = cl.arange(4.0, requires_grad=True)
    y = x * x
    u = y.detach()
    z = u * x
    z.sum().backward()
    assert (x.grad == u).tolist() == [True] * 4
    x.grad.zero_()
    y.sum().backward()
    assert (x.grad == 2 * x).tolist() == [True] * 4


# ----------------------------------------------------------------------------------
# Python control flow (seed 004)
# ----------------------------------------------------------------------------------


def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


def test_control_flow_gradient_exactly_d_over_a_for_random_a():
    """The seed's check `a.grad == d / a`: exact when the doubling branch runs (powers of 2)."""
    cl.manual_seed(4)
    positives = negatives = 0
    for _ in range(200):
        a = cl.randn(size=(), requires_grad=True)
        d = f(a)
        d.backward()
        if a.item() > 0:
            positives += 1
            assert bool(a.grad == d / a), (a.item(), a.grad.item(), (d / a).item())
        else:
            negatives += 1  # 100·b rounds in float32: d/a may differ from the grad by an ulp
            assert a.grad.item() == pytest.approx((d / a).item(), rel=2e-7)
        k = math.log2(abs(a.grad.item()) / (1 if a.item() > 0 else 100))
        assert k == int(k)  # the gradient is 2^k (times 100 on the negative branch)
    assert positives > 50 and negatives > 50


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=st.floats(1e-3, 1e4) | st.floats(-1e4, -1e-3))
def test_control_flow_gradient_for_any_a(value):
    a = cl.tensor(value, requires_grad=True)
    d = f(a)
    d.backward()
    assert a.grad.item() == pytest.approx((d / a).item(), rel=2e-7)
    assert abs(d.item()) >= 1000


def test_control_flow_equality_agrees_with_pytorch():
    """For each a, `a.grad == d / a` is True or False exactly when PyTorch says so."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    for value in rng.standard_normal(300).astype(np.float32):
        results = []
        for lib in (cl, torch):
            a = lib.tensor(float(value), requires_grad=True)
            d = f(a)
            d.backward()
            results.append((bool(a.grad == d / a), a.grad.item(), d.item()))
        assert results[0] == results[1], value


# ----------------------------------------------------------------------------------
# chain rule (seed 001): f(x) = cos(x² − 1)
# ----------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(x0=st.floats(-5, 5))
def test_cos_of_x_squared_minus_one(x0):
    x = cl.tensor(x0, dtype=cl.float64, requires_grad=True)
    y = cl.cos(x**2 - 1)
    y.backward()
    by_hand = -math.sin(x0**2 - 1) * 2 * x0  # f'(x) = −sin(x² − 1)·2x
    assert x.grad.item() == pytest.approx(by_hand, rel=1e-12, abs=1e-12)
    assert y.item() == pytest.approx(math.cos(x0**2 - 1), rel=1e-12, abs=1e-15)


def test_differential_of_x_squared_at_3():
    x = cl.tensor(3.0, dtype=cl.float64, requires_grad=True)
    (x**2).backward()
    dy = x.grad.item() * 0.1
    assert dy == pytest.approx(0.6, abs=1e-12)
    assert (3.1**2 - 9) - dy == pytest.approx(0.01, abs=1e-12)


# ----------------------------------------------------------------------------------
# course_lib.seeds (what `autodiff-course check` prints) agrees with the same numbers
# ----------------------------------------------------------------------------------


@pytest.mark.parametrize("title, example, agrees", seeds.EXAMPLES,
                         ids=[e[0] for e in seeds.EXAMPLES])
def test_each_seed_function_agrees(title, example, agrees):
    assert agrees(example()), title


def test_seed_module_numbers():
    assert seeds.dot_gradient()["y"].item() == 28.0
    assert seeds.dot_gradient()["grad"].tolist() == [0.0, 4.0, 8.0, 12.0]
    assert seeds.inner_product()["grad"].tolist() == [2.0, 4.0, 6.0]
    assert seeds.vjp()["grad"].tolist() == [2.0, 0.0, 0.0]
    assert seeds.grad_check()["analytic"].item() == 6.0
    assert seeds.accumulation()["accumulated"].tolist() == [10.0] * 4
    for seed in range(20):
        assert seeds.control_flow(seed)["close"]


def test_run_all_prints_every_example(capsys):
    assert seeds.run_all(verbose=True)
    out = capsys.readouterr().out
    assert out.count("[ok]") == len(seeds.EXAMPLES)
    assert "tensor(28., grad_fn=<MulBackward0>)" in out
