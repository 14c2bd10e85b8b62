# %% [markdown] nbgrader="task" grade_id="intro"
# # Assignment 4 — Autograd in practice
#
# In this assignment you use `course_lib`'s autograd the way you would use PyTorch's
# (`import course_lib as cl` reads like `import torch`), on tasks where knowing what autograd
# does — and what it does not do — is the point:
#
# 1. gradients through loops and `if`s, for a **vector** input, and where such a function jumps;
# 2. one forward pass, several backward passes; gradients that accumulate; `detach`;
# 3. a full Jacobian from vector-Jacobian products, for inputs and outputs of any shape;
# 4. gradient descent on a function you cannot see, and the step size that converges fastest;
# 5. a small neural network: its loss and gradients, its training loop, a step size that
#    trains it fast.
#
# Many tests pass you a function (`func`, `loss_fn`, ...) that you have not seen: your code
# must work for any such function, which is what autograd is for. Work in `float64`
# (`cl.tensor(values, dtype=cl.float64, requires_grad=True)`) and return plain numbers or numpy
# arrays (`t.item()`, `t.numpy()`), not tensors.
#
# Each question has a test cell: run it to check your work. Grading runs more, hidden, checks
# of the same kind, with other inputs. 25 points in total; about 75 minutes.

# %% nbgrader="setup" grade_id="setup"
import numpy as np

import course_lib as cl
from course_lib.checks import *  # noqa: F403

# %% [markdown] nbgrader="task" grade_id="q1"
# ## 1. Control flow with a vector input (4 points) — Lesson 8
#
# Lesson 8 §1 differentiates the seeds' function `f(a)` (double `b` until its norm reaches
# 1000, then a branch on the sign of `b.sum()`) for a scalar `a`. The same code runs unchanged
# when `a` is a vector: `b.norm()` and `b.sum()` are scalars, so the loop and the branch now
# depend on the whole vector.
#
# * Write `f(a)` for a `course_lib` tensor `a` of shape `(n,)`, and `f_vjp(a_values, v)`:
#   return `(f(a), vᵀ ∂f/∂a)` at `a = a_values`, both as numpy arrays of shape `(n,)`, the
#   second from **one** backward pass with `gradient=` (the output is not a scalar).
# * Autograd differentiates the operations that ran, so it never sees where a different number
#   of loop turns, or the other branch, would take over. Along a ray `a = t·u` (`u` a fixed
#   nonzero vector, `t > 0`) the function `t ↦ f(t·u)` is linear in pieces and **jumps**
#   between pieces. Write `jumps(u, t_min, t_max)`: every `t` in `[t_min, t_max]` where it
#   jumps, ascending, as a numpy array (exact, not a numerical estimate). Work it out from
#   what the loop does; check it with your `f`.


# %% nbgrader="answer" grade_id="f_vjp"
def f(a):
    """The seeds' control-flow function (Lesson 8), for a vector a."""
    ### BEGIN SOLUTION
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c
    ### END SOLUTION


def f_vjp(a_values, v):
    """(f(a), v^T df/da) as numpy arrays, by one backward pass with gradient=v."""
    ### BEGIN SOLUTION
    a = cl.tensor(a_values, dtype=cl.float64, requires_grad=True)
    out = f(a)
    out.backward(gradient=cl.tensor(v, dtype=cl.float64))
    return out.detach().numpy(), a.grad.numpy()
    ### END SOLUTION


# %% nbgrader="answer" grade_id="jumps"
def jumps(u, t_min, t_max):
    """Every t in [t_min, t_max] at which t -> f(t u) is discontinuous, ascending."""
    ### BEGIN SOLUTION
    # b = 2^n t u with n >= 1 the first count at which 2^n t |u| >= 1000; n changes (and f
    # jumps by a factor 2) where t |u| = 1000 / 2^m, m >= 1. The sign of sum(t u) never
    # changes for t > 0. m = 0 is not a jump: the loop doubles at least once.
    norm = float(np.linalg.norm(u))
    ts, m = [], 1
    while 1000.0 / 2**m / norm >= t_min:
        t = 1000.0 / 2**m / norm
        if t <= t_max:
            ts.append(t)
        m += 1
    return np.array(sorted(ts))
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_f_vjp" points=1
from course_lib.checks import Rubric, check_close


def seeds_f(a):  # the seeds' function on numpy arrays
    b = a * 2
    while np.linalg.norm(b) < 1000:
        b = b * 2
    return b if b.sum() > 0 else 100 * b


def fd_vjp(func, a, v, h=1e-4):  # v^T J by central differences (Lesson 3)
    cols = [(func(a + h * e) - func(a - h * e)) / (2 * h) for e in np.eye(len(a))]
    return np.array(cols) @ v


rubric = Rubric()
a, v = np.array([0.3, -1.2, 0.5]), np.array([1.0, 2.0, -1.0])
with rubric.part(1, "f and v^T J at one point"):
    out, vjp = f_vjp(a, v)
    check_close(
        out,
        seeds_f(a),
        rtol=1e-12,
        name="f(a) for a = [0.3, -1.2, 0.5]",
        hint="the seeds' loop and branch, on a tensor",
        lesson="Lesson 8 §1",
    )
    check_close(
        vjp,
        fd_vjp(seeds_f, a, v),
        rtol=1e-6,
        name="f_vjp(a, v)[1]",
        hint="out.backward(gradient=v), then a.grad",
        lesson="Lesson 7 §4",
    )
### BEGIN HIDDEN TESTS
from course_lib.checks import seeded_rng

