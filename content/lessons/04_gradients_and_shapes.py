# %% [markdown]
# # Lesson 4 — Gradients, Jacobians and shapes
#
# Lesson 1 met the derivative of a function of one variable. A loss depends on thousands of
# parameters, arranged in vectors and matrices, so we need derivatives of functions of
# *many* variables — and we need to know what **shape** they have.
#
# **Learning goals.** After this lesson you can
#
# 1. compute a partial derivative (one variable moves, the others stay fixed) by hand, by
#    finite differences and with autograd, for $z = 3x + 2y$ and $z = x^2 + y^2$;
# 2. assemble the **gradient** $\nabla f$ as the vector of partial derivatives and show
#    numerically that it points in the direction of **steepest ascent**;
# 3. predict the shape of a derivative in each of the seed's six cases (scalar/vector/matrix by
#    scalar/vector/matrix) with the course's one shape convention — `y.shape + x.shape`, what
#    `jacobian` returns — and translate from the layouts books use;
# 4. explain why $\partial\,\text{loss}/\partial W$ always has the shape of $W$
#    ("gradient shape = parameter shape") and check it on the seed's `W @ x + b`;
# 5. use the identities $\partial(Ax)/\partial x = A$, $\nabla_x\, x^\top A x = (A + A^\top)x$,
#    $\nabla_X \lVert X\rVert_F^2 = 2X$ and $\nabla \lVert x \rVert_2 = x/\lVert x\rVert_2$.
#
# Run the cells from top to bottom (Shift+Enter).
# <!-- zh -->
# # 第 4 课 — 梯度、雅可比矩阵与形状
#
# 第 1 课讲的是一元函数的导数。而损失函数依赖于成千上万个参数，它们排列成向量和矩阵，所以我们需要*多元*函数的导数——还要知道这些导数是什么**形状**。
#
# **学习目标。** 学完本课，你能够
#
# 1. 对 $z = 3x + 2y$ 和 $z = x^2 + y^2$，分别用手算、有限差分和自动求导计算偏导数（只让一个变量变化，其余变量保持不变）；
# 2. 把各个偏导数组成的向量写成**梯度** $\nabla f$，并用数值实验说明它指向**最速上升**的方向；
# 3. 用本课程唯一的形状约定——`y.shape + x.shape`，也就是 `jacobian` 返回的形状——预测讲义列出的六种情形（标量/向量/矩阵对标量/向量/矩阵求导）中导数的形状，并能与各种教材使用的布局互相换算；
# 4. 解释为什么 $\partial\,\text{loss}/\partial W$ 的形状总是与 $W$ 相同（“梯度形状 = 参数形状”），并在讲义中的 `W @ x + b` 上验证；
# 5. 使用恒等式 $\partial(Ax)/\partial x = A$、$\nabla_x\, x^\top A x = (A + A^\top)x$、$\nabla_X \lVert X\rVert_F^2 = 2X$ 和 $\nabla \lVert x \rVert_2 = x/\lVert x\rVert_2$。
#
# 请从上到下依次运行各单元格（Shift+Enter）。

# %%
import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function
from course_lib.functional import jacobian
from course_lib.i18n import tr, tr_plot

# %% [markdown]
# ## 1. Partial derivatives
#
# The seed's first example with two variables is $z = 3x + 2y$. How fast does $z$ change?
# That depends on *which* variable we move. A **partial derivative** moves one variable and
# holds all the others fixed:
#
# $$
# \frac{\partial z}{\partial x} = \lim_{\Delta x \to 0} \frac{z(x + \Delta x,\, y) - z(x, y)}{\Delta x},
# \qquad
# \frac{\partial z}{\partial y} = \lim_{\Delta y \to 0} \frac{z(x,\, y + \Delta y) - z(x, y)}{\Delta y}.
# $$
#
# With $n$ variables, $\frac{\partial}{\partial x_j} f(x_1, \dots, x_n)$ nudges only $x_j$. For
# $z = 3x + 2y$: holding $y$ fixed, $2y$ is a constant, so $\partial z/\partial x = 3$; likewise
# $\partial z/\partial y = 2$ — at every point. A central difference that moves one coordinate
# at a time agrees:
# <!-- zh -->
# ## 1. 偏导数
#
# 讲义中第一个二元函数的例子是 $z = 3x + 2y$。$z$ 变化得有多快？这要看我们让*哪个*变量变化。**偏导数**只让一个变量变化，而让其余变量都保持不变：
#
# $$
# \frac{\partial z}{\partial x} = \lim_{\Delta x \to 0} \frac{z(x + \Delta x,\, y) - z(x, y)}{\Delta x},
# \qquad
# \frac{\partial z}{\partial y} = \lim_{\Delta y \to 0} \frac{z(x,\, y + \Delta y) - z(x, y)}{\Delta y}.
# $$
#
# 有 $n$ 个变量时，$\frac{\partial}{\partial x_j} f(x_1, \dots, x_n)$ 只给 $x_j$ 一个微小的增量。对 $z = 3x + 2y$：保持 $y$ 不变时，$2y$ 是常数，所以 $\partial z/\partial x = 3$；同理 $\partial z/\partial y = 2$——在每一点都是如此。每次只移动一个坐标的中心差分给出同样的结果：

# %%
def partial_numeric(f, point, j, h=1e-6):
    """∂f/∂x_j at `point` by a central difference: move only coordinate j."""
    up, down = list(point), list(point)
    up[j] += h
    down[j] -= h
    return (f(*up) - f(*down)) / (2 * h)


def z_plane(x, y):
    return 3 * x + 2 * y


for point in [(0.0, 0.0), (1.0, 2.0), (-4.0, 7.5)]:
    dz_dx, dz_dy = partial_numeric(z_plane, point, 0), partial_numeric(z_plane, point, 1)
    print(tr(f"z = 3x + 2y at {point}: ∂z/∂x ≈ {dz_dx:.6f}, ∂z/∂y ≈ {dz_dy:.6f}",
             f"z = 3x + 2y 在 {point} 处：∂z/∂x ≈ {dz_dx:.6f}，∂z/∂y ≈ {dz_dy:.6f}"))


# %% [markdown]
# For the bowl $z = x^2 + y^2$ the partial derivatives depend on the point:
# $\partial z/\partial x = 2x$ (treat $y^2$ as a constant) and $\partial z/\partial y = 2y$.
# Autograd gives both at once: make $x$ and $y$ tensors that require gradients, compute $z$,
# call `backward()`, and read `x.grad` and `y.grad`.
# <!-- zh -->
# 对碗状曲面 $z = x^2 + y^2$，偏导数随点而变：$\partial z/\partial x = 2x$（把 $y^2$ 看作常数），$\partial z/\partial y = 2y$。自动求导一次就能得到两者：把 $x$ 和 $y$ 设为需要梯度的张量，计算 $z$，调用 `backward()`，再读取 `x.grad` 和 `y.grad`。

# %%
def z_bowl(x, y):
    return x**2 + y**2


for px, py in [(1.0, 2.0), (-1.5, 0.5), (3.0, -2.0)]:
    x = cl.tensor(px, dtype=cl.float64, requires_grad=True)
    y = cl.tensor(py, dtype=cl.float64, requires_grad=True)
    z = z_bowl(x, y)
    z.backward()
    numeric = partial_numeric(z_bowl, (px, py), 0)
    print(tr(f"z = x² + y² at ({px}, {py}): "
             f"∂z/∂x = 2x = {2 * px} (autograd {x.grad.item()}, numeric {numeric:.6f}), "
             f"∂z/∂y = 2y = {2 * py} (autograd {y.grad.item()})",
             f"z = x² + y² 在 ({px}, {py}) 处："
             f"∂z/∂x = 2x = {2 * px}（自动求导 {x.grad.item()}，数值 {numeric:.6f}），"
             f"∂z/∂y = 2y = {2 * py}（自动求导 {y.grad.item()}）"))

