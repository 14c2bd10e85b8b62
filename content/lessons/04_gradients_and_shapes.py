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
#    scalar/vector/matrix) with the course's one shape convention — `y.shape + x.shape`, what
#    `jacobian` returns — and translate from the layouts books use;
# 4. explain why $\partial\,\text{loss}/\partial W$ always has the shape of $W$
#    ("gradient shape = parameter shape") and check it on the seed's `W @ x + b`;
# 5. use the identities $\partial(Ax)/\partial x = A$, $\nabla_x\, x^\top A x = (A + A^\top)x$,
#    $\nabla_X \lVert X\rVert_F^2 = 2X$ and $\nabla \lVert x \rVert_2 = x/\lVert x\rVert_2$.
#
# Run the cells from top to bottom (Shift+Enter).

# %%
import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function
from course_lib.functional import jacobian

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
# **The source text says** (seed 002) the gradient vector "points in the steepest *downhill*
# direction". **Precisely**, the gradient points in the direction of steepest **ascent**
# (uphill), as the measurement above shows; its *negative* $-\nabla f$ points steepest
# downhill, which is why the update is $w \leftarrow w - \eta\,\nabla f(w)$, with a minus.
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

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.6), layout="constrained")
left.plot(np.degrees(angles), rates, label="measured rate $D_u f$ (central difference)")
left.plot(np.degrees(angles), np.linalg.norm(g) * np.cos(angles - np.arctan2(g[1], g[0])), "--",
          label=r"$\|\nabla f\|\cos\theta$")
left.axvline(np.degrees(np.arctan2(g[1], g[0])), color="C3", lw=1,
             label="direction of ∇f")
left.set_title("Rate of change at (1, 1), by direction")
left.set_xlabel("direction angle (degrees)")
left.set_ylabel("directional derivative")
left.legend(loc="upper right", fontsize="small")

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
right.set_title("f = x² + 3y²: ∇f crosses the contours\nat right angles")
right.set_xlabel("x")
right.set_ylabel("y")
right.legend(loc="lower left", fontsize="small")
plt.show()

# %% [markdown]
# ## 4. Shapes: what kind of object is a derivative?
#
# Going from scalars to vectors, *watch the shapes*. The rule behind every case: **each entry of
# $y$ is differentiated with respect to each entry of $x$**, so the derivative holds
# $\text{size}(y) \times \text{size}(x)$ numbers. How to arrange them is a convention, and this
# course uses one, everywhere:
#
# > **The course's shape convention:** $\partial y/\partial x$ has shape `y.shape + x.shape`
# > (outputs first, then inputs) — what `torch.autograd.functional.jacobian` returns. For a
# > scalar $y$ this is `x.shape`: the gradient has the shape of the variable, exactly like
# > PyTorch's `x.grad`.
#
# For $y \in \mathbb{R}^m$ and $x \in \mathbb{R}^n$ that is the $m \times n$ **Jacobian**, row $i$
# holding the partial derivatives of $y_i$. The seed lists six cases; here they are, with what
# the seed writes and what the convention gives:
#
# | $y$ | $x$ | the seed writes | course convention (`y.shape + x.shape`) |
# |---|---|---|---|
# | scalar | scalar | scalar | `()` |
# | scalar | column vector $(n,)$ | a **row** vector $1 \times n$ | `(n,)` |
# | vector $(m,)$ | scalar | a **column** vector $m \times 1$ | `(m,)` |
# | vector $(m,)$ | vector $(n,)$ | a matrix whose rows are the row vectors $\partial y_i/\partial x$ | `(m, n)`: the Jacobian |
# | matrix $(m, l)$ | vector $(n,)$ | $(m, l, n)$ | `(m, l, n)` |
# | matrix $(m, l)$ | matrix $(n, k)$ | $(m, l, k, n)$ | `(m, l, n, k)` |
#
# `course_lib.functional.jacobian(f, x)`, like `torch.autograd.functional.jacobian`, returns the
# last column:

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
header = f"{'case':<18}{'y.shape':<10}{'x.shape':<9}{'the seed writes':<29}"
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
# * **scalar by vector**: a plain `(3,)` array, the shape of $x$. A 1-D tensor is neither a row
#   nor a column; written inside a matrix product (the chain rule, Lesson 5) it plays the role of
#   the row $1 \times 3$. Its entries are the partial derivatives, $2x = [2, 4, 6]$.
# * **vector by scalar**: $y(t) = [t, t^2]$, so $\partial y/\partial t = [1, 2t] = [1, 6]$ at $t = 3$.
# * **vector by vector**: for $y = Ax$, $\partial y_i / \partial x_j = A_{ij}$: the Jacobian *is* $A$.
# * **matrix by matrix**: `jacobian` keeps $X$'s axes in their own order, $(n, k) = (3, 4)$.
#
# **The source text says** (seed 000) the derivative of an $(m, l)$ matrix by an $(n, k)$ matrix is
# "an $(m, l, k, n)$ two-dimensional matrix". **Precisely**, it is a **4-D** array with
# $m \cdot l \cdot n \cdot k$ entries; and its $(k, n)$ lists the input's axes transposed. That is
# how textbooks' classical *numerator layout* writes the derivative of a scalar by an
# $n \times k$ matrix: as a $k \times n$ matrix, the transpose of the variable (and the seed's
# row vector for a scalar by a column vector is the same habit). Same numbers, last two axes
# swapped — `J.transpose(2, 3)` converts:

