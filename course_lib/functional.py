"""Function transforms: grad, vjp, jvp, jacobian, hessian (like torch.autograd.functional).

Reverse mode (vjp) gives vᵀJ — a whole gradient of a scalar function in one backward
pass. Forward mode (jvp) gives J·v — one directional derivative per pass. A full
Jacobian of f: Rⁿ → Rᵐ therefore costs m reverse passes or n forward passes;
`mode_costs` measures that, and the memory each mode needs.
"""

from __future__ import annotations

import tracemalloc

import numpy as np

from course_lib import autograd
from course_lib.autograd.grad_mode import enable_grad, no_grad
from course_lib.forward import dual_level, make_dual, unpack_dual
from course_lib.tensor import Tensor, arange


def _leaf(x, requires_grad=True) -> Tensor:
    """A fresh leaf with x's values (float64 stays float64, Python floats become float32)."""
    data = x.data if isinstance(x, Tensor) else Tensor(x).data
    t = Tensor._make(np.array(data, copy=True))
    return t.requires_grad_(requires_grad)


def grad(f):
    """The function x -> ∇f(x) for a scalar-valued f (first argument only)."""

    def gradient_of_f(x, *args, **kwargs):
        x = _leaf(x)
        with enable_grad():
            out = f(x, *args, **kwargs)
        _check_scalar(out, "grad")
        (g,) = autograd.grad(out, x, allow_unused=True)
        return g if g is not None else Tensor._make(np.zeros_like(x.data))

    gradient_of_f.__name__ = f"grad_{getattr(f, '__name__', 'f')}"
    return gradient_of_f


def _check_scalar(out, who):
    if not isinstance(out, Tensor) or out.data.size != 1:
        shape = tuple(out.shape) if isinstance(out, Tensor) else type(out).__name__
        raise RuntimeError(
            f"{who}(f) needs f to return a single-element tensor, but it returned {shape}. "
            "Use vjp or jacobian for functions with several outputs."
        )


def vjp(f, x, v=None, create_graph=False):
    """(f(x), vᵀ·J_f(x)): one reverse pass. v may be omitted when f(x) is a scalar."""
    x = _leaf(x)
    with enable_grad():
        out = f(x)
    if v is None:
        _check_scalar(out, "vjp")
    (g,) = autograd.grad(out, x, grad_outputs=v, create_graph=create_graph, allow_unused=True)
    if g is None:
        g = Tensor._make(np.zeros_like(x.data))
    return out.detach() if not create_graph else out, g


def jvp(f, x, v=None):
    """(f(x), J_f(x)·v): one forward pass with dual numbers. v defaults to ones for 1-element x."""
    x = _leaf(x, requires_grad=False)
    if v is None:
        if x.data.size != 1:
            raise RuntimeError(
                "The vector v can only be None if the input to the user-provided function is a "
                "single element Tensor."
            )
        v = np.ones_like(x.data)
    with no_grad(), dual_level():
        out = f(make_dual(x, v.data if isinstance(v, Tensor) else v))
        primal, tangent = unpack_dual(out)
    if tangent is None:
        tangent = Tensor._make(np.zeros_like(primal.data))
    return primal, tangent


def jacobian(f, x, mode: str = "rev"):
    """∂f/∂x with shape f(x).shape + x.shape; mode "rev" (one backward per output) or "fwd"."""
    if mode not in ("rev", "fwd"):
        raise ValueError(f"mode must be 'rev' or 'fwd', got {mode!r}")
    x = _leaf(x)
    if mode == "fwd":
        columns = []
        with no_grad():
            out = f(x.detach())
        for i in range(x.data.size):
            e = np.zeros(x.data.size, dtype=x.data.dtype)
            e[i] = 1
            _, column = jvp(f, x, e.reshape(x.data.shape))
            columns.append(column.data.reshape(-1))
        jac = np.stack(columns, axis=-1) if columns else np.zeros((out.data.size, 0))
        return Tensor._make(jac.reshape(out.data.shape + x.data.shape))
    with enable_grad():
        out = f(x)
    rows = []
    flat = out.data.size
    for i in range(flat):
        seed = np.zeros(flat, dtype=out.data.dtype)
        seed[i] = 1
        (g,) = autograd.grad(out, x, grad_outputs=seed.reshape(out.data.shape),
                             retain_graph=True, allow_unused=True)
        rows.append(np.zeros_like(x.data) if g is None else g.data)
    jac = np.stack(rows) if rows else np.zeros((0,) + x.data.shape)
    return Tensor._make(jac.reshape(out.data.shape + x.data.shape))


