# %% [markdown]
# # Lesson 5 — The chain rule
#
# A network is a composition: layer after layer, function after function. The **chain rule**
# is how derivatives travel through a composition, and it is all that backpropagation does.
#
# **Learning goals.** After this lesson you can
#
# 1. apply the scalar chain rule $\frac{dy}{dx} = f'(g(x))\,g'(x)$, e.g. to the seed's
#    $f(x) = \cos(x^2 - 1)$, and check it with autograd and finite differences;
# 2. use the multivariable chain rule: add up the contributions of every path — e.g. for
#    $u = f(x, y, z)$ with $x, y, z$ functions of $(a, b)$;
# 3. write the vector chain rule as a product of Jacobians and check the shapes;
# 4. derive by hand, and verify, $\partial z/\partial w$ for $z = (\langle x, w\rangle - y)^2$ and
#    $z = \lVert Xw - y\rVert^2$, and the gradient of a ReLU layer;
# 5. answer the interview question "why is a linear layer's gradient its input features?";
# 6. derive the derivative of an inverse function from the chain rule.
# <!-- zh -->
# # 第 5 课 — 链式法则
#
# 神经网络是一个复合函数：一层接一层，一个函数套一个函数。**链式法则**说明导数如何在复合函数中传递，而反向传播所做的也仅此而已。
#
# **学习目标。** 学完本课，你能够
#
# 1. 应用标量链式法则 $\frac{dy}{dx} = f'(g(x))\,g'(x)$，例如对讲义中的 $f(x) = \cos(x^2 - 1)$，并用自动求导和有限差分验证；
# 2. 使用多元链式法则：把每条路径的贡献加起来——例如 $u = f(x, y, z)$，而 $x, y, z$ 都是 $(a, b)$ 的函数；
# 3. 把向量链式法则写成雅可比矩阵的乘积，并检查形状；
# 4. 手工推导并验证 $z = (\langle x, w\rangle - y)^2$ 和 $z = \lVert Xw - y\rVert^2$ 的 $\partial z/\partial w$，以及 ReLU 层的梯度；
# 5. 回答面试题“为什么线性层的梯度是输入特征？”；
# 6. 从链式法则推导反函数的导数。

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function
from course_lib.functional import jacobian
from course_lib.gradcheck import gradcheck
from course_lib.i18n import tr, tr_plot

# %% [markdown]
# ## 1. The scalar chain rule
#
# If $y = f(u)$ and $u = g(x)$, then $y = f(g(x))$ and
#
# $$
# \frac{dy}{dx} = f'(g(x))\; g'(x) \qquad\text{or, in Leibniz's notation,}\qquad
# \frac{dy}{dx} = \frac{dy}{du} \cdot \frac{du}{dx}.
# $$
#
# In words (the seed's): *differentiate the outer function at the inner function's value, and
# multiply by the inner function's derivative.*
#
# The seed's example is $f(x) = \cos(x^2 - 1)$. Split it into an outer $\cos u$ and an inner
# $g(x) = x^2 - 1$. Then $g'(x) = 2x$, $\cos'(u) = -\sin u$, and
#
# $$
# f'(x) = -\sin(x^2 - 1) \cdot 2x .
# $$
#
# Three independent ways to get the same numbers: the formula, autograd, and a central
# difference (float64):
# <!-- zh -->
# ## 1. 标量链式法则
#
# 若 $y = f(u)$、$u = g(x)$，则 $y = f(g(x))$，且
#
# $$
# \frac{dy}{dx} = f'(g(x))\; g'(x) \qquad\text{or, in Leibniz's notation,}\qquad
# \frac{dy}{dx} = \frac{dy}{du} \cdot \frac{du}{dx}.
# $$
#
# （第二种是莱布尼茨记号。）用讲义原文的话说：“两个函数组合起来的复合函数,导数等于里面函数代入外函数值的导数,乘以里面函数之导数。”
#
# 讲义中的例子是 $f(x) = \cos(x^2 - 1)$。把它拆成外层的 $\cos u$ 和内层的 $g(x) = x^2 - 1$。于是 $g'(x) = 2x$，$\cos'(u) = -\sin u$，从而
#
# $$
# f'(x) = -\sin(x^2 - 1) \cdot 2x .
# $$
#
# 用三种相互独立的方法得到同样的数：公式、自动求导和中心差分（float64）：

# %%
def f(x):
    return math.cos(x**2 - 1)


def f_prime_by_hand(x):
    return -math.sin(x**2 - 1) * 2 * x


def autograd_derivative(fn, x_value):
    x = cl.tensor(x_value, dtype=cl.float64, requires_grad=True)
    fn(x).backward()
    return x.grad.item()


h = 1e-6
print(tr(f"{'x':>5} {'−sin(x²−1)·2x':>15} {'autograd':>11} {'central diff.':>14}",
         f"{'x':>5} {'−sin(x²−1)·2x':>15} {'自动求导':>7} {'中心差分':>10}"))
for x0 in [-1.5, -0.5, 0.0, 1.0, 1.5, 2.0]:
    by_hand = f_prime_by_hand(x0) + 0.0  # + 0.0 turns −0.0 into 0.0
    auto = autograd_derivative(lambda x: cl.cos(x**2 - 1), x0) + 0.0
    numeric = (f(x0 + h) - f(x0 - h)) / (2 * h) + 0.0
    print(f"{x0:>5} {by_hand:>15.6f} {auto:>11.6f} {numeric:>14.6f}")

# %% [markdown]
# Autograd does not know the formula $-\sin(x^2-1)\cdot 2x$. It knows the *local* derivative of
# each operation and multiplies them along the chain. We can watch the two factors: ask the
# intermediate $u = x^2 - 1$ to keep its gradient (`u.retain_grad()`), so after `backward()`
# `u.grad` holds $dy/du$.
# <!-- zh -->
# 自动求导并不知道公式 $-\sin(x^2-1)\cdot 2x$。它只知道每个运算的*局部*导数，并沿着链把它们乘起来。我们可以看到这两个因子：让中间变量 $u = x^2 - 1$ 保留它的梯度（`u.retain_grad()`），这样 `backward()` 之后 `u.grad` 中存放的就是 $dy/du$。

