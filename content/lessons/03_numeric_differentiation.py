# %% [markdown]
# # Lesson 3 — Numeric differentiation from Taylor series
#
# Before automatic differentiation, the obvious way to get a derivative on a computer is to
# evaluate the function at nearby points: a **finite difference**. It is the baseline every
# autograd is checked against — and its two failure modes, error and cost, are why autograd
# exists.
#
# **Learning goals.** After this lesson you can
#
# 1. write the Taylor and Maclaurin series of a function and bound the truncation error;
# 2. derive the forward, backward, central and five-point formulas from Taylor expansions —
#    by hand and by solving the Taylor system with `numdiff.stencil` — and state their orders;
# 3. explain truncation vs round-off error, float32 vs float64, and choose a good step $h$;
# 4. read the error-vs-$h$ plot and use Richardson extrapolation;
# 5. spot the seed's `grad_check` pitfall (float32 with `eps = 1e-5` gives 6.0081, not 6);
# 6. explain why $O(n)$ function evaluations per gradient (and $2n$ calls, $m \cdot n$ entries per
#    Jacobian) rule finite differences out for training.

# %%
import math
import time

import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib import numdiff
from course_lib.exercises import check, verdict
from course_lib.functional import jacobian
from course_lib.viz import HExplorer, TaylorExplorer, plot_error_vs_h, plot_taylor

# %% [markdown]
# ## 1. Taylor series
#
# If $f$ is smooth near $x_0$, its value at $x_0 + h$ is a power series in $h$ whose
# coefficients are the derivatives at $x_0$:
#
# $$
# f(x_0 + h) = f(x_0) + f'(x_0)\,h + \frac{f''(x_0)}{2!}h^2 + \frac{f'''(x_0)}{3!}h^3 + \dots
# = \sum_{k=0}^{\infty} \frac{f^{(k)}(x_0)}{k!}\,h^k .
# $$
#
# With $x_0 = 0$ it is the **Maclaurin series**:
# $e^x = 1 + x + \frac{x^2}{2!} + \frac{x^3}{3!} + \dots$ and
# $\sin x = x - \frac{x^3}{3!} + \frac{x^5}{5!} - \dots$.
# Order 0 is a constant (a horizontal line), order 1 the tangent line, order 2 a parabola…
# Approximating $e^{0.5}$:

# %%
x = 0.5
approx = 0.0
for k in range(6):
    approx += x**k / math.factorial(k)
    bound = math.exp(x) * x ** (k + 1) / math.factorial(k + 1)  # Lagrange: f^(k+1)(ξ) ≤ e^0.5
    print(f"order {k}: P_{k}(0.5) = {approx:.8f}   error = {math.exp(x) - approx:.2e}"
          f"   bound = {bound:.2e}")

# %% [markdown]
# The error after order $n$ is the **remainder** $R_n = f(x_0 + h) - P_n(x_0 + h)$. Lagrange's
# form is **exact**: $R_n = \frac{f^{(n+1)}(\xi)}{(n+1)!}h^{n+1}$ for some $\xi$ between $x_0$ and
# $x_0 + h$ — an equality, but with a $\xi$ we do not know. A **bound** follows by bounding the
# unknown derivative: if $|f^{(n+1)}| \le M$ between $x_0$ and $x_0 + h$, then
# $|R_n| \le \frac{M}{(n+1)!}|h|^{n+1}$. For $e^x$ on $[0, 0.5]$, $M = e^{0.5}$: that is the
# `bound` column above, and every error sits below it. In Peano's form $R_n = o(h^n)$: it
# vanishes faster than $h^n$. The series need not converge everywhere: $e^x$ and $\sin x$ have series that converge
# for every $x$, but $\ln(1 + x) = x - \frac{x^2}{2} + \frac{x^3}{3} - \dots$ only for
# $-1 < x \le 1$. For numeric derivatives we only need *small* $h$, where a few terms say it all.

# %%
fig, axes = plt.subplots(2, 2, figsize=(10, 7), layout="constrained")
for ax, order in zip(axes.flat, [0, 1, 2, 3]):
    plot_taylor(np.exp, [1.0] * 6, 0.0, order, radius=2.0, ax=ax)
fig.suptitle("Maclaurin polynomials of eˣ: order 0 (constant), 1 (tangent), 2 (parabola), 3")
plt.show()

