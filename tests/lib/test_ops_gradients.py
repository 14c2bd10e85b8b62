"""Every differentiable op's backward against central differences, in float64.

Hypothesis draws the shapes (broadcasting pairs, 0-d tensors and empty dimensions
where PyTorch allows them), the values and the op's own arguments (dims, keys, ...).
For each case we check, with a random upstream gradient v:

* the forward value against a numpy reference;
* backward(gradient=v) against the central difference of <v, f(x)> (a VJP);
* with create_graph=True, a Hessian-vector product against the central difference of
  the (analytic) first gradient, so every backward formula is itself differentiable.

Kinks (relu, abs, clamp, max, maximum) are kept away from the sampled values: a finite
difference across a kink measures nothing.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import course_lib as cl

FIRST = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
SECOND = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))

H = 1e-6  # step of the central difference in float64 (error ~ H² f''' + eps/H)


# ----------------------------------------------------------------------------------
# the checks
# ----------------------------------------------------------------------------------


def _leaves(arrays):
    return [cl.tensor(a, dtype=cl.float64, requires_grad=True) for a in arrays]


def _upstream(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def numeric_vjp(fn, arrays, v, h=H):
    """d<v, fn(x)>/dx for every input, by central differences (no autograd involved)."""
    grads = []
    for i, a in enumerate(arrays):
        g = np.zeros_like(a)
        for idx in np.ndindex(a.shape):

            def value(delta, i=i, idx=idx):
                xs = [b.copy() for b in arrays]
                xs[i][idx] += delta
                with cl.no_grad():
                    out = fn(*[cl.tensor(x, dtype=cl.float64) for x in xs])
                return float(np.sum(out.data * v))

            g[idx] = (value(h) - value(-h)) / (2 * h)
        grads.append(g)
    return grads


def check_gradients(fn, *arrays, ref=None, rtol=1e-5, atol=1e-6):
    """Forward against `ref` (numpy) and backward against central differences."""
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    xs = _leaves(arrays)
    out = fn(*xs)
    assert out.dtype == np.float64, f"float64 in, {out.dtype} out"
    assert out.requires_grad and not out.is_leaf
    if ref is not None:
        expected = np.asarray(ref(*arrays))
        assert tuple(out.shape) == expected.shape
        np.testing.assert_allclose(out.data, expected, rtol=1e-12, atol=1e-12)
    v = _upstream(out.shape)
    out.backward(gradient=cl.tensor(v, dtype=cl.float64))
    for k, (x, expected) in enumerate(zip(xs, numeric_vjp(fn, arrays, v))):
        assert x.grad is not None, f"input {k} got no gradient"
        assert tuple(x.grad.shape) == tuple(x.shape), f"input {k}: grad shape"
        assert x.grad.dtype == np.float64
        np.testing.assert_allclose(x.grad.data, expected, rtol=rtol, atol=atol,
                                   err_msg=f"gradient of input {k}")


def _first_grads(fn, arrays, v, create_graph):
    xs = _leaves(arrays)
    out = fn(*xs)
    grads = cl.autograd.grad(out, xs, grad_outputs=cl.tensor(v, dtype=cl.float64),
                             create_graph=create_graph, allow_unused=True)
    grads = [cl.zeros_like(x) if g is None else g for x, g in zip(xs, grads)]
    return xs, grads


def check_second_order(fn, *arrays, rtol=1e-4, atol=1e-6):
    """Hessian-vector product through create_graph=True against differences of the gradient."""
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    with cl.no_grad():
        v = _upstream(fn(*[cl.tensor(a, dtype=cl.float64) for a in arrays]).shape)
    ws = [_upstream(a.shape, seed=1 + k) for k, a in enumerate(arrays)]

    xs, grads = _first_grads(fn, arrays, v, create_graph=True)
    inner = None
    for g, w in zip(grads, ws):
        if g.requires_grad:
            term = (g * cl.tensor(w, dtype=cl.float64)).sum()
            inner = term if inner is None else inner + term
    if inner is None:  # the first gradient does not depend on x: f is (piecewise) linear
        analytic = [np.zeros_like(a) for a in arrays]
    else:
        hvp = cl.autograd.grad(inner, xs, allow_unused=True)
        analytic = [np.zeros_like(a) if h is None else h.data for a, h in zip(arrays, hvp)]

    def first_grad_dot_w(*ts):
        """<w, ∇<v, f>> as a function of the inputs (the analytic gradient, not recorded)."""
        with cl.enable_grad():  # numeric_vjp evaluates under no_grad
            _, gs = _first_grads(fn, [t.data for t in ts], v, create_graph=False)
        total = sum(float(np.sum(g.data * w)) for g, w in zip(gs, ws))
        return cl.tensor(total, dtype=cl.float64)

    numeric = numeric_vjp(first_grad_dot_w, arrays, np.ones(()), h=1e-5)
    for k, (a, n) in enumerate(zip(analytic, numeric)):
        assert a.shape == n.shape
        np.testing.assert_allclose(a, n, rtol=rtol, atol=atol, err_msg=f"HVP of input {k}")


# ----------------------------------------------------------------------------------
# strategies
# ----------------------------------------------------------------------------------

SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3)
NONEMPTY_SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)


def _floats(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


DOMAINS = {
    "real": _floats(-3, 3),
    "wide": _floats(-12, 12),
    "positive": _floats(0.2, 3),
    "nonzero": _floats(0.2, 3) | _floats(-3, -0.2),
    # a grid that stays >= 0.1 away from the kinks at 0, -0.5, 0.3 and 1.0 used below
    "kinked": st.integers(-12, 12).map(lambda k: k * 0.25 + 0.1),
    # a second grid, offset from the first: maximum(a, b) never sees a tie
    "kinked_b": st.integers(-12, 12).map(lambda k: k * 0.25 + 0.2),
}


def arrays(shape, domain="real"):
    return hnp.arrays(np.float64, shape, elements=DOMAINS[domain])


@st.composite
def distinct_values(draw, shape):
    """Values without ties and at least 0.25 apart (max/min reductions, sorting)."""
    n = int(np.prod(shape, dtype=np.int64))
    order = draw(st.permutations(range(n)))
    return (np.array(order, dtype=np.float64) * 0.25 - 1.3).reshape(shape)


@st.composite
def dims(draw, ndim, allow_none=True, allow_tuple=True):
    """A `dim=` argument: None, one (possibly negative) axis, or a tuple of axes."""
    n = max(ndim, 1)
    options = [st.integers(-n, n - 1)]
    if allow_none:
        options.append(st.none())
    if allow_tuple and ndim >= 1:
        options.append(
            st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True).map(
                lambda ds: tuple(d - ndim if i % 2 else d for i, d in enumerate(ds))
            )
        )
    return draw(st.one_of(options))


def _axes(dim, ndim):
    """numpy's axis for a PyTorch dim (a 0-d tensor accepts dim 0 / -1 and reduces nothing)."""
    if dim is None:
        return None
    if ndim == 0:
        return ()
    ds = (dim,) if isinstance(dim, int) else dim
    return tuple(d % ndim for d in ds)


