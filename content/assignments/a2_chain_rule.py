# %% [markdown] nbgrader="task" grade_id="intro"
# # Assignment 2 — Gradients and the chain rule by hand
#
# Four gradients that Lessons 4 and 5 did not work out for you: a quadratic form with a matrix
# that is not symmetric, softmax cross-entropy behind a linear layer, the Euclidean norm with
# its kink at 0, and the structure of softmax's Jacobian. Work each out on paper first (split the
# computation into steps, differentiate each step, chain them), then write it in numpy.
#
# **Shapes.** The course's convention: $\partial y/\partial x$ has shape `y.shape + x.shape`
# (outputs first, then inputs) — what `torch.autograd.functional.jacobian` returns; for a
# scalar $y$ this is `x.shape`, like PyTorch's `x.grad`. Every answer below is checked for its
# shape first.
#
# **Matrices you cannot look inside.** A large linear map is often available only as two
# functions: `matvec(v)` returns $Av$ and `rmatvec(u)` returns $A^\top u$ (this is how
# `scipy.sparse.linalg.LinearOperator` works, and how a layer's backward pass sees its
# weights). Questions 1–3 give $A$ this way, as plain numpy functions — autograd cannot see
# through them, and the grader uses sizes where writing out $A$ as an array does not fit in
# memory. Use each of them as often as you like, but only as functions.
#
# Each question has a test cell: run it to check your work. Grading runs more, hidden, checks
# of the same kind (other sizes, random inputs, matrices that are not square or not
# symmetric), so make your formulas correct in general. 20 points in total; about 50 minutes.

# %% nbgrader="setup" grade_id="setup"
import numpy as np

from course_lib.checks import *  # noqa: F403

# %% [markdown] nbgrader="task" grade_id="q1"
# ## 1. A quadratic form (4 points) — Lesson 4 §2, Lesson 5 §3
#
# $A$ is $n \times n$ and **not** symmetric; $f(x) = x^\top A x$. Write
# `grad_quadratic(matvec, rmatvec, x)` returning $\nabla f(x)$ (shape `(n,)`). Hint: write
# $f$ as a double sum over entries $x_i A_{ij} x_j$ and take $\partial f / \partial x_k$;
# how many terms contain $x_k$?

# %% nbgrader="answer" grade_id="grad_quadratic"
def grad_quadratic(matvec, rmatvec, x):
    """The gradient of f(x) = x^T A x, shape (n,), with A given by matvec and rmatvec."""
    ### BEGIN SOLUTION
    return matvec(x) + rmatvec(x)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_grad_quadratic" points=4
from course_lib.checks import Rubric, check_close, check_shape, fn, seeded_rng
from course_lib.numdiff import gradient

A_src = "np.array([[1.0, 2.0, 0.0], [0.0, 3.0, -1.0], [4.0, 0.0, 1.0]])"
matvec = fn(f"lambda v: np.dot({A_src}, v)")
rmatvec = fn(f"lambda u: np.dot({A_src}.T, u)")
x = np.array([1.0, -1.0, 0.5])
got = grad_quadratic(matvec, rmatvec, x)
rubric = Rubric()
with rubric.part(1, "a 3 x 3 example, against a numeric gradient"):
    check_shape(got, (3,), name="grad_quadratic(matvec, rmatvec, x)",
                hint="a gradient has the shape of x", lesson="Lesson 4 §6")
    check_close(got, gradient(lambda t: t @ matvec(t), x).grad, rtol=1e-6,
                name="grad_quadratic(matvec, rmatvec, x)",
                hint="A is not symmetric: x_k meets A in a row and in a column",
                lesson="Lesson 5 §3")
### BEGIN HIDDEN TESTS

