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
# <!-- zh -->
# # 第 1 课 — 导数与微分
#
# 神经网络靠减小损失来学习，而告诉我们*往哪个方向走损失会变小*的工具，就是导数。本课从头把导数重新建立起来，每一步都用 `course_lib` 的自动求导来验证。
#
# **学习目标。** 学完本课，你能够
#
# 1. 把导数理解为瞬时变化率，也理解为切线的斜率；
# 2. 写出导数的极限定义，并用它求导数；
# 3. 区分微分 $dy = f'(x)\,dx$ 和增量 $\Delta y$，并解释为什么 $dy$ 是*最佳线性近似*（用具体数字：$dy = 0.6$，$\Delta y = 0.61$）；
# 4. 由定义推导基本初等函数的导数以及加法、乘法、除法法则，运用它们——并用自动求导验证；
# 5. 说明 $f'(x) = 0$ 意味着什么，并用它寻找局部极大值和极小值；
# 6. 说清导数、微分、偏导数和梯度之间的区别。
#
# 请从上到下依次运行各单元格（Shift+Enter）。

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function
from course_lib.i18n import tr, tr_plot
from course_lib.viz import plot_differential, plot_tangent_secant

# %% [markdown]
# ## 1. Rate of change
#
# Over a small step $h$, a function changes by $f(x+h) - f(x)$; divided by $h$ this is the
# **average rate of change** over $[x, x+h]$ — the slope of the *secant* through the two points.
# Take the running example $f(x) = x^2$ at $x = 3$ and shrink $h$:
# <!-- zh -->
# ## 1. 变化率
#
# 自变量走一小步 $h$，函数值改变 $f(x+h) - f(x)$；再除以 $h$，就是区间 $[x, x+h]$ 上的**平均变化率**——也就是过这两点的*割线*的斜率。以贯穿本课的例子 $f(x) = x^2$ 为例，在 $x = 3$ 处让 $h$ 逐渐变小：

# %%
def f(x):
    return x**2


x0 = 3.0
for h in [1.0, 0.1, 0.01, 0.001, 0.0001]:
    slope = (f(x0 + h) - f(x0)) / h
    print(tr(f"h = {h:<7g} average rate of change = {slope:.6f}",
             f"h = {h:<7g} 平均变化率 = {slope:.6f}"))


# %% [markdown]
# The slopes settle on **6**. That limit is the derivative: at $x = 3$ the function $x^2$
# grows at the instantaneous rate 6 (six units of $y$ per unit of $x$, for tiny steps).
# For a straight line nothing needs to settle: the seed's example $F(x) = 3x$ has the value
# $F(3) = 3 \cdot 3 = 9$, and every secant *is* the line, so every ratio $\Delta F/\Delta x$ is 3.
# <!-- zh -->
# 这些斜率逐渐稳定在 **6**。这个极限就是导数：在 $x = 3$ 处，函数 $x^2$ 以瞬时变化率 6 增长（步长很小时，$x$ 每增加一个单位，$y$ 增加六个单位）。对直线来说则没有什么需要“稳定”的：讲义原文中的例子 $F(x) = 3x$ 在 $x = 3$ 处的函数值为 $F(3) = 3 \cdot 3 = 9$，而每条割线*就是*这条直线本身，所以每个比值 $\Delta F/\Delta x$ 都等于 3。

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
# <!-- zh -->
# ## 2. 极限定义
#
# $$
# f'(x) \;=\; \frac{dy}{dx} \;=\; \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}.
# $$
#
# 如果这个极限存在，就称 $f$ 在 $x$ 处*可导*（可微）。无论 $h$ 从右侧还是从左侧趋于 0，极限都必须相同——第 2 课会讲一个左右两侧不一致的函数：$|x|$。
#
# 对 $f(x) = x^2$，推导只需几步：$\frac{(x+h)^2 - x^2}{h} = \frac{2xh + h^2}{h} = 2x + h \to 2x$。所以 $f'(3) = 6$，上表中的差距恰好就是 $h$。
#
# 讲义原文中，$F = 2x^2$ 的导数是 $F' = 4x$。`course_lib` 用反向模式的自动微分算出同样的数：用一个 `requires_grad` 的张量构建 $F$，调用 `backward()`，再读取 `.grad`。

