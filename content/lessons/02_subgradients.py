# %% [markdown]
# # Lesson 2 — Subgradients and |x|
#
# ReLU networks and L1 penalties are full of kinks: points where a function has a corner and
# no derivative. Autograd returns a number there anyway. This lesson explains which numbers
# are legitimate, which one `course_lib` and PyTorch pick, and how to minimise a function with
# a kink.
#
# **Learning goals.** After this lesson you can
#
# 1. show with left and right difference quotients why $|x|$ has no derivative at 0;
# 2. define a subgradient and find the subdifferential $\partial|x|(0) = [-1, 1]$;
# 3. predict what autograd returns for `abs` and `relu` at 0 (and why that is a valid choice);
# 4. run subgradient descent on $|x|$ and explain why the step size must shrink.

# %%
import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function, verdict
from course_lib.viz import SubgradientExplorer, plot_subgradients

# %% [markdown]
# ## 1. The kink of |x|
#
# Lesson 1: $f'(x)$ exists when the difference quotient $\frac{f(x+h) - f(x)}{h}$ has one limit
# as $h \to 0$ — from the right ($h > 0$) *and* from the left ($h < 0$). For $|x|$ at 0:

# %%
def f(x):
    return abs(x)


for h in [0.1, 0.01, 0.001, 1e-6]:
    right = (f(0 + h) - f(0)) / h  # h > 0
    left = (f(0 - h) - f(0)) / (-h)  # step of −h
    print(f"h = {h:<6g} right quotient = {right:+.1f}   left quotient = {left:+.1f}")

# %% [markdown]
# The **right derivative** is $f'_+(0) = \lim_{h \to 0^+} \frac{|h|}{h} = +1$ and the
# **left derivative** is $f'_-(0) = \lim_{h \to 0^-} \frac{|h|}{h} = -1$. They differ, so
# $|x|$ has no derivative at 0 — even though it is continuous there: continuity is necessary
# for a derivative, not sufficient. The quotient $|h|/h$ jumps:

# %%
hs = np.concatenate([-np.logspace(0, -4, 200), np.logspace(-4, 0, 200)])
fig, ax = plt.subplots(figsize=(7, 3.8))
ax.plot(hs[hs < 0], np.abs(hs[hs < 0]) / hs[hs < 0], color="C0", lw=2,
        label="h < 0: quotient = −1 (left derivative)")
ax.plot(hs[hs > 0], np.abs(hs[hs > 0]) / hs[hs > 0], color="C3", lw=2,
        label="h > 0: quotient = +1 (right derivative)")
ax.plot([0, 0], [-1, 1], "o", mfc="white", color="gray")
ax.set_ylim(-1.5, 1.5)
ax.set_title("Difference quotient (|0 + h| − |0|) / h: no single limit as h → 0")
ax.set_xlabel("step h")
ax.set_ylabel("(f(h) − f(0)) / h")
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# ## 2. Subgradients and the subdifferential
#
# For a convex function the tangent line lies *below* the graph. Where there is no tangent,
# keep that property: $g$ is a **subgradient** of $f$ at $x_0$ if the line through
# $(x_0, f(x_0))$ with slope $g$ never rises above the graph,
#
# $$ f(x) \;\ge\; f(x_0) + g\,(x - x_0) \quad \text{for all } x . $$
#
# The set of all subgradients is the **subdifferential** $\partial f(x_0)$. Where $f$ is
# differentiable it holds one slope, $f'(x_0)$. For $|x|$ at 0 the condition reads
# $|x| \ge g\,x$ for every $x$. Which slopes $g$ pass? Find out with the explorer first.

# %% [markdown]
# ## 3. The subgradient explorer
#
# Tilt the line $y = a\,x$ through the kink. While it stays below $|x|$ the gap is green; once it
# cuts through the graph the picture turns red. Move the slider — in a live kernel the picture
# follows.
#
# **Task (Exercise 1 records it).** Find the **largest** slope $a$ that is still a subgradient of
# $|x|$ at 0. Then try slopes just past it, and the same on the negative side.

# %%
explorer = SubgradientExplorer(a=0.5, a_range=(-2.0, 2.0))
explorer

# %% [markdown]
# The explorer's `update` computes the same verdict without the slider, and a grid of points
# tests the condition $|x| \ge a\,x$ directly:

# %%
for a in (0.5, -1.0, 1.3):
    reading = explorer.update(a)
    print(f"slope a = {a:+.1f}: subgradient? {reading.is_subgradient}  "
          f"(smallest gap |x| − a·x on [−2, 2] = {reading.smallest_gap:+.2f})")

xs = np.linspace(-2, 2, 401)
for a in [-1.5, -1.0, -0.3, 0.0, 0.7, 1.0, 1.2]:
    stays_below = bool(np.all(np.abs(xs) >= a * xs))
    print(f"a = {a:+.1f}: |x| ≥ a·x everywhere? {stays_below}")


