"""Every code example of the seed texts, run on course_lib (`autodiff-course check`).

Each example is a function returning what the seed prints, so the tests, the
`check` command and the lessons share one copy. The seed's numbers are in the
docstrings: a learner can put the two side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

import course_lib as cl


@dataclass
class SeedResult:
    name: str
    source: str
    printed: list[str]
    ok: bool


def dot_gradient():
    """y = 2·⟨x, x⟩ with x = arange(4.0): y = tensor(28.), x.grad = [0, 4, 8, 12] = 4x."""
    x = cl.arange(4.0)
    x.requires_grad_(True)
    before = x.grad
    y = 2 * cl.dot(x, x)
    y.backward()
    return {"x": x, "grad_before": before, "y": y, "grad": x.grad, "matches_4x": x.grad == 4 * x}


def sum_after_zero():
    """x.grad.zero_(); y = x.sum(); y.backward() gives all ones."""
    x = cl.arange(4.0, requires_grad=True)
    (2 * cl.dot(x, x)).backward()
    x.grad.zero_()
    y = x.sum()
    y.backward()
    return {"y": y, "grad": x.grad}


def nonscalar_sum():
    """y = x*x; y.sum().backward() gives 2x = [0, 2, 4, 6]."""
    x = cl.arange(4.0, requires_grad=True)
    y = x * x
    y.sum().backward()
    return {"grad": x.grad}


def detach_example():
    """u = (x*x).detach(); z = u*x: x.grad == u; then y.sum().backward(): x.grad == 2x."""
    x = cl.arange(4.0, requires_grad=True)
    y = x * x
    u = y.detach()
    z = u * x
    z.sum().backward()
    first = x.grad == u
    x.grad.zero_()
    y.sum().backward()
    return {"grad_equals_u": first, "grad_equals_2x": x.grad == 2 * x}


def control_flow_f(a):
    """The seed's f(a): double b until ‖b‖ ≥ 1000, then keep it or multiply by 100."""
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


def control_flow(seed: int = 0):
    """a = randn(size=()), d = f(a), d.backward(): a.grad == d / a (f is linear in a)."""
    cl.manual_seed(seed)
    a = cl.randn(size=(), requires_grad=True)
    d = control_flow_f(a)
    d.backward()
    return {"a": a, "d": d, "grad": a.grad, "grad_equals_d_over_a": a.grad == d / a,
            "close": bool(abs(a.grad.item() - (d / a).item()) <= 1e-6 * abs(a.grad.item()))}


def inner_product():
    """x = [1., 2., 3.]; y = dot(x, x); x.grad = [2., 4., 6.] (= 2x)."""
    x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = cl.dot(x, x)
    y.backward()
    return {"grad": x.grad}


def linear_shapes(seed: int = 0):
    """y = W@x + b; loss = y.sum(): W.grad.shape == (2, 3), b.grad.shape == (2,)."""
    cl.manual_seed(seed)
    W = cl.randn(2, 3, requires_grad=True)
    x = cl.tensor([1.0, 2.0, 3.0])
    b = cl.randn(2, requires_grad=True)
    y = W @ x + b
    loss = y.sum()
    loss.backward()
    return {"W_grad_shape": W.grad.shape, "b_grad_shape": b.grad.shape, "W_grad": W.grad,
            "b_grad": b.grad}


def relu_layer(seed: int = 2):
    """h = relu(W@x + b); loss = h.sum(): ∂loss/∂W = mask·xᵀ, ∂loss/∂b = mask."""
    cl.manual_seed(seed)
    x = cl.randn(3)
    W = cl.randn(2, 3, requires_grad=True)
    b = cl.randn(2, requires_grad=True)
    h = cl.relu(W @ x + b)
    loss = h.sum()
    loss.backward()
    return {"x": x, "W": W, "b": b, "h": h, "W_grad": W.grad, "b_grad": b.grad}


def accumulation():
    """Without zeroing, gradients add up: ten backward() of x.sum() give 10 in every slot."""
    x = cl.arange(4.0, requires_grad=True)
    for _ in range(10):
        y = x.sum()
        y.backward()
    accumulated = x.grad.clone()
    x.grad.zero_()
    y = x.sum()
    y.backward()
    return {"accumulated": accumulated, "after_zero": x.grad}


