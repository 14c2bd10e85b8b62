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
# <!-- zh -->
# # 第 3 课 — 从泰勒级数到数值微分
#
# 在自动微分出现之前，在计算机上求导数最直接的办法，是在附近的几个点上计算函数值：这就是**有限差分**。它是检验一切自动求导实现的基准——而它的两个短板，误差和开销，正是自动微分存在的理由。
#
# **学习目标。** 学完本课，你能够
#
# 1. 写出函数的泰勒级数和麦克劳林级数，并给出截断误差的上界；
# 2. 从泰勒展开推导前向、后向、中心差分和五点差分公式——既手工推导，也用 `numdiff.stencil` 求解泰勒方程组——并说出它们的阶；
# 3. 解释截断误差与舍入误差、float32 与 float64 的区别，并选出合适的步长 $h$；
# 4. 读懂“误差–步长”图，并使用理查森外推；
# 5. 看出讲义中 `grad_check` 的陷阱（float32 配 `eps = 1e-5` 得到的是 6.0081，而不是 6）；
# 6. 说明为什么每个梯度要 $O(n)$ 次函数求值（每个雅可比矩阵要 $2n$ 次调用、$m \cdot n$ 个元素），使有限差分无法用于训练。

# %%
import math
import time

import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib import numdiff
from course_lib.exercises import check, verdict
from course_lib.functional import jacobian
from course_lib.i18n import tr, tr_plot
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
# <!-- zh -->
# ## 1. 泰勒级数
#
# 如果 $f$ 在 $x_0$ 附近足够光滑，那么它在 $x_0 + h$ 处的值可以写成关于 $h$ 的幂级数，系数就是 $f$ 在 $x_0$ 处的各阶导数：
#
# $$
# f(x_0 + h) = f(x_0) + f'(x_0)\,h + \frac{f''(x_0)}{2!}h^2 + \frac{f'''(x_0)}{3!}h^3 + \dots
# = \sum_{k=0}^{\infty} \frac{f^{(k)}(x_0)}{k!}\,h^k .
# $$
#
# 取 $x_0 = 0$ 就得到**麦克劳林级数**：$e^x = 1 + x + \frac{x^2}{2!} + \frac{x^3}{3!} + \dots$，$\sin x = x - \frac{x^3}{3!} + \frac{x^5}{5!} - \dots$。0 阶近似是常数（一条水平线），1 阶近似是切线，2 阶近似是抛物线……下面用它来近似 $e^{0.5}$：

# %%
x = 0.5
approx = 0.0
for k in range(6):
    approx += x**k / math.factorial(k)
    bound = math.exp(x) * x ** (k + 1) / math.factorial(k + 1)  # Lagrange: f^(k+1)(ξ) ≤ e^0.5
    print(tr(f"order {k}: P_{k}(0.5) = {approx:.8f}   error = {math.exp(x) - approx:.2e}"
             f"   bound = {bound:.2e}",
             f"{k} 阶：P_{k}(0.5) = {approx:.8f}   误差 = {math.exp(x) - approx:.2e}"
             f"   上界 = {bound:.2e}"))

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
# <!-- zh -->
# 展开到 $n$ 阶之后剩下的误差叫作**余项** $R_n = f(x_0 + h) - P_n(x_0 + h)$。拉格朗日余项是**精确的**：$R_n = \frac{f^{(n+1)}(\xi)}{(n+1)!}h^{n+1}$，其中 $\xi$ 是 $x_0$ 与 $x_0 + h$ 之间的某个点——这是等式，只是我们不知道 $\xi$ 在哪里。对这个未知的导数取上界，就得到误差的**上界**：若在 $x_0$ 与 $x_0 + h$ 之间 $|f^{(n+1)}| \le M$，则 $|R_n| \le \frac{M}{(n+1)!}|h|^{n+1}$。对 $[0, 0.5]$ 上的 $e^x$，$M = e^{0.5}$：这就是上面的 `bound` 列，每个误差都在它下面。佩亚诺余项写作 $R_n = o(h^n)$：它比 $h^n$ 更快地趋于 0。泰勒级数不一定处处收敛：$e^x$ 和 $\sin x$ 的级数对所有 $x$ 都收敛，而 $\ln(1 + x) = x - \frac{x^2}{2} + \frac{x^3}{3} - \dots$ 只在 $-1 < x \le 1$ 时收敛。求数值导数只需要*很小*的 $h$，在那里取前几项就足够了。

# %%
fig, axes = plt.subplots(2, 2, figsize=(10, 7), layout="constrained")
for ax, order in zip(axes.flat, [0, 1, 2, 3]):
    plot_taylor(np.exp, [1.0] * 6, 0.0, order, radius=2.0, ax=ax)