# %% [markdown]
# ## 2. The gradient: all partial derivatives in one vector
#
# The **gradient** of $f: \mathbb{R}^n \to \mathbb{R}$ collects every partial derivative:
#
# $$
# \nabla f(x) = \left[\frac{\partial f}{\partial x_1}, \frac{\partial f}{\partial x_2}, \ldots, \frac{\partial f}{\partial x_n}\right].
# $$
#
# In code the variables live in one tensor, and one `backward()` fills the whole gradient.
# The seed's example: $y = x^\top x = x_1^2 + x_2^2 + x_3^2$ at $x = [1, 2, 3]$. Each
# $\partial y/\partial x_i = 2x_i$, so $\nabla y = 2x$.
# <!-- zh -->
# ## 2. 梯度：把所有偏导数放进一个向量
#
# $f: \mathbb{R}^n \to \mathbb{R}$ 的**梯度**收集了它的全部偏导数：
#
# $$
# \nabla f(x) = \left[\frac{\partial f}{\partial x_1}, \frac{\partial f}{\partial x_2}, \ldots, \frac{\partial f}{\partial x_n}\right].
# $$
#
# 在代码中，这些变量放在同一个张量里，一次 `backward()` 就填好整个梯度。讲义中的例子：$y = x^\top x = x_1^2 + x_2^2 + x_3^2$，取 $x = [1, 2, 3]$。每个 $\partial y/\partial x_i = 2x_i$，所以 $\nabla y = 2x$。

# %%
x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = cl.dot(x, x)  # xᵀx
y.backward()
print(x.grad)  # 2x
print("x.grad == 2x:", x.grad == 2 * x)


# %% [markdown]
# A finite-difference gradient needs two evaluations of $f$ *per coordinate* (Lesson 3);
# the one `backward()` above produced all three partial derivatives from one pass through the
# computation. That difference is what makes training networks with millions of parameters
# possible.
# <!-- zh -->
# 有限差分梯度*每个坐标*都要计算两次 $f$（第 3 课）；而上面那一次 `backward()` 只沿计算过程走一遍，就得到了全部三个偏导数。正是这个差别，使训练有数百万个参数的网络成为可能。

# %% [markdown]
# ## 3. The gradient points uphill, as steeply as possible
#
# Stand at a point $p$ and walk in a unit direction $u$. The rate at which $f$ changes is the
# **directional derivative**
#
# $$
# D_u f(p) = \lim_{t \to 0} \frac{f(p + t\,u) - f(p)}{t}.
# $$
#
# The seed's claim: *the gradient points in the direction in which the function grows
# fastest.* Let's test it without using any formula for $D_u f$: take
# $f(x, y) = x^2 + 3y^2$ at $p = (1, 1)$, try 720 unit directions, and measure each rate with a
# central difference. Then compare the winner with the gradient from autograd.
# <!-- zh -->
# ## 3. 梯度指向上坡最陡的方向
#
# 站在点 $p$，沿单位方向 $u$ 走。$f$ 变化的速率是**方向导数**
#
# $$
# D_u f(p) = \lim_{t \to 0} \frac{f(p + t\,u) - f(p)}{t}.
# $$
#
# 讲义的结论是：*梯度向量的方向即为函数值增长最快的方向*。我们不借助任何关于 $D_u f$ 的公式来检验它：取 $f(x, y) = x^2 + 3y^2$，在 $p = (1, 1)$ 处尝试 720 个单位方向，用中心差分测出每个方向上的变化率，再把变化率最大的方向与自动求导得到的梯度作比较。

# %%
def f(x, y):
    return x**2 + 3 * y**2


p = np.array([1.0, 1.0])
angles = np.linspace(0, 2 * np.pi, 720, endpoint=False)
units = np.stack([np.cos(angles), np.sin(angles)], axis=1)  # 720 unit vectors
t = 1e-6
rates = np.array([(f(*(p + t * u)) - f(*(p - t * u))) / (2 * t) for u in units])

P = cl.tensor(p, requires_grad=True)  # float64, from the numpy array
f(P[0], P[1]).backward()
g = P.grad.numpy()

best = units[rates.argmax()]
print(tr(f"∇f(1, 1) by autograd = {g}, ‖∇f‖ = {np.linalg.norm(g):.4f}",
         f"自动求导得到 ∇f(1, 1) = {g}，‖∇f‖ = {np.linalg.norm(g):.4f}"))
print(tr(f"largest directional derivative = {rates.max():.4f} along u = {np.round(best, 3)}",
         f"最大的方向导数 = {rates.max():.4f}，方向 u = {np.round(best, 3)}"))
print(f"∇f / ‖∇f‖                      = {np.round(g / np.linalg.norm(g), 3)}")
toward = np.array([1.0, 1.0]) / np.sqrt(2)  # straight away from the minimum at (0, 0)
print(tr(f"rate along (1, 1)/√2 (away from the minimum) = {toward @ g:.4f}: less steep",
         f"沿 (1, 1)/√2（背离最小值点）的变化率 = {toward @ g:.4f}：没有那么陡"))
print(tr("every rate equals ∇f·u:", "每个变化率都等于 ∇f·u："), np.allclose(rates, units @ g, atol=1e-5))

# %% [markdown]
# The measured winner agrees with $\nabla f/\lVert \nabla f \rVert$ up to the spacing of the
# sampled directions (0.5°), and the largest rate equals $\lVert \nabla f \rVert$.
#
# Why: by the linear approximation, $f(p + t u) \approx f(p) + t\, \nabla f(p) \cdot u$, so
# $D_u f = \nabla f \cdot u = \lVert \nabla f \rVert \cos\theta$, where $\theta$ is the angle
# between $u$ and $\nabla f$. The cosine is largest, 1, at $\theta = 0$: the steepest rate is
# $\lVert \nabla f \rVert$, along $\nabla f / \lVert \nabla f \rVert$. At $\theta = 90°$ the rate is 0
# (that direction runs along the contour line), and at $\theta = 180°$ — along $-\nabla f$ —
# $f$ falls fastest. That last fact is gradient descent (Lesson 9).
#
# **The source text says** (seed 002) the gradient vector "points in the steepest *downhill*
# direction". **Precisely**, the gradient points in the direction of steepest **ascent**
# (uphill), as the measurement above shows; its *negative* $-\nabla f$ points steepest
# downhill, which is why the update is $w \leftarrow w - \eta\,\nabla f(w)$, with a minus.
#
# Note that for this elongated bowl the steepest direction is *not* the direction straight
# away from the minimum. On the right, the gradient at every grid point comes from
# **one** `backward()`: $F = \sum_k f(x_k, y_k)$ and each point only affects its own term, so
# $\partial F/\partial x_k = \partial f/\partial x(x_k, y_k)$.
# <!-- zh -->
# 实测的最佳方向与 $\nabla f/\lVert \nabla f \rVert$ 一致，误差不超过采样方向的间隔（0.5°），而最大的变化率等于 $\lVert \nabla f \rVert$。
#
# 原因：由线性近似，$f(p + t u) \approx f(p) + t\, \nabla f(p) \cdot u$，所以 $D_u f = \nabla f \cdot u = \lVert \nabla f \rVert \cos\theta$，其中 $\theta$ 是 $u$ 与 $\nabla f$ 的夹角。余弦在 $\theta = 0$ 时取最大值 1：最陡的变化率是 $\lVert \nabla f \rVert$，方向是 $\nabla f / \lVert \nabla f \rVert$。$\theta = 90°$ 时变化率为 0（这个方向沿着等高线），$\theta = 180°$ 时——沿 $-\nabla f$——$f$ 下降得最快。最后这一点就是梯度下降（第 9 课）。
#
# **讲义原文说**（seed 002）：“梯度向量:指向最陡峭的下山方向”。**准确地说：** 梯度指向**上升**最陡（上坡）的方向，上面的测量结果正说明了这一点；它的*相反*方向 $-\nabla f$ 才是下山最陡的方向，所以更新公式是带负号的 $w \leftarrow w - \eta\,\nabla f(w)$。
#
# 注意，对这个狭长的碗来说，最陡的方向*并不是*背离最小值点的方向。右图中，每个网格点上的梯度都来自**同一次** `backward()`：$F = \sum_k f(x_k, y_k)$，而每个点只影响它自己的那一项，所以 $\partial F/\partial x_k = \partial f/\partial x(x_k, y_k)$。

# %%
grid = np.linspace(-2, 2, 9)
GX, GY = np.meshgrid(grid, grid)
X = cl.tensor(GX, requires_grad=True)
Y = cl.tensor(GY, requires_grad=True)
f(X, Y).sum().backward()  # one backward: the gradient at all 81 points
U, V = X.grad.numpy(), Y.grad.numpy()

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.6), layout="constrained")
left.plot(np.degrees(angles), rates,
          label=tr_plot("measured rate $D_u f$ (central difference)", "实测变化率 $D_u f$（中心差分）"))
