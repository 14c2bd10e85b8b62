"""course_lib against PyTorch, side by side (skipped only when torch is not installed).

Every situation runs twice — once with `lib = course_lib`, once with `lib = torch` —
and we compare what a learner can observe: values, gradients, `.grad` None-ness,
`is_leaf`, `requires_grad`, grad_fn names, error types and printed reprs. The last part
is a seeded random-program generator: it composes ops on small float64 tensors and
compares the two libraries after every step, then after backward.

Known, deliberate differences are listed in `TORCH_ONLY_NAMES` (grad_fn names that come
from how torch decomposes an op internally) with the reason.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import course_lib as cl

torch = pytest.importorskip("torch")

# torch warns about .T on 0-d/1-D tensors and backward(create_graph=True); we do it on purpose
pytestmark = [pytest.mark.torch, pytest.mark.filterwarnings("ignore::UserWarning")]

LIBS = {"course_lib": cl, "torch": torch}

# torch names that stand for one of our nodes because torch builds the op out of others
TORCH_ONLY_NAMES = {
    # matmul of a 1-D with a 2-D/batched operand is a squeeze/unsafe view of a bmm in torch
    "MatmulBackward0": {"MatmulBackward0", "UnsafeViewBackward0", "SqueezeBackward4",
                        "ViewBackward0", "MmBackward0", "BmmBackward0", "SqueezeBackward1"},
    # c / x is c * reciprocal(x) in torch
    "DivBackward0": {"DivBackward0", "MulBackward0"},
    # reshape of a non-contiguous tensor copies in torch (an unsafe view of a clone)
    "ViewBackward0": {"ViewBackward0", "UnsafeViewBackward0"},
    # torch names leaves' nodes with the C++ namespace
    "AccumulateGrad": {"torch::autograd::AccumulateGrad", "AccumulateGrad"},
}


def grad_fn_name(t):
    return None if t.grad_fn is None else t.grad_fn.name()


def same_name(ours, theirs) -> bool:
    if ours == theirs:
        return True
    return theirs in TORCH_ONLY_NAMES.get(ours, set())


def as_numpy(t):
    return t.detach().numpy() if hasattr(t, "detach") else np.asarray(t)


def assert_same_tensor(ours, theirs, what="", rtol=1e-10, atol=1e-12, names=True):
    """Values, dtype, requires_grad, is_leaf and grad_fn name of one tensor in each library."""
    if ours is None or theirs is None:
        assert ours is None and theirs is None, f"{what}: None-ness {ours!r} vs {theirs!r}"
        return
    a, b = as_numpy(ours), as_numpy(theirs)
    assert a.shape == b.shape, f"{what}: shape {a.shape} vs {b.shape}"
    assert str(a.dtype) == str(b.dtype), f"{what}: dtype {a.dtype} vs {b.dtype}"
    if a.dtype == np.float32:  # libm and SIMD paths may differ in the last bits
        rtol, atol = max(rtol, 4e-6), max(atol, 1e-6)
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, equal_nan=True, err_msg=what)
    assert ours.requires_grad == theirs.requires_grad, f"{what}: requires_grad"
    assert ours.is_leaf == theirs.is_leaf, f"{what}: is_leaf"
    if names:
        assert same_name(grad_fn_name(ours), grad_fn_name(theirs)), (
            f"{what}: grad_fn {grad_fn_name(ours)} vs {grad_fn_name(theirs)}")


def normalized_repr(text: str) -> str:
    """torch's repr with our module name; suffix line wraps ignored (names differ in length)."""
    text = text.replace("torch.", "course_lib.")
    return re.sub(r",\n\s+(dtype|requires_grad|grad_fn|size)=", r", \1=", text)


def run_both(scenario):
    """Run scenario(lib) in each library; return {name: result or the exception raised}."""
    results = {}
    for name, lib in LIBS.items():
        try:
            results[name] = scenario(lib)
        except Exception as error:  # noqa: BLE001 - the exception is what we compare
            results[name] = error
    return results


def compare_observations(ours, theirs, path="result"):
    """Recursively compare what two runs returned (tensors, numbers, lists, dicts, errors)."""
    if isinstance(theirs, Exception) or isinstance(ours, Exception):
        assert isinstance(theirs, Exception), f"{path}: only course_lib raised {ours!r}"
        assert isinstance(ours, Exception), f"{path}: only torch raised {theirs!r}"
        assert isinstance(ours, type(theirs)), (
            f"{path}: course_lib raised {type(ours).__name__}, torch {type(theirs).__name__}")
        return
    if isinstance(theirs, torch.Tensor):
        assert isinstance(ours, cl.Tensor), f"{path}: {type(ours)}"
        assert_same_tensor(ours, theirs, path)
        return
    if isinstance(theirs, dict):
        assert ours.keys() == theirs.keys(), path
        for key in theirs:
            compare_observations(ours[key], theirs[key], f"{path}[{key!r}]")
        return
    if isinstance(theirs, (list, tuple)):
        assert len(ours) == len(theirs), f"{path}: length"
        for i, (o, t) in enumerate(zip(ours, theirs)):
            compare_observations(o, t, f"{path}[{i}]")
        return
    if isinstance(theirs, float):
        assert ours == pytest.approx(theirs, rel=1e-10, abs=1e-12, nan_ok=True), path
        return
    assert ours == theirs, f"{path}: {ours!r} vs {theirs!r}"


def check(scenario):
    results = run_both(scenario)
    compare_observations(results["course_lib"], results["torch"])
    return results