# %%
print("scalar by vector:", jacobians["scalar by vector"])
print("vector by scalar:", jacobians["vector by scalar"])
print("vector by vector: J equals A:", cl.allclose(jacobians["vector by vector"], A))
J4 = jacobians["matrix by matrix"]
print("matrix by matrix:", tuple(J4.shape), "-> seed's layout", tuple(J4.transpose(2, 3).shape))

# %% [markdown]
# ## 5. One convention, and why formulas sprout transposes
#
# With outputs first, the chain rule reads left to right as a product (Lesson 5): for
# $z = z(y)$ scalar, $y \in \mathbb{R}^m$, $x \in \mathbb{R}^n$,
#
# $$
# \underbrace{\frac{\partial z}{\partial x}}_{(n,)}
# = \underbrace{\frac{\partial z}{\partial y}}_{(m,)\ \text{as a row}}\;
#   \underbrace{\frac{\partial y}{\partial x}}_{(m,\, n)} ,
# \qquad\text{i.e.}\qquad
# \frac{\partial z}{\partial x_j} = \sum_i \frac{\partial z}{\partial y_i}\,\frac{\partial y_i}{\partial x_j}.
# $$
#
# Books differ. Many (and d2l) use the *denominator layout*: the gradient
# $\nabla_x z$ is a column of $x$'s shape — the same numbers as ours — but the derivative of a
# vector $y$ by a vector $x$ is the $n \times m$ **transpose** of our Jacobian. The classical
# *numerator layout* keeps our $m \times n$ Jacobian but writes a scalar-by-column derivative as a
# row and a scalar-by-$(n \times k)$ derivative as $k \times n$. Before you use a formula from a
# book, check which layout it assumes.
#
# The seed's interview question *"why do matrix derivatives need transposes?"* — **the source
# text says**: "to follow the numerator layout convention, so that the gradient has the
# parameter's shape". But the classical numerator layout is exactly the one whose
# scalar-by-matrix derivative is *transposed* ($k \times n$). **Precisely**: the transposes appear because $\partial L/\partial x_j$ sums over the
# *first* (output) index of the Jacobian, $\sum_i g_i\,W_{ij} = (W^\top g)_j$; and frameworks store
# every gradient in the parameter's shape (our convention, PyTorch's `.grad`), which is what an
# update $W \leftarrow W - \eta\,\nabla_W L$ needs.