left.plot(np.degrees(angles), np.linalg.norm(g) * np.cos(angles - np.arctan2(g[1], g[0])), "--",
          label=r"$\|\nabla f\|\cos\theta$")
left.axvline(np.degrees(np.arctan2(g[1], g[0])), color="C3", lw=1,
             label=tr_plot("direction of ∇f", "∇f 的方向"))
left.set_title(tr_plot("Rate of change at (1, 1), by direction", "(1, 1) 处各方向上的变化率"))
left.set_xlabel(tr_plot("direction angle (degrees)", "方向角（度）"))
left.set_ylabel(tr_plot("directional derivative", "方向导数"))
left.legend(loc="upper right", fontsize="small")

xs, ys = np.meshgrid(np.linspace(-2.2, 2.2, 200), np.linspace(-2.2, 2.2, 200))
contours = right.contour(xs, ys, f(xs, ys), levels=12, cmap="viridis")
right.clabel(contours, fontsize=7)
right.quiver(GX, GY, U, V, angles="xy", scale_units="xy", scale=25, color="gray", width=0.004,
             label=tr_plot("∇f (scaled)", "∇f（已缩放）"))
right.quiver(1, 1, *(g / np.linalg.norm(g)), angles="xy", scale_units="xy", scale=1.5,
             color="C3", width=0.008, label=tr_plot("steepest ascent at (1, 1)", "(1, 1) 处的最速上升方向"))
right.quiver(1, 1, *toward, angles="xy", scale_units="xy", scale=1.5, color="C1", width=0.008,
             label=tr_plot("away from the minimum", "背离最小值点的方向"))
right.set_aspect("equal")
right.set_title(tr_plot("f = x² + 3y²: ∇f crosses the contours\nat right angles",
                       "f = x² + 3y²：∇f 与等高线\n垂直相交"))
right.set_xlabel("x")
right.set_ylabel("y")
right.legend(loc="lower left", fontsize="small")
plt.show()

# %% [markdown]
# ## 4. Shapes: what kind of object is a derivative?
#
# Going from scalars to vectors, *watch the shapes*. The rule behind every case: **each entry of
# $y$ is differentiated with respect to each entry of $x$**, so the derivative holds
# $\text{size}(y) \times \text{size}(x)$ numbers. How to arrange them is a convention, and this
# course uses one, everywhere:
#
# > **The course's shape convention:** $\partial y/\partial x$ has shape `y.shape + x.shape`
# > (outputs first, then inputs) — what `torch.autograd.functional.jacobian` returns. For a
# > scalar $y$ this is `x.shape`: the gradient has the shape of the variable, exactly like
# > PyTorch's `x.grad`.
#
# For $y \in \mathbb{R}^m$ and $x \in \mathbb{R}^n$ that is the $m \times n$ **Jacobian**, row $i$
# holding the partial derivatives of $y_i$. The seed lists six cases; here they are, with what
# the seed writes and what the convention gives:
#
# | $y$ | $x$ | the seed writes | course convention (`y.shape + x.shape`) |
# |---|---|---|---|
# | scalar | scalar | scalar | `()` |
# | scalar | column vector $(n,)$ | a **row** vector $1 \times n$ | `(n,)` |
# | vector $(m,)$ | scalar | a **column** vector $m \times 1$ | `(m,)` |
# | vector $(m,)$ | vector $(n,)$ | a matrix whose rows are the row vectors $\partial y_i/\partial x$ | `(m, n)`: the Jacobian |
# | matrix $(m, l)$ | vector $(n,)$ | $(m, l, n)$ | `(m, l, n)` |
# | matrix $(m, l)$ | matrix $(n, k)$ | $(m, l, k, n)$ | `(m, l, n, k)` |
#
# `course_lib.functional.jacobian(f, x)`, like `torch.autograd.functional.jacobian`, returns the
# last column:
# <!-- zh -->
# ## 4. 形状：导数是什么样的对象？
#
# 从标量推广到向量时，*要特别注意形状*。所有情形背后都是同一条规则：**$y$ 的每个元素分别对 $x$ 的每个元素求导**，所以导数包含 $\text{size}(y) \times \text{size}(x)$ 个数。如何排列这些数是一种约定，本课程自始至终只用一种：
#
# > **本课程的形状约定：** $\partial y/\partial x$ 的形状是 `y.shape + x.shape`（先输出，后输入）——也就是 `torch.autograd.functional.jacobian` 返回的形状。对标量 $y$，它就是 `x.shape`：梯度与变量形状相同，正如 PyTorch 的 `x.grad`。
#
# 对 $y \in \mathbb{R}^m$ 和 $x \in \mathbb{R}^n$，这就是 $m \times n$ 的**雅可比矩阵**，第 $i$ 行是 $y_i$ 的各个偏导数。讲义原文（seed 000）列出了六种情形：
#
# > 向量求导要特别注意形状的变化。
# > - 标量对标量求导,结果仍然是一个标量。
# > - 标量y对列向量x求导,是将y对向量x中每一个元素分别求导,结果是一个行向量。
# > - 向量对标量求导,结果是一个列向量。
# > - 向量y对向量x求导,等价于y中每个元素(标量)分别对向量x求导,得到多个行向量,就组成一个矩阵。
# > - 矩阵(m,l)对向量(n,)求导,会得到一个(m,l,n)的三维矩阵。
# > - 矩阵(m,l)对矩阵(n,k)求导,会得到一个(m,l, k, n)的二维矩阵。
#
# 下表把讲义的写法与本课程的约定并排列出：
#
# | $y$ | $x$ | 讲义的写法 | 本课程的约定（`y.shape + x.shape`） |
# |---|---|---|---|
# | 标量 | 标量 | 标量 | `()` |
# | 标量 | 列向量 $(n,)$ | **行**向量 $1 \times n$ | `(n,)` |
# | 向量 $(m,)$ | 标量 | **列**向量 $m \times 1$ | `(m,)` |
# | 向量 $(m,)$ | 向量 $(n,)$ | 由各行向量 $\partial y_i/\partial x$ 组成的矩阵 | `(m, n)`：雅可比矩阵 |
# | 矩阵 $(m, l)$ | 向量 $(n,)$ | $(m, l, n)$ | `(m, l, n)` |
# | 矩阵 $(m, l)$ | 矩阵 $(n, k)$ | $(m, l, k, n)$ | `(m, l, n, k)` |
#
# `course_lib.functional.jacobian(f, x)` 和 `torch.autograd.functional.jacobian` 一样，返回的是最后一列的形状：

# %%
cl.manual_seed(0)
A = cl.randn(2, 3)  # y = A x: vector (2,) by vector (3,)
B = cl.randn(4, 3)
C, D = cl.randn(2, 3), cl.randn(4, 5)  # Y = C X D: matrix (2, 5) by matrix (3, 4)

cases = [
    ("scalar by scalar", lambda t: t**2, cl.tensor(3.0), "scalar"),
    ("scalar by vector", lambda x: cl.dot(x, x), cl.tensor([1.0, 2.0, 3.0]), "row 1×3"),
    ("vector by scalar", lambda t: cl.stack([t, t**2]), cl.tensor(3.0), "column 2×1"),
    ("vector by vector", lambda x: A @ x, cl.tensor([1.0, 2.0, 3.0]), "2×3"),
    ("matrix by vector", lambda x: (A @ x).unsqueeze(1) * (B @ x).unsqueeze(0),
     cl.tensor([1.0, 2.0, 3.0]), "(m, l, n) = (2, 4, 3)"),
    ("matrix by matrix", lambda X: C @ X @ D, cl.randn(3, 4), "(m, l, k, n) = (2, 5, 4, 3)"),
]
zh_text = {"case": "情形", "the seed writes": "讲义的写法", "scalar by scalar": "标量对标量",
      "scalar by vector": "标量对向量", "vector by scalar": "向量对标量",
      "vector by vector": "向量对向量", "matrix by vector": "矩阵对向量",
      "matrix by matrix": "矩阵对矩阵", "scalar": "标量", "row 1×3": "行向量 1×3",
      "column 2×1": "列向量 2×1", "2×3": "矩阵 2×3"}


def column(text, width):
    """text in the learner's language, padded to `width` columns (a Chinese character takes 2)."""
    text = tr(text, zh_text.get(text))
    return text + " " * (width - sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text))


