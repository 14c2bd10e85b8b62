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
# <!-- zh -->
# # 第 9 课 — 梯度下降
#
# 梯度指向函数增长最快的方向，它的反方向就是函数下降最快的方向。沿这个方向走一小步，重新计算梯度，再走一步——本课程中的每个模型都是这样学习的。
#
# **学习目标。** 学完本课，你将能够
#
# 1. 手写训练循环（计算损失、调用 `backward`、更新参数、梯度清零），并用 `cl.nn.SGD` 改写它；
# 2. 读懂等高线图上的下降路径和损失曲线；
# 3. 解释为什么在曲率为 $L$ 的二次函数上学习率必须小于 $2/L$，并用数值实验展示这个边界；
# 4. 在 $|x|$ 上运行次梯度下降，并解释为什么固定步长永远停不下来，而递减步长能够收敛。

# %%
import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check_number, verdict
from course_lib.i18n import tr, tr_plot
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
# <!-- zh -->
# ## 1. 训练循环
#
# 大纲里写道：*模型通过梯度下降的方式，在梯度方向的反方向上不断减小损失函数值，从而进行学习*，因为梯度方向是函数值增长最快的方向。梯度下降的一轮是：
#
# 1. **计算损失**：模型在一组输入上的预测与真实值之间的损失；
# 2. **计算偏导数**：损失关于每个参数的偏导数（也就是梯度），它说明每个参数如何影响损失；
# 3. **更新参数**：每个参数减去它的梯度与一个叫作**学习率**的超参数之积：$p \leftarrow p - \text{lr}\cdot \partial L/\partial p$；
# 4. **梯度清零**，然后重复，直到模型不再改进，或者用完预定的步数。
#
# 下面在最简单的损失 $L(p) = (p - 3)^2$ 上走一遍这四步，从 $p = 0$ 出发，$\text{lr} = 0.1$：

# %%
p = cl.tensor(0.0, requires_grad=True)
lr = 0.1
path_1d = [p.item()]
for step in range(10):
    loss = (p - 3) ** 2            # 1. the loss
    loss.backward()                # 2. p.grad = dL/dp = 2 (p - 3)
    with cl.no_grad():             # 3. the update is not part of the model: no graph
        p -= lr * p.grad           #    p <- p - lr * grad, in place
    print(tr(f"step {step}: loss = {loss.item():7.4f}, grad = {p.grad.item():8.4f}, "
             f"new p = {p.item():.4f}",
             f"第 {step} 步：损失 = {loss.item():7.4f}，梯度 = {p.grad.item():8.4f}，"
             f"更新后 p = {p.item():.4f}"))
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
# <!-- zh -->
# 有三个细节很重要，和 PyTorch 中完全一样。第一，更新在 `cl.no_grad()` 下进行（更新不能成为计算图的一部分；在它之外，原地修改一个需要梯度的叶子张量会报错）。第二，更新是**原地操作**：`p -= lr * p.grad`（等同于 `p.sub_(lr * p.grad)`）只改变 `p` 中的数值，所以 `p` 仍是同一个 `requires_grad=True` 的叶子张量；而 `p = p - lr * p.grad` 会创建一个新张量，它不是叶子，也得不到 `.grad`。第三，`p.grad.zero_()` 就是第 4 步：梯度会累加，不清零的话，第二步用的就是两次梯度之和。
#
# 这里每一步都把到最小值的距离乘以同一个因子：
# $p_{k+1} - 3 = p_k - 3 - 0.1\cdot 2(p_k - 3) = 0.8\,(p_k - 3)$，因此
# $p_{10} = 3 - 3\cdot 0.8^{10}$：