fig.suptitle(tr_plot("Maclaurin polynomials of eˣ: order 0 (constant), 1 (tangent), 2 (parabola), 3",
                     "eˣ 的麦克劳林多项式：0 阶（常数）、1 阶（切线）、2 阶（抛物线）、3 阶"))
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
# <!-- zh -->
# **泰勒展开演示器**可以逐步提高 $\sin x$ 的展开阶数（它在 0 处的各阶导数依次为 $0, 1, 0, -1, \dots$）：看多项式如何在越来越宽的范围内贴合曲线。窗口是 $[-\pi, \pi]$；读数给出窗口内的最大误差，对这些多项式来说，它出现在窗口两端 $x = \pm\pi$。
#
# **任务（练习 1 会记录你的答案）。** 要让 $\sin$ 的麦克劳林多项式 $P_n$ 在 $x = \pi$ 处与 $\sin x$ 相差不超过 $10^{-3}$，最小的阶数 $n$ 是多少？拖动滑块之前先猜一猜。为什么从某个奇数阶升到下一个偶数阶时，误差保持不变？

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
# <!-- zh -->
# ## 2. 从泰勒展开得到有限差分
#
# 把 $f$ 在 $x$ 处展开，代入 $x \pm h$ 两个点：
#
# $$
# f(x \pm h) = f(x) \pm h f'(x) + \frac{h^2}{2} f''(x) \pm \frac{h^3}{6} f'''(x) + \dots
# $$
#
# - **前向差分**：$\dfrac{f(x+h) - f(x)}{h} = f'(x) + \dfrac{h}{2}f''(x) + O(h^2)$——误差 $\propto h$，一阶精度。
# - **后向差分**：$\dfrac{f(x) - f(x-h)}{h} = f'(x) - \dfrac{h}{2}f''(x) + O(h^2)$——一阶精度。
# - **中心差分**：两个展开式相减，偶数阶项相互抵消：$\dfrac{f(x+h) - f(x-h)}{2h} = f'(x) + \dfrac{h^2}{6}f'''(x) + O(h^4)$——二阶精度。
# - **五点差分**：再加上 $x \pm 2h$ 两个点，把 $h^2$ 项也消掉：$\dfrac{f(x-2h) - 8f(x-h) + 8f(x+h) - f(x+2h)}{12h} = f'(x) - \dfrac{h^4}{30}f^{(5)}(x) + \dots$——四阶精度。
#
# **通用做法。** 选定偏移量 $o_k$，寻找权重 $w_k$，使得 $\frac{1}{h}\sum_k w_k f(x + o_k h) \approx f'(x)$。把每个 $f(x + o_k h)$ 展开，$f^{(j)}(x)\,h^{j-1}/j!$ 的系数是 $\sum_k w_k o_k^j$；我们希望 $j = 1$ 时它等于 1，而对其余力所能及的 $j$ 都等于 0。这是一个线性（范德蒙德）方程组——**泰勒方程组**：

# %%
A, b = numdiff.taylor_system((-2, -1, 0, 1, 2), derivative_order=1)
print(tr("A (row j holds o_k^j):", "A（第 j 行是 o_k^j）："))
print(A)
print("b =", b)
weights = np.linalg.solve(A, b)
print(tr("weights w_k =", "权重 w_k ="), np.round(weights, 6) + 0.0,
      tr("  (= 1/12, −2/3, 0, 2/3, −1/12)", "  （= 1/12, −2/3, 0, 2/3, −1/12）"))

# %% [markdown]
# `numdiff.stencil(offsets, derivative_order)` solves this system exactly (in fractions) and
# finds the order from the first Taylor term the weights do *not* cancel. The four classic
# schemes, and a second-derivative stencil from the same recipe:
# <!-- zh -->
# `numdiff.stencil(offsets, derivative_order)` 精确地（用分数）求解这个方程组，并根据权重*没有*消掉的第一个泰勒项确定精度的阶。下面是四种经典格式，以及用同样方法得到的二阶导数差分公式：

# %%
for scheme in numdiff.SCHEMES.values():
    print(scheme)
print(numdiff.stencil((-1, 0, 1), derivative_order=2))

# %% [markdown]
# **Checking the orders.** Halving $h$ should divide the error by $2^p$: by 2 for order 1, 4
# for order 2, 16 for order 4. Take $f = \sin$ at $x = 1$ in float64:
# <!-- zh -->
# **验证阶数。** 把 $h$ 减半，误差应当缩小为原来的 $1/2^p$：一阶时除以 2，二阶时除以 4，四阶时除以 16。取 $f = \sin$，在 $x = 1$ 处用 float64 计算：

