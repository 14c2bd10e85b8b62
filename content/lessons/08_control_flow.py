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
# <!-- zh -->
# # 第 8 课 — 控制流中的自动求导
#
# 真实的程序不是公式：其中有一直运行到某件事发生才停止的 `while` 循环，有根据数据做判断的 `if` 语句，还有调用自身的函数。自动求导照样能对它们求导——因为它从来看不到程序本身，只看到程序*实际执行了*的那些运算。
#
# **学习目标。** 学完本课，你能够
#
# 1. 运行讲义原文中带有 `while` 循环和 `if` 的函数 `f(a)`，并解释为什么 `a.grad == d / a`；
# 2. 说出自动求导为循环、递归和依赖数据的分支记录了什么样的计算图（只记录实际走过的路径，别无其他），并把它画出来；
# 3. 预测在**分支边界**处自动求导会返回什么，以及为什么跨越跳变的数值差分在那里毫无用处；
# 4. 对向量或矩阵 `a` 运行 `f`，说出为什么此时 `backward()` 需要 `.sum()` 或一个 `gradient=` 向量，以及为什么梯度仍然逐元素等于 `d / a`（d2l §2.5，练习 3）；
# 5. 解释为什么在 float32 中 `a.grad == d / a` 可能因最后一位而为 `False`。

# %%
import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, verdict
from course_lib.i18n import tr, tr_plot
from course_lib.viz import draw_graph

# %% [markdown]
# ## 1. The seed's function
#
# From the seed (*Dive into Deep Learning*, automatic differentiation): *even if
# building the function's graph needs Python control flow (conditions, loops or
# arbitrary function calls), we can still compute the gradient of the variable.*
# Here is the seed's `f`, unchanged except `torch` → `course_lib`:
# <!-- zh -->
# ## 1. 讲义原文中的函数
#
# 讲义原文（《动手学深度学习》，自动求导一节）说：*即使构建函数的计算图需要通过 Python 控制流（例如条件、循环或任意函数调用），我们仍然可以计算得到变量的梯度。* 下面就是讲义中的 `f`，除了把 `torch` 换成 `course_lib` 之外原样照搬：

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
# <!-- zh -->
# `a` 是一个需要梯度的随机标量（`size=()` 表示零维）。讲义原文抽取它时没有固定随机种子；这里固定一个，好让你的数字与文中一致。

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
# <!-- zh -->
# ## 2. 为什么梯度是 `d / a`
#
# 跟着 `f` 看看它对 `a` 做了什么：`b = 2a`，然后 `b` 被翻倍 `j` 次，最后保持不变或乘以 100。每一步都是乘以一个常数，所以
#
# $$f(a) = k \cdot a, \qquad k = 2^{\,1+j} \ \text{(if } a>0\text{)} \quad\text{or}\quad k = 100\cdot 2^{\,1+j} \ \text{(if } a<0\text{)}.$$
#
# 翻倍的次数 `j` 取决于 `a`（`|a|` 越小，需要翻倍越多次才能达到 `‖b‖ ≥ 1000`），所以 `f` 是**分段线性**的：在每一段上都是一条过原点的直线，斜率 `k` 随段而变。在一段之内，导数就是斜率，而过原点的直线的斜率就是 `f(a) / a`。自动求导并不知道有分段：它只是把实际执行过的那些乘法的局部导数乘起来，2 · 2 · … · 2（· 100）——结果正是 `k`。
#
# 我们在计算 `f` 的同时记下 `j` 和所走的分支，看看许多不同的 `a` 对应的 `k`：

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


print(f"{'a':>9} {tr('doublings j', '翻倍次数 j'):>12} {tr('branch', '分支'):>12} "
      f"{'k = d/a':>10} {'a.grad':>10}  {tr('equal?', '相等？')}")
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
# <!-- zh -->
# 每一行对应一段：`a > 0` 时 `k` 是 2 的幂（`a` 越小翻倍越多），`a < 0` 时是 2 的幂的 100 倍。自动求导得到的 `a.grad` 每次都正是这个斜率。
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
# <!-- zh -->
# ## 3. 记录下的计算图就是实际走过的路径
#
# course_lib 和 PyTorch 一样，在**代码运行时**构建计算图（边运行边定义，define-by-run）：每执行一个运算就添加一个节点；一个循环执行九次就添加九个节点；没有走到的分支什么也不添加。`while` 条件和 `if` 判断会读取值（`b.norm()`、`b.sum()`），但它们是 Python 做出的决定，不是通向 `c` 路径上的运算，所以不在 `c` 的计算图里。
#
# 比较 `a = 300`（翻倍一次，`c = b`）和 `a = -300`（翻倍一次，然后 `100 * b`）：

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
# <!-- zh -->
# 三次乘法（×2、×2、×100）加上叶子张量 `a`：这就是反向传播在调用 `f(-300)` 时能看到的全部。不同的 `a` 给出不同的计算图——图中运算的个数是 1 + j +（若走了 ×100 分支则再加 1），另外还有叶子节点：

