# %% [markdown] nbgrader="task" grade_id="intro"
# # Assignment 2 — Gradients and the chain rule by hand
#
# Autograd computes gradients for you; in this assignment you compute them yourself, with
# pen and paper first, then as numpy formulas. Every answer is checked against what
# `course_lib`'s autograd computes for the same expression — and its **shape** is checked
# first, because most chain-rule mistakes show up as a wrong shape.
#
# Conventions (Lesson 4):
#
# * **A gradient has the parameter's shape.** For a scalar $z$ and a parameter $w$ of
#   shape `(n,)` (or a matrix $W$ of shape `(2, 3)`), $\partial z / \partial w$ has shape
#   `(n,)` (resp. `(2, 3)`): entry $i$ is $\partial z / \partial w_i$.
# * **Jacobians use numerator layout.** For $y$ of shape `(m,)` and $x$ of shape `(n,)`,
#   $\partial y / \partial x$ has shape `(m, n)`: row $i$ is the gradient of $y_i$.
#   In general the shape is `y.shape + x.shape`.
#
# Answers are plain numpy functions (no autograd inside them). Each question has a test
# cell: run it to check your work. Grading runs more, hidden, checks of the same kind, so
# make your formulas correct for any size, not only the visible example. 20 points in
# total; about 45 minutes.


# %% nbgrader="setup" grade_id="setup"
import numpy as np
import course_lib as cl
from course_lib.checks import *


# %% [markdown] nbgrader="task" grade_id="q1"
# ## 1. Which shape does a derivative have? (2 points) — Lesson 4
#
# Write `derivative_shape(y_shape, x_shape)`: the shape of $\partial y/\partial x$ for
# an output of shape `y_shape` and an input of shape `x_shape` (both tuples), in the
# course's convention. Some cases from the lesson:
#
# | $y$ | $x$ | $\partial y/\partial x$ |
# |---|---|---|
# | scalar `()` | scalar `()` | scalar `()` |
# | scalar `()` | vector `(n,)` | `(n,)` — the gradient, shaped like $x$ |
# | vector `(m,)` | scalar `()` | `(m,)` |
# | vector `(m,)` | vector `(n,)` | `(m, n)` — the Jacobian |
# | matrix `(m, l)` | vector `(n,)` | `(m, l, n)` |
#
# (The textbook in the seeds writes the matrix-by-matrix case as `(m, l, k, n)`; with the
# rule "output dims, then input dims" used by `course_lib.functional.jacobian` and by
# PyTorch, it is `(m, l, n, k)`.)


# %% nbgrader="answer" grade_id="derivative_shape"
def derivative_shape(y_shape, x_shape):
    """Shape of dy/dx (numerator layout): the output's dims, then the input's dims."""
    ### BEGIN SOLUTION
    return tuple(y_shape) + tuple(x_shape)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_derivative_shape" points=2
from course_lib.checks import check_equal
check_equal(derivative_shape((), (4,)), (4,), name="derivative_shape((), (4,))",
            hint="a gradient has the parameter's shape", lesson="Lesson 4 (gradients and shapes: a gradient has the parameter's shape; numerator layout)")
check_equal(derivative_shape((2,), (3,)), (2, 3), name="derivative_shape((2,), (3,))",
            hint="numerator layout: one row per output, one column per input",
            lesson="Lesson 4 (gradients and shapes: a gradient has the parameter's shape; numerator layout)")
### BEGIN HIDDEN TESTS
for y_shape, x_shape in [((), ()), ((5,), ()), ((2, 3), (4,)), ((), (2, 3)),
                         ((2, 3), (4, 5)), ((1,), (7,))]:
    check_equal(derivative_shape(y_shape, x_shape), y_shape + x_shape,
                name=f"derivative_shape({y_shape}, {x_shape})",
                hint="the output's dims, then the input's dims", lesson="Lesson 4 (gradients and shapes: a gradient has the parameter's shape; numerator layout)")
### END HIDDEN TESTS


# %% [markdown] nbgrader="task" grade_id="q2"
# ## 2. $z = (\langle x, w\rangle - y)^2$ (3 points) — Lesson 5
#
# The first example of the vector chain rule: $x, w$ are vectors of length $n$, $y$ is a
# number. Split it as $a = \langle x, w\rangle$, $b = a - y$, $z = b^2$ and multiply the
# local derivatives. Write `grad_inner_sq(x, w, y)` returning $\partial z/\partial w$
# (shape `(n,)`).