# %%
exact = math.cos(1.0)
hs = [0.1, 0.05, 0.025, 0.0125]
for name in ["forward", "backward", "central", "five_point"]:
    errors = [abs(numdiff.derivative(np.sin, 1.0, h, name) - exact) for h in hs]
    ratios = [e1 / e2 for e1, e2 in zip(errors, errors[1:])]
    shown_errors = " ".join(f"{e:.2e}" for e in errors)
    shown_ratios = " ".join(f"{r:5.2f}" for r in ratios)
    print(tr(f"{name:<11} errors {shown_errors}   ratios {shown_ratios}   "
             f"order ≈ {math.log2(ratios[-1]):.2f}",
             f"{name:<11} 误差 {shown_errors}   比值 {shown_ratios}   "
             f"阶 ≈ {math.log2(ratios[-1]):.2f}"))

# %% [markdown]
# ## 3. Truncation vs round-off; float32 vs float64
#
# So far the error came from the Taylor terms we dropped: the **truncation error**
# $\approx C\,h^p$. It suggests "take $h$ tiny". But a computer stores numbers with a relative
# precision $\varepsilon$ (machine epsilon, the gap between 1 and the next float):
# <!-- zh -->
# ## 3. 截断误差与舍入误差；float32 与 float64
#
# 到目前为止，误差都来自被舍去的泰勒项，即**截断误差** $\approx C\,h^p$。这似乎在说“把 $h$ 取得越小越好”。但计算机存储数字时只有有限的相对精度 $\varepsilon$（机器精度，即 1 与下一个浮点数之间的间隔）：

# %%
for dtype in (np.float32, np.float64):
    eps = np.finfo(dtype).eps
    one, half_eps = dtype(1), dtype(eps / 2)
    print(f"{np.dtype(dtype).name}: ε = {eps:.3g}   1 + ε/2 == 1"
          + tr(f"? {one + half_eps == one}", f"？{one + half_eps == one}"))

# %% [markdown]
# Each value $f(x + o_k h)$ is off by about $\varepsilon |f|$; the difference of two close
# values keeps that absolute error, and dividing by $h$ amplifies it: the **round-off error**
# $\approx \varepsilon\,|f| \sum_k |w_k| / h$ grows as $h$ shrinks. The total
#
# $$ E(h) \approx C\,|f^{(p+1)}|\,h^p + \frac{\varepsilon\,|f|\,\sum_k |w_k|}{h} $$
#
# is smallest at an **optimal** $h^* \propto \varepsilon^{1/(p+1)}$: about $\sqrt{\varepsilon}$
# for forward differences and $\varepsilon^{1/3}$ for central ones.
# <!-- zh -->
# 每个函数值 $f(x + o_k h)$ 都有大约 $\varepsilon |f|$ 的误差；两个相近的值相减，这个绝对误差保留了下来，再除以 $h$ 就被放大了：**舍入误差** $\approx \varepsilon\,|f| \sum_k |w_k| / h$ 随 $h$ 减小而增大。总误差
#
# $$ E(h) \approx C\,|f^{(p+1)}|\,h^p + \frac{\varepsilon\,|f|\,\sum_k |w_k|}{h} $$
#
# 在某个**最优**步长 $h^* \propto \varepsilon^{1/(p+1)}$ 处最小：前向差分约为 $\sqrt{\varepsilon}$，中心差分约为 $\varepsilon^{1/3}$。

# %%
print(tr(f"{'dtype':<8} {'scheme':<11} {'optimal h':>10}", f"{'dtype':<8} {'差分格式':<7} {'最优 h':>8}"))
for dtype in (np.float32, np.float64):
    for name in ("forward", "central", "five_point"):
        print(f"{np.dtype(dtype).name:<8} {name:<11} {numdiff.optimal_h(name, dtype):>10.1e}")

# %% [markdown]
# ## 4. The error-vs-h plot
#
# Sweep $h$ over 16 orders of magnitude, on log-log axes. Right of the optimum the error falls
# like $h^p$ (the dashed reference slopes: 1, 2, 4); left of it round-off takes over and the
# error *rises* like $\varepsilon / h$. In float32 the whole picture moves up and to the right.
# <!-- zh -->
# ## 4. “误差–步长”图
#
# 让 $h$ 跨越 16 个数量级，画在双对数坐标上。在最优点右侧，误差像 $h^p$ 一样下降（虚线是斜率为 1、2、4 的参考线）；在它左侧，舍入误差占了上风，误差像 $\varepsilon / h$ 一样*上升*。换成 float32，整幅图向右上方移动。

# %%
fig = plot_error_vs_h(np.sin, np.cos, 1.0)
fig.set_size_inches(10, 4.2)  # two panels at the notebook's width
fig