# %% [markdown]
# ## 6. Gradient shape = parameter shape
#
# Almost every derivative in deep learning (the seed says 99%) is of one kind: a **scalar loss**
# with respect to a **parameter** matrix or vector. By the shape convention it has shape
# `() + W.shape = W.shape`, one number per parameter, telling how the loss reacts to nudging
# that parameter. The seed's rule:
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
# ## 7. Three gradient identities
#
# Three formulas come up again and again. Each follows from writing the function entry by entry.
#
# **A linear map, $y = Ax$** with $A$ of shape $(m, n)$: $y_i = \sum_j A_{ij} x_j$, so
# $\partial y_i/\partial x_j = A_{ij}$ and, in the course's convention,
#
# $$ \frac{\partial (Ax)}{\partial x} = A \qquad\text{shape } (m, n) = \texttt{y.shape + x.shape}. $$
#
# d2l writes the same fact as $\nabla_x Ax = A^\top$. That is the *denominator layout*: there the
# "gradient" of a vector function $y$ is the $n \times m$ matrix whose column $i$ is the gradient
# $\nabla_x y_i$ — our Jacobian transposed. Same numbers, other arrangement. In our convention
# $A^\top$ appears one step later, in the gradient of a scalar $L$ through $y = Ax$:
# $\partial L/\partial x = A^\top\,\partial L/\partial y$ (Section 6).
#
# **A quadratic form, $x^\top A x$** with $A$ square: $x^\top A x = \sum_{i,j} x_i A_{ij} x_j$, and
# $x_k$ appears once as $x_i$ and once as $x_j$:
# $\frac{\partial}{\partial x_k} = \sum_j A_{kj} x_j + \sum_i x_i A_{ik} = (Ax)_k + (A^\top x)_k$, so
#
# $$ \nabla_x\, x^\top A x = (A + A^\top)\,x , $$
#
# which is $2Ax$ only when $A$ is symmetric (as for $x^\top x$, $A = I$: $2x$).
#
# **The squared Frobenius norm** $\lVert X \rVert_F^2 = \sum_{i,j} X_{ij}^2$: each entry only meets
# itself, $\partial/\partial X_{ij} = 2X_{ij}$, so $\nabla_X \lVert X\rVert_F^2 = 2X$ — shape of $X$.
#
# Autograd agrees, with a deliberately non-symmetric $A$:

# %%
cl.manual_seed(4)
A = cl.randn(3, 4, dtype=cl.float64)
x = cl.randn(4, dtype=cl.float64)
J = jacobian(lambda x: A @ x, x)
print("∂(Ax)/∂x has shape", tuple(J.shape), "and equals A:", cl.allclose(J, A))

columns = []  # d2l's ∇ₓ(Ax): column i is the gradient of y_i = (Ax)_i
for i in range(3):
    x_leaf = cl.tensor(x.numpy(), requires_grad=True)
    (A @ x_leaf)[i].backward()
    columns.append(x_leaf.grad.numpy())
print("d2l's ∇ₓ(Ax) (gradients of the y_i as columns) equals Aᵀ:",
      np.allclose(np.stack(columns, axis=1), A.numpy().T))

S = cl.randn(4, 4, dtype=cl.float64)  # square, not symmetric
x_leaf = cl.tensor(x.numpy(), requires_grad=True)
cl.dot(x_leaf, S @ x_leaf).backward()
print("∇ₓ xᵀSx equals (S + Sᵀ)x:", cl.allclose(x_leaf.grad, (S + S.T) @ x),
      "| equals 2Sx:", cl.allclose(x_leaf.grad, 2 * S @ x))

X = cl.randn(2, 3, dtype=cl.float64, requires_grad=True)
(X**2).sum().backward()  # ‖X‖²_F
print("∇_X ‖X‖²_F equals 2X:", cl.allclose(X.grad, 2 * X.detach()), "| shape", tuple(X.grad.shape))