# %% [markdown]
# The **Taylor explorer** raises the order for $\sin x$ (derivatives at 0: $0, 1, 0, -1, \dots$):
# watch the polynomial hug the curve over a wider and wider range. The window is
# $[-\pi, \pi]$; the readout gives the largest error on it, which for these polynomials sits at
# the window's ends, $x = \pm\pi$.
#
# **Task (Exercise 1 records it).** What is the smallest order $n$ for which the Maclaurin
# polynomial $P_n$ of $\sin$ is within $10^{-3}$ of $\sin x$ at $x = \pi$? Before you move the
# slider, guess. Why does the error stay the same from an odd order to the next even one?

# %%
sin_derivatives = [0.0, 1.0, 0.0, -1.0] * 4  # sin, cos, −sin, −cos at 0, repeating
taylor = TaylorExplorer(np.sin, sin_derivatives, x0=0.0, order=3, radius=math.pi)
taylor

# %% [markdown]
# ## 2. Finite differences from Taylor expansions
#
# Expand $f$ around $x$ at the points $x \pm h$:
#
# $$
# f(x \pm h) = f(x) \pm h f'(x) + \frac{h^2}{2} f''(x) \pm \frac{h^3}{6} f'''(x) + \dots
# $$
#
# - **Forward**: $\dfrac{f(x+h) - f(x)}{h} = f'(x) + \dfrac{h}{2}f''(x) + O(h^2)$ — error $\propto h$, order 1.
# - **Backward**: $\dfrac{f(x) - f(x-h)}{h} = f'(x) - \dfrac{h}{2}f''(x) + O(h^2)$ — order 1.
# - **Central**: subtract the two expansions; the even terms cancel:
#   $\dfrac{f(x+h) - f(x-h)}{2h} = f'(x) + \dfrac{h^2}{6}f'''(x) + O(h^4)$ — order 2.
# - **Five-point**: add $x \pm 2h$ and cancel the $h^2$ term too:
#   $\dfrac{f(x-2h) - 8f(x-h) + 8f(x+h) - f(x+2h)}{12h} = f'(x) - \dfrac{h^4}{30}f^{(5)}(x) + \dots$ — order 4.
#
# **The general recipe.** Choose offsets $o_k$ and look for weights $w_k$ with
# $\frac{1}{h}\sum_k w_k f(x + o_k h) \approx f'(x)$. Expanding every $f(x + o_k h)$, the
# coefficient of $f^{(j)}(x)\,h^{j-1}/j!$ is $\sum_k w_k o_k^j$; we want it to be 1 for $j = 1$
# and 0 for every other $j$ we can afford. That is a linear (Vandermonde) system — the
# **Taylor system**:

# %%
A, b = numdiff.taylor_system((-2, -1, 0, 1, 2), derivative_order=1)
print("A (row j holds o_k^j):")
print(A)
print("b =", b)
weights = np.linalg.solve(A, b)
print("weights w_k =", np.round(weights, 6) + 0.0, "  (= 1/12, −2/3, 0, 2/3, −1/12)")

# %% [markdown]
# `numdiff.stencil(offsets, derivative_order)` solves this system exactly (in fractions) and
# finds the order from the first Taylor term the weights do *not* cancel. The four classic
# schemes, and a second-derivative stencil from the same recipe:

# %%
for scheme in numdiff.SCHEMES.values():
    print(scheme)
print(numdiff.stencil((-1, 0, 1), derivative_order=2))

# %% [markdown]
# **Checking the orders.** Halving $h$ should divide the error by $2^p$: by 2 for order 1, 4
# for order 2, 16 for order 4. Take $f = \sin$ at $x = 1$ in float64:

# %%
exact = math.cos(1.0)
hs = [0.1, 0.05, 0.025, 0.0125]
for name in ["forward", "backward", "central", "five_point"]:
    errors = [abs(numdiff.derivative(np.sin, 1.0, h, name) - exact) for h in hs]
    ratios = [e1 / e2 for e1, e2 in zip(errors, errors[1:])]
    print(f"{name:<11} errors {' '.join(f'{e:.2e}' for e in errors)}   "
          f"ratios {' '.join(f'{r:5.2f}' for r in ratios)}   order ≈ {math.log2(ratios[-1]):.2f}")

# %% [markdown]
# ## 3. Truncation vs round-off; float32 vs float64
#
# So far the error came from the Taylor terms we dropped: the **truncation error**
# $\approx C\,h^p$. It suggests "take $h$ tiny". But a computer stores numbers with a relative
# precision $\varepsilon$ (machine epsilon, the gap between 1 and the next float):