# %% [markdown]
# The slopes can be measured from a sweep, and the optimum compared with the model:
# <!-- zh -->
# 斜率可以从扫描结果中测出来，最优步长也可以和模型的预测作比较：

# %%
sweep = numdiff.error_vs_h(np.sin, np.cos, 1.0, "central", np.float64)
print(tr(f"central, float64: slope for h in [1e-3, 1e-1]   = {sweep.slope(1e-3, 1e-1):.2f} (order 2)",
         f"central，float64：h 在 [1e-3, 1e-1] 内的斜率   = {sweep.slope(1e-3, 1e-1):.2f}（2 阶）"))
print(tr(f"central, float64: slope for h in [1e-13, 1e-9]  = {sweep.slope(1e-13, 1e-9):.2f} "
         "(round-off: about −1)",
         f"central，float64：h 在 [1e-13, 1e-9] 内的斜率  = {sweep.slope(1e-13, 1e-9):.2f}"
         "（舍入误差：约为 −1）"))
print(tr(f"best h measured {sweep.best_h:.1e}, predicted {sweep.predicted_h:.1e}",
         f"实测最优 h 为 {sweep.best_h:.1e}，预测值为 {sweep.predicted_h:.1e}"))

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
# <!-- zh -->
# ## 5. 步长演示器
#
# 拖动 $h$，切换差分格式和精度。左图：函数、它的切线，以及经过各求值点的估计斜率。右图：当前 $h$ 在误差曲线上的位置。先试试前向差分、float64、$h = 10^{-8}$（接近最优），再切换到 float32。
#
# **任务（练习 3 会记录你的答案）。** 在 **float32** 下使用**前向**差分，找出滑块上使误差最小的 $h$。把它和第 3 节模型预测的 float32 `optimal h` 作比较：在一条真实的、带噪声的误差曲线上，经验法则表现如何？

# %%
explorer = HExplorer(np.sin, np.cos, x=1.0, h=1e-3, scheme="forward", dtype="float64")
explorer

# %%
for h, scheme, dtype in [(1e-1, "forward", "float64"), (1e-8, "forward", "float64"),
                         (1e-8, "forward", "float32"), (1e-12, "central", "float64")]:
    r = explorer.update(h, scheme, dtype)
    print(tr(f"{scheme:<8} {dtype}  h = {h:.0e}: estimate {r.estimate:.10f}, error {r.error:.1e}",
             f"{scheme:<8} {dtype}  h = {h:.0e}：估计值 {r.estimate:.10f}，误差 {r.error:.1e}"))


# %% [markdown]
# The float32 row is no typo: near 1, float32 numbers are $1.2 \times 10^{-7}$ apart, so
# $1 + 10^{-8}$ rounds back to 1, $f(x + h) - f(x) = 0$ and the "derivative" is 0.
# <!-- zh -->
# float32 那一行并不是笔误：在 1 附近，相邻 float32 数的间隔是 $1.2 \times 10^{-7}$，所以 $1 + 10^{-8}$ 会被舍入回 1，$f(x + h) - f(x) = 0$，算出的“导数”就是 0。

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
# <!-- zh -->
# ## 6. 理查森外推
#
# 中心差分的误差展开为 $D(h) = f' + c_2 h^2 + c_4 h^4 + \dots$。于是 $D(h/2) = f' + c_2 h^2/4 + \dots$，而组合
#
# $$ \frac{4\,D(h/2) - D(h)}{3} = f' + O(h^4) $$
#
# 无需知道 $c_2$ 就消去了 $h^2$ 项。重复这一步可以再消去 $h^4$，依此类推：用*较大*的步长得到高精度，远离舍入误差的区域。

# %%
def central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


h = 0.2
d_h, d_half = central(math.sin, 1.0, h), central(math.sin, 1.0, h / 2)
by_hand = (4 * d_half - d_h) / 3
error_word = tr("error", "误差")
print(f"D(0.2)             {error_word} {abs(d_h - exact):.1e}")
print(f"D(0.1)             {error_word} {abs(d_half - exact):.1e}")
print(f"(4·D(0.1) − D(0.2))/3 {error_word} {abs(by_hand - exact):.1e}")
for levels in (1, 2):
    value = numdiff.richardson(np.sin, 1.0, h, levels=levels)
    print(f"numdiff.richardson(levels={levels}) {error_word} {abs(value - exact):.1e}")