# %%
for value in [600.0, 300.0, 2.0, 0.01, -0.01]:
    a_i = cl.tensor(value, requires_grad=True)
    c_i, j, branch = f_traced(a_i)
    print(tr(f"a = {value:>6}: {j:2d} doublings, {branch:<12} -> "
             f"{len(graph_ops(c_i)) - 1:2d} operations in the graph",
             f"a = {value:>6}：翻倍 {j:2d} 次，{branch:<12} -> "
             f"计算图中有 {len(graph_ops(c_i)) - 1:2d} 个运算"))


# %% [markdown]
# ### Loops that run until the data says stop
#
# Newton's method for $\sqrt{s}$ repeats $x \leftarrow (x + s/x)/2$ until
# $|x^2 - s|$ is tiny; how many times depends on `s`. Autograd differentiates the
# iterations that ran, so the gradient is that of the *computed* approximation —
# which, once it has converged, matches $\frac{d}{ds}\sqrt{s} = \frac{1}{2\sqrt{s}}$.
# <!-- zh -->
# ### 一直运行到数据说“停”的循环
#
# 求 $\sqrt{s}$ 的牛顿法反复执行 $x \leftarrow (x + s/x)/2$，直到 $|x^2 - s|$ 足够小；执行多少次取决于 `s`。自动求导对实际执行了的那些迭代求导，所以得到的是*计算出的*近似值的梯度——一旦迭代收敛，它就与 $\frac{d}{ds}\sqrt{s} = \frac{1}{2\sqrt{s}}$ 吻合。

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
    print(tr(f"s = {value:>7}: {steps} iterations, sqrt = {root.item():.12f}, "
             f"autograd d/ds = {s.grad.item():.12f}, "
             f"1/(2 sqrt s) = {0.5 / np.sqrt(value):.12f}, "
             f"graph: {len(graph_ops(root)) - 1} operations",
             f"s = {value:>7}：迭代 {steps} 次，sqrt = {root.item():.12f}，"
             f"自动求导 d/ds = {s.grad.item():.12f}，"
             f"1/(2 sqrt s) = {0.5 / np.sqrt(value):.12f}，"
             f"计算图：{len(graph_ops(root)) - 1} 个运算"))


# %% [markdown]
# ### Recursion
#
# A recursive function is a loop in disguise: each call runs some operations, and
# they are recorded in the order they run. Exponentiation by squaring recurses on
# `n // 2` and branches on whether `n` is odd — the graph has about $2\log_2 n$
# multiplications instead of `n`, and its gradient is still $n x^{n-1}$:
# <!-- zh -->
# ### 递归
#
# 递归函数是换了个样子的循环：每次调用执行一些运算，这些运算按执行的顺序被记录下来。快速幂（平方求幂）对 `n // 2` 递归，并根据 `n` 是否为奇数做分支——计算图中只有大约 $2\log_2 n$ 次乘法而不是 `n` 次，而它的梯度仍然是 $n x^{n-1}$：

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
print(tr(f"multiplications recorded: {multiplications} (x * x * ... * x would record 12)",
         f"记录的乘法次数：{multiplications}（x * x * ... * x 会记录 12 次）"))


# %% [markdown]
# ### Data-dependent branches
#
# An `if` that looks at a tensor picks one formula per call; autograd differentiates
# that formula only. This is how piecewise losses are written in practice (Exercise 2
# writes one).
# <!-- zh -->
# ### 依赖数据的分支
#
# 一个判断张量的 `if` 在每次调用时选出一个公式；自动求导只对这个公式求导。实践中分段定义的损失函数就是这样写的（练习 2 会写一个）。
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
# <!-- zh -->
# ## 4. 在分支边界处会发生什么
#
# 在翻倍次数改变的地方，斜率会跳变——函数值也会跳变。在 $a^* = 1000/2^9 = 1.953125$ 处，$|2a^*| \cdot 2^8 = 1000$ 恰好成立：从 $a^*$ 起，翻倍 8 次就够了（$f = 512\,a$）；而在它稍下方，要再翻倍第 9 次（$f = 1024\,a$）。所以 $f$ 从大约 2000 跳落到 1000。
#
# 下面画出 $f$ 在 0 两侧的图像，以及 $a > 0$ 时它的斜率：自动求导的 `a.grad` 与 $h = 10^{-2}$ 的中心差分对比。

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
left.set_title(tr_plot("$f(a) = 2^{1+j}\\,a$ on $a > 0$:\na sawtooth, jumps where $j$ changes",
                  "$a > 0$ 上的 $f(a) = 2^{1+j}\\,a$：\n锯齿形，在 $j$ 改变处跳变"))
