# %% [markdown]
# # Lesson 8 — Autograd through control flow
#
# Real programs are not formulas: they have `while` loops that run until something
# happens, `if` statements that look at data, and functions that call themselves.
# Autograd still differentiates them — because it never sees the program, only the
# operations the program *actually ran*.
#
# **Learning goals.** After this lesson you can
#
# 1. run the seed's function `f(a)` with a `while` loop and an `if`, and explain why
#    `a.grad == d / a`;
# 2. say what graph autograd records for a loop, a recursion and a data-dependent
#    branch (the path taken, nothing else) and draw it;
# 3. predict what autograd returns at a **branch boundary**, and why a numeric
#    difference across the jump is useless there;
# 4. run `f` on a vector or a matrix `a`, say why `backward()` then needs `.sum()` or a
#    `gradient=` vector, and why the gradient is still `d / a` entry by entry (d2l §2.5,
#    exercise 3);
# 5. explain why `a.grad == d / a` can be `False` in the last bit in float32.

# %%
import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, verdict
from course_lib.viz import draw_graph

# %% [markdown]
# ## 1. The seed's function
#
# From the seed (*Dive into Deep Learning*, automatic differentiation): *even if
# building the function's graph needs Python control flow (conditions, loops or
# arbitrary function calls), we can still compute the gradient of the variable.*
# Here is the seed's `f`, unchanged except `torch` → `course_lib`:

# %%
def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


# %% [markdown]
# `a` is a random scalar (`size=()` means zero dimensions) that needs a gradient.
# The seed draws it without fixing a seed; we fix one so your numbers match these.

# %%
cl.manual_seed(0)
a = cl.randn(size=(), requires_grad=True)
d = f(a)
print(d.backward())   # backward() returns None; it fills a.grad
print(a.grad == d / a)

# %%
print("a      =", a)
print("d      =", d)
print("a.grad =", a.grad)
print("d / a  =", d / a)


# %% [markdown]
# ## 2. Why the gradient is `d / a`
#
# Follow what `f` does to `a`: `b = 2a`, then `b` is doubled `j` times, then it is
# kept or multiplied by 100. Every step multiplies by a constant, so
#
# $$f(a) = k \cdot a, \qquad k = 2^{\,1+j} \ \text{(if } a>0\text{)} \quad\text{or}\quad k = 100\cdot 2^{\,1+j} \ \text{(if } a<0\text{)}.$$
#
# The number of doublings `j` depends on `a` (small `|a|` needs more doublings to
# reach `‖b‖ ≥ 1000`), so `f` is **piecewise linear**: a straight line through the
# origin on each piece, with a slope `k` that changes from piece to piece. On a
# piece the derivative is the slope, and the slope of a line through 0 is
# `f(a) / a`. Autograd does not know about pieces: it multiplies the local
# derivatives of the multiplications that ran, 2 · 2 · … · 2 (· 100) — which is `k`.
#
# Let us record `j` and the branch alongside `f` and look at `k` for many `a`:

# %%
def f_traced(a):
    """The seed's f, also returning how many times the loop ran and which branch was taken."""
    b = a * 2
    doublings = 0
    while b.norm() < 1000:
        b = b * 2
        doublings += 1
    if b.sum() > 0:
        return b, doublings, "c = b"
    return 100 * b, doublings, "c = 100 * b"


print(f"{'a':>9} {'doublings j':>12} {'branch':>12} {'k = d/a':>10} {'a.grad':>10}  equal?")
for value in [-2.5, -0.7, -0.05, 0.001, 0.1257, 0.5, 1.0, 1.9, 2.0, 250.0, 600.0]:
    a_i = cl.tensor(value, requires_grad=True)
    d_i, j, branch = f_traced(a_i)
    d_i.backward()
    k = (d_i / a_i).item()
    print(f"{value:9.4g} {j:12d} {branch:>12} {k:10.6g} {a_i.grad.item():10.6g}  "
          f"{bool(a_i.grad == d_i / a_i)}")