# %% [markdown]
# Why exactly these: for $x > 0$ the condition $|x| \ge a\,x$ reads $x \ge a\,x$, i.e. $a \le 1$;
# for $x < 0$ it reads $-x \ge a\,x$, i.e. $a \ge -1$. So $\partial|x|(0) = [-1, 1]$, and the
# rule for the (sub)derivative of $|x|$ is
#
# $$
# D|x| = \begin{cases} \;\;\,1 & x > 0 \\ -1 & x < 0 \\ \;\;\,a,\; a \in [-1, 1] & x = 0 \end{cases}
# $$
#
# **The source text says** "$a$, if $x = 0$, $-1 < a < 1$" — an open interval. **Precisely**, the
# interval is closed, $[-1, 1]$: the endpoints qualify too, since the lines $y = \pm x$ touch
# $|x|$ along a half-line but never cross it. (Subdifferentials of convex functions are always
# closed intervals.) The fan of lines $a\,x$ with $a \in [-1, 1]$ all stay below $|x|$:

# %%
def subdifferential_abs(x):
    """∂|x| as an interval (low, high): one slope where |x| is differentiable, [−1, 1] at 0."""
    if x > 0:
        return (1.0, 1.0)
    if x < 0:
        return (-1.0, -1.0)
    return (-1.0, 1.0)


for x_value in [-2.0, 0.0, 3.0]:
    low, high = subdifferential_abs(x_value)
    shown = f"{low:g}" if low == high else f"any a in [{low:g}, {high:g}]"
    print(f"D|x| at x = {x_value:g}: {shown}")

plot_subgradients(np.linspace(-1.4, 1.4, 15))

# %% [markdown]
# ## 4. What autograd returns at the kink
#
# Any $a \in [-1, 1]$ is a valid "derivative" of $|x|$ at 0, but a library must return one
# number. `course_lib` follows PyTorch and returns **0** — the value of $\operatorname{sign}(0)$.

# %%
for value in [-2.0, 0.0, 3.0]:
    x = cl.tensor(value, requires_grad=True)
    cl.abs(x).backward()
    print(f"d|x|/dx at x = {value:+.1f}: {x.grad}")

# %% [markdown]
# ReLU, $\operatorname{relu}(x) = \max(x, 0)$, has a kink at 0 too: slope 0 on the left, 1 on
# the right, so $\partial\,\operatorname{relu}(0) = [0, 1]$. Again the library picks **0**.

# %%
for value in [-2.0, 0.0, 3.0]:
    x = cl.tensor(value, requires_grad=True)
    cl.relu(x).backward()
    print(f"d relu(x)/dx at x = {value:+.1f}: {x.grad}")

# %% [markdown]
# PyTorch makes the same choices (it is the reference `course_lib` is tested against):

# %%
try:
    import torch
except ImportError:  # torch is optional: the course never needs it
    torch = None
    print("PyTorch is not installed here; it returns 0 for abs and relu at 0 as well.")

if torch is not None:
    for name, ours, theirs in [("abs", cl.abs, torch.abs), ("relu", cl.relu, torch.relu)]:
        x = cl.tensor(0.0, requires_grad=True)
        ours(x).backward()
        t = torch.tensor(0.0, requires_grad=True)
        theirs(t).backward()
        print(f"{name} at 0: course_lib gives {x.grad.item()}, PyTorch gives {t.grad.item()}")

# %% [markdown]
# Why 0? For `abs`, 0 is the subgradient that says "this point is a minimum": $x_0$ minimises
# a convex $f$ exactly when $0 \in \partial f(x_0)$. For `relu`, 0 keeps an inactive unit
# inactive, and exact zeros are rare in training anyway — except when weights start at zero or
# an L1 penalty drives them there.
#
# **A caution.** At a kink, autograd's answer depends on *how the function is written*, not
# only on the function. $x = \operatorname{relu}(x) - \operatorname{relu}(-x)$ for every $x$,
# so its derivative is 1 everywhere — but autograd combines the two chosen subgradients:

# %%
x = cl.tensor(0.0, requires_grad=True)
identity = cl.relu(x) - cl.relu(-x)  # equals x for every x
identity.backward()
print(f"identity(0) = {identity.item()}, autograd says d/dx = {x.grad.item()}, the truth is 1")


