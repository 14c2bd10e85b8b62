# %% [markdown]
# # Lesson 4 — Gradients, Jacobians and shapes
#
# Lesson 1 met the derivative of a function of one variable. A loss depends on thousands of
# parameters, arranged in vectors and matrices, so we need derivatives of functions of
# *many* variables — and we need to know what **shape** they have.
#
# **Learning goals.** After this lesson you can
#
# 1. compute a partial derivative (one variable moves, the others stay fixed) by hand, by
#    finite differences and with autograd, for $z = 3x + 2y$ and $z = x^2 + y^2$;
# 2. assemble the **gradient** $\nabla f$ as the vector of partial derivatives and show
#    numerically that it points in the direction of **steepest ascent**;
# 3. predict the shape of a derivative in each of the seed's six cases (scalar/vector/matrix by
#    scalar/vector/matrix) in **numerator layout**, and relate it to what `jacobian` returns;
# 4. explain why $\partial\,\text{loss}/\partial W$ always has the shape of $W$
#    ("gradient shape = parameter shape") and check it on the seed's `W @ x + b`.
#
# Run the cells from top to bottom (Shift+Enter).

# %%
import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function
from course_lib.functional import jacobian


# %%
def check_shapes(n, answer, expected, *, hint=""):
    """Compare a shape, or a tuple of shapes, given as tuples of ints (Size objects are fine)."""
    label = f"Exercise {n}"
    if answer is None:
        print(f"{label}: not attempted yet")
        return
    try:
        got = tuple(tuple(int(d) for d in s) for s in answer)
    except (TypeError, ValueError):
        print(f"{label}: not right yet — give a tuple of shapes such as ((2, 3), (4,)), got "
              f"{answer!r}. Hint: {hint}")
        return
    want = tuple(tuple(int(d) for d in s) for s in expected)
    if got == want:
        print(f"{label}: correct ✓")
    else:
        print(f"{label}: not right yet — expected {want}, got {got}. Hint: {hint}")


# %% [markdown]
# ## 1. Partial derivatives
#
# The seed's first example with two variables is $z = 3x + 2y$. How fast does $z$ change?
# That depends on *which* variable we move. A **partial derivative** moves one variable and
# holds all the others fixed:
#
# $$
# \frac{\partial z}{\partial x} = \lim_{\Delta x \to 0} \frac{z(x + \Delta x,\, y) - z(x, y)}{\Delta x},
# \qquad
# \frac{\partial z}{\partial y} = \lim_{\Delta y \to 0} \frac{z(x,\, y + \Delta y) - z(x, y)}{\Delta y}.
# $$
#
# With $n$ variables, $\frac{\partial}{\partial x_j} f(x_1, \dots, x_n)$ nudges only $x_j$. For
# $z = 3x + 2y$: holding $y$ fixed, $2y$ is a constant, so $\partial z/\partial x = 3$; likewise
# $\partial z/\partial y = 2$ — at every point. A central difference that moves one coordinate
# at a time agrees:

# %%
def partial_numeric(f, point, j, h=1e-6):
    """∂f/∂x_j at `point` by a central difference: move only coordinate j."""
    up, down = list(point), list(point)
    up[j] += h
    down[j] -= h
    return (f(*up) - f(*down)) / (2 * h)


def z_plane(x, y):
    return 3 * x + 2 * y


for point in [(0.0, 0.0), (1.0, 2.0), (-4.0, 7.5)]:
    print(f"z = 3x + 2y at {point}: ∂z/∂x ≈ {partial_numeric(z_plane, point, 0):.6f}, "
          f"∂z/∂y ≈ {partial_numeric(z_plane, point, 1):.6f}")


# %% [markdown]
# For the bowl $z = x^2 + y^2$ the partial derivatives depend on the point:
# $\partial z/\partial x = 2x$ (treat $y^2$ as a constant) and $\partial z/\partial y = 2y$.
# Autograd gives both at once: make $x$ and $y$ tensors that require gradients, compute $z$,
# call `backward()`, and read `x.grad` and `y.grad`.