header = column("case", 18) + f"{'y.shape':<10}{'x.shape':<9}" + column("the seed writes", 29)
print(header + "jacobian(f, x).shape")
jacobians = {}
for name, fn, x, seed_shape in cases:
    J = jacobian(fn, x)
    jacobians[name] = J
    print(f"{column(name, 18)}{str(tuple(fn(x).shape)):<10}{str(tuple(x.shape)):<9}"
          f"{column(seed_shape, 29)}{tuple(J.shape)}")

# %% [markdown]
# Read the last column against the table:
#
# * **scalar by vector**: a plain `(3,)` array, the shape of $x$. A 1-D tensor is neither a row
#   nor a column; written inside a matrix product (the chain rule, Lesson 5) it plays the role of
#   the row $1 \times 3$. Its entries are the partial derivatives, $2x = [2, 4, 6]$.
# * **vector by scalar**: $y(t) = [t, t^2]$, so $\partial y/\partial t = [1, 2t] = [1, 6]$ at $t = 3$.
# * **vector by vector**: for $y = Ax$, $\partial y_i / \partial x_j = A_{ij}$: the Jacobian *is* $A$.
# * **matrix by matrix**: `jacobian` keeps $X$'s axes in their own order, $(n, k) = (3, 4)$.
#
# **The source text says** (seed 000) the derivative of an $(m, l)$ matrix by an $(n, k)$ matrix is
# "an $(m, l, k, n)$ two-dimensional matrix". **Precisely**, it is a **4-D** array with
# $m \cdot l \cdot n \cdot k$ entries; and its $(k, n)$ lists the input's axes transposed. That is
# how textbooks' classical *numerator layout* writes the derivative of a scalar by an
# $n \times k$ matrix: as a $k \times n$ matrix, the transpose of the variable (and the seed's
# row vector for a scalar by a column vector is the same habit). Same numbers, last two axes
# swapped — `J.transpose(2, 3)` converts:
# <!-- zh -->
# 对照上表读最后一列：
#
# * **标量对向量**：一个普通的 `(3,)` 数组，与 $x$ 形状相同。一维张量既不是行向量也不是列向量；写进矩阵乘积（链式法则，第 5 课）时，它扮演 $1 \times 3$ 行向量的角色。它的元素就是各个偏导数，$2x = [2, 4, 6]$。
# * **向量对标量**：$y(t) = [t, t^2]$，所以在 $t = 3$ 处 $\partial y/\partial t = [1, 2t] = [1, 6]$。
# * **向量对向量**：对 $y = Ax$，$\partial y_i / \partial x_j = A_{ij}$：雅可比矩阵*就是* $A$。
# * **矩阵对矩阵**：`jacobian` 保持 $X$ 各轴原来的顺序，$(n, k) = (3, 4)$。
#
# **讲义原文说**（seed 000）：“矩阵(m,l)对矩阵(n,k)求导,会得到一个(m,l, k, n)的二维矩阵。”**准确地说：** 结果是一个有 $m \cdot l \cdot n \cdot k$ 个元素的**四维**数组；而它的 $(k, n)$ 把输入的两个轴转置了。经典的*分子布局*正是这样写标量对 $n \times k$ 矩阵的导数的：写成 $k \times n$ 矩阵，即变量的转置（讲义中标量对列向量求导得到行向量，也是同一个习惯）。数值相同，只是最后两个轴交换了——用 `J.transpose(2, 3)` 即可换算：

# %%
print(tr("scalar by vector:", "标量对向量："), jacobians["scalar by vector"])
print(tr("vector by scalar:", "向量对标量："), jacobians["vector by scalar"])
print(tr("vector by vector: J equals A:", "向量对向量：J 等于 A："),
      cl.allclose(jacobians["vector by vector"], A))
J4 = jacobians["matrix by matrix"]
print(tr("matrix by matrix:", "矩阵对矩阵："), tuple(J4.shape),
      tr("-> seed's layout", "-> 讲义的布局"), tuple(J4.transpose(2, 3).shape))

# %% [markdown]
# ## 5. One convention, and why formulas sprout transposes
#
# With outputs first, the chain rule reads left to right as a product (Lesson 5): for
# $z = z(y)$ scalar, $y \in \mathbb{R}^m$, $x \in \mathbb{R}^n$,
#
# $$
# \underbrace{\frac{\partial z}{\partial x}}_{(n,)}
# = \underbrace{\frac{\partial z}{\partial y}}_{(m,)\ \text{as a row}}\;
#   \underbrace{\frac{\partial y}{\partial x}}_{(m,\, n)} ,
# \qquad\text{i.e.}\qquad
# \frac{\partial z}{\partial x_j} = \sum_i \frac{\partial z}{\partial y_i}\,\frac{\partial y_i}{\partial x_j}.
# $$
#
# Books differ. Many (and d2l) use the *denominator layout*: the gradient
# $\nabla_x z$ is a column of $x$'s shape — the same numbers as ours — but the derivative of a
# vector $y$ by a vector $x$ is the $n \times m$ **transpose** of our Jacobian. The classical
# *numerator layout* keeps our $m \times n$ Jacobian but writes a scalar-by-column derivative as a
# row and a scalar-by-$(n \times k)$ derivative as $k \times n$. Before you use a formula from a
# book, check which layout it assumes.
#
# The seed's interview question *"why do matrix derivatives need transposes?"* — **the source
# text says**: "to follow the numerator layout convention, so that the gradient has the
# parameter's shape". But the classical numerator layout is exactly the one whose
# scalar-by-matrix derivative is *transposed* ($k \times n$). **Precisely**: the transposes appear because $\partial L/\partial x_j$ sums over the
# *first* (output) index of the Jacobian, $\sum_i g_i\,W_{ij} = (W^\top g)_j$; and frameworks store
# every gradient in the parameter's shape (our convention, PyTorch's `.grad`), which is what an
# update $W \leftarrow W - \eta\,\nabla_W L$ needs.
# <!-- zh -->
# ## 5. 一种约定，以及公式里为什么冒出转置
#
# 先输出、后输入的约定下，链式法则从左到右读就是一个乘积（第 5 课）：对标量 $z = z(y)$，$y \in \mathbb{R}^m$，$x \in \mathbb{R}^n$，
#
# $$
# \underbrace{\frac{\partial z}{\partial x}}_{(n,)}
# = \underbrace{\frac{\partial z}{\partial y}}_{(m,)\ \text{as a row}}\;
#   \underbrace{\frac{\partial y}{\partial x}}_{(m,\, n)} ,
# \qquad\text{i.e.}\qquad
# \frac{\partial z}{\partial x_j} = \sum_i \frac{\partial z}{\partial y_i}\,\frac{\partial y_i}{\partial x_j}.
# $$
#
# （公式中的 “as a row” 意为“看作行向量”，“i.e.” 意为“即”。）
#
# 各种教材的写法并不相同。许多教材（包括 d2l）采用*分母布局*：梯度 $\nabla_x z$ 是与 $x$ 形状相同的列向量——数值与我们的相同——但向量 $y$ 对向量 $x$ 的导数是我们的雅可比矩阵的 $n \times m$ **转置**。经典的*分子布局*保留了我们的 $m \times n$ 雅可比矩阵，却把标量对列向量的导数写成行向量，把标量对 $(n \times k)$ 矩阵的导数写成 $k \times n$ 矩阵。使用教材中的公式之前，先弄清它采用的是哪种布局。
#
# 讲义中的面试题“矩阵求导时为什么要转置?”——**讲义原文的回答是**：“遵循 分子布局约定,保证梯度形状与参数形状一致。”可是经典的分子布局恰恰是标量对矩阵的导数被*转置*（$k \times n$）的那一种。**准确地说：** 转置之所以出现，是因为 $\partial L/\partial x_j$ 要对雅可比矩阵的*第一个*（输出）下标求和，$\sum_i g_i\,W_{ij} = (W^\top g)_j$；而各个框架都按参数的形状存储梯度（即本课程的约定、PyTorch 的 `.grad`），这正是更新 $W \leftarrow W - \eta\,\nabla_W L$ 所需要的。

# %% [markdown]
# ## 6. Gradient shape = parameter shape
#
# Almost every derivative in deep learning (the seed says 99%) is of one kind: a **scalar loss**
# with respect to a **parameter** matrix or vector. By the shape convention it has shape
# `() + W.shape = W.shape`, one number per parameter, telling how the loss reacts to nudging
# that parameter. The seed's rule:
# if $W$ is a $(3, 2)$ matrix, $\partial L/\partial W$ is $(3, 2)$ too.
# <!-- zh -->
# ## 6. 梯度形状 = 参数形状
#
# 深度学习中几乎所有的导数（讲义原文：“99%的求导场景:标量(损失值)对参数矩阵/向量求导”）都属于同一类：**标量损失**对**参数**矩阵或向量求导。按形状约定，它的形状是 `() + W.shape = W.shape`，每个参数对应一个数，表示轻推这个参数时损失如何变化。讲义的规则是：若 $W$ 是 $(3, 2)$ 矩阵，则 $\partial L/\partial W$ 也是 $(3, 2)$。

