# %% [markdown]
# # Lesson 9 — Gradient descent
#
# The gradient points where the function grows fastest, so its opposite is where it
# falls fastest. Step a little that way, recompute, repeat: that is how every model
# in this course learns.
#
# **Learning goals.** After this lesson you can
#
# 1. write the training loop — loss, `backward`, step, zero the gradients — by hand
#    and with `cl.nn.SGD`;
# 2. read a descent path on a contour plot and a loss curve;
# 3. explain why the learning rate must stay below $2/L$ on a quadratic with
#    curvature $L$, and show the boundary numerically;
# 4. run subgradient descent on $|x|$ and explain why a fixed step never settles
#    while a decreasing one converges.

# %%
import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check_number, verdict
from course_lib.viz import OBJECTIVES, StepSizeExplorer, plot_gd_path_1d, plot_gd_path_2d

# %% [markdown]
# ## 1. The loop
#
# From the seed: *the model learns by following the direction opposite to the
# gradient, steadily reducing the loss*, because the gradient is the direction in
# which the function increases fastest. One round of gradient descent is:
#
# 1. **compute the loss** of the model's predictions on some inputs against the truth;
# 2. **compute the partial derivatives** of the loss with respect to every parameter
#    (the gradient), which tells how each parameter affects the loss;
# 3. **update** every parameter by subtracting its gradient times a hyper-parameter
#    called the **learning rate**: $p \leftarrow p - \text{lr}\cdot \partial L/\partial p$;
# 4. **clear the gradients** and repeat, until the model stops improving or a step
#    budget runs out.
#
# Here are the four steps on the simplest loss there is, $L(p) = (p - 3)^2$, starting
# at $p = 0$ with $\text{lr} = 0.1$:

# %%
p = cl.tensor(0.0, requires_grad=True)
lr = 0.1
path_1d = [p.item()]
for step in range(10):
    loss = (p - 3) ** 2            # 1. the loss
    loss.backward()                # 2. p.grad = dL/dp = 2 (p - 3)
    with cl.no_grad():             # 3. the update is not part of the model: no graph
        p -= lr * p.grad           #    p <- p - lr * grad, in place
    print(f"step {step}: loss = {loss.item():7.4f}, grad = {p.grad.item():8.4f}, "
          f"new p = {p.item():.4f}")
    p.grad.zero_()                 # 4. clear, or the next backward adds to this one
    path_1d.append(p.item())
print("p =", p)

# %% [markdown]
# Three details matter, exactly as in PyTorch. The update runs under `cl.no_grad()`
# (it must not become part of the graph; outside it, an in-place change of a leaf that
# requires grad is an error). It is **in place**: `p -= lr * p.grad` (the same as
# `p.sub_(lr * p.grad)`) changes `p`'s numbers, so `p` stays the same leaf tensor with
# `requires_grad=True`, whereas `p = p - lr * p.grad` would make a new tensor that is
# not a leaf and gets no `.grad`. And `p.grad.zero_()` is step 4: gradients accumulate,
# so without it the second step would use the sum of two gradients.
#
# Each step here multiplies the distance to the minimum by the same factor:
# $p_{k+1} - 3 = p_k - 3 - 0.1\cdot 2(p_k - 3) = 0.8\,(p_k - 3)$, so
# $p_{10} = 3 - 3\cdot 0.8^{10}$:

# %%
print(f"3 - 3 * 0.8**10 = {3 - 3 * 0.8**10:.4f}")
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
plot_gd_path_1d(lambda x: (x - 3) ** 2, lambda x: 2 * (x - 3), path_1d, ax=left)
right.semilogy([(x - 3) ** 2 for x in path_1d], "o-", label="loss (p - 3)²")
right.set_title("Loss per step: a straight line on a log scale")
right.set_xlabel("step")
right.set_ylabel("loss (log scale)")
right.legend()
plt.show()

# %% [markdown]
# A straight line on a log scale means the loss shrinks by a constant factor per
# step ($0.8^2 = 0.64$): *linear convergence*, the typical behaviour on a smooth bowl.

