# %% [markdown]
# # Lesson 5 — The chain rule
#
# A network is a composition: layer after layer, function after function. The **chain rule**
# is how derivatives travel through a composition, and it is all that backpropagation does.
#
# **Learning goals.** After this lesson you can
#
# 1. apply the scalar chain rule $\frac{dy}{dx} = f'(g(x))\,g'(x)$, e.g. to the seed's
#    $f(x) = \cos(x^2 - 1)$, and check it with autograd and finite differences;
# 2. use the multivariable chain rule: add up the contributions of every path — e.g. for
#    $u = f(x, y, z)$ with $x, y, z$ functions of $(a, b)$;
# 3. write the vector chain rule as a product of Jacobians and check the shapes;
# 4. derive by hand, and verify, $\partial z/\partial w$ for $z = (\langle x, w\rangle - y)^2$ and
#    $z = \lVert Xw - y\rVert^2$, and the gradient of a ReLU layer;
# 5. answer the interview question "why is a linear layer's gradient its input features?";
# 6. derive the derivative of an inverse function from the chain rule.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function
from course_lib.functional import jacobian
from course_lib.gradcheck import gradcheck

# %% [markdown]
# ## 1. The scalar chain rule
#
# If $y = f(u)$ and $u = g(x)$, then $y = f(g(x))$ and
#
# $$
# \frac{dy}{dx} = f'(g(x))\; g'(x) \qquad\text{or, in Leibniz's notation,}\qquad
# \frac{dy}{dx} = \frac{dy}{du} \cdot \frac{du}{dx}.
# $$
#
# In words (the seed's): *differentiate the outer function at the inner function's value, and
# multiply by the inner function's derivative.*
#
# The seed's example is $f(x) = \cos(x^2 - 1)$. Split it into an outer $\cos u$ and an inner
# $g(x) = x^2 - 1$. Then $g'(x) = 2x$, $\cos'(u) = -\sin u$, and
#
# $$
# f'(x) = -\sin(x^2 - 1) \cdot 2x .
# $$
#
# Three independent ways to get the same numbers: the formula, autograd, and a central
# difference (float64):

# %%
def f(x):
    return math.cos(x**2 - 1)


def f_prime_by_hand(x):
    return -math.sin(x**2 - 1) * 2 * x


def autograd_derivative(fn, x_value):
    x = cl.tensor(x_value, dtype=cl.float64, requires_grad=True)
    fn(x).backward()
    return x.grad.item()


h = 1e-6
print(f"{'x':>5} {'−sin(x²−1)·2x':>15} {'autograd':>11} {'central diff.':>14}")
for x0 in [-1.5, -0.5, 0.0, 1.0, 1.5, 2.0]:
    by_hand = f_prime_by_hand(x0) + 0.0  # + 0.0 turns −0.0 into 0.0
    auto = autograd_derivative(lambda x: cl.cos(x**2 - 1), x0) + 0.0
    numeric = (f(x0 + h) - f(x0 - h)) / (2 * h) + 0.0
    print(f"{x0:>5} {by_hand:>15.6f} {auto:>11.6f} {numeric:>14.6f}")

# %% [markdown]
# Autograd does not know the formula $-\sin(x^2-1)\cdot 2x$. It knows the *local* derivative of
# each operation and multiplies them along the chain. We can watch the two factors: ask the
# intermediate $u = x^2 - 1$ to keep its gradient (`u.retain_grad()`), so after `backward()`
# `u.grad` holds $dy/du$.

# %%
x = cl.tensor(1.5, dtype=cl.float64, requires_grad=True)
u = x**2 - 1  # inner: u = g(x)
u.retain_grad()
y = cl.cos(u)  # outer: y = f(u)
y.backward()
print(f"u = x² − 1 = {u.item()}")
print(f"dy/du = −sin(u)  = {u.grad.item():.6f}")
print(f"du/dx = 2x       = {2 * x.item()}")
print(f"dy/dx = dy/du · du/dx = {u.grad.item() * 2 * x.item():.6f}   x.grad = {x.grad.item():.6f}")
print("backward walked:", y.grad_fn.name(), "→", y.grad_fn.next_functions[0][0].name(), "→",
      y.grad_fn.next_functions[0][0].next_functions[0][0].name())