# %%
for x_value in [-1.0, 0.0, 1.0, 2.5]:
    x = cl.tensor(x_value, requires_grad=True)
    F = 2 * x**2
    F.backward()
    print(tr(f"x = {x_value:5}: F'(x) by autograd = {x.grad.item():5}, 4x = {4 * x_value:5}",
             f"x = {x_value:5}：自动求导得 F'(x) = {x.grad.item():5}，4x = {4 * x_value:5}"))


# %% [markdown]
# ## 3. The tangent line
#
# The derivative is the slope of the **tangent line** at $a$:
# $\;y = f(a) + f'(a)\,(x - a)$. The secant through $a$ and $a + h$ turns into the tangent as
# $h \to 0$ — on the left $h = 1$ (slope 7), on the right $h = 0.2$ (slope 6.2), and the
# tangent has slope 6.
# <!-- zh -->
# ## 3. 切线
#
# 导数是 $a$ 处**切线**的斜率：$\;y = f(a) + f'(a)\,(x - a)$。当 $h \to 0$ 时，过 $a$ 和 $a + h$ 的割线就变成切线——左图 $h = 1$（斜率 7），右图 $h = 0.2$（斜率 6.2），而切线的斜率是 6。

# %%
def df(x):
    return 2 * x


fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
plot_tangent_secant(f, df, 3.0, 1.0, ax=axes[0])
plot_tangent_secant(f, df, 3.0, 0.2, ax=axes[1])
fig.suptitle(tr_plot("f(x) = x²: the secant turns into the tangent as h → 0",
                     "f(x) = x²：h → 0 时，割线变成切线"))
plt.show()

# %% [markdown]
# Autograd gives the tangent's slope directly, with no $h$ at all:
# <!-- zh -->
# 自动求导直接给出切线的斜率，完全用不着 $h$：

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
# <!-- zh -->
# ## 4. 微分：最佳线性近似
#
# 让 $x$ 移动 $dx$。函数真正的变化是**增量** $\Delta y = f(x + dx) - f(x)$（沿着曲线）。而**微分**是沿着切线的变化：
#
# $$ dy = f'(x)\,dx . $$
#
# 它关于 $dx$ 是*线性*的，因此便于计算。讲义原文中的例子：$f(x) = x^2$，$x = 3$，$dx = 0.1$。

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
print(tr(f"error Δy − dy = {delta_y - dy:.10g}", f"误差 Δy − dy = {delta_y - dy:.10g}"))

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
# <!-- zh -->
# $dy = 0.6$，$\Delta y = 0.61$：误差只有 $0.01 = dx^2$。为什么说是*最佳*？对 $x^2$ 有 $\Delta y = 2x\,dx + dx^2$，所以 $dy$ 的误差是 $dx^2$，它比 $dx$ 缩小得*更快*：误差除以 $dx$ 趋于 0。换成任何别的斜率 $m \ne f'(x)$，误差大约是 $(f'(x) - m)\,dx$，除以 $dx$ 后并不趋于 0。在高维情形中，正是这个性质*定义*了导数。
#
# **讲义原文说**微分“可以看作是导数的一个近似”。**准确地说：** 微分 $dy = f'(x)\,dx$ 近似的是*增量* $\Delta y = f(x + dx) - f(x)$。导数 $f'(x)$ 在这里并没有被任何东西近似：它是微分所用的那个精确的斜率。

# %%
print(f"{'dx':>8} {'dy':>10} {'Δy':>12} {'Δy − dy':>12} {'(Δy − dy)/dx':>13}")
for dx in [1.0, 0.1, 0.01, 0.001]:
    dy, delta_y = 6.0 * dx, f(3.0 + dx) - f(3.0)
    print(f"{dx:>8g} {dy:>10.4g} {delta_y:>12.6g} {delta_y - dy:>12.3g} {(delta_y - dy) / dx:>13.3g}")