# %%
def z_bowl(x, y):
    return x**2 + y**2


for px, py in [(1.0, 2.0), (-1.5, 0.5), (3.0, -2.0)]:
    x = cl.tensor(px, dtype=cl.float64, requires_grad=True)
    y = cl.tensor(py, dtype=cl.float64, requires_grad=True)
    z = z_bowl(x, y)
    z.backward()
    print(f"z = x² + y² at ({px}, {py}): "
          f"∂z/∂x = 2x = {2 * px} (autograd {x.grad.item()}, numeric "
          f"{partial_numeric(z_bowl, (px, py), 0):.6f}), "
          f"∂z/∂y = 2y = {2 * py} (autograd {y.grad.item()})")

# %% [markdown]
# ## 2. The gradient: all partial derivatives in one vector
#
# The **gradient** of $f: \mathbb{R}^n \to \mathbb{R}$ collects every partial derivative:
#
# $$
# \nabla f(x) = \left[\frac{\partial f}{\partial x_1}, \frac{\partial f}{\partial x_2}, \ldots, \frac{\partial f}{\partial x_n}\right].
# $$
#
# In code the variables live in one tensor, and one `backward()` fills the whole gradient.
# The seed's example: $y = x^\top x = x_1^2 + x_2^2 + x_3^2$ at $x = [1, 2, 3]$. Each
# $\partial y/\partial x_i = 2x_i$, so $\nabla y = 2x$.

# %%
x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = cl.dot(x, x)  # xᵀx
y.backward()
print(x.grad)  # 2x
print("x.grad == 2x:", x.grad == 2 * x)


# %% [markdown]
# A finite-difference gradient needs two evaluations of $f$ *per coordinate* (Lesson 3);
# the one `backward()` above produced all three partial derivatives from one pass through the
# computation. That difference is what makes training networks with millions of parameters
# possible.

# %% [markdown]
# ## 3. The gradient points uphill, as steeply as possible
#
# Stand at a point $p$ and walk in a unit direction $u$. The rate at which $f$ changes is the
# **directional derivative**
#
# $$
# D_u f(p) = \lim_{t \to 0} \frac{f(p + t\,u) - f(p)}{t}.
# $$
#
# The seed's claim: *the gradient points in the direction in which the function grows
# fastest.* Let's test it without using any formula for $D_u f$: take
# $f(x, y) = x^2 + 3y^2$ at $p = (1, 1)$, try 720 unit directions, and measure each rate with a
# central difference. Then compare the winner with the gradient from autograd.

# %%
def f(x, y):
    return x**2 + 3 * y**2


p = np.array([1.0, 1.0])
angles = np.linspace(0, 2 * np.pi, 720, endpoint=False)
units = np.stack([np.cos(angles), np.sin(angles)], axis=1)  # 720 unit vectors
t = 1e-6
rates = np.array([(f(*(p + t * u)) - f(*(p - t * u))) / (2 * t) for u in units])

P = cl.tensor(p, requires_grad=True)  # float64, from the numpy array
f(P[0], P[1]).backward()
g = P.grad.numpy()

best = units[rates.argmax()]
print(f"∇f(1, 1) by autograd = {g}, ‖∇f‖ = {np.linalg.norm(g):.4f}")
print(f"largest directional derivative = {rates.max():.4f} along u = {np.round(best, 3)}")
print(f"∇f / ‖∇f‖                      = {np.round(g / np.linalg.norm(g), 3)}")
toward = np.array([1.0, 1.0]) / np.sqrt(2)  # straight away from the minimum at (0, 0)
print(f"rate along (1, 1)/√2 (away from the minimum) = {toward @ g:.4f}: less steep")
print("every rate equals ∇f·u:", np.allclose(rates, units @ g, atol=1e-5))