rng = seeded_rng(11)
cases = [
    rng.normal(size=4),
    -rng.uniform(size=3),
    np.array([0.0, 2.0, -3.0]),
    np.array([400.0, 300.0]),
    np.array([-0.001, 0.0005, 0.0002]),
    rng.normal(size=6),
]
with rubric.part(1, "f and v^T J at other points (zero entries, no loop turn, sum < 0)"):
    for a in cases:
        v = rng.normal(size=a.size)
        b = 2.0 * a
        k = 2.0
        while np.linalg.norm(b) < 1000:
            b, k = 2.0 * b, 2.0 * k
        k = k if b.sum() > 0 else 100.0 * k
        out, vjp = f_vjp(a, v)
        check_close(
            out,
            k * a,
            rtol=1e-12,
            name=f"f({np.round(a, 4).tolist()})",
            lesson="Lesson 8",
        )
        check_close(
            vjp,
            k * v,
            rtol=1e-12,
            name=f"f_vjp({np.round(a, 4).tolist()}, v)",
            hint="one backward pass with gradient=v from f(a)",
            lesson="Lesson 7 §4",
        )
### END HIDDEN TESTS
rubric.finish()

# %% nbgrader="test" grade_id="test_jumps" points=3
from course_lib.checks import Rubric, as_array, check_equal, check_true


def seeds_k(a):  # f(a) / a: the factor of the piece a lies on
    b, k = 2.0 * a, 2.0
    while np.linalg.norm(b) < 1000:
        b, k = 2.0 * b, 2.0 * k
    return k if b.sum() > 0 else 100.0 * k


def scan_jumps(u, t_min, t_max):  # a fine geometric scan: pieces are a factor 2 long
    grid = np.geomspace(t_min, t_max, 4000)
    ks = np.array([seeds_k(t * u) for t in grid])
    return int((ks[1:] != ks[:-1]).sum())


rubric = Rubric()
u = np.array([3.0, 4.0])
with rubric.part(0.5, "the jumps along u = [3, 4] for t in [1, 100]"):
    ts = as_array(jumps(u, 1.0, 100.0), name="jumps(u, 1, 100)").ravel()
    check_equal(
        int(ts.size),
        scan_jumps(u, 1.0, 100.0),
        name="number of jumps in [1, 100]",
        hint="where does the number of loop turns change?",
        lesson="Lesson 8 §4",
    )
    for t in ts:
        left, right = seeds_k((t * (1 - 1e-9)) * u), seeds_k((t * (1 + 1e-9)) * u)
        check_true(bool(left != right), f"f jumps at t = {t!r}", lesson="Lesson 8 §4")
### BEGIN HIDDEN TESTS
from course_lib.checks import seeded_rng

rng = seeded_rng(12)
for case in range(4):
    u = rng.normal(size=int(rng.integers(2, 6))) * rng.choice([0.01, 1.0, 30.0])
    t_min, t_max = sorted(
        rng.uniform(0.001, 1.0, 2) * (1000 / np.linalg.norm(u)) * [1, 3]
    )
    if case == 3:
        t_min, t_max = (
            0.5 / np.linalg.norm(u),
            5000.0 / np.linalg.norm(u),
        )  # reaches 1000/|u|
    norm = np.linalg.norm(u)
    expected = sorted(
        1000.0 / 2.0**m / norm
        for m in range(1, 80)
        if t_min <= 1000.0 / 2.0**m / norm <= t_max
    )
    with rubric.part(
        0.625, f"jumps along a random u ({u.size} entries), t in a random range"
    ):
        check_close(
            as_array(jumps(u, t_min, t_max), name="jumps").ravel(),
            expected,
            rtol=1e-9,
            name=f"jumps(u, {t_min:.4g}, {t_max:.4g})",
            hint="exact values, in [t_min, t_max] only; the loop runs at least once",
            lesson="Lesson 8 §4",
        )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q2"
# ## 2. One forward pass, several backward passes; accumulation; `detach` (5 points) — Lesson 7
#
# * `two_vjps(func, x_values, v1, v2)`: the two vector-Jacobian products `v1ᵀJ` and `v2ᵀJ` of
#   `y = func(x)`, returned as a pair of numpy arrays. `func` is expensive: call it **once**
#   (the tests pass a `func` that refuses a second call).
# * `chunked_grad(row_losses, w_values, X, max_rows)`: `row_losses(w, Xc)` returns one loss per
#   row of the float64 tensor `Xc`, but accepts at most `max_rows` rows per call (memory). Return
#   the gradient, with respect to `w`, of the **mean** loss over all rows of `X` (a numpy
#   array of `w`'s shape), computed chunk by chunk.
# * `frozen_norm_grad(g, x_values)`: the gradient of `s(x) = sum(g(x)) / ‖g(x)‖` with respect
#   to `x`, where the norm `‖g(x)‖` is treated as a **constant** (a fixed scale, as in many
#   normalisation tricks): no gradient flows through it.


# %% nbgrader="answer" grade_id="two_vjps"
def two_vjps(func, x_values, v1, v2):
    """(v1^T J, v2^T J) of func at x_values, with one call of func."""
    ### BEGIN SOLUTION
    x = cl.tensor(x_values, dtype=cl.float64, requires_grad=True)
    y = func(x)
    y.backward(gradient=cl.tensor(v1, dtype=cl.float64), retain_graph=True)
    first = x.grad.numpy().copy()
    x.grad.zero_()
    y.backward(gradient=cl.tensor(v2, dtype=cl.float64))
    return first, x.grad.numpy().copy()
    ### END SOLUTION