left.set_xlabel("a")
left.set_ylabel("f(a)")
middle.plot(negative, values_neg, ".", ms=3, color="C1")
middle.set_title(tr_plot("$f(a) = 100\\cdot 2^{1+j}\\,a$ on $a < 0$:\nthe same teeth, times 100",
                    "$a < 0$ 上的 $f(a) = 100\\cdot 2^{1+j}\\,a$：\n同样的锯齿，乘以 100"))
middle.set_xlabel("a")
middle.set_ylabel("f(a)")
right.plot(positive, numeric, "-", color="C3", lw=1,
           label=tr_plot(f"central difference, h = {h:g}", f"中心差分，h = {h:g}"))
right.plot(positive, slopes, ".", ms=4, color="C0",
           label=tr_plot("a.grad (autograd)", "a.grad（自动求导）"))
right.set_yscale("symlog", linthresh=100)
right.set_title(tr_plot("The slope on a > 0: autograd vs a difference quotient",
                   "a > 0 上的斜率：自动求导与差商"))
right.set_xlabel("a")
right.set_ylabel(tr_plot("slope (symlog scale)", "斜率（symlog 刻度）"))
right.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
plt.show()

# %% [markdown]
# Autograd returns the slope of the piece `a` lies in — a power of two (or 100 times
# one) — even right next to a jump. The central difference agrees inside a piece and
# plunges wherever `a ± h` straddles a jump (the value halves there, so the quotient
# is hugely negative). Zoom in on $a^*$: the difference
# quotient measures the jump, not a slope: it is $(1000 + 512h - (2000 - 1024h))/(2h)
# = -500/h + 768$, unbounded as $h \to 0$ — smaller steps make it *worse*:
# <!-- zh -->
# 自动求导返回的是 `a` 所在那一段的斜率——2 的幂（或其 100 倍）——即使紧挨着跳变处也是如此。中心差分在段内与之一致，而只要 `a ± h` 跨过一个跳变就会骤降（那里函数值减半，所以差商是一个很大的负数）。放大看 $a^*$ 附近：差商测量的是跳变，而不是斜率：它等于 $(1000 + 512h - (2000 - 1024h))/(2h)
# = -500/h + 768$，当 $h \to 0$ 时无界——步长越小反而*越糟*：

# %%
a_star = 1000 / 2**9
a_i = cl.tensor(a_star, dtype=cl.float64, requires_grad=True)
f(a_i).backward()
print(tr(f"a* = {a_star}: f(a*) = {f(a_i).item():g}, autograd slope = {a_i.grad.item():g}",
         f"a* = {a_star}：f(a*) = {f(a_i).item():g}，自动求导的斜率 = {a_i.grad.item():g}"))
just_below = f(cl.tensor(a_star - 1e-9, dtype=cl.float64)).item()
print(tr(f"just below: f(a* - 1e-9) = {just_below:.6f}",
         f"稍下方：f(a* - 1e-9) = {just_below:.6f}"))
for h in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]:
    up = f(cl.tensor(a_star + h, dtype=cl.float64)).item()
    down = f(cl.tensor(a_star - h, dtype=cl.float64)).item()
    print(tr(f"h = {h:.0e}: central difference = {(up - down) / (2 * h):14.1f}   "
             f"(-500/h + 768 = {-500 / h + 768:12.1f})",
             f"h = {h:.0e}：中心差分 = {(up - down) / (2 * h):14.1f}   "
             f"(-500/h + 768 = {-500 / h + 768:12.1f})"))