# %% [markdown]
# The picture: $dy$ climbs the tangent, $\Delta y$ climbs the curve. With $dx = 1$ the gap is
# easy to see ($dy = 6$, $\Delta y = 7$); with the seed's $dx = 0.1$ it is almost invisible.
# <!-- zh -->
# 从图上看：$dy$ 沿着切线上升，$\Delta y$ 沿着曲线上升。$dx = 1$ 时差距很容易看出来（$dy = 6$，$\Delta y = 7$）；取讲义原文中的 $dx = 0.1$ 时，差距几乎看不见。

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
plot_differential(f, df, 3.0, 1.0, ax=axes[0])
plot_differential(f, df, 3.0, 0.1, ax=axes[1])
axes[0].set_title(tr_plot("dx = 1: dy = 6 vs Δy = 7", "dx = 1：dy = 6，Δy = 7"))
axes[1].set_title(tr_plot("dx = 0.1: dy = 0.6 vs Δy = 0.61", "dx = 0.1：dy = 0.6，Δy = 0.61"))
fig.suptitle(tr_plot("The differential dy (tangent) vs the increment Δy (curve), f(x) = x² at x = 3",
                     "微分 dy（沿切线）与增量 Δy（沿曲线），f(x) = x²，x = 3"))
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
# <!-- zh -->
# ## 5. 求导法则
#
# 用 $D$ 表示“求导”，常见函数及其组合的求导法则如下：
#
# | 法则 | 公式 |
# |---|---|
# | 常数 | $D\,c = 0$ |
# | 幂函数 | $D\,x^n = n\,x^{n-1}$ |
# | 指数、对数 | $D\,e^x = e^x$, $\;D \ln x = 1/x$ |
# | 正弦、余弦 | $D \sin x = \cos x$, $\;D \cos x = -\sin x$ |
# | 常数倍 | $D\,[c\,f] = c\,Df$ |
# | 加法（和） | $D\,[f + g] = Df + Dg$ |
# | 乘法（积） | $D\,[f g] = f\,Dg + g\,Df$ |
# | 除法（商） | $D\,[f / g] = \dfrac{g\,Df - f\,Dg}{g^2}$ |
#
# 自动求导并不“认识”这些公式本身：它只知道每个运算的局部导数，以及链式法则（第 5 课）。所以它正好可以充当这些法则的裁判。下面每一行都在 $x = 2$ 处分别手算和用 `course_lib` 计算导数。

# %%
def autograd_derivative(fn, x_value):
    """f'(x) by course_lib: build fn(x) from a tensor that requires grad, then backward()."""
    x = cl.tensor(x_value, dtype=cl.float64, requires_grad=True)
    fn(x).backward()
    return x.grad.item()


a = 2.0
# (kind, rule, function, its derivative at a by hand); each kind is padded to 12 columns
# (a Chinese character takes two)
rules = [
    (tr("constant    ", "常数        "), "D 5 = 0", lambda x: 5 + 0 * x, 0.0),  # 0·x keeps x
    (tr("power       ", "幂函数      "), "D x³ = 3x²", lambda x: x**3, 3 * a**2),
    (tr("multiple    ", "常数倍      "), "D 2x² = 4x", lambda x: 2 * x**2, 4 * a),
    (tr("sum         ", "加法        "), "D (x² + sin x) = 2x + cos x", lambda x: x**2 + cl.sin(x),
     2 * a + math.cos(a)),
    (tr("product     ", "乘法        "), "D (x² sin x) = 2x sin x + x² cos x",
     lambda x: x**2 * cl.sin(x), 2 * a * math.sin(a) + a**2 * math.cos(a)),
    (tr("quotient    ", "除法        "), "D (sin x / x) = (x cos x − sin x)/x²",
     lambda x: cl.sin(x) / x, (a * math.cos(a) - math.sin(a)) / a**2),
    (tr("exp, log    ", "指数、对数  "), "D (eˣ + ln x) = eˣ + 1/x",
     lambda x: cl.exp(x) + cl.log(x), math.exp(a) + 1 / a),
]
by_hand_label, autograd_label = tr("by hand", "手算"), tr("autograd", "自动求导")
for kind, rule, fn, by_hand in rules:
    auto = autograd_derivative(fn, a)
    verdict = "✓" if math.isclose(auto, by_hand, rel_tol=1e-12, abs_tol=1e-12) else "✗"
    print(f"{kind}{rule:<38} {by_hand_label} {by_hand:+.6f}  "
          f"{autograd_label} {auto:+.6f}  {verdict}")

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
# <!-- zh -->
# <a id="d2l-2-4-1"></a>
#
# ### 法则从哪里来：由定义求四个导数（d2l 2.4.1）
#
# 每条基本法则都是某个差商的极限，只需推导一次：
#
# - **常数** $f(x) = c$：对每个 $h$ 都有 $\frac{c - c}{h} = 0$，所以 $D\,c = 0$。
# - **幂函数** $f(x) = x^n$（$n$ 为正整数）：由二项式定理，$(x + h)^n = x^n + n x^{n-1} h + \binom{n}{2} x^{n-2} h^2 + \dots + h^n$，所以 $\frac{(x+h)^n - x^n}{h} = n x^{n-1} + \binom{n}{2} x^{n-2} h + \dots + h^{n-1} \to n x^{n-1}$：除第一项外，每一项都还带着因子 $h$。
# - **指数函数** $f(x) = e^x$：$\frac{e^{x+h} - e^x}{h} = e^x \cdot \frac{e^h - 1}{h}$。数 $e$ 恰好是使 $\frac{e^h - 1}{h} \to 1$ 的那个底数（由级数 $e^h = 1 + h + h^2/2 + \dots$，这个商等于 $1 + h/2 + \dots$）。所以 $D\,e^x = e^x$。
# - **对数函数** $f(x) = \ln x$（$x > 0$）：$\frac{\ln(x + h) - \ln x}{h} = \frac{1}{x} \cdot \frac{\ln(1 + t)}{t}$，其中 $t = h/x \to 0$。令 $1 + t = e^s$，则由刚才用过的极限，$\frac{\ln(1+t)}{t} = \frac{s}{e^s - 1} \to 1$。所以 $D \ln x = 1/x$。
#
# 随着 $h$ 变小，$x = 2$ 处的差商逐渐趋近这四个公式的值（float64）：

