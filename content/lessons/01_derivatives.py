# %% [markdown]
# # Lesson 1 — Derivatives and differentials
#
# A neural network learns by making a loss smaller, and the tool that says *which way is
# smaller* is the derivative. This lesson rebuilds it from the ground up and checks every
# step with `course_lib`'s autograd.
#
# **Learning goals.** After this lesson you can
#
# 1. read a derivative as an instantaneous rate of change and as the slope of a tangent line;
# 2. state the limit definition and compute a derivative from it;
# 3. tell the differential $dy = f'(x)\,dx$ from the increment $\Delta y$ and explain why $dy$
#    is the *best linear approximation* (with the numbers $dy = 0.6$, $\Delta y = 0.61$);
# 4. derive the basic derivatives and the sum, product and quotient rules from the definition,
#    apply them — and check them with autograd;
# 5. say what $f'(x) = 0$ means and use it to find local maxima and minima;
# 6. say how a derivative, a differential, a partial derivative and a gradient differ.
#
# Run the cells from top to bottom (Shift+Enter).

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function
from course_lib.viz import plot_differential, plot_tangent_secant

# %% [markdown]
# ## 1. Rate of change
#
# Over a small step $h$, a function changes by $f(x+h) - f(x)$; divided by $h$ this is the
# **average rate of change** over $[x, x+h]$ — the slope of the *secant* through the two points.
# Take the running example $f(x) = x^2$ at $x = 3$ and shrink $h$:

# %%
def f(x):
    return x**2


x0 = 3.0
for h in [1.0, 0.1, 0.01, 0.001, 0.0001]:
    slope = (f(x0 + h) - f(x0)) / h
    print(f"h = {h:<7g} average rate of change = {slope:.6f}")


# %% [markdown]
# The slopes settle on **6**. That limit is the derivative: at $x = 3$ the function $x^2$
# grows at the instantaneous rate 6 (six units of $y$ per unit of $x$, for tiny steps).
# For a straight line nothing needs to settle: the seed's example $F(x) = 3x$ has the value
# $F(3) = 3 \cdot 3 = 9$, and every secant *is* the line, so every ratio $\Delta F/\Delta x$ is 3.

# %%
def F(x):
    return 3 * x


print("F(3) =", F(3))
for dx in [1.0, 0.1, 0.001]:
    print(f"Δx = {dx:<6g} ΔF/Δx = {(F(3 + dx) - F(3)) / dx:.6f}")

# %% [markdown]
# ## 2. The limit definition
#
# $$
# f'(x) \;=\; \frac{dy}{dx} \;=\; \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}.
# $$
#
# If the limit exists, $f$ is *differentiable* at $x$. It must be the same limit whether
# $h$ approaches 0 from the right or from the left — Lesson 2 shows a function, $|x|$, where
# the two disagree.
#
# For $f(x) = x^2$ the algebra is short: $\frac{(x+h)^2 - x^2}{h} = \frac{2xh + h^2}{h} = 2x + h
# \to 2x$. So $f'(3) = 6$, and the gap in the table above was exactly $h$.
#
# In the seed text, $F = 2x^2$ has derivative $F' = 4x$. `course_lib` computes the same
# number by reverse-mode automatic differentiation: build $F$ from a tensor that
# `requires_grad`, call `backward()`, read `.grad`.

# %%
for x_value in [-1.0, 0.0, 1.0, 2.5]:
    x = cl.tensor(x_value, requires_grad=True)
    F = 2 * x**2
    F.backward()
    print(f"x = {x_value:5}: F'(x) by autograd = {x.grad.item():5}, 4x = {4 * x_value:5}")


# %% [markdown]
# ## 3. The tangent line
#
# The derivative is the slope of the **tangent line** at $a$:
# $\;y = f(a) + f'(a)\,(x - a)$. The secant through $a$ and $a + h$ turns into the tangent as
# $h \to 0$ — on the left $h = 1$ (slope 7), on the right $h = 0.2$ (slope 6.2), and the
# tangent has slope 6.

# %%
def df(x):
    return 2 * x


fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
plot_tangent_secant(f, df, 3.0, 1.0, ax=axes[0])
plot_tangent_secant(f, df, 3.0, 0.2, ax=axes[1])
fig.suptitle("f(x) = x²: the secant turns into the tangent as h → 0")
plt.show()

# %% [markdown]
# Autograd gives the tangent's slope directly, with no $h$ at all:

# %%
x = cl.tensor(3.0, requires_grad=True)
y = x**2
y.backward()
print(y)       # f(3) = 9
print(x.grad)  # f'(3) = 2·3 = 6

# %% [markdown]
# ## 4. The differential: the best linear approximation
#
# Move $x$ by $dx$. The function really changes by the **increment**
# $\Delta y = f(x + dx) - f(x)$ (along the curve). The **differential** is the change along
# the tangent line instead:
#
# $$ dy = f'(x)\,dx . $$
#
# It is *linear* in $dx$, which makes it easy to compute with. The seed's example:
# $f(x) = x^2$ at $x = 3$ with $dx = 0.1$.

# %%
x = cl.tensor(3.0, dtype=cl.float64, requires_grad=True)
y = x**2
y.backward()

dx = 0.1
dy = x.grad.item() * dx  # along the tangent
delta_y = (3.0 + dx) ** 2 - 3.0**2  # along the curve
print(f"f'(3) = {x.grad.item():g}")
print(f"dy = f'(3)·dx = {dy:.10g}")
print(f"Δy = f(3.1) − f(3) = {delta_y:.10g}")
print(f"error Δy − dy = {delta_y - dy:.10g}")

# %% [markdown]
# $dy = 0.6$ and $\Delta y = 0.61$: the error is only $0.01 = dx^2$. Why *best*? For
# $x^2$, $\Delta y = 2x\,dx + dx^2$, so the error of $dy$ is $dx^2$, which shrinks *faster*
# than $dx$: the error divided by $dx$ goes to 0. Any other slope $m \ne f'(x)$ leaves an error
# of about $(f'(x) - m)\,dx$, which divided by $dx$ does not go to 0. That property
# *defines* the derivative in higher dimensions.
#
# **The source text says** the differential "can be seen as an approximation of the
# derivative"; **precisely**, the differential $dy = f'(x)\,dx$ approximates the *increment*
# $\Delta y = f(x + dx) - f(x)$. The derivative $f'(x)$ is not approximated by anything here:
# it is the exact slope that the differential uses.

# %%
print(f"{'dx':>8} {'dy':>10} {'Δy':>12} {'Δy − dy':>12} {'(Δy − dy)/dx':>13}")
for dx in [1.0, 0.1, 0.01, 0.001]:
    dy, delta_y = 6.0 * dx, f(3.0 + dx) - f(3.0)
    print(f"{dx:>8g} {dy:>10.4g} {delta_y:>12.6g} {delta_y - dy:>12.3g} {(delta_y - dy) / dx:>13.3g}")

# %% [markdown]
# The picture: $dy$ climbs the tangent, $\Delta y$ climbs the curve. With $dx = 1$ the gap is
# easy to see ($dy = 6$, $\Delta y = 7$); with the seed's $dx = 0.1$ it is almost invisible.

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
plot_differential(f, df, 3.0, 1.0, ax=axes[0])
plot_differential(f, df, 3.0, 0.1, ax=axes[1])
axes[0].set_title("dx = 1: dy = 6 vs Δy = 7")
axes[1].set_title("dx = 0.1: dy = 0.6 vs Δy = 0.61")
fig.suptitle("The differential dy (tangent) vs the increment Δy (curve), f(x) = x² at x = 3")
plt.show()


# %% [markdown]
# ## 5. The derivative rules
#
# Writing $D$ for "the derivative of", the rules for common functions and for combinations:
#
# | rule | formula |
# |---|---|
# | constant | $D\,c = 0$ |
# | power | $D\,x^n = n\,x^{n-1}$ |
# | exponential, logarithm | $D\,e^x = e^x$, $\;D \ln x = 1/x$ |
# | sine, cosine | $D \sin x = \cos x$, $\;D \cos x = -\sin x$ |
# | constant multiple | $D\,[c\,f] = c\,Df$ |
# | sum | $D\,[f + g] = Df + Dg$ |
# | product | $D\,[f g] = f\,Dg + g\,Df$ |
# | quotient | $D\,[f / g] = \dfrac{g\,Df - f\,Dg}{g^2}$ |
#
# Autograd knows none of these formulas as such: it knows each operation's local derivative
# and the chain rule (Lesson 5). So it is a good referee for the rules. Each row below computes
# the derivative at $x = 2$ by hand and by `course_lib`.

