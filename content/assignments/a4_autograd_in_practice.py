# %% [markdown] nbgrader="task" grade_id="intro"
# # Assignment 4 — Autograd in practice
#
# In this assignment you use `course_lib`'s autograd the way you would use PyTorch's
# (`import course_lib as cl` reads like `import torch`): gradients through loops and
# `if`s, cutting the graph with `detach`, vector-Jacobian products with
# `backward(gradient=v)`, gradient descent with a step size you choose from the
# curvature, and a small neural network trained by backprop.
#
# Work in `float64` (`cl.tensor(values, dtype=cl.float64, requires_grad=True)`) unless a
# question says otherwise, and return plain numbers or numpy arrays (`t.item()`,
# `t.numpy()`), not tensors. Each question has a test cell: run it to check your work.
# Grading runs more, hidden, checks of the same kind. 25 points in total; about 60
# minutes.

# %% nbgrader="setup" grade_id="setup"
import numpy as np
import course_lib as cl
from course_lib.checks import *

# %% [markdown] nbgrader="task" grade_id="q1"
# ## 1. Gradients through control flow (4 points) — Lesson 8
#
# From the seeds: autograd records only the operations that actually ran, so this works
# even though the number of loop iterations and the branch depend on `a`:
#
# ```python
# def f(a):
#     b = a * 2
#     while b.norm() < 1000:
#         b = b * 2
#     if b.sum() > 0:
#         c = b
#     else:
#         c = 100 * b
#     return c
# ```
#
# Write `f` (as above, for `course_lib` tensors) and `f_and_grad(a_value)`: make `a` a
# float64 scalar tensor that requires grad, compute `d = f(a)`, run `d.backward()`, and
# return the pair of floats `(d, a.grad)`.
#
# The seeds then check `a.grad == d / a`. Why is that true? (For a given `a`, the ops
# that ran multiply `a` by a constant $k$ — a power of two, or 100 times one — so
# $d = k a$ and $\mathrm{d}d/\mathrm{d}a = k = d/a$.) In float32, `==` may still say
# `False` after `100 * b` rounds: compare floats with a tolerance.

# %% nbgrader="answer" grade_id="f"
def f(a):
    """The seeds' control-flow function: doubles until the norm reaches 1000."""
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

# %% nbgrader="answer" grade_id="f_and_grad"
def f_and_grad(a_value):
    """(f(a), df/da) as floats, by autograd, for the number a_value."""
    ### BEGIN SOLUTION
    a = cl.tensor(a_value, dtype=cl.float64, requires_grad=True)
    d = f(a)
    d.backward()
    return d.item(), a.grad.item()
    ### END SOLUTION

# %% nbgrader="test" grade_id="test_f_and_grad" points=4
from course_lib.checks import Rubric, check_close

def reference(a):        # k such that f(a) = k * a, by plain arithmetic
    k = 2.0
    while abs(k * a) < 1000:
        k *= 2.0
    return k if k * a > 0 else 100.0 * k

rubric = Rubric()
for a_value, weight in [(0.37, 1), (-1.3, 1)]:
    with rubric.part(weight, f"f and df/da at a = {a_value}"):
        d, da = f_and_grad(a_value)
        check_close(d, reference(a_value) * a_value, rtol=1e-12,
                    name=f"f({a_value})",
                    hint="copy the seeds' loop and branch; make a float64 tensor",
                    lesson='Lesson 8 (gradients through control flow)')
        check_close(da, reference(a_value), rtol=1e-12, name=f"a.grad at {a_value}",
                    hint="backward() from d, then read a.grad", lesson='Lesson 8 (gradients through control flow)')
        check_close(da, d / a_value, rtol=1e-12, name=f"a.grad == d / a at {a_value}",
                    lesson='Lesson 8 (gradients through control flow)')
