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
# <!-- zh -->
# # 第 2 课 — 次梯度与 |x|
#
# ReLU 网络和 L1 惩罚项里到处都是折点：函数在这些点上有一个尖角，没有导数。可自动求导在那里照样返回一个数。本课解释哪些数是合理的、`course_lib` 和 PyTorch 选了哪一个，以及怎样对带折点的函数求最小值。
#
# **学习目标。** 学完本课，你能够
#
# 1. 用左、右差商说明为什么 $|x|$ 在 0 处没有导数；
# 2. 给出次梯度的定义，并求出次微分 $\partial|x|(0) = [-1, 1]$；
# 3. 预测自动求导对 `abs` 和 `relu` 在 0 处返回什么（以及为什么这是一个合理的选择）；
# 4. 在 $|x|$ 上运行次梯度下降，并解释为什么步长必须逐渐减小。

# %%
import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function, verdict
from course_lib.i18n import tr, tr_plot
from course_lib.viz import SubgradientExplorer, plot_subgradients

# %% [markdown]
# ## 1. The kink of |x|
#
# Lesson 1: $f'(x)$ exists when the difference quotient $\frac{f(x+h) - f(x)}{h}$ has one limit
# as $h \to 0$ — from the right ($h > 0$) *and* from the left ($h < 0$). For $|x|$ at 0:
# <!-- zh -->
# ## 1. |x| 的折点
#
# 回顾第 1 课：当 $h \to 0$ 时，差商 $\frac{f(x+h) - f(x)}{h}$ 从右侧（$h > 0$）*和*从左侧（$h < 0$）趋于同一个极限，$f'(x)$ 才存在。看看 $|x|$ 在 0 处的情况：

# %%
def f(x):
    return abs(x)


for h in [0.1, 0.01, 0.001, 1e-6]:
    right = (f(0 + h) - f(0)) / h  # h > 0
    left = (f(0 - h) - f(0)) / (-h)  # step of −h
    print(tr(f"h = {h:<6g} right quotient = {right:+.1f}   left quotient = {left:+.1f}",
             f"h = {h:<6g} 右差商 = {right:+.1f}   左差商 = {left:+.1f}"))

# %% [markdown]
# The **right derivative** is $f'_+(0) = \lim_{h \to 0^+} \frac{|h|}{h} = +1$ and the
# **left derivative** is $f'_-(0) = \lim_{h \to 0^-} \frac{|h|}{h} = -1$. They differ, so
# $|x|$ has no derivative at 0 — even though it is continuous there: continuity is necessary
# for a derivative, not sufficient. The quotient $|h|/h$ jumps:
# <!-- zh -->
# **右导数**是 $f'_+(0) = \lim_{h \to 0^+} \frac{|h|}{h} = +1$，**左导数**是 $f'_-(0) = \lim_{h \to 0^-} \frac{|h|}{h} = -1$。两者不相等，所以 $|x|$ 在 0 处没有导数——尽管它在那里是连续的：连续是可导的必要条件，而不是充分条件。差商 $|h|/h$ 在 0 两侧发生跳跃：

# %%
hs = np.concatenate([-np.logspace(0, -4, 200), np.logspace(-4, 0, 200)])
fig, ax = plt.subplots(figsize=(7, 3.8))
ax.plot(hs[hs < 0], np.abs(hs[hs < 0]) / hs[hs < 0], color="C0", lw=2,
        label=tr_plot("h < 0: quotient = −1 (left derivative)", "h < 0：差商 = −1（左导数）"))
ax.plot(hs[hs > 0], np.abs(hs[hs > 0]) / hs[hs > 0], color="C3", lw=2,
        label=tr_plot("h > 0: quotient = +1 (right derivative)", "h > 0：差商 = +1（右导数）"))
ax.plot([0, 0], [-1, 1], "o", mfc="white", color="gray")
ax.set_ylim(-1.5, 1.5)
ax.set_title(tr_plot("Difference quotient (|0 + h| − |0|) / h: no single limit as h → 0",
                     "差商 (|0 + h| − |0|) / h：h → 0 时没有唯一的极限"))