# %%
def autograd_derivative(fn, x_value):
    """f'(x) by course_lib: build fn(x) from a tensor that requires grad, then backward()."""
    x = cl.tensor(x_value, dtype=cl.float64, requires_grad=True)
    fn(x).backward()
    return x.grad.item()


a = 2.0
rules = [
    ("constant    D 5 = 0", lambda x: 5 + 0 * x, 0.0),  # 0·x keeps x in the graph
    ("power       D x³ = 3x²", lambda x: x**3, 3 * a**2),
    ("multiple    D 2x² = 4x", lambda x: 2 * x**2, 4 * a),
    ("sum         D (x² + sin x) = 2x + cos x", lambda x: x**2 + cl.sin(x), 2 * a + math.cos(a)),
    ("product     D (x² sin x) = 2x sin x + x² cos x", lambda x: x**2 * cl.sin(x),
     2 * a * math.sin(a) + a**2 * math.cos(a)),
    ("quotient    D (sin x / x) = (x cos x − sin x)/x²", lambda x: cl.sin(x) / x,
     (a * math.cos(a) - math.sin(a)) / a**2),
    ("exp, log    D (eˣ + ln x) = eˣ + 1/x", lambda x: cl.exp(x) + cl.log(x), math.exp(a) + 1 / a),
]
for name, fn, by_hand in rules:
    auto = autograd_derivative(fn, a)
    verdict = "✓" if math.isclose(auto, by_hand, rel_tol=1e-12, abs_tol=1e-12) else "✗"
    print(f"{name:<50} by hand {by_hand:+.6f}  autograd {auto:+.6f}  {verdict}")

# %% [markdown]
# <a id="d2l-2-4-1"></a>
#
# ### Where the rules come from: four derivatives from the definition (d2l 2.4.1)
#
# Each basic rule is the limit of a difference quotient, worked out once:
#
# - **Constant** $f(x) = c$: $\frac{c - c}{h} = 0$ for every $h$, so $D\,c = 0$.
# - **Power** $f(x) = x^n$ ($n$ a positive integer): by the binomial theorem
#   $(x + h)^n = x^n + n x^{n-1} h + \binom{n}{2} x^{n-2} h^2 + \dots + h^n$, so
#   $\frac{(x+h)^n - x^n}{h} = n x^{n-1} + \binom{n}{2} x^{n-2} h + \dots + h^{n-1} \to n x^{n-1}$:
#   every term but the first still carries a factor $h$.
# - **Exponential** $f(x) = e^x$: $\frac{e^{x+h} - e^x}{h} = e^x \cdot \frac{e^h - 1}{h}$. The
#   number $e$ is exactly the base for which $\frac{e^h - 1}{h} \to 1$ (from the series
#   $e^h = 1 + h + h^2/2 + \dots$, the quotient is $1 + h/2 + \dots$). So $D\,e^x = e^x$.
# - **Logarithm** $f(x) = \ln x$ ($x > 0$): $\frac{\ln(x + h) - \ln x}{h}
#   = \frac{1}{x} \cdot \frac{\ln(1 + t)}{t}$ with $t = h/x \to 0$. Put $1 + t = e^s$: then
#   $\frac{\ln(1+t)}{t} = \frac{s}{e^s - 1} \to 1$ by the limit just used. So $D \ln x = 1/x$.
#
# The quotients at $x = 2$ approach the four formulas as $h$ shrinks (float64):

# %%
basics = [("D 5 = 0", lambda x: 5.0, 0.0), ("D x³ = 3x²", lambda x: x**3, 3 * 2.0**2),
          ("D eˣ = eˣ", math.exp, math.exp(2.0)), ("D ln x = 1/x", math.log, 1 / 2.0)]
print(f"{'rule':<14}" + "".join(f"{'h = ' + format(h, 'g'):>14}" for h in (1e-2, 1e-4, 1e-6))
      + f"{'formula':>12}")
for name, fn, formula in basics:
    quotients = [(fn(2.0 + h) - fn(2.0)) / h for h in (1e-2, 1e-4, 1e-6)]
    print(f"{name:<14}" + "".join(f"{q:>14.6f}" for q in quotients) + f"{formula:>12.6f}")

