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
# <!-- zh -->
# # 第 11 课 — 符号微分、数值微分与自动微分
#
# 大纲用一句话点明了要点：*自动求导有别于符号求导和数值求导。* 本课在同一个导数上把三者并排比较，并度量它们之间的区别：各自构造出的东西有多大、精度如何，以及随着输入个数增长代价如何变化。
#
# **学习目标。** 学完本课，你将能够
#
# 1. 用三种方式计算同一个导数：用 sympy 做符号微分（`diff`、`lambdify`），用 `course_lib.numdiff` 做数值微分，用 course_lib 做自动微分；
# 2. 解释什么是**表达式膨胀**，以及为什么自动微分的计算图不会膨胀；
# 3. 对照精确值比较三种方法的误差；
# 4. 解释为什么数值梯度需要 O(n) 次求值，而反向模式只需一次反向传播——并为具体任务选对工具。

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

import course_lib as cl
from course_lib import numdiff
from course_lib.exercises import check_function, check_number, verdict
from course_lib.i18n import tr, tr_plot

# %% [markdown]
# ## 1. One derivative, three ways
#
# Take $f(x) = \sin(x)\,e^{-x^2/2} + \ln(1 + x^2)$ and its derivative at $x_0 = 1.5$.
#
# **Symbolic.** sympy manipulates the *expression*: it applies the derivative rules
# (Lesson 1) to the formula and returns a new formula. `lambdify` turns that
# formula into a numpy function.
# <!-- zh -->
# ## 1. 一个导数，三种算法
#
# 取 $f(x) = \sin(x)\,e^{-x^2/2} + \ln(1 + x^2)$，求它在 $x_0 = 1.5$ 处的导数。
#
# **符号微分。** sympy 操作的是*表达式*：它把求导法则（第 1 课）应用到公式上，返回一个新的公式。`lambdify` 再把这个公式变成一个 numpy 函数。

# %%
x = sp.Symbol("x")
f_sym = sp.sin(x) * sp.exp(-x**2 / 2) + sp.log(1 + x**2)
df_sym = sp.diff(f_sym, x)
print("f'(x) =", df_sym)
df_symbolic = sp.lambdify(x, df_sym, "numpy")
exact = sp.N(df_sym.subs(x, sp.Rational(3, 2)), 30)      # 30 significant digits
print(tr("f'(1.5) exact    =", "f'(1.5) 精确值   ="), exact)
print(tr("f'(1.5) symbolic =", "f'(1.5) 符号微分 ="), repr(df_symbolic(1.5)))


# %% [markdown]
# **Numeric.** `numdiff` only *calls* $f$: a central difference
# $\frac{f(x+h) - f(x-h)}{2h}$ with a step $h$ chosen to balance truncation and
# round-off (Lesson 3). It never sees the formula.
# <!-- zh -->
# **数值微分。** `numdiff` 只*调用* $f$：它用中心差分 $\frac{f(x+h) - f(x-h)}{2h}$，步长 $h$ 的选取兼顾截断误差和舍入误差（第 3 课）。它从来不看公式。

# %%
def f_numpy(v):
    return np.sin(v) * np.exp(-v**2 / 2) + np.log(1 + v**2)


numeric = numdiff.derivative(f_numpy, 1.5, scheme="central")
print(tr("f'(1.5) numeric  =", "f'(1.5) 数值微分 ="), repr(numeric),
      tr("(central, float64, default h)", "（中心差分，float64，默认的 h）"))

# %% [markdown]
# **Automatic.** course_lib runs $f$ on a tensor, records the operations (the graph,
# Lesson 6), and `backward()` applies each operation's local derivative to the
# *numbers* flowing through — no formula is ever built.
# <!-- zh -->
# **自动微分。** course_lib 在张量上运行 $f$，记录下各个运算（即计算图，第 6 课），然后 `backward()` 把每个运算的局部导数作用在流经的*数值*上——整个过程从不构造公式。

# %%
xt = cl.tensor(1.5, dtype=cl.float64, requires_grad=True)
yt = xt.sin() * (-xt**2 / 2).exp() + (1 + xt**2).log()
yt.backward()
print(tr("f'(1.5) autodiff =", "f'(1.5) 自动微分 ="), repr(xt.grad.item()))
for name, name_zh, value in [("symbolic", "符号微分", df_symbolic(1.5)),
                             ("numeric", "数值微分", numeric),
                             ("autodiff", "自动微分", xt.grad.item())]:
    error = abs(value - float(exact))
    print(tr(f"{name:>9}: error vs exact = {error:.1e}", f"{name_zh}：与精确值之差 = {error:.1e}"))