# %%
cl.manual_seed(0)
W = cl.randn(3, 2, requires_grad=True)
x = cl.tensor([0.5, -1.0])
L = ((W @ x) ** 2).sum()
L.backward()
print("W.shape     ", W.shape)
print("W.grad.shape", W.grad.shape)

# %% [markdown]
# The seed checks this on a linear layer, `y = W @ x + b`. Here is its code, run on
# `course_lib`:
# <!-- zh -->
# 讲义在线性层 `y = W @ x + b` 上验证了这一点。下面是讲义中的代码，在 `course_lib` 上运行：

# %%
cl.manual_seed(0)
W = cl.randn(2, 3, requires_grad=True)
x = cl.tensor([1.0, 2.0, 3.0])
b = cl.randn(2, requires_grad=True)
y = W @ x + b  # shape (2,); @ is matrix multiplication
loss = y.sum()  # backward() needs a scalar
loss.backward()
print(W.grad.shape)  # (2, 3): the same as W
print(b.grad.shape)  # (2,): the same as b

# %% [markdown]
# And the values? $\text{loss} = \sum_i y_i = \sum_i \big(\sum_j W_{ij} x_j + b_i\big)$, so
# $\partial\,\text{loss}/\partial W_{ij} = x_j$: **every** entry in column $j$ of the gradient is
# the $j$-th input feature, and $\partial\,\text{loss}/\partial b_i = 1$.
# <!-- zh -->
# 数值是多少呢？$\text{loss} = \sum_i y_i = \sum_i \big(\sum_j W_{ij} x_j + b_i\big)$，所以 $\partial\,\text{loss}/\partial W_{ij} = x_j$：梯度第 $j$ 列的**每一个**元素都是第 $j$ 个输入特征，而 $\partial\,\text{loss}/\partial b_i = 1$。

# %%
print("W.grad =", W.grad)
print("b.grad =", b.grad)
print(tr("every row of W.grad is x:", "W.grad 的每一行都是 x："), bool((W.grad == x.unsqueeze(0)).all()))

# %% [markdown]
# Where did the 3-D object of Section 4 go? $y$ is a vector and $W$ a matrix, so
# $\partial y/\partial W$ has shape $(2, 2, 3)$. The loss $\sum_i y_i$ then contracts the
# first axis with $\partial\,\text{loss}/\partial y = [1, 1]$, leaving $(2, 3)$. Backward never
# builds the big Jacobian: it passes the small vector $\partial\,\text{loss}/\partial y$ backwards
# (Lessons 6 and 7 explain how).
# <!-- zh -->
# 第 4 节中的三维对象到哪里去了？$y$ 是向量，$W$ 是矩阵，所以 $\partial y/\partial W$ 的形状是 $(2, 2, 3)$。损失 $\sum_i y_i$ 再用 $\partial\,\text{loss}/\partial y = [1, 1]$ 把第一个轴缩并掉，剩下 $(2, 3)$。反向传播从不构造这个大的雅可比矩阵：它向后传递的是小小的向量 $\partial\,\text{loss}/\partial y$（第 6 课和第 7 课会解释怎么做）。

# %%
J_yW = jacobian(lambda W_: W_ @ x + b.detach(), W)
print(tr("∂y/∂W shape:", "∂y/∂W 的形状："), tuple(J_yW.shape))
contracted = np.tensordot(np.ones(2), J_yW.numpy(), axes=1)  # Σ_i ∂y_i/∂W
same = np.allclose(contracted, W.grad.numpy())
print(tr(f"Σ_i ∂y_i/∂W has shape {contracted.shape} and equals W.grad: {same}",
         f"Σ_i ∂y_i/∂W 的形状为 {contracted.shape}，等于 W.grad：{same}"))

# %% [markdown]
# The general rules for a linear layer $y = Wx + b$ inside a bigger computation, where
# $g = \partial L/\partial y$ is whatever gradient arrives from above (the seed's "rule 1"):
#
# | operation | gradient | shape |
# |---|---|---|
# | $y = Wx$ | $\partial L/\partial W = g\, x^\top$ (outer product) | $W$'s $(m, n)$ |
# | $y = Wx$ | $\partial L/\partial x = W^\top g$ | $x$'s $(n,)$ |
# | $y = x + b$ | $\partial L/\partial b = g$ | $b$'s $(m,)$ |
#
# To test them with `backward()`, make $g$ the upstream gradient by differentiating
# $L = \sum_i g_i\, y_i$ (then $\partial L/\partial y = g$ exactly). The memory aid from the seed:
# *the gradient's shape follows the parameter; a linear layer's gradient hides its input.*
# <!-- zh -->
# 线性层 $y = Wx + b$ 处在更大的计算之中时的一般规则如下，其中 $g = \partial L/\partial y$ 是从上游传来的梯度（讲义中的“规则1:线性变换梯度”）：
#
# | 运算 | 梯度 | 形状 |
# |---|---|---|
# | $y = Wx$ | $\partial L/\partial W = g\, x^\top$（外积） | 与 $W$ 相同，$(m, n)$ |
# | $y = Wx$ | $\partial L/\partial x = W^\top g$ | 与 $x$ 相同，$(n,)$ |
# | $y = x + b$ | $\partial L/\partial b = g$ | 与 $b$ 相同，$(m,)$ |
#
# 要用 `backward()` 检验它们，只需对 $L = \sum_i g_i\, y_i$ 求导，这样上游梯度恰好是 $\partial L/\partial y = g$。讲义里的记忆口诀：“梯度形状跟随参数,线性层梯度藏输入”。

# %%
cl.manual_seed(1)
W = cl.randn(2, 3, requires_grad=True)
x = cl.randn(3, requires_grad=True)
b = cl.randn(2, requires_grad=True)
g = cl.randn(2)  # the upstream gradient ∂L/∂y
L = (g * (W @ x + b)).sum()
L.backward()
print("∂L/∂W == g xᵀ:", np.allclose(W.grad.numpy(), np.outer(g.numpy(), x.detach().numpy())))
print("∂L/∂x == Wᵀ g:", np.allclose(x.grad.numpy(), W.detach().numpy().T @ g.numpy()))
print("∂L/∂b == g:   ", np.allclose(b.grad.numpy(), g.numpy()))

