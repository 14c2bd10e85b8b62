"""grad / vjp / jvp / jacobian / hessian, against finite differences and PyTorch."""

import numpy as np
import pytest

import course_lib as cl
from course_lib import functional as F

RNG = np.random.default_rng(2)


def f_scalar(x):
    return (x.sin() * x).sum() + (x**2).sum().sqrt()


def f_vector(x):
    return cl.stack([x[0] * x[1], x[1].exp(), (x * x).sum()])


def numeric_jacobian(f, x, h=1e-6):
    x = np.asarray(x, dtype=np.float64)
    cols = []
    for i in range(x.size):
        e = np.zeros_like(x)
        e.flat[i] = h
        plus = f(cl.tensor(x + e, dtype=cl.float64)).data
        minus = f(cl.tensor(x - e, dtype=cl.float64)).data
        cols.append(((plus - minus) / (2 * h)).reshape(-1))
    return np.stack(cols, axis=-1)


def test_grad_matches_numeric():
    x = RNG.standard_normal(5)
    g = F.grad(f_scalar)(cl.tensor(x, dtype=cl.float64))
    np.testing.assert_allclose(g.data, numeric_jacobian(f_scalar, x).ravel(), rtol=1e-6)


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_jacobian_both_modes(mode):
    x = RNG.standard_normal(2)
    J = F.jacobian(f_vector, cl.tensor(x, dtype=cl.float64), mode=mode)
    assert tuple(J.shape) == (3, 2)
    np.testing.assert_allclose(J.data, numeric_jacobian(f_vector, x), rtol=1e-6)


def test_vjp_and_jvp_are_transposes_of_each_other():
    x = cl.tensor(RNG.standard_normal(2), dtype=cl.float64)
    u, v = RNG.standard_normal(3), RNG.standard_normal(2)
    _, uJ = F.vjp(f_vector, x, cl.tensor(u, dtype=cl.float64))
    _, Jv = F.jvp(f_vector, x, cl.tensor(v, dtype=cl.float64))
    assert np.isclose(uJ.data @ v, u @ Jv.data)  # uᵀ(Jv) = (uᵀJ)v


def test_hessian_of_cubic_and_quadratic_form():
    A = RNG.standard_normal((3, 3))
    x = cl.tensor(RNG.standard_normal(3), dtype=cl.float64)
    H = F.hessian(lambda t: t @ (cl.tensor(A) @ t), x)
    np.testing.assert_allclose(H.data, A + A.T, atol=1e-12)
    H3 = F.hessian(lambda t: (t**3).sum(), x)
    np.testing.assert_allclose(H3.data, np.diag(6 * x.data), atol=1e-12)


def test_grad_rejects_non_scalar_functions():
    with pytest.raises(RuntimeError, match="single-element"):
        F.grad(lambda t: t * 2)(cl.ones(3))
    with pytest.raises(ValueError, match="mode"):
        F.jacobian(f_vector, cl.ones(2), mode="sideways")


def test_mode_costs_show_the_seeds_claim():
    costs = F.mode_costs((2, 8, 64))
    assert costs["forward_passes"] == [2, 8, 64]  # f: Rⁿ -> R, forward needs n passes
    assert costs["reverse_passes"] == [1, 1, 1]  # ... reverse needs one
    assert costs["forward_passes_g"] == [1, 1, 1]  # g: R -> Rᵐ the other way round
    assert costs["reverse_passes_g"] == [2, 8, 64]
    rev, fwd = costs["reverse_peak_bytes"], costs["forward_peak_bytes"]
    assert rev[-1] > 4 * rev[0]  # reverse mode keeps the graph: memory grows with n
    assert fwd[-1] < rev[-1] / 4  # forward mode does not


@pytest.mark.torch
def test_parity_with_torch_functional():
    torch = pytest.importorskip("torch")
    x = RNG.standard_normal(2)
    v = RNG.standard_normal(2)
    u = RNG.standard_normal(3)

    def tf(t):
        return torch.stack([t[0] * t[1], t[1].exp(), (t * t).sum()])

    tx = torch.tensor(x)
    cx = cl.tensor(x, dtype=cl.float64)
    np.testing.assert_allclose(F.jacobian(f_vector, cx).data,
                               torch.autograd.functional.jacobian(tf, tx).numpy(), rtol=1e-12)
    np.testing.assert_allclose(F.jvp(f_vector, cx, v)[1].data,
                               torch.autograd.functional.jvp(tf, tx, torch.tensor(v))[1].numpy(),
                               rtol=1e-12)
    np.testing.assert_allclose(F.vjp(f_vector, cx, u)[1].data,
                               torch.autograd.functional.vjp(tf, tx, torch.tensor(u))[1].numpy(),
                               rtol=1e-12)

    def ts(t):
        return (t.sin() * t).sum() + (t**2).sum().sqrt()

    np.testing.assert_allclose(F.hessian(f_scalar, cx).data,
                               torch.autograd.functional.hessian(ts, tx).numpy(), rtol=1e-10)