# %% [markdown]
# <a id="d2l-2-4-2"></a>
#
# ### The sum, product and quotient rules from first principles (d2l 2.4.2)
#
# Let $f$ and $g$ be differentiable at $x$ and write $\Delta f = f(x+h) - f(x)$,
# $\Delta g = g(x+h) - g(x)$, so that $\Delta f / h \to f'(x)$ and $\Delta g / h \to g'(x)$.
#
# - **Sum.** $\frac{(f + g)(x+h) - (f + g)(x)}{h} = \frac{\Delta f}{h} + \frac{\Delta g}{h}
#   \to f'(x) + g'(x)$.
# - **Product.** Add and subtract $f(x+h)\,g(x)$ in the numerator:
#   $f(x+h)g(x+h) - f(x)g(x) = f(x+h)\,\Delta g + g(x)\,\Delta f$. Divide by $h$ and let
#   $h \to 0$. Since $f$ is differentiable it is continuous, so $f(x+h) \to f(x)$, and the limit
#   is $f(x)\,g'(x) + g(x)\,f'(x)$.
# - **Quotient** ($g(x) \ne 0$). Bring to one denominator, then add and subtract
#   $f(x)\,g(x)$:
#   $$\frac{f(x+h)}{g(x+h)} - \frac{f(x)}{g(x)} = \frac{f(x+h)\,g(x) - f(x)\,g(x+h)}{g(x+h)\,g(x)}
#   = \frac{g(x)\,\Delta f - f(x)\,\Delta g}{g(x+h)\,g(x)} .$$
#   Divide by $h$; with $g(x+h) \to g(x)$ the limit is $\dfrac{g(x)\,f'(x) - f(x)\,g'(x)}{g(x)^2}$.
#
# The only fact used beyond the definition: a differentiable function is continuous.

# %% [markdown]
# <a id="d2l-2-4-3"></a>
#
# ### The constant multiple rule is a product rule (d2l 2.4.3)
#
# Take $g(x) = c$ in the product rule: $D[c\,f] = c\,Df + f\,Dc = c\,Df + f \cdot 0 = c\,Df$,
# because $D\,c = 0$ (2.4.1). No new rule is needed — and autograd does the same: `5 * x`
# is a multiplication whose second factor happens not to depend on `x`.

# %% [markdown]
# <a id="d2l-2-4-5"></a>
#
# ## 6. $f'(x) = 0$: flat points and local extrema (d2l 2.4.5)
#
# $f'(x_0) = 0$ means the tangent at $x_0$ is **horizontal**: to first order, $f$ does not
# change when $x$ moves a little ($dy = 0 \cdot dx = 0$, and the increment $\Delta y$ shrinks
# faster than $dx$).
#
# Why it matters: at a **local minimum** $x_0$ of a differentiable $f$, $f(x_0 + h) \ge f(x_0)$ for
# all small $h$. So the quotient $\frac{f(x_0 + h) - f(x_0)}{h}$ is $\ge 0$ for $h > 0$ and $\le 0$ for
# $h < 0$; its one limit must be both, so $f'(x_0) = 0$. The same holds at a local maximum. That is
# the seed's use of the derivative: *we choose losses that are differentiable in the parameters
# so that the derivative can locate their local extrema.*
#
# The converse is false: $f'(x_0) = 0$ only makes $x_0$ a **candidate**. Example:
# $f(x) = x^3 - 3x$ has $f'(x) = 3x^2 - 3 = 0$ at $x = \pm 1$ — a local maximum at $-1$
# ($f = 2$) and a local minimum at $1$ ($f = -2$); neither is a global extremum, since $f$ goes to
# $\pm\infty$. And $g(x) = x^3$ has $g'(0) = 0$ but no extremum at 0: it keeps rising on both
# sides (a flat *inflection* point). Autograd finds where $f'$ changes sign:

# %%
grid = cl.tensor(np.linspace(-2, 2, 400), requires_grad=True)  # float64
(grid**3 - 3 * grid).sum().backward()  # one backward: f'(x) at all 400 points
slope = grid.grad.numpy()
xs_grid = grid.detach().numpy()
for k in np.nonzero(np.sign(slope[:-1]) != np.sign(slope[1:]))[0]:
    x_flat = xs_grid[k] if abs(slope[k]) < abs(slope[k + 1]) else xs_grid[k + 1]
    kind = "maximum (f' goes + to −)" if slope[k] > 0 else "minimum (f' goes − to +)"
    print(f"f'(x) = 0 near x = {x_flat:+.2f}: local {kind}, f = {x_flat**3 - 3 * x_flat:+.2f}")

fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
axes[0].plot(xs_grid, xs_grid**3 - 3 * xs_grid, label="f(x) = x³ − 3x")
axes[0].plot(xs_grid, slope, "--", label="f'(x) = 3x² − 3")
axes[0].plot([-1, 1], [2, -2], "o", color="C3", label="f' = 0: local max, local min")
axes[1].plot(xs_grid, xs_grid**3, label="g(x) = x³")
axes[1].plot(xs_grid, 3 * xs_grid**2, "--", label="g'(x) = 3x²")
axes[1].plot([0], [0], "o", color="C3", label="g' = 0, but no extremum")
for ax in axes:
    ax.axhline(0, color="gray", lw=0.5)
    ax.set_xlabel("x")
    ax.legend(loc="upper center", fontsize="small")
axes[0].set_title("f' = 0 at a local maximum and a local minimum")
axes[1].set_title("f' = 0 is necessary, not sufficient")
plt.show()

# %% [markdown]
# ## 7. Derivative, differential, partial derivative, gradient
#
# | | what it is | for $f(x) = x^2$ or $z = x^2 + y^2$ |
# |---|---|---|
# | **derivative** $f'(x)$ | a *number* at each point: the rate of change, the tangent's slope (one variable) | $f'(x) = 2x$, $f'(3) = 6$ |
# | **differential** $dy$ | a *linear map* $dx \mapsto f'(x)\,dx$: the best linear approximation of the change | $dy = 2x\,dx = 0.6$ for $dx = 0.1$ |
# | **partial derivative** $\partial z/\partial x$ | the rate of change along one axis, the other variables held fixed (a number) | $\partial z/\partial x = 2x$, $\;\partial z/\partial y = 2y$ |
# | **gradient** $\nabla z$ | the *vector* of all partial derivatives; it points where $z$ rises fastest | $\nabla z = (2x,\ 2y)$ |
#
# A common mix-up: the derivative is a ratio ($dy/dx$), the differential a product
# ($f'(x)\,dx$). With several variables the differential becomes the **total differential**
# $dz = \frac{\partial z}{\partial x}dx + \frac{\partial z}{\partial y}dy$.
#
# The seed's $z = 3x + 2y$ has the partial derivatives 3 and 2 everywhere. For
# $z = x^2 + y^2$ at the point $(1, 2)$, autograd gives both partial derivatives at once:

# %%
x = cl.tensor(1.0, requires_grad=True)
y = cl.tensor(2.0, requires_grad=True)
z = x**2 + y**2
z.backward()
print("z =", z)
print("∂z/∂x =", x.grad, "(2x at x = 1)")
print("∂z/∂y =", y.grad, "(2y at y = 2)")

# the total differential predicts the change for a small step (dx, dy) = (0.1, 0.1)
dz = x.grad.item() * 0.1 + y.grad.item() * 0.1
delta_z = (1.1**2 + 2.1**2) - (1.0**2 + 2.0**2)
print(f"total differential dz = {dz:.4f}, true change Δz = {delta_z:.4f}")

# %% [markdown]
# The gradient $(2, 4)$ points where $z$ grows fastest. Check it: the rate of change along a
# unit direction $u$ is $\nabla z \cdot u$; over all directions it is largest along
# $\nabla z / \lVert \nabla z \rVert$, where it equals $\lVert \nabla z \rVert = \sqrt{20}$.

# %%
grad = np.array([x.grad.item(), y.grad.item()])
angles = np.linspace(0, 2 * np.pi, 721)
directions = np.stack([np.cos(angles), np.sin(angles)], axis=1)
rates = directions @ grad
best = directions[np.argmax(rates)]
print(f"fastest direction {np.round(best, 3)} vs ∇z/‖∇z‖ {np.round(grad / np.linalg.norm(grad), 3)}")
print(f"largest rate {rates.max():.4f} vs ‖∇z‖ = {np.linalg.norm(grad):.4f}")

xs, ys = np.meshgrid(np.linspace(-3, 3, 121), np.linspace(-3, 3, 121))
fig, ax = plt.subplots(figsize=(5.5, 5))
contours = ax.contour(xs, ys, xs**2 + ys**2, levels=12, cmap="viridis")
ax.clabel(contours, fontsize=7)
ax.quiver(1, 2, grad[0], grad[1], angles="xy", scale_units="xy", scale=4, color="C3",
          label="∇z(1, 2) = (2, 4), scaled")