# %%
basics = [("D 5 = 0", lambda x: 5.0, 0.0), ("D x³ = 3x²", lambda x: x**3, 3 * 2.0**2),
          ("D eˣ = eˣ", math.exp, math.exp(2.0)), ("D ln x = 1/x", math.log, 1 / 2.0)]
# the headers in Chinese are two characters, four columns wide
print(tr(f"{'rule':<14}", f"{'法则':<12}")
      + "".join(f"{'h = ' + format(h, 'g'):>14}" for h in (1e-2, 1e-4, 1e-6))
      + tr(f"{'formula':>12}", f"{'公式':>10}"))
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
# <!-- zh -->
# <a id="d2l-2-4-2"></a>
#
# ### 由定义推导加法、乘法和除法法则（d2l 2.4.2）
#
# 设 $f$ 和 $g$ 在 $x$ 处可导，记 $\Delta f = f(x+h) - f(x)$，$\Delta g = g(x+h) - g(x)$，于是 $\Delta f / h \to f'(x)$，$\Delta g / h \to g'(x)$。
#
# - **加法。** $\frac{(f + g)(x+h) - (f + g)(x)}{h} = \frac{\Delta f}{h} + \frac{\Delta g}{h} \to f'(x) + g'(x)$。
# - **乘法。** 在分子中加上再减去 $f(x+h)\,g(x)$：$f(x+h)g(x+h) - f(x)g(x) = f(x+h)\,\Delta g + g(x)\,\Delta f$。除以 $h$，再令 $h \to 0$。由于 $f$ 可导，它也连续，所以 $f(x+h) \to f(x)$，极限为 $f(x)\,g'(x) + g(x)\,f'(x)$。
# - **除法**（$g(x) \ne 0$）。先通分，再加上并减去 $f(x)\,g(x)$：
#   $$\frac{f(x+h)}{g(x+h)} - \frac{f(x)}{g(x)} = \frac{f(x+h)\,g(x) - f(x)\,g(x+h)}{g(x+h)\,g(x)}
#   = \frac{g(x)\,\Delta f - f(x)\,\Delta g}{g(x+h)\,g(x)} .$$
#   除以 $h$；由 $g(x+h) \to g(x)$，极限为 $\dfrac{g(x)\,f'(x) - f(x)\,g'(x)}{g(x)^2}$。
#
# 除了定义本身，这里只用到一个事实：可导的函数一定连续。