# %% nbgrader="answer" grade_id="grad_inner_sq"
def grad_inner_sq(x, w, y):
    """dz/dw for z = (<x, w> - y)**2, shape (n,) like w."""
    ### BEGIN SOLUTION
    return 2.0 * (np.dot(x, w) - y) * x
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_grad_inner_sq" points=3
from course_lib.checks import check_close, check_shape
x = np.array([1.0, 2.0, 3.0])
w = np.array([0.5, -1.0, 2.0])
y = 1.0
w_t = cl.tensor(w, dtype=cl.float64, requires_grad=True)
z = ((cl.tensor(x, dtype=cl.float64) * w_t).sum() - y) ** 2
z.backward()
got = grad_inner_sq(x, w, y)
check_shape(got, (3,), name="grad_inner_sq(x, w, y)",
            hint="a gradient has the parameter's shape: w is (3,), so dz/dw is (3,)",
            lesson='Lesson 5 (the chain rule, scalar and vector forms)')
check_close(got, w_t.grad, rtol=1e-10, name="grad_inner_sq(x, w, y)",
            hint="dz/dw = dz/db * db/da * da/dw = 2(<x,w> - y) * 1 * x",
            lesson='Lesson 5 (the chain rule, scalar and vector forms)')
### BEGIN HIDDEN TESTS
rng = seeded_rng(21)
for n in [1, 5, 8]:
    x = rng.normal(size=n)
    w = rng.normal(size=n)
    for y in [-2.0, 0.3, 4.0]:
        w_t = cl.tensor(w, dtype=cl.float64, requires_grad=True)
        z = ((cl.tensor(x, dtype=cl.float64) * w_t).sum() - y) ** 2
        z.backward()
        check_close(grad_inner_sq(x, w, y), w_t.grad, rtol=1e-9, atol=1e-12,
                    name=f"grad_inner_sq on random x, w of length {n}, y={y}",
                    hint="keep the sign of <x,w> - y", lesson='Lesson 5 (the chain rule, scalar and vector forms)')
### END HIDDEN TESTS


# %% [markdown] nbgrader="task" grade_id="q3"
# ## 3. $z = \lVert Xw - y \rVert^2$ (3 points) — Lesson 5
#
# The second example: $X$ is an $m \times n$ matrix, $w$ has length $n$, $y$ has length
# $m$. With $a = Xw$, $b = a - y$, $z = \lVert b \rVert^2$ the chain rule is
# $\dfrac{\partial z}{\partial w} = \dfrac{\partial z}{\partial b}
# \dfrac{\partial b}{\partial a}\dfrac{\partial a}{\partial w}$ — a `(1, m)` row
# times an `(m, m)` identity times the `(m, n)` matrix $X$. Write `grad_lstsq(X, w, y)`
# returning $\partial z / \partial w$ with the shape of $w$. Where does the transpose
# come from?


# %% nbgrader="answer" grade_id="grad_lstsq"
def grad_lstsq(X, w, y):
    """dz/dw for z = ||X w - y||**2, shape (n,) like w."""
    ### BEGIN SOLUTION
    return 2.0 * X.T @ (X @ w - y)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_grad_lstsq" points=3
from course_lib.checks import Rubric, check_close, check_shape
X = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]])
w = np.array([0.5, -2.0])
y = np.array([1.0, 0.0, -1.0])
w_t = cl.tensor(w, dtype=cl.float64, requires_grad=True)
r = cl.tensor(X, dtype=cl.float64) @ w_t - cl.tensor(y, dtype=cl.float64)
(r * r).sum().backward()
got = grad_lstsq(X, w, y)
rubric = Rubric()
with rubric.part(1, "dz/dw has w's shape (n,), not X's row count m"):
    check_shape(got, (2,), name="grad_lstsq(X, w, y) for X of shape (3, 2)",
                hint="a gradient has the parameter's shape; (1, m) row times (m, n) "
                     "X gives n entries -- written as a column that is X.T @ (...)",
                lesson='Lesson 5 (the chain rule, scalar and vector forms)')