def op(seed, k, n, scale=1.0):
    """A k x n matrix too large to write out, as matvec/rmatvec (diagonal-like + rank one)."""
    draws = (f"(np.random.default_rng({seed}).uniform(0.5, 2, {k}), "
             f"np.random.default_rng({seed + 1}).standard_normal({k}), "
             f"np.random.default_rng({seed + 2}).standard_normal({n}), np.arange({k}) % {n})")
    mv = fn(f"lambda v: (lambda d, u, w, i: {scale!r} * (d * v[i] + u * np.dot(w, v) / {n}))"
            + draws)
    rmv = fn(f"lambda z: (lambda d, u, w, i: {scale!r} * (np.bincount(i, weights=d * z, "
             f"minlength={n}) + w * np.dot(u, z) / {n}))" + draws)
    return mv, rmv


with rubric.part(3, "large matrices that are not symmetric"):
    for seed, n in [(7, 20000), (17, 6)]:
        big_mv, big_rmv = op(seed, n, n)
        x = seeded_rng(seed).normal(size=n)
        check_close(grad_quadratic(big_mv, big_rmv, x), big_mv(x) + big_rmv(x),
                    rtol=1e-9, atol=1e-12, name=f"grad_quadratic for n = {n}",
                    hint="only matvec and rmatvec: A is too large to write out",
                    lesson="Lesson 5 §3")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q2"
# ## 2. Softmax cross-entropy behind a linear layer (6 points) — Lesson 5 §3–§5
#
# A linear layer maps features $x \in \mathbb{R}^n$ to $k$ logits $z = Ax$ ($A$ is $k \times n$,
# usually not square). Softmax turns them into probabilities, $p_i = e^{z_i} / \sum_j e^{z_j}$,
# and the cross-entropy with a target distribution $y$ (entries $\ge 0$, summing to 1) is
#
# $$ L(x) = -\sum_i y_i \log p_i . $$
#
# Write `grad_softmax_ce(matvec, rmatvec, x, y)` returning $\partial L / \partial x$. First
# find $\partial L / \partial z$ (write $\log p_i$ out — it simplifies a lot), then go through
# the layer. Logits in the hidden tests can be large (hundreds or more): your code must not
# overflow.

# %% nbgrader="answer" grade_id="grad_softmax_ce"
def grad_softmax_ce(matvec, rmatvec, x, y):
    """dL/dx for L = cross-entropy(softmax(A x), y), shape (n,) like x."""
    ### BEGIN SOLUTION
    z = matvec(x)
    e = np.exp(z - np.max(z))
    p = e / e.sum()
    return rmatvec(p - y)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_grad_softmax_ce" points=6
from course_lib.checks import Rubric, check_close, check_shape, fn, seeded_rng
from course_lib.numdiff import gradient


def cross_entropy(z, y):
    shifted = z - np.max(z)
    return -np.sum(y * (shifted - np.log(np.sum(np.exp(shifted)))))


A_src = "np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0], [2.0, 1.0]])"
matvec = fn(f"lambda v: np.dot({A_src}, v)")
rmatvec = fn(f"lambda u: np.dot({A_src}.T, u)")
x = np.array([0.3, -0.4])
y = np.array([0.0, 0.0, 1.0, 0.0])
got = grad_softmax_ce(matvec, rmatvec, x, y)
rubric = Rubric()
with rubric.part(1, "4 classes, 2 features, against a numeric gradient"):
    check_shape(got, (2,), name="grad_softmax_ce(...) for A of shape (4, 2)",
                hint="the gradient has the shape of x, (n,), not of the logits (k,)",
                lesson="Lesson 4 §6")
    check_close(got, gradient(lambda t: cross_entropy(matvec(t), y), x).grad,
                rtol=1e-6, atol=1e-9, name="grad_softmax_ce(matvec, rmatvec, x, y)",
                hint="find dL/dz first: what is log p_i, written out?",
                lesson="Lesson 5 §3")
### BEGIN HIDDEN TESTS