# %% [markdown]
# <a id="d2l-2-4-3"></a>
#
# ### The constant multiple rule is a product rule (d2l 2.4.3)
#
# Take $g(x) = c$ in the product rule: $D[c\,f] = c\,Df + f\,Dc = c\,Df + f \cdot 0 = c\,Df$,
# because $D\,c = 0$ (2.4.1). No new rule is needed — and autograd does the same: `5 * x`
# is a multiplication whose second factor happens not to depend on `x`.
# <!-- zh -->
# <a id="d2l-2-4-3"></a>
#
# ### 常数倍法则是乘法法则的特例（d2l 2.4.3）
#
# 在乘法法则中取 $g(x) = c$：$D[c\,f] = c\,Df + f\,Dc = c\,Df + f \cdot 0 = c\,Df$，因为 $D\,c = 0$（2.4.1）。不需要新的法则——自动求导也是这样做的：`5 * x` 就是一次乘法，只不过第二个因子恰好不依赖于 `x`。

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
# <!-- zh -->
# <a id="d2l-2-4-5"></a>
#
# ## 6. $f'(x) = 0$：平坦点与局部极值（d2l 2.4.5）
#
# $f'(x_0) = 0$ 意味着 $x_0$ 处的切线是**水平的**：在一阶近似下，$x$ 稍微移动时 $f$ 不变（$dy = 0 \cdot dx = 0$，而增量 $\Delta y$ 比 $dx$ 缩小得更快）。
#
# 为什么这很重要：在可导函数 $f$ 的**局部极小值点** $x_0$ 处，对所有足够小的 $h$ 都有 $f(x_0 + h) \ge f(x_0)$。于是差商 $\frac{f(x_0 + h) - f(x_0)}{h}$ 在 $h > 0$ 时 $\ge 0$，在 $h < 0$ 时 $\le 0$；它唯一的极限必须同时满足两者，所以 $f'(x_0) = 0$。局部极大值点同理。这正是讲义原文中导数的用途：*我们通常会选择对于模型参数可微的损失函数，这样就能通过导数来确定函数的局部极值点。*
#
# 反过来却不成立：$f'(x_0) = 0$ 只说明 $x_0$ 是一个**候选点**。例如 $f(x) = x^3 - 3x$ 的导数 $f'(x) = 3x^2 - 3$ 在 $x = \pm 1$ 处为 0——在 $-1$ 处是局部极大值（$f = 2$），在 $1$ 处是局部极小值（$f = -2$）；两者都不是全局极值，因为 $f$ 趋于 $\pm\infty$。而 $g(x) = x^3$ 有 $g'(0) = 0$，但在 0 处没有极值：它在两侧都一直上升（这是一个平坦的*拐点*）。下面用自动求导找出 $f'$ 变号的位置：

# %%
grid = cl.tensor(np.linspace(-2, 2, 400), requires_grad=True)  # float64
(grid**3 - 3 * grid).sum().backward()  # one backward: f'(x) at all 400 points
slope = grid.grad.numpy()
xs_grid = grid.detach().numpy()
for k in np.nonzero(np.sign(slope[:-1]) != np.sign(slope[1:]))[0]:
    x_flat = xs_grid[k] if abs(slope[k]) < abs(slope[k + 1]) else xs_grid[k + 1]
    kind = (tr("maximum (f' goes + to −)", "极大值（f' 由正变负）") if slope[k] > 0
            else tr("minimum (f' goes − to +)", "极小值（f' 由负变正）"))
    print(tr(f"f'(x) = 0 near x = {x_flat:+.2f}: local {kind}, f = {x_flat**3 - 3 * x_flat:+.2f}",
             f"x = {x_flat:+.2f} 附近 f'(x) = 0：局部{kind}，f = {x_flat**3 - 3 * x_flat:+.2f}"))

fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
axes[0].plot(xs_grid, xs_grid**3 - 3 * xs_grid, label="f(x) = x³ − 3x")
axes[0].plot(xs_grid, slope, "--", label="f'(x) = 3x² − 3")
axes[0].plot([-1, 1], [2, -2], "o", color="C3", label=tr_plot("f' = 0: local max, local min", "f' = 0：局部极大值、局部极小值"))
axes[1].plot(xs_grid, xs_grid**3, label="g(x) = x³")
axes[1].plot(xs_grid, 3 * xs_grid**2, "--", label="g'(x) = 3x²")
axes[1].plot([0], [0], "o", color="C3", label=tr_plot("g' = 0, but no extremum", "g' = 0，但不是极值点"))
for ax in axes:
    ax.axhline(0, color="gray", lw=0.5)
    ax.set_xlabel("x")
    ax.legend(loc="upper center", fontsize="small")