def chunked_grad(row_losses, w_values, X, max_rows):
    """d/dw of the mean of row_losses(w, X) over all rows, max_rows rows per call."""
    ### BEGIN SOLUTION
    w = cl.tensor(w_values, dtype=cl.float64, requires_grad=True)
    n = len(X)
    for start in range(0, n, max_rows):
        chunk = cl.tensor(np.asarray(X[start : start + max_rows]), dtype=cl.float64)
        (row_losses(w, chunk).sum() / n).backward()  # .grad adds up the chunks
    return w.grad.numpy().copy()
    ### END SOLUTION


def frozen_norm_grad(g, x_values):
    """Gradient of sum(g(x)) / ||g(x)||, the norm held constant."""
    ### BEGIN SOLUTION
    x = cl.tensor(x_values, dtype=cl.float64, requires_grad=True)
    y = g(x)
    (y.sum() / y.norm().detach()).backward()
    return x.grad.numpy().copy()
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_backward_passes" points=5
from course_lib.checks import Rubric, check_close, check_source_avoids, fn

check_source_avoids(
    ["course_lib.functional", "torch", "jax"],
    grade_ids=["two_vjps"],
    names=["functional"],
    name="your backward passes",
    hint="call backward yourself; course_lib.functional does it for you",
)


def fd_jacobian(func, x, h=1e-5):  # central differences (Lesson 3), rows = outputs
    cols = [(func(x + h * e) - func(x - h * e)) / (2 * h) for e in np.eye(x.size)]
    return np.array(cols).T


rubric = Rubric()
once = (
    "lambda x, _calls=[]: ({}['func called twice'] if _calls else _calls.append(1)) or "
)
x = np.array([0.5, -1.0, 2.0])
J = fd_jacobian(lambda x: x * x.sum() + x**3, x)
with rubric.part(1, "two VJPs from one forward pass"):
    g1, g2 = two_vjps(
        fn(once + "x * x.sum() + x ** 3"), x, [1.0, 0.0, 0.0], [0.0, 2.0, -1.0]
    )
    check_close(g1, J[0], rtol=1e-6, name="two_vjps(...)[0]", lesson="Lesson 7 §8")
    check_close(
        g2,
        [0.0, 2.0, -1.0] @ J,
        rtol=1e-6,
        name="two_vjps(...)[1]",
        hint="what happens to .grad between the two backward passes?",
        lesson="Lesson 7 §3",
    )
Xd = np.linspace(-1.0, 1.0, 14).reshape(7, 2)
rows = (
    "lambda w, Xc: ({}['more than 3 rows'] if len(Xc) > 3 else 0) + (Xc @ w - 0.3) ** 2"
)
with rubric.part(1, "chunked gradient, 7 rows, at most 3 per call"):
    w0 = np.array([0.4, -0.7])

    def mean_loss(w):
        return ((Xd @ w - 0.3) ** 2).mean()

    expected = [
        (mean_loss(w0 + 1e-6 * e) - mean_loss(w0 - 1e-6 * e)) / 2e-6 for e in np.eye(2)
    ]
    check_close(
        chunked_grad(fn(rows), w0, Xd, 3),
        expected,
        rtol=1e-6,
        name="chunked_grad(row_losses, w, X (7 rows), 3)",
        hint="the mean over all rows, not the mean of each chunk",
        lesson="Lesson 7 §3",
    )
### BEGIN HIDDEN TESTS
import course_lib as _cl
from course_lib.checks import seeded_rng


def _jacobian(func, x):  # the grader's reference: one autograd.grad per output element
    x = _cl.tensor(x.numpy(), dtype=_cl.float64, requires_grad=True)
    y = func(x)
    rows = []
    for i in range(int(np.prod(y.shape))):
        seed = np.zeros(int(np.prod(y.shape)))
        seed[i] = 1.0
        (g,) = _cl.autograd.grad(
            y,
            x,
            grad_outputs=_cl.tensor(seed.reshape(tuple(y.shape))),
            retain_graph=True,
            allow_unused=True,
        )
        rows.append(np.zeros(x.shape) if g is None else g.numpy())
    return _cl.tensor(np.array(rows).reshape(tuple(y.shape) + tuple(x.shape)))


def _grad_of(scalar_fn, x):  # the grader's own reverse mode, float64
    t = _cl.tensor(x, dtype=_cl.float64, requires_grad=True)
    scalar_fn(t).backward()
    return t.grad.numpy()


rng = seeded_rng(21)
with rubric.part(1, "two VJPs for other functions and vectors"):
    for src in ["(x * x).tanh() * x[0]", "x.exp() / (1.0 + x.sum() ** 2)"]:
        x = rng.normal(size=4)
        v1, v2 = rng.normal(size=4), rng.normal(size=4)
        J = _jacobian(fn("lambda x: " + src), _cl.tensor(x, dtype=_cl.float64)).numpy()
        g1, g2 = two_vjps(fn(once + src), x, v1, v2)
        check_close(
            [g1, g2],
            [v1 @ J, v2 @ J],
            rtol=1e-10,
            atol=1e-12,
            name=f"two_vjps for {src}",
            lesson="Lesson 7 §8",
        )