# %% [markdown]
# Away from kinks autograd is exact; at a kink it returns *a* subgradient of each piece, and
# their combination need not be a subgradient of the whole. It is rarely a problem — but now
# you know where to look when a gradient at exactly 0 looks odd.
#
# ## 5. Subgradient descent on |x|
#
# To minimise $f$, step against a subgradient: $x_{k+1} = x_k - \eta_k\, g_k$ with
# $g_k \in \partial f(x_k)$. On $|x|$, $g_k = \operatorname{sign}(x_k)$ has size 1 however close
# we are to the minimum — the subgradient does not shrink near the kink the way a gradient
# shrinks near the bottom of a smooth bowl. With a **fixed** step the iterates end up jumping
# back and forth across 0; a **decreasing** step ($\eta_k \to 0$ but $\sum_k \eta_k = \infty$,
# so the steps can still cover any distance, e.g. $\eta_k = \eta_0 / (k+1)$) lets them settle:
# once they reach the kink they stay within one step $\eta_k$ of it.

# %%
def subgradient_descent(x0, step, iterations):
    """Minimise |x| from x0; step(k) is the step size at iteration k. Returns all iterates."""
    x = cl.tensor(x0, dtype=cl.float64, requires_grad=True)
    path = [x.item()]
    for k in range(iterations):
        loss = cl.abs(x)
        loss.backward()  # x.grad = sign(x), 0 at x = 0
        with cl.no_grad():
            x.sub_(step(k) * x.grad)  # in place: x stays the same leaf tensor
        x.grad.zero_()
        path.append(x.item())
    return np.array(path)


fixed = subgradient_descent(1.0, lambda k: 0.3, 60)
decreasing = subgradient_descent(1.0, lambda k: 0.3 / (k + 1), 60)
print("fixed step 0.3,     last iterates:", np.round(fixed[-4:], 4))
print("step 0.3/(k+1),     last iterates:", np.round(decreasing[-4:], 4))
print(f"|x_60|: fixed step {abs(fixed[-1]):.4f}, decreasing step {abs(decreasing[-1]):.4f} "
      f"(≤ the last step 0.3/60 = {0.3 / 60:.4f})")

# %%
fig, ax = plt.subplots(figsize=(7.5, 4))
ks = np.arange(len(fixed))
ax.semilogy(ks, np.abs(fixed), "o-", ms=3, label="fixed step η = 0.3")
ax.semilogy(ks, np.abs(decreasing), "s-", ms=3, label="decreasing step η_k = 0.3/(k+1)")
ax.semilogy(ks[1:], 0.3 / ks[1:], "--", color="gray", label="the step size 0.3/k")
ax.set_title("Subgradient descent on f(x) = |x| from x₀ = 1")
ax.set_xlabel("iteration k")
ax.set_ylabel("|x_k| (distance to the minimum)")
ax.legend()
plt.show()

# %% [markdown]
# The fixed step reaches $0.1$ in three steps and then bounces between $0.1$ and $-0.2$ for
# ever; the decreasing step keeps getting closer, its distance bounded by the shrinking step.
# Note also that a subgradient step need not lower $f$ (the bounces go *up* half the time), so in practice one remembers the best iterate.
# Lesson 9 comes back to step sizes for smooth functions.

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Stuck? Unfold the hints one at a time — a nudge first, then the idea.
#
# **Exercise 1 — read the explorer.** Set `answer` to the largest slope $a$ that the subgradient
# explorer of Section 3 still draws as a subgradient of $|x|$ at 0.
#
# <details><summary>Hint 1</summary>
#
# Start at $a = 0.5$ and move the slider right until the picture turns red; the answer is the
# last slope before that.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# On the side $x > 0$ the line $a\,x$ must stay below the graph's own line $y = x$. Which slopes
# do that?
#
# </details>

# %%
# Exercise 1
answer = None  # your code here: the largest slope that is still a subgradient at 0

# %%
# Self-check 1
if answer is None:
    check(1, None, 1.0)
else:
    reading = explorer.update(float(answer))
    steeper = explorer.update(float(answer) + 0.01)
    verdict(1, reading.is_subgradient and not steeper.is_subgradient,
            "the largest slope that stays below |x|",
            f"a = {float(answer):g}, which is "
            + ("a subgradient, but a steeper line stays below |x| too"
               if reading.is_subgradient else "not a subgradient: the line cuts through |x|"),
            hint="set the explorer's slider to your slope, then a notch higher")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# answer = 1.0  # a = 1.00 is green (the line y = x lies along the right half of |x|); 1.05 is red
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — one-sided derivatives.** $f(x) = 3|x| + x$. Compute its left and right
# derivatives at 0 by hand and set `answer = (left, right)`.
#
# <details><summary>Hint 1</summary>
#
# Write $f$ without the absolute value, once for $x < 0$ and once for $x > 0$.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# On each side $f$ is a straight line; a one-sided derivative at 0 is the slope of the line on
# that side ($|x| = -x$ for $x < 0$).
#
# </details>

# %%
# Exercise 2
answer = None  # your code here: (left, right)