axes[0].set_title(tr_plot("f' = 0 at a local maximum and a local minimum",
                          "在局部极大值点和局部极小值点处 f' = 0"))
axes[1].set_title(tr_plot("f' = 0 is necessary, not sufficient", "f' = 0 是必要条件，不是充分条件"))
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
# <!-- zh -->
# ## 7. 导数、微分、偏导数、梯度
#
# | | 是什么 | 对 $f(x) = x^2$ 或 $z = x^2 + y^2$ |
# |---|---|---|
# | **导数** $f'(x)$ | 每一点上的一个*数*：变化率，即切线的斜率（一元函数） | $f'(x) = 2x$, $f'(3) = 6$ |
# | **微分** $dy$ | 一个*线性映射* $dx \mapsto f'(x)\,dx$：函数变化量的最佳线性近似 | $dx = 0.1$ 时 $dy = 2x\,dx = 0.6$ |
# | **偏导数** $\partial z/\partial x$ | 其他变量固定时，沿一个坐标轴的变化率（一个数） | $\partial z/\partial x = 2x$, $\;\partial z/\partial y = 2y$ |
# | **梯度** $\nabla z$ | 全部偏导数组成的*向量*；它指向 $z$ 增长最快的方向 | $\nabla z = (2x,\ 2y)$ |
#
# 一个常见的混淆：导数是一个比值（$dy/dx$），微分是一个乘积（$f'(x)\,dx$）。有多个变量时，微分就成为**全微分** $dz = \frac{\partial z}{\partial x}dx + \frac{\partial z}{\partial y}dy$。
#
# 讲义原文中的 $z = 3x + 2y$ 处处都有偏导数 3 和 2。对 $z = x^2 + y^2$ 在点 $(1, 2)$ 处，自动求导一次就给出两个偏导数：

# %%
x = cl.tensor(1.0, requires_grad=True)
y = cl.tensor(2.0, requires_grad=True)
z = x**2 + y**2
z.backward()
print("z =", z)
print("∂z/∂x =", x.grad, tr("(2x at x = 1)", "（x = 1 处的 2x）"))
print("∂z/∂y =", y.grad, tr("(2y at y = 2)", "（y = 2 处的 2y）"))

# the total differential predicts the change for a small step (dx, dy) = (0.1, 0.1)
dz = x.grad.item() * 0.1 + y.grad.item() * 0.1
delta_z = (1.1**2 + 2.1**2) - (1.0**2 + 2.0**2)
print(tr(f"total differential dz = {dz:.4f}, true change Δz = {delta_z:.4f}",
         f"全微分 dz = {dz:.4f}，真实变化量 Δz = {delta_z:.4f}"))

# %% [markdown]
# The gradient $(2, 4)$ points where $z$ grows fastest. Check it: the rate of change along a
# unit direction $u$ is $\nabla z \cdot u$; over all directions it is largest along
# $\nabla z / \lVert \nabla z \rVert$, where it equals $\lVert \nabla z \rVert = \sqrt{20}$.
# <!-- zh -->
# 梯度 $(2, 4)$ 指向 $z$ 增长最快的方向。验证一下：沿单位方向 $u$ 的变化率是 $\nabla z \cdot u$；在所有方向中，它沿 $\nabla z / \lVert \nabla z \rVert$ 最大，此时恰好等于 $\lVert \nabla z \rVert = \sqrt{20}$。

# %%
grad = np.array([x.grad.item(), y.grad.item()])
angles = np.linspace(0, 2 * np.pi, 721)
directions = np.stack([np.cos(angles), np.sin(angles)], axis=1)
rates = directions @ grad
best = directions[np.argmax(rates)]
unit = np.round(grad / np.linalg.norm(grad), 3)
print(tr(f"fastest direction {np.round(best, 3)} vs ∇z/‖∇z‖ {unit}",
         f"增长最快的方向 {np.round(best, 3)}，∇z/‖∇z‖ = {unit}"))
print(tr(f"largest rate {rates.max():.4f} vs ‖∇z‖ = {np.linalg.norm(grad):.4f}",
         f"最大变化率 {rates.max():.4f}，‖∇z‖ = {np.linalg.norm(grad):.4f}"))