### BEGIN HIDDEN TESTS
for a_value in [600.0, -0.004, 3e-5, -250.0]:
    with rubric.part(0.5, f"f and df/da at a = {a_value}"):
        d, da = f_and_grad(a_value)
        check_close([d, da], [reference(a_value) * a_value, reference(a_value)],
                    rtol=1e-12, name=f"f_and_grad({a_value})",
                    hint="the loop may run zero times; the branch depends on the sign",
                    lesson='Lesson 8 (gradients through control flow)')
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q2"
# ## 2. `detach` and zeroing gradients (4 points) — Lesson 7
#
# The seeds' example: with `y = x * x` and `u = y.detach()`, `u` holds the same numbers
# as `y` but is a constant for autograd, so for `z = u * x` the gradient of `z.sum()` is
# `u`, not $3x^2$. Write `detach_grads(x_values)` returning three numpy arrays:
#
# 1. `x.grad` after `z.sum().backward()` with `z = u * x` (expected: `u`);
# 2. then, **after zeroing** `x.grad` (`x.grad.zero_()`), `x.grad` after
#    `y.sum().backward()` (expected: $2x$ — `y` was not detached);
# 3. the gradient of `(y * x).sum()` without `detach`, with a fresh `x` ($3x^2$).
#
# Gradients accumulate in `.grad` across backward calls until you zero them. Return
# copies (`x.grad.numpy().copy()`), since `zero_()` changes the array in place. The
# seeds use `x = arange(4.0)`.

# %% nbgrader="answer" grade_id="detach_grads"
def detach_grads(x_values):
    """(grad with u detached, grad of y.sum() after zeroing, grad without detach)."""
    ### BEGIN SOLUTION
    x = cl.tensor(x_values, dtype=cl.float64, requires_grad=True)
    y = x * x
    u = y.detach()
    z = u * x
    z.sum().backward()
    with_detach = x.grad.numpy().copy()
    x.grad.zero_()
    y.sum().backward()
    of_y = x.grad.numpy().copy()
    x2 = cl.tensor(x_values, dtype=cl.float64, requires_grad=True)
    ((x2 * x2) * x2).sum().backward()
    return with_detach, of_y, x2.grad.numpy().copy()
    ### END SOLUTION

# %% nbgrader="test" grade_id="test_detach_grads" points=4
from course_lib.checks import Rubric, check_close
x = np.arange(4.0)
with_detach, of_y, without = detach_grads(x)
rubric = Rubric()
with rubric.part(2, "z = u * x with u = (x * x).detach(): x.grad == u"):
    check_close(with_detach, x * x, rtol=1e-12, name="x.grad with detach",
                hint="u is a constant: d(u x)/dx = u", lesson='Lesson 7 (autograd in practice: backward(gradient=v), detach, zeroing .grad)')
with rubric.part(1, "after x.grad.zero_(), y.sum().backward() gives 2x"):
    check_close(of_y, 2 * x, rtol=1e-12, name="x.grad of y.sum() after zeroing",
                hint="without zero_() the new gradient is added to the old one",
                lesson='Lesson 7 (autograd in practice: backward(gradient=v), detach, zeroing .grad)')
with rubric.part(1, "without detach: 3x^2"):
    check_close(without, 3 * x * x, rtol=1e-12, name="x.grad of (y * x).sum()",
                hint="use a fresh x (or zero its grad) for this one", lesson='Lesson 7 (autograd in practice: backward(gradient=v), detach, zeroing .grad)')
### BEGIN HIDDEN TESTS
x = seeded_rng(41).normal(size=5)
with_detach, of_y, without = detach_grads(x)
with rubric.part(2, "the same on random x"):
    check_close(with_detach, x * x, rtol=1e-12, name="x.grad with detach (random x)",
                lesson='Lesson 7 (autograd in practice: backward(gradient=v), detach, zeroing .grad)')
    check_close(of_y, 2 * x, rtol=1e-12, name="x.grad of y.sum() (random x)",
                lesson='Lesson 7 (autograd in practice: backward(gradient=v), detach, zeroing .grad)')
    check_close(without, 3 * x * x, rtol=1e-12, name="3x^2 (random x)",
                lesson='Lesson 7 (autograd in practice: backward(gradient=v), detach, zeroing .grad)')
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q3"
# ## 3. Vector-Jacobian products (5 points) — Lessons 6, 7
#
# `backward()` on a non-scalar `y` needs a vector `v` of `y`'s shape, and computes
# $v^\top J$ — one row-combination of the Jacobian $J = \partial y/\partial x$ — in one
# reverse pass. From the seeds: `y = x * 2` with `v = [1, 0, 0]` gives `x.grad = [2, 0, 0]`.
#
# * `vjp(func, x_values, v)`: make `x` (float64, requires grad), `y = func(x)`,
#   `y.backward(gradient=...)` with `v` as a float64 tensor, return `x.grad` as a numpy
#   array.
# * `jacobian_by_vjp(func, x_values)`: the full Jacobian, shape `(m, n)` for `y` of shape
#   `(m,)` and `x` of shape `(n,)`, one `vjp` per row with $v = e_i$. (Each `vjp` builds a
#   fresh `x`, so nothing accumulates.)