# %% [markdown]
# Neither answer is "the derivative at $a^*$" — there is none, $f$ is not even
# continuous there. Autograd's answer is the one-sided slope of the branch that
# ran; that is the useful one for optimisation (and it is what gradient descent on
# piecewise functions like ReLU networks relies on). The lesson for numeric checks:
# **never gradient-check across a branch boundary** — a failing `gradcheck` near a
# kink or jump may be the check's fault.
# <!-- zh -->
# 两个答案都不是“$a^*$ 处的导数”——那里根本没有导数，$f$ 在那里甚至不连续。自动求导的答案是实际执行的那个分支的单侧斜率；这对优化才是有用的那个（对 ReLU 网络这类分段函数做梯度下降，依赖的正是它）。对数值检验的启示：**永远不要跨越分支边界做梯度检验**——在折点或跳变附近 `gradcheck` 失败，可能是检验本身的问题。

# %% [markdown]
# <a id="d2l-2-5-3"></a>
# ## 5. A vector or a matrix `a`
#
# The seed calls `f` on a scalar. Nothing in `f` needs that: `a * 2`, `b.norm()` and `b.sum()` work
# for a tensor of any shape. Give it a vector. The result `d` is then a vector too, and a bare
# `backward()` refuses it — it needs a scalar to start from (Lesson 7, Section 4):
# <!-- zh -->
# <a id="d2l-2-5-3"></a>
# ## 5. 向量或矩阵 `a`
#
# 讲义原文对一个标量调用 `f`。但 `f` 里没有什么要求它必须是标量：`a * 2`、`b.norm()` 和 `b.sum()` 对任意形状的张量都能用。给它一个向量试试。这时结果 `d` 也是一个向量，而不带参数的 `backward()` 会拒绝它——它需要从一个标量出发（第 7 课第 4 节）：

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
# <!-- zh -->
# **`f` 对向量做了什么。** 循环和分支看的是*整个*向量：循环不断翻倍，直到向量的范数 $\lVert b\rVert$ 达到 1000，`if` 判断的是所有元素之和。所以每个元素都乘以**同一个**数 $k$，它由整个向量决定：
#
# $$f(a) = k\,a, \qquad J = \frac{\partial f}{\partial a} = k\,I .$$
#
# 雅可比矩阵是 $k$ 乘以单位矩阵。`d.sum().backward()` 计算的是 $\mathbf 1^\top J = k\,\mathbf 1$——`a.grad` 的每个元素都是 $k$——又因为 $d_i = k\,a_i$，在所走的分支上它仍然逐元素等于 `d / a`。`backward(gradient=v)` 给出 $v^\top J = k\,v$：

# %%
d.sum().backward()
print(tr("after d.sum().backward(): a.grad =", "d.sum().backward() 之后：a.grad ="), a.grad,
      "| a.grad == d / a:", a.grad == d / a)
a.grad = None
f(a).backward(gradient=cl.tensor([1.0, 0.0, 0.0]))
print("backward(gradient=[1, 0, 0]):   a.grad =", a.grad,
      tr(" (the first row of J)", " （J 的第一行）"))

# %% [markdown]
# Note what did *not* happen: the entry $a_2 < 0$ was not multiplied by 100. The branch is decided
# once, by $\sum_i b_i$, for the whole vector — one $k$ for all entries. A matrix behaves the same
# way (`b.norm()` is then the Frobenius norm, the square root of the sum of all squared entries):
# <!-- zh -->
# 注意*没有*发生的事：元素 $a_2 < 0$ 并没有被乘以 100。分支只由 $\sum_i b_i$ 决定一次，对整个向量生效——所有元素共用一个 $k$。矩阵也一样（此时 `b.norm()` 是弗罗贝尼乌斯范数，即所有元素平方和的平方根）：

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
# <!-- zh -->
# 所以对向量或矩阵 `a`，分析与标量情形相同，只是用范数代替 $|a|$、用元素之和代替符号：由 $2\lVert a\rVert \cdot 2^j \ge 1000$ 求出 $j$，由 $\sum_i a_i$ 的符号确定分支，进而得到 $k$。（在 float32 中，`×100` 分支可能因最后一位而使 `==` 不成立，下一节会展示这一点；请用容差比较。）

# %% [markdown]
# ## 6. float32 and the last bit
#
# Run the seed many times with random `a` and count how often `a.grad == d / a`
# prints `tensor(False)`:
# <!-- zh -->
# ## 6. float32 与最后一位
#
# 用随机的 `a` 把讲义中的例子运行许多次，数一数 `a.grad == d / a` 有多少次打印出 `tensor(False)`：

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
    print(tr(f"{branch:<12}: a.grad == d / a in {same} runs, differs in {different}",
             f"{branch:<12}：a.grad == d / a 在 {same} 次运行中成立，{different} 次不成立"))