ax.set_xlabel(tr_plot("step h", "步长 h"))
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
# <!-- zh -->
# ## 2. 次梯度与次微分
#
# 凸函数的切线位于函数图像的*下方*。在没有切线的地方，我们保留这个性质：如果过点 $(x_0, f(x_0))$、斜率为 $g$ 的直线始终不高于函数图像，即对所有 $x$ 都有
#
# $$ f(x) \;\ge\; f(x_0) + g\,(x - x_0) \quad \text{for all } x , $$
#
# 就称 $g$ 是 $f$ 在 $x_0$ 处的一个**次梯度**（subgradient；讲义原文称为**亚导数**）。
#
# 所有次梯度构成的集合称为**次微分** $\partial f(x_0)$。在 $f$ 可导的地方，它只含一个斜率 $f'(x_0)$。对 $|x|$ 在 0 处，条件变成：对每个 $x$ 都有 $|x| \ge g\,x$。哪些斜率 $g$ 满足条件？先用探索器找一找。

# %% [markdown]
# ## 3. The subgradient explorer
#
# Tilt the line $y = a\,x$ through the kink. While it stays below $|x|$ the gap is green; once it
# cuts through the graph the picture turns red. Move the slider — in a live kernel the picture
# follows.
#
# **Task (Exercise 1 records it).** Find the **largest** slope $a$ that is still a subgradient of
# $|x|$ at 0. Then try slopes just past it, and the same on the negative side.
# <!-- zh -->
# ## 3. 次梯度探索器
#
# 让直线 $y = a\,x$ 绕折点转动。只要它还在 $|x|$ 的下方，两者之间的空隙就显示为绿色；一旦它穿过函数图像，整幅图就变成红色。拖动滑块——在运行中的内核里，图像会随之变化。
#
# **任务（练习 1 会记录你的结果）。** 找出仍然是 $|x|$ 在 0 处的次梯度的**最大**斜率 $a$。然后试试比它稍大一点的斜率，再在负数一侧做同样的尝试。

# %%
explorer = SubgradientExplorer(a=0.5, a_range=(-2.0, 2.0))
explorer

# %% [markdown]
# The explorer's `update` computes the same verdict without the slider, and a grid of points
# tests the condition $|x| \ge a\,x$ directly:
# <!-- zh -->
# 探索器的 `update` 方法不用滑块也能给出同样的判断；再用一组网格点直接检验条件 $|x| \ge a\,x$：

# %%
for a in (0.5, -1.0, 1.3):
    reading = explorer.update(a)
    print(tr(f"slope a = {a:+.1f}: subgradient? {reading.is_subgradient}  "
             f"(smallest gap |x| − a·x on [−2, 2] = {reading.smallest_gap:+.2f})",
             f"斜率 a = {a:+.1f}：是次梯度吗？{reading.is_subgradient}"
             f"（|x| − a·x 在 [−2, 2] 上的最小间隙 = {reading.smallest_gap:+.2f}）"))

xs = np.linspace(-2, 2, 401)
for a in [-1.5, -1.0, -0.3, 0.0, 0.7, 1.0, 1.2]:
    stays_below = bool(np.all(np.abs(xs) >= a * xs))
    print(tr(f"a = {a:+.1f}: |x| ≥ a·x everywhere? {stays_below}",
             f"a = {a:+.1f}：处处都有 |x| ≥ a·x 吗？{stays_below}"))


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
# <!-- zh -->
# 为什么恰好是这些：对 $x > 0$，条件 $|x| \ge a\,x$ 就是 $x \ge a\,x$，即 $a \le 1$；对 $x < 0$，它就是 $-x \ge a\,x$，即 $a \ge -1$。所以 $\partial|x|(0) = [-1, 1]$，$|x|$ 的（次）导数规则是
#
# $$
# D|x| = \begin{cases} \;\;\,1 & x > 0 \\ -1 & x < 0 \\ \;\;\,a,\; a \in [-1, 1] & x = 0 \end{cases}
# $$
#
# **讲义原文说**“$a$, if $x = 0$, $-1 < a < 1$”——这是一个开区间。**准确地说：** 这个区间是闭区间 $[-1, 1]$：端点也符合条件，因为直线 $y = \pm x$ 沿着一条射线与 $|x|$ 重合，但从不穿过它。（凸函数的次微分总是闭区间。）所有斜率 $a \in [-1, 1]$ 的直线 $a\,x$ 组成一把“扇子”，它们都位于 $|x|$ 的下方：

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
    shown = (f"{low:g}" if low == high
             else tr(f"any a in [{low:g}, {high:g}]", f"[{low:g}, {high:g}] 中的任意 a"))
    print(tr(f"D|x| at x = {x_value:g}: {shown}", f"D|x| 在 x = {x_value:g} 处：{shown}"))

plot_subgradients(np.linspace(-1.4, 1.4, 15))