# %% [markdown]
# ## 2. Two dimensions: paths on contours
#
# Take $f(x_1, x_2) = \tfrac12(x_1^2 + 10\,x_2^2)$, a bowl ten times steeper along
# $x_2$ than along $x_1$. The gradient $(x_1, 10x_2)$ is perpendicular to the
# contour lines, so the steepest-descent step cuts across the narrow valley rather
# than along it. Same loop, now with a vector parameter:

# %%
quadratic = OBJECTIVES["quadratic"]          # ½(x₁² + 10 x₂²), start (-4, 1.5)


def descend(lr, steps=40, start=quadratic.start):
    """Gradient descent on ½(x₁² + 10 x₂²) with course_lib; returns the path and the losses."""
    x = cl.tensor(start, dtype=cl.float64, requires_grad=True)
    path, losses = [x.detach().numpy().copy()], []
    for _ in range(steps):
        loss = 0.5 * (x[0] ** 2 + 10 * x[1] ** 2)
        loss.backward()
        with cl.no_grad():
            x -= lr * x.grad
        x.grad.zero_()
        path.append(x.detach().numpy().copy())
        losses.append(loss.item())
    return np.array(path), np.array(losses)


rates = [0.02, 0.1, 0.19]
fig, axes = plt.subplots(2, 2, figsize=(10, 8), layout="constrained")
axes = axes.ravel()
for ax, lr in zip(axes, rates):
    path, losses = descend(lr)
    plot_gd_path_2d(quadratic.f, path, quadratic.xlim, quadratic.ylim, colorbar=False, ax=ax)
    ax.set_title(f"lr = {lr}: {len(path) - 1} steps,\nend at ({path[-1, 0]:.2g}, {path[-1, 1]:.2g})")
    axes[3].semilogy(losses, label=f"lr = {lr}")
axes[3].set_title("Loss per step")
axes[3].set_xlabel("step")
axes[3].set_ylabel("loss (log scale)")
axes[3].legend(loc="upper right")
plt.show()

# %% [markdown]
# Too small (0.02): the path slides smoothly but crawls along the flat $x_1$ direction.
# Medium (0.1): $x_2$ is solved in one step ($1 - 0.1\cdot 10 = 0$), $x_1$ shrinks by
# 0.9 per step. Close to the limit (0.19): $x_2$ overshoots and zig-zags across the
# valley ($1 - 0.19\cdot 10 = -0.9$), yet it still converges. Push a little further
# and it will not.
#
# ## 3. The step-size explorer
#
# Move the learning-rate slider (it is logarithmic: each notch multiplies `lr` by
# $10^{0.05} \approx 1.12$) and watch the readout and both plots. **Your task** (recorded
# in Exercise 2): find the first notch at which the quadratic **diverges**, and note by
# which factor the steep coordinate $x_2$ grows per step there. Mind the rounding: the
# slider shows 3 digits, so the notch it labels `2.00e-01` is really
# $10^{-0.7} \approx 0.1995$. Then switch the function to Rosenbrock's curved valley and
# to $|x|$.

# %%
explorer = StepSizeExplorer("quadratic", lr=0.05, iterations=50)
explorer

# %% [markdown]
# The explorer's numbers are also available without the slider: `explorer.update(...)`
# returns the run it would draw.

# %%
for lr in [0.05, 0.15, 0.25]:
    print(explorer.update(lr=lr, iterations=50, function="quadratic").message)

