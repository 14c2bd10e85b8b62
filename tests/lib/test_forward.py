"""Forward mode: tangents travel with the values through the same ops (their jvp rules)."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.forward import dual_level, make_dual, unpack_dual

RNG = np.random.default_rng(1)


def directional(f, x, v, h=1e-6):
    return (f(x + h * v) - f(x - h * v)) / (2 * h)


UNARY = [
    ("exp", lambda t: t.exp(), np.exp),
    ("log", lambda t: (t * t + 1).log(), lambda a: np.log(a * a + 1)),
    ("sqrt", lambda t: (t * t + 1).sqrt(), lambda a: np.sqrt(a * a + 1)),
    ("sin", lambda t: t.sin(), np.sin),
    ("cos", lambda t: t.cos(), np.cos),
    ("tanh", lambda t: t.tanh(), np.tanh),
    ("sigmoid", lambda t: t.sigmoid(), lambda a: 1 / (1 + np.exp(-a))),
    ("abs", lambda t: t.abs(), np.abs),
    ("pow", lambda t: t**3, lambda a: a**3),
    ("rdiv", lambda t: 1 / (t * t + 1), lambda a: 1 / (a * a + 1)),
    ("softmax", lambda t: t.softmax(-1), lambda a: np.exp(a) / np.exp(a).sum()),
    ("norm", lambda t: t.norm(), np.linalg.norm),
    ("sum-keepdim", lambda t: t.reshape(2, 3).sum(1, keepdim=True),
     lambda a: a.reshape(2, 3).sum(1, keepdims=True)),
    ("mean", lambda t: t.mean(), np.mean),
    ("max", lambda t: t.max(), np.max),
    ("index", lambda t: t[[0, 2, 2]], lambda a: a[[0, 2, 2]]),
    ("transpose", lambda t: t.reshape(2, 3).T, lambda a: a.reshape(2, 3).T),
    ("cat", lambda t: cl.cat([t, t * 2]), lambda a: np.concatenate([a, 2 * a])),
    ("matmul", lambda t: t.reshape(2, 3) @ t.reshape(3, 2),
     lambda a: a.reshape(2, 3) @ a.reshape(3, 2)),
]


@pytest.mark.parametrize("name,op,ref", UNARY, ids=[u[0] for u in UNARY])
def test_jvp_matches_directional_difference(name, op, ref):
    x = RNG.standard_normal(6) + 0.1
    v = RNG.standard_normal(6)
    with dual_level():
        y = op(make_dual(cl.tensor(x, dtype=cl.float64), v))
        primal, tangent = unpack_dual(y)
    np.testing.assert_allclose(primal.data, ref(x), rtol=1e-12)
    np.testing.assert_allclose(tangent.data, directional(ref, x, v), rtol=1e-6, atol=1e-8)


def test_binary_ops_with_two_duals_and_broadcasting():
    a, b = RNG.standard_normal((2, 3)), RNG.standard_normal(3) + 3
    ta, tb = RNG.standard_normal((2, 3)), RNG.standard_normal(3)
    with dual_level():
        da = make_dual(cl.tensor(a, dtype=cl.float64), ta)
        db = make_dual(cl.tensor(b, dtype=cl.float64), tb)
        out = (da * db + da / db - cl.maximum(da, db)) ** 2
        _, tangent = unpack_dual(out)

    def f(s):
        x, y = a + s * ta, b + s * tb
        return (x * y + x / y - np.maximum(x, y)) ** 2

    expected = (f(1e-6) - f(-1e-6)) / 2e-6
    np.testing.assert_allclose(tangent.data, expected, rtol=1e-5, atol=1e-7)


def test_tensor_without_tangent_is_a_constant():
    with dual_level():
        x = make_dual(cl.tensor(2.0, dtype=cl.float64), 1.0)
        c = cl.tensor(5.0, dtype=cl.float64)
        _, tangent = unpack_dual(x * c + c)
    assert tangent.item() == 5.0
    assert unpack_dual(c).tangent is None


def test_make_dual_needs_a_level_and_matching_shapes():
    with pytest.raises(RuntimeError, match="dual_level"):
        make_dual(cl.tensor(1.0), 1.0)
    with dual_level(), pytest.raises(RuntimeError, match="different size"):
        make_dual(cl.zeros(3), np.ones(2))


def test_forward_mode_records_no_graph_under_no_grad():
    with cl.no_grad(), dual_level():
        x = make_dual(cl.tensor([1.0, 2.0], requires_grad=True), [1.0, 0.0])
        y = (x * x).sum()
    assert y.grad_fn is None
    assert unpack_dual(y).tangent.item() == 2.0