# %% [markdown]
# Symbolic and automatic agree with the exact value to float64 rounding; the numeric
# estimate is off by about 4e-11 (in the 11th significant digit), because a finite $h$
# leaves truncation and round-off error behind.
# <!-- zh -->
# 符号微分和自动微分与精确值在 float64 的舍入误差范围内一致；数值估计则偏离约 4e-11（在第 11 位有效数字上），因为有限的 $h$ 会留下截断误差和舍入误差。

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
# <!-- zh -->
# ## 2. 表达式膨胀
#
# 符号微分构造的是公式，而公式可能急剧膨胀。乘法法则把一个乘积变成两个乘积之和，每个乘积里都带着各个因子的一份拷贝；嵌套的复合则一遍又一遍地重复内层表达式。一个经典的例子（Baydin 等人，*Automatic differentiation in machine learning: a survey*）是逻辑斯谛映射 $l_0 = x$，$l_{n+1} = 4\,l_n(1 - l_n)$。我们来数一数：$l_n$ 中的运算个数、sympy 求出的 $dl_n/dx$ 中的运算个数、这个导数经过公共子表达式消除（`sp.cse`）之后的运算个数，以及 course_lib 为 $l_n$ 构造的计算图（`backward()` 只遍历它一次）的大小：

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
print(tr(f"{'n':>2} {'ops in l_n':>11} {'ops in dl_n/dx':>15} {'after cse':>10} {'autodiff graph':>15}",
         " n  l_n 运算数  dl_n/dx 运算数   cse 之后  自动微分计算图"))
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
ax.semilogy(rows[:, 0], rows[:, 2], "o-", label=tr_plot("sympy: ops in $dl_n/dx$", "sympy：$dl_n/dx$ 的运算数"))
ax.semilogy(rows[:, 0], rows[:, 1], "s-", label=tr_plot("sympy: ops in $l_n$ itself", "sympy：$l_n$ 本身的运算数"))
ax.semilogy(rows[:, 0], rows[:, 3], "^-", label=tr_plot("sympy after cse (shared subexpressions)",
                                                        "sympy，cse 之后（共享子表达式）"))
ax.semilogy(rows[:, 0], rows[:, 4], "d-", label=tr_plot("autodiff: nodes in the graph",
                                                        "自动微分：计算图中的节点数"))
ax.set_title(tr_plot("Expression swell on the logistic map $l_{n+1} = 4\\,l_n(1 - l_n)$",
                     "逻辑斯谛映射 $l_{n+1} = 4\\,l_n(1 - l_n)$ 上的表达式膨胀"))
ax.set_xlabel(tr_plot("depth n", "深度 n"))
ax.set_ylabel(tr_plot("size (log scale)", "大小（对数刻度）"))
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
# <!-- zh -->
# 导数表达式的大小每深一层大约变为三倍（2、21、82、264、768、2096、5472），因为公式没有办法表达“和前面同一个 $l_n$”：每次出现都要完整地重写一遍。自动微分的计算图每层只固定增加 3 个节点：它把每个中间*值*只存一次，并在反向传播中重复使用。公共子表达式消除能找回其中大部分的共享——实际上是把公式重新变回一个程序，而这正是自动微分一开始就有的。对于在数据上带有循环或 `if` 的程序（第 8 课），甚至可能根本不存在一个可以求导的单一公式。
#
# ## 3. 精度
#
# 在一组网格点上，把每种方法的误差与精确导数相比较。精确值由 sympy 以 30 位有效数字（mpmath）求值得到。自动微分一次处理整个向量：由于 $f$ 是逐元素作用的，`y.sum().backward()` 会把每个 $f'(x_i)$ 都放进 `x.grad`（第 7 课）。

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
names_zh = {"symbolic (lambdify, float64)": "符号微分（lambdify，float64）",
            "autodiff float64": "自动微分 float64", "autodiff float32": "自动微分 float32",
            "numeric central float64": "数值微分，中心差分，float64",
            "numeric forward float64": "数值微分，前向差分，float64",
            "numeric five-point float64": "数值微分，五点差分公式，float64",
            "numeric central float32": "数值微分，中心差分，float32"}
errors = {name: np.abs(values - exact_values) for name, values in estimates.items()}
for name, err in errors.items():
    print(tr(f"{name:<30} median error {np.median(err):.1e}   worst {err.max():.1e}",
             f"误差中位数 {np.median(err):.1e}   最大误差 {err.max():.1e}   {names_zh[name]}"))