# %%
x = cl.tensor(1.5, dtype=cl.float64, requires_grad=True)
u = x**2 - 1  # inner: u = g(x)
u.retain_grad()
y = cl.cos(u)  # outer: y = f(u)
y.backward()
print(f"u = x² − 1 = {u.item()}")
print(f"dy/du = −sin(u)  = {u.grad.item():.6f}")
print(f"du/dx = 2x       = {2 * x.item()}")
print(f"dy/dx = dy/du · du/dx = {u.grad.item() * 2 * x.item():.6f}   x.grad = {x.grad.item():.6f}")
print(tr("backward walked:", "反向传播经过："), y.grad_fn.name(), "→", y.grad_fn.next_functions[0][0].name(), "→",
      y.grad_fn.next_functions[0][0].next_functions[0][0].name())

# %% [markdown]
# The whole curve: the derivative by hand (line) and by autograd (dots). One `backward()` on
# the *sum* $\sum_k f(x_k)$ gives every $f'(x_k)$ at once, because each $x_k$ only affects its
# own term (Lesson 7 comes back to this trick).
# <!-- zh -->
# 整条曲线：手算的导数（实线）和自动求导的结果（圆点）。对*求和* $\sum_k f(x_k)$ 调用一次 `backward()`，就能同时得到每个 $f'(x_k)$，因为每个 $x_k$ 只影响它自己的那一项（第 7 课会再讲这个技巧）。

# %%
xs = np.linspace(-2.5, 2.5, 400)
dots = cl.tensor(np.linspace(-2.5, 2.5, 26), requires_grad=True)
cl.cos(dots**2 - 1).sum().backward()

fig, ax = plt.subplots(figsize=(8, 4.5))
ax.plot(xs, np.cos(xs**2 - 1), label="f(x) = cos(x² − 1)")
ax.plot(xs, -np.sin(xs**2 - 1) * 2 * xs,
        label=tr_plot("f'(x) = −sin(x² − 1)·2x (chain rule)", "f'(x) = −sin(x² − 1)·2x（链式法则）"))
ax.plot(dots.detach().numpy(), dots.grad.numpy(), "o", ms=4,
        label=tr_plot("f'(x) by autograd", "自动求导得到的 f'(x)"))
ax.axhline(0, color="gray", lw=0.5)
ax.set_title(tr_plot("The chain rule for f(x) = cos(x² − 1), checked by autograd",
                     "f(x) = cos(x² − 1) 的链式法则，用自动求导验证"))
ax.set_xlabel("x")
ax.set_ylabel(tr_plot("value", "值"))
ax.legend(loc="lower center", fontsize="small")
plt.show()

# %% [markdown]
# ## 2. Several paths: the multivariable chain rule
#
# Now let $z = f(u, v)$ depend on two intermediate variables that both depend on $t$. A
# nudge in $t$ reaches $z$ along **two paths**, and their effects add:
#
# $$
# \frac{dz}{dt} = \frac{\partial z}{\partial u}\frac{du}{dt} + \frac{\partial z}{\partial v}\frac{dv}{dt}.
# $$
#
# Example: $u = t^2$, $v = \sin t$, $z = uv + v^2$. Then $\partial z/\partial u = v$,
# $\partial z/\partial v = u + 2v$, $du/dt = 2t$, $dv/dt = \cos t$. At $t = 1$:
# <!-- zh -->
# ## 2. 多条路径：多元链式法则
#
# 现在设 $z = f(u, v)$ 依赖于两个中间变量，而它们都依赖于 $t$。$t$ 的微小变化沿**两条路径**传到 $z$，两者的效果相加：
#
# $$
# \frac{dz}{dt} = \frac{\partial z}{\partial u}\frac{du}{dt} + \frac{\partial z}{\partial v}\frac{dv}{dt}.
# $$
#
# 例子：$u = t^2$，$v = \sin t$，$z = uv + v^2$。于是 $\partial z/\partial u = v$，$\partial z/\partial v = u + 2v$，$du/dt = 2t$，$dv/dt = \cos t$。在 $t = 1$ 处：

# %%
t0 = 1.0
u0, v0 = t0**2, math.sin(t0)
path_u = v0 * (2 * t0)  # ∂z/∂u · du/dt
path_v = (u0 + 2 * v0) * math.cos(t0)  # ∂z/∂v · dv/dt
print(tr(f"path through u: {path_u:.6f}", f"经过 u 的路径：{path_u:.6f}"))
print(tr(f"path through v: {path_v:.6f}", f"经过 v 的路径：{path_v:.6f}"))
print(tr(f"sum of paths  : {path_u + path_v:.6f}", f"两条路径之和：{path_u + path_v:.6f}"))

t = cl.tensor(t0, dtype=cl.float64, requires_grad=True)
u, v = t**2, cl.sin(t)
z = u * v + v**2
z.backward()
print(tr(f"autograd dz/dt: {t.grad.item():.6f}", f"自动求导 dz/dt：{t.grad.item():.6f}"))

# %% [markdown]
# Autograd gets the sum for free: during `backward()` each path delivers its contribution to
# `t`, and contributions to the same variable are **added**. (The same rule makes `.grad`
# accumulate across calls — Lesson 7.) With $n$ inputs, the partial derivative
# $\partial z/\partial x_j$ is the sum over all paths from $x_j$ to $z$.
# <!-- zh -->
# 自动求导自然而然地得到这个和：在 `backward()` 过程中，每条路径都把自己的贡献送到 `t`，而送到同一个变量的贡献会被**相加**。（同一规则也使 `.grad` 在多次调用之间累加——见第 7 课。）有 $n$ 个输入时，偏导数 $\partial z/\partial x_j$ 就是从 $x_j$ 到 $z$ 的所有路径之和。