# %% [markdown]
# ## 7. Three gradient identities
#
# Three formulas come up again and again. Each follows from writing the function entry by entry.
#
# **A linear map, $y = Ax$** with $A$ of shape $(m, n)$: $y_i = \sum_j A_{ij} x_j$, so
# $\partial y_i/\partial x_j = A_{ij}$ and, in the course's convention,
#
# $$ \frac{\partial (Ax)}{\partial x} = A \qquad\text{shape } (m, n) = \texttt{y.shape + x.shape}. $$
#
# d2l writes the same fact as $\nabla_x Ax = A^\top$. That is the *denominator layout*: there the
# "gradient" of a vector function $y$ is the $n \times m$ matrix whose column $i$ is the gradient
# $\nabla_x y_i$ — our Jacobian transposed. Same numbers, other arrangement. In our convention
# $A^\top$ appears one step later, in the gradient of a scalar $L$ through $y = Ax$:
# $\partial L/\partial x = A^\top\,\partial L/\partial y$ (Section 6).
#
# **A quadratic form, $x^\top A x$** with $A$ square: $x^\top A x = \sum_{i,j} x_i A_{ij} x_j$, and
# $x_k$ appears once as $x_i$ and once as $x_j$:
# $\frac{\partial}{\partial x_k} = \sum_j A_{kj} x_j + \sum_i x_i A_{ik} = (Ax)_k + (A^\top x)_k$, so
#
# $$ \nabla_x\, x^\top A x = (A + A^\top)\,x , $$
#
# which is $2Ax$ only when $A$ is symmetric (as for $x^\top x$, $A = I$: $2x$).
#
# **The squared Frobenius norm** $\lVert X \rVert_F^2 = \sum_{i,j} X_{ij}^2$: each entry only meets
# itself, $\partial/\partial X_{ij} = 2X_{ij}$, so $\nabla_X \lVert X\rVert_F^2 = 2X$ — shape of $X$.
#
# Autograd agrees, with a deliberately non-symmetric $A$:
# <!-- zh -->
# ## 7. 三个梯度恒等式
#
# 有三个公式会反复出现。每个都可以通过逐个元素写出函数来推导。
#
# **线性映射 $y = Ax$**，$A$ 的形状为 $(m, n)$：$y_i = \sum_j A_{ij} x_j$，所以 $\partial y_i/\partial x_j = A_{ij}$，按本课程的约定，
#
# $$ \frac{\partial (Ax)}{\partial x} = A \qquad\text{shape } (m, n) = \texttt{y.shape + x.shape}. $$
#
# d2l 把同一个事实写成 $\nabla_x Ax = A^\top$。这是*分母布局*：在那里，向量函数 $y$ 的“梯度”是 $n \times m$ 矩阵，其第 $i$ 列是梯度 $\nabla_x y_i$——也就是我们的雅可比矩阵的转置。数值相同，排列不同。在我们的约定中，$A^\top$ 晚一步才出现，即在标量 $L$ 经过 $y = Ax$ 的梯度中：$\partial L/\partial x = A^\top\,\partial L/\partial y$（第 6 节）。
#
# **二次型 $x^\top A x$**，$A$ 为方阵：$x^\top A x = \sum_{i,j} x_i A_{ij} x_j$，$x_k$ 既作为 $x_i$ 出现一次，又作为 $x_j$ 出现一次：$\frac{\partial}{\partial x_k} = \sum_j A_{kj} x_j + \sum_i x_i A_{ik} = (Ax)_k + (A^\top x)_k$，所以
#
# $$ \nabla_x\, x^\top A x = (A + A^\top)\,x , $$
#
# 只有当 $A$ 对称时它才等于 $2Ax$（比如 $x^\top x$，$A = I$：得 $2x$）。
#
# **弗罗贝尼乌斯范数的平方** $\lVert X \rVert_F^2 = \sum_{i,j} X_{ij}^2$：每个元素只和它自己相乘，$\partial/\partial X_{ij} = 2X_{ij}$，所以 $\nabla_X \lVert X\rVert_F^2 = 2X$——形状与 $X$ 相同。
#
# 自动求导的结果与之一致（这里特意取了一个不对称的 $A$）：

# %%
cl.manual_seed(4)
A = cl.randn(3, 4, dtype=cl.float64)
x = cl.randn(4, dtype=cl.float64)
J = jacobian(lambda x: A @ x, x)
print(tr(f"∂(Ax)/∂x has shape {tuple(J.shape)} and equals A: {cl.allclose(J, A)}",
         f"∂(Ax)/∂x 的形状为 {tuple(J.shape)}，等于 A：{cl.allclose(J, A)}"))

columns = []  # d2l's ∇ₓ(Ax): column i is the gradient of y_i = (Ax)_i
for i in range(3):
    x_leaf = cl.tensor(x.numpy(), requires_grad=True)
    (A @ x_leaf)[i].backward()
    columns.append(x_leaf.grad.numpy())
print(tr("d2l's ∇ₓ(Ax) (gradients of the y_i as columns) equals Aᵀ:",
         "d2l 的 ∇ₓ(Ax)（以各 y_i 的梯度为列）等于 Aᵀ："),
      np.allclose(np.stack(columns, axis=1), A.numpy().T))

S = cl.randn(4, 4, dtype=cl.float64)  # square, not symmetric
x_leaf = cl.tensor(x.numpy(), requires_grad=True)
cl.dot(x_leaf, S @ x_leaf).backward()
print(tr("∇ₓ xᵀSx equals (S + Sᵀ)x:", "∇ₓ xᵀSx 等于 (S + Sᵀ)x："), cl.allclose(x_leaf.grad, (S + S.T) @ x),
      tr("| equals 2Sx:", "| 等于 2Sx："), cl.allclose(x_leaf.grad, 2 * S @ x))

X = cl.randn(2, 3, dtype=cl.float64, requires_grad=True)
(X**2).sum().backward()  # ‖X‖²_F
print(tr("∇_X ‖X‖²_F equals 2X:", "∇_X ‖X‖²_F 等于 2X："), cl.allclose(X.grad, 2 * X.detach()),
      tr("| shape", "| 形状"), tuple(X.grad.shape))

# %% [markdown]
# <a id="d2l-2-4-8"></a>
#
# ## 8. The gradient of $\lVert x \rVert_2$, and its kink at 0 (d2l 2.4.8)
#
# $\lVert x \rVert_2 = \sqrt{\sum_i x_i^2}$. For $x \ne 0$, the chain rule (Lesson 5) gives
# $\frac{\partial}{\partial x_i} = \frac{1}{2\sqrt{\sum_j x_j^2}} \cdot 2x_i$, so
#
# $$ \nabla \lVert x \rVert_2 = \frac{x}{\lVert x \rVert_2} \qquad (x \ne 0): $$
#
# a unit vector pointing away from the origin — the norm grows fastest straight outwards, at
# rate 1.
#
# At $x = 0$ there is no gradient. The graph of $\lVert x\rVert_2$ is a cone with its tip at 0;
# for $n = 1$ it is exactly $|x|$, the kink of [Lesson 2](02_subgradients.ipynb). Along any
# unit direction $u$ the quotient $\frac{\lVert 0 + t u\rVert - 0}{t} = \frac{|t|}{t}$ is $+1$ for
# $t > 0$ and $-1$ for $t < 0$: no single limit. The subgradients at 0 are the vectors $g$ with
# $\lVert x\rVert_2 \ge g \cdot x$ for all $x$, which holds exactly when $\lVert g \rVert_2 \le 1$
# (Cauchy–Schwarz gives "if"; $x = g$ gives "only if"): the subdifferential is the closed unit
# ball, the $n$-dimensional $[-1, 1]$.
#
# What autograd returns at 0 depends, again, on how the norm is written:
# <!-- zh -->
# <a id="d2l-2-4-8"></a>
#
# ## 8. $\lVert x \rVert_2$ 的梯度，以及它在 0 处的尖点（d2l 2.4.8）
#
# $\lVert x \rVert_2 = \sqrt{\sum_i x_i^2}$。对 $x \ne 0$，由链式法则（第 5 课）得 $\frac{\partial}{\partial x_i} = \frac{1}{2\sqrt{\sum_j x_j^2}} \cdot 2x_i$，所以
#
# $$ \nabla \lVert x \rVert_2 = \frac{x}{\lVert x \rVert_2} \qquad (x \ne 0): $$
#
# 这是一个背离原点的单位向量——范数沿径向向外增长得最快，变化率为 1。
#
# 在 $x = 0$ 处没有梯度。$\lVert x\rVert_2$ 的图像是一个顶点在 0 处的圆锥；$n = 1$ 时它恰好是 $|x|$，也就是[第 2 课](02_subgradients.ipynb)中的尖点。沿任意单位方向 $u$，商 $\frac{\lVert 0 + t u\rVert - 0}{t} = \frac{|t|}{t}$ 在 $t > 0$ 时为 $+1$，在 $t < 0$ 时为 $-1$：没有唯一的极限。0 处的次梯度是对所有 $x$ 都满足 $\lVert x\rVert_2 \ge g \cdot x$ 的向量 $g$，这恰好等价于 $\lVert g \rVert_2 \le 1$（由柯西-施瓦茨不等式得充分性；取 $x = g$ 得必要性）：次微分是闭单位球，即 $n$ 维的 $[-1, 1]$。
#
# 自动求导在 0 处返回什么，同样取决于范数是怎么写的：

# %%
x = cl.tensor([3.0, 4.0], dtype=cl.float64, requires_grad=True)
x.norm().backward()
print(tr("at x = (3, 4): ∇‖x‖ =", "在 x = (3, 4) 处：∇‖x‖ ="), x.grad.numpy(),
      "= x/‖x‖ =", (x.detach() / 5).numpy())

for name, norm in [("x.norm()", lambda x: x.norm()),
                   ("cl.sqrt((x**2).sum())", lambda x: cl.sqrt((x**2).sum()))]:
    x0 = cl.zeros(2, dtype=cl.float64, requires_grad=True)
    with np.errstate(divide="ignore", invalid="ignore"):  # silence numpy's 0·∞ warning
        norm(x0).backward()
    print(tr(f"at x = 0: {name:<22} gives {x0.grad.numpy()}",
             f"在 x = 0 处：{name:<22} 给出 {x0.grad.numpy()}"))