# ----------------------------------------------------------------------------------
# unary ops (and a tensor with a Python number, on either side)
# ----------------------------------------------------------------------------------


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


UNARY = {
    # name: (function of a Tensor, numpy reference, domain of the values)
    "neg": (lambda x: -x, np.negative, "real"),
    "neg_fn": (cl.neg, np.negative, "real"),
    "exp": (lambda x: x.exp(), np.exp, "real"),
    "exp_fn": (cl.exp, np.exp, "real"),
    "log": (lambda x: x.log(), np.log, "positive"),
    "log_fn": (cl.log, np.log, "positive"),
    "sqrt": (lambda x: x.sqrt(), np.sqrt, "positive"),
    "sin": (lambda x: x.sin(), np.sin, "real"),
    "cos": (cl.cos, np.cos, "real"),
    "tanh": (lambda x: x.tanh(), np.tanh, "wide"),
    "sigmoid": (cl.sigmoid, _sigmoid, "wide"),
    "relu": (cl.relu, lambda a: np.maximum(a, 0), "kinked"),
    "abs": (lambda x: x.abs(), np.abs, "kinked"),
    "abs_builtin": (abs, np.abs, "kinked"),
    "clamp": (lambda x: x.clamp(-0.5, 1.0), lambda a: np.clip(a, -0.5, 1.0), "kinked"),
    "clamp_min": (lambda x: x.clamp(min=0.3), lambda a: np.maximum(a, 0.3), "kinked"),
    "clamp_max_fn": (lambda x: cl.clamp(x, max=0.3), lambda a: np.minimum(a, 0.3), "kinked"),
    "add_scalar": (lambda x: x + 1.5, lambda a: a + 1.5, "real"),
    "radd_scalar": (lambda x: 1.5 + x, lambda a: 1.5 + a, "real"),
    "sub_scalar": (lambda x: x - 2, lambda a: a - 2, "real"),
    "rsub_scalar": (lambda x: 2 - x, lambda a: 2 - a, "real"),
    "mul_scalar": (lambda x: x * -1.5, lambda a: a * -1.5, "real"),
    "rmul_scalar": (lambda x: 3 * x, lambda a: 3 * a, "real"),
    "div_scalar": (lambda x: x / 4.0, lambda a: a / 4.0, "real"),
    "rdiv_scalar": (lambda x: 2.5 / x, lambda a: 2.5 / a, "nonzero"),
    "pow_2": (lambda x: x**2, lambda a: a**2, "real"),
    "pow_3": (lambda x: x**3, lambda a: a**3, "real"),
    "pow_0": (lambda x: x**0, lambda a: a**0, "real"),
    "pow_neg1": (lambda x: x**-1, lambda a: a**-1.0, "nonzero"),
    "pow_half": (lambda x: x**0.5, np.sqrt, "positive"),
    "pow_1_5_fn": (lambda x: cl.pow(x, 1.5), lambda a: a**1.5, "positive"),
    "rpow_2": (lambda x: 2**x, lambda a: 2.0**a, "real"),
    "rpow_half": (lambda x: 0.5**x, lambda a: 0.5**a, "real"),
    "numpy_scalar": (lambda x: x * np.float64(0.5) + np.float64(1), lambda a: a * 0.5 + 1, "real"),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@FIRST
@given(data=st.data())
def test_unary_gradient(name, data):
    fn, ref, domain = UNARY[name]
    x = data.draw(arrays(data.draw(SHAPES), domain))
    check_gradients(fn, x, ref=ref)


@pytest.mark.parametrize("name", sorted(UNARY))
@SECOND
@given(data=st.data())
def test_unary_second_order(name, data):
    fn, _, domain = UNARY[name]
    x = data.draw(arrays(data.draw(NONEMPTY_SHAPES), domain))
    check_second_order(fn, x)


# ----------------------------------------------------------------------------------
# binary ops between two tensors, with numpy broadcasting
# ----------------------------------------------------------------------------------

BINARY = {
    # name: (function, numpy reference, domain of a, domain of b)
    "add": (lambda a, b: a + b, np.add, "real", "real"),
    "sub": (lambda a, b: a - b, np.subtract, "real", "real"),
    "mul": (lambda a, b: a * b, np.multiply, "real", "real"),
    "div": (lambda a, b: a / b, np.divide, "real", "nonzero"),
    "pow": (lambda a, b: a**b, np.power, "positive", "real"),
    "pow_fn": (cl.pow, np.power, "positive", "real"),
    "maximum": (cl.maximum, np.maximum, "kinked", "kinked_b"),
    "minimum": (lambda a, b: a.minimum(b), np.minimum, "kinked", "kinked_b"),
    "max_of_two": (lambda a, b: a.max(b), np.maximum, "kinked", "kinked_b"),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@FIRST
@given(data=st.data())
def test_binary_broadcast_gradient(name, data):
    fn, ref, dom_a, dom_b = BINARY[name]
    shapes = data.draw(hnp.mutually_broadcastable_shapes(
        num_shapes=2, min_dims=0, max_dims=3, min_side=0, max_side=3))
    a_shape, b_shape = shapes.input_shapes
    a = data.draw(arrays(a_shape, dom_a))
    b = data.draw(arrays(b_shape, dom_b))
    check_gradients(fn, a, b, ref=ref)


@pytest.mark.parametrize("name", sorted(BINARY))
@SECOND
@given(data=st.data())
def test_binary_second_order(name, data):
    fn, _, dom_a, dom_b = BINARY[name]
    shapes = data.draw(hnp.mutually_broadcastable_shapes(
        num_shapes=2, min_dims=0, max_dims=2, min_side=1, max_side=3))
    a_shape, b_shape = shapes.input_shapes
    check_second_order(fn, data.draw(arrays(a_shape, dom_a)), data.draw(arrays(b_shape, dom_b)))


@pytest.mark.parametrize("constant_side", ["left", "right"])
@FIRST
@given(data=st.data())
def test_binary_with_a_constant_operand(constant_side, data):
    """An operand that does not require grad (array or tensor) gets no gradient, the other does."""
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3))
    a = data.draw(arrays(shapes.input_shapes[0], "real"))
    c = data.draw(arrays(shapes.input_shapes[1], "nonzero"))
    constant = cl.tensor(c, dtype=cl.float64)
    if constant_side == "left":
        check_gradients(lambda x: constant * x - constant / (x * x + 1), a)
    else:
        check_gradients(lambda x: x * constant - (x * x + 1) / constant, a)