def hessian(f, x):
    """∂²f/∂x² of a scalar f: reverse mode over reverse mode (create_graph=True)."""
    x = _leaf(x)
    with enable_grad():
        out = f(x)
        _check_scalar(out, "hessian")
        (g,) = autograd.grad(out, x, create_graph=True)
        rows = []
        flat_g = g.reshape(-1)
        for i in range(x.data.size):
            if flat_g.requires_grad:
                (row,) = autograd.grad(flat_g[i], x, retain_graph=True, allow_unused=True)
            else:
                row = None
            rows.append(np.zeros_like(x.data) if row is None else row.data)
    return Tensor._make(np.stack(rows).reshape(x.data.shape + x.data.shape))


# ----------------------------------------------------------------------------------------
# The seeds' claim, measured: passes and memory of forward vs reverse accumulation
# ----------------------------------------------------------------------------------------


def fold_sin(x: Tensor) -> Tensor:
    """f: Rⁿ -> R, y = sin(y + x_i) for each i: a graph whose length grows with n."""
    y = x[0] * 0
    for i in range(x.shape[0]):
        y = (y + x[i]).sin()
    return y


def spread_sin(t: Tensor, m: int) -> Tensor:
    """g: R -> Rᵐ, g(t)_k = sin(k·t)."""
    return (arange(1.0, m + 1.0, dtype=t.data.dtype) * t).sin()


class _Counted:
    """Wrap a function and count how often it is evaluated (one evaluation = one pass)."""

    def __init__(self, f):
        self.f, self.calls = f, 0

    def __call__(self, *args):
        self.calls += 1
        return self.f(*args)


def _peak_bytes(run) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def mode_costs(ns=(2, 4, 8, 16, 32, 64)) -> dict:
    """Passes and peak memory of a full derivative by forward and by reverse mode.

    For f: Rⁿ -> R (`fold_sin`), forward mode needs n passes and reverse mode 1; for
    g: R -> Rⁿ (`spread_sin`) it is the other way round. Peak memory (tracemalloc) of the
    gradient of f: reverse mode keeps the whole graph (grows with n), forward mode keeps
    only the current value and tangent.
    """
    rng = np.random.default_rng(0)
    table = {key: [] for key in ("n", "forward_passes", "reverse_passes", "forward_passes_g",
                                 "reverse_passes_g", "forward_peak_bytes",
                                 "reverse_peak_bytes")}
    for n in ns:
        x = Tensor._make(rng.standard_normal(n))
        f = _Counted(fold_sin)
        jacobian(f, x, mode="fwd")
        forward_passes = f.calls - 1  # minus the one plain evaluation for the output shape
        f = _Counted(fold_sin)
        jacobian(f, x, mode="rev")
        reverse_passes = f.calls
        t = Tensor._make(np.array(0.3))
        g = _Counted(lambda s, n=n: spread_sin(s, n))
        jacobian(g, t, mode="fwd")
        forward_passes_g = g.calls - 1
        g = _Counted(lambda s, n=n: spread_sin(s, n))
        _, backward_count = _reverse_passes_for(g, t, n)

        def forward_gradient(x=x, n=n):
            for i in range(n):
                e = np.zeros(n)
                e[i] = 1
                jvp(fold_sin, x, e)

        def reverse_gradient(x=x):
            vjp(fold_sin, x)

        table["n"].append(n)
        table["forward_passes"].append(forward_passes)
        table["reverse_passes"].append(reverse_passes)
        table["forward_passes_g"].append(forward_passes_g)
        table["reverse_passes_g"].append(backward_count)
        table["forward_peak_bytes"].append(_peak_bytes(forward_gradient))
        table["reverse_peak_bytes"].append(_peak_bytes(reverse_gradient))
    return table


def _reverse_passes_for(g, t, m):
    """Reverse mode on g: R -> Rᵐ: one forward evaluation, then m backward passes."""
    x = _leaf(t)
    with enable_grad():
        out = g(x)
    backward_passes = 0
    for i in range(m):
        seed = np.zeros(m, dtype=out.data.dtype)
        seed[i] = 1
        autograd.grad(out, x, grad_outputs=seed, retain_graph=True)
        backward_passes += 1
    return out, backward_passes