# %% [markdown]
# ## 4. What autograd returns at the kink
#
# Any $a \in [-1, 1]$ is a valid "derivative" of $|x|$ at 0, but a library must return one
# number. `course_lib` follows PyTorch and returns **0** — the value of $\operatorname{sign}(0)$.
# <!-- zh -->
# ## 4. 自动求导在折点处返回什么
#
# 任何 $a \in [-1, 1]$ 都是 $|x|$ 在 0 处合理的“导数”，但一个库只能返回一个数。`course_lib` 和 PyTorch 一样，返回 **0**——也就是 $\operatorname{sign}(0)$ 的值。

# %%
for value in [-2.0, 0.0, 3.0]:
    x = cl.tensor(value, requires_grad=True)
    cl.abs(x).backward()
    print(tr(f"d|x|/dx at x = {value:+.1f}: {x.grad}", f"x = {value:+.1f} 处的 d|x|/dx：{x.grad}"))

# %% [markdown]
# ReLU, $\operatorname{relu}(x) = \max(x, 0)$, has a kink at 0 too: slope 0 on the left, 1 on
# the right, so $\partial\,\operatorname{relu}(0) = [0, 1]$. Again the library picks **0**.
# <!-- zh -->
# ReLU，即 $\operatorname{relu}(x) = \max(x, 0)$，在 0 处也有一个折点：左侧斜率为 0，右侧斜率为 1，所以 $\partial\,\operatorname{relu}(0) = [0, 1]$。库同样选择 **0**。

# %%
for value in [-2.0, 0.0, 3.0]:
    x = cl.tensor(value, requires_grad=True)
    cl.relu(x).backward()
    print(tr(f"d relu(x)/dx at x = {value:+.1f}: {x.grad}",
             f"x = {value:+.1f} 处的 d relu(x)/dx：{x.grad}"))

# %% [markdown]
# PyTorch makes the same choices (it is the reference `course_lib` is tested against):
# <!-- zh -->
# PyTorch 做出的是同样的选择（`course_lib` 的测试正是以它为参照的）：

# %%
try:
    import torch
except ImportError:  # torch is optional: the course never needs it
    torch = None
    print(tr("PyTorch is not installed here; it returns 0 for abs and relu at 0 as well.",
             "这里没有安装 PyTorch；它对 abs 和 relu 在 0 处同样返回 0。"))

if torch is not None:
    for name, ours, theirs in [("abs", cl.abs, torch.abs), ("relu", cl.relu, torch.relu)]:
        x = cl.tensor(0.0, requires_grad=True)
        ours(x).backward()
        t = torch.tensor(0.0, requires_grad=True)
        theirs(t).backward()
        print(tr(f"{name} at 0: course_lib gives {x.grad.item()}, PyTorch gives {t.grad.item()}",
                 f"{name} 在 0 处：course_lib 给出 {x.grad.item()}，PyTorch 给出 {t.grad.item()}"))

# %% [markdown]
# Why 0? For `abs`, 0 is the subgradient that says "this point is a minimum": $x_0$ minimises
# a convex $f$ exactly when $0 \in \partial f(x_0)$. For `relu`, 0 keeps an inactive unit
# inactive, and exact zeros are rare in training anyway — except when weights start at zero or
# an L1 penalty drives them there.
#
# **A caution.** At a kink, autograd's answer depends on *how the function is written*, not
# only on the function. $x = \operatorname{relu}(x) - \operatorname{relu}(-x)$ for every $x$,
# so its derivative is 1 everywhere — but autograd combines the two chosen subgradients:
# <!-- zh -->
# 为什么选 0？对 `abs` 来说，0 是那个表明“这一点是最小值点”的次梯度：$x_0$ 是凸函数 $f$ 的最小值点，当且仅当 $0 \in \partial f(x_0)$。对 `relu` 来说，0 让一个未激活的单元保持未激活；而且训练中输入恰好为零的情况本来就很少见——除非权重从零开始初始化，或者 L1 惩罚项把它们压到了零。
#
# **一个提醒。** 在折点处，自动求导的结果取决于*函数是怎么写的*，而不仅仅取决于函数本身。对每个 $x$ 都有 $x = \operatorname{relu}(x) - \operatorname{relu}(-x)$，所以它的导数处处为 1——但自动求导会把两处各自选定的次梯度组合起来：