xs, ys = np.meshgrid(np.linspace(-3, 3, 121), np.linspace(-3, 3, 121))
fig, ax = plt.subplots(figsize=(5.5, 5))
contours = ax.contour(xs, ys, xs**2 + ys**2, levels=12, cmap="viridis")
ax.clabel(contours, fontsize=7)
ax.quiver(1, 2, grad[0], grad[1], angles="xy", scale_units="xy", scale=4, color="C3",
          label=tr_plot("∇z(1, 2) = (2, 4), scaled", "∇z(1, 2) = (2, 4)（已缩放）"))
ax.plot([1], [2], "ko", label=tr_plot("point (1, 2)", "点 (1, 2)"))
ax.set_aspect("equal")
ax.set_title(tr_plot("z = x² + y²: the gradient is perpendicular to the contour",
                     "z = x² + y²：梯度与等高线垂直"))
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="lower left")
plt.show()

# %% [markdown]
# **Why this matters for learning.** Training a model means making a loss $L(w)$ small. We
# choose losses that are differentiable in the parameters, so the derivative tells us the
# direction: a small step *against* the derivative lowers the loss. For
# $L(w) = (w - 3)^2$ at $w = 0$, $L'(0) = -6$, and a step $w \leftarrow w - 0.1 \cdot L'(w)$:
# <!-- zh -->
# **这对学习为什么重要。** 训练模型就是让损失 $L(w)$ 变小。我们选择对参数可微的损失函数，于是导数就告诉我们方向：*逆着*导数走一小步，损失就会下降。对 $L(w) = (w - 3)^2$，在 $w = 0$ 处 $L'(0) = -6$，走一步 $w \leftarrow w - 0.1 \cdot L'(w)$：