# %% [markdown]
# ## 4. Divergence beyond 2/L
#
# On a one-dimensional quadratic $f(x) = \tfrac{L}{2}x^2$ the gradient is $Lx$ and a
# step is
#
# $$x_{k+1} = x_k - \text{lr}\cdot L\,x_k = (1 - \text{lr}\cdot L)\,x_k ,$$
#
# so $x_k = (1 - \text{lr}\,L)^k x_0$. It shrinks exactly when
# $|1 - \text{lr}\,L| < 1$, that is $0 < \text{lr} < 2/L$; at $\text{lr} = 2/L$ it
# bounces between $\pm x_0$ forever, and beyond it every step *grows* $|x|$. $L$ is the
# curvature $f''$. For a function of many variables, gradient descent on a quadratic
# acts on each eigenvector of the Hessian separately, multiplying its coordinate by
# $1 - \text{lr}\cdot\lambda$ per step; the one that breaks first is the eigenvector of
# the **largest eigenvalue** $L = \lambda_{\max}$ — the direction of **largest
# curvature** (not to be confused with the gradient's direction of steepest ascent,
# Lesson 4). That is why $x_2$ (curvature 10) decides the limit $2/10 = 0.2$ in the
# 2-D example. Let course_lib compute that Hessian:

# %%
from course_lib.functional import hessian

H = hessian(lambda q: 0.5 * (q[0] ** 2 + 10 * q[1] ** 2), cl.tensor([-4.0, 1.5], dtype=cl.float64))
L = np.linalg.eigvalsh(H.numpy()).max()
print("Hessian:\n", H.numpy(), "\nL = largest eigenvalue =", L, "  ->  2/L =", 2 / L)


# %% [markdown]
# Now the boundary, numerically, with $L = 10$: the same 60 steps at
# $\text{lr} = 1.9/L$ and $\text{lr} = 2.1/L$.

# %%
def run_quadratic_1d(lr, L=10.0, x0=1.0, steps=60):
    """|x| after each step of gradient descent on (L/2) x², with course_lib."""
    x = cl.tensor(x0, dtype=cl.float64, requires_grad=True)
    sizes = [abs(x0)]
    for _ in range(steps):
        (L / 2 * x**2).backward()
        with cl.no_grad():
            x -= lr * x.grad
        x.grad.zero_()
        sizes.append(abs(x.item()))
    return np.array(sizes)


L = 10.0
for factor in [1.9, 2.0, 2.1]:
    sizes = run_quadratic_1d(factor / L)
    print(f"lr = {factor}/L = {factor / L:.2f}: |1 - lr·L| = {abs(1 - factor):.1f}, "
          f"|x_60| = {sizes[-1]:.3e}")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
for factor, style in [(0.5, "-"), (1.9, "-"), (2.0, "--"), (2.1, "-")]:
    left.semilogy(run_quadratic_1d(factor / L), style, label=f"lr = {factor}/L")
left.set_title("|x_k| on (L/2)x², L = 10")
left.set_xlabel("step k")
left.set_ylabel("|x_k| (log scale)")
left.legend()

ratios = np.linspace(0.05, 2.3, 46)
finals = [run_quadratic_1d(r / L, steps=30)[-1] for r in ratios]
right.semilogy(ratios, finals, ".-", label="|x_30| from x_0 = 1")
right.axvline(2.0, color="C3", ls="--", label="lr = 2/L")
right.axhline(1.0, color="gray", lw=0.8)
right.set_ylim(1e-12, 1e4)
right.set_title("After 30 steps: shrinking below 2/L, exploding above")
right.set_xlabel("lr · L")
right.set_ylabel("|x_30| (log scale)")
right.legend()
plt.show()

# %% [markdown]
# The best constant step is $\text{lr} = 1/L$ (one step to the minimum of this
# quadratic); anything in $(0, 2/L)$ converges, more slowly the closer it is to
# either end.

# %% [markdown]
# ## 5. Subgradient descent on |x|
#
# $|x|$ has no derivative at 0, but course_lib (like PyTorch) returns the subgradient
# $\operatorname{sign}(x)$, with 0 at 0 (Lesson 2). Its size is 1 however close to 0
# we are, so a **fixed** step of 0.3 from $x_0 = 2.3$ walks down to 0.2, then jumps
# over the minimum to $-0.1$, back to 0.2, … forever. A **decreasing** step
# $\text{lr}_k = 0.3/\sqrt{k+1}$ still adds up to infinity (so it reaches 0 from
# anywhere) but its jumps shrink, so the iterates close in on 0.