# %%
for dtype in (np.float32, np.float64):
    eps = np.finfo(dtype).eps
    one, half_eps = dtype(1), dtype(eps / 2)
    print(f"{np.dtype(dtype).name}: ε = {eps:.3g}   1 + ε/2 == 1? {one + half_eps == one}")

# %% [markdown]
# Each value $f(x + o_k h)$ is off by about $\varepsilon |f|$; the difference of two close
# values keeps that absolute error, and dividing by $h$ amplifies it: the **round-off error**
# $\approx \varepsilon\,|f| \sum_k |w_k| / h$ grows as $h$ shrinks. The total
#
# $$ E(h) \approx C\,|f^{(p+1)}|\,h^p + \frac{\varepsilon\,|f|\,\sum_k |w_k|}{h} $$
#
# is smallest at an **optimal** $h^* \propto \varepsilon^{1/(p+1)}$: about $\sqrt{\varepsilon}$
# for forward differences and $\varepsilon^{1/3}$ for central ones.

# %%
print(f"{'dtype':<8} {'scheme':<11} {'optimal h':>10}")
for dtype in (np.float32, np.float64):
    for name in ("forward", "central", "five_point"):
        print(f"{np.dtype(dtype).name:<8} {name:<11} {numdiff.optimal_h(name, dtype):>10.1e}")

# %% [markdown]
# ## 4. The error-vs-h plot
#
# Sweep $h$ over 16 orders of magnitude, on log-log axes. Right of the optimum the error falls
# like $h^p$ (the dashed reference slopes: 1, 2, 4); left of it round-off takes over and the
# error *rises* like $\varepsilon / h$. In float32 the whole picture moves up and to the right.

# %%
fig = plot_error_vs_h(np.sin, np.cos, 1.0)
fig.set_size_inches(10, 4.2)  # two panels at the notebook's width
fig

# %% [markdown]
# The slopes can be measured from a sweep, and the optimum compared with the model:

# %%
sweep = numdiff.error_vs_h(np.sin, np.cos, 1.0, "central", np.float64)
print(f"central, float64: slope for h in [1e-3, 1e-1]   = {sweep.slope(1e-3, 1e-1):.2f} (order 2)")
print(f"central, float64: slope for h in [1e-13, 1e-9]  = {sweep.slope(1e-13, 1e-9):.2f} "
      "(round-off: about −1)")
print(f"best h measured {sweep.best_h:.1e}, predicted {sweep.predicted_h:.1e}")

# %% [markdown]
# ## 5. The h explorer
#
# Move $h$, switch the scheme and the precision. Left: the function, its tangent and the
# estimated slope through the points $f$ is evaluated at. Right: where the current $h$ sits
# on the error curve. Try $h = 10^{-8}$ with the forward scheme in float64 (near optimal), then
# switch to float32.
#
# **Task (Exercise 3 records it).** With the **forward** scheme in **float32**, find the $h$ on the
# slider that gives the smallest error. Compare it with the float32 `optimal h` the model of
# Section 3 predicts: how well does a rule of thumb do on a real, noisy error curve?

# %%
explorer = HExplorer(np.sin, np.cos, x=1.0, h=1e-3, scheme="forward", dtype="float64")
explorer

# %%
for h, scheme, dtype in [(1e-1, "forward", "float64"), (1e-8, "forward", "float64"),
                         (1e-8, "forward", "float32"), (1e-12, "central", "float64")]:
    r = explorer.update(h, scheme, dtype)
    print(f"{scheme:<8} {dtype}  h = {h:.0e}: estimate {r.estimate:.10f}, error {r.error:.1e}")


# %% [markdown]
# The float32 row is no typo: near 1, float32 numbers are $1.2 \times 10^{-7}$ apart, so
# $1 + 10^{-8}$ rounds back to 1, $f(x + h) - f(x) = 0$ and the "derivative" is 0.

# %% [markdown]
# ## 6. Richardson extrapolation
#
# The central difference has the error expansion $D(h) = f' + c_2 h^2 + c_4 h^4 + \dots$.
# Then $D(h/2) = f' + c_2 h^2/4 + \dots$, and the combination
#
# $$ \frac{4\,D(h/2) - D(h)}{3} = f' + O(h^4) $$
#
# cancels the $h^2$ term without knowing $c_2$. Repeat to cancel $h^4$, and so on: accuracy
# from *large* steps, far from the round-off zone.