# %% [markdown]
# `norm` (in `course_lib` and PyTorch) returns $0$, the centre of the unit ball — a valid
# subgradient. Written as $\sqrt{\sum x_i^2}$, the chain rule multiplies
# $\frac{1}{2\sqrt{0}} = \infty$ by $2x = 0$, and $\infty \cdot 0$ is `nan`. (That is why
# code that normalises vectors adds a small $\epsilon$: $\sqrt{\sum x_i^2 + \epsilon}$.)
# <!-- zh -->
# `norm`（在 `course_lib` 和 PyTorch 中）返回 $0$，即单位球的球心——一个合法的次梯度。如果写成 $\sqrt{\sum x_i^2}$，链式法则会把 $\frac{1}{2\sqrt{0}} = \infty$ 与 $2x = 0$ 相乘，而 $\infty \cdot 0$ 是 `nan`。（这就是归一化向量的代码要加一个小的 $\epsilon$ 的原因：$\sqrt{\sum x_i^2 + \epsilon}$。）

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Stuck? Unfold the hints one at a time — a nudge first, then the idea.
# <!-- zh -->
# ## 练习
#
# 每道练习都有一个供你编辑的单元格，一个在它之后运行的自测单元格，以及一份隐藏的参考答案。卡住了？一次展开一条提示——先是点拨，再是思路。

# %% [markdown]
# <a id="d2l-2-4-7"></a>
#
# **Exercise 1 — a gradient by hand (d2l 2.4.7).** For $f(x) = 3x_1^2 + 5e^{x_2}$, write
# `grad_f(x1, x2)` returning the gradient $\nabla f$ as a tuple `(df_dx1, df_dx2)` (by hand,
# with `np.exp`; no autograd).
#
# <details><summary>Hint 1</summary>
#
# One partial derivative at a time: while you differentiate by $x_1$, $x_2$ is a constant, and
# the other way round.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# A term that does not contain the variable contributes 0. What is left uses
# $D\,x^2 = 2x$ and $D\,e^x = e^x$.
#
# </details>
# <!-- zh -->
# <a id="d2l-2-4-7"></a>
#
# **练习 1 — 手算梯度（d2l 2.4.7）。** 对 $f(x) = 3x_1^2 + 5e^{x_2}$，编写 `grad_f(x1, x2)`，以元组 `(df_dx1, df_dx2)` 的形式返回梯度 $\nabla f$（手算，使用 `np.exp`；不用自动求导）。
#
# <details><summary>提示 1</summary>
#
# 一次求一个偏导数：对 $x_1$ 求导时，$x_2$ 是常数，反之亦然。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 不含该变量的项贡献为 0。剩下的部分用到 $D\,x^2 = 2x$ 和 $D\,e^x = e^x$。
#
# </details>

# %%
# Exercise 1
def grad_f(x1, x2):
    """∇f at (x1, x2) for f = 3·x1² + 5·exp(x2), as a tuple (∂f/∂x1, ∂f/∂x2)."""
    return None  # your code here


# %%
# Self-check 1
def grad_f_autograd(x1, x2):
    x = cl.tensor([x1, x2], dtype=cl.float64, requires_grad=True)
    (3 * x[0] ** 2 + 5 * cl.exp(x[1])).backward()
    return tuple(x.grad.numpy())