@FIRST
@given(data=st.data())
def test_where_broadcasts_three_ways(data):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(
        num_shapes=3, min_dims=0, max_dims=3, min_side=0, max_side=3))
    c_shape, a_shape, b_shape = shapes.input_shapes
    cond = data.draw(hnp.arrays(np.bool_, c_shape))
    a, b = data.draw(arrays(a_shape)), data.draw(arrays(b_shape))
    check_gradients(lambda x, y: cl.where(cl.tensor(cond), x, y), a, b,
                    ref=lambda x, y: np.where(cond, x, y))
    check_gradients(lambda x: cl.where(cond, x * x, 0.5), a,
                    ref=lambda x: np.where(cond, x * x, 0.5))


@SECOND
@given(data=st.data())
def test_where_second_order(data):
    shape = data.draw(NONEMPTY_SHAPES)
    cond = data.draw(hnp.arrays(np.bool_, shape))
    check_second_order(lambda x, y: cl.where(cond, x * y, y.exp()),
                       data.draw(arrays(shape)), data.draw(arrays(shape)))


# ----------------------------------------------------------------------------------
# dot and matmul
# ----------------------------------------------------------------------------------


@st.composite
def matmul_shapes(draw):
    """Operand shapes for every matmul case: 1-D, 2-D, mixed, batched, broadcast batch."""
    kind = draw(st.sampled_from(
        ["1d@1d", "2d@1d", "1d@2d", "2d@2d", "batched", "broadcast", "batch@1d", "1d@batch"]))
    m, k, n = (draw(st.integers(0, 3)) for _ in range(3))
    batch = draw(hnp.mutually_broadcastable_shapes(
        num_shapes=2, min_dims=1, max_dims=2, min_side=1, max_side=3))
    ba, bb = batch.input_shapes
    return {
        "1d@1d": ((k,), (k,)),
        "2d@1d": ((m, k), (k,)),
        "1d@2d": ((k,), (k, n)),
        "2d@2d": ((m, k), (k, n)),
        "batched": ((*ba, m, k), (*ba, k, n)),
        "broadcast": ((*ba, m, k), (*bb, k, n)),
        "batch@1d": ((*ba, m, k), (k,)),
        "1d@batch": ((k,), (*bb, k, n)),
    }[kind]


@FIRST
@given(shapes=matmul_shapes(), data=st.data())
def test_matmul_gradient(shapes, data):
    a = data.draw(arrays(shapes[0]))
    b = data.draw(arrays(shapes[1]))
    check_gradients(lambda x, y: x @ y, a, b, ref=np.matmul)


@FIRST
@given(shapes=matmul_shapes(), data=st.data())
def test_matmul_function_and_mm_forms(shapes, data):
    a = data.draw(arrays(shapes[0]))
    b = data.draw(arrays(shapes[1]))
    check_gradients(cl.matmul, a, b, ref=np.matmul)
    check_gradients(lambda x, y: x.matmul(y), a, b, ref=np.matmul)


@SECOND
@given(shapes=matmul_shapes(), data=st.data())
def test_matmul_second_order(shapes, data):
    a = data.draw(arrays(shapes[0]))
    b = data.draw(arrays(shapes[1]))
    check_second_order(lambda x, y: (x @ y) * (x @ y), a, b)


@FIRST
@given(n=st.integers(0, 5), data=st.data())
def test_dot_gradient(n, data):
    a, b = data.draw(arrays((n,))), data.draw(arrays((n,)))
    check_gradients(cl.dot, a, b, ref=np.dot)
    check_gradients(lambda x: x.dot(x), a, ref=lambda x: np.dot(x, x))


@SECOND
@given(n=st.integers(1, 4), data=st.data())
def test_dot_second_order(n, data):
    check_second_order(lambda x, y: cl.dot(x * y, x), data.draw(arrays((n,))),
                       data.draw(arrays((n,))))