def observe(t):
    """What a learner sees of a tensor, including its .grad."""
    return {"tensor": t, "grad": t.grad, "is_leaf": t.is_leaf, "requires_grad": t.requires_grad}


# ----------------------------------------------------------------------------------
# the seed examples, in both libraries
# ----------------------------------------------------------------------------------

RNG = np.random.default_rng(2024)
W_VALUES = RNG.standard_normal((2, 3)).astype(np.float32)
B_VALUES = RNG.standard_normal(2).astype(np.float32)
X_VALUES = RNG.standard_normal(3).astype(np.float32)


def seed_dot(lib):
    x = lib.arange(4.0)
    x.requires_grad_(True)
    before = x.grad
    y = 2 * lib.dot(x, x)
    printed = normalized_repr(repr(y))
    y.backward()
    return {"before": before, "y": y, "x": observe(x), "printed": printed,
            "x_repr": normalized_repr(repr(x)), "grad_repr": normalized_repr(repr(x.grad)),
            "is_4x": (x.grad == 4 * x)}


def seed_zero_then_sum(lib):
    x = lib.arange(4.0, requires_grad=True)
    (2 * lib.dot(x, x)).backward()
    zeroed = x.grad.zero_().clone()
    y = x.sum()
    y.backward()
    return {"zeroed": zeroed, "x": observe(x), "y": y}


def seed_x_times_x(lib):
    x = lib.arange(4.0, requires_grad=True)
    y = x * x
    y.sum().backward()
    return {"y": y, "x": observe(x), "y_grad": y.grad if False else None}


def seed_dot_123(lib):
    x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = lib.dot(x, x)
    y.backward()
    return {"y": y, "x": observe(x), "printed": normalized_repr(repr(x.grad))}


def seed_linear(lib):
    W = lib.tensor(W_VALUES, requires_grad=True)
    x = lib.tensor([1.0, 2.0, 3.0])
    b = lib.tensor(B_VALUES, requires_grad=True)
    y = W @ x + b
    loss = y.sum()
    loss.backward()
    return {"y": y, "loss": loss, "W": observe(W), "b": observe(b), "x": observe(x),
            "shapes": (tuple(W.grad.shape), tuple(b.grad.shape))}


def seed_relu(lib):
    x = lib.tensor(X_VALUES)
    W = lib.tensor(W_VALUES, requires_grad=True)
    b = lib.tensor(B_VALUES, requires_grad=True)
    h = lib.relu(W @ x + b)
    loss = h.sum()
    loss.backward()
    return {"h": h, "loss": loss, "W": observe(W), "b": observe(b)}


def seed_accumulation(lib):
    x = lib.tensor(X_VALUES, requires_grad=True)
    for _ in range(10):
        y = x.sum()
        y.backward()
    accumulated = x.grad.clone()
    x.grad.zero_()
    y = x.sum()
    y.backward()
    return {"accumulated": accumulated, "x": observe(x)}


def seed_vjp(lib):
    x = lib.tensor(X_VALUES, requires_grad=True)
    y = x * 2
    v = lib.tensor([1.0, 0.0, 0.0])
    y.backward(gradient=v)
    return {"y": y, "x": observe(x), "printed": normalized_repr(repr(x.grad))}


def seed_grad_check(lib):
    x = lib.tensor(3.0, requires_grad=True)
    y = x**2
    y.backward()
    analytic_grad = x.grad
    eps = 1e-5
    numeric_grad = ((x + eps) ** 2 - (x - eps) ** 2) / (2 * eps)
    return {"analytic": analytic_grad, "numeric": numeric_grad,
            "printed": f"解析梯度:{analytic_grad}, 数值梯度:{numeric_grad}",
            "numeric_repr": normalized_repr(repr(numeric_grad))}


def seed_detach(lib):
    x = lib.arange(4.0, requires_grad=True)
    y = x * x
    u = y.detach()
    z = u * x
    z.sum().backward()
    first = (x.grad == u, x.grad.clone())
    x.grad.zero_()
    y.sum().backward()
    return {"first": first, "u": u, "x": observe(x), "second": x.grad == 2 * x}


def seed_control_flow(lib, value):
    def f(a):
        b = a * 2
        while b.norm() < 1000:
            b = b * 2
        if b.sum() > 0:
            c = b
        else:
            c = 100 * b
        return c

    a = lib.tensor(value, requires_grad=True)
    d = f(a)
    d.backward()
    return {"d": d, "a": observe(a), "equal": bool(a.grad == d / a)}


def seed_chain_rule(lib):
    x = lib.tensor(1.5, dtype=lib.float64, requires_grad=True)
    y = lib.cos(x**2 - 1)
    y.backward()
    return {"y": y, "x": observe(x)}


SEEDS = [seed_dot, seed_zero_then_sum, seed_x_times_x, seed_dot_123, seed_linear, seed_relu,
         seed_accumulation, seed_vjp, seed_grad_check, seed_detach, seed_chain_rule]


@pytest.mark.parametrize("seed", SEEDS, ids=[s.__name__ for s in SEEDS])
def test_seed_example_matches_pytorch(seed):
    results = check(seed)
    assert not isinstance(results["torch"], Exception)


@pytest.mark.parametrize("value", list(np.random.default_rng(5).standard_normal(40)) + [
    1e-3, -1e-3, 999.0, -1000.0, 0.37])
def test_seed_control_flow_matches_pytorch(value):
    check(lambda lib: seed_control_flow(lib, float(np.float32(value))))


# ----------------------------------------------------------------------------------
# engine semantics, side by side
# ----------------------------------------------------------------------------------