# %% [markdown]
# <a id="d2l-2-4-8"></a>
#
# ## 8. The gradient of $\lVert x \rVert_2$, and its kink at 0 (d2l 2.4.8)
#
# $\lVert x \rVert_2 = \sqrt{\sum_i x_i^2}$. For $x \ne 0$, the chain rule (Lesson 5) gives
# $\frac{\partial}{\partial x_i} = \frac{1}{2\sqrt{\sum_j x_j^2}} \cdot 2x_i$, so
#
# $$ \nabla \lVert x \rVert_2 = \frac{x}{\lVert x \rVert_2} \qquad (x \ne 0): $$
#
# a unit vector pointing away from the origin — the norm grows fastest straight outwards, at
# rate 1.
#
# At $x = 0$ there is no gradient. The graph of $\lVert x\rVert_2$ is a cone with its tip at 0;
# for $n = 1$ it is exactly $|x|$, the kink of [Lesson 2](02_subgradients.ipynb). Along any
# unit direction $u$ the quotient $\frac{\lVert 0 + t u\rVert - 0}{t} = \frac{|t|}{t}$ is $+1$ for
# $t > 0$ and $-1$ for $t < 0$: no single limit. The subgradients at 0 are the vectors $g$ with
# $\lVert x\rVert_2 \ge g \cdot x$ for all $x$, which holds exactly when $\lVert g \rVert_2 \le 1$
# (Cauchy–Schwarz gives "if"; $x = g$ gives "only if"): the subdifferential is the closed unit
# ball, the $n$-dimensional $[-1, 1]$.
#
# What autograd returns at 0 depends, again, on how the norm is written:

# %%
x = cl.tensor([3.0, 4.0], dtype=cl.float64, requires_grad=True)
x.norm().backward()
print("at x = (3, 4): ∇‖x‖ =", x.grad.numpy(), "= x/‖x‖ =", (x.detach() / 5).numpy())

for name, norm in [("x.norm()", lambda x: x.norm()),
                   ("cl.sqrt((x**2).sum())", lambda x: cl.sqrt((x**2).sum()))]:
    x0 = cl.zeros(2, dtype=cl.float64, requires_grad=True)
    with np.errstate(divide="ignore", invalid="ignore"):  # silence numpy's 0·∞ warning
        norm(x0).backward()
    print(f"at x = 0: {name:<22} gives {x0.grad.numpy()}")

# %% [markdown]
# `norm` (in `course_lib` and PyTorch) returns $0$, the centre of the unit ball — a valid
# subgradient. Written as $\sqrt{\sum x_i^2}$, the chain rule multiplies
# $\frac{1}{2\sqrt{0}} = \infty$ by $2x = 0$, and $\infty \cdot 0$ is `nan`. (That is why
# code that normalises vectors adds a small $\epsilon$: $\sqrt{\sum x_i^2 + \epsilon}$.)

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Stuck? Unfold the hints one at a time — a nudge first, then the idea.

# %% [markdown]
# <a id="d2l-2-4-7"></a>
#
# **Exercise 1 — a gradient by hand (d2l 2.4.7).** For $f(x) = 3x_1^2 + 5e^{x_2}$, write
# `grad_f(x1, x2)` returning the gradient $\nabla f$ as a tuple `(df_dx1, df_dx2)` (by hand,
# with `np.exp`; no autograd).
#
# <details><summary>Hint 1</summary>
#
# One partial derivative at a time: while you differentiate by $x_1$, $x_2$ is a constant, and
# the other way round.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# A term that does not contain the variable contributes 0. What is left uses
# $D\,x^2 = 2x$ and $D\,e^x = e^x$.
#
# </details>

# %%
# Exercise 1
def grad_f(x1, x2):
    """∇f at (x1, x2) for f = 3·x1² + 5·exp(x2), as a tuple (∂f/∂x1, ∂f/∂x2)."""
    return None  # your code here


# %%
# Self-check 1
def grad_f_autograd(x1, x2):
    x = cl.tensor([x1, x2], dtype=cl.float64, requires_grad=True)
    (3 * x[0] ** 2 + 5 * cl.exp(x[1])).backward()
    return tuple(x.grad.numpy())


check_function(1, grad_f, grad_f_autograd, [(1.0, 0.0), (-2.0, 1.5), (0.5, -3.0)],
               hint="compare your two partial derivatives one by one; which one is off?")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# def grad_f(x1, x2):