def op(seed, k, n, scale=1.0):
    """A k x n matrix too large to write out, as matvec/rmatvec (diagonal-like + rank one)."""
    draws = (f"(np.random.default_rng({seed}).uniform(0.5, 2, {k}), "
             f"np.random.default_rng({seed + 1}).standard_normal({k}), "
             f"np.random.default_rng({seed + 2}).standard_normal({n}), np.arange({k}) % {n})")
    mv = fn(f"lambda v: (lambda d, u, w, i: {scale!r} * (d * v[i] + u * np.dot(w, v) / {n}))"
            + draws)
    rmv = fn(f"lambda z: (lambda d, u, w, i: {scale!r} * (np.bincount(i, weights=d * z, "
             f"minlength={n}) + w * np.dot(u, z) / {n}))" + draws)
    return mv, rmv


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


rng = seeded_rng(31)
with rubric.part(2, "soft targets, layers that are not square"):
    for seed, k, n in [(31, 3000, 20000), (34, 20000, 20000)]:
        mv, rmv = op(seed, k, n)
        x = rng.normal(size=n)
        y = rng.dirichlet(np.ones(k))
        check_close(grad_softmax_ce(mv, rmv, x, y), rmv(softmax(mv(x)) - y),
                    rtol=1e-9, atol=1e-12, name=f"grad_softmax_ce, A of shape ({k}, {n})",
                    hint="targets need not be one-hot: they only sum to 1",
                    lesson="Lesson 5 §3")
with rubric.part(3, "large logits (no overflow)"):
    mv, rmv = op(37, 20000, 20000, scale=300.0)
    x = rng.normal(size=20000)
    y = np.zeros(20000)
    y[[3, 17]] = 0.5
    check_close(grad_softmax_ce(mv, rmv, x, y), rmv(softmax(mv(x)) - y),
                rtol=1e-9, atol=1e-9, name="grad_softmax_ce with logits in the hundreds",
                hint="exp(1000) overflows: softmax does not change when every logit moves "
                     "by the same amount", lesson="Lesson 5 §3")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q3"
# ## 3. The Euclidean norm and its kink (5 points) — Lesson 2 §2, Lesson 5 §3
#
# **(a)** $g(x) = \lVert Ax - b \rVert_2$ (the norm itself, not its square), with $A$ of shape
# $m \times n$ given by `matvec`/`rmatvec`, and $b \in \mathbb{R}^m$. Write
# `grad_residual_norm(matvec, rmatvec, x, b)` returning $\nabla g(x)$ where $Ax \ne b$.
#
# **(b)** At $r = 0$ the norm $\lVert r \rVert_2$ has a kink, like $|x|$ at 0 (Lesson 2): no
# gradient, but a set of subgradients — the vectors $s$ with
# $\lVert r \rVert_2 \ge s^\top r$ for every $r$. Write `in_norm_subdifferential(s)`: `True`
# when the vector `s` (of any length) is a subgradient of $\lVert\cdot\rVert_2$ at 0, `False`
# otherwise. Which set is it — and is it the same set as for $\lVert r \rVert_1$, whose
# subdifferential at 0 is made of intervals $[-1, 1]$ like $|x|$'s?

# %% nbgrader="answer" grade_id="grad_residual_norm"
def grad_residual_norm(matvec, rmatvec, x, b):
    """The gradient of ||A x - b||_2 (where A x != b), shape (n,) like x."""
    ### BEGIN SOLUTION
    r = matvec(x) - b
    return rmatvec(r) / np.linalg.norm(r)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_grad_residual_norm" points=3
from course_lib.checks import Rubric, check_close, check_shape, fn, seeded_rng
from course_lib.numdiff import gradient