# ----------------------------------------------------------------------------------
# reductions
# ----------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # mean of an empty slice is nan
@pytest.mark.parametrize("op", ["sum", "mean", "sum_fn", "mean_fn"])
@FIRST
@given(data=st.data())
def test_sum_mean_over_dims(op, data):
    shape = data.draw(SHAPES)
    dim = data.draw(dims(len(shape)))
    keepdim = data.draw(st.booleans())
    x = data.draw(arrays(shape))
    name = op.removesuffix("_fn")
    if op.endswith("_fn"):
        fn = (cl.sum if name == "sum" else cl.mean)

        def f(t):
            return fn(t, dim, keepdim)
    else:

        def f(t):
            return getattr(t, name)(dim=dim, keepdim=keepdim)

    def ref(a):
        return getattr(np, name)(a, axis=_axes(dim, a.ndim), keepdims=keepdim)

    if name == "mean" and x.size == 0:
        assume(False)  # nan values: covered by the shape checks below
    check_gradients(f, x, ref=ref)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_mean_of_empty_dims_has_torch_shapes():
    x = cl.ones(3, 0, dtype=cl.float64, requires_grad=True)
    y = x.mean(dim=1)
    assert tuple(y.shape) == (3,) and np.isnan(y.data).all()
    y.sum().backward()
    assert tuple(x.grad.shape) == (3, 0)


@pytest.mark.parametrize("op", ["sum", "mean"])
@SECOND
@given(data=st.data())
def test_sum_mean_second_order(op, data):
    shape = data.draw(NONEMPTY_SHAPES)
    dim = data.draw(dims(len(shape)))
    keepdim = data.draw(st.booleans())
    check_second_order(lambda t: getattr(t * t, op)(dim=dim, keepdim=keepdim).sin(),
                       data.draw(arrays(shape)))


@pytest.mark.parametrize("op", ["max", "min"])
@FIRST
@given(data=st.data())
def test_max_min_over_a_dim(op, data):
    shape = data.draw(SHAPES)
    dim = data.draw(dims(len(shape), allow_none=False, allow_tuple=False))
    assume(len(shape) == 0 or shape[dim] > 0)  # PyTorch: reduction dim must be non-empty
    keepdim = data.draw(st.booleans())
    x = data.draw(distinct_values(shape))
    arg = np.argmax if op == "max" else np.argmin

    def ref(a):
        return getattr(np, op)(a, axis=_axes(dim, a.ndim), keepdims=keepdim)

    check_gradients(lambda t: getattr(t, op)(dim, keepdim)[0], x, ref=ref)
    check_gradients(lambda t: getattr(cl, op)(t, dim=dim, keepdim=keepdim).values, x, ref=ref)
    indices = getattr(cl.tensor(x), op)(dim, keepdim).indices
    expected = arg(x, axis=dim, keepdims=keepdim) if x.ndim else np.zeros((), np.int64)
    np.testing.assert_array_equal(indices.data, expected)


@pytest.mark.parametrize("op", ["max", "min"])
@FIRST
@given(data=st.data())
def test_max_min_of_everything(op, data):
    shape = data.draw(NONEMPTY_SHAPES)
    x = data.draw(distinct_values(shape))
    check_gradients(lambda t: getattr(t, op)(), x, ref=getattr(np, op))
    check_gradients(lambda t: getattr(cl, op)(t * t), x, ref=lambda a: getattr(np, op)(a * a))


@pytest.mark.parametrize("op", ["max", "min"])
def test_max_min_ties_share_the_gradient_evenly(op):
    """PyTorch splits the gradient of a full max/min evenly between tied elements."""
    x = cl.tensor([1.0, 3.0, 3.0, -1.0, 3.0] if op == "max" else [1.0, -2.0, 4.0, -2.0, 0.0],
                  dtype=cl.float64, requires_grad=True)
    getattr(x, op)().backward()
    hits = x.data == getattr(np, op)(x.data)
    np.testing.assert_allclose(x.grad.data, hits / hits.sum())


@pytest.mark.parametrize("op", ["max", "min"])
@SECOND
@given(data=st.data())
def test_max_min_second_order(op, data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3))
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    x = data.draw(distinct_values(shape))
    check_second_order(lambda t: getattr(t * t.exp(), op)(dim)[0], x)


@FIRST
@given(data=st.data())
def test_norm_over_dims(data):
    shape = data.draw(SHAPES)
    dim = data.draw(dims(len(shape)))
    keepdim = data.draw(st.booleans())
    x = data.draw(arrays(shape, "kinked"))  # never 0, so no vector has norm 0

    def ref(a):
        return np.sqrt((a * a).sum(axis=_axes(dim, a.ndim), keepdims=keepdim))

    check_gradients(lambda t: t.norm(dim=dim, keepdim=keepdim), x, ref=ref)
    check_gradients(lambda t: cl.norm(t, 2, dim, keepdim), x, ref=ref)


@FIRST
@given(data=st.data())
def test_norm_p1(data):
    shape = data.draw(SHAPES)
    x = data.draw(arrays(shape, "kinked"))
    check_gradients(lambda t: t.norm(p=1), x, ref=lambda a: np.abs(a).sum())


def test_norm_of_zero_vector_has_gradient_zero():
    """PyTorch's choice at the kink of ‖x‖: the subgradient 0."""
    x = cl.zeros(3, dtype=cl.float64, requires_grad=True)
    x.norm().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


@SECOND
@given(data=st.data())
def test_norm_second_order(data):
    shape = data.draw(NONEMPTY_SHAPES)
    dim = data.draw(dims(len(shape)))
    check_second_order(lambda t: t.norm(dim=dim), data.draw(arrays(shape, "kinked")))


def _softmax(a, axis):
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("op", ["softmax", "log_softmax", "softmax_fn", "log_softmax_fn"])
@FIRST
@given(data=st.data())
def test_softmax_family(op, data):
    shape = data.draw(SHAPES)
    dim = data.draw(dims(len(shape), allow_none=False, allow_tuple=False))
    x = data.draw(arrays(shape, "wide"))
    name = op.removesuffix("_fn")
    axis = dim if len(shape) else None

    def ref(a):
        if a.size == 0:
            return a.copy()
        s = _softmax(a, axis)
        return s if name == "softmax" else np.log(s)

    if op.endswith("_fn"):
        fn = getattr(cl, name)
        check_gradients(lambda t: fn(t, dim), x, ref=ref)
    else:
        check_gradients(lambda t: getattr(t, name)(dim=dim), x, ref=ref)