with rubric.part(1.5, "chunked gradient: other losses, sizes and chunk lengths"):
    for n, k, chunk in [(23, 3, 5), (10, 4, 10), (9, 2, 1)]:
        X = rng.normal(size=(n, k))
        w = rng.normal(size=k)
        src = (
            f"lambda w, Xc: ({{}}['more than {chunk} rows'] if len(Xc) > {chunk} else 0)"
            " + ((Xc @ w).tanh() - 0.5 * Xc[:, 0]) ** 2"
        )
        Xt = _cl.tensor(X, dtype=_cl.float64)
        expected = _grad_of(lambda w: (((Xt @ w).tanh() - 0.5 * Xt[:, 0]) ** 2).mean(), w)
        check_close(
            chunked_grad(fn(src), w, X, chunk),
            expected,
            rtol=1e-10,
            atol=1e-13,
            name=f"chunked_grad with {n} rows, {chunk} per call",
            hint="every chunk's backward adds into w.grad; scale by the total count",
            lesson="Lesson 7 §3",
        )
with rubric.part(1.5, "the norm held constant"):
    for src in ["x * x.sum()", "(x * 2.0).tanh() + x ** 3"]:
        x = rng.normal(size=5)
        g = fn("lambda x: " + src)
        scale = float(np.linalg.norm(g(_cl.tensor(x, dtype=_cl.float64)).numpy()))
        expected = _grad_of(lambda t: g(t).sum() / scale, x)
        check_close(
            frozen_norm_grad(g, x),
            expected,
            rtol=1e-10,
            atol=1e-13,
            name=f"frozen_norm_grad for g(x) = {src}",
            hint="no gradient through the norm: detach it",
            lesson="Lesson 7 §5",
        )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q3"
# ## 3. A Jacobian of any shape from vector-Jacobian products (4 points) — Lesson 7
#
# The course's shape convention: ∂y/∂x has shape `y.shape + x.shape` (outputs first, then
# inputs) — what `torch.autograd.functional.jacobian` returns; for a scalar `y` this is
# `x.shape`, like PyTorch's `x.grad`.
#
# Write `jacobian(func, x_values)` for `x` and `y = func(x)` of **any** shapes (a scalar, a
# vector, a matrix, ...), with **one** call of `func` and one backward pass per element of `y`
# (Lesson 7 §4 and §8). Use `backward` — not `course_lib.functional`, which does this for you.


# %% nbgrader="answer" grade_id="jacobian"
def jacobian(func, x_values):
    """dy/dx of y = func(x), shape y.shape + x.shape, from one forward pass."""
    ### BEGIN SOLUTION
    x = cl.tensor(x_values, dtype=cl.float64, requires_grad=True)
    y = func(x)
    out_shape = tuple(y.shape)
    rows = []
    for i in range(int(np.prod(out_shape))):
        seed = np.zeros(int(np.prod(out_shape)))
        seed[i] = 1.0
        x.grad = None
        y.backward(
            gradient=cl.tensor(seed.reshape(out_shape), dtype=cl.float64),
            retain_graph=True,
        )
        rows.append(np.zeros(x.shape) if x.grad is None else x.grad.numpy().copy())
    return np.array(rows).reshape(out_shape + tuple(x.shape))
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_jacobian" points=4
from course_lib.checks import Rubric, check_close, check_shape, check_source_avoids, fn

check_source_avoids(
    ["course_lib.functional", "torch", "jax"],
    grade_ids=["jacobian"],
    names=["functional"],
    name="your jacobian",
    hint="build it from backward(gradient=...) yourself",
)


def fd_jac(func, x, h=1e-5):  # central differences, shape y.shape + x.shape
    y = np.asarray(func(x))
    cols = [
        (
            np.asarray(func(x + h * e.reshape(x.shape)))
            - np.asarray(func(x - h * e.reshape(x.shape)))
        )
        / (2 * h)
        for e in np.eye(x.size)
    ]
    return np.moveaxis(np.array(cols), 0, -1).reshape(y.shape + x.shape)


rubric = Rubric()
once = (
    "lambda x, _calls=[]: ({}['func called twice'] if _calls else _calls.append(1)) or "
)
x = np.array([1.0, 2.0, 3.0])
with rubric.part(1, "a (3,) -> (3,) function, one forward pass"):
    got = jacobian(fn(once + "x * x.sum()"), x)
    check_shape(got, (3, 3), name="jacobian(x * x.sum(), x)", lesson="Lesson 7 §4")
    check_close(
        got,
        fd_jac(lambda x: x * x.sum(), x),
        rtol=1e-6,
        name="jacobian(x * x.sum(), x)",
        hint="row i: the VJP with v = e_i",
        lesson="Lesson 7 §4",
    )
### BEGIN HIDDEN TESTS
import course_lib as _cl
from course_lib.checks import seeded_rng


def _jacobian(func, x):  # the grader's reference: one autograd.grad per output element
    x = _cl.tensor(x.numpy(), dtype=_cl.float64, requires_grad=True)
    y = func(x)
    rows = []
    for i in range(int(np.prod(y.shape))):
        seed = np.zeros(int(np.prod(y.shape)))
        seed[i] = 1.0
        (g,) = _cl.autograd.grad(
            y,
            x,
            grad_outputs=_cl.tensor(seed.reshape(tuple(y.shape))),
            retain_graph=True,
            allow_unused=True,
        )
        rows.append(np.zeros(x.shape) if g is None else g.numpy())
    return _cl.tensor(np.array(rows).reshape(tuple(y.shape) + tuple(x.shape)))