# %% [markdown]
# The whole curve: the derivative by hand (line) and by autograd (dots). One `backward()` on
# the *sum* $\sum_k f(x_k)$ gives every $f'(x_k)$ at once, because each $x_k$ only affects its
# own term (Lesson 7 comes back to this trick).

# %%
xs = np.linspace(-2.5, 2.5, 400)
dots = cl.tensor(np.linspace(-2.5, 2.5, 26), requires_grad=True)
cl.cos(dots**2 - 1).sum().backward()

fig, ax = plt.subplots(figsize=(8, 4.5))
ax.plot(xs, np.cos(xs**2 - 1), label="f(x) = cos(x² − 1)")
ax.plot(xs, -np.sin(xs**2 - 1) * 2 * xs, label="f'(x) = −sin(x² − 1)·2x (chain rule)")
ax.plot(dots.detach().numpy(), dots.grad.numpy(), "o", ms=4, label="f'(x) by autograd")
ax.axhline(0, color="gray", lw=0.5)
ax.set_title("The chain rule for f(x) = cos(x² − 1), checked by autograd")
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.legend(loc="lower center", fontsize="small")
plt.show()

# %% [markdown]
# ## 2. Several paths: the multivariable chain rule
#
# Now let $z = f(u, v)$ depend on two intermediate variables that both depend on $t$. A
# nudge in $t$ reaches $z$ along **two paths**, and their effects add:
#
# $$
# \frac{dz}{dt} = \frac{\partial z}{\partial u}\frac{du}{dt} + \frac{\partial z}{\partial v}\frac{dv}{dt}.
# $$
#
# Example: $u = t^2$, $v = \sin t$, $z = uv + v^2$. Then $\partial z/\partial u = v$,
# $\partial z/\partial v = u + 2v$, $du/dt = 2t$, $dv/dt = \cos t$. At $t = 1$:

# %%
t0 = 1.0
u0, v0 = t0**2, math.sin(t0)
path_u = v0 * (2 * t0)  # ∂z/∂u · du/dt
path_v = (u0 + 2 * v0) * math.cos(t0)  # ∂z/∂v · dv/dt
print(f"path through u: {path_u:.6f}")
print(f"path through v: {path_v:.6f}")
print(f"sum of paths  : {path_u + path_v:.6f}")

t = cl.tensor(t0, dtype=cl.float64, requires_grad=True)
u, v = t**2, cl.sin(t)
z = u * v + v**2
z.backward()
print(f"autograd dz/dt: {t.grad.item():.6f}")

# %% [markdown]
# Autograd gets the sum for free: during `backward()` each path delivers its contribution to
# `t`, and contributions to the same variable are **added**. (The same rule makes `.grad`
# accumulate across calls — Lesson 7.) With $n$ inputs, the partial derivative
# $\partial z/\partial x_j$ is the sum over all paths from $x_j$ to $z$.

# %% [markdown]
# <a id="d2l-2-4-9"></a>
#
# ### Three intermediates, two inputs (d2l 2.4.9)
#
# Let $u = f(x, y, z)$ where $x = x(a, b)$, $y = y(a, b)$, $z = z(a, b)$. A nudge in $a$ reaches
# $u$ through $x$, $y$ and $z$ — three paths — and the same for $b$:
#
# $$
# \frac{\partial u}{\partial a} = \frac{\partial u}{\partial x}\frac{\partial x}{\partial a}
#   + \frac{\partial u}{\partial y}\frac{\partial y}{\partial a}
#   + \frac{\partial u}{\partial z}\frac{\partial z}{\partial a},
# \qquad
# \frac{\partial u}{\partial b} = \frac{\partial u}{\partial x}\frac{\partial x}{\partial b}
#   + \frac{\partial u}{\partial y}\frac{\partial y}{\partial b}
#   + \frac{\partial u}{\partial z}\frac{\partial z}{\partial b}.
# $$
#
# In matrix form it is the vector chain rule of the next section: the row
# $\left[\frac{\partial u}{\partial x}, \frac{\partial u}{\partial y}, \frac{\partial u}{\partial z}\right]$
# times the $3 \times 2$ Jacobian of $(x, y, z)$ by $(a, b)$. Example: $u = xy + z^2$ with
# $x = a + b$, $y = ab$, $z = \sin a$, at $(a, b) = (1, 2)$, so $(x, y, z) = (3, 2, \sin 1)$:
#
# - $\frac{\partial u}{\partial x} = y = 2$, $\frac{\partial u}{\partial y} = x = 3$, $\frac{\partial u}{\partial z} = 2z = 2\sin 1$;
# - $\frac{\partial u}{\partial a} = 2 \cdot 1 + 3 \cdot b + 2\sin 1 \cdot \cos 1 = 8 + \sin 2 \approx 8.909297$;
# - $\frac{\partial u}{\partial b} = 2 \cdot 1 + 3 \cdot a + 2\sin 1 \cdot 0 = 5$ ($z$ does not depend on $b$: that path contributes 0).