A_src = "np.array([[2.0, 0.0, 1.0], [1.0, -1.0, 0.0]])"
matvec = fn(f"lambda v: np.dot({A_src}, v)")
rmatvec = fn(f"lambda u: np.dot({A_src}.T, u)")
x, b = np.array([1.0, 2.0, -1.0]), np.array([0.5, 0.5])
got = grad_residual_norm(matvec, rmatvec, x, b)
rubric = Rubric()
with rubric.part(1, "a 2 x 3 example, against a numeric gradient"):
    check_shape(got, (3,), name="grad_residual_norm(...) for A of shape (2, 3)",
                hint="a gradient has the shape of x", lesson="Lesson 4 §6")
    check_close(got, gradient(lambda t: np.linalg.norm(matvec(t) - b), x).grad,
                rtol=1e-6, name="grad_residual_norm(matvec, rmatvec, x, b)",
                hint="three steps: r = Ax - b, then the norm of r; the norm is a square "
                     "root of a sum of squares", lesson="Lesson 5 §3")
### BEGIN HIDDEN TESTS

def op(seed, k, n, scale=1.0):
    """A k x n matrix too large to write out, as matvec/rmatvec (diagonal-like + rank one)."""
    draws = (f"(np.random.default_rng({seed}).uniform(0.5, 2, {k}), "
             f"np.random.default_rng({seed + 1}).standard_normal({k}), "
             f"np.random.default_rng({seed + 2}).standard_normal({n}), np.arange({k}) % {n})")
    mv = fn(f"lambda v: (lambda d, u, w, i: {scale!r} * (d * v[i] + u * np.dot(w, v) / {n}))"
            + draws)
    rmv = fn(f"lambda z: (lambda d, u, w, i: {scale!r} * (np.bincount(i, weights=d * z, "
             f"minlength={n}) + w * np.dot(u, z) / {n}))" + draws)
    return mv, rmv


rng = seeded_rng(41)
with rubric.part(2, "other shapes and scales"):
    for seed, m, n, scale in [(41, 20000, 20000, 1.0), (44, 500, 20000, 1e-3), (47, 9, 9, 1e4)]:
        mv, rmv = op(seed, m, n, scale)
        x, b = rng.normal(size=n), rng.normal(size=m) * scale
        r = mv(x) - b
        check_close(grad_residual_norm(mv, rmv, x, b), rmv(r) / np.sqrt(r @ r),
                    rtol=1e-9, atol=1e-12, name=f"grad_residual_norm, A of shape ({m}, {n})",
                    hint="not the squared norm: its gradient does not grow with the residual",
                    lesson="Lesson 5 §3")
### END HIDDEN TESTS
rubric.finish()

# %% nbgrader="answer" grade_id="in_norm_subdifferential"
def in_norm_subdifferential(s):
    """True when s is a subgradient of the Euclidean norm at 0, else False."""
    ### BEGIN SOLUTION
    return bool(np.sqrt(np.sum(np.square(s))) <= 1.0)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_in_norm_subdifferential" points=2
from course_lib.checks import Rubric, check_equal, seeded_rng

rubric = Rubric()
with rubric.part(1, "two clear cases"):
    check_equal(in_norm_subdifferential(np.array([0.1, -0.2])), True,
                name="in_norm_subdifferential([0.1, -0.2])", lesson="Lesson 2 §2")
    check_equal(in_norm_subdifferential(np.array([3.0, 0.0, 0.0])), False,
                name="in_norm_subdifferential([3, 0, 0])",
                hint="try r in the direction of s in the defining inequality",
                lesson="Lesson 2 §2")
### BEGIN HIDDEN TESTS
rng = seeded_rng(42)
with rubric.part(1, "the boundary of the set, in several dimensions"):
    check_equal(in_norm_subdifferential(np.array([0.9, 0.9])), False,
                name="in_norm_subdifferential([0.9, 0.9])",
                hint="each entry in [-1, 1] describes the norm ||r||_1, not ||r||_2",
                lesson="Lesson 2 §2")
    for n in [2, 3, 10]:
        u = rng.normal(size=n)
        u /= np.linalg.norm(u)
        for factor, inside in [(0.999, True), (1.001, False), (0.3, True), (1.2, False)]:
            check_equal(in_norm_subdifferential(factor * u), inside,
                        name=f"in_norm_subdifferential of a vector of norm {factor} (n = {n})",
                        hint="the set is round", lesson="Lesson 2 §2")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q4"