# %% [markdown]
# ## 7. The seed's `grad_check` pitfall
#
# A common way to test a backward pass: compare autograd's gradient with a central difference.
# Here is the seed's check, unchanged except that it runs on `course_lib` (and prints in
# English). `x` is float32, the default dtype — as in PyTorch.
# <!-- zh -->
# ## 7. 讲义中 `grad_check` 的陷阱
#
# 检验反向传播的常用办法，是把自动求导给出的梯度和中心差分作比较。下面是讲义原文中的检验代码，只是改为在 `course_lib` 上运行（英文版的输出改成了英文，中文版照讲义原样输出）。`x` 是 float32，也就是默认的数据类型——和 PyTorch 一样。

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
    print(tr(f"Analytic gradient: {analytic_grad}, numeric gradient: {numeric_grad}",
             f"解析梯度:{analytic_grad}, 数值梯度:{numeric_grad}"))  # zh: the seed's own line


grad_check()

# %% [markdown]
# **6.0081 instead of 6** — and not because of truncation: for $x^2$ the central difference
# is *exact*, $\frac{(x+h)^2 - (x-h)^2}{2h} = 2x$ (no $f'''$, no error term). The whole 0.0081 is
# round-off. Near 3, float32 numbers are $2.4 \times 10^{-7}$ apart, so $3 \pm 10^{-5}$ is
# already rounded, and the squares near 9 are $9.5 \times 10^{-7}$ apart; their difference,
# about $1.2 \times 10^{-4}$, keeps only a few correct digits:
# <!-- zh -->
# **得到 6.0081 而不是 6**——而且与截断误差无关：对 $x^2$ 来说，中心差分是*精确的*，$\frac{(x+h)^2 - (x-h)^2}{2h} = 2x$（没有 $f'''$，也就没有误差项）。这 0.0081 全部来自舍入误差。在 3 附近，相邻 float32 数的间隔是 $2.4 \times 10^{-7}$，所以 $3 \pm 10^{-5}$ 本身已经被舍入；9 附近的平方数间隔是 $9.5 \times 10^{-7}$；两者之差约为 $1.2 \times 10^{-4}$，只剩下寥寥几位有效数字：

# %%
x32, e32 = np.float32(3.0), np.float32(1e-5)
up, down = (x32 + e32) ** 2, (x32 - e32) ** 2
print(tr(f"x + eps in float32 = {x32 + e32!r}: the step really taken is {float((x32 + e32) - x32):.7e}",
         f"float32 中的 x + eps = {x32 + e32!r}：实际迈出的步长是 {float((x32 + e32) - x32):.7e}"))
print(f"(x+eps)² = {up!r}, (x−eps)² = {down!r}")
print(tr(f"difference = {float(up - down):.7e} (exact: 1.2e-04)  →  / (2·eps) = {float((up - down) / (2 * e32)):.4f}",
         f"差 = {float(up - down):.7e}（精确值：1.2e-04）  →  / (2·eps) = {float((up - down) / (2 * e32)):.4f}"))

# %% [markdown]
# Two fixes: compute in **float64** (round-off $\sim 10^{-16}/10^{-5}$), or choose `eps`
# for float32 near the optimal step of the central scheme ($\approx 7 \times 10^{-3}$ here). A
# table of `eps` in both precisions, with the seed's code otherwise unchanged:
# <!-- zh -->
# 有两种修正办法：改用 **float64** 计算（舍入误差约为 $10^{-16}/10^{-5}$），或者在 float32 下把 `eps` 取在中心差分的最优步长附近（这里约为 $7 \times 10^{-3}$）。下表列出两种精度下不同 `eps` 的结果，讲义的代码其余部分保持不变：

# %%
print(tr(f"{'eps':>7} {'float32 numeric':>16} {'float64 numeric':>16}",
         f"{'eps':>7} {'float32 数值结果':>12} {'float64 数值结果':>12}"))
for eps in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]:
    row = []
    for dtype in (cl.float32, cl.float64):
        x = cl.tensor(3.0, dtype=dtype)
        row.append((((x + eps) ** 2 - (x - eps) ** 2) / (2 * eps)).item())
    print(f"{eps:>7.0e} {row[0]:>16.6f} {row[1]:>16.10f}")

# %% [markdown]
# `course_lib.gradcheck` (like `torch.autograd.gradcheck`) uses central differences too, and
# warns about exactly this when handed float32 inputs:
# <!-- zh -->
# `course_lib.gradcheck`（和 `torch.autograd.gradcheck` 一样）也使用中心差分，而且在输入是 float32 时会专门就这个问题发出警告：

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
# <!-- zh -->
# ## 8. 为什么有限差分训练不了网络：O(n) 次求值
#
# 求 $f: \mathbb{R}^n \to \mathbb{R}$ 的梯度，每个坐标都需要一次差分：$\partial f/\partial x_i \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}$，其中 $e_i$ 是第 $i$ 个单位向量。`numdiff.gradient` 会统计函数被调用的次数：