# %%
a_x, d_x = example
k = a_x.grad.item()
print("a        =", a_x.item())
print("a.grad   =", a_x.grad)
print("d / a    =", d_x / a_x)
print(tr("difference:", "差值："), (d_x / a_x).item() - k,
      tr("  one float32 step (ulp) at k:", "  k 处 float32 的一个步长（ulp）："),
      np.spacing(np.float32(k)))

# %% [markdown]
# The positive branch always agrees: multiplying by 2 only changes a float's
# exponent, so $d = 2^{1+j} a$ exactly and $d / a = 2^{1+j}$ exactly. In the
# negative branch, $100 \cdot b$ has to be **rounded** to float32's 24-bit mantissa,
# and dividing by `a` rounds once more; the two roundings need not cancel, and
# `d / a` can land one ulp (unit in the last place) away from the exact slope that
# autograd computed as $2 \cdot 2 \cdots 2 \cdot 100$. PyTorch does the same IEEE
# arithmetic and gives the same bits. Two fixes:
# <!-- zh -->
# 正分支总是相等：乘以 2 只改变浮点数的指数，所以 $d = 2^{1+j} a$ 是精确的，$d / a = 2^{1+j}$ 也是精确的。在负分支中，$100 \cdot b$ 必须**舍入**到 float32 的 24 位尾数，除以 `a` 时又舍入一次；两次舍入不一定相互抵消，于是 `d / a` 可能与自动求导按 $2 \cdot 2 \cdots 2 \cdot 100$ 算出的精确斜率相差一个 ulp（最后一位的单位，unit in the last place）。PyTorch 做的是同样的 IEEE 运算，得到的比特也完全相同。两种修正办法：

# %%
a_x64 = cl.tensor(float(a_x.item()), dtype=cl.float64, requires_grad=True)
d_x64 = f(a_x64)
d_x64.backward()
relative = abs((d_x / a_x).item() - k) / k
print(tr(f"float32, compared with a tolerance: relative gap {relative:.1e} <= 1e-6 ->",
         f"float32，用容差比较：相对差距 {relative:.1e} <= 1e-6 ->"), relative <= 1e-6)
gap64 = abs((d_x64 / a_x64).item() - a_x64.grad.item())
print(tr("float64, same a:  a.grad == d / a ->", "float64，同一个 a：a.grad == d / a ->"),
      bool(a_x64.grad == d_x64 / a_x64), tr(f"(gap {gap64:.1e})", f"（差距 {gap64:.1e}）"))