@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
@SECOND
@given(data=st.data())
def test_softmax_second_order(op, data):
    shape = data.draw(NONEMPTY_SHAPES)
    dim = data.draw(dims(len(shape), allow_none=False, allow_tuple=False))
    check_second_order(lambda t: getattr(t, op)(dim), data.draw(arrays(shape)))


def test_log_softmax_is_stable_for_large_logits():
    x = cl.tensor([[1000.0, 0.0, -1000.0]], dtype=cl.float64, requires_grad=True)
    y = x.log_softmax(dim=1)
    assert np.isfinite(y.data).all()
    y[0, 0].backward()
    np.testing.assert_allclose(x.grad.data, [[0.0, 0.0, 0.0]], atol=1e-300)


# ----------------------------------------------------------------------------------
# the reductions learners reach for next: var, std, prod, amax/amin, logsumexp, cumsum
# ----------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # N <= correction: inf/nan, as in torch
@pytest.mark.parametrize("op", ["var", "std", "var_fn", "std_fn"])
@FIRST
@given(data=st.data())
def test_var_std_over_dims(op, data):
    shape = data.draw(NONEMPTY_SHAPES)
    dim = data.draw(dims(len(shape)))
    keepdim = data.draw(st.booleans())
    correction = data.draw(st.sampled_from([0, 1, 2]))
    x = data.draw(distinct_values(shape))  # no zero spread: std is differentiable
    name = op.removesuffix("_fn")
    axes = _axes(dim, len(shape))
    n = int(np.prod([x.shape[d] for d in axes] if axes is not None else x.shape))
    assume(n - correction > 0)
    if name == "std":
        assume(n > 1)  # std of one element is 0: its derivative is undefined
    if op.endswith("_fn"):
        fn = getattr(cl, name)

        def f(t):
            return fn(t, dim, correction=correction, keepdim=keepdim)
    else:

        def f(t):
            return getattr(t, name)(dim=dim, correction=correction, keepdim=keepdim)

    def ref(a):
        return getattr(np, name)(a, axis=axes, ddof=correction, keepdims=keepdim)

    check_gradients(f, x, ref=ref)


def test_var_unbiased_flag_is_correction_one_or_zero():
    x = cl.tensor([1.0, 2.0, 4.0, 7.0], dtype=cl.float64)
    assert x.var().item() == pytest.approx(np.var(x.data, ddof=1))
    assert x.var(unbiased=False).item() == pytest.approx(np.var(x.data))
    assert x.std(unbiased=True).item() == pytest.approx(np.std(x.data, ddof=1))
    with pytest.raises(RuntimeError, match="correction"):
        x.var(correction=1, unbiased=True)


@pytest.mark.parametrize("op", ["var", "std"])
@SECOND
@given(data=st.data())
def test_var_std_second_order(op, data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=2, max_side=3))
    dim = data.draw(dims(len(shape)))
    check_second_order(lambda t: getattr(t, op)(dim=dim), data.draw(distinct_values(shape)))


@st.composite
def with_zeros(draw, shape):
    """Values of which some (possibly several) are exactly 0, the others |x| >= 0.2."""
    x = draw(arrays(shape, "nonzero"))
    zeros = draw(hnp.arrays(np.bool_, shape))
    return np.where(zeros, 0.0, x)


@pytest.mark.parametrize("values", ["real", "zeros"])
@FIRST
@given(data=st.data())
def test_prod_over_all_and_one_dim(values, data):
    """d(∏x)/dx_i is the product of the others — also when some x are 0 (no 0/0)."""
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))
    x = data.draw(with_zeros(shape) if values == "zeros" else arrays(shape))
    dim = data.draw(st.none() | st.integers(-max(len(shape), 1), max(len(shape), 1) - 1))
    keepdim = data.draw(st.booleans())

    def ref(a):
        return np.prod(a, axis=_axes(dim, a.ndim), keepdims=keepdim and dim is not None)

    if dim is None:
        check_gradients(lambda t: t.prod(), x, ref=ref)
        check_gradients(cl.prod, x, ref=ref)
    else:
        check_gradients(lambda t: t.prod(dim, keepdim=keepdim), x, ref=ref)


def test_prod_gradient_with_one_and_two_zeros():
    x = cl.tensor([2.0, 0.0, 3.0], dtype=cl.float64, requires_grad=True)
    x.prod().backward()
    assert x.grad.tolist() == [0.0, 6.0, 0.0]  # only the 0 has non-zero others
    y = cl.tensor([0.0, 5.0, 0.0], dtype=cl.float64, requires_grad=True)
    y.prod().backward()
    assert y.grad.tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("values", ["real", "zeros"])
@SECOND
@given(data=st.data())
def test_prod_second_order(values, data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=3))
    # without zeros backward is ∏x / x_i: its own derivative cancels badly for x near 0
    # (as PyTorch's does), so the values are exact zeros or |x| >= 0.2
    x = data.draw(with_zeros(shape) if values == "zeros" else arrays(shape, "nonzero"))
    dim = data.draw(st.none() | st.integers(-len(shape), len(shape) - 1))
    check_second_order(lambda t: t.prod(dim) if dim is not None else t.prod(), x)


@pytest.mark.parametrize("op", ["amax", "amin"])
@FIRST
@given(data=st.data())
def test_amax_amin_over_dims(op, data):
    shape = data.draw(NONEMPTY_SHAPES)
    dim = data.draw(dims(len(shape), allow_none=False))
    keepdim = data.draw(st.booleans())
    x = data.draw(distinct_values(shape))

    def ref(a):
        return getattr(np, op)(a, axis=_axes(dim, a.ndim), keepdims=keepdim)

    check_gradients(lambda t: getattr(t, op)(dim, keepdim), x, ref=ref)
    check_gradients(lambda t: getattr(cl, op)(t), x, ref=getattr(np, op))