# %%
a0, b0 = 1.0, 2.0
x0, y0, z0 = a0 + b0, a0 * b0, math.sin(a0)
du = np.array([y0, x0, 2 * z0])  # [∂u/∂x, ∂u/∂y, ∂u/∂z]
J_xyz = np.array([[1.0, 1.0],  # ∂x/∂a, ∂x/∂b
                  [b0, a0],  # ∂y/∂a, ∂y/∂b
                  [math.cos(a0), 0.0]])  # ∂z/∂a, ∂z/∂b
by_hand = du @ J_xyz
print(f"by hand  [∂u/∂a, ∂u/∂b] = [{by_hand[0]:.6f} {by_hand[1]:.6f}]")

a = cl.tensor(a0, dtype=cl.float64, requires_grad=True)
b = cl.tensor(b0, dtype=cl.float64, requires_grad=True)
x, y, z = a + b, a * b, cl.sin(a)
(x * y + z**2).backward()
print(f"autograd [∂u/∂a, ∂u/∂b] = [{a.grad.item():.6f} {b.grad.item():.6f}]")

# %% [markdown]
# ## 3. The vector chain rule: multiply Jacobians
#
# For vectors, replace each derivative by its Jacobian — shape `y.shape + x.shape`, the course's
# convention from Lesson 4: outputs first, then inputs. If
# $u = g(x)$ with $x \in \mathbb{R}^n$, $u \in \mathbb{R}^k$, and $y = f(u) \in \mathbb{R}^m$, then
#
# $$
# \underbrace{\frac{\partial y}{\partial x}}_{m \times n}
# = \underbrace{\frac{\partial y}{\partial u}}_{m \times k}\;
#   \underbrace{\frac{\partial u}{\partial x}}_{k \times n}.
# $$
#
# For a scalar $y$ ($m = 1$) it is a row vector times a matrix: $(1 \times k)(k \times n) = 1 \times n$.
# The inner dimensions must match — a free check on any derivation. Let's verify with
# `jacobian`: $g(x) = Mx$ (so $\partial u/\partial x = M$) and $f(u) = \tanh(u)$ elementwise (so
# $\partial y/\partial u = \operatorname{diag}(1 - \tanh^2 u)$).

# %%
cl.manual_seed(0)
M = cl.randn(3, 4, dtype=cl.float64)
x = cl.randn(4, dtype=cl.float64)


def g(x):
    return M @ x


def f_vec(u):
    return cl.tanh(u)


J_f = jacobian(f_vec, g(x))  # ∂y/∂u at u = g(x)
J_g = jacobian(g, x)  # ∂u/∂x
J_total = jacobian(lambda x: f_vec(g(x)), x)  # ∂y/∂x, computed directly
print(f"{tuple(J_f.shape)} @ {tuple(J_g.shape)} -> {tuple((J_f @ J_g).shape)}")
diag = cl.tensor(np.diag(1 - np.tanh(g(x).numpy()) ** 2))
print("∂y/∂u is diag(1 − tanh²u):", cl.allclose(J_f, diag))
print("∂y/∂u · ∂u/∂x == ∂y/∂x:", cl.allclose(J_f @ J_g, J_total))