# %% [markdown]
# Compare floats with a tolerance (relative ~1e-6 in float32), or compute in float64
# where the same roundings are about $5\cdot 10^8$ times smaller (they can still make `==`
# fail for other inputs — the tolerance is the real fix).
# <!-- zh -->
# 比较浮点数时使用容差（float32 中相对容差约为 1e-6），或者改用 float64 计算，那里同样的舍入误差大约小 $5\cdot 10^8$ 倍（对别的输入它们仍可能使 `==` 不成立——真正的修正办法是容差）。

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
# <!-- zh -->
# ## 练习
#
# 每道练习都有一个供你编辑的单元格、一个在其后运行的自检单元格，以及一份隐藏的参考答案。打开答案之前，请先按顺序试试提示。
#
# **练习 1 — 手算向量的梯度。** 不运行 `f` 或 `backward`，算出下面代码执行后的 `a.grad`：
#
# ```python
# a = cl.tensor([0.3, -0.5, 0.1], requires_grad=True)
# f(a).sum().backward()
# ```
#
# 把 `answer` 设为由这三个数组成的列表。
#
# <details><summary>提示 1</summary>
#
# 对向量来说，`while` 拿什么与 1000 比较？`if` 判断的是什么？决定是逐元素做出的，还是对整个向量只做一次？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 由 $\lVert 2a\rVert \cdot 2^j \ge 1000$ 得到翻倍次数 $j$；$\sum_i a_i$ 的符号决定分支。每个元素都乘以同一个 $k$（$2^{1+j}$，走 `else` 分支时再乘以 100），所以梯度的每个元素都是 $k$。
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
      hint=tr("the loop and the branch look at the whole vector (its norm, its sum); "
              "see Hint 2",
              "循环和分支看的是整个向量（它的范数、它的和）；见提示 2"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 2 — 带 `if` 的损失函数。** 用一个 `if` 写出 Huber 损失：当 $|x| \le \delta$ 时 $h(x) = \tfrac12 x^2$，否则 $h(x) = \delta\,(|x| - \tfrac12\delta)$，其中 `x` 是标量张量。返回一个由 `x` 构建的张量，以便自动求导能对它求导。自检会在若干个点上比较函数值和梯度。
#
# <details><summary>提示 1</summary>
#
# Python 的 `if` 需要一个 `bool`，而结果必须在计算图中与 `x` 保持相连。这两者中，哪个需要普通的数，哪个需要张量？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 在 `if` 中把 `x.abs().item()` 与 `delta` 比较；两个公式都用作用于 `x` 的张量运算（`x**2`、`x.abs()`）来写。这样自动求导在内部给出 $x$，在外部给出 $\pm\delta$。
#
# </details>

# %%
# Exercise 2
def huber(x, delta=1.0):
    """The Huber loss of a scalar tensor x, built from x so that autograd differentiates it."""
    raise NotImplementedError(tr("return 0.5 * x² inside |x| <= delta, the linear part outside",
                                 "在 |x| <= delta 内返回 0.5 * x²，在外部返回线性部分"))


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
            print(tr(f"Exercise 2: not right yet — huber raised {type(err).__name__}: {err}. "
                     "Hint: see Hint 1",
                     f"练习 2：还不对 — huber 抛出了 {type(err).__name__}: {err}。提示：见提示 1"))
            return
        if out is None:
            print(tr("Exercise 2: not attempted yet", "练习 2：尚未作答"))
            return
        value = out.item() if hasattr(out, "item") else float(out)
        grad = 0.0 if x_.grad is None else x_.grad.item()
        if not np.isclose(value, want_value):
            verdict(2, False, want_value, value,
                    tr(f"that is the value at x = {p}; inside |x| <= delta it is x²/2, "
                       "outside the straight line",
                       f"这是 x = {p} 处的函数值；在 |x| <= delta 内它是 x²/2，在外部是直线"))
            return
        if not np.isclose(grad, want_grad):
            verdict(2, False, want_grad, grad,
                    tr(f"that is the gradient at x = {p}; build the result from x with tensor "
                       "operations, so that the graph reaches x; see Hint 2",
                       f"这是 x = {p} 处的梯度；用作用于 x 的张量运算构建结果，"
                       "让计算图连到 x；见提示 2"))
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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 3 — 向量的斜率在哪里跳变。** 取向量 $a = t\,(3, -4)$，$t > 0$，于是 `f(a)` $= k(t)\,a$。在 $t = 1$ 和 $t = 2$ 之间，翻倍次数恰好改变一次，发生在某个 $t^*$ 处。精确求出 $t^*$、$t^*$ 稍下方的因子 $k$，以及从 $t^*$ 起的因子 $k$。令 `answer = (t_star, k_below, k_from)`。
#
# <details><summary>提示 1</summary>
#
# 第 4 节为标量找到过这样的边界。对向量来说，什么代替了 $|a|$？这个 $a$ 走的是哪个分支？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $\lVert 2a\rVert = 10t$。一旦 $10t \cdot 2^j \ge 1000$，循环就停止；边界就在少翻倍一次*恰好*够用的地方。元素之和 $3t - 4t$ 为负。
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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# ## 小结
#
# - 自动求导对**实际执行了的运算**求导，所以 Python 控制流——`while`、`if`、递归、提前返回——都不需要特殊处理。
# - 讲义中的 `f` 是分段线性的，$f(a) = k\,a$；在每一段上梯度都是 $k = f(a)/a$，即 2 的幂，`a` 为负时再乘以 100。
# - 计算图就是实际走过的路径：它的大小取决于输入，没有走到的分支不贡献任何东西。`draw_graph` 可以把它画出来。
# - 分支边界处没有导数；自动求导返回实际执行的那个分支的斜率，而跨越跳变的有限差分会像 $1/h$ 一样发散。
# - 在 float32 中，由于 `100 * b` 和 `d / a` 都要舍入，`a.grad == d / a` 可能相差一个 ulp；比较浮点数要用容差。
# - 对向量或矩阵 `a`，`f(a)` 是一个向量：`backward()` 需要 `.sum()` 或 `gradient=v`。循环和分支看的是整个张量（它的范数、它的和），所以 $f(a) = k\,a$ 只有一个 $k$，$J = kI$，梯度仍然逐元素等于 `d / a`。
#
# 下一课：[第 9 课 — 梯度下降](09_gradient_descent.ipynb)，让这些梯度派上用场。