# %%
print(f"3 - 3 * 0.8**10 = {3 - 3 * 0.8**10:.4f}")
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
plot_gd_path_1d(lambda x: (x - 3) ** 2, lambda x: 2 * (x - 3), path_1d, ax=left)
right.semilogy([(x - 3) ** 2 for x in path_1d], "o-", label=tr_plot("loss (p - 3)²", "损失 (p - 3)²"))
right.set_title(tr_plot("Loss per step: a straight line on a log scale", "每步的损失：对数刻度下是一条直线"))
right.set_xlabel(tr_plot("step", "步数"))
right.set_ylabel(tr_plot("loss (log scale)", "损失（对数刻度）"))
right.legend()
plt.show()

# %% [markdown]
# A straight line on a log scale means the loss shrinks by a constant factor per
# step ($0.8^2 = 0.64$): *linear convergence*, the typical behaviour on a smooth bowl.
# <!-- zh -->
# 在对数刻度下是一条直线，说明损失每步都缩小为原来的固定倍数（$0.8^2 = 0.64$）：这就是*线性收敛*，光滑的碗状函数上的典型表现。

# %% [markdown]
# ## 2. Two dimensions: paths on contours
#
# Take $f(x_1, x_2) = \tfrac12(x_1^2 + 10\,x_2^2)$, a bowl ten times steeper along
# $x_2$ than along $x_1$. The gradient $(x_1, 10x_2)$ is perpendicular to the
# contour lines, so the steepest-descent step cuts across the narrow valley rather
# than along it. Same loop, now with a vector parameter:
# <!-- zh -->
# ## 2. 二维情形：等高线上的路径
#
# 取 $f(x_1, x_2) = \tfrac12(x_1^2 + 10\,x_2^2)$，这个碗沿 $x_2$ 方向比沿 $x_1$ 方向陡十倍。梯度 $(x_1, 10x_2)$ 垂直于等高线，所以最速下降的一步是横穿狭长的山谷，而不是顺着山谷走。循环不变，只是参数换成了向量：

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
    ax.set_title(tr_plot(f"lr = {lr}: {len(path) - 1} steps,\nend at ({path[-1, 0]:.2g}, {path[-1, 1]:.2g})",
                    f"lr = {lr}：{len(path) - 1} 步，\n终点 ({path[-1, 0]:.2g}, {path[-1, 1]:.2g})"))
    axes[3].semilogy(losses, label=f"lr = {lr}")
axes[3].set_title(tr_plot("Loss per step", "每步的损失"))
axes[3].set_xlabel(tr_plot("step", "步数"))
axes[3].set_ylabel(tr_plot("loss (log scale)", "损失（对数刻度）"))
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
# <!-- zh -->
# 学习率太小（0.02）：路径平稳地滑下，但在平坦的 $x_1$ 方向上进展缓慢。适中（0.1）：$x_2$ 一步到位（$1 - 0.1\cdot 10 = 0$），$x_1$ 每步缩小为原来的 0.9 倍。接近极限（0.19）：$x_2$ 冲过了头，在山谷两侧来回锯齿形振荡（$1 - 0.19\cdot 10 = -0.9$），但仍然收敛。再大一点，就不再收敛了。
#
# ## 3. 步长探索器
#
# 拖动学习率滑块（它是对数刻度的：每一格把 `lr` 乘以 $10^{0.05} \approx 1.12$），观察读数和两幅图。**你的任务**（记入练习 2）：找到二次函数开始**发散**的第一格，并记下在这一格上陡峭坐标 $x_2$ 每步放大了多少倍。注意舍入：滑块只显示 3 位有效数字，所以标为 `2.00e-01` 的那一格实际上是 $10^{-0.7} \approx 0.1995$。然后把函数切换为 Rosenbrock 函数的弯曲山谷，再切换为 $|x|$。

# %%
explorer = StepSizeExplorer("quadratic", lr=0.05, iterations=50)
explorer

