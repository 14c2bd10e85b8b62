# %% [markdown]
# # Lesson 11 — Symbolic vs numeric vs automatic differentiation
#
# The seeds say it in one line: *automatic differentiation is different from symbolic
# differentiation and from numeric differentiation.* This lesson puts the three side
# by side on the same derivative and measures what separates them: the size of what
# they build, their accuracy, and their cost as the number of inputs grows.
#
# **Learning goals.** After this lesson you can
#
# 1. compute one derivative three ways: symbolically with sympy (`diff`, `lambdify`),
#    numerically with `course_lib.numdiff`, automatically with course_lib;
# 2. explain **expression swell** and why autodiff's graph does not swell;
# 3. compare the three methods' errors against an exact value;
# 4. explain why a numeric gradient costs O(n) evaluations while reverse mode costs
#    one backward pass — and pick the right tool for a job.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

import course_lib as cl
from course_lib import numdiff
from course_lib.exercises import check_function, check_number, verdict

# %% [markdown]
# ## 1. One derivative, three ways
#
# Take $f(x) = \sin(x)\,e^{-x^2/2} + \ln(1 + x^2)$ and its derivative at $x_0 = 1.5$.
#
# **Symbolic.** sympy manipulates the *expression*: it applies the derivative rules
# (Lesson 1) to the formula and returns a new formula. `lambdify` turns that
# formula into a numpy function.

# %%
x = sp.Symbol("x")
f_sym = sp.sin(x) * sp.exp(-x**2 / 2) + sp.log(1 + x**2)
df_sym = sp.diff(f_sym, x)
print("f'(x) =", df_sym)
df_symbolic = sp.lambdify(x, df_sym, "numpy")
exact = sp.N(df_sym.subs(x, sp.Rational(3, 2)), 30)      # 30 significant digits
print("f'(1.5) exact    =", exact)
print("f'(1.5) symbolic =", repr(df_symbolic(1.5)))


# %% [markdown]
# **Numeric.** `numdiff` only *calls* $f$: a central difference
# $\frac{f(x+h) - f(x-h)}{2h}$ with a step $h$ chosen to balance truncation and
# round-off (Lesson 3). It never sees the formula.

# %%
def f_numpy(v):
    return np.sin(v) * np.exp(-v**2 / 2) + np.log(1 + v**2)


numeric = numdiff.derivative(f_numpy, 1.5, scheme="central")
print("f'(1.5) numeric  =", repr(numeric), "(central, float64, default h)")

# %% [markdown]
# **Automatic.** course_lib runs $f$ on a tensor, records the operations (the graph,
# Lesson 6), and `backward()` applies each operation's local derivative to the
# *numbers* flowing through — no formula is ever built.

# %%
xt = cl.tensor(1.5, dtype=cl.float64, requires_grad=True)
yt = xt.sin() * (-xt**2 / 2).exp() + (1 + xt**2).log()
yt.backward()
print("f'(1.5) autodiff =", repr(xt.grad.item()))
for name, value in [("symbolic", df_symbolic(1.5)), ("numeric", numeric),
                    ("autodiff", xt.grad.item())]:
    print(f"{name:>9}: error vs exact = {abs(value - float(exact)):.1e}")

# %% [markdown]
# Symbolic and automatic agree with the exact value to float64 rounding; the numeric
# estimate is off by about 4e-11 (in the 11th significant digit), because a finite $h$
# leaves truncation and round-off error behind.

# %% [markdown]
# ## 2. Expression swell
#
# Symbolic differentiation builds formulas, and formulas can blow up. The product
# rule turns one product into a sum of two products, each containing a copy of the
# factors; nested compositions repeat the inner expressions over and over. A classic
# example (Baydin et al., *Automatic differentiation in machine learning: a survey*)
# is the logistic map $l_0 = x$, $l_{n+1} = 4\,l_n(1 - l_n)$. Count the operations in
# $l_n$, in sympy's $dl_n/dx$, in that derivative after common-subexpression
# elimination (`sp.cse`), and in course_lib's graph for $l_n$ (which `backward()`
# walks once):