# %% [markdown]
# Each row is one piece: `k` is a power of two for `a > 0` (more doublings for
# smaller `a`) and 100 times a power of two for `a < 0`. Autograd's `a.grad` is that
# slope every time.
# %% [markdown]
# ## 3. The graph recorded is the path taken
#
# course_lib, like PyTorch, builds the graph **while the code runs** (define-by-run):
# every operation that executes appends a node; a loop that runs nine times appends
# nine nodes; a branch that is not taken appends nothing. The `while` condition and
# the `if` test read values (`b.norm()`, `b.sum()`) but they are decisions of
# Python, not operations on the path to `c`, so they are not in the graph of `c`.
#
# Compare `a = 300` (one doubling, `c = b`) with `a = -300` (one doubling, then `100 * b`):

# %%
def graph_ops(t):
    """The names of the nodes backward will visit from t (walking grad_fn.next_functions)."""
    seen, stack, names = set(), [t.grad_fn], []
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        names.append(node.name())
        stack.extend(fn for fn, _ in node.next_functions)
    return names


a_pos = cl.tensor(300.0, requires_grad=True)
a_neg = cl.tensor(-300.0, requires_grad=True)
c_pos, c_neg = f(a_pos), f(a_neg)
print("a =  300:", graph_ops(c_pos))
print("a = -300:", graph_ops(c_neg))

# %%
draw_graph(c_neg, names={"a": a_neg, "c": c_neg})

# %% [markdown]
# Three multiplications (×2, ×2, ×100) and the leaf `a`: that is all backward will
# ever see of the call `f(-300)`. A different `a` gives a different graph — the
# graph size is 1 + j + (1 if the ×100 branch ran), plus the leaf:

# %%
for value in [600.0, 300.0, 2.0, 0.01, -0.01]:
    a_i = cl.tensor(value, requires_grad=True)
    c_i, j, branch = f_traced(a_i)
    print(f"a = {value:>6}: {j:2d} doublings, {branch:<12} -> "
          f"{len(graph_ops(c_i)) - 1:2d} operations in the graph")


# %% [markdown]
# ### Loops that run until the data says stop
#
# Newton's method for $\sqrt{s}$ repeats $x \leftarrow (x + s/x)/2$ until
# $|x^2 - s|$ is tiny; how many times depends on `s`. Autograd differentiates the
# iterations that ran, so the gradient is that of the *computed* approximation —
# which, once it has converged, matches $\frac{d}{ds}\sqrt{s} = \frac{1}{2\sqrt{s}}$.

# %%
def newton_sqrt(s, tol=1e-12):
    """√s by Newton's iteration; returns the result and how many iterations ran."""
    x = s / 2 + 0.5            # a start that depends on s (any positive start works)
    steps = 0
    while abs((x * x - s).item()) > tol:
        x = (x + s / x) / 2
        steps += 1
    return x, steps


for value in [2.0, 9.0, 1e4]:
    s = cl.tensor(value, dtype=cl.float64, requires_grad=True)
    root, steps = newton_sqrt(s)
    root.backward()
    print(f"s = {value:>7}: {steps} iterations, sqrt = {root.item():.12f}, "
          f"autograd d/ds = {s.grad.item():.12f}, 1/(2 sqrt s) = {0.5 / np.sqrt(value):.12f}, "
          f"graph: {len(graph_ops(root)) - 1} operations")


# %% [markdown]
# ### Recursion
#
# A recursive function is a loop in disguise: each call runs some operations, and
# they are recorded in the order they run. Exponentiation by squaring recurses on
# `n // 2` and branches on whether `n` is odd — the graph has about $2\log_2 n$
# multiplications instead of `n`, and its gradient is still $n x^{n-1}$:

# %%
def fast_pow(x, n):
    """x ** n for an integer n >= 0 by squaring: x^n = (x^(n//2))² (· x if n is odd)."""
    if n == 0:
        return cl.ones_like(x)
    half = fast_pow(x, n // 2)
    return half * half * x if n % 2 else half * half


x = cl.tensor(1.1, dtype=cl.float64, requires_grad=True)
y = fast_pow(x, 13)
y.backward()
print(f"x^13 = {y.item():.10f}   (1.1 ** 13 = {1.1 ** 13:.10f})")
print(f"d/dx = {x.grad.item():.10f}   (13 · 1.1^12 = {13 * 1.1 ** 12:.10f})")
multiplications = graph_ops(y).count("MulBackward0")
print(f"multiplications recorded: {multiplications} (x * x * ... * x would record 12)")


# %% [markdown]
# ### Data-dependent branches
#
# An `if` that looks at a tensor picks one formula per call; autograd differentiates
# that formula only. This is how piecewise losses are written in practice (Exercise 2
# writes one).
# %% [markdown]
# ## 4. What happens at a branch boundary
#
# Where the number of doublings changes, the slope jumps — and so does the value.
# At $a^* = 1000/2^9 = 1.953125$, $|2a^*| \cdot 2^8 = 1000$ exactly: from $a^*$ up,
# 8 doublings are enough ($f = 512\,a$); just below it, a 9th doubling runs
# ($f = 1024\,a$). So $f$ jumps from about 2000 down to 1000.
#
# Let us plot $f$ on both sides of 0 and its slope for $a > 0$: autograd's `a.grad`
# against a central difference with $h = 10^{-2}$.

# %%
def f_and_slope(value):
    """f(value) and autograd's df/da there, in float64."""
    a_ = cl.tensor(value, dtype=cl.float64, requires_grad=True)
    d_ = f(a_)
    d_.backward()
    return d_.item(), a_.grad.item()


def f_value(value):
    return f(cl.tensor(value, dtype=cl.float64)).item()


h = 1e-2
positive = np.linspace(0.2, 3, 401)          # f(0) never returns: 0 · 2 = 0 stays below 1000
negative = -positive[::-1]
values_pos, slopes = np.array([f_and_slope(v) for v in positive]).T
numeric = np.array([(f_value(v + h) - f_value(v - h)) / (2 * h) for v in positive])
values_neg = np.array([f_value(v) for v in negative])

fig, axes = plt.subplot_mosaic([["positive", "negative"], ["slope", "slope"]],
                               figsize=(10, 7.5), layout="constrained")
left, middle, right = axes["positive"], axes["negative"], axes["slope"]
left.plot(positive, values_pos, ".", ms=3)
left.set_title("$f(a) = 2^{1+j}\\,a$ on $a > 0$:\na sawtooth, jumps where $j$ changes")
left.set_xlabel("a")
left.set_ylabel("f(a)")
middle.plot(negative, values_neg, ".", ms=3, color="C1")
middle.set_title("$f(a) = 100\\cdot 2^{1+j}\\,a$ on $a < 0$:\nthe same teeth, times 100")
middle.set_xlabel("a")
middle.set_ylabel("f(a)")
right.plot(positive, numeric, "-", color="C3", lw=1, label=f"central difference, h = {h:g}")
right.plot(positive, slopes, ".", ms=4, color="C0", label="a.grad (autograd)")
right.set_yscale("symlog", linthresh=100)
right.set_title("The slope on a > 0: autograd vs a difference quotient")
right.set_xlabel("a")
right.set_ylabel("slope (symlog scale)")
right.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
plt.show()

# %% [markdown]
# Autograd returns the slope of the piece `a` lies in — a power of two (or 100 times
# one) — even right next to a jump. The central difference agrees inside a piece and
# plunges wherever `a ± h` straddles a jump (the value halves there, so the quotient
# is hugely negative). Zoom in on $a^*$: the difference
# quotient measures the jump, not a slope: it is $(1000 + 512h - (2000 - 1024h))/(2h)
# = -500/h + 768$, unbounded as $h \to 0$ — smaller steps make it *worse*:

# %%
a_star = 1000 / 2**9
a_i = cl.tensor(a_star, dtype=cl.float64, requires_grad=True)
f(a_i).backward()
print(f"a* = {a_star}: f(a*) = {f(a_i).item():g}, autograd slope = {a_i.grad.item():g}")
print(f"just below: f(a* - 1e-9) = {f(cl.tensor(a_star - 1e-9, dtype=cl.float64)).item():.6f}")
for h in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]:
    up = f(cl.tensor(a_star + h, dtype=cl.float64)).item()
    down = f(cl.tensor(a_star - h, dtype=cl.float64)).item()
    print(f"h = {h:.0e}: central difference = {(up - down) / (2 * h):14.1f}   "
          f"(-500/h + 768 = {-500 / h + 768:12.1f})")

# %% [markdown]
# Neither answer is "the derivative at $a^*$" — there is none, $f$ is not even
# continuous there. Autograd's answer is the one-sided slope of the branch that
# ran; that is the useful one for optimisation (and it is what gradient descent on
# piecewise functions like ReLU networks relies on). The lesson for numeric checks:
# **never gradient-check across a branch boundary** — a failing `gradcheck` near a
# kink or jump may be the check's fault.