# %% [markdown]
# <a id="d2l-2-4-9"></a>
#
# ### Three intermediates, two inputs (d2l 2.4.9)
#
# Let $u = f(x, y, z)$ where $x = x(a, b)$, $y = y(a, b)$, $z = z(a, b)$. A nudge in $a$ reaches
# $u$ through $x$, $y$ and $z$ — three paths — and the same for $b$:
#
# $$
# \frac{\partial u}{\partial a} = \frac{\partial u}{\partial x}\frac{\partial x}{\partial a}
#   + \frac{\partial u}{\partial y}\frac{\partial y}{\partial a}
#   + \frac{\partial u}{\partial z}\frac{\partial z}{\partial a},
# \qquad
# \frac{\partial u}{\partial b} = \frac{\partial u}{\partial x}\frac{\partial x}{\partial b}
#   + \frac{\partial u}{\partial y}\frac{\partial y}{\partial b}
#   + \frac{\partial u}{\partial z}\frac{\partial z}{\partial b}.
# $$
#
# In matrix form it is the vector chain rule of the next section: the row
# $\left[\frac{\partial u}{\partial x}, \frac{\partial u}{\partial y}, \frac{\partial u}{\partial z}\right]$
# times the $3 \times 2$ Jacobian of $(x, y, z)$ by $(a, b)$. Example: $u = xy + z^2$ with
# $x = a + b$, $y = ab$, $z = \sin a$, at $(a, b) = (1, 2)$, so $(x, y, z) = (3, 2, \sin 1)$:
#
# - $\frac{\partial u}{\partial x} = y = 2$, $\frac{\partial u}{\partial y} = x = 3$, $\frac{\partial u}{\partial z} = 2z = 2\sin 1$;
# - $\frac{\partial u}{\partial a} = 2 \cdot 1 + 3 \cdot b + 2\sin 1 \cdot \cos 1 = 8 + \sin 2 \approx 8.909297$;
# - $\frac{\partial u}{\partial b} = 2 \cdot 1 + 3 \cdot a + 2\sin 1 \cdot 0 = 5$ ($z$ does not depend on $b$: that path contributes 0).
# <!-- zh -->
# <a id="d2l-2-4-9"></a>
#
# ### 三个中间变量，两个输入（d2l 2.4.9）
#
# 设 $u = f(x, y, z)$，其中 $x = x(a, b)$、$y = y(a, b)$、$z = z(a, b)$。$a$ 的微小变化经过 $x$、$y$ 和 $z$ 三条路径传到 $u$，$b$ 也一样：
#
# $$
# \frac{\partial u}{\partial a} = \frac{\partial u}{\partial x}\frac{\partial x}{\partial a}
#   + \frac{\partial u}{\partial y}\frac{\partial y}{\partial a}
#   + \frac{\partial u}{\partial z}\frac{\partial z}{\partial a},
# \qquad
# \frac{\partial u}{\partial b} = \frac{\partial u}{\partial x}\frac{\partial x}{\partial b}
#   + \frac{\partial u}{\partial y}\frac{\partial y}{\partial b}
#   + \frac{\partial u}{\partial z}\frac{\partial z}{\partial b}.
# $$
#
# 写成矩阵形式，就是下一节的向量链式法则：行向量 $\left[\frac{\partial u}{\partial x}, \frac{\partial u}{\partial y}, \frac{\partial u}{\partial z}\right]$ 乘以 $(x, y, z)$ 对 $(a, b)$ 的 $3 \times 2$ 雅可比矩阵。例子：$u = xy + z^2$，$x = a + b$，$y = ab$，$z = \sin a$，在 $(a, b) = (1, 2)$ 处，$(x, y, z) = (3, 2, \sin 1)$：
#
# - $\frac{\partial u}{\partial x} = y = 2$，$\frac{\partial u}{\partial y} = x = 3$，$\frac{\partial u}{\partial z} = 2z = 2\sin 1$；
# - $\frac{\partial u}{\partial a} = 2 \cdot 1 + 3 \cdot b + 2\sin 1 \cdot \cos 1 = 8 + \sin 2 \approx 8.909297$；
# - $\frac{\partial u}{\partial b} = 2 \cdot 1 + 3 \cdot a + 2\sin 1 \cdot 0 = 5$（$z$ 不依赖于 $b$：这条路径的贡献为 0）。

# %%
a0, b0 = 1.0, 2.0
x0, y0, z0 = a0 + b0, a0 * b0, math.sin(a0)
du = np.array([y0, x0, 2 * z0])  # [∂u/∂x, ∂u/∂y, ∂u/∂z]
J_xyz = np.array([[1.0, 1.0],  # ∂x/∂a, ∂x/∂b
                  [b0, a0],  # ∂y/∂a, ∂y/∂b
                  [math.cos(a0), 0.0]])  # ∂z/∂a, ∂z/∂b
by_hand = du @ J_xyz
print(tr("by hand ", "手算    "), f" [∂u/∂a, ∂u/∂b] = [{by_hand[0]:.6f} {by_hand[1]:.6f}]", sep="")

a = cl.tensor(a0, dtype=cl.float64, requires_grad=True)
b = cl.tensor(b0, dtype=cl.float64, requires_grad=True)
x, y, z = a + b, a * b, cl.sin(a)
(x * y + z**2).backward()
print(tr("autograd", "自动求导"), f" [∂u/∂a, ∂u/∂b] = [{a.grad.item():.6f} {b.grad.item():.6f}]", sep="")

# %% [markdown]
# ## 3. The vector chain rule: multiply Jacobians
#
# For vectors, replace each derivative by its Jacobian — shape `y.shape + x.shape`, the course's
# convention from Lesson 4: outputs first, then inputs. If
# $u = g(x)$ with $x \in \mathbb{R}^n$, $u \in \mathbb{R}^k$, and $y = f(u) \in \mathbb{R}^m$, then
#
# $$
# \underbrace{\frac{\partial y}{\partial x}}_{m \times n}
# = \underbrace{\frac{\partial y}{\partial u}}_{m \times k}\;
#   \underbrace{\frac{\partial u}{\partial x}}_{k \times n}.
# $$
#
# For a scalar $y$ ($m = 1$) it is a row vector times a matrix: $(1 \times k)(k \times n) = 1 \times n$.
# The inner dimensions must match — a free check on any derivation. Let's verify with
# `jacobian`: $g(x) = Mx$ (so $\partial u/\partial x = M$) and $f(u) = \tanh(u)$ elementwise (so
# $\partial y/\partial u = \operatorname{diag}(1 - \tanh^2 u)$).
# <!-- zh -->
# ## 3. 向量链式法则：雅可比矩阵相乘
#
# 对向量，把每个导数换成它的雅可比矩阵——形状为 `y.shape + x.shape`，即第 4 课中本课程的约定：先输出，后输入。若 $u = g(x)$，$x \in \mathbb{R}^n$，$u \in \mathbb{R}^k$，且 $y = f(u) \in \mathbb{R}^m$，则
#
# $$
# \underbrace{\frac{\partial y}{\partial x}}_{m \times n}
# = \underbrace{\frac{\partial y}{\partial u}}_{m \times k}\;
#   \underbrace{\frac{\partial u}{\partial x}}_{k \times n}.
# $$
#
# 对标量 $y$（$m = 1$），这是行向量乘矩阵：$(1 \times k)(k \times n) = 1 \times n$。内侧的维度必须匹配——这是检查任何推导的免费手段。下面用 `jacobian` 验证：$g(x) = Mx$（所以 $\partial u/\partial x = M$），$f(u) = \tanh(u)$ 逐元素作用（所以 $\partial y/\partial u = \operatorname{diag}(1 - \tanh^2 u)$）。