# %% [markdown]
# ## 4. Worked example 1: $z = (\langle x, w\rangle - y)^2$
#
# The seed's first example: $x, w \in \mathbb{R}^n$, $y \in \mathbb{R}$ — the squared error of a
# linear model on one sample. Compute $\partial z/\partial w$ by splitting the computation into steps:
#
# $$
# a = \langle x, w\rangle, \qquad b = a - y, \qquad z = b^2 .
# $$
#
# Each step has an easy derivative: $\partial z/\partial b = 2b$, $\partial b/\partial a = 1$,
# $\partial a/\partial w = x^\top$ (shape $(n,)$ by the course's convention, written as a
# $1 \times n$ row inside the product). Chain them:
#
# $$
# \frac{\partial z}{\partial w}
# = \frac{\partial z}{\partial b}\,\frac{\partial b}{\partial a}\,\frac{\partial a}{\partial w}
# = 2b \cdot 1 \cdot x^\top
# = 2\,(\langle x, w\rangle - y)\,x^\top .
# $$
#
# Check with $x = [1, 2, 3]$, $w = [0.5, -1, 2]$, $y = 1$: $a = 4.5$, $b = 3.5$, $z = 12.25$,
# so $\partial z/\partial w = 7x = [7, 14, 21]$. The intermediate gradients come from
# `retain_grad()`:

# %%
x = cl.tensor([1.0, 2.0, 3.0])
w = cl.tensor([0.5, -1.0, 2.0], requires_grad=True)
y = cl.tensor(1.0)

a = cl.dot(x, w)
b = a - y
z = b**2
a.retain_grad()
b.retain_grad()
z.backward()

print(f"a = ⟨x, w⟩ = {a.item()}, b = a − y = {b.item()}, z = b² = {z.item()}")
print(f"∂z/∂b = 2b = {b.grad.item()}")
print(f"∂z/∂a = ∂z/∂b · ∂b/∂a = 2b · 1 = {a.grad.item()}")
print("by hand 2(⟨x, w⟩ − y)xᵀ =", 2 * (cl.dot(x, w.detach()) - y) * x)
print("autograd w.grad         =", w.grad)

# %% [markdown]
# ## Worked example 2: $z = \lVert Xw - y\rVert^2$
#
# The seed's second example is the whole data set at once: $X \in \mathbb{R}^{m \times n}$ (one
# sample per row), $w \in \mathbb{R}^n$, $y \in \mathbb{R}^m$ — the least-squares loss. The same
# decomposition:
#
# $$
# a = Xw, \qquad b = a - y, \qquad z = \lVert b \rVert^2 = b^\top b .
# $$
#
# Local Jacobians: $\partial z/\partial b = 2b^\top$ $(1 \times m)$,
# $\partial b/\partial a = I$ $(m \times m)$, $\partial a/\partial w = X$ $(m \times n)$. Multiply:
#
# $$
# \frac{\partial z}{\partial w} = 2b^\top \, I \, X = 2\,(Xw - y)^\top X \qquad (1 \times n).
# $$
#
# Check each factor with `jacobian`, the product, autograd's `w.grad`, and finally `gradcheck`
# (central differences, float64):

# %%
cl.manual_seed(3)
m, n = 5, 3
X = cl.randn(m, n, dtype=cl.float64)
y = cl.randn(m, dtype=cl.float64)
w = cl.randn(n, dtype=cl.float64, requires_grad=True)

a = X @ w
b = a - y
z = (b**2).sum()
z.backward()

dz_db = jacobian(lambda b_: (b_**2).sum(), b.detach()).reshape(1, m)  # 2bᵀ
db_da = jacobian(lambda a_: a_ - y, a.detach())  # I
da_dw = jacobian(lambda w_: X @ w_, w)  # X
chain = dz_db @ db_da @ da_dw
print(f"{tuple(dz_db.shape)} @ {tuple(db_da.shape)} @ {tuple(da_dw.shape)} -> {tuple(chain.shape)}")
print("∂z/∂b == 2bᵀ:", cl.allclose(dz_db, 2 * b.detach().reshape(1, m)),
      "| ∂b/∂a == I:", cl.allclose(db_da, cl.eye(m, dtype=cl.float64)),
      "| ∂a/∂w == X:", cl.allclose(da_dw, X))
by_hand = 2 * (X @ w.detach() - y) @ X
print("by hand 2(Xw − y)ᵀX:", by_hand)
print("autograd w.grad    :", w.grad)
print("chain of Jacobians :", chain.reshape(n))
print(gradcheck(lambda w: ((X @ w - y) ** 2).sum(), (w,)))