# %% [markdown]
# The measured winner agrees with $\nabla f/\lVert \nabla f \rVert$ up to the spacing of the
# sampled directions (0.5°), and the largest rate equals $\lVert \nabla f \rVert$.
#
# Why: by the linear approximation, $f(p + t u) \approx f(p) + t\, \nabla f(p) \cdot u$, so
# $D_u f = \nabla f \cdot u = \lVert \nabla f \rVert \cos\theta$, where $\theta$ is the angle
# between $u$ and $\nabla f$. The cosine is largest, 1, at $\theta = 0$: the steepest rate is
# $\lVert \nabla f \rVert$, along $\nabla f / \lVert \nabla f \rVert$. At $\theta = 90°$ the rate is 0
# (that direction runs along the contour line), and at $\theta = 180°$ — along $-\nabla f$ —
# $f$ falls fastest. That last fact is gradient descent (Lesson 9).
#
# Note that for this elongated bowl the steepest direction is *not* the direction straight
# away from the minimum. On the right, the gradient at every grid point comes from
# **one** `backward()`: $F = \sum_k f(x_k, y_k)$ and each point only affects its own term, so
# $\partial F/\partial x_k = \partial f/\partial x(x_k, y_k)$.

# %%
grid = np.linspace(-2, 2, 9)
GX, GY = np.meshgrid(grid, grid)
X = cl.tensor(GX, requires_grad=True)
Y = cl.tensor(GY, requires_grad=True)
f(X, Y).sum().backward()  # one backward: the gradient at all 81 points
U, V = X.grad.numpy(), Y.grad.numpy()

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
left.plot(np.degrees(angles), rates, label="measured rate $D_u f$ (central difference)")
left.plot(np.degrees(angles), np.linalg.norm(g) * np.cos(angles - np.arctan2(g[1], g[0])), "--",
          label=r"$\|\nabla f\|\cos\theta$")
left.axvline(np.degrees(np.arctan2(g[1], g[0])), color="C3", lw=1,
             label="direction of ∇f")
left.set_title("Rate of change of f at (1, 1) in each direction")
left.set_xlabel("direction angle (degrees)")
left.set_ylabel("directional derivative")
left.legend(loc="lower left", fontsize="small")

xs, ys = np.meshgrid(np.linspace(-2.2, 2.2, 200), np.linspace(-2.2, 2.2, 200))
contours = right.contour(xs, ys, f(xs, ys), levels=12, cmap="viridis")
right.clabel(contours, fontsize=7)
right.quiver(GX, GY, U, V, angles="xy", scale_units="xy", scale=25, color="gray", width=0.004,
             label="∇f (scaled)")
right.quiver(1, 1, *(g / np.linalg.norm(g)), angles="xy", scale_units="xy", scale=1.5,
             color="C3", width=0.008, label="steepest ascent at (1, 1)")
right.quiver(1, 1, *toward, angles="xy", scale_units="xy", scale=1.5, color="C1", width=0.008,
             label="away from the minimum")
right.set_aspect("equal")
right.set_title("f(x, y) = x² + 3y²: gradients cross the contours at right angles")
right.set_xlabel("x")
right.set_ylabel("y")
right.legend(loc="lower left", fontsize="small")
plt.show()

# %% [markdown]
# ## 4. Shapes: what kind of object is a derivative?
#
# Going from scalars to vectors, *watch the shapes*. The seed lists six cases. Write
# $\partial y / \partial x$ for the derivative of $y$ with respect to $x$, with $x$ a
# **column** vector, in the **numerator layout** (the layout of the seed):
#
# | $y$ | $x$ | $\partial y/\partial x$ | why |
# |---|---|---|---|
# | scalar | scalar | scalar | the ordinary derivative |
# | scalar | column vector $(n,)$ | **row** vector $1 \times n$ | one partial derivative per $x_j$, laid out along $x$'s transpose |
# | column vector $(m,)$ | scalar | **column** vector $m \times 1$ | one derivative per $y_i$, laid out along $y$ |
# | vector $(m,)$ | vector $(n,)$ | matrix $m \times n$ | row $i$ is the row vector $\partial y_i/\partial x$ — the **Jacobian** |
# | matrix $(m, l)$ | vector $(n,)$ | $(m, l, n)$ | one number per (entry of $y$, entry of $x$) |
# | matrix $(m, l)$ | matrix $(n, k)$ | 4-D: the seed writes $(m, l, k, n)$ | same, with $x$'s axes transposed as in row 2 |
#
# The rule behind the table: **every entry of $y$ gets differentiated with respect to every
# entry of $x$**, so the derivative has $\text{size}(y) \times \text{size}(x)$ numbers, with $y$'s
# axes first. `course_lib.functional.jacobian(f, x)` (like `torch.autograd.functional.jacobian`)
# returns exactly that, with shape `y.shape + x.shape`:

# %%
cl.manual_seed(0)
A = cl.randn(2, 3)  # y = A x: vector (2,) by vector (3,)
B = cl.randn(4, 3)
C, D = cl.randn(2, 3), cl.randn(4, 5)  # Y = C X D: matrix (2, 5) by matrix (3, 4)

cases = [
    ("scalar by scalar", lambda t: t**2, cl.tensor(3.0), "scalar"),
    ("scalar by vector", lambda x: cl.dot(x, x), cl.tensor([1.0, 2.0, 3.0]), "row 1×3"),
    ("vector by scalar", lambda t: cl.stack([t, t**2]), cl.tensor(3.0), "column 2×1"),
    ("vector by vector", lambda x: A @ x, cl.tensor([1.0, 2.0, 3.0]), "2×3"),
    ("matrix by vector", lambda x: (A @ x).unsqueeze(1) * (B @ x).unsqueeze(0),
     cl.tensor([1.0, 2.0, 3.0]), "(m, l, n) = (2, 4, 3)"),
    ("matrix by matrix", lambda X: C @ X @ D, cl.randn(3, 4), "(m, l, k, n) = (2, 5, 4, 3)"),
]
header = f"{'case':<18}{'y.shape':<10}{'x.shape':<9}{'seed (numerator layout)':<29}"
print(header + "jacobian(f, x).shape")
jacobians = {}
for name, fn, x, seed_shape in cases:
    J = jacobian(fn, x)
    jacobians[name] = J
    print(f"{name:<18}{str(tuple(fn(x).shape)):<10}{str(tuple(x.shape)):<9}{seed_shape:<29}"
          f"{tuple(J.shape)}")

# %% [markdown]
# Read the last column against the table:
#
# * **scalar by vector**: `jacobian` gives a plain `(3,)` array. A 1-D tensor is neither a row nor
#   a column; the *math* calls it a row ($1 \times 3$) so that the chain rule (Lesson 5) is a
#   matrix product. Its entries are the partial derivatives, $2x = [2, 4, 6]$.
# * **vector by scalar**: $y(t) = [t, t^2]$, so $\partial y/\partial t = [1, 2t] = [1, 6]$ at $t = 3$ — a column.
# * **vector by vector**: for $y = Ax$, $\partial y_i / \partial x_j = A_{ij}$: the Jacobian *is* $A$.
# * **matrix by matrix**: `jacobian` puts $X$'s axes in their own order, $(n, k) = (3, 4)$; the
#   seed's notation transposes them to $(k, n)$, consistently with the row vector in row 2.
#   Same numbers, the last two axes swapped — `J.transpose(2, 3)` converts.

# %%
print("scalar by vector:", jacobians["scalar by vector"])
print("vector by scalar:", jacobians["vector by scalar"])
print("vector by vector: J equals A:", cl.allclose(jacobians["vector by vector"], A))
J4 = jacobians["matrix by matrix"]
print("matrix by matrix:", tuple(J4.shape), "-> seed's layout", tuple(J4.transpose(2, 3).shape))