# %%
def graph_size(t):
    """Nodes backward visits from t (one per recorded operation, plus the leaves)."""
    seen, stack = set(), [t.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(fn for fn, _ in node.next_functions)
    return len(seen)


def ops_after_cse(expr):
    replacements, reduced = sp.cse(expr)
    return sum(sp.count_ops(e) for _, e in replacements) + sp.count_ops(reduced[0])


swell = []
l_sym, l_t = x, cl.tensor(0.3, dtype=cl.float64, requires_grad=True)     # l_0 = x
print(f"{'n':>2} {'ops in l_n':>11} {'ops in dl_n/dx':>15} {'after cse':>10} {'autodiff graph':>15}")
for n in range(1, 8):
    l_sym = 4 * l_sym * (1 - l_sym)
    l_t = 4 * l_t * (1 - l_t)
    row = (n, sp.count_ops(l_sym), sp.count_ops(sp.diff(l_sym, x)),
           ops_after_cse(sp.diff(l_sym, x)), graph_size(l_t))
    swell.append(row)
    print(f"{row[0]:>2} {row[1]:>11} {row[2]:>15} {row[3]:>10} {row[4]:>15}")

# %%
rows = np.array(swell)
fig, ax = plt.subplots(figsize=(9.5, 4.2), layout="constrained")
ax.semilogy(rows[:, 0], rows[:, 2], "o-", label="sympy: ops in $dl_n/dx$")
ax.semilogy(rows[:, 0], rows[:, 1], "s-", label="sympy: ops in $l_n$ itself")
ax.semilogy(rows[:, 0], rows[:, 3], "^-", label="sympy after cse (shared subexpressions)")
ax.semilogy(rows[:, 0], rows[:, 4], "d-", label="autodiff: nodes in the graph")
ax.set_title("Expression swell on the logistic map $l_{n+1} = 4\\,l_n(1 - l_n)$")
ax.set_xlabel("depth n")
ax.set_ylabel("size (log scale)")
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
plt.show()

# %% [markdown]
# The derivative's expression roughly triples with each level (2, 21, 82, 264, 768, 2096, 5472)
# because the formula has no way to say "the same $l_n$ as before": every occurrence
# is written out again. Autodiff's graph grows by a fixed 3 nodes per level: it stores
# each intermediate *value* once and reuses it in the backward pass. Common-subexpression
# elimination recovers most of that sharing — in effect turning the formula back into
# a program, which is what autodiff had all along. And for programs with loops or
# `if`s on data (Lesson 8) there may be no single formula to differentiate at all.
#
# ## 3. Accuracy
#
# Compare each method's error against the exact derivative on a grid of points.
# The exact values come from sympy evaluated with 30 digits (mpmath). Autodiff on a
# whole vector at once: since $f$ acts elementwise, `y.sum().backward()` puts every
# $f'(x_i)$ in `x.grad` (Lesson 7).

# %%
points = np.linspace(-3, 3, 61)
exact_mp = sp.lambdify(x, df_sym, "mpmath")
exact_values = np.array([float(exact_mp(sp.Rational(p).limit_denominator(10**12))) for p in points])


def autodiff_on(values, dtype):
    v = cl.tensor(values, dtype=dtype, requires_grad=True)
    (v.sin() * (-v**2 / 2).exp() + (1 + v**2).log()).sum().backward()
    return v.grad.numpy().astype(np.float64)


estimates = {
    "symbolic (lambdify, float64)": df_symbolic(points),
    "autodiff float64": autodiff_on(points, cl.float64),
    "autodiff float32": autodiff_on(points, cl.float32),
    "numeric central float64": numdiff.derivative(f_numpy, points, scheme="central"),
    "numeric forward float64": numdiff.derivative(f_numpy, points, scheme="forward"),
    "numeric five-point float64": numdiff.derivative(f_numpy, points, scheme="five_point"),
    "numeric central float32": numdiff.derivative(f_numpy, points.astype(np.float32),
                                                  scheme="central").astype(np.float64),
}
errors = {name: np.abs(values - exact_values) for name, values in estimates.items()}
for name, err in errors.items():
    print(f"{name:<30} median error {np.median(err):.1e}   worst {err.max():.1e}")

# %%
fig, ax = plt.subplots(figsize=(9, 4.5))
floor = 1e-18                       # exact zeros drawn at the bottom of the log scale
styles = ["o", "s", "^", "v", "<", ">", "D"]
for (name, err), style in zip(errors.items(), styles):
    ax.semilogy(points, np.maximum(err, floor), style, ms=4, label=name)
ax.set_title("Error of f'(x) against the exact value (30-digit sympy)")
ax.set_xlabel("x")
ax.set_ylabel("|estimate - exact| (log scale; 0 drawn at 1e-18)")
ax.legend(loc="center left", bbox_to_anchor=(1, 0.5), fontsize="small")
fig.tight_layout()
plt.show()

# %% [markdown]
# Symbolic and automatic differentiation are **exact up to rounding** in the working
# precision (~1e-16 in float64, ~1e-7 in float32). Numeric differentiation adds a
# *method* error on top, which depends on the scheme and on $h$: here a few times 1e-11
# for the central difference in float64, 1e-8 for the forward difference, 1e-12 for the
# five-point scheme, and a few times 1e-5 for central differences in float32. A higher-order
# scheme or Richardson extrapolation (Lesson 3) pushes it further down — for $\sin$ at
# $x = 1$:

# %%
exact_cos = np.cos(1.0)
for label, estimate in [
    ("central, default h", numdiff.derivative(np.sin, 1.0, scheme="central")),
    ("five-point, h = 1e-3", numdiff.derivative(np.sin, 1.0, h=1e-3, scheme="five_point")),
    ("Richardson on central, h = 0.03, 2 levels", numdiff.richardson(np.sin, 1.0, 0.03, levels=2)),
]:
    print(f"{label:<42} error {abs(estimate - exact_cos):.1e}")

# %% [markdown]
# So a numeric derivative *can* come close to rounding level — for a smooth function, with
# the right scheme and step. What never goes away is the trade-off of Lesson 3: the error
# depends on $h$ and on higher derivatives of $f$ that you do not know, so you cannot be
# sure of it without an exact value to compare with; the methods that need no $h$ are
# exact to rounding by construction.
#
# ## 4. Cost as the number of inputs grows
#
# Training needs the gradient of one loss with respect to $n$ parameters. Take
# $f(x) = \sum_i x_i x_{i+1} + \sum_i \sin x_i$ (evaluating it costs O(n)).
#
# - **Numeric:** one partial derivative per coordinate, $2n$ evaluations for central
#   differences, each O(n): O(n²) in all.
# - **Automatic (reverse mode):** one forward pass and one backward pass, O(n).
# - **Symbolic:** $n$ formulas to derive and compile — then each evaluation is cheap,
#   but the up-front cost grows with $n$ (and with swell).
#
# The seed puts it this way: with $n$ inputs and a scalar output, differences need
# about $n$ operations per gradient (each a full evaluation) — hopeless for gradient
# descent over millions of parameters. First, the evaluation counts:

# %%
for row in numdiff.evaluation_count_table(ns=(1, 10, 1_000, 1_000_000)):
    print(f"n = {row['n']:>9,}: forward {row['forward']:>9,}  central {row['central']:>9,}  "
          f"five-point {row['five_point']:>9,} evaluations of f;  reverse mode: 1 forward + 1 backward")


# %% [markdown]
# Now wall-clock time per gradient (a few repetitions each; your numbers will differ,
# the *slopes* will not):

# %%
def f_np(v):
    return np.sum(v[:-1] * v[1:]) + np.sum(np.sin(v))


def autodiff_gradient(v):
    vt = cl.tensor(v, requires_grad=True)
    ((vt[:-1] * vt[1:]).sum() + vt.sin().sum()).backward()
    return vt.grad.numpy()


def seconds(fn, repeat=2):
    """The best of `repeat` timings of fn(), and fn's result."""
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


sizes = [10, 30, 100, 300, 1000]
timing = {"numeric (central)": [], "automatic (reverse)": []}
for n in sizes:
    v = np.linspace(0, 1, n)
    t_numeric, numeric_grad = seconds(lambda: numdiff.gradient(f_np, v).grad)
    t_auto, auto_grad = seconds(lambda: autodiff_gradient(v))
    assert np.allclose(numeric_grad, auto_grad, atol=1e-6)   # same gradient, different cost
    timing["numeric (central)"].append(t_numeric)
    timing["automatic (reverse)"].append(t_auto)

symbolic_sizes, derive_time, evaluate_time = [4, 8, 16, 32], [], []
for n in symbolic_sizes:
    xs = sp.symbols(f"x0:{n}")
    start = time.perf_counter()
    f_n = sum(xs[i] * xs[i + 1] for i in range(n - 1)) + sum(sp.sin(s) for s in xs)
    grad_fn = sp.lambdify([xs], [sp.diff(f_n, s) for s in xs], "numpy")
    derive_time.append(time.perf_counter() - start)
    evaluate_time.append(seconds(lambda: grad_fn(np.linspace(0, 1, n)))[0])

fig, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
ax.loglog(sizes, timing["numeric (central)"], "o-", label="numeric: 2n evaluations")
ax.loglog(sizes, timing["automatic (reverse)"], "s-", label="automatic: one reverse pass")
ax.loglog(symbolic_sizes, derive_time, "^-", label="symbolic: derive + lambdify (once)")
ax.loglog(symbolic_sizes, evaluate_time, "v--", label="symbolic: evaluate the compiled gradient")
ax.set_title("Time for one gradient of f: Rⁿ → R")
ax.set_xlabel("n (number of inputs)")
ax.set_ylabel("seconds (log scale)")
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
plt.show()
ratio = timing["numeric (central)"][-1] / timing["automatic (reverse)"][-1]
print(f"n = {sizes[-1]}: numeric / automatic time = {ratio:.0f}x")

# %% [markdown]
# The numeric line climbs with slope ≈ 2 on the log-log plot (O(n²)); the reverse-mode
# line is nearly flat here (its O(n) work is hidden by the fixed per-operation overhead
# of a small library) and would stay linear for large n. The symbolic gradient is the
# fastest to *evaluate* — it is plain compiled numpy — but deriving it took longest
# and grows fastest; for a network whose "formula" is millions of operations deep,
# it is not an option.

# %% [markdown]
# ## 5. When each is the right tool
#
# | | symbolic (sympy) | numeric (finite differences) | automatic (reverse mode) |
# |---|---|---|---|
# | works on | a formula | any function you can call (a black box) | a program written in differentiable ops |
# | result | a formula — exact, can be simplified, printed, compiled | a number with truncation + round-off error | a number exact to rounding |
# | cost of a gradient in $n$ inputs | derivation grows with $n$ and with depth (swell) | $n+1$ to $2n$ evaluations of $f$ | ~ one extra pass, independent of $n$ (memory: the stored graph) |
# | control flow (`if`, loops on data) | needs one formula; piecewise at best | fine (except across jumps) | fine — it differentiates the path taken |
# | best for | closed forms for papers and derivations, small models, code generation | checking gradients (`gradcheck`), black-box simulators, a handful of inputs | training models with many parameters; any program you can run |
#
# Forward-mode autodiff (Lesson 6) fits the opposite shape: few inputs, many outputs.

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Try the hints in order before opening the solution.
#
# **Exercise 1 — a symbolic derivative.** Use sympy to differentiate $g(x) = x^3 e^x$ and evaluate
# the derivative at $x = 1$ as a Python float.
#
# <details><summary>Hint 1</summary>
#
# Section 1 shows the three sympy steps: build the expression from the symbol `x`, differentiate,
# evaluate.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# `sp.diff(expression, x)` gives the formula; `.subs(x, 1)` puts in the number; `float(...)` turns
# sympy's exact result into a Python float.
#
# </details>

# %%
# Exercise 1
answer = None  # your code here

# %%
# Self-check 1
_xt = cl.tensor(1.0, dtype=cl.float64, requires_grad=True)
(_xt**3 * _xt.exp()).backward()  # autodiff's answer to compare with
check_number(1, answer, _xt.grad.item(), rtol=1e-9,
             hint="differentiate with sympy, substitute, convert; see Hint 2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# answer = float(sp.diff(x**3 * sp.exp(x), x).subs(x, 1))  # (3x² + x³)eˣ at 1 = 4e
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — differentiate the program, not the formula.** Section 2's sympy derivative of the
# logistic map had 5472 operations at depth 7. Write `logistic_and_derivative(x0, n)` returning the
# pair $(l_n,\ dl_n/dx)$ at $x = x_0$ as floats, computed **along the loop** — plain Python floats,
# no sympy, no course_lib. It must work for $n = 25$, where no formula could be printed.
#
# <details><summary>Hint 1</summary>
#
# Carry two numbers through the loop: the value $l_k$ and its derivative $l'_k = dl_k/dx$. What is
# $l'_0$? How does one step $l_{k+1} = 4\,l_k(1 - l_k)$ change the derivative?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# With $g(l) = 4l(1 - l)$, $g'(l) = 4 - 8l$, the chain rule gives $l'_{k+1} = g'(l_k)\,l'_k$, starting
# from $l'_0 = 1$. Update the derivative with the *old* $l_k$, before you overwrite it.
#
# </details>

# %%
# Exercise 2
def logistic_and_derivative(x0, n):
    """(l_n, dl_n/dx) at x = x0 for l_0 = x, l_{k+1} = 4 l_k (1 - l_k), as two floats."""
    raise NotImplementedError("carry the value and its derivative through the n steps")


# %%
# Self-check 2
def logistic_by_autograd(x0, n):
    x0_t = cl.tensor(x0, dtype=cl.float64, requires_grad=True)
    l_k = x0_t
    for _ in range(n):
        l_k = 4 * l_k * (1 - l_k)
    l_k.backward()
    return l_k.item(), x0_t.grad.item()


check_function(2, logistic_and_derivative, logistic_by_autograd,
               [(0.3, 1), (0.3, 5), (0.7, 12), (0.1, 25)], tol=1e-6,
               hint="carry a derivative along with the value; see Hint 2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# def logistic_and_derivative(x0, n):
#     """(l_n, dl_n/dx) at x = x0 for l_0 = x, l_{k+1} = 4 l_k (1 - l_k), as two floats."""
#     value, derivative = x0, 1.0  # l_0 = x, dl_0/dx = 1
#     for _ in range(n):
#         derivative = (4 - 8 * value) * derivative  # chain rule, with the old value
#         value = 4 * value * (1 - value)
#     return value, derivative  # forward mode by hand: 2 numbers per step, no swell
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — the right tool.** Pick the tool for each job: `"symbolic"`, `"numeric"` or
# `"automatic"`.
#
# - `"a"`: train a network with a million parameters;
# - `"b"`: the sensitivity of an output to 3 inputs of an external simulator you can only
#   run as a program (no source code);
# - `"c"`: a closed-form expression of $\frac{d}{dx}\tanh(x^2)$ to write in a report.
#
# <details><summary>Hint 1</summary>
#
# For each job ask: is there a formula to work on, can the code be traced, how many inputs are
# there, and is a formula or a number wanted?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Only one method returns a formula; only one works on a program it cannot look inside; only one
# gives a million partial derivatives for the price of about one extra pass (Section 4).
#
# </details>

# %%
# Exercise 3
answer = None  # your code here, e.g. {"a": "...", "b": "...", "c": "..."}


# %%
# Self-check 3
def check_tools(choice):
    if choice is None:
        print("Exercise 3: not attempted yet")
        return
    if not isinstance(choice, dict):
        verdict(3, False, "a dict {'a': ..., 'b': ..., 'c': ...}", type(choice).__name__,
                "answer = {'a': '...', 'b': '...', 'c': '...'}")
        return
    reasons = {  # why the right tool is right, shown only when a job is answered wrongly
        "a": ("automatic", "a gradient over 10⁶ parameters: what does each method cost per "
                           "gradient (Section 4)?"),
        "b": ("numeric", "which method can work with a program it can only call, not see?"),
        "c": ("symbolic", "which method returns a formula rather than a number?"),
    }
    given = {k: str(choice.get(k, "")).strip().lower() for k in reasons}
    wrong = [k for k in reasons if given[k] != reasons[k][0]]
    if not wrong:
        verdict(3, True, "", "")
        return
    k = wrong[0]
    verdict(3, False, f"another tool for job {k!r}", repr(choice.get(k)),
            reasons[k][1] + f" ({len(wrong)} of 3 jobs not right yet)")


check_tools(answer)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# answer = {"a": "automatic", "b": "numeric", "c": "symbolic"}
# ```
#
# </details>

# %% [markdown]
# ## Summary
#
# - **Symbolic** differentiation transforms formulas; it is exact, but the derivative
#   of a deep composition swells (the logistic map's derivative roughly triples in size
#   per level) unless shared subexpressions are factored out — and it needs a formula.
# - **Numeric** differentiation only calls $f$; it is easy and universal, but it adds a
#   method error that depends on the scheme and on $h$: ~1e-11 for central differences in
#   float64 (~1e-5 in float32), lower for higher-order schemes (the five-point scheme gives
#   1.8e-13 for $\sin$ at $x = 1$, $h = 10^{-3}$) and Richardson extrapolation — and a
#   gradient costs O(n) evaluations.
# - **Automatic** differentiation evaluates the chain rule on numbers along the
#   recorded program: exact to rounding, no swell (one node per operation), and in
#   reverse mode the whole gradient costs about one extra pass, whatever $n$ is.
# - That is why deep learning uses reverse-mode autodiff, with numeric differences as
#   the test (`gradcheck`) and symbolic math for the derivations on paper.
#
# Back to the [course map](00_start_here.ipynb).