# %%
def central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


h = 0.2
d_h, d_half = central(math.sin, 1.0, h), central(math.sin, 1.0, h / 2)
by_hand = (4 * d_half - d_h) / 3
print(f"D(0.2)             error {abs(d_h - exact):.1e}")
print(f"D(0.1)             error {abs(d_half - exact):.1e}")
print(f"(4·D(0.1) − D(0.2))/3 error {abs(by_hand - exact):.1e}")
for levels in (1, 2):
    value = numdiff.richardson(np.sin, 1.0, h, levels=levels)
    print(f"numdiff.richardson(levels={levels}) error {abs(value - exact):.1e}")


# %% [markdown]
# ## 7. The seed's `grad_check` pitfall
#
# A common way to test a backward pass: compare autograd's gradient with a central difference.
# Here is the seed's check, unchanged except that it runs on `course_lib` (and prints in
# English). `x` is float32, the default dtype — as in PyTorch.

# %%
def grad_check():
    # numeric gradient estimate
    x = cl.tensor(3.0, requires_grad=True)
    y = x**2
    y.backward()
    analytic_grad = x.grad  # analytic solution 6.0
    # numeric computation
    eps = 1e-5
    numeric_grad = ((x + eps) ** 2 - (x - eps) ** 2) / (2 * eps)
    print(f"Analytic gradient: {analytic_grad}, numeric gradient: {numeric_grad}")


grad_check()

# %% [markdown]
# **6.0081 instead of 6** — and not because of truncation: for $x^2$ the central difference
# is *exact*, $\frac{(x+h)^2 - (x-h)^2}{2h} = 2x$ (no $f'''$, no error term). The whole 0.0081 is
# round-off. Near 3, float32 numbers are $2.4 \times 10^{-7}$ apart, so $3 \pm 10^{-5}$ is
# already rounded, and the squares near 9 are $9.5 \times 10^{-7}$ apart; their difference,
# about $1.2 \times 10^{-4}$, keeps only a few correct digits:

# %%
x32, e32 = np.float32(3.0), np.float32(1e-5)
up, down = (x32 + e32) ** 2, (x32 - e32) ** 2
print(f"x + eps in float32 = {x32 + e32!r}: the step really taken is {float((x32 + e32) - x32):.7e}")
print(f"(x+eps)² = {up!r}, (x−eps)² = {down!r}")
print(f"difference = {float(up - down):.7e} (exact: 1.2e-04)  →  / (2·eps) = {float((up - down) / (2 * e32)):.4f}")

# %% [markdown]
# Two fixes: compute in **float64** (round-off $\sim 10^{-16}/10^{-5}$), or choose `eps`
# for float32 near the optimal step of the central scheme ($\approx 7 \times 10^{-3}$ here). A
# table of `eps` in both precisions, with the seed's code otherwise unchanged:

# %%
print(f"{'eps':>7} {'float32 numeric':>16} {'float64 numeric':>16}")
for eps in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]:
    row = []
    for dtype in (cl.float32, cl.float64):
        x = cl.tensor(3.0, dtype=dtype)
        row.append((((x + eps) ** 2 - (x - eps) ** 2) / (2 * eps)).item())
    print(f"{eps:>7.0e} {row[0]:>16.6f} {row[1]:>16.10f}")

# %% [markdown]
# `course_lib.gradcheck` (like `torch.autograd.gradcheck`) uses central differences too, and
# warns about exactly this when handed float32 inputs:

# %%
from course_lib.gradcheck import gradcheck

print(gradcheck(lambda x: x**2, (cl.tensor(3.0, requires_grad=True),)))
print()
print(gradcheck(lambda x: x**2, (cl.tensor(3.0, dtype=cl.float64, requires_grad=True),)))


# %% [markdown]
# ## 8. Why finite differences do not train networks: O(n) evaluations
#
# A gradient of $f: \mathbb{R}^n \to \mathbb{R}$ needs one difference per coordinate:
# $\partial f/\partial x_i \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}$, with $e_i$ the $i$-th
# unit vector. `numdiff.gradient` counts the calls:

# %%
def f_np(w):
    return np.sum(np.log1p(np.exp(w)))  # softplus summed: a smooth f: Rⁿ → R