# %% [markdown]
# ## 5. A layer: $h = \operatorname{relu}(Wx + b)$
#
# The seed's "chain rule in practice": one layer with a ReLU, and the loss $\sum_i h_i$.
# Name the pre-activation $s = Wx + b$. Backward runs the chain from the loss down:
#
# 1. $\partial\,\text{loss}/\partial h = [1, 1, \dots]$ — because $\text{loss} = \sum_i h_i$;
# 2. $\partial h_i/\partial s_i = \operatorname{relu}'(s_i)$ — 1 where $s_i > 0$, else 0: a **mask**;
#    so $\partial\,\text{loss}/\partial s = \text{mask}$;
# 3. $\partial\,\text{loss}/\partial W = \text{mask}\; x^\top$ (the linear-layer rule of Lesson 4) and
#    $\partial\,\text{loss}/\partial b = \text{mask}$.
#
# The seed's code, run on `course_lib` (seed 2 gives one active and one inactive unit):

# %%
cl.manual_seed(2)
x = cl.randn(3)
W = cl.randn(2, 3, requires_grad=True)
b = cl.randn(2, requires_grad=True)
h = cl.relu(W @ x + b)
loss = h.sum()
loss.backward()  # autograd computes ∂loss/∂W and ∂loss/∂b

s = (W @ x + b).detach()
mask = (s > 0).float()  # relu'(s): 1 where s > 0, else 0
print("s = Wx + b     :", s)
print("h = relu(s)    :", h)
print("mask relu'(s)  :", mask)
print("W.grad         :", W.grad)
print("mask xᵀ        :", mask.unsqueeze(1) * x.unsqueeze(0) + 0.0)  # + 0.0: no "−0"
print("W.grad == mask xᵀ:", cl.allclose(W.grad, mask.unsqueeze(1) * x.unsqueeze(0)))
print("b.grad == mask :", bool((b.grad == mask).all()))

# %% [markdown]
# The row of `W.grad` for the inactive unit is all zeros: a ReLU that is off passes no gradient
# to its weights (if it is off for *every* input, the unit stops learning — a "dead ReLU").
# The active row is exactly $x^\top$.

# %% [markdown]
# ## 6. Interview question: why is a linear layer's gradient the input features?
#
# **Answer.** For $y = Wx + b$, entry by entry $y_i = \sum_j W_{ij}\,x_j + b_i$, so
#
# $$
# \frac{\partial y_i}{\partial W_{ij}} = x_j
# \quad\Longrightarrow\quad
# \frac{\partial L}{\partial W_{ij}} = \frac{\partial L}{\partial y_i}\, x_j ,
# \qquad
# \frac{\partial L}{\partial W} = \frac{\partial L}{\partial y}\; x^\top .
# $$
#
# The weight $W_{ij}$ multiplies the input $x_j$, so the input is its "sensitivity": the chain rule
# hands each weight the upstream gradient of its output *times the input it multiplies*. For a
# batch the per-sample outer products add up: $\partial L/\partial W = G^\top X$. Consequences
# worth saying in an interview: a feature that is 0 gives its weights no gradient; scaling the
# inputs by 10 scales the weight gradients by 10 (one reason to normalise features).

# %%
cl.manual_seed(0)
layer = cl.nn.Linear(3, 2)  # Y = X Wᵀ + b
X = cl.tensor([[1.0, 2.0, 0.0], [0.0, 1.0, 0.0], [2.0, 0.0, 0.0]])  # feature 3 is always 0
layer(X).sum().backward()
print("weight.grad (each row = Σ over samples of x):", layer.weight.grad)
print("column sums of X:", X.sum(dim=0))

layer.zero_grad()
layer(10 * X).sum().backward()
print("inputs × 10 -> weight.grad:", layer.weight.grad)


# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Stuck? Unfold the hints one at a time — a nudge first, then the idea.

# %% [markdown]
# **Exercise 1 — a chain of three.** Write `dh(x)`, the derivative of
# $h(x) = e^{\sin(x^2)}$, by hand ($x$ is a Python float; use `math`). The self-check compares it
# with autograd at several points.
#
# <details><summary>Hint 1</summary>
#
# Peel the function like an onion: what is the outermost operation, what is inside it, and what
# is inside that?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Three layers: $e^{v}$ with $v = \sin w$ with $w = x^2$. The chain rule multiplies the three
# local derivatives, each evaluated at its own input.
#
# </details>