rng = seeded_rng(31)
cases = [
    ("(2, 3) -> (3,)", (2, 3), "(x * x).sum(0) * x[0, 0]"),
    ("(4,) -> (2, 2)", (4,), "(x.tanh() * x.sum()).reshape(2, 2)"),
    ("(2, 2) -> scalar", (2, 2), "(x @ x).sum()"),
    ("(3,) -> (1, 3)", (3,), "(x**2 * x.tanh()).reshape(1, 3)"),
]
for what, shape, src in cases:
    x = rng.normal(size=shape)
    expected = _jacobian(fn("lambda x: " + src), _cl.tensor(x, dtype=_cl.float64)).numpy()
    with rubric.part(0.75, what):
        got = jacobian(fn(once + src), x)
        check_shape(
            got,
            expected.shape,
            name=f"jacobian for {what}",
            hint="y.shape + x.shape; a scalar y gives x.shape",
            lesson="Lesson 7 §4",
        )
        check_close(
            got,
            expected,
            rtol=1e-10,
            atol=1e-13,
            name=f"jacobian for {what}",
            hint="zero x.grad between the passes (or read it fresh each time)",
            lesson="Lesson 7 §4",
        )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q4"
# ## 4. Gradient descent, and the step size that converges fastest (5 points) — Lesson 9
#
# * `gradient_descent(loss_fn, w0, lr, steps)`: start at `w0`, take `steps` steps
#   `w ← w − lr·∇loss_fn(w)` (gradient by autograd; update in place under `cl.no_grad()`), and
#   return `(w, losses)`: the final `w` as a numpy array and the list of the `steps` values of
#   `loss_fn` computed before each step.
# * Near a minimum `w*`, a smooth function is close to its quadratic model with Hessian
#   `H = ∇²f(w*)`. On that model, what matters is how much one step shrinks the distance to
#   `w*` in the worst direction: the **rate** `ρ(η) = max |1 − η λ|` over the eigenvalues `λ`
#   of `H` (the error after `k` steps is at most `ρᵏ` times the first one). "Converges fastest"
#   means: the fixed step `η` with the smallest `ρ(η)`. Write `fastest_step(loss_fn, w_star)`
#   returning `(eta, rho)`: that step and its rate, with `H` from autograd (a gradient with
#   `create_graph=True`, differentiated again: Lesson 7 §7). Derive `eta` — do not search a grid.