# %% nbgrader="answer" grade_id="vjp"
def vjp(func, x_values, v):
    """v^T (d func / dx) at x_values, by one backward pass with gradient=v."""
    ### BEGIN SOLUTION
    x = cl.tensor(x_values, dtype=cl.float64, requires_grad=True)
    y = func(x)
    y.backward(gradient=cl.tensor(v, dtype=cl.float64))
    return x.grad.numpy()
    ### END SOLUTION

# %% nbgrader="answer" grade_id="jacobian_by_vjp"
def jacobian_by_vjp(func, x_values):
    """The (m, n) Jacobian of func at x_values, row i = vjp with v = e_i."""
    ### BEGIN SOLUTION
    m = func(cl.tensor(x_values, dtype=cl.float64)).shape[0]
    return np.stack([vjp(func, x_values, np.eye(m)[i]) for i in range(m)])
    ### END SOLUTION

# %% nbgrader="test" grade_id="test_vjp" points=5
from course_lib.checks import Rubric, check_close, check_shape, fn
rubric = Rubric()
with rubric.part(2, "the seeds' y = x * 2 with v = [1, 0, 0]"):
    check_close(vjp(fn("lambda x: x * 2"), [0.3, -1.2, 0.5], [1.0, 0.0, 0.0]),
                [2.0, 0.0, 0.0], name="vjp(x * 2, x, [1, 0, 0])",
                hint="y.backward(gradient=v), then x.grad", lesson='Lesson 6 (reverse mode computes vector-Jacobian products)')
x = np.array([1.0, 2.0, 3.0])
J = jacobian_by_vjp(fn("lambda x: x * x.sum()"), x)
expected = np.diag(np.full(3, x.sum())) + x[:, None]   # dy_i/dx_j = s [i=j] + x_i
with rubric.part(1, "Jacobian of (3,) -> (3,) is (3, 3)"):
    check_shape(J, (3, 3), name="jacobian_by_vjp(x * x.sum(), x)", lesson='Lesson 6 (reverse mode computes vector-Jacobian products)')
with rubric.part(2, "rows are the VJPs with v = e_i"):
    check_close(J, expected, rtol=1e-12, name="jacobian_by_vjp(x * x.sum(), x)",
                hint="row i is v^T J with v = e_i (numerator layout)", lesson='Lesson 6 (reverse mode computes vector-Jacobian products)')
### BEGIN HIDDEN TESTS
x = np.array([1.0, 2.0, 3.0, 4.0])
func = fn("lambda x: (x * x).reshape(2, 2).sum(1)")
expected = np.array([[2.0, 4.0, 0.0, 0.0], [0.0, 0.0, 6.0, 8.0]])
with rubric.part(2, "a (4,) -> (2,) function: Jacobian (2, 4)"):
    check_close(jacobian_by_vjp(func, x), expected, rtol=1e-12,
                name="jacobian_by_vjp((x*x).reshape(2, 2).sum(1), x)",
                hint="m rows (outputs), n columns (inputs)", lesson='Lesson 6 (reverse mode computes vector-Jacobian products)')