with rubric.part(2, "dz/dw = 2 X^T (X w - y)"):
    check_close(got, w_t.grad, rtol=1e-10, name="grad_lstsq(X, w, y)",
                hint="2 (Xw - y) is dz/da; multiply by X on the left as X.T",
                lesson='Lesson 5 (the chain rule, scalar and vector forms)')
### BEGIN HIDDEN TESTS
rng = seeded_rng(22)
for m, n in [(5, 3), (2, 4), (7, 1)]:
    X = rng.normal(size=(m, n))
    w = rng.normal(size=n)
    y = rng.normal(size=m)
    w_t = cl.tensor(w, dtype=cl.float64, requires_grad=True)
    r = cl.tensor(X, dtype=cl.float64) @ w_t - cl.tensor(y, dtype=cl.float64)
    (r * r).sum().backward()
    with rubric.part(1, f"random X of shape ({m}, {n})"):
        check_close(grad_lstsq(X, w, y), w_t.grad, rtol=1e-9, atol=1e-12,
                    name=f"grad_lstsq for X of shape ({m}, {n})",
                    hint="works for any m and n, including m < n", lesson='Lesson 5 (the chain rule, scalar and vector forms)')
### END HIDDEN TESTS
rubric.finish()


# %% [markdown] nbgrader="task" grade_id="q4"
# ## 4. A layer: $h = \mathrm{relu}(Wx + b)$, loss $= \sum_i h_i$ (4 points) — Lessons 5, 10
#
# The example from the seeds: `W` has shape `(2, 3)`, `x = [1., 2., 3.]`, `b` has shape
# `(2,)`; `loss = relu(W @ x + b).sum()`. Write `relu_layer_grads(W, x, b)` returning the
# pair `(dW, db)`: the gradients of the loss with respect to `W` and `b`. They have the
# shapes of `W` and `b` ("the gradient of a linear layer hides its input": row $i$ of
# `dW` is $\partial\,\mathrm{loss}/\partial a_i \cdot x$ with $a = Wx + b$). Use
# relu'(a) = 1 for a > 0 and 0 otherwise (also at 0, as PyTorch and course_lib do).


# %% nbgrader="answer" grade_id="relu_layer_grads"
def relu_layer_grads(W, x, b):
    """(dloss/dW, dloss/db) for loss = sum(relu(W @ x + b)); shapes of W and b."""
    ### BEGIN SOLUTION
    upstream = (W @ x + b > 0).astype(float)  # dloss/da: relu'(a) times ones
    return np.outer(upstream, x), upstream
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_relu_layer_grads" points=4
from course_lib.checks import Rubric, check_close, check_shape
W = np.array([[0.5, -0.2, 0.25], [-0.3, 0.2, -0.4]])
x = np.array([1.0, 2.0, 3.0])   # the seeds' x
b = np.array([0.1, 0.2])        # a = W x + b = [0.95, -0.9]: one unit on, one off
W_t = cl.tensor(W, dtype=cl.float64, requires_grad=True)
b_t = cl.tensor(b, dtype=cl.float64, requires_grad=True)
cl.relu(W_t @ cl.tensor(x, dtype=cl.float64) + b_t).sum().backward()
dW, db = relu_layer_grads(W, x, b)
rubric = Rubric()
with rubric.part(1, "dW has W's shape (2, 3) and db has b's shape (2,)"):
    check_shape(dW, (2, 3), name="dW", hint="a gradient has the parameter's shape",
                lesson='Lesson 10 (backprop through a layer: relu(Wx + b))')
    check_shape(db, (2,), name="db", hint="a gradient has the parameter's shape",
                lesson='Lesson 10 (backprop through a layer: relu(Wx + b))')
with rubric.part(2, "dW = relu'(a) (outer) x"):
    check_close(dW, W_t.grad, rtol=1e-10, name="dW",
                hint="dW[i, j] = relu'(a_i) * x_j: np.outer(relu'(a), x)",
                lesson='Lesson 10 (backprop through a layer: relu(Wx + b))')
with rubric.part(1, "db = relu'(a)"):
    check_close(db, b_t.grad, rtol=1e-10, name="db",
                hint="da/db is the identity, so db = dloss/da = relu'(a)",
                lesson='Lesson 10 (backprop through a layer: relu(Wx + b))')