# %%
cl.manual_seed(0)
M = cl.randn(3, 4, dtype=cl.float64)
x = cl.randn(4, dtype=cl.float64)


def g(x):
    return M @ x


def f_vec(u):
    return cl.tanh(u)


J_f = jacobian(f_vec, g(x))  # ∂y/∂u at u = g(x)
J_g = jacobian(g, x)  # ∂u/∂x
J_total = jacobian(lambda x: f_vec(g(x)), x)  # ∂y/∂x, computed directly
print(f"{tuple(J_f.shape)} @ {tuple(J_g.shape)} -> {tuple((J_f @ J_g).shape)}")
diag = cl.tensor(np.diag(1 - np.tanh(g(x).numpy()) ** 2))
print(tr("∂y/∂u is diag(1 − tanh²u):", "∂y/∂u 就是 diag(1 − tanh²u)："), cl.allclose(J_f, diag))
print("∂y/∂u · ∂u/∂x == ∂y/∂x:", cl.allclose(J_f @ J_g, J_total))

# %% [markdown]
# ## 4. Worked example 1: $z = (\langle x, w\rangle - y)^2$
#
# The seed's first example: $x, w \in \mathbb{R}^n$, $y \in \mathbb{R}$ — the squared error of a
# linear model on one sample. Compute $\partial z/\partial w$ by splitting the computation into steps:
#
# $$
# a = \langle x, w\rangle, \qquad b = a - y, \qquad z = b^2 .
# $$
#
# Each step has an easy derivative: $\partial z/\partial b = 2b$, $\partial b/\partial a = 1$,
# $\partial a/\partial w = x^\top$ (shape $(n,)$ by the course's convention, written as a
# $1 \times n$ row inside the product). Chain them:
#
# $$
# \frac{\partial z}{\partial w}
# = \frac{\partial z}{\partial b}\,\frac{\partial b}{\partial a}\,\frac{\partial a}{\partial w}
# = 2b \cdot 1 \cdot x^\top
# = 2\,(\langle x, w\rangle - y)\,x^\top .
# $$
#
# Check with $x = [1, 2, 3]$, $w = [0.5, -1, 2]$, $y = 1$: $a = 4.5$, $b = 3.5$, $z = 12.25$,
# so $\partial z/\partial w = 7x = [7, 14, 21]$. The intermediate gradients come from
# `retain_grad()`:
# <!-- zh -->
# ## 4. 例题 1：$z = (\langle x, w\rangle - y)^2$
#
# 讲义中的第一个例子：$x, w \in \mathbb{R}^n$，$y \in \mathbb{R}$——线性模型在一个样本上的平方误差。把计算拆成几步来求 $\partial z/\partial w$：
#
# $$
# a = \langle x, w\rangle, \qquad b = a - y, \qquad z = b^2 .
# $$
#
# 每一步的导数都很简单：$\partial z/\partial b = 2b$，$\partial b/\partial a = 1$，$\partial a/\partial w = x^\top$（按本课程的约定形状为 $(n,)$，在乘积中写成 $1 \times n$ 的行向量）。把它们串起来：
#
# $$
# \frac{\partial z}{\partial w}
# = \frac{\partial z}{\partial b}\,\frac{\partial b}{\partial a}\,\frac{\partial a}{\partial w}
# = 2b \cdot 1 \cdot x^\top
# = 2\,(\langle x, w\rangle - y)\,x^\top .
# $$
#
# 取 $x = [1, 2, 3]$，$w = [0.5, -1, 2]$，$y = 1$ 验证：$a = 4.5$，$b = 3.5$，$z = 12.25$，所以 $\partial z/\partial w = 7x = [7, 14, 21]$。中间变量的梯度由 `retain_grad()` 得到：

# %%
x = cl.tensor([1.0, 2.0, 3.0])
w = cl.tensor([0.5, -1.0, 2.0], requires_grad=True)
y = cl.tensor(1.0)

a = cl.dot(x, w)
b = a - y
z = b**2
a.retain_grad()
b.retain_grad()
z.backward()

print(f"a = ⟨x, w⟩ = {a.item()}, b = a − y = {b.item()}, z = b² = {z.item()}")
print(f"∂z/∂b = 2b = {b.grad.item()}")
print(f"∂z/∂a = ∂z/∂b · ∂b/∂a = 2b · 1 = {a.grad.item()}")
print(tr("by hand 2(⟨x, w⟩ − y)xᵀ =", "手算 2(⟨x, w⟩ − y)xᵀ     ="), 2 * (cl.dot(x, w.detach()) - y) * x)
print(tr("autograd w.grad         =", "自动求导 w.grad         ="), w.grad)