ax.plot([1], [2], "ko", label="point (1, 2)")
ax.set_aspect("equal")
ax.set_title("z = x² + y²: the gradient is perpendicular to the contour")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="lower left")
plt.show()

# %% [markdown]
# **Why this matters for learning.** Training a model means making a loss $L(w)$ small. We
# choose losses that are differentiable in the parameters, so the derivative tells us the
# direction: a small step *against* the derivative lowers the loss. For
# $L(w) = (w - 3)^2$ at $w = 0$, $L'(0) = -6$, and a step $w \leftarrow w - 0.1 \cdot L'(w)$:

# %%
w = cl.tensor(0.0, requires_grad=True)
loss = (w - 3) ** 2
loss.backward()
new_w = w.item() - 0.1 * w.grad.item()
print(f"L(0) = {loss.item():g}, L'(0) = {w.grad.item():g}, "
      f"new w = {new_w:g}, L(new w) = {(new_w - 3) ** 2:.4g}")

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Stuck? Unfold the hints one at a time — the first is a nudge, the second the idea — and try
# again before you look at the solution.

# %% [markdown]
# <a id="d2l-2-4-4"></a>
#
# **Exercise 1 — the derivative of $x^x$ (d2l 2.4.4).** Write `dxx(x)`, the derivative of
# $f(x) = x^x$ for $x > 0$ ($x$ is a Python float; use `math`). The self-check compares it with
# autograd at four points.
#
# <details><summary>Hint 1</summary>
#
# $x^x$ is neither a power $x^n$ (the exponent would have to be fixed) nor an exponential $a^x$
# (the base would have to be fixed): neither rule applies as it stands. Rewrite $x^x$ with
# $e$ and $\ln$.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# $x^x = e^{x \ln x}$. For $e^{u(x)}$ the chain rule (Lesson 5) gives $D\,e^{u(x)} = e^{u(x)}\,u'(x)$;
# here $u(x) = x \ln x$, whose derivative comes from the product rule.
#
# </details>

# %%
# Exercise 1
def dxx(x):
    """The derivative of x**x, for x > 0."""
    return None  # your code here


# %%
# Self-check 1
check_function(1, dxx, lambda x0: autograd_derivative(lambda x: cl.exp(x * cl.log(x)), x0),
               [0.2, 1.0, 2.0, 3.3],
               hint="unfold the hints above the exercise, one at a time")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# def dxx(x):
#     """The derivative of x**x, for x > 0."""
#     # x^x = e^(x ln x); D(x ln x) = ln x + x · (1/x) = ln x + 1
#     return x**x * (math.log(x) + 1)
# ```
#
# At $x = 1/e \approx 0.37$ the derivative is 0 — the minimum of $x^x$ on $x > 0$ (Section 6).
#
# </details>

# %% [markdown]
# <a id="d2l-2-4-6"></a>
#
# **Exercise 2 — a tangent line (d2l 2.4.6).** For $f(x) = x^3 - \dfrac{1}{x}$, find the tangent
# line at $x = 1$ by hand. Set `answer = (slope, intercept)` for the line
# $y = \text{slope}\cdot x + \text{intercept}$. The cell after the solution plots $f$ with your
# line.
#
# <details><summary>Hint 1</summary>
#
# The tangent at $a$ passes through $(a, f(a))$ with slope $f'(a)$ (Section 3). Start with
# $f(1)$, then differentiate term by term.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# $1/x = x^{-1}$, and the power rule holds for negative exponents too:
# $D\,x^{-1} = -x^{-2}$. The line $y = f(a) + f'(a)(x - a)$ has intercept $f(a) - a\,f'(a)$.
#
# </details>

# %%
# Exercise 2
answer = None  # your code here: (slope, intercept)

# %%
# Self-check 2
x = cl.tensor(1.0, dtype=cl.float64, requires_grad=True)
f_at_1 = x**3 - 1 / x
f_at_1.backward()
check(2, answer, (x.grad.item(), f_at_1.item() - 1.0 * x.grad.item()), tol=1e-9,
      hint="the slope is f'(1); the line must pass through (1, f(1))")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# # f(1) = 1 − 1 = 0; f'(x) = 3x² + 1/x², so f'(1) = 4; y = 0 + 4(x − 1) = 4x − 4
# answer = (4.0, -4.0)
# ```
#
# </details>