# %%
# Exercise 1
def dh(x):
    """The derivative of h(x) = exp(sin(x²))."""
    return None  # your code here


# %%
# Self-check 1
check_function(1, dh, lambda x0: autograd_derivative(lambda x: cl.exp(cl.sin(x**2)), x0),
               [(-1.3,), (0.0,), (0.4,), (1.0,), (2.2,)],
               hint="each local derivative must be evaluated at its own input, not at x")


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# def dh(x):
#     """The derivative of h(x) = exp(sin(x²))."""
#     return math.exp(math.sin(x**2)) * math.cos(x**2) * 2 * x
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — ridge regression.** Add a penalty to the least-squares loss:
# $z = \lVert Xw - y\rVert^2 + \lambda \lVert w \rVert^2$. Write `ridge_grad(X, w, y, lam)` returning
# $\partial z/\partial w$ as a numpy array of $w$'s shape (numpy only).
#
# <details><summary>Hint 1</summary>
#
# The gradient of a sum is the sum of the gradients. One of the two terms is worked example 2.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Worked example 2 gives the data term as a row, $2(Xw - y)^\top X$; as an array of $w$'s shape
# that row is the vector $2X^\top(Xw - y)$. For the penalty,
# $\lVert w\rVert^2 = \sum_j w_j^2$: differentiate one entry at a time.
#
# </details>

# %%
# Exercise 2
def ridge_grad(X, w, y, lam):
    """∂/∂w of ‖Xw − y‖² + lam·‖w‖², as a numpy array shaped like w."""
    return None  # your code here


# %%
# Self-check 2
def ridge_grad_autograd(X, w, y, lam):
    w_t = cl.tensor(w, requires_grad=True)
    z = ((cl.tensor(X) @ w_t - cl.tensor(y)) ** 2).sum() + lam * (w_t**2).sum()
    z.backward()
    return w_t.grad.numpy()


rng = np.random.default_rng(5)
cases = [(rng.standard_normal((m, n)), rng.standard_normal(n), rng.standard_normal(m), lam)
         for m, n, lam in [(4, 2, 0.0), (6, 3, 0.5), (3, 5, 2.0)]]
check_function(2, ridge_grad, ridge_grad_autograd, cases,
               hint="case 1 has λ = 0: if it passes and the others fail, look at the penalty term")


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# def ridge_grad(X, w, y, lam):
#     """∂/∂w of ‖Xw − y‖² + lam·‖w‖², as a numpy array shaped like w."""
#     return 2 * X.T @ (X @ w - y) + 2 * lam * w
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — a sigmoid layer.** Replace the ReLU of Section 5 by a sigmoid:
# $h = \sigma(Wx + b)$, $\text{loss} = \sum_i h_i$, with $\sigma'(s) = \sigma(s)(1 - \sigma(s))$.
# Write `sigmoid_layer_grads(W, x, b)` returning the numpy arrays
# $(\partial\,\text{loss}/\partial W, \partial\,\text{loss}/\partial b)$.
#
# <details><summary>Hint 1</summary>
#
# Section 5 did this for ReLU in three steps. Which of the three steps changes?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Only step 2: the mask $\operatorname{relu}'(s)$ becomes $d = \sigma'(s)$, a vector of $W$'s row
# count. Then $\partial\,\text{loss}/\partial W$ is the outer product of $d$ and $x$, and
# $\partial\,\text{loss}/\partial b = d$.
#
# </details>

# %%
# Exercise 3
def sigmoid_layer_grads(W, x, b):
    """(∂loss/∂W, ∂loss/∂b) for loss = sigmoid(W @ x + b).sum(); numpy arrays in and out."""
    return None  # your code here


# %%
# Self-check 3
def sigmoid_layer_autograd(W, x, b):
    W_t, b_t = cl.tensor(W, requires_grad=True), cl.tensor(b, requires_grad=True)
    cl.sigmoid(W_t @ cl.tensor(x) + b_t).sum().backward()
    return W_t.grad.numpy(), b_t.grad.numpy()


rng = np.random.default_rng(6)
cases = [(rng.standard_normal((k, n)), rng.standard_normal(n), rng.standard_normal(k))
         for k, n in [(2, 3), (4, 2), (1, 5)]]