# %%
# Self-check 2
def f2(x):
    return 3 * abs(x) + x


h = 1e-7
check(2, answer, ((f2(0) - f2(-h)) / h, (f2(h) - f2(0)) / h), tol=1e-6,
      hint="the left derivative belongs to the piece x < 0, the right one to the piece x > 0")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# answer = (-3 + 1, 3 + 1)  # left piece −3x + x = −2x, right piece 3x + x = 4x: (−2, 4)
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — a minimum from the subdifferential.** $f(x) = |x| + 2|x - 1| + |x - 3|$ is
# convex, with kinks at 0, 1 and 3. Find its minimiser $x^*$ and its subdifferential there,
# $\partial f(x^*) = [\text{low}, \text{high}]$. Set `answer = (x_star, low, high)`. No plotting,
# no search: reason with slopes.
#
# <details><summary>Hint 1</summary>
#
# Between two kinks $f$ is a straight line. Work out its slope on each of the four pieces: where
# does the slope change sign?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# The subdifferential of a sum of convex functions is the sum of their subdifferentials (add the
# intervals: $[a, b] + [c, d] = [a + c, b + d]$, and $2\,[a, b] = [2a, 2b]$). A point minimises a
# convex function exactly when $0$ lies in its subdifferential (Section 4).
#
# </details>

# %%
# Exercise 3
answer = None  # your code here: (x_star, low, high)


# %%
# Self-check 3
def f3(x):
    return np.abs(x) + 2 * np.abs(x - 1) + np.abs(x - 3)


grid3 = np.linspace(-2, 5, 7001)
x_best = float(grid3[np.argmin(f3(grid3))])
h = 1e-7
check(3, answer, (x_best, (f3(x_best) - f3(x_best - h)) / h, (f3(x_best + h) - f3(x_best)) / h),
      tol=1e-5, hint="at the minimiser the slope on the left is ≤ 0 and the slope on the right ≥ 0")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# # slopes on the pieces: x < 0: −1 − 2 − 1 = −4; 0 < x < 1: 1 − 2 − 1 = −2;
# # 1 < x < 3: 1 + 2 − 1 = 2; x > 3: 1 + 2 + 1 = 4. The slope changes sign at x = 1, and
# # ∂f(1) = {1} + 2·[−1, 1] + {−1} = [−2, 2], which contains 0.
# answer = (1.0, -2.0, 2.0)
# ```
#
# </details>

# %% [markdown]
# **Exercise 4 — subgradient descent.** Complete `descend(x0, iterations)`: subgradient descent
# on $f(x) = |x - 2|$ with the step $\eta_k = 1/(k+1)$, using `course_lib` autograd for the
# subgradient. Return the last iterate as a Python float.
#
# <details><summary>Hint 1</summary>
#
# `subgradient_descent` in Section 5 does almost this: what are the two differences?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# The loss becomes `cl.abs(x - 2)` and the step at iteration `k` is `1 / (k + 1)`. Update `x` in
# place under `cl.no_grad()` and clear `x.grad` after each step.
#
# </details>

# %%
# Exercise 4
def descend(x0, iterations):
    """Subgradient descent on |x − 2| with step 1/(k+1); returns the final x (a float)."""
    return None  # your code here


# %%
# Self-check 4
check_function(4, lambda x0: descend(x0, 200), lambda x0: 2.0, [-1.0, 5.0], tol=0.02,
               hint="after 200 steps of size 1/(k+1) you should be within 0.01 of the minimum; "
                    "check the sign of the update and that x.grad is cleared")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 4
# def descend(x0, iterations):
#     """Subgradient descent on |x − 2| with step 1/(k+1); returns the final x (a float)."""
#     x = cl.tensor(x0, dtype=cl.float64, requires_grad=True)
#     for k in range(iterations):
#         loss = cl.abs(x - 2)
#         loss.backward()
#         with cl.no_grad():
#             x.sub_(x.grad / (k + 1))
#         x.grad.zero_()
#     return x.item()
# ```
#
# </details>

# %% [markdown]
# ## Summary
#
# - $|x|$ is continuous but not differentiable at 0: its left derivative is $-1$, its right
#   derivative $+1$.
# - A subgradient is the slope of a line through the point that stays below a convex
#   function; $\partial|x|(0) = [-1, 1]$ and $\partial\,\operatorname{relu}(0) = [0, 1]$.
# - `course_lib` and PyTorch return 0 for `abs` and `relu` at 0 — valid subgradients; at a
#   kink, autograd's answer depends on how the function is written.
# - Subgradient descent needs a decreasing step: with a fixed step it bounces around the
#   minimum of $|x|$ for ever.
#
# **Next:** [Lesson 3 — Numeric differentiation from Taylor series](03_numeric_differentiation.ipynb).