check_function(1, grad_f, grad_f_autograd, [(1.0, 0.0), (-2.0, 1.5), (0.5, -3.0)],
               hint=tr("compare your two partial derivatives one by one; which one is off?",
                       "逐个比较你的两个偏导数：哪一个不对？"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# def grad_f(x1, x2):
#     """∇f at (x1, x2) for f = 3·x1² + 5·exp(x2), as a tuple (∂f/∂x1, ∂f/∂x2)."""
#     return (6 * x1, 5 * np.exp(x2))  # ∇f = [6x₁, 5e^{x₂}]
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 1
# def grad_f(x1, x2):
#     """∇f at (x1, x2) for f = 3·x1² + 5·exp(x2), as a tuple (∂f/∂x1, ∂f/∂x2)."""
#     return (6 * x1, 5 * np.exp(x2))  # ∇f = [6x₁, 5e^{x₂}]
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — the steepest direction.** For $h(x, y) = xy + y^2$ at the point $(2, 1)$, give
# the **unit** vector along which $h$ increases fastest, as `answer = (u1, u2)`. Work out the
# gradient by hand, then normalise it.
#
# <details><summary>Hint 1</summary>
#
# Section 3: which vector gives the direction of steepest ascent? Its length does not matter,
# but the answer must have length 1.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Compute $\nabla h = (\partial h/\partial x, \partial h/\partial y)$ at $(2, 1)$ and divide it by
# its length $\lVert \nabla h \rVert$.
#
# </details>
# <!-- zh -->
# **练习 2 — 最陡的方向。** 对 $h(x, y) = xy + y^2$，在点 $(2, 1)$ 处给出使 $h$ 增长最快的**单位**向量，写成 `answer = (u1, u2)`。先手算梯度，再把它归一化。
#
# <details><summary>提示 1</summary>
#
# 第 3 节：哪个向量给出最速上升的方向？它的长度无关紧要，但答案的长度必须是 1。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 在 $(2, 1)$ 处计算 $\nabla h = (\partial h/\partial x, \partial h/\partial y)$，再除以它的长度 $\lVert \nabla h \rVert$。
#
# </details>

# %%
# Exercise 2
answer = None  # your code here: (u1, u2), a unit vector

# %%
# Self-check 2
P = cl.tensor([2.0, 1.0], dtype=cl.float64, requires_grad=True)
(P[0] * P[1] + P[1] ** 2).backward()
steepest = P.grad.numpy() / np.linalg.norm(P.grad.numpy())
check(2, answer, tuple(steepest), tol=1e-4,
      hint=tr("is your vector of length 1, and does it point uphill (not downhill)?",
              "你的向量长度是 1 吗？它指向上坡（而不是下坡）吗？"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# grad = np.array([1.0, 2.0 + 2 * 1.0])  # (y, x + 2y) at (2, 1) = (1, 4)
# u = grad / np.linalg.norm(grad)  # (0.2425, 0.9701)
# answer = (u[0], u[1])
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 2
# grad = np.array([1.0, 2.0 + 2 * 1.0])  # (y, x + 2y) at (2, 1) = (1, 4)
# u = grad / np.linalg.norm(grad)  # (0.2425, 0.9701)
# answer = (u[0], u[1])
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — predict the shapes.** Without running anything, predict
#
# * (a) the shape of `jacobian(lambda x: x.unsqueeze(1) * x.unsqueeze(0), x)` for `x` of shape
#   `(3,)` (the outer product $x x^\top$, a matrix, by a vector), and
# * (b) the shape of `W.grad` after `(W @ v).sum().backward()` for `W` of shape `(5, 2)`.
#
# Set `answer = (shape_a, shape_b)` with each shape a tuple of ints.
#
# <details><summary>Hint 1</summary>
#
# First find the shape of each function's output. Then apply the course's shape convention.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# `y.shape + x.shape`: (a) a $(3, 3)$ output by a $(3,)$ input; (b) a scalar output by a $(5, 2)$
# input.
#
# </details>
# <!-- zh -->
# **练习 3 — 预测形状。** 不运行任何代码，预测
#
# * (a) 对形状为 `(3,)` 的 `x`，`jacobian(lambda x: x.unsqueeze(1) * x.unsqueeze(0), x)` 的形状（外积 $x x^\top$，即矩阵对向量求导）；
# * (b) 对形状为 `(5, 2)` 的 `W`，执行 `(W @ v).sum().backward()` 之后 `W.grad` 的形状。
#
# 令 `answer = (shape_a, shape_b)`，每个形状都是由整数组成的元组。
#
# <details><summary>提示 1</summary>
#
# 先求出每个函数输出的形状，再套用本课程的形状约定。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# `y.shape + x.shape`：(a) 是 $(3, 3)$ 的输出对 $(3,)$ 的输入；(b) 是标量输出对 $(5, 2)$ 的输入。
#
# </details>

# %%
# Exercise 3
answer = None  # your code here: (shape_a, shape_b)

# %%
# Self-check 3
x = cl.tensor([1.0, 2.0, 3.0])
shape_a = tuple(jacobian(lambda x: x.unsqueeze(1) * x.unsqueeze(0), x).shape)
W = cl.randn(5, 2, requires_grad=True)
(W @ cl.tensor([1.0, -1.0])).sum().backward()
check(3, answer, (shape_a, tuple(W.grad.shape)),
      hint=tr("each shape is a tuple of ints, such as (4, 1); output axes come first",
              "每个形状都是由整数组成的元组，例如 (4, 1)；输出的轴在前"))


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# answer = ((3, 3, 3), (5, 2))
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 3
# answer = ((3, 3, 3), (5, 2))
# ```
#
# </details>

# %% [markdown]
# **Exercise 4 — a linear layer on a batch.** `course_lib.nn.Linear` computes
# $Y = X W^\top + b$ for a batch $X$ of shape $(B, n)$ (one sample per row), with $W$ of shape
# $(m, n)$ and $b$ of shape $(m,)$. Let $G = \partial L/\partial Y$, shape $(B, m)$, be the gradient
# arriving from above. Write `linear_grads(G, X)` returning the numpy arrays
# `(dW, db)` $= (\partial L/\partial W, \partial L/\partial b)$. Use numpy only.
#
# <details><summary>Hint 1</summary>
#
# Start from one sample (Section 6's table), then ask what the batch adds. Check your shapes:
# `dW` must have `W`'s shape $(m, n)$.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Sample $s$ alone contributes the outer product $g_s x_s^\top$ to $\partial L/\partial W$ and $g_s$
# to $\partial L/\partial b$ (row $s$ of $G$ and of $X$). The batch adds up the samples'
# contributions — write that sum as one matrix product.
#
# </details>
# <!-- zh -->
# **练习 4 — 批量输入的线性层。** `course_lib.nn.Linear` 对形状为 $(B, n)$ 的一批输入 $X$（每行一个样本）计算 $Y = X W^\top + b$，其中 $W$ 的形状为 $(m, n)$，$b$ 的形状为 $(m,)$。设 $G = \partial L/\partial Y$ 是从上游传来的梯度，形状为 $(B, m)$。编写 `linear_grads(G, X)`，返回 numpy 数组 `(dW, db)` $= (\partial L/\partial W, \partial L/\partial b)$。只用 numpy。
#
# <details><summary>提示 1</summary>
#
# 先从单个样本出发（第 6 节的表格），再想想批量带来了什么。检查形状：`dW` 必须与 `W` 形状相同，即 $(m, n)$。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 样本 $s$ 单独对 $\partial L/\partial W$ 贡献外积 $g_s x_s^\top$，对 $\partial L/\partial b$ 贡献 $g_s$（$g_s$、$x_s$ 分别是 $G$ 和 $X$ 的第 $s$ 行）。批量就是把各样本的贡献加起来——把这个求和写成一次矩阵乘法。
#
# </details>

# %%
# Exercise 4
def linear_grads(G, X):
    """(∂L/∂W, ∂L/∂b) for Y = X @ W.T + b, given G = ∂L/∂Y (B, m) and X (B, n)."""
    return None  # your code here


# %%
# Self-check 4
def linear_grads_autograd(G, X):
    W = cl.zeros(G.shape[1], X.shape[1], dtype=cl.float64, requires_grad=True)
    b = cl.zeros(G.shape[1], dtype=cl.float64, requires_grad=True)
    (cl.tensor(G) * (cl.tensor(X) @ W.T + b)).sum().backward()  # ∂L/∂Y = G
    return W.grad.numpy(), b.grad.numpy()


rng = np.random.default_rng(4)
cases = [(rng.standard_normal((B, m)), rng.standard_normal((B, n)))
         for B, m, n in [(1, 2, 3), (4, 2, 3), (5, 3, 2)]]
check_function(4, linear_grads, linear_grads_autograd, cases,
               hint=tr("case 1 has a batch of one sample: if it passes and the others do not, "
                       "look at how you add up the samples",
                       "第 1 组数据的批量只有一个样本：如果它通过而其他组没有通过，"
                       "检查你是如何把各样本加起来的"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 4
# def linear_grads(G, X):
#     """(∂L/∂W, ∂L/∂b) for Y = X @ W.T + b, given G = ∂L/∂Y (B, m) and X (B, n)."""
#     dW = G.T @ X  # Σ_samples g xᵀ: shape (m, n), like W
#     db = G.sum(axis=0)  # shape (m,), like b
#     return dW, db
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 4
# def linear_grads(G, X):
#     """(∂L/∂W, ∂L/∂b) for Y = X @ W.T + b, given G = ∂L/∂Y (B, m) and X (B, n)."""
#     dW = G.T @ X  # Σ_samples g xᵀ: shape (m, n), like W
#     db = G.sum(axis=0)  # shape (m,), like b
#     return dW, db
# ```
#
# </details>

# %% [markdown]
# ## Summary
#
# * A **partial derivative** moves one variable and holds the rest: for $z = 3x + 2y$ it is 3 and
#   2 everywhere; for $z = x^2 + y^2$ it is $2x$ and $2y$.
# * The **gradient** $\nabla f$ is the vector of all partial derivatives; one `backward()` fills it
#   (e.g. $\nabla (x^\top x) = 2x = [2, 4, 6]$).
# * $D_u f = \nabla f \cdot u = \lVert\nabla f\rVert \cos\theta$: the gradient is the direction of
#   **steepest ascent** and its length is the steepest rate; it crosses contour lines at right angles.
# * **Shapes**: the derivative of $y$ by $x$ holds one number per pair (entry of $y$, entry of $x$).
#   The course's convention: $\partial y/\partial x$ has shape `y.shape + x.shape` (what `jacobian`
#   returns); for a scalar $y$ that is `x.shape`, like PyTorch's `.grad`. Books' layouts arrange
#   the same numbers transposed in places — check which one a formula assumes.
# * **Identities**: $\partial(Ax)/\partial x = A$ (d2l's $\nabla_x Ax = A^\top$ in the denominator
#   layout), $\nabla_x\, x^\top A x = (A + A^\top)x$, $\nabla_X \lVert X\rVert_F^2 = 2X$, and
#   $\nabla\lVert x\rVert_2 = x/\lVert x\rVert_2$ away from 0, where the norm has a kink.
# * **Gradient shape = parameter shape**: a scalar loss by $W$ has $W$'s shape. For a linear
#   layer $\partial L/\partial W = g\,x^\top$ — the gradient carries the input features.
#
# **Next:** [Lesson 5 — The chain rule](05_chain_rule.ipynb), which glues these derivatives
# together through a composition, one Jacobian product at a time.
# <!-- zh -->
# ## 小结
#
# * **偏导数**只让一个变量变化，其余保持不变：对 $z = 3x + 2y$，它们处处是 3 和 2；对 $z = x^2 + y^2$，它们是 $2x$ 和 $2y$。
# * **梯度** $\nabla f$ 是全部偏导数组成的向量；一次 `backward()` 就能填满它（例如 $\nabla (x^\top x) = 2x = [2, 4, 6]$）。
# * $D_u f = \nabla f \cdot u = \lVert\nabla f\rVert \cos\theta$：梯度是**最速上升**的方向，它的长度就是最陡的变化率；它与等高线垂直相交。
# * **形状**：$y$ 对 $x$ 的导数对每一对（$y$ 的元素，$x$ 的元素）各有一个数。本课程的约定：$\partial y/\partial x$ 的形状是 `y.shape + x.shape`（即 `jacobian` 返回的形状）；对标量 $y$ 就是 `x.shape`，与 PyTorch 的 `.grad` 一致。教材中的各种布局会把同样的数在某些地方转置排列——用公式前先确认它采用哪种布局。
# * **恒等式**：$\partial(Ax)/\partial x = A$（在 d2l 的分母布局中写作 $\nabla_x Ax = A^\top$），$\nabla_x\, x^\top A x = (A + A^\top)x$，$\nabla_X \lVert X\rVert_F^2 = 2X$，以及在 0 以外 $\nabla\lVert x\rVert_2 = x/\lVert x\rVert_2$，范数在 0 处有尖点。
# * **梯度形状 = 参数形状**：标量损失对 $W$ 的导数与 $W$ 形状相同。对线性层，$\partial L/\partial W = g\,x^\top$——梯度里带着输入特征。
#
# **下一课：** [第 5 课 — 链式法则](05_chain_rule.ipynb)：借助它，这些导数可以穿过复合函数连接起来，每次乘一个雅可比矩阵。