# %%
x = cl.tensor(0.0, requires_grad=True)
identity = cl.relu(x) - cl.relu(-x)  # equals x for every x
identity.backward()
print(tr(f"identity(0) = {identity.item()}, autograd says d/dx = {x.grad.item()}, the truth is 1",
         f"identity(0) = {identity.item()}，自动求导给出 d/dx = {x.grad.item()}，真实值是 1"))


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
# <!-- zh -->
# 在远离折点的地方，自动求导是精确的；在折点处，它对每一段各返回*一个*次梯度，而它们的组合不一定是整个函数的次梯度。这种情况很少造成问题——不过现在你知道了，当恰好在 0 处的梯度看起来不对劲时，该往哪里查。
#
# ## 5. |x| 上的次梯度下降
#
# 要最小化 $f$，就逆着一个次梯度走一步：$x_{k+1} = x_k - \eta_k\, g_k$，其中 $g_k \in \partial f(x_k)$。在 $|x|$ 上，$g_k = \operatorname{sign}(x_k)$ 的大小总是 1，无论我们离最小值点多近——次梯度不会像光滑“碗底”附近的梯度那样在折点附近变小。步长**固定**时，迭代点最终会在 0 的两侧来回跳动；步长**递减**时（$\eta_k \to 0$ 但 $\sum_k \eta_k = \infty$，这样步子加起来仍能走完任意距离，例如 $\eta_k = \eta_0 / (k+1)$），迭代点就能稳定下来：一旦到达折点，它们就始终离折点不超过一个步长 $\eta_k$。

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
print(tr("fixed step 0.3,     last iterates:", "固定步长 0.3，  最后几个迭代点："),
      np.round(fixed[-4:], 4))
print(tr("step 0.3/(k+1),     last iterates:", "步长 0.3/(k+1)，最后几个迭代点："),
      np.round(decreasing[-4:], 4))
print(tr(f"|x_60|: fixed step {abs(fixed[-1]):.4f}, decreasing step {abs(decreasing[-1]):.4f} "
         f"(≤ the last step 0.3/60 = {0.3 / 60:.4f})",
         f"|x_60|：固定步长 {abs(fixed[-1]):.4f}，递减步长 {abs(decreasing[-1]):.4f}"
         f"（≤ 最后一步的步长 0.3/60 = {0.3 / 60:.4f}）"))

# %%
fig, ax = plt.subplots(figsize=(7.5, 4))
ks = np.arange(len(fixed))
ax.semilogy(ks, np.abs(fixed), "o-", ms=3, label=tr_plot("fixed step η = 0.3", "固定步长 η = 0.3"))
ax.semilogy(ks, np.abs(decreasing), "s-", ms=3, label=tr_plot("decreasing step η_k = 0.3/(k+1)", "递减步长 η_k = 0.3/(k+1)"))
ax.semilogy(ks[1:], 0.3 / ks[1:], "--", color="gray", label=tr_plot("the step size 0.3/k", "步长 0.3/k"))
ax.set_title(tr_plot("Subgradient descent on f(x) = |x| from x₀ = 1",
                     "在 f(x) = |x| 上从 x₀ = 1 出发的次梯度下降"))
ax.set_xlabel(tr_plot("iteration k", "迭代次数 k"))
ax.set_ylabel(tr_plot("|x_k| (distance to the minimum)", "|x_k|（到最小值点的距离）"))
ax.legend()
plt.show()