# %% [markdown]
# <a id="d2l-2-5-3"></a>
# ## 5. A vector or a matrix `a`
#
# The seed calls `f` on a scalar. Nothing in `f` needs that: `a * 2`, `b.norm()` and `b.sum()` work
# for a tensor of any shape. Give it a vector. The result `d` is then a vector too, and a bare
# `backward()` refuses it — it needs a scalar to start from (Lesson 7, Section 4):

# %%
cl.manual_seed(0)
a = cl.randn(3, requires_grad=True)
d = f(a)
print("a =", a)
print("d =", d)
try:
    d.backward()
except RuntimeError as err:
    print(f"RuntimeError: {err}")

# %% [markdown]
# **What `f` does to a vector.** The loop and the branch look at the *whole* vector: the loop
# doubles until the vector's norm $\lVert b\rVert$ reaches 1000, and the `if` tests the sum of all
# entries. So every entry is multiplied by the **same** number $k$, chosen by the vector as a whole:
#
# $$f(a) = k\,a, \qquad J = \frac{\partial f}{\partial a} = k\,I .$$
#
# The Jacobian is $k$ times the identity. `d.sum().backward()` computes $\mathbf 1^\top J = k\,\mathbf 1$
# — every entry of `a.grad` is $k$ — and since $d_i = k\,a_i$, that is still `d / a`, entry by entry,
# on the branch taken. `backward(gradient=v)` gives $v^\top J = k\,v$:

# %%
d.sum().backward()
print("after d.sum().backward(): a.grad =", a.grad, "| a.grad == d / a:", a.grad == d / a)
a.grad = None
f(a).backward(gradient=cl.tensor([1.0, 0.0, 0.0]))
print("backward(gradient=[1, 0, 0]):   a.grad =", a.grad, " (the first row of J)")

# %% [markdown]
# Note what did *not* happen: the entry $a_2 < 0$ was not multiplied by 100. The branch is decided
# once, by $\sum_i b_i$, for the whole vector — one $k$ for all entries. A matrix behaves the same
# way (`b.norm()` is then the Frobenius norm, the square root of the sum of all squared entries):

# %%
cl.manual_seed(1)
A = cl.randn(2, 3, requires_grad=True)
D = f(A)
D.sum().backward()
print("A.grad =", A.grad)
print("A.grad == D / A:", A.grad == D / A)

# %% [markdown]
# So with a vector or matrix `a` the analysis is the scalar one with the norm in place of $|a|$ and
# the sum in place of the sign: find $j$ from $2\lVert a\rVert \cdot 2^j \ge 1000$, the branch from
# the sign of $\sum_i a_i$, and then $k$. (In float32 the `×100` branch can make `==` fail in the last
# bit, as the next section shows; compare with a tolerance.)

# %% [markdown]
# ## 6. float32 and the last bit
#
# Run the seed many times with random `a` and count how often `a.grad == d / a`
# prints `tensor(False)`:

# %%
rng = np.random.default_rng(1)
counts = {"c = b": [0, 0], "c = 100 * b": [0, 0]}   # [equal, not equal]
example = None
for value in rng.standard_normal(1000).astype(np.float32):
    a_i = cl.tensor(value, requires_grad=True)
    d_i, _, branch = f_traced(a_i)
    d_i.backward()
    same = bool(a_i.grad == d_i / a_i)
    counts[branch][0 if same else 1] += 1
    if not same and example is None:
        example = (a_i, d_i)
for branch, (same, different) in counts.items():
    print(f"{branch:<12}: a.grad == d / a in {same} runs, differs in {different}")

# %%
a_x, d_x = example
k = a_x.grad.item()
print("a        =", a_x.item())
print("a.grad   =", a_x.grad)
print("d / a    =", d_x / a_x)
print("difference:", (d_x / a_x).item() - k, "  one float32 step (ulp) at k:", np.spacing(np.float32(k)))

# %% [markdown]
# The positive branch always agrees: multiplying by 2 only changes a float's
# exponent, so $d = 2^{1+j} a$ exactly and $d / a = 2^{1+j}$ exactly. In the
# negative branch, $100 \cdot b$ has to be **rounded** to float32's 24-bit mantissa,
# and dividing by `a` rounds once more; the two roundings need not cancel, and
# `d / a` can land one ulp (unit in the last place) away from the exact slope that
# autograd computed as $2 \cdot 2 \cdots 2 \cdot 100$. PyTorch does the same IEEE
# arithmetic and gives the same bits. Two fixes:

# %%
a_x64 = cl.tensor(float(a_x.item()), dtype=cl.float64, requires_grad=True)
d_x64 = f(a_x64)
d_x64.backward()
relative = abs((d_x / a_x).item() - k) / k
print(f"float32, compared with a tolerance: relative gap {relative:.1e} <= 1e-6 ->", relative <= 1e-6)
print("float64, same a:  a.grad == d / a ->", bool(a_x64.grad == d_x64 / a_x64),
      f"(gap {abs((d_x64 / a_x64).item() - a_x64.grad.item()):.1e})")

# %% [markdown]
# Compare floats with a tolerance (relative ~1e-6 in float32), or compute in float64
# where the same roundings are about $5\cdot 10^8$ times smaller (they can still make `==`
# fail for other inputs — the tolerance is the real fix).

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Try the hints in order before opening the solution.
#
# **Exercise 1 — the gradient for a vector, by hand.** Without running `f` or `backward`, work out
# `a.grad` after
#
# ```python
# a = cl.tensor([0.3, -0.5, 0.1], requires_grad=True)
# f(a).sum().backward()
# ```
#
# Set `answer` to the list of three numbers.
#
# <details><summary>Hint 1</summary>
#
# For a vector, what does the `while` compare with 1000, and what does the `if` test? Is the
# decision made per entry or once for the whole vector?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# $\lVert 2a\rVert \cdot 2^j \ge 1000$ gives the number of doublings $j$; the sign of $\sum_i a_i$
# picks the branch. Every entry is multiplied by the same $k$ ($2^{1+j}$, times 100 on the `else`
# branch), so every entry of the gradient is $k$.
#
# </details>

# %%
# Exercise 1
answer = None  # your code here: [.., .., ..]