result = numdiff.gradient(f_np, np.linspace(-1, 1, 5))
print(result)

# %%
print(f"{'n':>9} {'forward':>10} {'central':>10} {'five_point':>11}   evaluations of f per gradient")
for row in numdiff.evaluation_count_table():
    print(f"{row['n']:>9,} {row['forward']:>10,} {row['central']:>10,} {row['five_point']:>11,}")

# %% [markdown]
# **Jacobians.** For $f: \mathbb{R}^n \to \mathbb{R}^m$ the same recipe gives the whole Jacobian,
# one column per input: $\frac{f(x + h e_j) - f(x - h e_j)}{2h}$ is the column
# $\partial f/\partial x_j$ (all $m$ outputs at once). The source text says the cost is "about
# $O(mn)$ operations"; precisely: $2n$ calls of $f$ (central), each producing all $m$ outputs, so
# $m \cdot n$ entries; with one call costing at least $O(m)$, the total is at least $O(mn)$ — and
# in general $2n$ times the cost of one evaluation of $f$:

# %%
cl.manual_seed(0)
M_np = cl.randn(3, 5, dtype=cl.float64).numpy()  # f: R⁵ → R³
calls = 0


def f_vec(x):
    global calls
    calls += 1
    return np.tanh(M_np @ x)


def fd_jacobian(f, x, h=1e-6):
    """Central-difference Jacobian, shape (m, n): column j from f(x ± h·e_j)."""
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        columns.append((f(x + step) - f(x - step)) / (2 * h))
    return np.stack(columns, axis=1)


x_point = np.linspace(-1.0, 1.0, 5)
J_fd = fd_jacobian(f_vec, x_point)
J_auto = jacobian(lambda x: cl.tanh(cl.tensor(M_np) @ x), cl.tensor(x_point)).numpy()
print(f"m = 3, n = 5: {calls} calls of f for {J_fd.size} Jacobian entries, shape {J_fd.shape}")
print(f"largest difference from autodiff's Jacobian: {np.abs(J_fd - J_auto).max():.0e}")

# %% [markdown]
# Every evaluation costs a full pass through the model, so a model with a million parameters
# would need two million forward passes for *one* central-difference gradient — per training
# step. Reverse-mode autodiff (Lessons 6–7) gets the exact gradient from **one forward and
# one backward pass**, whatever $n$ is. Timing both on $f(w) = \sum_i \log(1 + e^{c_i w_i})$:

# %%
rng = np.random.default_rng(0)
sizes = [10, 100, 1000, 3000]
numeric_times, reverse_times = [], []
for n in sizes:
    c, w0 = rng.standard_normal(n), rng.standard_normal(n)

    start = time.perf_counter()
    numeric = numdiff.gradient(lambda w: np.sum(np.log1p(np.exp(c * w))), w0)
    numeric_times.append(time.perf_counter() - start)

    best = math.inf
    for _ in range(3):  # best of three: small timings are noisy
        start = time.perf_counter()
        w = cl.tensor(w0, dtype=cl.float64, requires_grad=True)
        cl.log(1 + cl.exp(cl.tensor(c, dtype=cl.float64) * w)).sum().backward()
        best = min(best, time.perf_counter() - start)
    reverse_times.append(best)
    gap = np.abs(numeric.grad - w.grad.numpy()).max()
    print(f"n = {n:>5}: numeric {numeric.evaluations:>5} calls {numeric_times[-1] * 1e3:8.2f} ms | "
          f"reverse mode {reverse_times[-1] * 1e3:6.2f} ms | largest difference {gap:.0e}")

# %%
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.loglog(sizes, numeric_times, "o-", label="central differences (2n calls of f)")
ax.loglog(sizes, reverse_times, "s-", label="reverse mode (1 forward + 1 backward)")
ns = np.array(sizes, dtype=float)
ax.loglog(ns, numeric_times[-1] * (ns / ns[-1]) ** 2, ":", color="gray", label="reference slope n²")
ax.loglog(ns, numeric_times[-1] * (ns / ns[-1]), "--", color="gray", label="reference slope n")
ax.set_title("Time for one gradient of f: Rⁿ → R")
ax.set_xlabel("number of inputs n")
ax.set_ylabel("seconds")
ax.legend()
plt.show()