# %%
def subgradient_descent(schedule, x0=2.3, steps=200):
    """Iterates of x <- x - lr_k · sign(x) on |x|, the subgradient coming from course_lib."""
    x = cl.tensor(x0, dtype=cl.float64, requires_grad=True)
    path = [x0]
    for k in range(steps):
        x.abs().backward()
        with cl.no_grad():
            x -= schedule(k) * x.grad
        x.grad.zero_()
        path.append(x.item())
    return np.array(path)


fixed = subgradient_descent(lambda k: 0.3)
decreasing = subgradient_descent(lambda k: 0.3 / np.sqrt(k + 1))
print("fixed lr = 0.3, last iterates:     ", np.round(fixed[-4:], 4))
print("lr_k = 0.3/sqrt(k+1), last iterates:", np.round(decreasing[-4:], 4))

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
plot_gd_path_1d(np.abs, np.sign, fixed[:20], ax=left)
left.set_title("Fixed step 0.3 on |x|: stuck jumping over 0")
k = np.arange(len(fixed))
right.plot(k, fixed, lw=1, label="fixed lr = 0.3")
right.plot(k, decreasing, lw=1, label="lr_k = 0.3/√(k+1)")
envelope = 0.3 / np.sqrt(k + 1)
right.fill_between(k, -envelope, envelope, color="gray", alpha=0.2, label="± 0.3/√(k+1)")
right.set_ylim(-0.35, 0.5)
right.set_title("x_k near the kink: only the decreasing step closes in on 0")
right.set_xlabel("step k")
right.set_ylabel("x_k")
right.legend(loc="upper right")
plt.show()

# %% [markdown]
# With the decreasing step, $|x_k|$ stays below about one step length, and the step
# length goes to 0: convergence, but slow (like $1/\sqrt{k}$) — the price of a kink.
# This is why non-smooth losses are trained with decaying learning-rate schedules.
#
# ## 6. The same loop with `cl.nn.SGD`
#
# Steps 3 and 4 are the same for every model, so libraries package them as an
# *optimizer*: `opt.step()` does $p \leftarrow p - \text{lr}\cdot p.\text{grad}$ for each
# parameter (under `no_grad`, in place) and `opt.zero_grad()` clears the gradients.
# It produces exactly the path of our hand-written loop:

# %%
x = cl.tensor(quadratic.start, dtype=cl.float64, requires_grad=True)
opt = cl.nn.SGD([x], lr=0.1)
sgd_path = [x.detach().numpy().copy()]
for _ in range(40):
    opt.zero_grad()                                  # 4. (done first: same thing)
    loss = 0.5 * (x[0] ** 2 + 10 * x[1] ** 2)        # 1.
    loss.backward()                                  # 2.
    opt.step()                                       # 3.
    sgd_path.append(x.detach().numpy().copy())
hand_path, _ = descend(0.1)
print("SGD path == hand-written path:", np.array_equal(np.array(sgd_path), hand_path))

# %% [markdown]
# The seed's loop in its usual setting: fit a model's predictions to data. A line
# $y = wx + b$ (`cl.nn.Linear(1, 1)`) to noisy points of $y = 2x + 1$, with the mean
# squared error:

# %%
rng = np.random.default_rng(0)
xs = rng.uniform(-1, 1, size=(64, 1)).astype(np.float32)
ys = (2 * xs + 1 + 0.1 * rng.standard_normal((64, 1))).astype(np.float32)
inputs, targets = cl.tensor(xs), cl.tensor(ys)

cl.manual_seed(0)
model = cl.nn.Linear(1, 1)
opt = cl.nn.SGD(model.parameters(), lr=0.3)
history = []
for _step in range(100):
    loss = cl.nn.mse_loss(model(inputs), targets)   # 1. loss on the data
    opt.zero_grad()
    loss.backward()                                 # 2. gradients of w and b
    opt.step()                                      # 3. update (4. at the next zero_grad)
    history.append(loss.item())