@pytest.mark.parametrize("op", ["amax", "amin"])
def test_amax_amin_ties_share_the_gradient_evenly_along_each_row(op):
    x = cl.tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0], [-1.0, 0.0, -1.0]], dtype=cl.float64,
                  requires_grad=True)
    getattr(x, op)(dim=1).sum().backward()
    hits = x.data == getattr(np, op)(x.data, axis=1, keepdims=True)
    np.testing.assert_allclose(x.grad.data, hits / hits.sum(axis=1, keepdims=True))


@pytest.mark.parametrize("op", ["amax", "amin"])
@SECOND
@given(data=st.data())
def test_amax_amin_second_order(op, data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=3))
    dim = data.draw(dims(len(shape), allow_none=False))
    check_second_order(lambda t: getattr(t * t.exp(), op)(dim), data.draw(distinct_values(shape)))


@FIRST
@given(data=st.data())
def test_logsumexp_over_dims(data):
    shape = data.draw(NONEMPTY_SHAPES)
    dim = data.draw(dims(len(shape), allow_none=False))
    keepdim = data.draw(st.booleans())
    x = data.draw(arrays(shape, "wide"))

    def ref(a):
        axes = _axes(dim, a.ndim)
        return np.log(np.exp(a).sum(axis=axes, keepdims=keepdim))

    check_gradients(lambda t: t.logsumexp(dim, keepdim), x, ref=ref)
    check_gradients(lambda t: cl.logsumexp(t, dim, keepdim=keepdim), x, ref=ref)


def test_logsumexp_is_stable_for_large_values():
    x = cl.tensor([1000.0, 1000.0, -1000.0], dtype=cl.float64, requires_grad=True)
    y = x.logsumexp(0)
    assert y.item() == pytest.approx(1000.0 + np.log(2.0))
    y.backward()
    np.testing.assert_allclose(x.grad.data, [0.5, 0.5, 0.0], atol=1e-300)


@SECOND
@given(data=st.data())
def test_logsumexp_second_order(data):
    shape = data.draw(NONEMPTY_SHAPES)
    dim = data.draw(dims(len(shape), allow_none=False))
    check_second_order(lambda t: t.logsumexp(dim), data.draw(arrays(shape)))


@FIRST
@given(data=st.data())
def test_cumsum(data):
    shape = data.draw(SHAPES)
    dim = data.draw(st.integers(-max(len(shape), 1), max(len(shape), 1) - 1))
    x = data.draw(arrays(shape))

    def ref(a):
        return a.copy() if a.ndim == 0 else np.cumsum(a, axis=dim)

    check_gradients(lambda t: t.cumsum(dim), x, ref=ref)
    check_gradients(lambda t: cl.cumsum(t * t, dim), x, ref=lambda a: ref(a * a))


@SECOND
@given(data=st.data())
def test_cumsum_second_order(data):
    shape = data.draw(NONEMPTY_SHAPES)
    dim = data.draw(st.integers(-max(len(shape), 1), max(len(shape), 1) - 1))
    check_second_order(lambda t: (t * t).cumsum(dim).sin(), data.draw(arrays(shape)))


@st.composite
def gather_case(draw):
    """An input shape, a dim, and an index tensor no larger than the input off `dim`."""
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    index_shape = tuple(
        draw(st.integers(0, 4)) if d == dim % len(shape) else draw(st.integers(1, n))
        for d, n in enumerate(shape)
    )
    n = shape[dim]
    index = draw(hnp.arrays(np.int64, index_shape, elements=st.integers(0, n - 1)))
    return shape, dim, index


def _gather_ref(a, dim, index):
    key = list(np.indices(index.shape, sparse=True))
    key[dim % a.ndim] = index
    return a[tuple(key)]


@FIRST
@given(case=gather_case(), data=st.data())
def test_gather(case, data):
    """Repeated indices in `index` add their gradients (gather's dual is scatter-add)."""
    shape, dim, index = case
    x = data.draw(arrays(shape))
    check_gradients(lambda t: t.gather(dim, cl.tensor(index)), x,
                    ref=lambda a: _gather_ref(a, dim, index))
    check_gradients(lambda t: cl.gather(t, dim, index), x,
                    ref=lambda a: _gather_ref(a, dim, index))


@SECOND
@given(case=gather_case(), data=st.data())
def test_gather_second_order(case, data):
    shape, dim, index = case
    check_second_order(lambda t: (t * t).gather(dim, index).exp(), data.draw(arrays(shape)))


# ----------------------------------------------------------------------------------
# shape ops
# ----------------------------------------------------------------------------------