# %% [markdown]
# The explorer's numbers are also available without the slider: `explorer.update(...)`
# returns the run it would draw.
# <!-- zh -->
# 不用滑块也能拿到探索器的数值：`explorer.update(...)` 返回它要绘制的那次运行。

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
# <!-- zh -->
# ## 4. 超过 2/L 就发散
#
# 在一维二次函数 $f(x) = \tfrac{L}{2}x^2$ 上，梯度是 $Lx$，一步更新为
#
# $$x_{k+1} = x_k - \text{lr}\cdot L\,x_k = (1 - \text{lr}\cdot L)\,x_k ,$$
#
# 所以 $x_k = (1 - \text{lr}\,L)^k x_0$。当且仅当 $|1 - \text{lr}\,L| < 1$，即 $0 < \text{lr} < 2/L$ 时，它才会缩小；$\text{lr} = 2/L$ 时它在 $\pm x_0$ 之间永远来回跳；超过这个值，每一步都会*增大* $|x|$。$L$ 就是曲率 $f''$。对于多元函数，二次函数上的梯度下降在黑塞矩阵（海森矩阵）的每个特征向量方向上各自起作用，每步把该方向的坐标乘以 $1 - \text{lr}\cdot\lambda$；最先失稳的是**最大特征值** $L = \lambda_{\max}$ 对应的特征向量，即**曲率最大**的方向（不要和梯度所指的最速上升方向混淆，见第 4 课）。这就是二维例子中由 $x_2$（曲率为 10）决定极限 $2/10 = 0.2$ 的原因。让 course_lib 来计算这个黑塞矩阵：

# %%
from course_lib.functional import hessian

H = hessian(lambda q: 0.5 * (q[0] ** 2 + 10 * q[1] ** 2), cl.tensor([-4.0, 1.5], dtype=cl.float64))
L = np.linalg.eigvalsh(H.numpy()).max()
print(tr("Hessian:\n", "黑塞矩阵：\n"), H.numpy(), tr("\nL = largest eigenvalue =", "\nL = 最大特征值 ="), L,
      "  ->  2/L =", 2 / L)


# %% [markdown]
# Now the boundary, numerically, with $L = 10$: the same 60 steps at
# $\text{lr} = 1.9/L$ and $\text{lr} = 2.1/L$.
# <!-- zh -->
# 现在用数值实验看这个边界，取 $L = 10$：分别以 $\text{lr} = 1.9/L$ 和 $\text{lr} = 2.1/L$ 走同样的 60 步。

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
left.set_title(tr_plot("|x_k| on (L/2)x², L = 10", "(L/2)x² 上的 |x_k|，L = 10"))
left.set_xlabel(tr_plot("step k", "步数 k"))
left.set_ylabel(tr_plot("|x_k| (log scale)", "|x_k|（对数刻度）"))
left.legend()

ratios = np.linspace(0.05, 2.3, 46)
finals = [run_quadratic_1d(r / L, steps=30)[-1] for r in ratios]
right.semilogy(ratios, finals, ".-", label=tr_plot("|x_30| from x_0 = 1", "从 x_0 = 1 出发的 |x_30|"))
right.axvline(2.0, color="C3", ls="--", label="lr = 2/L")
right.axhline(1.0, color="gray", lw=0.8)
right.set_ylim(1e-12, 1e4)
right.set_title(tr_plot("After 30 steps: shrinking below 2/L, exploding above",
                   "30 步之后：低于 2/L 时缩小，高于 2/L 时爆炸式增长"))
right.set_xlabel("lr · L")
right.set_ylabel(tr_plot("|x_30| (log scale)", "|x_30|（对数刻度）"))
right.legend()
plt.show()

# %% [markdown]
# The best constant step is $\text{lr} = 1/L$ (one step to the minimum of this
# quadratic); anything in $(0, 2/L)$ converges, more slowly the closer it is to
# either end.
# <!-- zh -->
# 最好的固定步长是 $\text{lr} = 1/L$（对这个二次函数，一步就能到达最小值）；$(0, 2/L)$ 内的任何步长都收敛，越靠近区间两端收敛越慢。