# %%
def f_np(w):
    return np.sum(np.log1p(np.exp(w)))  # softplus summed: a smooth f: Rⁿ → R


result = numdiff.gradient(f_np, np.linspace(-1, 1, 5))
print(result)

# %%
print(f"{'n':>9} {'forward':>10} {'central':>10} {'five_point':>11}   "
      + tr("evaluations of f per gradient", "每个梯度所需的 f 求值次数"))
for row in numdiff.evaluation_count_table():
    print(f"{row['n']:>9,} {row['forward']:>10,} {row['central']:>10,} {row['five_point']:>11,}")

# %% [markdown]
# **Jacobians.** For $f: \mathbb{R}^n \to \mathbb{R}^m$ the same recipe gives the whole Jacobian,
# one column per input: $\frac{f(x + h e_j) - f(x - h e_j)}{2h}$ is the column
# $\partial f/\partial x_j$ (all $m$ outputs at once). The source text says the cost is "about
# $O(mn)$ operations"; precisely: $2n$ calls of $f$ (central), each producing all $m$ outputs, so
# $m \cdot n$ entries; with one call costing at least $O(m)$, the total is at least $O(mn)$ — and
# in general $2n$ times the cost of one evaluation of $f$:
# <!-- zh -->
# **雅可比矩阵。** 对 $f: \mathbb{R}^n \to \mathbb{R}^m$，同样的做法可以得到整个雅可比矩阵，每个输入对应一列：$\frac{f(x + h e_j) - f(x - h e_j)}{2h}$ 就是列 $\partial f/\partial x_j$（一次得到全部 $m$ 个输出）。讲义原文说代价“大约需要 $O(mn)$ 次操作”；准确地说：（中心差分）需要调用 $f$ $2n$ 次，每次调用给出全部 $m$ 个输出，共 $m \cdot n$ 个元素；一次调用的代价至少是 $O(m)$，所以总代价至少是 $O(mn)$——一般而言，是求一次 $f$ 的代价的 $2n$ 倍：

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
print(tr(f"m = 3, n = 5: {calls} calls of f for {J_fd.size} Jacobian entries, shape {J_fd.shape}",
         f"m = 3, n = 5：调用 f {calls} 次，得到雅可比矩阵的 {J_fd.size} 个元素，形状 {J_fd.shape}"))
print(tr(f"largest difference from autodiff's Jacobian: {np.abs(J_fd - J_auto).max():.0e}",
         f"与自动微分所得雅可比矩阵的最大差值：{np.abs(J_fd - J_auto).max():.0e}"))

# %% [markdown]
# Every evaluation costs a full pass through the model, so a model with a million parameters
# would need two million forward passes for *one* central-difference gradient — per training
# step. Reverse-mode autodiff (Lessons 6–7) gets the exact gradient from **one forward and
# one backward pass**, whatever $n$ is. Timing both on $f(w) = \sum_i \log(1 + e^{c_i w_i})$:
# <!-- zh -->
# 每次求值都要把模型完整地算一遍，所以一个有一百万个参数的模型，为了*一个*中心差分梯度就要做两百万次前向计算——而且每个训练步都要这样做一次。反向模式自动微分（第 6–7 课）无论 $n$ 多大，都只需**一次前向传播和一次反向传播**就能得到精确的梯度。在 $f(w) = \sum_i \log(1 + e^{c_i w_i})$ 上给两者计时：

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
    print(tr(f"n = {n:>5}: numeric {numeric.evaluations:>5} calls {numeric_times[-1] * 1e3:8.2f} ms | "
             f"reverse mode {reverse_times[-1] * 1e3:6.2f} ms | largest difference {gap:.0e}",
             f"n = {n:>5}：数值微分调用 {numeric.evaluations:>5} 次 {numeric_times[-1] * 1e3:8.2f} ms | "
             f"反向模式 {reverse_times[-1] * 1e3:6.2f} ms | 最大差值 {gap:.0e}"))

# %%
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.loglog(sizes, numeric_times, "o-",
          label=tr_plot("central differences (2n calls of f)", "中心差分（调用 f 2n 次）"))
ax.loglog(sizes, reverse_times, "s-",
          label=tr_plot("reverse mode (1 forward + 1 backward)", "反向模式（1 次前向 + 1 次反向）"))
ns = np.array(sizes, dtype=float)
ax.loglog(ns, numeric_times[-1] * (ns / ns[-1]) ** 2, ":", color="gray",
          label=tr_plot("reference slope n²", "参考斜率 n²"))
ax.loglog(ns, numeric_times[-1] * (ns / ns[-1]), "--", color="gray",
          label=tr_plot("reference slope n", "参考斜率 n"))