# %%
fig, ax = plt.subplots(figsize=(9, 4.5))
floor = 1e-18                       # exact zeros drawn at the bottom of the log scale
styles = ["o", "s", "^", "v", "<", ">", "D"]
for (name, err), style in zip(errors.items(), styles):
    ax.semilogy(points, np.maximum(err, floor), style, ms=4, label=tr_plot(name, names_zh[name]))
ax.set_title(tr_plot("Error of f'(x) against the exact value (30-digit sympy)",
                     "f'(x) 与精确值（sympy，30 位有效数字）之差"))
ax.set_xlabel("x")
ax.set_ylabel(tr_plot("|estimate - exact| (log scale; 0 drawn at 1e-18)",
                      "|估计值 - 精确值|（对数刻度；0 画在 1e-18 处）"))
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
# <!-- zh -->
# 符号微分和自动微分在所用精度下**精确到舍入误差**（float64 中约 1e-16，float32 中约 1e-7）。数值微分则在此之上再加一份*方法*误差，它取决于差分格式和 $h$：这里 float64 的中心差分是 1e-11 的几倍，前向差分约为 1e-8，五点差分公式约为 1e-12，而 float32 的中心差分则是 1e-5 的几倍。更高阶的格式或 Richardson 外推（第 3 课）能把误差进一步压低——以 $\sin$ 在 $x = 1$ 处为例：

# %%
exact_cos = np.cos(1.0)
for label, label_zh, estimate in [
    ("central, default h", "中心差分，默认的 h",
     numdiff.derivative(np.sin, 1.0, scheme="central")),
    ("five-point, h = 1e-3", "五点差分公式，h = 1e-3",
     numdiff.derivative(np.sin, 1.0, h=1e-3, scheme="five_point")),
    ("Richardson on central, h = 0.03, 2 levels", "对中心差分做 Richardson 外推，h = 0.03，2 层",
     numdiff.richardson(np.sin, 1.0, 0.03, levels=2)),
]:
    error = abs(estimate - exact_cos)
    print(tr(f"{label:<42} error {error:.1e}", f"误差 {error:.1e}   {label_zh}"))

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
# <!-- zh -->
# 可见数值导数*可以*接近舍入误差的水平——前提是函数光滑，且差分格式和步长选得合适。永远无法消除的是第 3 课讲的那个权衡：误差依赖于 $h$，也依赖于 $f$ 的高阶导数，而这些你并不知道；所以没有精确值可比时，你无法确定误差有多大。不需要 $h$ 的方法则从构造上就精确到舍入误差。
#
# ## 4. 输入个数增长时的代价
#
# 训练需要一个损失关于 $n$ 个参数的梯度。取 $f(x) = \sum_i x_i x_{i+1} + \sum_i \sin x_i$（求一次值的代价是 O(n)）。
#
# - **数值微分：** 每个坐标一个偏导数，中心差分共需 $2n$ 次求值，每次 O(n)：总共 O(n²)。
# - **自动微分（反向模式）：** 一次前向传播加一次反向传播，O(n)。
# - **符号微分：** 要推导并编译 $n$ 个公式——此后每次求值都很便宜，但前期的代价随 $n$ 增长（还会随表达式膨胀而增长）。
#
# 大纲是这样说的：在输入有 $n$ 个、输出为标量的情况下，差分法每求一个梯度大约需要 $n$ 次操作（每次都是一次完整的求值）——对于有数百万个参数的梯度下降，这条路走不通。先看求值次数：

# %%
for row in numdiff.evaluation_count_table(ns=(1, 10, 1_000, 1_000_000)):
    print(tr(f"n = {row['n']:>9,}: forward {row['forward']:>9,}  central {row['central']:>9,}  "
             f"five-point {row['five_point']:>9,} evaluations of f;  reverse mode: 1 forward + 1 backward",
             f"n = {row['n']:>9,}：前向差分 {row['forward']:>9,}  中心差分 {row['central']:>9,}  "
             f"五点差分 {row['five_point']:>9,} 次求值；反向模式：1 次前向传播 + 1 次反向传播"))


# %% [markdown]
# Now wall-clock time per gradient (a few repetitions each; your numbers will differ,
# the *slopes* will not):
# <!-- zh -->
# 再看每求一个梯度的实际耗时（每种各重复几次；你测得的数字会不同，但*斜率*不会）：

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
ax.loglog(sizes, timing["numeric (central)"], "o-",
          label=tr_plot("numeric: 2n evaluations", "数值微分：2n 次求值"))
ax.loglog(sizes, timing["automatic (reverse)"], "s-",
          label=tr_plot("automatic: one reverse pass", "自动微分：一次反向传播"))