# %%
xs_plot = np.linspace(0.3, 2.0, 300)
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(xs_plot, xs_plot**3 - 1 / xs_plot, label="f(x) = x³ − 1/x")
if answer is not None:
    ax.plot(xs_plot, answer[0] * xs_plot + answer[1], "--", label="your tangent line")
ax.plot([1], [0], "ko", label="(1, f(1))")
ax.set_ylim(-4, 8)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_title("x³ − 1/x and its tangent at x = 1")
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# **Exercise 3 — the differential at work.** Estimate $\sqrt{9.2}$ with the differential of
# $f(x) = \sqrt{x}$ at $x = 9$ — no square root of 9.2 allowed. Set `answer` to your estimate.
# (Will it be too large or too small? Look at the shape of $\sqrt{x}$ before you compute.)
#
# <details><summary>Hint 1</summary>
#
# Start where you know $\sqrt{x}$ exactly, and move by $dx$: $f(9 + dx) \approx f(9) + dy$.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# $dy = f'(9)\,dx$ with $dx = 0.2$, and $D\sqrt{x} = D\,x^{1/2} = \frac{1}{2}x^{-1/2}$.
#
# </details>

# %%
# Exercise 3
answer = None  # your code here

# %%
# Self-check 3
x = cl.tensor(9.0, dtype=cl.float64, requires_grad=True)
cl.sqrt(x).backward()
check(3, answer, 3.0 + x.grad.item() * 0.2, tol=1e-9,
      hint="the tangent of √x at 9, followed for dx = 0.2 (the hints above give the steps)")


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# answer = 3.0 + 0.2 / (2 * 3.0)  # 3.0333…; the true √9.2 = 3.03315…
# ```
#
# The estimate is a little too large: $\sqrt{x}$ bends downwards, so its tangent lies above it.
#
# </details>

# %% [markdown]
# **Exercise 4 — the quotient rule.** Write `dg(x)`, the derivative of
# $g(x) = \dfrac{\sin x}{1 + x^2}$, by hand ($x$ is a Python float; use `math`). The
# self-check compares it with autograd at five points.
#
# <details><summary>Hint 1</summary>
#
# Name the numerator and the denominator, and write down the derivative of each first.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# $D(u/v) = (v\,Du - u\,Dv)/v^2$ with $u = \sin x$ and $v = 1 + x^2$.
#
# </details>

# %%
# Exercise 4
def dg(x):
    """The derivative of g(x) = sin(x) / (1 + x²)."""
    return None  # your code here


# %%
# Self-check 4
def dg_autograd(x_value):
    return autograd_derivative(lambda x: cl.sin(x) / (1 + x**2), x_value)


check_function(4, dg, dg_autograd, [-2.0, -0.5, 0.0, 1.0, 3.0],
               hint="check the sign of the second term and the square in the denominator")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 4
# def dg(x):
#     """The derivative of g(x) = sin(x) / (1 + x²)."""
#     return (math.cos(x) * (1 + x**2) - math.sin(x) * 2 * x) / (1 + x**2) ** 2
# ```
#
# </details>

# %% [markdown]
# ## Summary
#
# - The derivative $f'(x) = \lim_{h\to 0} \frac{f(x+h)-f(x)}{h}$ is the instantaneous rate of
#   change and the slope of the tangent line; for $x^2$ at 3 it is 6.
# - The differential $dy = f'(x)\,dx$ is the best linear approximation of the change
#   $\Delta y$: for $x^2$ at 3 with $dx = 0.1$, $dy = 0.6$ and $\Delta y = 0.61$, an error of
#   $dx^2 = 0.01$ that vanishes faster than $dx$.
# - Constant, power, sum, product and quotient rules follow from the limit definition and give
#   derivatives of combinations; autograd gets the same numbers from local derivatives and the
#   chain rule.
# - $f'(x_0) = 0$ means a horizontal tangent. At a local extremum inside its domain, a
#   differentiable function has $f' = 0$; but not every such point is an extremum ($x^3$ at 0).
# - Partial derivatives hold the other variables fixed; the gradient collects them
#   ($\nabla(x^2 + y^2) = (2x, 2y)$) and points where the function rises fastest — so a
#   step against it lowers a loss.
#
# **Next:** [Lesson 2 — Subgradients and |x|](02_subgradients.ipynb): what happens where the
# derivative does not exist.