# %% nbgrader="answer" grade_id="gradient_descent"
def gradient_descent(loss_fn, w0, lr, steps):
    """(final w, losses before each step) of `steps` gradient-descent steps from w0."""
    ### BEGIN SOLUTION
    w = cl.tensor(w0, dtype=cl.float64, requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = loss_fn(w)
        losses.append(loss.item())
        loss.backward()
        with cl.no_grad():
            w.sub_(lr * w.grad)
        w.grad.zero_()
    return w.detach().numpy().copy(), losses
    ### END SOLUTION


def fastest_step(loss_fn, w_star):
    """(eta, rho): the fixed step with the smallest worst-case rate at w_star."""
    ### BEGIN SOLUTION
    w = cl.tensor(w_star, dtype=cl.float64, requires_grad=True)
    (g,) = cl.autograd.grad(loss_fn(w), w, create_graph=True)
    rows = []
    for i in range(g.shape[0]):
        (row,) = cl.autograd.grad(g[i], w, retain_graph=True)
        rows.append(row.numpy())
    lam = np.linalg.eigvalsh(0.5 * (np.array(rows) + np.array(rows).T))
    eta = 2.0 / (lam.min() + lam.max())
    return eta, float(np.max(np.abs(1.0 - eta * lam)))
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_gradient_descent" points=1
from course_lib.checks import Rubric, check_close, fn

rubric = Rubric()
src = "lambda w: (w[0] - 1.0) ** 2 + 3.0 * (w[1] + 0.5) ** 4 + w[0] * w[1]"
with rubric.part(1, "five steps on a function given as code"):
    loss = eval(src)
    w, expected_losses = np.array([0.2, 0.3]), []
    for _ in range(5):  # the same steps, gradients by central differences
        expected_losses.append(loss(w))
        grad = np.array(
            [(loss(w + 1e-6 * e) - loss(w - 1e-6 * e)) / 2e-6 for e in np.eye(2)]
        )
        w = w - 0.05 * grad
    got_w, got_losses = gradient_descent(fn(src), np.array([0.2, 0.3]), 0.05, 5)
    check_close(
        got_w,
        w,
        rtol=1e-6,
        name="gradient_descent(loss_fn, [0.2, 0.3], 0.05, 5)",
        hint="w <- w - lr * grad, five times, from w0",
        lesson="Lesson 9 §1",
    )
    check_close(
        got_losses,
        expected_losses,
        rtol=1e-9,
        name="losses before each step",
        lesson="Lesson 9 §1",
    )
### BEGIN HIDDEN TESTS
import course_lib as _cl
from course_lib.checks import seeded_rng

rng = seeded_rng(41)
M = rng.normal(size=(3, 3))
A = M @ M.T + np.eye(3)
src = (
    f"lambda w: 0.5 * (w @ (np.array({A.tolist()!r}) @ w)) + (w ** 4).sum() * 0.1 - w[2]"
)
w0 = rng.normal(size=3)
with rubric.part(1, "twelve steps on a random function of 3 variables, exactly"):
    w = _cl.tensor(w0, dtype=_cl.float64, requires_grad=True)
    expected_losses = []
    for _ in range(12):
        value = fn(src)(w)
        expected_losses.append(value.item())
        value.backward()
        with _cl.no_grad():
            w.sub_(0.03 * w.grad)
        w.grad.zero_()
    got_w, got_losses = gradient_descent(fn(src), w0, 0.03, 12)
    check_close(
        got_w,
        w.detach().numpy(),
        rtol=1e-10,
        name="gradient_descent, 12 steps",
        hint="zero the gradient after each step",
        lesson="Lesson 9 §1",
    )
    check_close(
        got_losses,
        expected_losses,
        rtol=1e-10,
        name="losses, 12 steps",
        lesson="Lesson 9 §1",
    )
### END HIDDEN TESTS
rubric.finish()

# %% nbgrader="test" grade_id="test_fastest_step" points=4
from course_lib.checks import Rubric, as_array, check_close, fn

rubric = Rubric()
src = "lambda w: 2.0 * w[0] ** 2 + 0.5 * w[1] ** 2 + 0.25 * (w[0] - w[1]) ** 4"
with rubric.part(0.5, "a function of 2 variables with its minimum at 0"):
    loss = eval(src)
    h = 1e-4
    H = np.array(
        [
            [
                (
                    loss(h * (ei + ej))
                    - loss(h * (ei - ej))
                    - loss(h * (ej - ei))
                    + loss(-h * (ei + ej))
                )
                / (4 * h * h)
                for ej in np.eye(2)
            ]
            for ei in np.eye(2)
        ]
    )  # the Hessian by central differences
    lam = np.linalg.eigvalsh(H)
    etas = np.linspace(1e-3, 2.0 / lam.max(), 20001)
    rates = np.abs(1.0 - etas[:, None] * lam[None, :]).max(axis=1)
    eta, rho = (
        float(v)
        for v in as_array(
            fastest_step(fn(src), np.zeros(2)), name="fastest_step(loss_fn, [0, 0])"
        )
    )
    check_close(
        [eta, rho],
        [etas[rates.argmin()], rates.min()],
        rtol=1e-3,
        name="fastest_step(loss_fn, [0, 0])",
        hint="the worst direction for a small step and for a large one",
        lesson="Lesson 9 §4",
    )
### BEGIN HIDDEN TESTS
import course_lib as _cl
from course_lib.checks import seeded_rng
from course_lib.functional import hessian as _hessian

rng = seeded_rng(42)
for n in (2, 3, 5):
    M = rng.normal(size=(n, n))
    A = M @ M.T + 0.3 * np.eye(n)
    w_star = rng.normal(size=n)
    d = f"(w - np.array({w_star.tolist()!r}))"
    src = f"lambda w: 0.5 * ({d} @ (np.array({A.tolist()!r}) @ {d})) + ({d} ** 4).sum()"
    H = _hessian(fn(src), _cl.tensor(w_star, dtype=_cl.float64)).numpy()
    lam = np.linalg.eigvalsh(H)
    with rubric.part(1 if n > 2 else 0.5, f"a random function of {n} variables"):
        got = as_array(fastest_step(fn(src), w_star), name="fastest_step").ravel()
        check_close(
            got,
            [2 / (lam[0] + lam[-1]), (lam[-1] - lam[0]) / (lam[-1] + lam[0])],
            rtol=1e-8,
            name=f"fastest_step for {n} variables",
            hint="the Hessian at w_star from autograd; both ends of the spectrum",
            lesson="Lesson 9 §4",
        )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q5"
# ## 5. A small network: loss, gradients, training, a fast step size (7 points) — Lesson 10
#
# The network (PyTorch's layout, weights out×in): `params` is a dict of numpy arrays
# `W1` (16, 2), `b1` (16,), `W2` (2, 16), `b2` (2,); for inputs `X` (N, 2) the logits are
# `tanh(X W1ᵀ + b1) W2ᵀ + b2` (N, 2), and the loss is the mean softmax cross-entropy of the
# logits against the labels `y` (0 or 1) plus weight decay on the weights (not the biases):
# `loss = cross_entropy + (wd / 2)·(‖W1‖² + ‖W2‖²)` (squared Frobenius norms).
#
# * `loss_and_grads(params, X, y, wd)`: `(loss, grads)`: the loss as a float and a dict of
#   numpy arrays with the same keys and shapes as `params` (by autograd or by hand, Lesson 10).
# * `train(params, X, y, lr, steps, wd)`: `steps` full-batch gradient-descent steps from
#   `params`, each using your `loss_and_grads`; return `(trained params, losses)` — the params
#   as a dict of numpy arrays, the losses before each step. Do not change the `params` passed in.
# * Choose `LR` and `STEPS` so that training **converges fast**, meaning: from
#   `init_params(0)` with `WD = 1e-3`, at most 150 steps, the training loss ends at most 0.09
#   and the accuracy on the test moons is at least 97%. The grader retrains your way on
#   **other** moons (another seed, same size and noise) and checks the same numbers there, from
#   the parameters your `train` returns.


# %% nbgrader="setup" grade_id="moons_setup"
def make_moons(n, noise, seed):
    """Two interleaving half circles in 2-D, labels 0 (top) and 1 (bottom), shuffled."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0.0, np.pi, n)
    top = np.arange(n) < n // 2
    X = np.where(
        top[:, None],
        np.stack([np.cos(t), np.sin(t)], 1),
        np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], 1),
    )
    X = X + noise * rng.normal(size=(n, 2))
    y = (~top).astype(np.int64)
    order = rng.permutation(n)
    return X[order], y[order]


def init_params(seed, hidden=16):
    """The network's starting weights: normal / sqrt(fan-in), biases zero."""
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(size=(hidden, 2)) / np.sqrt(2),
        "b1": np.zeros(hidden),
        "W2": rng.normal(size=(2, hidden)) / np.sqrt(hidden),
        "b2": np.zeros(2),
    }