# %% [markdown]
# ## 5. Subgradient descent on |x|
#
# $|x|$ has no derivative at 0, but course_lib (like PyTorch) returns the subgradient
# $\operatorname{sign}(x)$, with 0 at 0 (Lesson 2). Its size is 1 however close to 0
# we are, so a **fixed** step of 0.3 from $x_0 = 2.3$ walks down to 0.2, then jumps
# over the minimum to $-0.1$, back to 0.2, … forever. A **decreasing** step
# $\text{lr}_k = 0.3/\sqrt{k+1}$ still adds up to infinity (so it reaches 0 from
# anywhere) but its jumps shrink, so the iterates close in on 0.
# <!-- zh -->
# ## 5. |x| 上的次梯度下降
#
# $|x|$ 在 0 处没有导数，但 course_lib（和 PyTorch 一样）返回次梯度（大纲里称为亚导数）$\operatorname{sign}(x)$，并在 0 处取 0（第 2 课）。无论离 0 多近，它的大小都是 1，所以从 $x_0 = 2.3$ 出发、用**固定**步长 0.3 时，迭代点会走到 0.2，接着越过最小值跳到 $-0.1$，再回到 0.2……永远如此。**递减**步长 $\text{lr}_k = 0.3/\sqrt{k+1}$ 的总和仍然是无穷大（所以从任何地方出发都能走到 0），但每次跳跃越来越小，迭代点因而逐渐逼近 0。

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
print(tr("fixed lr = 0.3, last iterates:     ", "固定步长 lr = 0.3，最后几个迭代点：            "),
      np.round(fixed[-4:], 4))
print(tr("lr_k = 0.3/sqrt(k+1), last iterates:", "递减步长 lr_k = 0.3/sqrt(k+1)，最后几个迭代点："),
      np.round(decreasing[-4:], 4))

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
plot_gd_path_1d(np.abs, np.sign, fixed[:20], ax=left)
left.set_title(tr_plot("Fixed step 0.3 on |x|: stuck jumping over 0", "|x| 上的固定步长 0.3：在 0 两侧来回跳"))
k = np.arange(len(fixed))
right.plot(k, fixed, lw=1, label=tr_plot("fixed lr = 0.3", "固定步长 lr = 0.3"))
right.plot(k, decreasing, lw=1, label="lr_k = 0.3/√(k+1)")
envelope = 0.3 / np.sqrt(k + 1)
right.fill_between(k, -envelope, envelope, color="gray", alpha=0.2, label="± 0.3/√(k+1)")
right.set_ylim(-0.35, 0.5)
right.set_title(tr_plot("x_k near the kink: only the decreasing step closes in on 0",
                   "尖点附近的 x_k：只有递减步长能逼近 0"))
right.set_xlabel(tr_plot("step k", "步数 k"))
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
# <!-- zh -->
# 采用递减步长时，$|x_k|$ 始终小于大约一个步长，而步长趋于 0：迭代收敛，但很慢（大约按 $1/\sqrt{k}$ 的速度）——这是尖点的代价。这也是非光滑的损失函数要用逐渐衰减的学习率来训练的原因。
#
# ## 6. 用 `cl.nn.SGD` 写同一个循环
#
# 第 3 步和第 4 步对每个模型都一样，所以深度学习框架把它们封装成*优化器*：`opt.step()` 对每个参数执行 $p \leftarrow p - \text{lr}\cdot p.\text{grad}$（在 `no_grad` 下原地更新），`opt.zero_grad()` 把梯度清零。它走出的路径和我们手写的循环完全相同：

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
print(tr("SGD path == hand-written path:", "SGD 的路径 == 手写循环的路径："),
      np.array_equal(np.array(sgd_path), hand_path))