# %%
w = cl.tensor(0.0, requires_grad=True)
loss = (w - 3) ** 2
loss.backward()
new_w = w.item() - 0.1 * w.grad.item()
print(tr(f"L(0) = {loss.item():g}, L'(0) = {w.grad.item():g}, "
         f"new w = {new_w:g}, L(new w) = {(new_w - 3) ** 2:.4g}",
         f"L(0) = {loss.item():g}，L'(0) = {w.grad.item():g}，"
         f"新的 w = {new_w:g}，L(新的 w) = {(new_w - 3) ** 2:.4g}"))

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Stuck? Unfold the hints one at a time — the first is a nudge, the second the idea — and try
# again before you look at the solution.
# <!-- zh -->
# ## 练习
#
# 每道练习都有一个供你编辑的单元格、一个在其后运行的自检单元格，以及一份隐藏的参考答案。卡住了？一次展开一条提示——第一条点拨方向，第二条给出思路——然后再试一次，最后才看参考答案。

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
# <!-- zh -->
# <a id="d2l-2-4-4"></a>
#
# **练习 1 — $x^x$ 的导数（d2l 2.4.4）。** 写出 `dxx(x)`：当 $x > 0$ 时 $f(x) = x^x$ 的导数（$x$ 是一个 Python 浮点数；请使用 `math`）。自检会在四个点上把它和自动求导的结果比较。
#
# <details><summary>提示 1</summary>
#
# $x^x$ 既不是幂函数 $x^n$（那样指数必须固定），也不是指数函数 $a^x$（那样底数必须固定）：这两条法则都不能直接套用。试着用 $e$ 和 $\ln$ 改写 $x^x$。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $x^x = e^{x \ln x}$。对 $e^{u(x)}$，链式法则（第 5 课）给出 $D\,e^{u(x)} = e^{u(x)}\,u'(x)$；这里 $u(x) = x \ln x$，它的导数由乘法法则求出。
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
               hint=tr("unfold the hints above the exercise, one at a time",
                       "把练习上方的提示逐条展开"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 1
# def dxx(x):
#     """The derivative of x**x, for x > 0."""
#     # x^x = e^(x ln x); D(x ln x) = ln x + x · (1/x) = ln x + 1
#     return x**x * (math.log(x) + 1)
# ```
#
# 在 $x = 1/e \approx 0.37$ 处导数为 0——这正是 $x^x$ 在 $x > 0$ 上的最小值点（第 6 节）。
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
# <!-- zh -->
# <a id="d2l-2-4-6"></a>
#
# **练习 2 — 求切线（d2l 2.4.6）。** 对 $f(x) = x^3 - \dfrac{1}{x}$，手算它在 $x = 1$ 处的切线。对直线 $y = \text{slope}\cdot x + \text{intercept}$，令 `answer = (slope, intercept)`，即（斜率，截距）。参考答案后面的单元格会把 $f$ 和你的直线画在一起。
#
# <details><summary>提示 1</summary>
#
# $a$ 处的切线经过点 $(a, f(a))$，斜率为 $f'(a)$（第 3 节）。先算 $f(1)$，再逐项求导。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $1/x = x^{-1}$，幂函数法则对负指数同样成立：$D\,x^{-1} = -x^{-2}$。直线 $y = f(a) + f'(a)(x - a)$ 的截距是 $f(a) - a\,f'(a)$。
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
      hint=tr("the slope is f'(1); the line must pass through (1, f(1))",
              "斜率是 f'(1)；直线必须经过点 (1, f(1))"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
    ax.plot(xs_plot, answer[0] * xs_plot + answer[1], "--",
            label=tr_plot("your tangent line", "你的切线"))
ax.plot([1], [0], "ko", label="(1, f(1))")
ax.set_ylim(-4, 8)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_title(tr_plot("x³ − 1/x and its tangent at x = 1", "x³ − 1/x 及其在 x = 1 处的切线"))
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
# <!-- zh -->
# **练习 3 — 微分的应用。** 用 $f(x) = \sqrt{x}$ 在 $x = 9$ 处的微分估计 $\sqrt{9.2}$——不许对 9.2 开平方。把你的估计值赋给 `answer`。（估计值会偏大还是偏小？计算之前先看看 $\sqrt{x}$ 的形状。）
#
# <details><summary>提示 1</summary>
#
# 从一个能精确算出 $\sqrt{x}$ 的点出发，移动 $dx$：$f(9 + dx) \approx f(9) + dy$。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $dy = f'(9)\,dx$，其中 $dx = 0.2$，而 $D\sqrt{x} = D\,x^{1/2} = \frac{1}{2}x^{-1/2}$。
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
      hint=tr("the tangent of √x at 9, followed for dx = 0.2 (the hints above give the steps)",
              "沿 √x 在 9 处的切线走 dx = 0.2（上面的提示给出了步骤）"))


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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 3
# answer = 3.0 + 0.2 / (2 * 3.0)  # 3.0333…; the true √9.2 = 3.03315…
# ```
#
# 这个估计值略微偏大：$\sqrt{x}$ 的图像向下弯，所以它的切线位于图像上方。
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
# <!-- zh -->
# **练习 4 — 除法法则。** 手算写出 `dg(x)`：$g(x) = \dfrac{\sin x}{1 + x^2}$ 的导数（$x$ 是一个 Python 浮点数；请使用 `math`）。自检会在五个点上把它和自动求导的结果比较。
#
# <details><summary>提示 1</summary>
#
# 先给分子和分母分别起个名字，写出它们各自的导数。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $D(u/v) = (v\,Du - u\,Dv)/v^2$，其中 $u = \sin x$，$v = 1 + x^2$。
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
               hint=tr("check the sign of the second term and the square in the denominator",
                       "检查第二项的符号，以及分母上的平方"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# ## 小结
#
# - 导数 $f'(x) = \lim_{h\to 0} \frac{f(x+h)-f(x)}{h}$ 是瞬时变化率，也是切线的斜率；$x^2$ 在 3 处的导数是 6。
# - 微分 $dy = f'(x)\,dx$ 是变化量 $\Delta y$ 的最佳线性近似：对 $x^2$ 在 3 处取 $dx = 0.1$，$dy = 0.6$，$\Delta y = 0.61$，误差 $dx^2 = 0.01$ 比 $dx$ 更快地趋于 0。
# - 常数、幂函数、加法、乘法和除法法则都可以由极限定义推出，用来求组合函数的导数；自动求导则由各运算的局部导数和链式法则得到同样的数。
# - $f'(x_0) = 0$ 意味着切线水平。可导函数在定义域内部的局部极值点处有 $f' = 0$；但并非每个这样的点都是极值点（如 $x^3$ 在 0 处）。
# - 偏导数固定其他变量；梯度把它们收集起来（$\nabla(x^2 + y^2) = (2x, 2y)$），指向函数增长最快的方向——所以逆着梯度走一步会使损失下降。
#
# **下一课：** [第 2 课 — 次梯度与 |x|](02_subgradients.ipynb)：在导数不存在的地方会发生什么。