X_train, y_train = make_moons(200, noise=0.1, seed=0)
X_test, y_test = make_moons(200, noise=0.1, seed=1)
WD = 1e-3
print(X_train.shape, np.bincount(y_train))


# %% nbgrader="answer" grade_id="loss_and_grads"
def loss_and_grads(params, X, y, wd):
    """(loss, grads): softmax cross-entropy of the tanh network plus weight decay."""
    ### BEGIN SOLUTION
    t = {k: cl.tensor(v, dtype=cl.float64, requires_grad=True) for k, v in params.items()}
    hidden = (cl.tensor(X, dtype=cl.float64) @ t["W1"].T + t["b1"]).tanh()
    logits = hidden @ t["W2"].T + t["b2"]
    decay = (t["W1"] ** 2).sum() + (t["W2"] ** 2).sum()
    loss = cl.nn.cross_entropy(logits, cl.tensor(np.asarray(y))) + wd / 2 * decay
    loss.backward()
    return loss.item(), {k: v.grad.numpy().copy() for k, v in t.items()}
    ### END SOLUTION


# %% nbgrader="answer" grade_id="train"
def train(params, X, y, lr, steps, wd):
    """(params after `steps` full-batch descent steps, losses before each step)."""
    ### BEGIN SOLUTION
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    losses = []
    for _ in range(steps):
        loss, grads = loss_and_grads(params, X, y, wd)
        losses.append(loss)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses
    ### END SOLUTION


# %% nbgrader="answer" grade_id="fast_training"
# LR and STEPS (at most 150) that make training converge fast, as defined above
### BEGIN SOLUTION
LR, STEPS = 2.5, 150
### END SOLUTION
trained, losses = train(init_params(0), X_train, y_train, LR, STEPS, WD)
print(f"loss {losses[0]:.3f} -> {losses[-1]:.3f} after {STEPS} steps")

# %% nbgrader="test" grade_id="test_loss_and_grads" points=1
from course_lib.checks import Rubric, check_close

rubric = Rubric()