# %% [markdown]
# ## 5. Numerator layout, and why formulas sprout transposes
#
# In the **numerator layout** the derivative of $y \in \mathbb{R}^m$ with respect to
# $x \in \mathbb{R}^n$ is the $m \times n$ Jacobian: rows follow the numerator $y$, columns the
# denominator $x$. (The *denominator layout* is its transpose, $n \times m$; books use both, so
# always check which one a formula assumes.) Its payoff is that the chain rule reads left to
# right as a matrix product:
#
# $$
# \underbrace{\frac{\partial z}{\partial x}}_{1 \times n}
# = \underbrace{\frac{\partial z}{\partial y}}_{1 \times m}\;
#   \underbrace{\frac{\partial y}{\partial x}}_{m \times n}.
# $$
#
# The price: the derivative of a scalar by a column vector is a *row*, and the derivative of a
# scalar by an $(n, k)$ matrix is $(k, n)$ — transposed relative to the parameter. The seed's
# interview question *"why do matrix derivatives need transposes?"* has this answer: in
# numerator layout the formulas come out transposed, and we transpose them back so that the
# **gradient has the parameter's shape** — which is what an update $W \leftarrow W - \eta\,\nabla_W L$
# needs. Frameworks skip the detour and store `.grad` in the parameter's shape directly.

# %% [markdown]
# ## 6. Gradient shape = parameter shape
#
# In deep learning, 99% of derivatives are of one kind: a **scalar loss** with respect to a
# **parameter** matrix or vector. The Jacobian then has shape `() + W.shape = W.shape`, one
# number per parameter, telling how the loss reacts to nudging that parameter. The seed's rule:
# if $W$ is a $(3, 2)$ matrix, $\partial L/\partial W$ is $(3, 2)$ too.

# %%
cl.manual_seed(0)
W = cl.randn(3, 2, requires_grad=True)
x = cl.tensor([0.5, -1.0])
L = ((W @ x) ** 2).sum()
L.backward()
print("W.shape     ", W.shape)
print("W.grad.shape", W.grad.shape)

# %% [markdown]
# The seed checks this on a linear layer, `y = W @ x + b`. Here is its code, run on
# `course_lib`:

# %%
cl.manual_seed(0)
W = cl.randn(2, 3, requires_grad=True)
x = cl.tensor([1.0, 2.0, 3.0])
b = cl.randn(2, requires_grad=True)
y = W @ x + b  # shape (2,); @ is matrix multiplication
loss = y.sum()  # backward() needs a scalar
loss.backward()
print(W.grad.shape)  # (2, 3): the same as W
print(b.grad.shape)  # (2,): the same as b

# %% [markdown]
# And the values? $\text{loss} = \sum_i y_i = \sum_i \big(\sum_j W_{ij} x_j + b_i\big)$, so
# $\partial\,\text{loss}/\partial W_{ij} = x_j$: **every** entry in column $j$ of the gradient is
# the $j$-th input feature, and $\partial\,\text{loss}/\partial b_i = 1$.

# %%
print("W.grad =", W.grad)
print("b.grad =", b.grad)
print("every row of W.grad is x:", bool((W.grad == x.unsqueeze(0)).all()))

# %% [markdown]
# Where did the 3-D object of Section 4 go? $y$ is a vector and $W$ a matrix, so
# $\partial y/\partial W$ has shape $(2, 2, 3)$. The loss $\sum_i y_i$ then contracts the
# first axis with $\partial\,\text{loss}/\partial y = [1, 1]$, leaving $(2, 3)$. Backward never
# builds the big Jacobian: it passes the small vector $\partial\,\text{loss}/\partial y$ backwards
# (Lessons 6 and 7 explain how).

# %%
J_yW = jacobian(lambda W_: W_ @ x + b.detach(), W)
print("∂y/∂W shape:", tuple(J_yW.shape))
contracted = np.tensordot(np.ones(2), J_yW.numpy(), axes=1)  # Σ_i ∂y_i/∂W
print("Σ_i ∂y_i/∂W has shape", contracted.shape, "and equals W.grad:",
      np.allclose(contracted, W.grad.numpy()))

# %% [markdown]
# The general rules for a linear layer $y = Wx + b$ inside a bigger computation, where
# $g = \partial L/\partial y$ is whatever gradient arrives from above (the seed's "rule 1"):
#
# | operation | gradient | shape |
# |---|---|---|
# | $y = Wx$ | $\partial L/\partial W = g\, x^\top$ (outer product) | $W$'s $(m, n)$ |
# | $y = Wx$ | $\partial L/\partial x = W^\top g$ | $x$'s $(n,)$ |
# | $y = x + b$ | $\partial L/\partial b = g$ | $b$'s $(m,)$ |
#
# To test them with `backward()`, make $g$ the upstream gradient by differentiating
# $L = \sum_i g_i\, y_i$ (then $\partial L/\partial y = g$ exactly). The memory aid from the seed:
# *the gradient's shape follows the parameter; a linear layer's gradient hides its input.*