# %% [markdown]
# ## Worked example 2: $z = \lVert Xw - y\rVert^2$
#
# The seed's second example is the whole data set at once: $X \in \mathbb{R}^{m \times n}$ (one
# sample per row), $w \in \mathbb{R}^n$, $y \in \mathbb{R}^m$ — the least-squares loss. The same
# decomposition:
#
# $$
# a = Xw, \qquad b = a - y, \qquad z = \lVert b \rVert^2 = b^\top b .
# $$
#
# Local Jacobians: $\partial z/\partial b = 2b^\top$ $(1 \times m)$,
# $\partial b/\partial a = I$ $(m \times m)$, $\partial a/\partial w = X$ $(m \times n)$. Multiply:
#
# $$
# \frac{\partial z}{\partial w} = 2b^\top \, I \, X = 2\,(Xw - y)^\top X \qquad (1 \times n).
# $$
#
# Check each factor with `jacobian`, the product, autograd's `w.grad`, and finally `gradcheck`
# (central differences, float64):
# <!-- zh -->
# ## 例题 2：$z = \lVert Xw - y\rVert^2$
#
# 讲义中的第二个例子一次处理整个数据集：$X \in \mathbb{R}^{m \times n}$（每行一个样本），$w \in \mathbb{R}^n$，$y \in \mathbb{R}^m$——这就是最小二乘损失。分解方式相同：
#
# $$
# a = Xw, \qquad b = a - y, \qquad z = \lVert b \rVert^2 = b^\top b .
# $$
#
# 局部雅可比矩阵：$\partial z/\partial b = 2b^\top$ $(1 \times m)$，$\partial b/\partial a = I$ $(m \times m)$，$\partial a/\partial w = X$ $(m \times n)$。相乘：
#
# $$
# \frac{\partial z}{\partial w} = 2b^\top \, I \, X = 2\,(Xw - y)^\top X \qquad (1 \times n).
# $$
#
# 用 `jacobian` 逐个检查各因子，再检查它们的乘积、自动求导的 `w.grad`，最后用 `gradcheck`（中心差分，float64）检验：

# %%
cl.manual_seed(3)
m, n = 5, 3
X = cl.randn(m, n, dtype=cl.float64)
y = cl.randn(m, dtype=cl.float64)
w = cl.randn(n, dtype=cl.float64, requires_grad=True)

a = X @ w
b = a - y
z = (b**2).sum()
z.backward()

dz_db = jacobian(lambda b_: (b_**2).sum(), b.detach()).reshape(1, m)  # 2bᵀ
db_da = jacobian(lambda a_: a_ - y, a.detach())  # I
da_dw = jacobian(lambda w_: X @ w_, w)  # X
chain = dz_db @ db_da @ da_dw
print(f"{tuple(dz_db.shape)} @ {tuple(db_da.shape)} @ {tuple(da_dw.shape)} -> {tuple(chain.shape)}")
print("∂z/∂b == 2bᵀ:", cl.allclose(dz_db, 2 * b.detach().reshape(1, m)),
      "| ∂b/∂a == I:", cl.allclose(db_da, cl.eye(m, dtype=cl.float64)),
      "| ∂a/∂w == X:", cl.allclose(da_dw, X))
by_hand = 2 * (X @ w.detach() - y) @ X
print(tr("by hand 2(Xw − y)ᵀX:", "手算 2(Xw − y)ᵀX    ："), by_hand)
print(tr("autograd w.grad    :", "自动求导 w.grad     ："), w.grad)
print(tr("chain of Jacobians :", "雅可比矩阵连乘      ："), chain.reshape(n))
print(gradcheck(lambda w: ((X @ w - y) ** 2).sum(), (w,)))

# %% [markdown]
# ## 5. A layer: $h = \operatorname{relu}(Wx + b)$
#
# The seed's "chain rule in practice": one layer with a ReLU, and the loss $\sum_i h_i$.
# Name the pre-activation $s = Wx + b$. Backward runs the chain from the loss down:
#
# 1. $\partial\,\text{loss}/\partial h = [1, 1, \dots]$ — because $\text{loss} = \sum_i h_i$;
# 2. $\partial h_i/\partial s_i = \operatorname{relu}'(s_i)$ — 1 where $s_i > 0$, else 0: a **mask**;
#    so $\partial\,\text{loss}/\partial s = \text{mask}$;
# 3. $\partial\,\text{loss}/\partial W = \text{mask}\; x^\top$ (the linear-layer rule of Lesson 4) and
#    $\partial\,\text{loss}/\partial b = \text{mask}$.
#
# The seed's code, run on `course_lib` (seed 2 gives one active and one inactive unit):
# <!-- zh -->
# ## 5. 一个层：$h = \operatorname{relu}(Wx + b)$
#
# 讲义中的“规则2:链式法则实践”：一个带 ReLU 的层，损失为 $\sum_i h_i$。把激活前的值记为 $s = Wx + b$。反向传播从损失开始沿链向下：
#
# 1. $\partial\,\text{loss}/\partial h = [1, 1, \dots]$——因为 $\text{loss} = \sum_i h_i$；
# 2. $\partial h_i/\partial s_i = \operatorname{relu}'(s_i)$——$s_i > 0$ 处为 1，否则为 0：这是一个**掩码**；所以 $\partial\,\text{loss}/\partial s = \text{mask}$；
# 3. $\partial\,\text{loss}/\partial W = \text{mask}\; x^\top$（第 4 课的线性层规则），$\partial\,\text{loss}/\partial b = \text{mask}$。
#
# 讲义中的代码在 `course_lib` 上运行（随机种子 2 给出一个激活的单元和一个未激活的单元）：

# %%
cl.manual_seed(2)
x = cl.randn(3)
W = cl.randn(2, 3, requires_grad=True)
b = cl.randn(2, requires_grad=True)
h = cl.relu(W @ x + b)
loss = h.sum()
loss.backward()  # autograd computes ∂loss/∂W and ∂loss/∂b

s = (W @ x + b).detach()
mask = (s > 0).float()  # relu'(s): 1 where s > 0, else 0
print("s = Wx + b     :", s)
print("h = relu(s)    :", h)
print("mask relu'(s)  :", mask)
print("W.grad         :", W.grad)
print("mask xᵀ        :", mask.unsqueeze(1) * x.unsqueeze(0) + 0.0)  # + 0.0: no "−0"
print("W.grad == mask xᵀ:", cl.allclose(W.grad, mask.unsqueeze(1) * x.unsqueeze(0)))
print("b.grad == mask :", bool((b.grad == mask).all()))

# %% [markdown]
# The row of `W.grad` for the inactive unit is all zeros: a ReLU that is off passes no gradient
# to its weights (if it is off for *every* input, the unit stops learning — a "dead ReLU").
# The active row is exactly $x^\top$.
# <!-- zh -->
# `W.grad` 中对应未激活单元的那一行全是 0：处于关闭状态的 ReLU 不向它的权重传递任何梯度（如果它对*每个*输入都关闭，这个单元就不再学习——即所谓的“死亡 ReLU”）。激活单元的那一行恰好是 $x^\top$。