rng = seeded_rng(43)
x = rng.normal(size=4)
v = rng.normal(size=4)
func = fn("lambda x: x.tanh() * x[0]")
t = np.tanh(x)
J = np.diag((1 - t * t) * x[0])
J[:, 0] += t
with rubric.part(1, "vjp equals v^T J for a random v"):
    check_close(vjp(func, x, v), v @ J, rtol=1e-10,
                name="vjp(tanh(x) * x[0], x, v)", lesson='Lesson 6 (reverse mode computes vector-Jacobian products)')
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q4"
# ## 4. Gradient descent and the step size (6 points) — Lesson 9
#
# Minimise the quadratic $f(w) = \tfrac12 w^\top A w - b^\top w$ (for a symmetric
# positive-definite $A$ its minimum is at $A w^* = b$) with gradient descent,
# $w \leftarrow w - \eta\,\nabla f(w)$, using autograd for $\nabla f$.
#
# * `gradient_descent(A, b, lr, steps, w0)`: start at `w0`, take `steps` steps; return
#   `(w, losses)`: the final `w` (numpy array) and the list of the `steps` values of
#   $f$ computed before each step. In each step: compute the loss from a leaf `w`
#   that requires grad, `loss.backward()`, update **in place** under `cl.no_grad()`
#   with `w.sub_(lr * w.grad)`, then `w.grad.zero_()`.
# * Along an eigenvector of $A$ with eigenvalue $\lambda$, one step multiplies the error
#   by $1 - \eta\lambda$: it shrinks only if $|1 - \eta\lambda| < 1$, i.e.
#   $0 < \eta < 2/\lambda$. So with $L = \lambda_{\max}(A)$ gradient descent
#   converges exactly when $\eta < 2/L$. Set `lr_max` to $2/L$ for the matrix `A`
#   below (`np.linalg.eigvalsh`), and `lr_good` to a step size that converges fast
#   (the best fixed step is $2/(\lambda_{\max} + \lambda_{\min})$).

# %% nbgrader="setup" grade_id="gd_setup"
A = np.array([[4.0, 1.0], [1.0, 2.0]])
b = np.array([1.0, -1.0])