# %% [markdown]
# The fixed step reaches $0.1$ in three steps and then bounces between $0.1$ and $-0.2$ for
# ever; the decreasing step keeps getting closer, its distance bounded by the shrinking step.
# Note also that a subgradient step need not lower $f$ (the bounces go *up* half the time), so in practice one remembers the best iterate.
# Lesson 9 comes back to step sizes for smooth functions.
# <!-- zh -->
# 固定步长用三步就到达 $0.1$，之后便永远在 $0.1$ 和 $-0.2$ 之间来回跳；递减步长则越来越接近最小值点，它与最小值点的距离受不断缩小的步长限制。还要注意，次梯度步不一定使 $f$ 下降（来回跳动时有一半是往*上*走的），所以实践中通常记下迄今最好的迭代点。第 9 课会再讨论光滑函数的步长。

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
# <!-- zh -->
# ## 练习
#
# 每道练习都有一个供你编辑的单元格、一个在其后运行的自检单元格，以及一份隐藏的参考答案。卡住了？一次展开一条提示——先是点拨，然后是思路。
#
# **练习 1 — 读懂探索器。** 把 `answer` 设为第 3 节的次梯度探索器中仍被画成 $|x|$ 在 0 处的次梯度的最大斜率 $a$。
#
# <details><summary>提示 1</summary>
#
# 从 $a = 0.5$ 开始，把滑块向右拖，直到图像变红；答案就是变红之前的最后一个斜率。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 在 $x > 0$ 一侧，直线 $a\,x$ 必须位于函数图像自身的那条直线 $y = x$ 的下方。哪些斜率做得到？
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
    a = float(answer)
    reading, steeper = explorer.update(a), explorer.update(a + 0.01)
    if reading.is_subgradient:
        why = tr(f"a = {a:g} is a subgradient, but a steeper line stays below |x| too",
                 f"a = {a:g} 是次梯度，但更陡的直线也仍在 |x| 下方")
    else:
        why = tr(f"a = {a:g} is not a subgradient: the line cuts through |x|",
                 f"a = {a:g} 不是次梯度：这条直线穿过了 |x|")
    # verdict() says which way the answer is off (compared with 1, never shown)
    verdict(1, reading.is_subgradient and not steeper.is_subgradient, 1.0, a,
            hint=why + tr("; set the explorer's slider to your slope, then a notch higher",
                          "；把探索器的滑块拖到你的斜率，再往上拖一格"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# answer = 1.0  # a = 1.00 is green (the line y = x lies along the right half of |x|); 1.05 is red
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 2 — 单侧导数。** $f(x) = 3|x| + x$。手算它在 0 处的左导数和右导数，并令 `answer = (left, right)`，即（左导数，右导数）。
#
# <details><summary>提示 1</summary>
#
# 去掉绝对值，把 $f$ 分别写成 $x < 0$ 时和 $x > 0$ 时的形式。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $f$ 在每一侧都是一条直线；0 处的单侧导数就是那一侧直线的斜率（$x < 0$ 时 $|x| = -x$）。
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
      hint=tr("the left derivative belongs to the piece x < 0, the right one to the piece x > 0",
              "左导数属于 x < 0 的那一段，右导数属于 x > 0 的那一段"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# answer = (-3 + 1, 3 + 1)  # left piece −3x + x = −2x, right piece 3x + x = 4x: (−2, 4)
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 3 — 由次微分找最小值。** $f(x) = |x| + 2|x - 1| + |x - 3|$ 是凸函数，折点在 0、1 和 3。求它的最小值点 $x^*$，以及它在该点的次微分 $\partial f(x^*) = [\text{low}, \text{high}]$。令 `answer = (x_star, low, high)`。不许画图，也不许搜索：用斜率来推理。
#
# <details><summary>提示 1</summary>
#
# 在相邻两个折点之间，$f$ 是一条直线。算出它在四段上各自的斜率：斜率在哪里变号？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 若干凸函数之和的次微分，等于它们各自次微分之和（区间相加：$[a, b] + [c, d] = [a + c, b + d]$，以及 $2\,[a, b] = [2a, 2b]$）。一个点是凸函数的最小值点，当且仅当 $0$ 属于该点的次微分（第 4 节）。
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
      tol=1e-5, hint=tr("at the minimiser the slope on the left is ≤ 0 and the slope on the right ≥ 0",
                        "在最小值点处，左侧斜率 ≤ 0，右侧斜率 ≥ 0"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 4 — 次梯度下降。** 补全 `descend(x0, iterations)`：在 $f(x) = |x - 2|$ 上做次梯度下降，步长 $\eta_k = 1/(k+1)$，用 `course_lib` 的自动求导求次梯度。以 Python 浮点数的形式返回最后一个迭代点。
#
# <details><summary>提示 1</summary>
#
# 第 5 节的 `subgradient_descent` 几乎就是在做这件事：两者有哪两处不同？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 损失变成 `cl.abs(x - 2)`，第 `k` 次迭代的步长是 `1 / (k + 1)`。在 `cl.no_grad()` 下原地更新 `x`，每走一步后清零 `x.grad`。
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
               hint=tr("after 200 steps of size 1/(k+1) you should be within 0.01 of the minimum; "
                       "check the sign of the update and that x.grad is cleared",
                       "以 1/(k+1) 为步长走 200 步后，应当离最小值点不到 0.01；"
                       "检查更新的符号，以及是否清零了 x.grad"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# ## 小结
#
# - $|x|$ 在 0 处连续但不可导：它的左导数是 $-1$，右导数是 $+1$。
# - 次梯度（讲义原文称亚导数）是过该点、始终位于凸函数图像下方的直线的斜率；$\partial|x|(0) = [-1, 1]$，$\partial\,\operatorname{relu}(0) = [0, 1]$。
# - `course_lib` 和 PyTorch 对 `abs` 和 `relu` 在 0 处都返回 0——这是合理的次梯度；在折点处，自动求导的结果取决于函数的写法。
# - 次梯度下降需要递减的步长：步长固定时，迭代点会永远在 $|x|$ 的最小值点附近来回跳动。
#
# **下一课：** [第 3 课 — 由泰勒级数推导数值微分](03_numeric_differentiation.ipynb)。