# %% [markdown]
# The numeric gradient needs $2n$ calls; while each call is cheap its time grows like $n$,
# and once each call's own $O(n)$ work dominates, like $n^2$. Reverse mode's time hardly moves
# at these sizes — it is mostly a fixed cost per operation, and grows like $n$ for large $n$.
# Both agree to about $10^{-8}$ (the numeric gradient's own error). Finite differences stay
# indispensable for one job: *checking* autograd on small inputs, in float64.

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Stuck? Unfold the hints one at a time — a nudge first, then the idea.
#
# **Exercise 1 — read the Taylor explorer.** Set `answer` to the smallest order $n$ for which
# $|\sin \pi - P_n(\pi)| < 10^{-3}$ (the task of Section 1).
#
# <details><summary>Hint 1</summary>
#
# Move the explorer's slider up one order at a time and watch the readout's max error; the
# window's edge is $x = \pi$.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Without the slider: the series of $\sin$ alternates, and its terms $\pi^k/k!$ shrink once
# $k > \pi$, so the error after a term is at most the next nonzero term, $\pi^{k+2}/(k+2)!$.
# Only odd orders add a term.
#
# </details>

# %%
# Exercise 1
answer = None  # your code here: an order n (an integer)

# %%
# Self-check 1
if answer is None:
    check(1, None, 0)
else:
    smallest = next(n for n in range(16) if taylor.update(n).max_error < 1e-3)
    error = taylor.update(int(answer)).max_error
    verdict(1, int(answer) == smallest,
            "the smallest order whose error at π is below 1e-3",
            f"order {int(answer)} with error {error:.1e} at π"
            + (" — below 1e-3, but so is a lower order" if error < 1e-3 else ""),
            hint="set the explorer's slider to your order and to the one below it")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# answer = 11  # errors at π: order 9 → 6.9e-3, order 11 → 4.5e-4 (order 10 = order 9: sin's
#              # even derivatives at 0 vanish, so even orders add no term)
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — a one-sided formula.** Derive the formula for $f'(x)$ that uses only $f(x)$,
# $f(x + h)$ and $f(x + 2h)$ (useful at the edge of a domain, where $x - h$ is not allowed):
# build the Taylor system for the offsets $(0, 1, 2)$ and solve it. Set `answer` to the three
# weights $(w_0, w_1, w_2)$.
#
# <details><summary>Hint 1</summary>
#
# Section 2 built the Taylor system for the five offsets $(-2, \dots, 2)$: follow the same steps.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# With three weights you can impose three conditions: $\sum_k w_k o_k^0 = 0$ (no $f(x)$ left),
# $\sum_k w_k o_k^1 = 1$ (exactly $f'(x)$), $\sum_k w_k o_k^2 = 0$ (no $f''$ term).
# `numdiff.taylor_system` writes them as $A\,w = b$.
#
# </details>

# %%
# Exercise 2
answer = None  # your code here

# %%
# Self-check 2
check(2, answer, numdiff.stencil((0, 1, 2)).coefficients, tol=1e-9,
      hint="the weights must add up to 0, and Σ w_k·o_k must be 1")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# A, b = numdiff.taylor_system((0, 1, 2), derivative_order=1)
# answer = np.linalg.solve(A, b)  # [-3/2, 2, -1/2]: (−3f(x) + 4f(x+h) − f(x+2h)) / (2h), order 2
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — read the h explorer.** Set `answer` to the $h$ that gives the smallest error for
# the **forward** scheme in **float32** in the h explorer of Section 5 ($\sin$ at $x = 1$).
#
# <details><summary>Hint 1</summary>
#
# In the explorer choose `forward` and `float32`, then move $h$ until the red dot on the right
# sits at the bottom of the curve. Type the $h$ the slider shows.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# The bottom lies where truncation ($\approx \tfrac{h}{2}|f''|$) and round-off
# ($\approx \varepsilon |f| / h$, with float32's $\varepsilon \approx 1.2 \times 10^{-7}$) are about
# equal — roughly $\sqrt{\varepsilon}$. The measured curve is noisy: read it, do not just compute.
#
# </details>

# %%
# Exercise 3
answer = None  # your code here: a step h (a float)

# %%
# Self-check 3
if answer is None:
    check(3, None, 0.0)