# %% nbgrader="answer" grade_id="gradient_descent"
def gradient_descent(A, b, lr, steps, w0):
    """(final w, losses) of `steps` gradient-descent steps on 0.5 w.Aw - b.w from w0."""
    ### BEGIN SOLUTION
    A_t = cl.tensor(A, dtype=cl.float64)
    b_t = cl.tensor(b, dtype=cl.float64)
    w = cl.tensor(w0, dtype=cl.float64, requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = 0.5 * (w @ (A_t @ w)) - (b_t * w).sum()
        losses.append(loss.item())
        loss.backward()
        with cl.no_grad():
            w.sub_(lr * w.grad)
        w.grad.zero_()
    return w.detach().numpy(), losses
    ### END SOLUTION

# %% nbgrader="answer" grade_id="step_sizes"
### BEGIN SOLUTION
eigenvalues = np.linalg.eigvalsh(A)
lr_max = 2.0 / eigenvalues.max()
lr_good = 2.0 / (eigenvalues.max() + eigenvalues.min())
### END SOLUTION
print(f"lr_max = {lr_max:.4f}, lr_good = {lr_good:.4f}")

# %% nbgrader="test" grade_id="test_gradient_descent" points=6
from course_lib.checks import Rubric, check_between, check_close, check_true
A_ = np.array([[4.0, 1.0], [1.0, 2.0]])
b_ = np.array([1.0, -1.0])
w_star = np.linalg.solve(A_, b_)
L = np.linalg.eigvalsh(A_).max()
rubric = Rubric()
with rubric.part(1, "one step from 0 is w = lr * b"):
    w1, losses = gradient_descent(A_, b_, 0.1, 1, np.zeros(2))
    check_close(w1, [0.1, -0.1], rtol=1e-12, name="gradient_descent(A, b, 0.1, 1, 0)",
                hint="grad f(w) = A w - b; w <- w - lr * grad", lesson='Lesson 9 (gradient descent and the step size 2/L)')
    check_close(losses, [0.0], atol=1e-15, name="losses after one step from 0",
                hint="record f(w) before each step", lesson='Lesson 9 (gradient descent and the step size 2/L)')
with rubric.part(1, "lr_max = 2 / L"):
    check_close(lr_max, 2.0 / L, rtol=1e-9, name="lr_max",
                hint="L is the largest eigenvalue of A", lesson='Lesson 9 (gradient descent and the step size 2/L)')
with rubric.part(1, "lr_good converges within 50 steps"):
    check_between(lr_good, 1e-3, 2.0 / L * 0.999, name="lr_good",
                  hint="a step size below 2/L", lesson='Lesson 9 (gradient descent and the step size 2/L)')
    w, losses = gradient_descent(A_, b_, lr_good, 50, np.zeros(2))
    check_close(w, w_star, rtol=1e-6, atol=1e-8,
                name="gradient_descent with lr_good after 50 steps",
                hint="try 2 / (largest + smallest eigenvalue)", lesson='Lesson 9 (gradient descent and the step size 2/L)')
### BEGIN HIDDEN TESTS
rng = seeded_rng(44)
M = rng.normal(size=(3, 3))
A3 = M @ M.T + 0.5 * np.eye(3)
b3 = rng.normal(size=3)
w0 = rng.normal(size=3)
lam = np.linalg.eigvalsh(A3)
eta = 1.0 / lam.max()
w, losses = w0.copy(), []
for _ in range(7):            # the same iteration by hand
    losses.append(0.5 * w @ A3 @ w - b3 @ w)
    w = w - eta * (A3 @ w - b3)
with rubric.part(2, "seven steps match the iteration w <- w - lr (A w - b)"):
    got_w, got_losses = gradient_descent(A3, b3, eta, 7, w0)
    check_close(got_w, w, rtol=1e-10, name="gradient_descent on a random 3x3 A",
                hint="start from w0, update in place, zero the gradient each step",
                lesson='Lesson 9 (gradient descent and the step size 2/L)')
    check_close(got_losses, losses, rtol=1e-10, atol=1e-12,
                name="losses on a random 3x3 A", lesson='Lesson 9 (gradient descent and the step size 2/L)')
with rubric.part(1, "just above 2/L it diverges, just below it converges"):
    _, above = gradient_descent(A3, b3, 2.05 / lam.max(), 200, w0)
    _, below = gradient_descent(A3, b3, 1.95 / lam.max(), 200, w0)
    f_star = -0.5 * b3 @ np.linalg.solve(A3, b3)
    check_true(above[-1] - f_star > above[0] - f_star,
               "with lr = 2.05 / L the loss grows", got=above[-1],
               hint="gradient descent itself, not a closed-form answer", lesson='Lesson 9 (gradient descent and the step size 2/L)')
    check_true(below[-1] - f_star < 1e-3 * (below[0] - f_star),
               "with lr = 1.95 / L the loss shrinks", got=below[-1], lesson='Lesson 9 (gradient descent and the step size 2/L)')
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q5"
# ## 5. Train a small MLP with backprop (6 points) — Lesson 10
#
# The data: two interleaving half moons, generated with a fixed seed (below). Write
# `train_and_predict(X_train, y_train, X_test)` that
#
# 1. seeds the weights (`cl.manual_seed(0)`) and builds a network, e.g.
#    `cl.nn.MLP([2, 16, 16, 2])` (two hidden ReLU layers, two output logits);
# 2. trains it with `cl.nn.SGD(model.parameters(), lr=...)` on
#    `cl.nn.cross_entropy(model(X), y)` — each step: `zero_grad()`, `loss.backward()`,
#    `step()` — for a few hundred full-batch steps;
# 3. returns `(predictions, losses)`: the predicted labels for `X_test` (a numpy array
#    of 0/1, the arg-max of the logits) and the list of training losses, one per step.
#
# Target: at least 90% accuracy on the test set, in a few seconds (the grader stops a
# cell after 30 s). Use `course_lib` only: no other ML library in any of your cells.

# %% nbgrader="setup" grade_id="moons_setup"
def make_moons(n, noise, seed):
    """Two interleaving half circles in 2-D, labels 0 (top) and 1 (bottom), shuffled."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0.0, np.pi, n)
    top = np.arange(n) < n // 2
    X = np.where(top[:, None], np.stack([np.cos(t), np.sin(t)], 1),
                 np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], 1))
    X = X + noise * rng.normal(size=(n, 2))
    y = (~top).astype(np.int64)
    order = rng.permutation(n)
    return X[order], y[order]

X_train, y_train = make_moons(200, noise=0.1, seed=0)
X_test, y_test = make_moons(200, noise=0.1, seed=1)
print(X_train.shape, np.bincount(y_train))

# %% nbgrader="answer" grade_id="train_and_predict"
def train_and_predict(X_train, y_train, X_test):
    """Train an MLP on (X_train, y_train) by backprop; (labels for X_test, losses)."""
    ### BEGIN SOLUTION
    cl.manual_seed(0)
    model = cl.nn.MLP([2, 16, 16, 2])
    optimizer = cl.nn.SGD(model.parameters(), lr=0.5)
    X = cl.tensor(X_train)
    y = cl.tensor(y_train)
    losses = []
    for _ in range(500):
        loss = cl.nn.cross_entropy(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with cl.no_grad():
        logits = model(cl.tensor(X_test))
    return logits.numpy().argmax(axis=1), losses
    ### END SOLUTION

# %% nbgrader="test" grade_id="test_train_and_predict" points=6
from course_lib.checks import (Rubric, as_array, check_between, check_shape,
                                      check_true)
def make_moons(n, noise, seed):
    """Two interleaving half circles in 2-D, labels 0 (top) and 1 (bottom), shuffled."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0.0, np.pi, n)
    top = np.arange(n) < n // 2
    X = np.where(top[:, None], np.stack([np.cos(t), np.sin(t)], 1),
                 np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], 1))
    X = X + noise * rng.normal(size=(n, 2))
    y = (~top).astype(np.int64)
    order = rng.permutation(n)
    return X[order], y[order]