# %%
# Self-check 1
_a = cl.tensor([0.3, -0.5, 0.1], dtype=cl.float64, requires_grad=True)
f(_a).sum().backward()
check(1, answer, _a.grad.tolist(),
      hint="the loop and the branch look at the whole vector (its norm, its sum); see Hint 2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# # ‖2a‖ = 2·√(0.09 + 0.25 + 0.01) = 1.183; 1.183 · 2^j >= 1000 -> 2^j >= 845.2 -> j = 10
# # Σa = -0.1 < 0 -> the else branch for every entry (also the positive ones)
# k = 100 * 2 ** (1 + 10)  # 204800
# answer = [k, k, k]
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — a loss with an `if`.** Write the Huber loss with an `if`:
# $h(x) = \tfrac12 x^2$ when $|x| \le \delta$, and $h(x) = \delta\,(|x| - \tfrac12\delta)$
# otherwise, for a scalar tensor `x`. Return a tensor built from `x` so that autograd can
# differentiate it. The self-check compares values and gradients at several points.
#
# <details><summary>Hint 1</summary>
#
# Python's `if` needs a `bool`, and the result must stay connected to `x` in the graph. Which of
# the two needs a plain number, and which a tensor?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Compare `x.abs().item()` with `delta` in the `if`; return each formula written with tensor
# operations on `x` (`x**2`, `x.abs()`). Autograd then gives $x$ inside and $\pm\delta$ outside.
#
# </details>

# %%
# Exercise 2
def huber(x, delta=1.0):
    """The Huber loss of a scalar tensor x, built from x so that autograd differentiates it."""
    raise NotImplementedError("return 0.5 * x² inside |x| <= delta, the linear part outside")


# %%
# Self-check 2
def check_huber(fn, delta=1.0):
    points = [-3.0, -1.0, -0.4, 0.0, 0.25, 1.0, 2.5]
    xs = np.array(points)
    inside = np.abs(xs) <= delta
    want_values = np.where(inside, 0.5 * xs**2, delta * (np.abs(xs) - 0.5 * delta))
    want_grads = np.where(inside, xs, delta * np.sign(xs))
    for p, want_value, want_grad in zip(points, want_values, want_grads):
        x_ = cl.tensor(p, dtype=cl.float64, requires_grad=True)
        try:
            out = fn(x_, delta)
            if out is not None and getattr(out, "requires_grad", False):
                out.backward()
        except NotImplementedError:
            out = None
        except Exception as err:  # explain the learner's error instead of raising
            print(f"Exercise 2: not right yet — huber raised {type(err).__name__}: {err}. "
                  "Hint: see Hint 1")
            return
        if out is None:
            print("Exercise 2: not attempted yet")
            return
        value = out.item() if hasattr(out, "item") else float(out)
        grad = 0.0 if x_.grad is None else x_.grad.item()
        if not np.isclose(value, want_value):
            verdict(2, False, f"another value at x = {p}", f"{value:.6g}",
                    "inside |x| <= delta it is x²/2, outside the straight line")
            return
        if not np.isclose(grad, want_grad):
            verdict(2, False, f"another gradient at x = {p}", f"{grad:.6g}",
                    "build the result from x with tensor operations, so that the graph "
                    "reaches x; see Hint 2")
            return
    verdict(2, True, "", "")


check_huber(huber)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# def huber(x, delta=1.0):
#     """The Huber loss of a scalar tensor x, built from x so that autograd differentiates it."""
#     if x.abs().item() <= delta:
#         return 0.5 * x**2
#     return delta * (x.abs() - 0.5 * delta)
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — where a vector's slope jumps.** Take the vector $a = t\,(3, -4)$ with $t > 0$, so
# that `f(a)` $= k(t)\,a$. Between $t = 1$ and $t = 2$ the number of doublings changes once, at some
# $t^*$. Find $t^*$ exactly, the factor $k$ just below $t^*$ and the factor $k$ from $t^*$ on. Set
# `answer = (t_star, k_below, k_from)`.
#
# <details><summary>Hint 1</summary>
#
# Section 4 found such a boundary for a scalar. What replaces $|a|$ for a vector, and which branch
# does this $a$ take?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# $\lVert 2a\rVert = 10t$. The loop stops as soon as $10t \cdot 2^j \ge 1000$; the boundary is where
# one doubling fewer is *exactly* enough. The sum $3t - 4t$ is negative.
#
# </details>

# %%
# Exercise 3
answer = None  # your code here: (t_star, k_below, k_from)


# %%
# Self-check 3
def factor_at(t):
    """k(t), read off autograd: every entry of a.grad after f(a).sum().backward()."""
    a_ = (t * cl.tensor([3.0, -4.0], dtype=cl.float64)).requires_grad_()
    f(a_).sum().backward()
    return a_.grad[0].item()


lo, hi = 1.0, 2.0  # bisection on the factor autograd reports
for _ in range(60):
    mid = (lo + hi) / 2
    lo, hi = (mid, hi) if factor_at(mid) == factor_at(1.0) else (lo, mid)
check(3, answer, (hi, factor_at(lo), factor_at(hi)), tol=1e-9,
      hint="replace |a| by the norm and the sign by the sum; see Hint 2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# # ‖2a‖ = 2·5t = 10t. From t* on, j = 6 doublings suffice: 10 t* · 2^6 = 1000 -> t* = 1.5625;
# # just below it a 7th doubling runs. 3t - 4t < 0: the else branch (×100).
# t_star = 1000 / (10 * 2**6)
# k_below = 100 * 2 ** (1 + 7)  # 25600
# k_from = 100 * 2 ** (1 + 6)  # 12800
# answer = (t_star, k_below, k_from)
# ```
#
# </details>

# %% [markdown]
# ## Summary
#
# - Autograd differentiates **the operations that ran**, so Python control flow —
#   `while`, `if`, recursion, early exits — needs no special treatment.
# - The seed's `f` is piecewise linear, $f(a) = k\,a$; on each piece the gradient is
#   $k = f(a)/a$, a power of two, or 100 times one for negative `a`.
# - The graph is the path taken: its size depends on the input, and untaken
#   branches contribute nothing. `draw_graph` shows it.
# - At a branch boundary there is no derivative; autograd returns the slope of the
#   branch that ran, while finite differences across the jump blow up like $1/h$.
# - `a.grad == d / a` can fail by one ulp in float32 because `100 * b` and `d / a`
#   round; compare floats with a tolerance.
# - With a vector or matrix `a`, `f(a)` is a vector: `backward()` needs `.sum()` or
#   `gradient=v`. The loop and the branch look at the whole tensor (its norm, its sum), so
#   $f(a) = k\,a$ with one $k$, $J = kI$, and the gradient is still `d / a` entry by entry.
#
# Next: [Lesson 9 — gradient descent](09_gradient_descent.ipynb) puts these gradients to work.