# ## 4. The structure of softmax's Jacobian (5 points) — Lesson 4 §4, Lesson 5 §3
#
# The Jacobian $\partial p / \partial z$ of $p = \mathrm{softmax}(z)$ has shape `(k, k)`, but
# it is far from an arbitrary matrix: it is a diagonal matrix plus an outer product of two
# vectors, $\mathrm{diag}(d) + u v^\top$. Find $d$, $u$, $v$ (which entries does $p_i$'s
# formula make different on and off the diagonal?), written with the softmax *output* $p$
# alone — a backward pass keeps $p$ from its forward pass, not $z$.
#
# Write `softmax_jacobian_parts(p)` returning the three vectors `(d, u, v)`, each of shape
# `(k,)`. The hidden tests use $k = 100\,000$ classes, where the `(k, k)` Jacobian would not fit
# in memory, but your three vectors do. Why does this make softmax's backward pass (a
# vector-Jacobian product, Lesson 7 §4) cost $O(k)$ instead of $O(k^2)$?

# %% nbgrader="answer" grade_id="softmax_jacobian_parts"
def softmax_jacobian_parts(p):
    """Vectors (d, u, v) with dp/dz = diag(d) + outer(u, v), from the softmax output p."""
    ### BEGIN SOLUTION
    return p, -p, p
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_softmax_jacobian_parts" points=5
from course_lib.checks import Rubric, check_close, check_shape, seeded_rng
from course_lib.numdiff import gradient


def softmax(t):
    e = np.exp(t - np.max(t))
    return e / e.sum()


z = np.array([0.5, -1.0, 2.0])
p = softmax(z)
d, u, v = softmax_jacobian_parts(p)
numeric = np.array([gradient(lambda t, i=i: softmax(t)[i], z).grad for i in range(3)])
rubric = Rubric()
with rubric.part(1, "3 classes, against a numeric Jacobian"):
    for name, part in [("d", d), ("u", u), ("v", v)]:
        check_shape(part, (3,), name=name, lesson="Lesson 4 §4")
    check_close(np.diag(d) + np.outer(u, v), numeric, rtol=1e-6, atol=1e-9,
                name="diag(d) + outer(u, v)",
                hint="p_i depends on every z_j, through the sum in its denominator",
                lesson="Lesson 5 §3")
### BEGIN HIDDEN TESTS
rng = seeded_rng(51)
with rubric.part(2, "random p"):
    for k in [2, 7, 50]:
        p = rng.dirichlet(np.ones(k))
        d, u, v = softmax_jacobian_parts(p)
        check_close(np.diag(d) + np.outer(u, v), np.diag(p) - np.outer(p, p), rtol=1e-9,
                    atol=1e-12, name=f"diag(d) + outer(u, v) for k = {k}",
                    lesson="Lesson 5 §3")
with rubric.part(2, "100 000 classes"):
    k = 100_000
    p = rng.dirichlet(np.ones(k))
    d, u, v = softmax_jacobian_parts(p)
    for _ in range(3):
        g = rng.normal(size=k)
        check_close(np.asarray(d) * g + np.asarray(u) * (np.asarray(v) @ g),
                    p * g - p * (p @ g), rtol=1e-9, atol=1e-15,
                    name="(diag(d) + outer(u, v)) applied to a vector, k = 100 000",
                    lesson="Lesson 4 §4", hint="three vectors of length k, not a k x k matrix")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="outro"
# ## Done
#
# Run every test cell once more from a fresh kernel (*Kernel → Restart and Run All*). When
# they all show ✓, submit this notebook.