X_tr, y_tr = make_moons(200, noise=0.1, seed=0)
X_te, y_te = make_moons(200, noise=0.1, seed=1)
predictions, losses = train_and_predict(X_tr, y_tr, X_te)
predictions = as_array(predictions, name="predictions")
losses = as_array(losses, name="losses")
rubric = Rubric()
with rubric.part(1, "one 0/1 label per test point"):
    check_shape(predictions, (200,), name="predictions",
                hint="argmax over the 2 logits of each test point", lesson='Lesson 10 (backprop in an MLP)')
    check_true(bool(np.isin(predictions, [0, 1]).all()), "labels are 0 or 1",
               lesson='Lesson 10 (backprop in an MLP)')
with rubric.part(1, "the training loss went down"):
    check_true(losses.size > 1 and losses[-1] < 0.5 * losses[0],
               "last loss < half the first", got=f"{losses[:1]} ... {losses[-1:]}",
               hint="zero_grad, backward, step in every iteration; try a larger lr",
               lesson='Lesson 10 (backprop in an MLP)')
accuracy = float((predictions == y_te).mean())
with rubric.part(2, "test accuracy at least 80%"):
    check_between(accuracy, 0.8, 1.0, name="test accuracy",
                  hint="more steps, a larger learning rate or wider layers",
                  lesson='Lesson 10 (backprop in an MLP)')
with rubric.part(2, "test accuracy at least 90%"):
    check_between(accuracy, 0.9, 1.0, name="test accuracy", lesson='Lesson 10 (backprop in an MLP)')
### BEGIN HIDDEN TESTS
X_tr, y_tr = make_moons(300, noise=0.15, seed=7)
X_te, y_te = make_moons(300, noise=0.15, seed=8)
predictions, _ = train_and_predict(X_tr, y_tr, X_te)
accuracy = float((as_array(predictions, name="predictions") == y_te).mean())
with rubric.part(2, "at least 88% on other, noisier moons (300 points, noise 0.15)"):
    check_between(accuracy, 0.88, 1.0, name="test accuracy on other moons",
                  hint="train on the X_train you are given, not on fixed data",
                  lesson='Lesson 10 (backprop in an MLP)')
    check_source_avoids(["sklearn", "torch", "jax", "tensorflow"],
                        name="your cells",
                        hint="use course_lib's nn, autograd and SGD, no other library")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="outro"
# ## Done
#
# Run every cell from a fresh kernel (*Kernel → Restart and Run All*); when the tests
# show ✓, submit this notebook.