print(f"w = {model.weight.item():.3f}, b = {model.bias.item():.3f}, final loss = {history[-1]:.4f}")

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
left.plot(xs, ys, ".", label="data: y = 2x + 1 + noise")
grid = np.linspace(-1, 1, 2)
left.plot(grid, model.weight.item() * grid + model.bias.item(), "C3",
          label=f"fitted y = {model.weight.item():.2f}x + {model.bias.item():.2f}")
left.set_title("Linear regression by gradient descent")
left.set_xlabel("x")
left.set_ylabel("y")
left.legend()
right.semilogy(history, label="mse loss")
right.set_title("Loss per step (lr = 0.3)")
right.set_xlabel("step")
right.set_ylabel("loss (log scale)")
right.legend()
plt.show()


# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Try the hints in order before opening the solution.
#
# **Exercise 1 — how many steps?** With the loss $L(p) = (p - 3)^2$ of Section 1, the start
# $p = 0$ and $\text{lr} = 0.1$: after how many steps is $|p - 3| < 10^{-3}$ for the first time?
# Work it out without running the loop.
#
# <details><summary>Hint 1</summary>
#
# Section 1 found what one step does to the distance $p - 3$. What do $k$ steps do to it?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# After $k$ steps $|p_k - 3| = 3\cdot 0.8^k$. Solve $3 \cdot 0.8^k < 10^{-3}$ for the smallest
# integer $k$ (take logarithms; $\log 0.8 < 0$ flips the inequality).
#
# </details>

# %%
# Exercise 1
answer = None  # your code here

# %%
# Self-check 1
_p, _steps = cl.tensor(0.0, dtype=cl.float64, requires_grad=True), 0
while abs(_p.item() - 3) >= 1e-3:
    ((_p - 3) ** 2).backward()
    with cl.no_grad():
        _p -= 0.1 * _p.grad
    _p.grad.zero_()
    _steps += 1