# %% [markdown]
# ## 6. Interview question: why is a linear layer's gradient the input features?
#
# **Answer.** For $y = Wx + b$, entry by entry $y_i = \sum_j W_{ij}\,x_j + b_i$, so
#
# $$
# \frac{\partial y_i}{\partial W_{ij}} = x_j
# \quad\Longrightarrow\quad
# \frac{\partial L}{\partial W_{ij}} = \frac{\partial L}{\partial y_i}\, x_j ,
# \qquad
# \frac{\partial L}{\partial W} = \frac{\partial L}{\partial y}\; x^\top .
# $$
#
# The weight $W_{ij}$ multiplies the input $x_j$, so the input is its "sensitivity": the chain rule
# hands each weight the upstream gradient of its output *times the input it multiplies*. For a
# batch the per-sample outer products add up: $\partial L/\partial W = G^\top X$. Consequences
# worth saying in an interview: a feature that is 0 gives its weights no gradient; scaling the
# inputs by 10 scales the weight gradients by 10 (one reason to normalise features).
# <!-- zh -->
# ## 6. 面试题：为什么线性层的梯度是输入特征？
#
# 讲义原文的问题是：“Q:为什么线性层的梯度是输入特征?”
#
# **回答。** 对 $y = Wx + b$，逐个元素写出来是 $y_i = \sum_j W_{ij}\,x_j + b_i$，所以
#
# $$
# \frac{\partial y_i}{\partial W_{ij}} = x_j
# \quad\Longrightarrow\quad
# \frac{\partial L}{\partial W_{ij}} = \frac{\partial L}{\partial y_i}\, x_j ,
# \qquad
# \frac{\partial L}{\partial W} = \frac{\partial L}{\partial y}\; x^\top .
# $$
#
# 权重 $W_{ij}$ 乘的是输入 $x_j$，所以输入就是它的“灵敏度”：链式法则交给每个权重的，是其输出的上游梯度*乘以它所乘的那个输入*。对一个批量，各样本的外积相加：$\partial L/\partial W = G^\top X$。面试时值得一提的推论：取值为 0 的特征不给它的权重任何梯度；把输入放大 10 倍，权重的梯度也放大 10 倍（这是要对特征做归一化的原因之一）。

# %%
cl.manual_seed(0)
layer = cl.nn.Linear(3, 2)  # Y = X Wᵀ + b
X = cl.tensor([[1.0, 2.0, 0.0], [0.0, 1.0, 0.0], [2.0, 0.0, 0.0]])  # feature 3 is always 0
layer(X).sum().backward()
print(tr("weight.grad (each row = Σ over samples of x):", "weight.grad（每一行 = 各样本的 x 之和）："),
      layer.weight.grad)
print(tr("column sums of X:", "X 的各列之和："), X.sum(dim=0))

layer.zero_grad()
layer(10 * X).sum().backward()
print(tr("inputs × 10 -> weight.grad:", "输入 × 10 -> weight.grad："), layer.weight.grad)


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
# **Exercise 1 — a chain of three.** Write `dh(x)`, the derivative of
# $h(x) = e^{\sin(x^2)}$, by hand ($x$ is a Python float; use `math`). The self-check compares it
# with autograd at several points.
#
# <details><summary>Hint 1</summary>
#
# Peel the function like an onion: what is the outermost operation, what is inside it, and what
# is inside that?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Three layers: $e^{v}$ with $v = \sin w$ with $w = x^2$. The chain rule multiplies the three
# local derivatives, each evaluated at its own input.
#
# </details>
# <!-- zh -->
# **练习 1 — 三层复合。** 手工写出 $h(x) = e^{\sin(x^2)}$ 的导数 `dh(x)`（$x$ 是 Python 浮点数；使用 `math`）。自测会在几个点上把它与自动求导的结果作比较。
#
# <details><summary>提示 1</summary>
#
# 像剥洋葱一样剥开这个函数：最外层是什么运算，它里面是什么，再里面又是什么？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 三层：$e^{v}$，其中 $v = \sin w$，$w = x^2$。链式法则把三个局部导数相乘，每个都在它自己的输入处求值。
#
# </details>

# %%
# Exercise 1
def dh(x):
    """The derivative of h(x) = exp(sin(x²))."""
    return None  # your code here


# %%
# Self-check 1
check_function(1, dh, lambda x0: autograd_derivative(lambda x: cl.exp(cl.sin(x**2)), x0),
               [(-1.3,), (0.0,), (0.4,), (1.0,), (2.2,)],
               hint=tr("each local derivative must be evaluated at its own input, not at x",
                       "每个局部导数都必须在它自己的输入处求值，而不是在 x 处"))


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# def dh(x):
#     """The derivative of h(x) = exp(sin(x²))."""
#     return math.exp(math.sin(x**2)) * math.cos(x**2) * 2 * x
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 1
# def dh(x):
#     """The derivative of h(x) = exp(sin(x²))."""
#     return math.exp(math.sin(x**2)) * math.cos(x**2) * 2 * x
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — ridge regression.** Add a penalty to the least-squares loss:
# $z = \lVert Xw - y\rVert^2 + \lambda \lVert w \rVert^2$. Write `ridge_grad(X, w, y, lam)` returning
# $\partial z/\partial w$ as a numpy array of $w$'s shape (numpy only).
#
# <details><summary>Hint 1</summary>
#
# The gradient of a sum is the sum of the gradients. One of the two terms is worked example 2.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Worked example 2 gives the data term as a row, $2(Xw - y)^\top X$; as an array of $w$'s shape
# that row is the vector $2X^\top(Xw - y)$. For the penalty,
# $\lVert w\rVert^2 = \sum_j w_j^2$: differentiate one entry at a time.
#
# </details>
# <!-- zh -->
# **练习 2 — 岭回归。** 给最小二乘损失加一个惩罚项：$z = \lVert Xw - y\rVert^2 + \lambda \lVert w \rVert^2$。编写 `ridge_grad(X, w, y, lam)`，以与 $w$ 形状相同的 numpy 数组返回 $\partial z/\partial w$（只用 numpy）。
#
# <details><summary>提示 1</summary>
#
# 和的梯度等于梯度的和。两项中的一项就是例题 2。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 例题 2 把数据项的梯度写成行向量 $2(Xw - y)^\top X$；写成与 $w$ 形状相同的数组，这个行向量就是向量 $2X^\top(Xw - y)$。对惩罚项，$\lVert w\rVert^2 = \sum_j w_j^2$：一次对一个元素求导。
#
# </details>