# %%
cl.manual_seed(1)
W = cl.randn(2, 3, requires_grad=True)
x = cl.randn(3, requires_grad=True)
b = cl.randn(2, requires_grad=True)
g = cl.randn(2)  # the upstream gradient ∂L/∂y
L = (g * (W @ x + b)).sum()
L.backward()
print("∂L/∂W == g xᵀ:", np.allclose(W.grad.numpy(), np.outer(g.numpy(), x.detach().numpy())))
print("∂L/∂x == Wᵀ g:", np.allclose(x.grad.numpy(), W.detach().numpy().T @ g.numpy()))
print("∂L/∂b == g:   ", np.allclose(b.grad.numpy(), g.numpy()))

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Try first; the self-check explains what is off.

# %% [markdown]
# **Exercise 1 — partial derivatives by hand.** For $f(x, y) = x^2 y + 3y$, find
# $\partial f/\partial x$ and $\partial f/\partial y$ at $(x, y) = (2, -1)$.
# Set `answer = (df_dx, df_dy)` (numbers, computed by hand — no autograd).

# %%
# Exercise 1
answer = None  # your code here: (df_dx, df_dy)

# %%
# Self-check 1
x = cl.tensor(2.0, dtype=cl.float64, requires_grad=True)
y = cl.tensor(-1.0, dtype=cl.float64, requires_grad=True)
(x**2 * y + 3 * y).backward()
check(1, answer, (x.grad.item(), y.grad.item()),
      hint="for ∂f/∂x treat y as a constant (d/dx x²y = 2xy); for ∂f/∂y treat x as a constant "
           "(d/dy (x²y + 3y) = x² + 3)")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# df_dx = 2 * 2.0 * (-1.0)  # 2xy = -4
# df_dy = 2.0**2 + 3  # x² + 3 = 7
# answer = (df_dx, df_dy)
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — the steepest direction.** For $h(x, y) = xy + y^2$ at the point $(2, 1)$, give
# the **unit** vector along which $h$ increases fastest, as `answer = (u1, u2)`. Work out the
# gradient by hand, then normalise it.

# %%
# Exercise 2
answer = None  # your code here: (u1, u2), a unit vector

# %%
# Self-check 2
P = cl.tensor([2.0, 1.0], dtype=cl.float64, requires_grad=True)
(P[0] * P[1] + P[1] ** 2).backward()
steepest = P.grad.numpy() / np.linalg.norm(P.grad.numpy())
check(2, answer, tuple(steepest), tol=1e-4,
      hint="∇h = (∂h/∂x, ∂h/∂y) = (y, x + 2y); the steepest ascent is ∇h / ‖∇h‖ (length 1)")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# grad = np.array([1.0, 2.0 + 2 * 1.0])  # (y, x + 2y) at (2, 1) = (1, 4)
# u = grad / np.linalg.norm(grad)  # (0.2425, 0.9701)
# answer = (u[0], u[1])
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — predict the shapes.** Without running anything, predict
#
# * (a) the shape of `jacobian(lambda x: x.unsqueeze(1) * x.unsqueeze(0), x)` for `x` of shape
#   `(3,)` (the outer product $x x^\top$, a matrix, by a vector), and
# * (b) the shape of `W.grad` after `(W @ v).sum().backward()` for `W` of shape `(5, 2)`.
#
# Set `answer = (shape_a, shape_b)` with each shape a tuple of ints.

# %%
# Exercise 3
answer = None  # your code here: (shape_a, shape_b)