# %% [markdown]
# The seed's loop in its usual setting: fit a model's predictions to data. A line
# $y = wx + b$ (`cl.nn.Linear(1, 1)`) to noisy points of $y = 2x + 1$, with the mean
# squared error:
# <!-- zh -->
# 再看大纲中这个循环最常见的用法：让模型的预测拟合数据。用均方误差作损失，把一条直线 $y = wx + b$（`cl.nn.Linear(1, 1)`）拟合到 $y = 2x + 1$ 加上噪声的数据点上：

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
print(tr(f"w = {model.weight.item():.3f}, b = {model.bias.item():.3f}, final loss = {history[-1]:.4f}",
         f"w = {model.weight.item():.3f}，b = {model.bias.item():.3f}，最终损失 = {history[-1]:.4f}"))

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
left.plot(xs, ys, ".", label=tr_plot("data: y = 2x + 1 + noise", "数据：y = 2x + 1 + 噪声"))
grid = np.linspace(-1, 1, 2)
left.plot(grid, model.weight.item() * grid + model.bias.item(), "C3",
          label=tr_plot("fitted", "拟合结果") + f" y = {model.weight.item():.2f}x + {model.bias.item():.2f}")
left.set_title(tr_plot("Linear regression by gradient descent", "用梯度下降做线性回归"))
left.set_xlabel("x")
left.set_ylabel("y")
left.legend()
right.semilogy(history, label=tr_plot("mse loss", "均方误差损失"))
right.set_title(tr_plot("Loss per step (lr = 0.3)", "每步的损失（lr = 0.3）"))
right.set_xlabel(tr_plot("step", "步数"))
right.set_ylabel(tr_plot("loss (log scale)", "损失（对数刻度）"))
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
# <!-- zh -->
# ## 练习
#
# 每道练习都有一个供你编辑的单元格、一个在它之后运行的自检单元格，以及一份折叠起来的参考答案。打开参考答案之前，先按顺序看看提示。
#
# **练习 1——要走多少步？** 仍用第 1 节的损失 $L(p) = (p - 3)^2$，从 $p = 0$ 出发，$\text{lr} = 0.1$：走到第几步时首次满足 $|p - 3| < 10^{-3}$？不要运行循环，把它算出来。
#
# <details><summary>提示 1</summary>
#
# 第 1 节已经求出一步对距离 $p - 3$ 的作用。那么 $k$ 步呢？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $k$ 步之后 $|p_k - 3| = 3\cdot 0.8^k$。求满足 $3 \cdot 0.8^k < 10^{-3}$ 的最小整数 $k$（两边取对数；$\log 0.8 < 0$，不等号要反向）。
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
             hint=tr("each step multiplies the distance to 3 by the same factor; see Hint 2",
                     "每一步都把到 3 的距离乘以同一个因子；见提示 2"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 2——从探索器上读出极限。** 在第 3 节的步长探索器中（函数选二次函数，迭代 50 次），找到 `lr` 滑块上使运行发散的**第一格**，以及在这一格上 $|x_2|$ 每步放大的倍数，令 `answer = (lr, growth)`。然后向自己解释：为什么极限落在这一格和它下面一格之间（第 4 节）。
#
# <details><summary>提示 1</summary>
#
# 从 0.1 开始一格一格往上调，看读数什么时候变红。标为 `2.00e-01` 的那一格是 $10^{-0.7} \approx 0.1995$，下一格是 $10^{-0.65}$。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 沿 $x_2$ 方向的曲率是 $L = 10$，所以一步把 $x_2$ 乘以 $1 - 10\,\text{lr}$；放大倍数就是它的绝对值，它恰好在 $\text{lr} > 2/L$ 时超过 1。
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
    print(tr("Exercise 2: not attempted yet", "练习 2：尚未作答"))
else:
    lr_first, growth_first = first_diverging_notch()
    try:
        lr_read, growth_read = (float(v) for v in answer)
    except (TypeError, ValueError):
        lr_read = growth_read = float("nan")
    if np.isnan(lr_read):
        verdict(2, False, tr("a pair (lr, growth)", "一对数 (lr, growth)"), repr(answer),
                "answer = (lr, growth)")
    elif lr_read < lr_first / 1.06:
        verdict(2, False, tr("a learning rate at which the run diverges", "一个使运行发散的学习率"),
                tr(f"lr = {lr_read:.4g}, which still converges", f"lr = {lr_read:.4g}，它仍然收敛"),
                tr("go up notch by notch until the readout turns red; see Hint 1",
                   "一格一格往上调，直到读数变红；见提示 1"))
    elif lr_read > lr_first * 1.06:
        verdict(2, False, tr("the first notch that diverges", "发散的第一格"),
                tr(f"lr = {lr_read:.4g}, which diverges, but so does a smaller notch",
                   f"lr = {lr_read:.4g}，它确实发散，但更小的一格也发散"),
                tr("come down notch by notch until the run converges again",
                   "一格一格往下调，直到运行重新收敛"))
    elif not np.isclose(growth_read, growth_first, rtol=0.01):
        verdict(2, False, tr("the growth factor of |x₂| per step at that notch",
                             "这一格上 |x₂| 每步的放大倍数"),
                f"{growth_read:.4g}", tr("what does one step multiply x₂ by? See Hint 2",
                                         "一步把 x₂ 乘以多少？见提示 2"))
    else:
        verdict(2, True, "", "")
        print(tr(f"Recorded: the quadratic first diverges at lr = {lr_first:.4f}, where |x₂| grows by "
                 f"|1 - 10·lr| = {growth_first:.3f} per step; one notch lower (lr = 0.1995) the factor "
                 "is 0.995 < 1. The limit 2/L = 0.2 lies in between.",
                 f"记下：二次函数在 lr = {lr_first:.4f} 处首次发散，此时 |x₂| 每步放大 "
                 f"|1 - 10·lr| = {growth_first:.3f} 倍；低一格（lr = 0.1995）时这个因子是 "
                 "0.995 < 1。极限 2/L = 0.2 就在两者之间。"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 3——最陡的方向不是坐标轴时。** 在 $f(x) = 2x_1^2 + 3x_1x_2 + 5x_2^2$ 上做梯度下降。要保证从任何起点出发都收敛，学习率的上限是多少？（小心：答案不是 $2/10$。）
#
# <details><summary>提示 1</summary>
#
# 极限由*最*弯曲方向上的曲率决定。当 $f$ 含有 $x_1x_2$ 项时，这个方向是沿 $x_1$、沿 $x_2$，还是都不是？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 把 $f$ 写成 $f = \tfrac12 x^\top H x$，其中 $H$ 是黑塞矩阵（它的对角元和非对角元各是多少？）。极限是 $2/\lambda_{\max}(H)$；$2\times2$ 对称矩阵的特征值为 $\tfrac{\operatorname{tr}}{2} \pm \sqrt{(\tfrac{\operatorname{tr}}{2})^2 - \det}$。
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
             hint=tr("the most curved direction of this bowl is not an axis; see Hint 2",
                     "这个碗最弯曲的方向不是坐标轴；见提示 2"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# ## 小结
#
# - 梯度下降重复四步：计算损失；`backward`（求梯度）；在 `no_grad` 下原地更新 $p \leftarrow p - \text{lr}\cdot\nabla L$；梯度清零。`cl.nn.SGD` 封装了后两步。
# - 负梯度是最速下降方向；在狭长的碗里，它会在山谷两侧锯齿形来回，而不是顺着山谷走。
# - 在曲率为 $L$ 的二次函数上，每一步把误差乘以 $|1 - \text{lr}\cdot L|$：收敛要求 $\text{lr} < 2/L$（1.9/L 收敛，2.1/L 发散）；$L$ 是黑塞矩阵的最大特征值。
# - 在 $|x|$ 上次梯度的大小不会变小，所以固定步长会在尖点附近来回振荡；递减步长（$\text{lr}_k \to 0$，$\sum \text{lr}_k = \infty$）才能收敛。
#
# 下一课：[第 10 课——前馈神经网络中的反向传播](10_backprop_mlp.ipynb)，那里的梯度来自一整个网络。