# %%
# Exercise 2
def ridge_grad(X, w, y, lam):
    """∂/∂w of ‖Xw − y‖² + lam·‖w‖², as a numpy array shaped like w."""
    return None  # your code here


# %%
# Self-check 2
def ridge_grad_autograd(X, w, y, lam):
    w_t = cl.tensor(w, requires_grad=True)
    z = ((cl.tensor(X) @ w_t - cl.tensor(y)) ** 2).sum() + lam * (w_t**2).sum()
    z.backward()
    return w_t.grad.numpy()


rng = np.random.default_rng(5)
cases = [(rng.standard_normal((m, n)), rng.standard_normal(n), rng.standard_normal(m), lam)
         for m, n, lam in [(4, 2, 0.0), (6, 3, 0.5), (3, 5, 2.0)]]
check_function(2, ridge_grad, ridge_grad_autograd, cases,
               hint=tr("case 1 has λ = 0: if it passes and the others fail, look at the penalty term",
                       "第 1 组数据的 λ = 0：如果它通过而其他组没有通过，检查惩罚项"))


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# def ridge_grad(X, w, y, lam):
#     """∂/∂w of ‖Xw − y‖² + lam·‖w‖², as a numpy array shaped like w."""
#     return 2 * X.T @ (X @ w - y) + 2 * lam * w
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 2
# def ridge_grad(X, w, y, lam):
#     """∂/∂w of ‖Xw − y‖² + lam·‖w‖², as a numpy array shaped like w."""
#     return 2 * X.T @ (X @ w - y) + 2 * lam * w
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — a sigmoid layer.** Replace the ReLU of Section 5 by a sigmoid:
# $h = \sigma(Wx + b)$, $\text{loss} = \sum_i h_i$, with $\sigma'(s) = \sigma(s)(1 - \sigma(s))$.
# Write `sigmoid_layer_grads(W, x, b)` returning the numpy arrays
# $(\partial\,\text{loss}/\partial W, \partial\,\text{loss}/\partial b)$.
#
# <details><summary>Hint 1</summary>
#
# Section 5 did this for ReLU in three steps. Which of the three steps changes?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Only step 2: the mask $\operatorname{relu}'(s)$ becomes $d = \sigma'(s)$, a vector of $W$'s row
# count. Then $\partial\,\text{loss}/\partial W$ is the outer product of $d$ and $x$, and
# $\partial\,\text{loss}/\partial b = d$.
#
# </details>
# <!-- zh -->
# **练习 3 — sigmoid 层。** 把第 5 节中的 ReLU 换成 sigmoid：$h = \sigma(Wx + b)$，$\text{loss} = \sum_i h_i$，其中 $\sigma'(s) = \sigma(s)(1 - \sigma(s))$。编写 `sigmoid_layer_grads(W, x, b)`，返回 numpy 数组 $(\partial\,\text{loss}/\partial W, \partial\,\text{loss}/\partial b)$。
#
# <details><summary>提示 1</summary>
#
# 第 5 节分三步对 ReLU 做了同样的事。三步中哪一步变了？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 只有第 2 步：掩码 $\operatorname{relu}'(s)$ 变成 $d = \sigma'(s)$，一个长度等于 $W$ 行数的向量。于是 $\partial\,\text{loss}/\partial W$ 是 $d$ 与 $x$ 的外积，而 $\partial\,\text{loss}/\partial b = d$。
#
# </details>

# %%
# Exercise 3
def sigmoid_layer_grads(W, x, b):
    """(∂loss/∂W, ∂loss/∂b) for loss = sigmoid(W @ x + b).sum(); numpy arrays in and out."""
    return None  # your code here


# %%
# Self-check 3
def sigmoid_layer_autograd(W, x, b):
    W_t, b_t = cl.tensor(W, requires_grad=True), cl.tensor(b, requires_grad=True)
    cl.sigmoid(W_t @ cl.tensor(x) + b_t).sum().backward()
    return W_t.grad.numpy(), b_t.grad.numpy()


rng = np.random.default_rng(6)
cases = [(rng.standard_normal((k, n)), rng.standard_normal(n), rng.standard_normal(k))
         for k, n in [(2, 3), (4, 2), (1, 5)]]