### BEGIN HIDDEN TESTS
rng = seeded_rng(23)
for m, n in [(4, 5), (3, 2)]:
    W = rng.normal(size=(m, n))
    x = rng.normal(size=n)
    b = rng.normal(size=m)
    W_t = cl.tensor(W, dtype=cl.float64, requires_grad=True)
    b_t = cl.tensor(b, dtype=cl.float64, requires_grad=True)
    cl.relu(W_t @ cl.tensor(x, dtype=cl.float64) + b_t).sum().backward()
    dW, db = relu_layer_grads(W, x, b)
    with rubric.part(1, f"random layer with W of shape ({m}, {n})"):
        check_close(dW, W_t.grad, rtol=1e-10, name=f"dW for W of shape ({m}, {n})",
                    hint="shape (m, n): outer(relu'(a), x), not outer(x, relu'(a))",
                    lesson='Lesson 10 (backprop through a layer: relu(Wx + b))')
        check_close(db, b_t.grad, rtol=1e-10, name=f"db for b of shape ({m},)",
                    lesson='Lesson 10 (backprop through a layer: relu(Wx + b))')
### END HIDDEN TESTS
rubric.finish()


# %% [markdown] nbgrader="task" grade_id="q5"
# ## 5. $f(x) = \cos(x^2 - 1)$ (2 points) — Lesson 5
#
# The chain rule's scalar form, $f'(x) = f_{\text{out}}'(g(x))\,g'(x)$ with
# $g(x) = x^2 - 1$ and $f_{\text{out}} = \cos$. Write `d_cos_sq(x)` returning $f'(x)$; it
# must work for a number and, elementwise, for a numpy array.


# %% nbgrader="answer" grade_id="d_cos_sq"
def d_cos_sq(x):
    """f'(x) for f(x) = cos(x**2 - 1), elementwise."""
    ### BEGIN SOLUTION
    return -np.sin(x**2 - 1) * 2 * x
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_d_cos_sq" points=2
from course_lib.checks import check_close
xs = np.array([-1.5, 0.0, 0.5, 2.0])
x_t = cl.tensor(xs, dtype=cl.float64, requires_grad=True)
cl.cos(x_t * x_t - 1).sum().backward()
check_close(d_cos_sq(xs), x_t.grad, rtol=1e-10, atol=1e-14,
            name="d_cos_sq([-1.5, 0, 0.5, 2])",
            hint="outer derivative at the inner value, times the inner derivative: "
                 "-sin(x^2 - 1) * 2x", lesson='Lesson 5 (the chain rule, scalar and vector forms)')
### BEGIN HIDDEN TESTS
check_close(d_cos_sq(1.3), -np.sin(1.3**2 - 1) * 2.6, rtol=1e-10, name="d_cos_sq(1.3)",
            hint="it should work for a plain number too", lesson='Lesson 5 (the chain rule, scalar and vector forms)')
xs = seeded_rng(25).uniform(-3.0, 3.0, size=20)
x_t = cl.tensor(xs, dtype=cl.float64, requires_grad=True)
cl.cos(x_t * x_t - 1).sum().backward()
check_close(d_cos_sq(xs), x_t.grad, rtol=1e-9, atol=1e-12,
            name="d_cos_sq on 20 random points", lesson='Lesson 5 (the chain rule, scalar and vector forms)')
### END HIDDEN TESTS


# %% [markdown] nbgrader="task" grade_id="q6"
# ## 6. Jacobians (6 points) — Lessons 4, 5
#
# **(a)** An elementwise function $y_i = \tanh(x_i)$ maps `(n,)` to `(n,)`. Its Jacobian
# is `(n, n)`: which entries are zero? Write `jacobian_tanh(x)` (recall
# $\tanh' = 1 - \tanh^2$).
#
# **(b)** Now $y = \tanh(Wx)$ with $W$ of shape `(m, n)`. By the vector chain rule
# $\dfrac{\partial y}{\partial x} = \dfrac{\partial y}{\partial a}
# \dfrac{\partial a}{\partial x}$ with $a = Wx$. Write `jacobian_tanh_layer(W, x)`
# returning the `(m, n)` Jacobian (numerator layout: row $i$ is the gradient of $y_i$).


# %% nbgrader="answer" grade_id="jacobian_tanh"
def jacobian_tanh(x):
    """d tanh(x) / dx for x of shape (n,): an (n, n) matrix."""
    ### BEGIN SOLUTION
    return np.diag(1.0 - np.tanh(x) ** 2)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_jacobian_tanh" points=3