check_number(1, answer, _steps,
             hint="each step multiplies the distance to 3 by the same factor; see Hint 2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# import math
# answer = math.ceil(math.log(1e-3 / 3) / math.log(0.8))  # 3 · 0.8^k < 1e-3  ->  k = 36
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — read the limit off the explorer.** In the step-size explorer of Section 3
# (function: the quadratic, 50 iterations), find the **first notch** of the `lr` slider at which
# the run diverges, and the factor by which $|x_2|$ grows per step at that notch. Set
# `answer = (lr, growth)`. Then explain to yourself why the limit lies between that notch and the
# one below it (Section 4).
#
# <details><summary>Hint 1</summary>
#
# Move the slider up one notch at a time from 0.1 and watch the readout turn red. The notch labelled
# `2.00e-01` is $10^{-0.7} \approx 0.1995$: the next one is $10^{-0.65}$.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Along $x_2$ the curvature is $L = 10$, so one step multiplies $x_2$ by $1 - 10\,\text{lr}$; the
# growth factor is its absolute value, and it exceeds 1 exactly when $\text{lr} > 2/L$.
#
# </details>

# %%
# Exercise 2
answer = None  # your code here: (lr, growth)


# %%
# Self-check 2
def first_diverging_notch():
    """The slider's values are 10^(-4 + 0.05 k); run each and return the first that diverges."""
    for exponent in np.arange(-4, 0.0001, 0.05):
        run = explorer.update(lr=10**exponent, iterations=50, function="quadratic")
        if run.diverged:
            x2 = run.path[:, 1]
            return run.lr, abs(x2[-1] / x2[-2])  # |x₂| grows by this factor per step
    raise RuntimeError("no notch of the slider diverges")


if answer is None:
    print("Exercise 2: not attempted yet")
else:
    lr_first, growth_first = first_diverging_notch()
    try:
        lr_read, growth_read = (float(v) for v in answer)
    except (TypeError, ValueError):
        lr_read = growth_read = float("nan")
    if np.isnan(lr_read):
        verdict(2, False, "a pair (lr, growth)", repr(answer), "answer = (lr, growth)")
    elif lr_read < lr_first / 1.06:
        verdict(2, False, "a learning rate at which the run diverges",
                f"lr = {lr_read:.4g}, which still converges",
                "go up notch by notch until the readout turns red; see Hint 1")
    elif lr_read > lr_first * 1.06:
        verdict(2, False, "the first notch that diverges",
                f"lr = {lr_read:.4g}, which diverges, but so does a smaller notch",
                "come down notch by notch until the run converges again")
    elif not np.isclose(growth_read, growth_first, rtol=0.01):
        verdict(2, False, "the growth factor of |x₂| per step at that notch",
                f"{growth_read:.4g}", "what does one step multiply x₂ by? See Hint 2")
    else:
        verdict(2, True, "", "")
        print(f"Recorded: the quadratic first diverges at lr = {lr_first:.4f}, where |x₂| grows by "
              f"|1 - 10·lr| = {growth_first:.3f} per step; one notch lower (lr = 0.1995) the factor "
              "is 0.995 < 1. The limit 2/L = 0.2 lies in between.")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# lr = 10**-0.65  # the notch labelled 2.24e-01: the readout turns red
# answer = (lr, abs(1 - 10 * lr))  # |x₂| grows by 1.24 per step; at 10**-0.7 it shrinks by 0.995
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — when the steep direction is not an axis.** Gradient descent on
# $f(x) = 2x_1^2 + 3x_1x_2 + 5x_2^2$. What is the largest learning rate below which it converges
# from every start? (Careful: the answer is not $2/10$.)
#
# <details><summary>Hint 1</summary>
#
# The limit comes from the curvature in the *most* curved direction. Is that direction along
# $x_1$, along $x_2$, or neither, when $f$ has an $x_1x_2$ term?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Write $f = \tfrac12 x^\top H x$ with the Hessian $H$ (what are its diagonal and off-diagonal
# entries?). The limit is $2/\lambda_{\max}(H)$; for a symmetric $2\times2$ matrix the eigenvalues
# are $\tfrac{\operatorname{tr}}{2} \pm \sqrt{(\tfrac{\operatorname{tr}}{2})^2 - \det}$.
#
# </details>

# %%
# Exercise 3
answer = None  # your code here


# %%
# Self-check 3
def coupled(q):
    return 2 * q[0] ** 2 + 3 * q[0] * q[1] + 5 * q[1] ** 2


_H = hessian(coupled, cl.tensor([0.3, -0.7], dtype=cl.float64)).numpy()
check_number(3, answer, 2 / np.linalg.eigvalsh(_H).max(), rtol=1e-4,
             hint="the most curved direction of this bowl is not an axis; see Hint 2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# import math
# # H = [[4, 3], [3, 10]]: trace 14, determinant 31 -> eigenvalues 7 ± √18 = 2.76 and 11.24
# L = 7 + math.sqrt(49 - 31)
# answer = 2 / L  # 0.1779: smaller than 2/10, because the x₁x₂ term tilts the steep direction
# ```
#
# </details>

# %% [markdown]
# ## Summary
#
# - Gradient descent repeats four steps: loss, `backward` (the gradient), update
#   $p \leftarrow p - \text{lr}\cdot\nabla L$ in place under `no_grad`, clear the
#   gradients. `cl.nn.SGD` packages the last two.
# - The negative gradient is the direction of steepest descent; on an elongated bowl
#   it zig-zags across the valley instead of following it.
# - On a quadratic with curvature $L$ each step multiplies the error by
#   $|1 - \text{lr}\cdot L|$: convergence needs $\text{lr} < 2/L$ (1.9/L converges,
#   2.1/L diverges); $L$ is the largest Hessian eigenvalue.
# - On $|x|$ the subgradient never shrinks, so a fixed step oscillates around the
#   kink; a decreasing step ($\text{lr}_k \to 0$, $\sum \text{lr}_k = \infty$) converges.
#
# Next: [Lesson 10 — backpropagation in a feed-forward network](10_backprop_mlp.ipynb),
# where the gradient comes from a whole network.