@st.composite
def reshape_targets(draw, shape):
    """A shape with the same number of elements, sometimes with one -1."""
    n = int(np.prod(shape, dtype=np.int64))
    options = [(-1,), tuple(reversed(shape)), (1, *shape, 1), ()]
    if n:
        divisors = [d for d in range(1, n + 1) if n % d == 0]
        d = draw(st.sampled_from(divisors))
        options += [(d, n // d), (d, -1), (-1, d, 1)]
    else:
        options += [(0,), (0, 2), (2, 0, 1)]
    target = draw(st.sampled_from(options))
    assume(int(np.prod([abs(t) for t in target], dtype=np.int64)) == n or -1 in target)
    return target


@pytest.mark.parametrize("method", ["reshape", "view", "reshape_fn"])
@FIRST
@given(data=st.data())
def test_reshape_and_view(method, data):
    shape = data.draw(SHAPES)
    target = data.draw(reshape_targets(shape))
    n = int(np.prod(shape, dtype=np.int64))
    assume(not (n == 0 and -1 in target))  # -1 is ambiguous for 0 elements (PyTorch errors)
    assume(n == 1 or target != ())
    x = data.draw(arrays(shape))
    if method == "reshape_fn":
        fn = lambda t: cl.reshape(t, target)  # noqa: E731
    elif method == "view":
        fn = lambda t: t.view(*target)  # noqa: E731
    else:
        fn = lambda t: t.reshape(target)  # noqa: E731
    check_gradients(fn, x, ref=lambda a: a.reshape(target))


@FIRST
@given(data=st.data())
def test_transpose_T_t_and_permute(data):
    shape = data.draw(SHAPES)
    ndim = len(shape)
    x = data.draw(arrays(shape))
    check_gradients(lambda t: t.T, x, ref=lambda a: a.transpose())
    if ndim <= 2:
        check_gradients(lambda t: t.t(), x, ref=lambda a: a.T)
    if ndim >= 1:
        d0 = data.draw(st.integers(-ndim, ndim - 1))
        d1 = data.draw(st.integers(-ndim, ndim - 1))
        check_gradients(lambda t: t.transpose(d0, d1), x, ref=lambda a: a.swapaxes(d0, d1))
        check_gradients(lambda t: cl.transpose(t, d0, d1), x, ref=lambda a: a.swapaxes(d0, d1))
    perm = data.draw(st.permutations(range(ndim)))
    check_gradients(lambda t: t.permute(*perm), x, ref=lambda a: a.transpose(perm))
    check_gradients(lambda t: t.permute(perm) * 2, x, ref=lambda a: a.transpose(perm) * 2)


@FIRST
@given(data=st.data())
def test_unsqueeze_squeeze(data):
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=2))
    ndim = len(shape)
    x = data.draw(arrays(shape))
    d = data.draw(st.integers(-ndim - 1, ndim))
    check_gradients(lambda t: t.unsqueeze(d), x, ref=lambda a: np.expand_dims(a, d))
    check_gradients(lambda t: cl.unsqueeze(t, d).squeeze(), x, ref=lambda a: a.squeeze())
    check_gradients(lambda t: t.squeeze(), x, ref=lambda a: a.squeeze())
    sd = data.draw(st.integers(-max(ndim, 1), max(ndim, 1) - 1))

    def squeeze_ref(a):  # PyTorch: squeezing a dim that is not 1 leaves the tensor as it is
        return a.squeeze(sd) if a.ndim and a.shape[sd] == 1 else a

    check_gradients(lambda t: t.squeeze(sd), x, ref=squeeze_ref)
    check_gradients(lambda t: cl.squeeze(t, sd), x, ref=squeeze_ref)


@st.composite
def expand_case(draw):
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=2))
    lead = draw(st.lists(st.integers(0, 3), max_size=2))
    target = []
    for n in shape:
        if n == 1:
            target.append(draw(st.sampled_from([1, 0, 2, 3, -1])))
        else:
            target.append(draw(st.sampled_from([n, -1])))
    return shape, (*lead, *target)


@FIRST
@given(case=expand_case(), data=st.data())
def test_expand(case, data):
    shape, target = case
    x = data.draw(arrays(shape))
    lead = len(target) - len(shape)
    full = tuple(shape[i - lead] if n == -1 else n for i, n in enumerate(target))
    check_gradients(lambda t: t.expand(*target), x, ref=lambda a: np.broadcast_to(a, full))
    check_gradients(lambda t: t.expand(full) * t.sum(), x,
                    ref=lambda a: np.broadcast_to(a, full) * a.sum())


@st.composite
def basic_keys(draw, shape):
    """A numpy/PyTorch basic index: ints, slices with positive steps, None and Ellipsis."""
    parts = []
    for n in shape[: draw(st.integers(0, len(shape)))]:
        kinds = ["slice", "full"] + (["int"] if n > 0 else [])
        kind = draw(st.sampled_from(kinds))
        if kind == "int":
            parts.append(draw(st.integers(-n, n - 1)))
        elif kind == "full":
            parts.append(slice(None))
        else:
            bound = st.none() | st.integers(-n - 1, n + 1)
            parts.append(slice(draw(bound), draw(bound), draw(st.sampled_from([None, 1, 2, 3]))))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), None)
    if draw(st.booleans()):
        parts.append(Ellipsis)  # after the parts: they still index the leading dims
    if len(parts) == 1 and draw(st.booleans()):
        return parts[0]
    return tuple(parts)


@FIRST
@given(data=st.data())
def test_basic_indexing_and_slicing(data):
    shape = data.draw(SHAPES)
    key = data.draw(basic_keys(shape))
    x = data.draw(arrays(shape))
    check_gradients(lambda t: t[key], x, ref=lambda a: a[key])
    check_gradients(lambda t: t[key] * t[key], x, ref=lambda a: a[key] * a[key])


@st.composite
def integer_array_keys(draw, shape):
    """Integer-array keys with repeated (and negative) indices, alone or mixed with slices."""
    def index_list(n, size=None):
        if n == 0:
            return []
        return draw(st.lists(st.integers(-n, n - 1), min_size=size or 0, max_size=size or 5))

    kind = draw(st.sampled_from(["list", "array2d", "tensor", "with_slice", "two_arrays"]))
    n0 = shape[0]
    if kind == "list":
        return index_list(n0)
    if kind == "array2d":
        assume(n0 > 0)
        rows = draw(st.integers(1, 3))
        return np.array([index_list(n0, 2) for _ in range(rows)], dtype=np.int64)
    if kind == "tensor":
        return cl.tensor(np.array(index_list(n0), dtype=np.int64))
    if kind == "with_slice":
        assume(len(shape) >= 2 and shape[1] > 0)
        return (slice(None), index_list(shape[1]))
    assume(len(shape) >= 2 and n0 > 0 and shape[1] > 0)
    size = draw(st.integers(1, 4))
    return (index_list(n0, size), index_list(shape[1], size))


def _np_key(key):
    if isinstance(key, cl.Tensor):
        return key.data
    if isinstance(key, tuple):
        return tuple(np.asarray(k, dtype=np.int64) if isinstance(k, list) else k for k in key)
    return np.asarray(key, dtype=np.int64)