def vjp():
    """y = x*2 with gradient v = [1, 0, 0]: x.grad = [2, 0, 0]."""
    x = cl.randn(3, requires_grad=True)
    y = x * 2
    v = cl.tensor([1.0, 0.0, 0.0])
    y.backward(gradient=v)
    return {"grad": x.grad}


def grad_check():
    """Analytic gradient of x² at 3 is 6.0; the seed's float32 central difference with eps=1e-5."""
    x = cl.tensor(3.0, requires_grad=True)
    y = x**2
    y.backward()
    analytic_grad = x.grad
    eps = 1e-5
    numeric_grad = ((x + eps) ** 2 - (x - eps) ** 2) / (2 * eps)
    return {"analytic": analytic_grad, "numeric": numeric_grad}


def chain_rule(x0: float = 1.5):
    """f(x) = cos(x² − 1): f'(x) = −sin(x² − 1)·2x, by autograd and by hand."""
    x = cl.tensor(x0, dtype=cl.float64, requires_grad=True)
    y = cl.cos(x**2 - 1)
    y.backward()
    import math

    return {"autograd": x.grad.item(), "by_hand": -math.sin(x0**2 - 1) * 2 * x0}


def differential():
    """f(x) = x² at x = 3 with dx = 0.1: dy = f'(x)dx = 0.6, Δy = 0.61 (error 0.01)."""
    x = cl.tensor(3.0, dtype=cl.float64, requires_grad=True)
    (x**2).backward()
    dx = 0.1
    dy = x.grad.item() * dx
    delta_y = (3.0 + dx) ** 2 - 3.0**2
    return {"dy": dy, "delta_y": delta_y, "error": delta_y - dy}


EXAMPLES = [
    ("y = 2·dot(x, x)", dot_gradient, lambda r: r["grad"].tolist() == [0, 4, 8, 12]
     and r["y"].item() == 28 and r["grad_before"] is None),
    ("x.grad.zero_(); x.sum().backward()", sum_after_zero,
     lambda r: r["grad"].tolist() == [1, 1, 1, 1]),
    ("(x*x).sum().backward()", nonscalar_sum, lambda r: r["grad"].tolist() == [0, 2, 4, 6]),
    ("detach", detach_example,
     lambda r: bool(r["grad_equals_u"].all()) and bool(r["grad_equals_2x"].all())),
    ("control flow f(a)", control_flow, lambda r: r["close"]),
    ("dot(x, x) with x = [1, 2, 3]", inner_product, lambda r: r["grad"].tolist() == [2, 4, 6]),
    ("W @ x + b gradient shapes", linear_shapes,
     lambda r: tuple(r["W_grad_shape"]) == (2, 3) and tuple(r["b_grad_shape"]) == (2,)),
    ("relu(W @ x + b)", relu_layer, lambda r: tuple(r["W_grad"].shape) == (2, 3)),
    ("gradient accumulation", accumulation,
     lambda r: r["accumulated"].tolist() == [10] * 4 and r["after_zero"].tolist() == [1] * 4),
    ("y = x*2, gradient=[1, 0, 0]", vjp, lambda r: r["grad"].tolist() == [2, 0, 0]),
    ("grad_check at x = 3", grad_check,
     lambda r: r["analytic"].item() == 6 and abs(r["numeric"].item() - 6) < 0.05),
    ("cos(x² − 1)", chain_rule, lambda r: abs(r["autograd"] - r["by_hand"]) < 1e-12),
    ("dy vs Δy for x² at 3", differential,
     lambda r: abs(r["dy"] - 0.6) < 1e-12 and abs(r["delta_y"] - 0.61) < 1e-12),
]


def run_all(verbose: bool = True) -> bool:
    """Run every seed example; print what it shows. True when all agree with the seeds."""
    all_ok = True
    for title, example, agrees in EXAMPLES:
        result = example()
        ok = bool(agrees(result))
        all_ok &= ok
        if verbose:
            print(f"[{'ok' if ok else 'MISMATCH'}] {title}  ({example.__doc__.splitlines()[0]})")
            for key, value in result.items():
                print(f"      {key} = {value!r}")
    if verbose:
        print("all seed examples agree" if all_ok else "SOME SEED EXAMPLES DISAGREE")
    return all_ok