check_function(3, sigmoid_layer_grads, sigmoid_layer_autograd, cases,
               hint=tr("∂loss/∂W must have W's shape; evaluate σ' at s = Wx + b, not at h",
                       "∂loss/∂W 必须与 W 形状相同；σ' 要在 s = Wx + b 处求值，而不是在 h 处"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# def sigmoid_layer_grads(W, x, b):
#     """(∂loss/∂W, ∂loss/∂b) for loss = sigmoid(W @ x + b).sum(); numpy arrays in and out."""
#     sig = 1 / (1 + np.exp(-(W @ x + b)))
#     d = sig * (1 - sig)  # ∂loss/∂s: all-ones upstream times σ'(s)
#     return np.outer(d, x), d
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 3
# def sigmoid_layer_grads(W, x, b):
#     """(∂loss/∂W, ∂loss/∂b) for loss = sigmoid(W @ x + b).sum(); numpy arrays in and out."""
#     sig = 1 / (1 + np.exp(-(W @ x + b)))
#     d = sig * (1 - sig)  # ∂loss/∂s: all-ones upstream times σ'(s)
#     return np.outer(d, x), d
# ```
#
# </details>

# %% [markdown]
# <a id="d2l-2-4-10"></a>
#
# **Exercise 4 — the derivative of an inverse function (d2l 2.4.10).** $f(x) = x^3 + x$ is
# strictly increasing, so it has an inverse $g = f^{-1}$: $g(y)$ is the $x$ with $f(x) = y$. There
# is no neat formula for $g$ — but there is one for its derivative. Find $g'(2)$ by hand and set
# `answer` to it. Then state the general rule for $(f^{-1})'(y)$ to yourself.
#
# <details><summary>Hint 1</summary>
#
# $f(g(y)) = y$ for every $y$. Differentiate both sides with respect to $y$.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# The chain rule on the left gives $f'(g(y))\,g'(y) = 1$. You need $g(2)$: which $x$ has
# $x^3 + x = 2$? Try small integers.
#
# </details>
# <!-- zh -->
# <a id="d2l-2-4-10"></a>
#
# **练习 4 — 反函数的导数（d2l 2.4.10）。** $f(x) = x^3 + x$ 严格单调递增，所以它有反函数 $g = f^{-1}$：$g(y)$ 就是满足 $f(x) = y$ 的那个 $x$。$g$ 没有简洁的公式——但它的导数有。手工求出 $g'(2)$，把 `answer` 设为它。然后自己说出 $(f^{-1})'(y)$ 的一般法则。
#
# <details><summary>提示 1</summary>
#
# 对每个 $y$ 都有 $f(g(y)) = y$。两边同时对 $y$ 求导。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 对左边用链式法则得 $f'(g(y))\,g'(y) = 1$。你需要 $g(2)$：哪个 $x$ 满足 $x^3 + x = 2$？试试小整数。
#
# </details>

# %%
# Exercise 4
answer = None  # your code here


# %%
# Self-check 4
def g_numeric(y, low=-10.0, high=10.0):
    """f⁻¹(y) for f(x) = x³ + x, by bisection (f is increasing)."""
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if mid**3 + mid < y else (low, mid)
    return (low + high) / 2


step = 1e-5
check(4, answer, (g_numeric(2 + step) - g_numeric(2 - step)) / (2 * step), tol=1e-6,
      hint=tr("g'(2) = 1 / f'(x) at the x with f(x) = 2 — not at x = 2",
              "g'(2) = 1 / f'(x)，其中 x 满足 f(x) = 2——而不是在 x = 2 处"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 4
# # f(g(y)) = y  ⇒  f'(g(y))·g'(y) = 1  ⇒  g'(y) = 1 / f'(g(y)).
# # f(1) = 2, so g(2) = 1; f'(x) = 3x² + 1, f'(1) = 4.
# answer = 1 / 4
# ```
#
# The rule $(f^{-1})'(y) = 1/f'(f^{-1}(y))$ needs $f'(f^{-1}(y)) \ne 0$. For example
# $\ln$, the inverse of $\exp$, gets $D \ln y = 1/e^{\ln y} = 1/y$, and $\sqrt{y}$, the
# inverse of $x^2$ on $x > 0$, gets $D\sqrt{y} = 1/(2\sqrt{y})$ (which needs $y > 0$).
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 4
# # f(g(y)) = y  ⇒  f'(g(y))·g'(y) = 1  ⇒  g'(y) = 1 / f'(g(y)).
# # f(1) = 2, so g(2) = 1; f'(x) = 3x² + 1, f'(1) = 4.
# answer = 1 / 4
# ```
#
# 法则 $(f^{-1})'(y) = 1/f'(f^{-1}(y))$ 要求 $f'(f^{-1}(y)) \ne 0$。例如，$\exp$ 的反函数 $\ln$ 得到 $D \ln y = 1/e^{\ln y} = 1/y$；$x^2$ 在 $x > 0$ 上的反函数 $\sqrt{y}$ 得到 $D\sqrt{y} = 1/(2\sqrt{y})$（要求 $y > 0$）。
#
# </details>

# %% [markdown]
# ## Summary
#
# * **Scalar chain rule**: $\frac{dy}{dx} = f'(g(x))\,g'(x) = \frac{dy}{du}\frac{du}{dx}$; for
#   $\cos(x^2 - 1)$ it gives $-\sin(x^2 - 1)\cdot 2x$, matched by autograd and central differences.
# * **Several paths**: contributions along different paths **add**; autograd accumulates them.
# * **Vector chain rule**: multiply Jacobians, $\frac{\partial y}{\partial x} = \frac{\partial y}{\partial u}\frac{\partial u}{\partial x}$,
#   $(m \times k)(k \times n)$ — the shapes must chain.
# * Decompose, differentiate each step, multiply: $\partial_w (\langle x,w\rangle - y)^2 = 2(\langle x,w\rangle - y)x^\top$
#   and $\partial_w \lVert Xw - y\rVert^2 = 2(Xw - y)^\top X$.
# * **ReLU layer**: $\partial\,\text{loss}/\partial W = \text{mask}\;x^\top$. A linear layer's weight
#   gradient is (upstream gradient) × (input features).
# * **Inverse functions**: differentiating $f(f^{-1}(y)) = y$ gives
#   $(f^{-1})'(y) = 1/f'(f^{-1}(y))$.
#
# **Next:** [Lesson 6 — Computational graphs; forward vs reverse mode](06_graphs_forward_reverse.ipynb),
# where the chain rule is organised into forward and reverse accumulation.
# <!-- zh -->
# ## 小结
#
# * **标量链式法则**：$\frac{dy}{dx} = f'(g(x))\,g'(x) = \frac{dy}{du}\frac{du}{dx}$；对 $\cos(x^2 - 1)$ 得到 $-\sin(x^2 - 1)\cdot 2x$，与自动求导和中心差分的结果一致。
# * **多条路径**：沿不同路径的贡献**相加**；自动求导把它们累加起来。
# * **向量链式法则**：雅可比矩阵相乘，$\frac{\partial y}{\partial x} = \frac{\partial y}{\partial u}\frac{\partial u}{\partial x}$，$(m \times k)(k \times n)$——形状必须能够衔接。
# * 分解、逐步求导、相乘：$\partial_w (\langle x,w\rangle - y)^2 = 2(\langle x,w\rangle - y)x^\top$，$\partial_w \lVert Xw - y\rVert^2 = 2(Xw - y)^\top X$。
# * **ReLU 层**：$\partial\,\text{loss}/\partial W = \text{mask}\;x^\top$。线性层权重的梯度等于（上游梯度）×（输入特征）。
# * **反函数**：对 $f(f^{-1}(y)) = y$ 求导，得 $(f^{-1})'(y) = 1/f'(f^{-1}(y))$。
#
# **下一课：** [第 6 课 — 计算图；前向模式与反向模式](06_graphs_forward_reverse.ipynb)：链式法则在那里被组织成正向累积和反向累积。