@FIRST
@given(data=st.data())
def test_integer_array_indexing_scatter_adds(data):
    """x[idx] with repeated indices: backward adds every use of an element (scatter-add)."""
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3))
    key = data.draw(integer_array_keys(shape))
    x = data.draw(arrays(shape))
    check_gradients(lambda t: t[key], x, ref=lambda a: a[_np_key(key)])


def test_repeated_index_counts_every_use():
    x = cl.arange(4.0, requires_grad=True)
    x[[0, 2, 2, 2, -1]].sum().backward()
    assert x.grad.tolist() == [1.0, 0.0, 3.0, 1.0]


@FIRST
@given(data=st.data())
def test_boolean_mask_indexing(data):
    shape = data.draw(SHAPES)
    x = data.draw(arrays(shape))
    mask = data.draw(hnp.arrays(np.bool_, shape))
    check_gradients(lambda t: t[cl.tensor(mask)], x, ref=lambda a: a[mask])
    y = data.draw(arrays(shape, "kinked"))  # >= 0.1 away from the threshold
    check_gradients(lambda t: t[t > 0.5], y, ref=lambda a: a[a > 0.5])


@SECOND
@given(data=st.data())
def test_indexing_second_order(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=3))
    basic = data.draw(basic_keys(shape))
    fancy = data.draw(integer_array_keys(shape))
    check_second_order(lambda t: (t * t)[basic].exp(), data.draw(arrays(shape)))
    check_second_order(lambda t: (t * t)[fancy].sin(), data.draw(arrays(shape)))


@st.composite
def join_case(draw, same_shape):
    """Shapes for cat (equal except along dim) or stack (all equal), and the dim."""
    base = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=3))
    count = draw(st.integers(1, 3))
    if same_shape:
        dim = draw(st.integers(-len(base) - 1, len(base)))
        return [base] * count, dim
    dim = draw(st.integers(-len(base), len(base) - 1))
    shapes = []
    for _ in range(count):
        s = list(base)
        s[dim] = draw(st.integers(0, 3))
        shapes.append(tuple(s))
    return shapes, dim


@FIRST
@given(case=join_case(same_shape=False), data=st.data())
def test_cat(case, data):
    shapes, dim = case
    xs = [data.draw(arrays(s)) for s in shapes]
    check_gradients(lambda *ts: cl.cat(list(ts), dim=dim), *xs,
                    ref=lambda *a: np.concatenate(a, axis=dim))
    check_gradients(lambda *ts: cl.cat([t * t for t in ts], dim), *xs,
                    ref=lambda *a: np.concatenate([b * b for b in a], axis=dim))


@FIRST
@given(case=join_case(same_shape=True), data=st.data())
def test_stack(case, data):
    shapes, dim = case
    xs = [data.draw(arrays(s)) for s in shapes]
    check_gradients(lambda *ts: cl.stack(ts, dim=dim), *xs, ref=lambda *a: np.stack(a, axis=dim))


@SECOND
@given(case=join_case(same_shape=True), data=st.data())
def test_cat_stack_second_order(case, data):
    shapes, dim = case
    xs = [data.draw(arrays(s)) for s in shapes]
    check_second_order(lambda *ts: cl.stack([t.sin() * t for t in ts], dim), *xs)
    check_second_order(lambda *ts: cl.cat([t.sin() * t for t in ts], -1), *xs)


def test_stack_of_zero_d_tensors():
    a = cl.tensor(2.0, dtype=cl.float64, requires_grad=True)
    b = cl.tensor(3.0, dtype=cl.float64, requires_grad=True)
    y = cl.stack([a, b, a * b])
    assert y.tolist() == [2.0, 3.0, 6.0]
    y.backward(gradient=cl.tensor([1.0, 10.0, 100.0], dtype=cl.float64))
    assert (a.grad.item(), b.grad.item()) == (1.0 + 300.0, 10.0 + 200.0)


# ----------------------------------------------------------------------------------
# compositions (several ops, shared inputs, broadcasting between them)
# ----------------------------------------------------------------------------------

COMPOSITIONS = {
    "mlp_layer": (lambda x, w, b: ((x @ w + b).tanh() ** 2).mean(dim=0), [(4, 3), (3, 2), (2,)]),
    "attention": (lambda q, k: (q @ k.T / 2).softmax(-1) @ k, [(3, 2), (4, 2)]),
    "reuse": (lambda x: x * x.exp() - x.sin() / (x * x + 1), [(2, 3)]),
    "broadcast_chain": (lambda a, b: (a.unsqueeze(-1) * b).sum((0, -1)).sqrt(), [(2, 3), (3, 4)]),
    "norm_ratio": (lambda x: x / x.norm(dim=1, keepdim=True), [(3, 4)]),
    "log_softmax_pick": (lambda z: z.log_softmax(1)[[0, 1, 1], [2, 0, 0]], [(3, 3)]),
    "cat_stack": (lambda a, b: cl.stack([cl.cat([a, b]), cl.cat([b, a])]).max(0)[0], [(2,), (3,)]),
}


@pytest.mark.parametrize("name", sorted(COMPOSITIONS))
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_compositions(name, data):
    fn, shapes = COMPOSITIONS[name]
    domain = {"broadcast_chain": "positive", "norm_ratio": "nonzero"}.get(name, "real")
    xs = [data.draw(arrays(s, domain)) for s in shapes]
    if name == "cat_stack":
        xs = [data.draw(distinct_values(s)) + 0.125 * k for k, s in enumerate(shapes)]
    check_gradients(fn, *xs)
    check_second_order(fn, *xs)


# ----------------------------------------------------------------------------------
# the checks can fail: a deliberately wrong backward is caught
# ----------------------------------------------------------------------------------


class _WrongSin(cl.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sin(a.data)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * a.sin()  # should be cos


def test_a_wrong_backward_is_caught():
    with pytest.raises(AssertionError, match="gradient of input 0"):
        check_gradients(lambda t: _WrongSin.apply(t), np.array([0.3, 1.0, -2.0]))