def np_loss(p, X, y, wd):  # the loss as the text defines it, in numpy
    logits = np.tanh(X @ p["W1"].T + p["b1"]) @ p["W2"].T + p["b2"]
    logits = logits - logits.max(axis=1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean() + wd / 2 * (
        (p["W1"] ** 2).sum() + (p["W2"] ** 2).sum()
    )


p0 = init_params(3)
Xs, ys = X_train[:20], y_train[:20]
with rubric.part(1, "loss and gradients on 20 training points"):
    loss, grads = loss_and_grads(p0, Xs, ys, 0.1)
    check_close(
        loss, np_loss(p0, Xs, ys, 0.1), rtol=1e-10, name="loss", lesson="Lesson 10 §5"
    )
    for key in ("W1", "b1", "W2", "b2"):
        fd = np.zeros_like(p0[key])
        for idx in np.ndindex(p0[key].shape):
            up = {k: v.copy() for k, v in p0.items()}
            down = {k: v.copy() for k, v in p0.items()}
            up[key][idx] += 1e-6
            down[key][idx] -= 1e-6
            fd[idx] = (np_loss(up, Xs, ys, 0.1) - np_loss(down, Xs, ys, 0.1)) / 2e-6
        check_close(
            grads[key],
            fd,
            rtol=1e-5,
            atol=1e-8,
            name=f"grads['{key}']",
            hint="the shape of the parameter; no decay on biases",
            lesson="Lesson 10 §3",
        )
### BEGIN HIDDEN TESTS
from course_lib.checks import seeded_rng

rng = seeded_rng(51)
with rubric.part(1, "fresh parameters, points and weight decay"):
    p = {
        "W1": rng.normal(size=(16, 2)),
        "b1": rng.normal(size=16),
        "W2": rng.normal(size=(2, 16)),
        "b2": rng.normal(size=2),
    }
    X = rng.normal(size=(37, 2))
    y = rng.integers(0, 2, size=37)
    loss, grads = loss_and_grads(p, X, y, 0.03)
    h = np.tanh(X @ p["W1"].T + p["b1"])
    s = h @ p["W2"].T + p["b2"]
    P = np.exp(s - s.max(1, keepdims=True))
    P /= P.sum(1, keepdims=True)
    ds = P.copy()
    ds[np.arange(37), y] -= 1.0
    ds /= 37
    dz = (ds @ p["W2"]) * (1 - h * h)
    expected = {
        "W2": ds.T @ h + 0.03 * p["W2"],
        "b2": ds.sum(0),
        "W1": dz.T @ X + 0.03 * p["W1"],
        "b1": dz.sum(0),
    }
    check_close(
        loss,
        np_loss(p, X, y, 0.03),
        rtol=1e-10,
        name="loss (fresh inputs)",
        lesson="Lesson 10 §5",
    )
    for key, value in expected.items():
        check_close(
            grads[key],
            value,
            rtol=1e-9,
            atol=1e-12,
            name=f"grads['{key}'] (fresh)",
            lesson="Lesson 10 §3",
        )
### END HIDDEN TESTS
rubric.finish()

# %% nbgrader="test" grade_id="test_train" points=6
from course_lib.checks import Rubric, as_array, as_float, check_between, check_close


def np_loss(p, X, y, wd):  # the loss as the text defines it, in numpy
    logits = np.tanh(X @ p["W1"].T + p["b1"]) @ p["W2"].T + p["b2"]
    logits = logits - logits.max(axis=1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean() + wd / 2 * (
        (p["W1"] ** 2).sum() + (p["W2"] ** 2).sum()
    )


def np_step_grads(p, X, y, wd):  # reference gradients (the grader's, in numpy)
    n = len(y)
    h = np.tanh(X @ p["W1"].T + p["b1"])
    s = h @ p["W2"].T + p["b2"]
    P = np.exp(s - s.max(1, keepdims=True))
    P /= P.sum(1, keepdims=True)
    ds = P.copy()
    ds[np.arange(n), y] -= 1.0
    ds /= n
    dz = (ds @ p["W2"]) * (1 - h * h)
    return {
        "W2": ds.T @ h + wd * p["W2"],
        "b2": ds.sum(0),
        "W1": dz.T @ X + wd * p["W1"],
        "b1": dz.sum(0),
    }


def np_accuracy(p, X, y):
    logits = np.tanh(X @ p["W1"].T + p["b1"]) @ p["W2"].T + p["b2"]
    return float((logits.argmax(axis=1) == y).mean())


def plain(p):
    return {
        k: as_array(p[k], name=f"params['{k}']").astype(float)
        for k in ("W1", "b1", "W2", "b2")
    }


rubric = Rubric()
with rubric.part(0.5, "three steps of gradient descent, exactly"):
    p0 = init_params(4)
    got, got_losses = train(p0, X_train[:50], y_train[:50], 0.7, 3, 0.01)
    want = {k: v.copy() for k, v in p0.items()}
    for _ in range(3):
        g = np_step_grads(want, X_train[:50], y_train[:50], 0.01)
        want = {k: want[k] - 0.7 * g[k] for k in want}
    for key, value in plain(got).items():
        check_close(
            value,
            want[key],
            rtol=1e-8,
            atol=1e-12,
            name=f"trained params['{key}']",
            hint="p <- p - lr * grad for every parameter, steps times",
            lesson="Lesson 10 §5",
        )
with rubric.part(1.5, "converges fast on the given moons"):
    steps = int(as_float(STEPS, name="STEPS"))
    check_between(steps, 1, 150, name="STEPS", lesson="Lesson 9 §4")
    got, _ = train(init_params(0), X_train, y_train, as_float(LR, name="LR"), steps, WD)
    got = plain(got)
    check_between(
        np_loss(got, X_train, y_train, WD),
        0.0,
        0.09,
        name=f"training loss after {steps} steps (recomputed from your params)",
        hint="try larger step sizes: where does training become unstable?",
        lesson="Lesson 9 §4",
    )
    check_between(
        np_accuracy(got, X_test, y_test),
        0.97,
        1.0,
        name="test accuracy",
        lesson="Lesson 10 §5",
    )
### BEGIN HIDDEN TESTS
from course_lib.checks import seeded_rng

with rubric.part(0.5, "fifteen steps on other data, exactly"):
    rng = seeded_rng(52)
    p0 = {
        "W1": rng.normal(size=(16, 2)),
        "b1": rng.normal(size=16) * 0.1,
        "W2": rng.normal(size=(2, 16)) * 0.3,
        "b2": np.zeros(2),
    }
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    got, got_losses = train(p0, X, y, 0.4, 15, 0.002)
    want = {k: v.copy() for k, v in p0.items()}
    want_losses = []
    for _ in range(15):
        want_losses.append(np_loss(want, X, y, 0.002))
        g = np_step_grads(want, X, y, 0.002)
        want = {k: want[k] - 0.4 * g[k] for k in want}
    for key, value in plain(got).items():
        check_close(
            value,
            want[key],
            rtol=1e-8,
            atol=1e-12,
            name=f"params['{key}'] (other)",
            lesson="Lesson 10 §5",
        )
    check_close(
        got_losses,
        want_losses,
        rtol=1e-9,
        name="losses before each step",
        lesson="Lesson 10 §5",
    )
with rubric.part(3.5, "converges fast on other moons (seed 7), your LR and STEPS"):
    Xo, yo = make_moons(200, noise=0.1, seed=7)
    Xo_test, yo_test = make_moons(200, noise=0.1, seed=8)
    lr, steps = as_float(LR, name="LR"), int(as_float(STEPS, name="STEPS"))
    check_between(steps, 1, 150, name="STEPS", lesson="Lesson 9 §4")
    got, _ = train(init_params(0), Xo, yo, lr, steps, WD)
    got = plain(got)
    want = init_params(0)
    for _ in range(steps):  # the same training, in the grader
        g = np_step_grads(want, Xo, yo, WD)
        want = {k: want[k] - lr * g[k] for k in want}
    for key, value in got.items():
        check_close(
            value,
            want[key],
            rtol=1e-6,
            atol=1e-9,
            name=f"params['{key}'] (seed 7)",
            hint="train must do plain gradient descent with your loss_and_grads",
            lesson="Lesson 10 §5",
        )
    check_between(
        np_loss(got, Xo, yo, WD),
        0.0,
        0.09,
        name="training loss (seed 7)",
        lesson="Lesson 9 §4",
    )
    check_between(
        np_accuracy(got, Xo_test, yo_test),
        0.97,
        1.0,
        name="test accuracy (seed 8)",
        lesson="Lesson 10 §5",
    )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="outro"
# ## Done
#
# Run every cell from a fresh kernel (*Kernel → Restart and Run All*); when the tests show ✓,
# submit this notebook.