#     """∇f at (x1, x2) for f = 3·x1² + 5·exp(x2), as a tuple (∂f/∂x1, ∂f/∂x2)."""
#     return (6 * x1, 5 * np.exp(x2))  # ∇f = [6x₁, 5e^{x₂}]
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — the steepest direction.** For $h(x, y) = xy + y^2$ at the point $(2, 1)$, give
# the **unit** vector along which $h$ increases fastest, as `answer = (u1, u2)`. Work out the
# gradient by hand, then normalise it.
#
# <details><summary>Hint 1</summary>
#
# Section 3: which vector gives the direction of steepest ascent? Its length does not matter,
# but the answer must have length 1.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Compute $\nabla h = (\partial h/\partial x, \partial h/\partial y)$ at $(2, 1)$ and divide it by
# its length $\lVert \nabla h \rVert$.
#
# </details>

# %%
# Exercise 2
answer = None  # your code here: (u1, u2), a unit vector

# %%
# Self-check 2
P = cl.tensor([2.0, 1.0], dtype=cl.float64, requires_grad=True)
(P[0] * P[1] + P[1] ** 2).backward()
steepest = P.grad.numpy() / np.linalg.norm(P.grad.numpy())
check(2, answer, tuple(steepest), tol=1e-4,
      hint="is your vector of length 1, and does it point uphill (not downhill)?")

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
#
# <details><summary>Hint 1</summary>
#
# First find the shape of each function's output. Then apply the course's shape convention.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# `y.shape + x.shape`: (a) a $(3, 3)$ output by a $(3,)$ input; (b) a scalar output by a $(5, 2)$
# input.
#
# </details>

# %%
# Exercise 3
answer = None  # your code here: (shape_a, shape_b)

# %%
# Self-check 3
x = cl.tensor([1.0, 2.0, 3.0])
shape_a = tuple(jacobian(lambda x: x.unsqueeze(1) * x.unsqueeze(0), x).shape)
W = cl.randn(5, 2, requires_grad=True)
(W @ cl.tensor([1.0, -1.0])).sum().backward()
check(3, answer, (shape_a, tuple(W.grad.shape)),
      hint="each shape is a tuple of ints, such as (4, 1); output axes come first")


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
# `(dW, db)` $= (\partial L/\partial W, \partial L/\partial b)$. Use numpy only.
#
# <details><summary>Hint 1</summary>
#
# Start from one sample (Section 6's table), then ask what the batch adds. Check your shapes:
# `dW` must have `W`'s shape $(m, n)$.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Sample $s$ alone contributes the outer product $g_s x_s^\top$ to $\partial L/\partial W$ and $g_s$
# to $\partial L/\partial b$ (row $s$ of $G$ and of $X$). The batch adds up the samples'
# contributions — write that sum as one matrix product.
#
# </details>

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
               hint="case 1 has a batch of one sample: if it passes and the others do not, "
                    "look at how you add up the samples")

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
#   The course's convention: $\partial y/\partial x$ has shape `y.shape + x.shape` (what `jacobian`
#   returns); for a scalar $y$ that is `x.shape`, like PyTorch's `.grad`. Books' layouts arrange
#   the same numbers transposed in places — check which one a formula assumes.
# * **Identities**: $\partial(Ax)/\partial x = A$ (d2l's $\nabla_x Ax = A^\top$ in the denominator
#   layout), $\nabla_x\, x^\top A x = (A + A^\top)x$, $\nabla_X \lVert X\rVert_F^2 = 2X$, and
#   $\nabla\lVert x\rVert_2 = x/\lVert x\rVert_2$ away from 0, where the norm has a kink.
# * **Gradient shape = parameter shape**: a scalar loss by $W$ has $W$'s shape. For a linear
#   layer $\partial L/\partial W = g\,x^\top$ — the gradient carries the input features.
#
# **Next:** [Lesson 5 — The chain rule](05_chain_rule.ipynb), which glues these derivatives
# together through a composition, one Jacobian product at a time.