else:
    slider = 10.0 ** np.arange(-16, 0.01, 0.25)  # the positions of the explorer's h slider
    errors = np.array([explorer.update(h, "forward", "float32").error for h in slider])
    best_h = slider[errors.argmin()]
    mine = explorer.update(float(answer), "forward", "float32").error
    close = abs(math.log10(float(answer) / best_h)) <= 0.6 or mine <= 2 * errors.min()
    verdict(3, close, "an h at the bottom of the float32 forward error curve",
            f"h = {float(answer):.2e} with error {mine:.1e}, {mine / errors.min():.0f}× the "
            "smallest error on the slider",
            hint="is your h left of the bottom (round-off) or right of it (truncation)?")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# answer = 1.78e-4  # what the slider shows at the bottom of the curve
# ```
#
# Near the bottom, float32 round-off is erratic: at the slider's exact position $10^{-3.75}$ the
# error is $1.0 \times 10^{-5}$, at $h$ = `1.78e-4` as typed (a float a few units of the last
# place away) it is $1.8 \times 10^{-4}$, and every $h$ from $10^{-4}$ to $5 \times 10^{-4}$ gives
# a few $10^{-4}$. The model's $h^* = 6.9 \times 10^{-4}$ (Section 3) lands in the right region
# (error $3 \times 10^{-4}$): a rule of thumb finds the order of magnitude, not the lucky digit.
# In float64 the bottom sits near $10^{-8}$ with an error about $10^5$ times smaller.
#
# </details>

# %% [markdown]
# **Exercise 4 — Richardson for the forward difference.** The forward difference
# $D(h) = \frac{f(x + h) - f(x)}{h}$ has the error expansion
# $D(h) = f'(x) + c_1 h + c_2 h^2 + \dots$ (all powers, not only even ones). Find the combination
# of $D(h)$ and $D(h/2)$ that cancels the $c_1 h$ term, and apply it to $\sin$ at $x = 1$ with
# $h = 0.1$. Set `answer` to the extrapolated value.
#
# <details><summary>Hint 1</summary>
#
# Write the expansion of $D(h/2)$ too. Look for numbers $\alpha, \beta$ such that
# $\alpha\,D(h/2) + \beta\,D(h)$ still starts with exactly $f'(x)$.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Two conditions: $\alpha + \beta = 1$ (keep $f'$) and $\alpha \cdot \tfrac{h}{2} + \beta \cdot h = 0$
# (cancel $c_1 h$). Section 6 did the same for the central difference, where the first term is
# $c_2 h^2$.
#
# </details>

# %%
# Exercise 4
answer = None  # your code here

# %%
# Self-check 4
def forward_d(h):
    return (math.sin(1.0 + h) - math.sin(1.0)) / h


check(4, answer, 2 * forward_d(0.05) - forward_d(0.1), tol=1e-10,
      hint="your combination's error should be far below D(0.05)'s error of about 2e-2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 4
# def forward_difference(h):
#     return (math.sin(1.0 + h) - math.sin(1.0)) / h
#
#
# # α + β = 1 and α/2 + β = 0 give α = 2, β = −1: the c₁h terms cancel, the error is O(h²)
# answer = 2 * forward_difference(0.05) - forward_difference(0.1)
# ```
#
# </details>

# %% [markdown]
# ## Summary
#
# - Taylor's theorem turns every finite-difference formula into algebra: choose offsets,
#   solve the Taylor system for the weights, and the first surviving term gives the order
#   (forward/backward 1, central 2, five-point 4).
# - The error is truncation ($\propto h^p$) plus round-off ($\propto \varepsilon/h$); the best
#   $h$ is about $\sqrt\varepsilon$ (forward) or $\varepsilon^{1/3}$ (central). float32
#   ($\varepsilon \approx 1.19 \times 10^{-7}$) is far worse than float64
#   ($\varepsilon \approx 2.22 \times 10^{-16}$).
# - The seed's float32 check with `eps = 1e-5` prints 6.0081 for an exact 6: pure round-off.
#   Check gradients in float64.
# - Richardson extrapolation cancels error terms using large steps.
# - Lagrange's remainder is exact, with an unknown $\xi$; bounding $f^{(n+1)}$ turns it into an
#   error bound.
# - A numeric gradient costs $O(n)$ evaluations of $f$, a numeric Jacobian of
#   $f: \mathbb{R}^n \to \mathbb{R}^m$ $2n$ calls for its $m \cdot n$ entries; reverse-mode
#   autodiff gets a gradient from one forward and one backward pass. That is why training uses autodiff — the rest of the course.
#
# **Next:** [Lesson 4 — Gradients, Jacobians and shapes](04_gradients_and_shapes.ipynb).