def sc_nonscalar_backward(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    (x * 2).backward()


def sc_backward_without_grad(lib):
    lib.tensor([1.0, 2.0]).sum().backward()


def sc_backward_twice(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def sc_retain_graph(lib):
    x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    return observe(x)


def sc_create_graph(lib):
    x = lib.tensor(2.0, dtype=lib.float64, requires_grad=True)
    (g,) = lib.autograd.grad(x**3, x, create_graph=True)
    (h,) = lib.autograd.grad(g, x)
    return {"g_value": g.item(), "g_requires_grad": g.requires_grad, "h": h}


def sc_hvp(lib):
    rng = np.random.default_rng(7)
    x = lib.tensor(rng.standard_normal(4), requires_grad=True)
    v = lib.tensor(rng.standard_normal(4))
    A = lib.tensor(rng.standard_normal((4, 4)))
    f = (A @ x.tanh()).softmax(0).log().sum() + (x**3).sum() * x.norm()
    (g,) = lib.autograd.grad(f, x, create_graph=True)
    (hv,) = lib.autograd.grad((g * v).sum(), x)
    return {"g": g.detach(), "hv": hv}


def sc_backward_create_graph_grad(lib):
    x = lib.tensor([1.0, -2.0], dtype=lib.float64, requires_grad=True)
    (x.sin() * x).sum().backward(create_graph=True)
    g = x.grad
    x.grad = None
    g.sum().backward()
    return {"g": g.detach(), "g_requires_grad": g.requires_grad, "x": observe(x)}


def sc_retain_grad(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    z = y * y
    y.retain_grad()
    z.sum().backward(retain_graph=True)
    z.sum().backward()
    return {"x": observe(x), "y": observe(y), "z": observe(z)}


def sc_no_grad(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    with lib.no_grad():
        y = x * 2
        with lib.enable_grad():
            z = x * 2

    @lib.no_grad()
    def frozen(t):
        return t * 2

    return {"y": y, "z": z, "frozen": frozen(x), "enabled": lib.is_grad_enabled()}


def sc_inplace_leaf(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    x.add_(1)


def sc_inplace_leaf_no_grad(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    with lib.no_grad():
        x.mul_(3)
    return observe(x)


def sc_inplace_saved_output(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    y.add_(1)
    y.sum().backward()


def sc_inplace_saved_input(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    a = x * 1
    b = a * a
    a.mul_(2)
    b.sum().backward()


def sc_inplace_recorded(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    y.add_(1)
    y.mul_(3)
    y.sub_(x)
    y.sum().backward()
    return {"x": observe(x), "y": y}


def sc_hooks(lib):
    x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    seen = []
    x.register_hook(lambda g: g * 10)
    y = x * 2
    y.register_hook(lambda g: seen.append(g.clone()) or g + 1)
    y.retain_grad()
    (y * y).sum().backward()
    return {"x": observe(x), "seen": seen, "y": observe(y)}


def sc_hook_removed(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    handle = x.register_hook(lambda g: g * 10)
    handle.remove()
    (x * 2).sum().backward()
    return observe(x)


def sc_numpy_requires_grad(lib):
    lib.tensor([1.0], requires_grad=True).numpy()


def sc_detach_shares(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    with lib.no_grad():
        d[0] = 7.0
    return {"x": x, "d": d}


def sc_detach_version(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    y.detach().add_(1)
    y.sum().backward()


def sc_autograd_grad(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    w = lib.tensor(3.0, requires_grad=True)
    result = lib.autograd.grad((x * x * w).sum(), [x, w])
    return {"type": type(result).__name__, "result": result, "x": observe(x)}


def sc_autograd_grad_unused(lib):
    x = lib.tensor(1.0, requires_grad=True)
    lib.autograd.grad(x * 2, [x, lib.tensor(1.0, requires_grad=True)])


def sc_autograd_grad_allow_unused(lib):
    x = lib.tensor(1.0, requires_grad=True)
    return lib.autograd.grad(x * 2, [x, lib.tensor(1.0, requires_grad=True)], allow_unused=True)


def sc_grad_shape_mismatch(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    (x * 2).backward(gradient=lib.ones(3))


def sc_requires_grad_int(lib):
    lib.tensor([1, 2], requires_grad=True)


def sc_requires_grad_nonleaf(lib):
    x = lib.tensor([1.0], requires_grad=True)
    (x * 2).requires_grad_(False)


def sc_hook_without_grad(lib):
    lib.ones(2).register_hook(lambda g: g)


def sc_backward_inputs(lib):
    x = lib.tensor(2.0, requires_grad=True)
    w = lib.tensor(3.0, requires_grad=True)
    (x * w).backward(inputs=[x])
    return {"x": observe(x), "w": observe(w)}


def sc_leaf_backward(lib):
    x = lib.tensor([3.0], requires_grad=True)
    x.backward(gradient=lib.tensor([2.0]))
    return observe(x)


def sc_next_functions(lib):
    x = lib.arange(4.0, requires_grad=True)
    y = 2 * lib.dot(x, x)
    names = []
    queue = [y.grad_fn]
    while queue:
        node = queue.pop(0)
        names.append(node.name().rsplit("::", 1)[-1])
        queue.extend(child for child, _ in node.next_functions if child is not None)
    return names


def sc_matmul_mismatch(lib):
    lib.ones(2, 3) @ lib.ones(4, 5)


def sc_matvec_mismatch(lib):
    lib.ones(2, 3) @ lib.ones(4)


def sc_dot_mismatch(lib):
    lib.dot(lib.ones(3), lib.ones(4))


def sc_broadcast_mismatch(lib):
    lib.ones(2, 3, requires_grad=True) + lib.ones(3, 2)


def sc_cat_mismatch(lib):
    lib.cat([lib.ones(2, 3), lib.ones(2, 4)])


def sc_cat_zero_d(lib):
    lib.cat([lib.tensor(1.0), lib.tensor(2.0)])


def sc_stack_mismatch(lib):
    lib.stack([lib.ones(2), lib.ones(3)])


def sc_reshape_invalid(lib):
    lib.ones(2, 3).reshape(4)


def sc_view_noncontiguous(lib):
    lib.ones(2, 3).T.view(-1)


def sc_dim_out_of_range(lib):
    lib.ones(2, 3).sum(2)


def sc_index_out_of_range(lib):
    lib.ones(2, 3)[5]


def sc_max_empty(lib):
    lib.ones(0).max()


def sc_item_many(lib):
    lib.ones(2).item()


def sc_bool_many(lib):
    bool(lib.ones(2))


def sc_expand_invalid(lib):
    lib.ones(2, 3).expand(3, 3)


def sc_grad_fn_of_comparisons(lib):
    x = lib.tensor([1.0, -2.0], requires_grad=True)
    return {"gt": x > 0, "eq": x == 1.0}


def sc_zero_d_reductions(lib):
    x = lib.tensor(1.5, dtype=lib.float64, requires_grad=True)
    out = [x.sum(0), x.mean(-1), x.max(0)[0], x.softmax(0), x.norm(), x.unsqueeze(0), x.T]
    lib.stack([o.reshape(()) for o in out]).sum().backward()
    return {"out": out, "x": observe(x)}


def sc_empty_tensors(lib):
    x = lib.ones(3, 0, dtype=lib.float64, requires_grad=True)
    out = [x.sum(), x.sum(1), x.softmax(1), x.norm(dim=1), x @ lib.ones(0, 2, dtype=lib.float64),
           x[[0, 0]], x.reshape(0, 3), lib.cat([x, x], 1)]
    sum(o.sum() for o in out).backward()
    return {"out": out, "x": observe(x)}


def sc_pow_edge_cases(lib):
    x = lib.tensor([0.0, 2.0], dtype=lib.float64, requires_grad=True)
    e = lib.tensor([0.0, 0.0], dtype=lib.float64, requires_grad=True)
    (x**0).sum().backward()
    first = x.grad.clone()
    x.grad = None
    (x**e).sum().backward()
    return {"first": first, "x": observe(x), "e": observe(e)}


def sc_abs_relu_at_zero(lib):
    x = lib.tensor([0.0, -1.0, 2.0], requires_grad=True)
    (x.abs() + x.relu() + x.clamp(0.0, 2.0)).sum().backward()
    return observe(x)


def sc_max_ties(lib):
    x = lib.tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
    y = lib.tensor([[1.0, 5.0], [5.0, 5.0]], requires_grad=True)
    (x.max() + lib.maximum(x, lib.tensor([3.0, 3.0, 0.0, 2.0])).sum()).backward()
    y.min().backward()
    return {"x": observe(x), "y": observe(y)}


def sc_mixed_dtypes(lib):
    x = lib.tensor([1.0, 2.0], requires_grad=True)  # float32 leaf in a float64 graph
    c = lib.tensor([3.0, 4.0], dtype=lib.float64)
    y = x * 2
    y.retain_grad()
    (y * c).sum().backward()
    first = {"x": observe(x), "y": observe(y)}
    (g,) = lib.autograd.grad((x * c).sum(), x, create_graph=True)
    x.grad = None
    (x * c).sum().backward(create_graph=True)
    return {"first": first, "g": g.detach(), "x_grad_dtype": str(x.grad.dtype).split(".")[-1]}


SCENARIOS = {name[3:]: fn for name, fn in sorted(globals().items()) if name.startswith("sc_")}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_engine_scenario_matches_pytorch(name):
    check(SCENARIOS[name])


def test_error_scenarios_raise_in_both():
    """Sanity: the error scenarios above do raise (so the comparisons compared errors)."""
    for name in ["nonscalar_backward", "backward_twice", "inplace_leaf", "inplace_saved_input",
                 "matmul_mismatch", "numpy_requires_grad", "view_noncontiguous"]:
        results = run_both(SCENARIOS[name])
        assert all(isinstance(r, Exception) for r in results.values()), name


@pytest.mark.parametrize("name, phrase", [
    ("nonscalar_backward", "grad can be implicitly created only for scalar outputs"),
    ("backward_without_grad", "does not require grad"),
    ("backward_twice", "Trying to backward through the graph a second time"),
    ("inplace_leaf", "a leaf Variable that requires grad is being used in an in-place operation"),
    ("inplace_saved_output", "modified by an inplace operation"),
    ("inplace_saved_input", "is at version 1; expected version 0 instead"),
    ("numpy_requires_grad", "Use tensor.detach().numpy() instead"),
    ("matmul_mismatch", "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
    ("matvec_mismatch", "size mismatch, got input (2), mat (2x3), vec (4)"),
    ("broadcast_mismatch", "must match the size of tensor b (2) at non-singleton dimension 1"),
    ("reshape_invalid", "shape '[4]' is invalid for input of size 6"),
    ("view_noncontiguous", "view size is not compatible with input tensor's size and stride"),
    ("cat_mismatch", "Sizes of tensors must match except in dimension 0"),
    ("autograd_grad_unused", "appears to not have been used in the graph"),
    ("requires_grad_nonleaf", "you can only change requires_grad flags of leaf variables"),
])
def test_error_messages_start_like_pytorchs(name, phrase):
    results = run_both(SCENARIOS[name])
    for lib_name, error in results.items():
        assert isinstance(error, RuntimeError), (lib_name, error)
        assert phrase in str(error), (lib_name, str(error))


# ----------------------------------------------------------------------------------
# grad_fn names of every op
# ----------------------------------------------------------------------------------

NAMED_OPS = {
    "add": lambda L, w: w + w, "add_scalar": lambda L, w: w + 1, "radd": lambda L, w: 1 + w,
    "sub": lambda L, w: w - w, "sub_scalar": lambda L, w: w - 1, "rsub": lambda L, w: 1 - w,
    "mul": lambda L, w: w * w, "mul_scalar": lambda L, w: w * 2, "rmul": lambda L, w: 2 * w,
    "div": lambda L, w: w / w, "div_scalar": lambda L, w: w / 2, "neg": lambda L, w: -w,
    "pow_scalar": lambda L, w: w**2, "pow_tensor": lambda L, w: w**w, "rpow": lambda L, w: 2**w,
    "exp": lambda L, w: w.exp(), "log": lambda L, w: w.log(), "sqrt": lambda L, w: w.sqrt(),
    "sin": lambda L, w: L.sin(w), "cos": lambda L, w: w.cos(), "tanh": lambda L, w: w.tanh(),
    "sigmoid": lambda L, w: w.sigmoid(), "relu": lambda L, w: L.relu(w),
    "abs": lambda L, w: w.abs(), "clamp": lambda L, w: w.clamp(0, 1),
    "clamp_min": lambda L, w: w.clamp(min=0), "maximum": lambda L, w: L.maximum(w, w * 2),
    "minimum": lambda L, w: L.minimum(w, w * 2), "where": lambda L, w: L.where(w > 1, w, w * 2),
    "mm": lambda L, w: w @ w.T, "mv": lambda L, w: w @ L.ones(3, dtype=L.float64),
    "dot": lambda L, w: L.dot(w[0], w[1]), "sum": lambda L, w: w.sum(),
    "sum_dim": lambda L, w: w.sum(1), "mean": lambda L, w: w.mean(),
    "mean_dim": lambda L, w: w.mean(0, keepdim=True), "max": lambda L, w: w.max(),
    "max_dim": lambda L, w: w.max(1)[0], "min": lambda L, w: w.min(),
    "min_dim": lambda L, w: w.min(dim=0).values, "norm": lambda L, w: w.norm(),
    "norm_dim": lambda L, w: w.norm(dim=1), "softmax": lambda L, w: w.softmax(1),
    "log_softmax": lambda L, w: w.log_softmax(-1), "reshape": lambda L, w: w.reshape(6),
    "view": lambda L, w: w.view(3, 2), "transpose": lambda L, w: w.transpose(0, 1),
    "T": lambda L, w: w.T, "t": lambda L, w: w.t(), "permute": lambda L, w: w.permute(1, 0),
    "unsqueeze": lambda L, w: w.unsqueeze(0), "squeeze": lambda L, w: w.unsqueeze(0).squeeze(),
    "squeeze_dim": lambda L, w: w.unsqueeze(0).squeeze(0),
    "expand": lambda L, w: w.unsqueeze(0).expand(4, 2, 3), "select": lambda L, w: w[0],
    "select2": lambda L, w: w[0, 1], "slice": lambda L, w: w[:, 1:],
    "index": lambda L, w: w[[0, 0, 1]], "mask": lambda L, w: w[w > 1],
    "cat": lambda L, w: L.cat([w, w]), "stack": lambda L, w: L.stack([w, w]),
    "clone": lambda L, w: w.clone(), "float": lambda L, w: w.float(),
    "t_1d": lambda L, w: w[0].t(), "T_1d": lambda L, w: w[0].T,
    # the reductions and shape ops learners reach for next
    "var": lambda L, w: w.var(), "var_dim": lambda L, w: L.var(w, 1, correction=0),
    "std": lambda L, w: w.std(), "std_dim": lambda L, w: w.std(0, keepdim=True),
    "std_unbiased": lambda L, w: L.std(w, dim=1, unbiased=False),
    "prod": lambda L, w: w.prod(), "prod_dim": lambda L, w: L.prod(w, 1),
    "cumsum": lambda L, w: w.cumsum(1), "cumsum_fn": lambda L, w: L.cumsum(w, dim=0),
    "amax": lambda L, w: w.amax(), "amax_dim": lambda L, w: L.amax(w, 1, keepdim=True),
    "amin": lambda L, w: L.amin(w), "amin_dims": lambda L, w: w.amin((0, 1)),
    "logsumexp": lambda L, w: w.logsumexp(1), "logsumexp_fn": lambda L, w: L.logsumexp(w, (0, 1)),
    "gather": lambda L, w: w.gather(1, L.tensor([[2, 0, 2], [1, 1, 0]])),
    "gather_fn": lambda L, w: L.gather(w, 0, L.tensor([[1, 0], [1, 1], [0, 0]])),
    "expand_as": lambda L, w: w[0].expand_as(w),
}


@pytest.mark.parametrize("op", sorted(NAMED_OPS))
def test_grad_fn_name_matches_pytorch(op):
    def scenario(lib):
        w = lib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=lib.float64,
                       requires_grad=True)
        out = NAMED_OPS[op](lib, w)
        out.sum().backward()
        return {"out": out, "w": observe(w)}

    check(scenario)


def test_next_functions_edges_match_pytorch_where_tensors_are_inputs():
    """Edges to nodes (not None) agree; course_lib may add (None, 0) for non-tensor args."""
    for op in sorted(NAMED_OPS):
        edges = {}
        for name, lib in LIBS.items():
            w = lib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=lib.float64,
                           requires_grad=True)
            out = NAMED_OPS[op](lib, w)
            edges[name] = [n.name().rsplit("::", 1)[-1] for n, _ in out.grad_fn.next_functions
                           if n is not None]
        ours, theirs = edges["course_lib"], edges["torch"]
        if op in ("mv", "dot", "mm", "t_1d", "T_1d", "select2"):
            continue  # torch inserts internal views/transposes here
        assert len(ours) == len(theirs), (op, ours, theirs)
        for o, t in zip(ours, theirs):
            assert same_name(o, t), (op, ours, theirs)


# ----------------------------------------------------------------------------------
# the new reductions at their special points: zeros in prod, ties in amax/amin
# ----------------------------------------------------------------------------------

def _at(L, x, values):
    """A tensor with these values whose derivative with respect to x is still the identity."""
    return x - x.detach() + L.tensor(values, dtype=L.float64)


SPECIAL_POINTS = {
    "prod_one_zero": lambda L, x: _at(L, x, [2.0, 0.0, 3.0, -1.0]).prod(),
    "prod_two_zeros": lambda L, x: _at(L, x, [0.0, 5.0, 0.0, 2.0]).prod(),
    "prod_dim_zero": lambda L, x: _at(L, x, [0.0, 5.0, 3.0, 2.0]).reshape(2, 2).prod(0),
    "amax_ties": lambda L, x: _at(L, x, [3.0, 1.0, 3.0, 3.0]).amax(),
    "amin_ties_dim": lambda L, x: _at(L, x, [1.0, 1.0, 2.0, 0.0]).reshape(2, 2).amin(1),
    "max_ties": lambda L, x: _at(L, x, [3.0, 1.0, 3.0, 3.0]).max(),
    "logsumexp_large": lambda L, x: (x * 1000).logsumexp(0),
    "var_of_equal_values": lambda L, x: _at(L, x, [2.0, 2.0, 2.0, 2.0]).var(),
}


@pytest.mark.parametrize("case", sorted(SPECIAL_POINTS))
def test_special_points_match_pytorch(case):
    """Values and gradients, where a naive formula would divide by 0 or pick one tie."""

    def scenario(lib):
        x = lib.tensor([1.0, 2.0, 3.0, 4.0], dtype=lib.float64, requires_grad=True)
        out = SPECIAL_POINTS[case](lib, x)
        out.sum().backward()
        return {"out": out, "x": observe(x)}

    check(scenario)


@pytest.mark.parametrize("case", sorted(SPECIAL_POINTS))
def test_special_points_second_derivatives_match_pytorch(case):
    def scenario(lib):
        x = lib.tensor([1.0, 2.0, 3.0, 4.0], dtype=lib.float64, requires_grad=True)
        out = SPECIAL_POINTS[case](lib, x * x).sum()
        (g,) = lib.autograd.grad(out, x, create_graph=True)
        v = lib.tensor([0.5, -1.0, 2.0, 1.5], dtype=lib.float64)
        (hv,) = lib.autograd.grad((g * v).sum(), x, allow_unused=True)
        return {"g": g.detach(), "hv": hv}

    check(scenario)


# ----------------------------------------------------------------------------------
# printing
# ----------------------------------------------------------------------------------


def test_repr_matches_pytorch_on_random_tensors():
    rng = np.random.default_rng(99)
    for trial in range(150):
        ndim = rng.integers(0, 4)
        shape = tuple(rng.integers(0, 5, size=ndim))
        if rng.random() < 0.1:
            shape = (int(rng.integers(1001, 1500)),)
        scale = 10.0 ** rng.integers(-6, 9)
        kind = rng.choice(["normal", "ints", "mixed", "zeros"])
        values = rng.standard_normal(shape) * scale
        if kind == "ints":
            values = np.round(values)
        elif kind == "mixed" and values.size:
            values.flat[0] = np.nan if rng.random() < 0.5 else np.inf
        elif kind == "zeros":
            values = np.zeros(shape)
        dtype = rng.choice(["float32", "float64"])
        requires_grad = bool(rng.random() < 0.5)
        ours = cl.tensor(values.astype(dtype), requires_grad=requires_grad)
        theirs = torch.tensor(values.astype(dtype), requires_grad=requires_grad)
        assert normalized_repr(repr(ours)) == normalized_repr(repr(theirs)), (trial, values)
        if requires_grad and values.size:
            assert normalized_repr(repr(ours * 2)) == normalized_repr(repr(theirs * 2)), trial


@pytest.mark.parametrize("make", [
    lambda L: L.arange(4), lambda L: L.tensor([True, False, True]), lambda L: L.zeros(0),
    lambda L: L.zeros(2, 0, 3), lambda L: L.tensor([1, 2], dtype=L.int32),
    lambda L: L.tensor(-7), lambda L: L.tensor([[1, -20], [300, 4]]),
])
def test_repr_of_other_dtypes_matches_pytorch(make):
    assert normalized_repr(repr(make(cl))) == normalized_repr(repr(make(torch)))


# ----------------------------------------------------------------------------------
# a random-program generator, compared step by step
# ----------------------------------------------------------------------------------


class Program:
    """Random ops applied to a pool of tensors; the same choices replay in each library."""

    START_SHAPES = [(), (3,), (2, 3), (3, 1), (2, 1, 3), (1, 3)]

    def __init__(self, seed: int, steps: int):
        self.seed = seed
        self.steps = steps

    def run(self, lib):
        rng = np.random.default_rng(self.seed)
        value_rng = np.random.default_rng(self.seed + 10_000)
        pool = []
        for _ in range(int(rng.integers(2, 4))):
            shape = self.START_SHAPES[int(rng.integers(len(self.START_SHAPES)))]
            pool.append(lib.tensor(value_rng.standard_normal(shape), requires_grad=True))
        pool.append(lib.tensor(value_rng.standard_normal((3,))))  # a constant
        leaves = list(pool)
        trace = []
        for _ in range(self.steps):
            name, out = self._step(lib, rng, pool)
            if out is None:
                continue
            pool.append(out)
            trace.append((name, out))
        retained = [t for _, t in trace if t.requires_grad][::3]
        for t in retained:
            t.retain_grad()
        weights = np.random.default_rng(self.seed + 20_000)
        loss = None
        for _, t in trace[-4:]:
            if t.requires_grad and t.numel():
                term = (t * lib.tensor(weights.standard_normal(tuple(t.shape)))).sum()
                loss = term if loss is None else loss + term
        if loss is not None:
            loss.backward()
        return {"trace": trace, "leaves": [observe(t) for t in leaves],
                "retained": [observe(t) for t in retained], "loss": loss}

    # ------------------------------------------------------------------ one step
    def _pick(self, rng, pool, want=None):
        candidates = [t for t in pool if want is None or want(t)]
        if not candidates:
            return None
        return candidates[int(rng.integers(len(candidates)))]

    def _step(self, lib, rng, pool):
        kind = rng.choice(["unary", "scalar", "binary", "reduce", "shape", "join", "index",
                           "matmul", "inplace", "misc"],
                          p=[.2, .12, .18, .12, .12, .05, .07, .05, .04, .05])
        return getattr(self, f"_{kind}")(lib, rng, pool)

    def _unary(self, lib, rng, pool):
        t = self._pick(rng, pool)
        name = rng.choice(["neg", "exp_tanh", "log", "sqrt", "sin", "cos", "tanh", "sigmoid",
                           "relu", "abs", "clamp"])
        ops = {
            "neg": lambda: -t, "exp_tanh": lambda: t.tanh().exp(),
            "log": lambda: (t * t + 0.5).log(), "sqrt": lambda: (t * t + 0.1).sqrt(),
            "sin": lambda: lib.sin(t), "cos": lambda: t.cos(), "tanh": lambda: lib.tanh(t),
            "sigmoid": lambda: t.sigmoid(), "relu": lambda: lib.relu(t), "abs": lambda: t.abs(),
            "clamp": lambda: t.clamp(-0.5, 0.7),
        }
        return name, ops[name]()

    def _scalar(self, lib, rng, pool):
        t = self._pick(rng, pool)
        c = float(np.round(rng.uniform(-2, 2), 3)) or 1.5
        name = rng.choice(["add", "radd", "sub", "rsub", "mul", "rmul", "div", "rdiv", "pow2",
                           "pow3", "rpow"])
        ops = {
            "add": lambda: t + c, "radd": lambda: c + t, "sub": lambda: t - c,
            "rsub": lambda: c - t, "mul": lambda: t * c, "rmul": lambda: c * t,
            "div": lambda: t / c, "rdiv": lambda: c / (t * t + 1), "pow2": lambda: t**2,
            "pow3": lambda: t**3, "rpow": lambda: 1.5 ** t.tanh(),
        }
        return name, ops[name]()

    def _binary(self, lib, rng, pool):
        a = self._pick(rng, pool)

        def broadcastable(t):
            try:
                np.broadcast_shapes(tuple(a.shape), tuple(t.shape))
                return True
            except ValueError:
                return False

        b = self._pick(rng, pool, broadcastable)
        name = rng.choice(["add", "sub", "mul", "div", "maximum", "minimum", "where", "pow"])
        ops = {
            "add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
            "div": lambda: a / (b * b + 0.5), "maximum": lambda: lib.maximum(a, b),
            "minimum": lambda: a.minimum(b), "where": lambda: lib.where(a > b, a, b * 2),
            "pow": lambda: (a * a + 0.5) ** b.tanh(),
        }
        return name, ops[name]()

    def _reduce(self, lib, rng, pool):
        t = self._pick(rng, pool)
        ndim = t.ndim
        dim = int(rng.integers(-ndim, ndim)) if ndim else 0
        keepdim = bool(rng.random() < 0.5)
        name = rng.choice(["sum", "sum_all", "mean", "max_dim", "max_all", "min_dim", "norm",
                           "softmax", "log_softmax"])
        if name in ("max_dim", "min_dim", "max_all") and (t.numel() == 0 or self._ties(t, dim)):
            name = "sum"
        ops = {
            "sum": lambda: t.sum(dim, keepdim=keepdim), "sum_all": lambda: lib.sum(t),
            "mean": lambda: t.mean(dim=dim, keepdim=keepdim),
            "max_dim": lambda: t.max(dim, keepdim)[0], "max_all": lambda: t.max(),
            "min_dim": lambda: lib.min(t, dim=dim, keepdim=keepdim).values,
            "norm": lambda: (t + 3.0).norm(dim=dim, keepdim=keepdim),
            "softmax": lambda: t.softmax(dim), "log_softmax": lambda: t.log_softmax(dim),
        }
        return name, ops[name]()

    @staticmethod
    def _ties(t, dim):
        data = t.detach().numpy()
        if data.ndim == 0:
            return False
        s = np.sort(np.moveaxis(data, dim, -1), axis=-1)
        return bool(np.any(np.diff(s, axis=-1) == 0))

    def _shape(self, lib, rng, pool):
        t = self._pick(rng, pool)
        ndim = t.ndim
        options = ["reshape", "unsqueeze", "squeeze", "expand"]
        if ndim >= 2:
            options += ["transpose", "permute"]
        if ndim == 2:
            options += ["T", "t"]
        name = rng.choice(options)
        if name == "reshape":
            return name, t.reshape(-1)
        if name == "unsqueeze":
            return name, t.unsqueeze(int(rng.integers(-ndim - 1, ndim + 1)))
        if name == "squeeze":
            return name, t.squeeze() if rng.random() < 0.5 or not ndim else t.squeeze(
                int(rng.integers(-ndim, ndim)))
        if name == "expand":
            shape = [2 if n == 1 else n for n in t.shape]
            return name, t.expand(2, *shape)
        if name == "transpose":
            return name, t.transpose(int(rng.integers(ndim)), int(rng.integers(ndim)))
        if name == "permute":
            return name, t.permute(*[int(i) for i in rng.permutation(ndim)])
        return name, (t.T if name == "T" else t.t())

    def _join(self, lib, rng, pool):
        a = self._pick(rng, pool, lambda t: t.ndim >= 1)
        if a is None:
            return "none", None
        same = [t for t in pool if tuple(t.shape) == tuple(a.shape)]
        b = same[int(rng.integers(len(same)))]
        if rng.random() < 0.5:
            return "cat", lib.cat([a, b * 2], dim=int(rng.integers(-a.ndim, a.ndim)))
        return "stack", lib.stack([a, b], dim=int(rng.integers(-a.ndim - 1, a.ndim + 1)))

    def _index(self, lib, rng, pool):
        t = self._pick(rng, pool, lambda t: t.ndim >= 1 and t.shape[0] > 0)
        if t is None:
            return "none", None
        n = t.shape[0]
        name = rng.choice(["int", "slice", "array", "mask"])
        if name == "int":
            return name, t[int(rng.integers(-n, n))]
        if name == "slice":
            return name, t[int(rng.integers(0, n)):]
        if name == "array":
            return name, t[[int(i) for i in rng.integers(-n, n, size=4)]]  # repeats: scatter-add
        return name, t[t > 0]

    def _matmul(self, lib, rng, pool):
        a = self._pick(rng, pool, lambda t: t.ndim in (1, 2) and t.numel() > 0)
        if a is None:
            return "none", None
        k = a.shape[-1]
        kind = rng.choice(["vec", "mat"])
        b = lib.tensor(np.random.default_rng(int(rng.integers(1 << 30))).standard_normal(
            (k,) if kind == "vec" else (k, 2)))
        if rng.random() < 0.5:
            return "matmul", a @ b
        return "matmul_left", lib.matmul(b.T if kind == "mat" else b, a.T if a.ndim == 2 else a)

    def _inplace(self, lib, rng, pool):
        t = self._pick(rng, pool, lambda t: t.requires_grad)
        if t is None:
            return "none", None
        u = t * 1.0
        if rng.random() < 0.5:
            u.add_(0.5)
        else:
            u.mul_(-2.0)
        return "inplace", u

    def _misc(self, lib, rng, pool):
        t = self._pick(rng, pool)
        name = rng.choice(["detach", "clone", "no_grad", "dot"])
        if name == "detach":
            return name, t.detach() * 1.5
        if name == "clone":
            return name, t.clone()
        if name == "no_grad":
            with lib.no_grad():
                return name, t * 3
        flat = t.reshape(-1)
        return name, lib.dot(flat, flat)


@pytest.mark.parametrize("seed", range(60))
def test_random_program_matches_pytorch_step_by_step(seed):
    results = check(Program(seed, steps=14).run)
    trace = results["course_lib"]["trace"]
    assert len(trace) >= 8  # the program did something


@pytest.mark.parametrize("seed", range(12))
def test_random_program_second_derivatives_match_pytorch(seed):
    """autograd.grad(create_graph=True) through a random program, then a Hessian-vector product."""

    def scenario(lib):
        program = Program(1000 + seed, steps=8)
        rng = np.random.default_rng(seed)
        x = lib.tensor(rng.standard_normal(3), requires_grad=True)
        y = x
        for _ in range(5):
            op = rng.choice(["sin", "mul", "exp", "softmax", "norm", "pow", "matmul", "index"])
            if op == "sin":
                y = y.sin() + x
            elif op == "mul":
                y = y * x
            elif op == "exp":
                y = y.tanh().exp()
            elif op == "softmax":
                y = y.softmax(0) * 3
            elif op == "norm":
                y = y / (y.norm() + 1)
            elif op == "pow":
                y = (y * y + 1) ** 1.5
            elif op == "matmul":
                y = lib.tensor(rng.standard_normal((3, 3))) @ y
            else:
                y = y[[2, 0, 0]] + y
        del program
        f = (y * y).sum()
        (g,) = lib.autograd.grad(f, x, create_graph=True)
        v = lib.tensor(rng.standard_normal(3))
        (hv,) = lib.autograd.grad((g * v).sum(), x)
        return {"f": f.detach(), "g": g.detach(), "hv": hv}

    check(scenario)


def test_the_comparison_can_fail():
    """A deliberately different program is caught (the checks are not vacuous)."""

    def scenario(lib):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x.sin() if lib is torch else x.cos()
        y.sum().backward()
        return observe(x)

    with pytest.raises(AssertionError):
        check(scenario)