# %%
# Self-check 3
x = cl.tensor([1.0, 2.0, 3.0])
shape_a = tuple(jacobian(lambda x: x.unsqueeze(1) * x.unsqueeze(0), x).shape)
W = cl.randn(5, 2, requires_grad=True)
(W @ cl.tensor([1.0, -1.0])).sum().backward()
check_shapes(3, answer, (shape_a, tuple(W.grad.shape)),
             hint="(a) a (3, 3) output by a (3,) input: output axes, then input axes; "
                  "(b) a scalar loss by a parameter has the parameter's shape")


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# answer = ((3, 3, 3), (5, 2))
# ```
#
# </details>

# %% [markdown]
# **Exercise 4 — a linear layer on a batch.** `course_lib.nn.Linear` computes
# $Y = X W^\top + b$ for a batch $X$ of shape $(B, n)$ (one sample per row), with $W$ of shape
# $(m, n)$ and $b$ of shape $(m,)$. Let $G = \partial L/\partial Y$, shape $(B, m)$, be the gradient
# arriving from above. Write `linear_grads(G, X)` returning the numpy arrays
# `(dW, db)` $= (\partial L/\partial W, \partial L/\partial b)$. Use numpy only. Check your shapes
# first: `dW` must have `W`'s shape.

# %%
# Exercise 4
def linear_grads(G, X):
    """(∂L/∂W, ∂L/∂b) for Y = X @ W.T + b, given G = ∂L/∂Y (B, m) and X (B, n)."""
    return None  # your code here


# %%
# Self-check 4
def linear_grads_autograd(G, X):
    W = cl.zeros(G.shape[1], X.shape[1], dtype=cl.float64, requires_grad=True)
    b = cl.zeros(G.shape[1], dtype=cl.float64, requires_grad=True)
    (cl.tensor(G) * (cl.tensor(X) @ W.T + b)).sum().backward()  # ∂L/∂Y = G
    return W.grad.numpy(), b.grad.numpy()


rng = np.random.default_rng(4)
cases = [(rng.standard_normal((B, m)), rng.standard_normal((B, n)))
         for B, m, n in [(1, 2, 3), (4, 2, 3), (5, 3, 2)]]
check_function(4, linear_grads, linear_grads_autograd, cases,
               hint="for one sample, dW = g xᵀ (an outer product); a batch adds the samples' "
                    "outer products: dW = Gᵀ X, shape (m, n). db sums G over the batch axis")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 4
# def linear_grads(G, X):
#     """(∂L/∂W, ∂L/∂b) for Y = X @ W.T + b, given G = ∂L/∂Y (B, m) and X (B, n)."""
#     dW = G.T @ X  # Σ_samples g xᵀ: shape (m, n), like W
#     db = G.sum(axis=0)  # shape (m,), like b
#     return dW, db
# ```
#
# </details>

# %% [markdown]
# ## Summary
#
# * A **partial derivative** moves one variable and holds the rest: for $z = 3x + 2y$ it is 3 and
#   2 everywhere; for $z = x^2 + y^2$ it is $2x$ and $2y$.
# * The **gradient** $\nabla f$ is the vector of all partial derivatives; one `backward()` fills it
#   (e.g. $\nabla (x^\top x) = 2x = [2, 4, 6]$).
# * $D_u f = \nabla f \cdot u = \lVert\nabla f\rVert \cos\theta$: the gradient is the direction of
#   **steepest ascent** and its length is the steepest rate; it crosses contour lines at right angles.
# * **Shapes**: the derivative of $y$ by $x$ holds one number per pair (entry of $y$, entry of $x$).
#   In numerator layout: scalar by column vector → row; vector by scalar → column; vector by
#   vector → $m \times n$ Jacobian; matrix by vector → $(m, l, n)$; matrix by matrix → 4-D.
#   `jacobian(f, x)` returns shape `y.shape + x.shape`.
# * **Gradient shape = parameter shape**: a scalar loss by $W$ has $W$'s shape. For a linear
#   layer $\partial L/\partial W = g\,x^\top$ — the gradient carries the input features.
#
# Next: **Lesson 5 — the chain rule**, which glues these derivatives together through a
# composition, one Jacobian product at a time.