ax.set_title(tr_plot("Time for one gradient of f: Rⁿ → R", "求一次 f: Rⁿ → R 的梯度所需的时间"))
ax.set_xlabel(tr_plot("number of inputs n", "输入个数 n"))
ax.set_ylabel(tr_plot("seconds", "秒"))
ax.legend()
plt.show()

# %% [markdown]
# The numeric gradient needs $2n$ calls; while each call is cheap its time grows like $n$,
# and once each call's own $O(n)$ work dominates, like $n^2$. Reverse mode's time hardly moves
# at these sizes — it is mostly a fixed cost per operation, and grows like $n$ for large $n$.
# Both agree to about $10^{-8}$ (the numeric gradient's own error). Finite differences stay
# indispensable for one job: *checking* autograd on small inputs, in float64.
# <!-- zh -->
# 数值梯度需要调用 $2n$ 次；当每次调用都很便宜时，耗时像 $n$ 一样增长；一旦每次调用自身的 $O(n)$ 工作量占了主导，就像 $n^2$ 一样增长。在这些规模下，反向模式的耗时几乎不变——它主要是每个运算的固定开销，$n$ 很大时才像 $n$ 一样增长。两者的结果相差约 $10^{-8}$（这是数值梯度自身的误差）。有限差分在一件事上始终不可替代：在小规模输入上、用 float64 *检验*自动求导。

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
# <!-- zh -->
# ## 练习
#
# 每道练习都有一个供你编辑的单元格，一个在它之后运行的自测单元格，以及一份隐藏的参考答案。卡住了？一次展开一条提示——先是点拨，再是思路。
#
# **练习 1 — 读泰勒展开演示器。** 把 `answer` 设为使 $|\sin \pi - P_n(\pi)| < 10^{-3}$ 成立的最小阶数 $n$（即第 1 节的任务）。
#
# <details><summary>提示 1</summary>
#
# 把演示器的滑块一次升高一阶，观察读数中的最大误差；窗口的边缘就是 $x = \pi$。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 不用滑块也行：$\sin$ 的级数正负交替，当 $k > \pi$ 后各项 $\pi^k/k!$ 逐渐变小，所以某一项之后的误差不超过下一个非零项 $\pi^{k+2}/(k+2)!$。只有奇数阶才会增加新的项。
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
            tr("the smallest order whose error at π is below 1e-3",
               "在 π 处误差低于 1e-3 的最小阶数"),
            tr(f"order {int(answer)} with error {error:.1e} at π"
               + (" — below 1e-3, but so is a lower order" if error < 1e-3 else ""),
               f"{int(answer)} 阶，在 π 处的误差为 {error:.1e}"
               + ("——低于 1e-3，但更低的阶数也低于 1e-3" if error < 1e-3 else "")),
            hint=tr("set the explorer's slider to your order and to the one below it",
                    "把演示器的滑块分别调到你的阶数和比它低一阶的位置"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 2 — 单侧差分公式。** 推导只用 $f(x)$、$f(x + h)$ 和 $f(x + 2h)$ 求 $f'(x)$ 的公式（在定义域的边界上很有用，那里不能取 $x - h$）：为偏移量 $(0, 1, 2)$ 建立泰勒方程组并求解。把 `answer` 设为三个权重 $(w_0, w_1, w_2)$。
#
# <details><summary>提示 1</summary>
#
# 第 2 节为五个偏移量 $(-2, \dots, 2)$ 建立了泰勒方程组：照着同样的步骤做。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 三个权重可以满足三个条件：$\sum_k w_k o_k^0 = 0$（不留下 $f(x)$ 项），$\sum_k w_k o_k^1 = 1$（恰好得到 $f'(x)$），$\sum_k w_k o_k^2 = 0$（没有 $f''$ 项）。`numdiff.taylor_system` 把它们写成 $A\,w = b$。
#
# </details>

# %%
# Exercise 2
answer = None  # your code here

# %%
# Self-check 2
check(2, answer, numdiff.stencil((0, 1, 2)).coefficients, tol=1e-9,
      hint=tr("the weights must add up to 0, and Σ w_k·o_k must be 1",
              "权重之和必须为 0，并且 Σ w_k·o_k 必须等于 1"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 3 — 读步长演示器。** 把 `answer` 设为第 5 节步长演示器中（$\sin$ 在 $x = 1$ 处），**float32** 下**前向**差分误差最小的 $h$。
#
# <details><summary>提示 1</summary>
#
# 在演示器中选择 `forward` 和 `float32`，然后拖动 $h$，直到右图中的红点落在曲线的最低处。填入滑块上显示的 $h$。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 最低点位于截断误差（$\approx \tfrac{h}{2}|f''|$）和舍入误差（$\approx \varepsilon |f| / h$，float32 的 $\varepsilon \approx 1.2 \times 10^{-7}$）大致相等的地方——大约是 $\sqrt{\varepsilon}$。实测曲线带有噪声：要读图，不要只靠计算。
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
    verdict(3, close,
            tr("an h at the bottom of the float32 forward error curve",
               "位于 float32 前向差分误差曲线最低处的 h"),
            tr(f"h = {float(answer):.2e} with error {mine:.1e}, {mine / errors.min():.0f}× the "
               "smallest error on the slider",
               f"h = {float(answer):.2e}，误差 {mine:.1e}，是滑块上最小误差的 "
               f"{mine / errors.min():.0f} 倍"),
            hint=tr("is your h left of the bottom (round-off) or right of it (truncation)?",
                    "你的 h 在最低点的左边（舍入误差）还是右边（截断误差）？"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 3
# answer = 1.78e-4  # what the slider shows at the bottom of the curve
# ```
#
# 在最低点附近，float32 的舍入误差很不规则：在滑块的精确位置 $10^{-3.75}$ 处误差是 $1.0 \times 10^{-5}$；按输入的 $h$ = `1.78e-4`（与前者相差最后一位上的几个单位）误差是 $1.8 \times 10^{-4}$；从 $10^{-4}$ 到 $5 \times 10^{-4}$ 的每个 $h$ 给出的误差都是几个 $10^{-4}$。模型给出的 $h^* = 6.9 \times 10^{-4}$（第 3 节）落在正确的区域（误差 $3 \times 10^{-4}$）：经验法则能找到数量级，却找不到碰巧最好的那几位数字。在 float64 下，最低点在 $10^{-8}$ 附近，误差大约小 $10^5$ 倍。
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
# <!-- zh -->
# **练习 4 — 对前向差分做理查森外推。** 前向差分 $D(h) = \frac{f(x + h) - f(x)}{h}$ 的误差展开是 $D(h) = f'(x) + c_1 h + c_2 h^2 + \dots$（包含所有幂次，而不只是偶数次）。找出能消去 $c_1 h$ 项的 $D(h)$ 与 $D(h/2)$ 的组合，把它用于 $\sin$ 在 $x = 1$ 处、$h = 0.1$ 的情形。把 `answer` 设为外推得到的值。
#
# <details><summary>提示 1</summary>
#
# 也写出 $D(h/2)$ 的展开。寻找数 $\alpha, \beta$，使 $\alpha\,D(h/2) + \beta\,D(h)$ 的首项仍然恰好是 $f'(x)$。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 两个条件：$\alpha + \beta = 1$（保留 $f'$），以及 $\alpha \cdot \tfrac{h}{2} + \beta \cdot h = 0$（消去 $c_1 h$）。第 6 节对中心差分做了同样的事，只是那里的首个误差项是 $c_2 h^2$。
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
      hint=tr("your combination's error should be far below D(0.05)'s error of about 2e-2",
              "你的组合的误差应当远小于 D(0.05) 约 2e-2 的误差"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# ## 小结
#
# - 泰勒定理把每个有限差分公式都变成了代数问题：选定偏移量，解泰勒方程组得到权重，第一个没有被消掉的项给出精度的阶（前向/后向差分 1 阶，中心差分 2 阶，五点差分 4 阶）。
# - 误差等于截断误差（$\propto h^p$）加舍入误差（$\propto \varepsilon/h$）；最优的 $h$ 约为 $\sqrt\varepsilon$（前向差分）或 $\varepsilon^{1/3}$（中心差分）。float32（$\varepsilon \approx 1.19 \times 10^{-7}$）比 float64（$\varepsilon \approx 2.22 \times 10^{-16}$）差得多。
# - 讲义中用 float32、`eps = 1e-5` 的检验，对精确值 6 打印出 6.0081：纯粹是舍入误差。请用 float64 做梯度检验。
# - 理查森外推利用较大的步长消去误差项。
# - 拉格朗日余项是精确的，只是含有未知的 $\xi$；对 $f^{(n+1)}$ 取上界，就把它变成了误差上界。
# - 数值梯度需要 $O(n)$ 次求值；$f: \mathbb{R}^n \to \mathbb{R}^m$ 的数值雅可比矩阵有 $m \cdot n$ 个元素，需要调用 $f$ $2n$ 次；反向模式自动微分只需一次前向传播和一次反向传播就能得到梯度。这正是训练要用自动微分的原因——也是本课程余下部分的内容。
#
# **下一课：** [第 4 课 — 梯度、雅可比矩阵与形状](04_gradients_and_shapes.ipynb)。