check_function(3, sigmoid_layer_grads, sigmoid_layer_autograd, cases,
               hint="∂loss/∂W must have W's shape; evaluate σ' at s = Wx + b, not at h")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# def sigmoid_layer_grads(W, x, b):
#     """(∂loss/∂W, ∂loss/∂b) for loss = sigmoid(W @ x + b).sum(); numpy arrays in and out."""
#     sig = 1 / (1 + np.exp(-(W @ x + b)))
#     d = sig * (1 - sig)  # ∂loss/∂s: all-ones upstream times σ'(s)
#     return np.outer(d, x), d
# ```
#
# </details>

# %% [markdown]
# <a id="d2l-2-4-10"></a>
#
# **Exercise 4 — the derivative of an inverse function (d2l 2.4.10).** $f(x) = x^3 + x$ is
# strictly increasing, so it has an inverse $g = f^{-1}$: $g(y)$ is the $x$ with $f(x) = y$. There
# is no neat formula for $g$ — but there is one for its derivative. Find $g'(2)$ by hand and set
# `answer` to it. Then state the general rule for $(f^{-1})'(y)$ to yourself.
#
# <details><summary>Hint 1</summary>
#
# $f(g(y)) = y$ for every $y$. Differentiate both sides with respect to $y$.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# The chain rule on the left gives $f'(g(y))\,g'(y) = 1$. You need $g(2)$: which $x$ has
# $x^3 + x = 2$? Try small integers.
#
# </details>

# %%
# Exercise 4
answer = None  # your code here


# %%
# Self-check 4
def g_numeric(y, low=-10.0, high=10.0):
    """f⁻¹(y) for f(x) = x³ + x, by bisection (f is increasing)."""
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if mid**3 + mid < y else (low, mid)
    return (low + high) / 2


step = 1e-5
check(4, answer, (g_numeric(2 + step) - g_numeric(2 - step)) / (2 * step), tol=1e-6,
      hint="g'(2) = 1 / f'(x) at the x with f(x) = 2 — not at x = 2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 4
# # f(g(y)) = y  ⇒  f'(g(y))·g'(y) = 1  ⇒  g'(y) = 1 / f'(g(y)).
# # f(1) = 2, so g(2) = 1; f'(x) = 3x² + 1, f'(1) = 4.
# answer = 1 / 4
# ```
#
# The rule $(f^{-1})'(y) = 1/f'(f^{-1}(y))$ needs $f'(f^{-1}(y)) \ne 0$. For example
# $\ln$, the inverse of $\exp$, gets $D \ln y = 1/e^{\ln y} = 1/y$, and $\sqrt{y}$, the
# inverse of $x^2$ on $x > 0$, gets $D\sqrt{y} = 1/(2\sqrt{y})$ (which needs $y > 0$).
#
# </details>

# %% [markdown]
# ## Summary
#
# * **Scalar chain rule**: $\frac{dy}{dx} = f'(g(x))\,g'(x) = \frac{dy}{du}\frac{du}{dx}$; for
#   $\cos(x^2 - 1)$ it gives $-\sin(x^2 - 1)\cdot 2x$, matched by autograd and central differences.
# * **Several paths**: contributions along different paths **add**; autograd accumulates them.
# * **Vector chain rule**: multiply Jacobians, $\frac{\partial y}{\partial x} = \frac{\partial y}{\partial u}\frac{\partial u}{\partial x}$,
#   $(m \times k)(k \times n)$ — the shapes must chain.
# * Decompose, differentiate each step, multiply: $\partial_w (\langle x,w\rangle - y)^2 = 2(\langle x,w\rangle - y)x^\top$
#   and $\partial_w \lVert Xw - y\rVert^2 = 2(Xw - y)^\top X$.
# * **ReLU layer**: $\partial\,\text{loss}/\partial W = \text{mask}\;x^\top$. A linear layer's weight
#   gradient is (upstream gradient) × (input features).
# * **Inverse functions**: differentiating $f(f^{-1}(y)) = y$ gives
#   $(f^{-1})'(y) = 1/f'(f^{-1}(y))$.
#
# **Next:** [Lesson 6 — Computational graphs; forward vs reverse mode](06_graphs_forward_reverse.ipynb),
# where the chain rule is organised into forward and reverse accumulation.