ax.loglog(symbolic_sizes, derive_time, "^-",
          label=tr_plot("symbolic: derive + lambdify (once)", "符号微分：推导 + lambdify（只做一次）"))
ax.loglog(symbolic_sizes, evaluate_time, "v--",
          label=tr_plot("symbolic: evaluate the compiled gradient", "符号微分：对编译好的梯度求值"))
ax.set_title(tr_plot("Time for one gradient of f: Rⁿ → R", "求 f: Rⁿ → R 的一个梯度所需的时间"))
ax.set_xlabel(tr_plot("n (number of inputs)", "n（输入个数）"))
ax.set_ylabel(tr_plot("seconds (log scale)", "秒（对数刻度）"))
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
plt.show()
ratio = timing["numeric (central)"][-1] / timing["automatic (reverse)"][-1]
print(tr(f"n = {sizes[-1]}: numeric / automatic time = {ratio:.0f}x",
         f"n = {sizes[-1]}：数值微分耗时 / 自动微分耗时 = {ratio:.0f} 倍"))

# %% [markdown]
# The numeric line climbs with slope ≈ 2 on the log-log plot (O(n²)); the reverse-mode
# line is nearly flat here (its O(n) work is hidden by the fixed per-operation overhead
# of a small library) and would stay linear for large n. The symbolic gradient is the
# fastest to *evaluate* — it is plain compiled numpy — but deriving it took longest
# and grows fastest; for a network whose "formula" is millions of operations deep,
# it is not an option.
# <!-- zh -->
# 在双对数图上，数值微分的曲线以约为 2 的斜率上升（O(n²)）；反向模式的曲线在这里几乎是平的（它 O(n) 的工作量被小型库每个运算的固定开销掩盖了），n 很大时它会保持线性增长。符号梯度*求值*最快——它就是编译好的普通 numpy 代码——但推导它花的时间最长，增长也最快；对于一个“公式”深达数百万个运算的网络，这是行不通的。

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
# <!-- zh -->
# ## 5. 各自适用的场合
#
# | | 符号微分（sympy） | 数值微分（有限差分） | 自动微分（反向模式） |
# |---|---|---|---|
# | 作用对象 | 一个公式 | 任何可以调用的函数（黑盒） | 由可微运算写成的程序 |
# | 结果 | 一个公式——精确，可以化简、打印、编译 | 一个带有截断误差和舍入误差的数 | 一个精确到舍入误差的数 |
# | $n$ 个输入时一个梯度的代价 | 推导的代价随 $n$ 和深度增长（表达式膨胀） | $f$ 的 $n+1$ 到 $2n$ 次求值 | 约多一次传播，与 $n$ 无关（内存：保存下来的计算图） |
# | 控制流（在数据上的 `if`、循环） | 需要单一的公式，充其量是分段公式 | 没问题（跨越跳跃点时除外） | 没问题——它对实际走过的路径求导 |
# | 最适合 | 论文和推导中的闭式表达式、小模型、代码生成 | 检验梯度（`gradcheck`）、黑盒模拟器、只有少数几个输入 | 训练参数众多的模型；任何能运行的程序 |
#
# 前向模式的自动微分（第 6 课）适合相反的形状：输入少、输出多。

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
# <!-- zh -->
# ## 练习
#
# 每道练习都有一个供你编辑的单元格、一个在它之后运行的自检单元格，以及一份折叠起来的参考答案。打开参考答案之前，先按顺序看看提示。
#
# **练习 1——一个符号导数。** 用 sympy 对 $g(x) = x^3 e^x$ 求导，并求出导数在 $x = 1$ 处的值（一个 Python 浮点数）。
#
# <details><summary>提示 1</summary>
#
# 第 1 节展示了 sympy 的三个步骤：由符号 `x` 构造表达式、求导、求值。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# `sp.diff(expression, x)` 给出导数公式；`.subs(x, 1)` 代入数值；`float(...)` 把 sympy 的精确结果转换为 Python 浮点数。
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
             hint=tr("differentiate with sympy, substitute, convert; see Hint 2",
                     "用 sympy 求导、代入、转换；见提示 2"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# answer = float(sp.diff(x**3 * sp.exp(x), x).subs(x, 1))  # (3x² + x³)eˣ at 1 = 4e
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 2——对程序求导，而不是对公式求导。** 第 2 节中，逻辑斯谛映射在深度 7 时 sympy 求出的导数有 5472 个运算。编写 `logistic_and_derivative(x0, n)`，以两个浮点数返回 $x = x_0$ 处的 $(l_n,\ dl_n/dx)$，要求**沿着循环**计算——只用普通的 Python 浮点数，不用 sympy，也不用 course_lib。它必须能处理 $n = 25$，这时任何公式都已无法打印出来。
#
# <details><summary>提示 1</summary>
#
# 在循环中同时携带两个数：值 $l_k$ 和它的导数 $l'_k = dl_k/dx$。$l'_0$ 是多少？一步 $l_{k+1} = 4\,l_k(1 - l_k)$ 会怎样改变导数？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 记 $g(l) = 4l(1 - l)$，则 $g'(l) = 4 - 8l$，由链式法则得 $l'_{k+1} = g'(l_k)\,l'_k$，从 $l'_0 = 1$ 开始。要用*旧的* $l_k$ 来更新导数，也就是在覆盖 $l_k$ 之前更新。
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
               hint=tr("carry a derivative along with the value; see Hint 2",
                       "让导数和值一起在循环中传递；见提示 2"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 3——选对工具。** 为每项任务选一种工具：`"symbolic"`（符号微分）、`"numeric"`（数值微分）或 `"automatic"`（自动微分）。
#
# - `"a"`：训练一个有一百万个参数的网络；
# - `"b"`：有一个外部模拟器，只能作为程序运行（没有源代码），求它的一个输出对 3 个输入的灵敏度；
# - `"c"`：为一份报告写出 $\frac{d}{dx}\tanh(x^2)$ 的闭式表达式。
#
# <details><summary>提示 1</summary>
#
# 对每项任务问一问：有没有可以操作的公式？代码能否被追踪？有多少个输入？要的是公式还是数值？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 只有一种方法返回公式；只有一种方法能处理它看不到内部的程序；只有一种方法只需大约多一次传播的代价，就能给出一百万个偏导数（第 4 节）。
#
# </details>

# %%
# Exercise 3
answer = None  # your code here, e.g. {"a": "...", "b": "...", "c": "..."}


# %%
# Self-check 3
def check_tools(choice):
    if choice is None:
        print(tr("Exercise 3: not attempted yet", "练习 3：尚未作答"))
        return
    if not isinstance(choice, dict):
        verdict(3, False, tr("a dict {'a': ..., 'b': ..., 'c': ...}", "一个字典 {'a': ..., 'b': ..., 'c': ...}"),
                type(choice).__name__, "answer = {'a': '...', 'b': '...', 'c': '...'}")
        return
    reasons = {  # why the right tool is right, shown only when a job is answered wrongly
        "a": ("automatic", tr("a gradient over 10⁶ parameters: what does each method cost per "
                              "gradient (Section 4)?",
                              "对 10⁶ 个参数求梯度：每种方法求一个梯度的代价是多少（第 4 节）？")),
        "b": ("numeric", tr("which method can work with a program it can only call, not see?",
                            "哪种方法能处理一个只能调用、看不到内部的程序？")),
        "c": ("symbolic", tr("which method returns a formula rather than a number?",
                             "哪种方法返回的是公式而不是数？")),
    }
    given = {k: str(choice.get(k, "")).strip().lower() for k in reasons}
    wrong = [k for k in reasons if given[k] != reasons[k][0]]
    if not wrong:
        verdict(3, True, "", "")
        return
    k = wrong[0]
    verdict(3, False, tr(f"another tool for job {k!r}", f"任务 {k!r} 应换一种工具"), repr(choice.get(k)),
            reasons[k][1] + tr(f" ({len(wrong)} of 3 jobs not right yet)",
                               f"（3 项任务中还有 {len(wrong)} 项不对）"))


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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# ## 小结
#
# - **符号**微分变换的是公式；它是精确的，但深层复合函数的导数会膨胀（逻辑斯谛映射的导数每深一层大小约变为三倍），除非把公共子表达式提取出来——而且它需要一个公式。
# - **数值**微分只调用 $f$；它简单通用，但会加上一份取决于差分格式和 $h$ 的方法误差：float64 的中心差分约为 1e-11（float32 中约为 1e-5），更高阶的格式更低（五点差分公式对 $\sin$ 在 $x = 1$、$h = 10^{-3}$ 时给出 1.8e-13），Richardson 外推也更低——而且一个梯度需要 O(n) 次求值。
# - **自动**微分沿着记录下的程序在数值上执行链式法则：精确到舍入误差，不会膨胀（每个运算一个节点）；在反向模式下，无论 $n$ 多大，整个梯度只需大约多一次传播的代价。
# - 这就是深度学习使用反向模式自动微分的原因；数值差分用于检验（`gradcheck`），符号数学用于纸面上的推导。
#
# 回到[课程地图](00_start_here.ipynb)。