from course_lib.checks import Rubric, check_close, check_shape
x = np.array([0.0, 0.5, -1.0])
expected = cl.functional.jacobian(cl.tanh, cl.tensor(x, dtype=cl.float64))
J = jacobian_tanh(x)
rubric = Rubric()
with rubric.part(1, "the Jacobian of (n,) -> (n,) is (n, n)"):
    check_shape(J, (3, 3), name="jacobian_tanh(x) for x of shape (3,)",
                hint="one row per output y_i, one column per input x_j",
                lesson="Lesson 4 (gradients and shapes: a gradient has the parameter's shape; numerator layout)")
with rubric.part(2, "diagonal 1 - tanh(x)^2, zero elsewhere"):
    check_close(J, expected, rtol=1e-10, atol=1e-14, name="jacobian_tanh(x)",
                hint="y_i depends only on x_i, so dy_i/dx_j = 0 for i != j",
                lesson="Lesson 4 (gradients and shapes: a gradient has the parameter's shape; numerator layout)")
### BEGIN HIDDEN TESTS
x = seeded_rng(26).normal(size=6)
expected = cl.functional.jacobian(cl.tanh, cl.tensor(x, dtype=cl.float64))
with rubric.part(1, "a random x of length 6"):
    check_close(jacobian_tanh(x), expected, rtol=1e-10, atol=1e-14,
                name="jacobian_tanh(x) for x of length 6", lesson="Lesson 4 (gradients and shapes: a gradient has the parameter's shape; numerator layout)")
### END HIDDEN TESTS
rubric.finish()


# %% nbgrader="answer" grade_id="jacobian_tanh_layer"
def jacobian_tanh_layer(W, x):
    """d tanh(W @ x) / dx for W of shape (m, n): an (m, n) matrix."""
    ### BEGIN SOLUTION
    return (1.0 - np.tanh(W @ x) ** 2)[:, None] * W  # diag(tanh'(a)) @ W
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_jacobian_tanh_layer" points=3
from course_lib.checks import Rubric, check_close, check_shape
W = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.0]])
x = np.array([0.4, -0.2, 0.1])
W_t = cl.tensor(W, dtype=cl.float64)
expected = cl.functional.jacobian(lambda t: cl.tanh(W_t @ t),
                                  cl.tensor(x, dtype=cl.float64))
J = jacobian_tanh_layer(W, x)
rubric = Rubric()
with rubric.part(1, "the Jacobian of (n,) -> (m,) is (m, n)"):
    check_shape(J, (2, 3), name="jacobian_tanh_layer(W, x) for W of shape (2, 3)",
                hint="numerator layout: (outputs, inputs) = (m, n), not (n, m)",
                lesson='Lesson 5 (the chain rule, scalar and vector forms)')
with rubric.part(2, "diag(1 - tanh(Wx)^2) @ W"):
    check_close(J, expected, rtol=1e-10, atol=1e-14, name="jacobian_tanh_layer(W, x)",
                hint="dy/da is diagonal (part a), da/dx = W; multiply in that order",
                lesson='Lesson 5 (the chain rule, scalar and vector forms)')
### BEGIN HIDDEN TESTS
rng = seeded_rng(27)
for m, n in [(4, 3), (1, 5), (3, 3)]:
    W = rng.normal(size=(m, n))
    x = rng.normal(size=n)
    W_t = cl.tensor(W, dtype=cl.float64)
    expected = cl.functional.jacobian(lambda t, W_t=W_t: cl.tanh(W_t @ t),
                                      cl.tensor(x, dtype=cl.float64))
    with rubric.part(1, f"random W of shape ({m}, {n})"):
        check_close(jacobian_tanh_layer(W, x), expected, rtol=1e-9, atol=1e-12,
                    name=f"jacobian_tanh_layer for W of shape ({m}, {n})",
                    hint="scale row i of W by tanh'(a_i)", lesson='Lesson 5 (the chain rule, scalar and vector forms)')
### END HIDDEN TESTS
rubric.finish()


# %% [markdown] nbgrader="task" grade_id="outro"
# ## Done
#
# Run every test cell once more from a fresh kernel (*Kernel → Restart and Run All*).
# When they all show ✓, submit this notebook. Hidden checks at grading time use other
# sizes and random inputs of the same kind.
