# %% [markdown]
# # Lesson 7 — Autograd in practice
#
# Lessons 4–6 built the theory; this lesson is the day-to-day use of an autograd library. The
# API of `course_lib` is PyTorch's, so everything here carries over to `torch` unchanged.
#
# **Learning goals.** After this lesson you can
#
# 1. mark tensors with `requires_grad`, run `backward()`, and read `.grad` and `grad_fn`;
# 2. explain why gradients **accumulate** and clear them with `zero_()` / `zero_grad()`;
# 3. call `backward` on non-scalar outputs with `gradient=` (a vector-Jacobian product) or `.sum()`;
# 4. cut the graph with `detach()` and switch recording off with `no_grad()`;
# 5. take higher-order derivatives with `create_graph=True` and reuse a graph with `retain_graph=True`;
# 6. read the common autograd error messages, and debug a gradient with `gradcheck`;
# 7. explain why a second derivative costs more than the first, plot a derivative computed by
#    autograd, and say what happens when you run `backward` twice (d2l §2.5, exercises 1, 2, 4).
# <!-- zh -->
# # 第 7 课 — 自动求导实践
#
# 第 4–6 课讲了理论；这一课讲的是日常如何使用一个自动求导库。`course_lib` 的 API 与 PyTorch 相同，所以这里的一切都可以原封不动地用到 `torch` 上。
#
# **学习目标。** 学完本课，你能够
#
# 1. 用 `requires_grad` 标记张量，运行 `backward()`，并读取 `.grad` 和 `grad_fn`；
# 2. 解释梯度为什么会**累积**，并用 `zero_()` / `zero_grad()` 清零；
# 3. 对非标量输出调用 `backward`：传入 `gradient=`（即向量-雅可比积）或先 `.sum()`；
# 4. 用 `detach()` 切断计算图，用 `no_grad()` 关闭记录；
# 5. 用 `create_graph=True` 求高阶导数，用 `retain_graph=True` 重复使用同一张计算图；
# 6. 读懂常见的自动求导报错，并用 `gradcheck` 调试梯度；
# 7. 解释为什么二阶导数比一阶导数更费计算，画出由自动求导算出的导数，并说出连续调用两次 `backward` 会发生什么（d2l §2.5，练习 1、2、4）。

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function
from course_lib.functional import jacobian
from course_lib.gradcheck import gradcheck
from course_lib.i18n import tr, tr_plot

# %% [markdown]
# ## 1. `requires_grad`, `backward`, `.grad` — the seed's example
#
# We want the gradient of $y = 2\,x^\top x$ with respect to the column vector $x = [0, 1, 2, 3]$.
# Step by step, exactly as in the seed:
# <!-- zh -->
# ## 1. `requires_grad`、`backward`、`.grad` — 讲义原文中的例子
#
# 我们要求 $y = 2\,x^\top x$ 关于列向量 $x = [0, 1, 2, 3]$ 的梯度。完全按讲义原文一步步来：

# %%
x = cl.arange(4.0)
x

# %% [markdown]
# Before computing $y$, tell the library to record operations on `x` and to keep a place for its
# gradient (equivalently: `x = cl.arange(4.0, requires_grad=True)`). No gradient has been computed
# yet, so `x.grad` starts as `None`:
# <!-- zh -->
# 在计算 $y$ 之前，先告诉框架：要记录作用在 `x` 上的运算，并找个地方存放它的梯度（等价写法：`x = cl.arange(4.0, requires_grad=True)`）。此时还没有算过任何梯度，所以 `x.grad` 的初始值是 `None`：

# %%
x.requires_grad_(True)
print(x.grad)

# %%
y = 2 * cl.dot(x, x)
y

# %% [markdown]
# `y` shows its value, 28, and `grad_fn=<MulBackward0>`: the operation that produced it (the
# multiplication by 2), recorded for the way back. Now backpropagate and read the gradient:
# <!-- zh -->
# `y` 显示了它的值 28，以及 `grad_fn=<MulBackward0>`：产生它的那个运算（乘以 2），为回程记录了下来。现在进行反向传播并读取梯度：

# %%
y.backward()
x.grad

# %% [markdown]
# By hand, $y = 2\sum_i x_i^2$, so $\partial y/\partial x_i = 4x_i$ — the gradient is $4x$:
# <!-- zh -->
# 手工推导：$y = 2\sum_i x_i^2$，所以 $\partial y/\partial x_i = 4x_i$——梯度是 $4x$：

# %%
x.grad == 4 * x

# %% [markdown]
# ## 2. `grad_fn`, leaves and the graph
#
# `requires_grad` spreads: a result computed from a tensor that requires grad requires grad too,
# and gets a `grad_fn` — the graph node of Lesson 6. Tensors you create yourself are **leaves**
# (`is_leaf`, no `grad_fn`); only leaves get their `.grad` filled by `backward()`. A result of
# constants only is a constant.
# <!-- zh -->
# ## 2. `grad_fn`、叶子张量与计算图
#
# `requires_grad` 会传播：由需要梯度的张量算出的结果也需要梯度，并得到一个 `grad_fn`——也就是第 6 课中计算图的节点。你自己创建的张量是**叶子张量**（`is_leaf`，没有 `grad_fn`）；`backward()` 只会填写叶子张量的 `.grad`。只由常量算出的结果仍是常量。

# %%
print("y.grad_fn                :", y.grad_fn.name())
print("y.grad_fn.next_functions :",
      [(n.name() if n else None, i) for n, i in y.grad_fn.next_functions])
print("x: is_leaf", x.is_leaf, "| requires_grad", x.requires_grad, "| grad_fn", x.grad_fn)
print("y: is_leaf", y.is_leaf, "| requires_grad", y.requires_grad)
c = cl.arange(4.0) * 2
print("c = arange(4.0) * 2: requires_grad", c.requires_grad, "| grad_fn", c.grad_fn)

# %% [markdown]
# `MulBackward0`'s inputs are the `DotBackward0` node and `None` (the constant 2 needs no gradient).
# <!-- zh -->
# `MulBackward0` 的输入是 `DotBackward0` 节点和 `None`（常数 2 不需要梯度）。

# %% [markdown]
# ## 3. Gradients accumulate: clear them with `zero_()`
#
# `backward()` **adds** into `.grad`; it does not overwrite it. To compute the gradient of another
# function of `x`, clear the old one first. The seed's second function, $y = \sum_i x_i$, whose
# gradient is all ones:
# <!-- zh -->
# ## 3. 梯度会累积：用 `zero_()` 清零
#
# `backward()` 把梯度**加**到 `.grad` 上，而不是覆盖它。要计算 `x` 的另一个函数的梯度，得先把旧的梯度清零。讲义原文中的第二个函数 $y = \sum_i x_i$，它的梯度全是 1：

# %%
x.grad.zero_()
y = x.sum()
y.backward()
x.grad

# %% [markdown]
# Forgetting to clear is the classic bug. The seed's "wrong vs right" loop:
# <!-- zh -->
# 忘记清零是经典错误。讲义原文中“错误示范与正确做法”的循环：

# %%
x = cl.arange(4.0, requires_grad=True)
for _ in range(10):  # wrong: nobody clears x.grad
    y = x.sum()
    y.backward()  # the gradients add up!
print(tr("without zeroing   :", "不清零      ："), x.grad)

for _ in range(10):  # right: clear, then backward
    x.grad.zero_()
    y = x.sum()
    y.backward()
print(tr("zeroing every time:", "每次都清零  ："), x.grad)

optimizer = cl.nn.SGD([x], lr=0.1)
optimizer.zero_grad()  # what a training loop calls; like PyTorch, it sets .grad to None
print(tr("after optimizer.zero_grad():", "调用 optimizer.zero_grad() 之后："), x.grad)

# %% [markdown]
# Why accumulate at all? Because adding is exactly what the chain rule needs when a variable
# reaches the loss along several paths (Lesson 5), and because it lets you split a big batch:
# the gradient of a sum of losses is the sum of their gradients, so two half-batches with two
# `backward()` calls give the same `.grad` as one full batch.
# <!-- zh -->
# 那为什么要累积呢？因为当一个变量沿多条路径影响损失时，链式法则需要的恰恰是相加（第 5 课）；而且累积让你可以把一个大批量拆开：损失之和的梯度等于各损失梯度之和，所以两个半批量分别调用一次 `backward()`，得到的 `.grad` 与一个完整批量相同。

# %%
w = cl.tensor([0.5, -1.0], requires_grad=True)
X = cl.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
((X @ w) ** 2).sum().backward()
full = w.grad.clone()

w.grad = None
((X[:2] @ w) ** 2).sum().backward()  # first half
((X[2:] @ w) ** 2).sum().backward()  # second half: adds into w.grad
print(tr("full batch:", "完整批量："), full, tr("| two halves accumulated:", "| 两个半批量累积："),
      w.grad)


# %% [markdown]
# ## 4. Non-scalar outputs: `gradient=` is a vector-Jacobian product
#
# `backward()` with no argument needs a scalar. For $y \in \mathbb{R}^m$ the derivative is a whole
# Jacobian $J$ ($m \times n$), and autograd does not build it. Instead `y.backward(gradient=v)`
# takes a vector $v$ of $y$'s shape and computes the **vector-Jacobian product** $v^\top J$ — the
# gradient of the scalar $v \cdot y$. Without $v$ we get an error (Section 9 collects errors; this
# helper prints an error instead of stopping the notebook):
# <!-- zh -->
# ## 4. 非标量输出：`gradient=` 是向量-雅可比积
#
# 不带参数的 `backward()` 要求输出是标量。对于 $y \in \mathbb{R}^m$，导数是一个完整的雅可比矩阵 $J$（$m \times n$），而自动求导并不构造它。`y.backward(gradient=v)` 接收一个与 $y$ 形状相同的向量 $v$，计算**向量-雅可比积** $v^\top J$——也就是标量 $v \cdot y$ 的梯度。不给 $v$ 就会报错（第 9 节汇总了常见报错；这里的辅助函数把错误打印出来，而不让整个笔记本停下）：

# %%
def show_error(action):
    """Run action(); print the error it raises (type and message) instead of stopping."""
    try:
        action()
    except Exception as err:
        print(f"{type(err).__name__}: {err}")
    else:
        print(tr("(no error)", "（没有报错）"))


x = cl.arange(4.0, requires_grad=True)
y = x * x
show_error(lambda: y.backward())

# %% [markdown]
# The seed's example: $y = 2x$, and $v = [1, 0, 0]$ selects the first output, so $v^\top J$ is the
# gradient of $y_1$ alone: $[2, 0, 0]$.
# <!-- zh -->
# 讲义原文中的例子：$y = 2x$，$v = [1, 0, 0]$ 选出第一个输出，所以 $v^\top J$ 就是 $y_1$ 单独的梯度：$[2, 0, 0]$。

# %%
cl.manual_seed(0)
x = cl.randn(3, requires_grad=True)
y = x * 2
v = cl.tensor([1.0, 0.0, 0.0])  # choose the output component we care about
y.backward(gradient=v)
print(x.grad)
print(tr("vᵀJ with J from jacobian():", "vᵀJ（J 由 jacobian() 算出）："),
      v @ jacobian(lambda x: x * 2, x))

# %% [markdown]
# In deep learning we rarely want the Jacobian matrix: we want the **sum** of the per-sample
# partial derivatives over a batch. That is $v = [1, 1, \dots, 1]$, i.e. `y.sum().backward()`.
# The seed's $y = x \cdot x$ (elementwise), whose gradient is $2x$:
# <!-- zh -->
# 在深度学习中，我们很少需要雅可比矩阵本身：我们要的是批量中每个样本的偏导数之**和**。这相当于 $v = [1, 1, \dots, 1]$，即 `y.sum().backward()`。讲义原文中的 $y = x \cdot x$（按元素相乘），其梯度是 $2x$：

# %%
x = cl.arange(4.0, requires_grad=True)
y = x * x
y.sum().backward()
print("y.sum().backward()          :", x.grad)

x.grad.zero_()
y = x * x
y.backward(gradient=cl.ones(len(x)))  # the same thing
print("y.backward(gradient=ones(4)):", x.grad)

# %% [markdown]
# ## 5. `detach()`: treat a value as a constant
#
# `u = y.detach()` has the same values as `y` but no `grad_fn`: for autograd it is a constant,
# and no gradient flows through it back to `x`. The seed's example: $y = x \cdot x$, $u$ = detached
# $y$, $z = u \cdot x$. Then $\partial z/\partial x = u$ — not $3x^2$ as it would be for $x^3$:
# <!-- zh -->
# ## 5. `detach()`：把一个值当作常数
#
# `u = y.detach()` 与 `y` 的值相同，但没有 `grad_fn`：对自动求导来说它是一个常数，梯度不会经过它流回 `x`。讲义原文中的例子：$y = x \cdot x$，$u$ = 分离（detach）后的 $y$，$z = u \cdot x$。于是 $\partial z/\partial x = u$——而不是 $x^3$ 那样的 $3x^2$：

# %%
x = cl.arange(4.0, requires_grad=True)
y = x * x
u = y.detach()  # same values as y, but a constant
z = u * x
z.sum().backward()
print("u.requires_grad:", u.requires_grad)
print("x.grad == u    :", x.grad == u)

# %% [markdown]
# `y` itself still has its graph, so we can backpropagate through it separately:
# <!-- zh -->
# `y` 本身仍然保有它的计算图，所以我们可以单独对它进行反向传播：

# %%
x.grad.zero_()
y.sum().backward()
print("x.grad == 2 * x:", x.grad == 2 * x)

# %% [markdown]
# Use `detach()` to stop gradients on purpose (a fixed target, frozen features) and to take values
# out of the graph for logging or plotting (`t.detach().numpy()`, `t.item()`).
# <!-- zh -->
# 用 `detach()` 有意地阻断梯度（固定的目标值、冻结的特征），或者把值从计算图中取出来用于记录日志或画图（`t.detach().numpy()`、`t.item()`）。

# %% [markdown]
# ## 6. `no_grad()`: don't record at all
#
# Inside `with cl.no_grad():` nothing is recorded: results have `requires_grad=False` and no
# `grad_fn`, and no memory is spent on a graph. Use it for evaluation and for **parameter
# updates**, which must not become part of the next step's graph. Update the leaf *in place*
# (`sub_`), so the same tensor — still a leaf that requires grad — goes into the next step:
# <!-- zh -->
# ## 6. `no_grad()`：完全不记录
#
# 在 `with cl.no_grad():` 内部什么都不会被记录：结果的 `requires_grad=False`，没有 `grad_fn`，也不会为计算图花费内存。把它用于模型评估和**参数更新**——参数更新不能成为下一步计算图的一部分。对叶子张量做*原地*更新（`sub_`），这样进入下一步的仍是同一个张量——仍是一个需要梯度的叶子张量：

# %%
w = cl.tensor([1.0, -2.0], requires_grad=True)
with cl.no_grad():
    doubled = w * 2
print(tr("inside no_grad:", "在 no_grad 中："), doubled, "| requires_grad", doubled.requires_grad,
      "| grad_fn", doubled.grad_fn)

loss = (w * w).sum()
loss.backward()
with cl.no_grad():
    w.sub_(0.1 * w.grad)  # w ← w − lr·∇loss, in place, not recorded (or: w -= 0.1 * w.grad)
w.grad.zero_()
print(tr("after one step:", "更新一步之后："), w, "| is_leaf", w.is_leaf,
      "| requires_grad", w.requires_grad)

# %% [markdown]
# | | `t.detach()` | `with no_grad():` |
# |---|---|---|
# | acts on | one tensor | every operation inside the block |
# | result | a constant view of `t`'s values | results with no graph |
# | typical use | stop a gradient, log a value | evaluation, optimizer steps |
# <!-- zh -->
# | | `t.detach()` | `with no_grad():` |
# |---|---|---|
# | 作用于 | 一个张量 | 代码块内的每个运算 |
# | 结果 | `t` 的值的一个常量视图 | 没有计算图的结果 |
# | 典型用途 | 阻断梯度、记录某个值 | 模型评估、优化器更新 |

# %% [markdown]
# ## 7. Higher-order derivatives: `create_graph=True`
#
# A gradient is computed by operations too. With `create_graph=True` backward **records** them, so
# the gradient is itself a tensor with a `grad_fn` that can be differentiated again.
# `cl.autograd.grad(outputs, inputs)` returns the gradients instead of adding them into `.grad`.
# For $y = x^3$ at $x = 2$: $y' = 3x^2 = 12$ and $y'' = 6x = 12$.
# <!-- zh -->
# ## 7. 高阶导数：`create_graph=True`
#
# 梯度也是由运算算出来的。设置 `create_graph=True` 后，反向传播会把这些运算**记录**下来，于是梯度本身就是一个带 `grad_fn` 的张量，可以再次求导。`cl.autograd.grad(outputs, inputs)` 直接返回梯度，而不是把它们加到 `.grad` 上。对 $y = x^3$ 在 $x = 2$ 处：$y' = 3x^2 = 12$，$y'' = 6x = 12$。

# %%
x = cl.tensor(2.0, requires_grad=True)
y = x**3
(dy,) = cl.autograd.grad(y, x, create_graph=True)
print("dy/dx   =", dy)  # has a grad_fn: differentiable again
(d2y,) = cl.autograd.grad(dy, x)
print("d²y/dx² =", d2y)

y = x**3
(dy_plain,) = cl.autograd.grad(y, x)  # without create_graph: just a number
print(tr("without create_graph, dy/dx =", "不设 create_graph 时，dy/dx ="), dy_plain,
      tr("-> differentiating it again:", "-> 再对它求导："))
show_error(lambda: cl.autograd.grad(dy_plain, x))

# %% [markdown]
# Repeating it gives any order. Each point of a vector is independent, so differentiating the
# sum gives all the pointwise derivatives at once (Lesson 5). Here are $\tanh$ and its first three
# derivatives:
# <!-- zh -->
# 重复这个过程就能得到任意阶导数。向量中各点彼此独立，所以对和求导就一次得到所有逐点导数（第 5 课）。下面是 $\tanh$ 及其前三阶导数：

# %%
xs = cl.linspace(-3, 3, 200, requires_grad=True)
curves = [cl.tanh(xs)]
for _ in range(3):
    (d,) = cl.autograd.grad(curves[-1].sum(), xs, create_graph=True)
    curves.append(d)

fig, ax = plt.subplots(figsize=(8, 4.5))
labels = ["tanh x", tr("1st derivative", "一阶导数"), tr("2nd derivative", "二阶导数"),
          tr("3rd derivative", "三阶导数")]
for curve, label in zip(curves, labels):
    ax.plot(xs.detach().numpy(), curve.detach().numpy(), label=label)
ax.set_title(tr_plot("tanh and its derivatives, by repeated autograd (create_graph=True)",
                "tanh 及其各阶导数：反复自动求导（create_graph=True）"))
ax.set_xlabel("x")
ax.set_ylabel(tr_plot("value", "值"))
ax.legend(loc="lower right", fontsize="small")
plt.show()

# %% [markdown]
# <a id="d2l-2-5-4"></a>
# **A derivative you did not derive.** Plot $f(x) = \sin x$ and $f'(x)$, with $f'$ computed by
# autograd — the code below never writes $\cos$. One `backward()` on the sum gives $f'(x_i)$ at all
# 200 points at once, because each $\sin(x_i)$ depends on its own $x_i$ only (Section 4: the
# gradient of a sum is $v^\top J$ with $v$ = ones, and here $J$ is diagonal). Autograd itself
# knows that the local derivative of $\sin$ is $\cos$ — that is in `sin`'s backward — so the
# comparison at the end comes out exact; what *you* never wrote is a derivative.
# <!-- zh -->
# <a id="d2l-2-5-4"></a>
# **一个你没有推导过的导数。** 画出 $f(x) = \sin x$ 和 $f'(x)$，其中 $f'$ 由自动求导算出——下面的代码从没写过 $\cos$。对求和结果调用一次 `backward()`，就一次得到全部 200 个点上的 $f'(x_i)$，因为每个 $\sin(x_i)$ 只依赖于它自己的 $x_i$（第 4 节：和的梯度是 $v$ 为全 1 向量时的 $v^\top J$，而这里 $J$ 是对角矩阵）。自动求导本身知道 $\sin$ 的局部导数是 $\cos$——这写在 `sin` 的反向计算里——所以最后的比较结果完全一致；*你*从没写过的，是一个导数。

# %%
xs = cl.linspace(-2 * np.pi, 2 * np.pi, 200, requires_grad=True)
cl.sin(xs).sum().backward()
derivative = xs.grad  # f'(x_i) for every i, from the graph of sin alone

fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(xs.detach().numpy(), cl.sin(xs).detach().numpy(), label="f(x) = sin x")
ax.plot(xs.detach().numpy(), derivative.numpy(), "--",
        label=tr_plot("f′(x) by autograd", "自动求导得到的 f′(x)"))
ax.set_title(tr_plot("sin and its derivative, computed by backward()",
                "sin 及其导数（由 backward() 算出）"))
ax.set_xlabel("x")
ax.set_ylabel(tr_plot("value", "值"))
ax.legend(loc="upper right", fontsize="small")
plt.show()
gap = np.abs(derivative.numpy() - np.cos(xs.detach().numpy())).max()
print(tr(f"only now compared with cos: largest difference {gap:.1e}",
         f"直到现在才与 cos 比较：最大差值 {gap:.1e}"))

# %% [markdown]
# <a id="d2l-2-5-1"></a>
# **Why a second derivative costs more than the first.** The first derivative is computed by a
# *program* — the backward pass — and that program is larger than $f$: each operation's backward
# step is one or more operations of its own (the product rule turns one multiplication into two
# multiplications and an addition), and it reads the values stored by the evaluation. For a second
# derivative autograd must (1) **record** that backward program as a graph (`create_graph=True`),
# keeping it in memory, and then (2) run a backward pass through *it*. Each order differentiates a
# bigger program than the one before. Count the graph nodes of $y = \sin x \cdot e^x + x^3$ and its
# derivatives, and time a gradient vs a second derivative on a longer function:
# <!-- zh -->
# <a id="d2l-2-5-1"></a>
# **为什么二阶导数比一阶导数更费计算。** 一阶导数是由一个*程序*——反向传递——算出来的，而这个程序比 $f$ 更大：每个运算的反向步骤本身就是一个或多个运算（乘积法则把一次乘法变成两次乘法和一次加法），并且要读取求值时存下的值。对于二阶导数，自动求导必须 (1) 把这个反向程序**记录**成一张计算图（`create_graph=True`），并把它保留在内存中，然后 (2) 对*它*再做一次反向传递。每升一阶，要求导的程序都比上一阶更大。下面数一数 $y = \sin x \cdot e^x + x^3$ 及其各阶导数的计算图节点数，并在一个更长的函数上比较求梯度与求二阶导数的耗时：

# %%
def count_nodes(tensor):
    """The number of nodes in the graph below tensor (operations and leaf accumulators)."""
    seen, stack = set(), [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node is not None and id(node) not in seen:
            seen.add(id(node))
            stack.extend(child for child, _ in node.next_functions)
    return len(seen)


x = cl.tensor(1.0, dtype=cl.float64, requires_grad=True)
y = cl.sin(x) * cl.exp(x) + x**3
derivatives = [y]
for _ in range(3):
    (d,) = cl.autograd.grad(derivatives[-1], x, create_graph=True)
    derivatives.append(d)
for order, d in enumerate(derivatives):
    print(tr(f"graph of the derivative of order {order}: {count_nodes(d):>3} nodes",
             f"{order} 阶导数的计算图：{count_nodes(d):>3} 个节点"))


def deep(x):
    for _ in range(20):
        x = cl.tanh(x) * 1.1
    return x.sum()


def best_time(run, repeat=5):
    """The shortest of `repeat` wall-clock times of run(), in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def first_derivative():
    cl.autograd.grad(deep(xs), xs)


def second_derivative_run():
    (d,) = cl.autograd.grad(deep(xs), xs, create_graph=True)  # record the backward program
    cl.autograd.grad(d.sum(), xs)  # ... and differentiate it


xs = cl.linspace(-3, 3, 2000, dtype=cl.float64, requires_grad=True)
with cl.no_grad():
    evaluation = best_time(lambda: deep(xs))
ratio1 = best_time(first_derivative) / evaluation
ratio2 = best_time(second_derivative_run) / evaluation
print(tr(f"first derivative:  {ratio1:4.1f} × the evaluation's time",
         f"一阶导数：{ratio1:4.1f} × 求值时间"))
print(tr(f"second derivative: {ratio2:4.1f} × the evaluation's time",
         f"二阶导数：{ratio2:4.1f} × 求值时间"))

# %% [markdown]
# The graph roughly doubles with each order, and the second derivative takes several times as
# long as the first (your timings will differ; the order will not). For a function of $n$ variables
# it gets worse: one backward pass gives the whole gradient, but the Hessian has $n$ rows, each a
# backward pass through the recorded backward program — about $n$ times the cost of a gradient.
# <!-- zh -->
# 计算图大约每升一阶就翻一倍，二阶导数的耗时是一阶导数的好几倍（你的计时会不同，但量级关系不会变）。对 $n$ 元函数情况更糟：一次反向传递就给出整个梯度，但黑塞矩阵（海森矩阵）有 $n$ 行，每一行都要对记录下来的反向程序做一次反向传递——大约是求梯度开销的 $n$ 倍。

# %% [markdown]
# <a id="d2l-2-5-2"></a>
# ## 8. `retain_graph=True`: backward through the same graph twice
#
# What happens if you run `backward` twice? To save memory, `backward()` frees the values the graph
# saved for it (Lesson 6: reverse mode stores the intermediates of the evaluation). A second
# `backward()` through the same graph finds them gone, and stops with an error:
# <!-- zh -->
# <a id="d2l-2-5-2"></a>
# ## 8. `retain_graph=True`：对同一张计算图反向传播两次
#
# 连续调用两次 `backward` 会怎样？为了节省内存，`backward()` 会释放计算图为它保存的值（第 6 课：反向模式存储求值过程的中间结果）。对同一张图的第二次 `backward()` 发现这些值已经没了，于是报错停止：

# %%
x = cl.tensor([1.0, 2.0], requires_grad=True)
y = (x * x).sum()
y.backward()
show_error(lambda: y.backward())
print(tr("x.grad after the first backward:", "第一次 backward 之后的 x.grad："), x.grad)

# %% [markdown]
# The fix depends on what you wanted. A second gradient of a *new* value: recompute the evaluation
# (`y = (x * x).sum()` again) — that is what a training loop does at every step. The same graph
# twice: keep it with `retain_graph=True` on the first call — and remember that the two gradients
# accumulate:
# <!-- zh -->
# 怎么修取决于你想要什么。如果要的是一个*新*值的梯度：重新求值（再写一遍 `y = (x * x).sum()`）——训练循环在每一步做的正是这个。如果要对同一张图反向传播两次：在第一次调用时用 `retain_graph=True` 保留它——并记住两次的梯度会累积：

# %%
x = cl.tensor([1.0, 2.0], requires_grad=True)
y = (x * x).sum()
y.backward(retain_graph=True)
y.backward()  # allowed: the graph was kept
print(tr("two backward passes, 2 × 2x =", "两次反向传递，2 × 2x ="), x.grad)


# %% [markdown]
# ## 9. Common errors, and how to read them
#
# Autograd errors are long, but each says *what* went wrong and *what to do*. Here are the ones
# you will meet most, each triggered on purpose and printed:
# <!-- zh -->
# ## 9. 常见报错及其读法
#
# 自动求导的报错信息很长，但每条都说明了*出了什么问题*以及*该怎么做*。下面是最常遇到的几种，每种都故意触发并打印出来：

# %%
def nonscalar_backward():
    x = cl.arange(3.0, requires_grad=True)
    (x * 2).backward()


def backward_twice():
    x = cl.arange(3.0, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def inplace_on_leaf():
    w = cl.ones(2, requires_grad=True)
    w.sub_(0.1)  # outside no_grad()


def numpy_of_requires_grad():
    w = cl.ones(2, requires_grad=True)
    w.numpy()


def matmul_shape_mismatch():
    W = cl.randn(2, 3)
    x = cl.randn(2)
    W @ x


def backward_without_graph():
    x = cl.arange(3.0)  # forgot requires_grad=True
    (x * x).sum().backward()


def modified_after_saving():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()  # exp saves its output for backward ...
    y.add_(1)  # ... which is then changed in place
    y.sum().backward()


for number, action in enumerate([nonscalar_backward, backward_twice, inplace_on_leaf,
                                 numpy_of_requires_grad, matmul_shape_mismatch,
                                 backward_without_graph, modified_after_saving], start=1):
    print(f"{number}. {action.__name__}")
    show_error(action)
    print()

# %% [markdown]
# | # | the message says | meaning | fix |
# |---|---|---|---|
# | 1 | grad can be implicitly created only for scalar outputs | `backward()` without `gradient=` on a non-scalar | reduce first (`.sum()`, a loss) or pass `gradient=v` |
# | 2 | Trying to backward through the graph a second time | the saved values were freed by the first backward | recompute the forward pass, or `retain_graph=True` on the first call |
# | 3 | a leaf Variable that requires grad is being used in an in-place operation | changing a parameter in place would corrupt the graph | update under `with cl.no_grad():` |
# | 4 | Can't call numpy() on Tensor that requires grad | numpy cannot follow the graph | `t.detach().numpy()` |
# | 5 | size mismatch, got input (2), mat (2x3), vec (2) | `(2, 3) @ (2,)`: inner sizes 3 ≠ 2 | check the shapes; transpose or reshape |
# | 6 | element 0 of tensors does not require grad and does not have a grad_fn | nothing in the computation required grad, so no graph | `requires_grad=True` on the inputs; don't compute under `no_grad()` |
# | 7 | one of the variables needed for gradient computation has been modified by an inplace operation | a value saved for backward was overwritten | compute into a new tensor (`y = y + 1`) |
# <!-- zh -->
# 报错信息一栏保留英文原文：`course_lib` 和 PyTorch 一样用英文报错，你在屏幕上看到的就是这些句子。
#
# | # | 报错信息 | 含义 | 修正方法 |
# |---|---|---|---|
# | 1 | `grad can be implicitly created only for scalar outputs` | 对非标量调用了不带 `gradient=` 的 `backward()` | 先归约（`.sum()`、损失函数），或传入 `gradient=v` |
# | 2 | `Trying to backward through the graph a second time` | 保存的值已被第一次反向传播释放 | 重新做一次前向传播，或在第一次调用时设置 `retain_graph=True` |
# | 3 | `a leaf Variable that requires grad is being used in an in-place operation` | 原地修改参数会破坏计算图 | 在 `with cl.no_grad():` 中更新 |
# | 4 | `Can't call numpy() on Tensor that requires grad` | numpy 无法跟踪计算图 | `t.detach().numpy()` |
# | 5 | `size mismatch, got input (2), mat (2x3), vec (2)` | `(2, 3) @ (2,)`：内侧维数 3 ≠ 2 | 检查形状；转置或改变形状（reshape） |
# | 6 | `element 0 of tensors does not require grad and does not have a grad_fn` | 计算中没有任何张量需要梯度，因此没有计算图 | 对输入设置 `requires_grad=True`；不要在 `no_grad()` 下计算 |
# | 7 | `one of the variables needed for gradient computation has been modified by an inplace operation` | 为反向传播保存的值被覆盖了 | 把结果算到一个新张量里（`y = y + 1`） |

# %% [markdown]
# ## 10. Debugging a gradient
#
# The seed's tips when a gradient looks wrong:
#
# 1. **Check `requires_grad`.** A classic: scaling a fresh parameter *after* setting
#    `requires_grad` makes it a non-leaf, so its `.grad` stays `None` (the optimizer then never
#    updates it).
# <!-- zh -->
# ## 10. 调试梯度
#
# 讲义原文给出了梯度看起来不对时的排查技巧：
#
# 1. **检查 `requires_grad`。** 一个经典错误：在设置 `requires_grad` *之后*再缩放一个新建的参数，会让它变成非叶子张量，于是它的 `.grad` 一直是 `None`（优化器也就永远不会更新它）。

# %%
w = cl.randn(3, requires_grad=True) * 0.01  # bug: w is the output of a multiplication
(w * w).sum().backward()
print(tr("buggy:", "有错的写法："), "is_leaf", w.is_leaf, "| requires_grad", w.requires_grad,
      "| grad", w.grad)

w = (cl.randn(3) * 0.01).requires_grad_()  # fix: scale first, then mark as a parameter
(w * w).sum().backward()
print(tr("fixed:", "修正后："), "is_leaf", w.is_leaf, "| requires_grad", w.requires_grad,
      "| grad is None:", w.grad is None)

# %% [markdown]
# 2. **Print `requires_grad` along the computation** to find where the graph breaks. Below, a
#    detour through numpy silently turns part of the function into a constant: no error, just a
#    wrong gradient. (`grad_fn` is `None` where the graph was cut.)
# <!-- zh -->
# 2. **沿着计算过程打印 `requires_grad`**，找出计算图断开的地方。下面绕道 numpy 的一步悄无声息地把函数的一部分变成了常数：不报错，只是梯度错了。（计算图被切断的地方，`grad_fn` 为 `None`。）

# %%
x = cl.tensor([0.5, 2.0], requires_grad=True)
h = cl.tensor(np.sin(x.detach().numpy()))  # the graph is cut here
out = (h * x).sum()  # meant: Σ sin(x)·x
for name, t in [("x", x), ("h", h), ("out", out)]:
    node = t.grad_fn.name() if t.grad_fn else None
    print(f"{name:>3}: requires_grad={t.requires_grad}, grad_fn={node}")
out.backward()
print(tr("autograd gives     :", "自动求导给出        ："), x.grad)
print(tr("true ∂/∂x sin(x)·x :", "真正的 ∂/∂x sin(x)·x："),
      cl.sin(x.detach()) + x.detach() * cl.cos(x.detach()))


# %% [markdown]
# 3. **Reproduce the problem small** — a 2×2 input instead of a real batch — and
# 4. **compare the analytic gradient with a numeric one.** `gradcheck` does this for every input
#    element (central differences, float64) and names the worst one:
# <!-- zh -->
# 3. **用小规模数据重现问题**——用 2×2 的输入代替真实的批量——并且
# 4. **比较解析梯度与数值梯度。** `gradcheck` 对输入的每个元素都做这种比较（中心差分，float64），并指出偏差最大的那个：

# %%
def broken(x):
    return (cl.tensor(np.sin(x.detach().numpy())) * x).sum()


def fixed(x):
    return (cl.sin(x) * x).sum()


x_small = cl.tensor([[0.5, -1.0], [2.0, 0.3]], dtype=cl.float64, requires_grad=True)
print(gradcheck(broken, (x_small,)))
print()
print(gradcheck(fixed, (x_small,)))


# %% [markdown]
# The same check is how you test a hand-written `backward`. A custom operation in `course_lib`
# (as in PyTorch) subclasses `cl.autograd.Function`; this one forgets the factor 2 of $x^2$:
# <!-- zh -->
# 测试手写的 `backward` 也用同样的检查。在 `course_lib` 中（和 PyTorch 一样），自定义运算要继承 `cl.autograd.Function`；下面这个忘了 $x^2$ 导数中的因子 2：

# %%
class SquareWithBug(cl.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.data**2

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x  # bug: d(x²)/dx = 2x


print(gradcheck(lambda x: SquareWithBug.apply(x), (x_small,)))

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Try the hints in order before opening the solution.
#
# **Exercise 1 — predict the accumulation.** Without running it, what is `x.grad` after this code?
#
# ```python
# x = cl.arange(3.0, requires_grad=True)
# (x * x).sum().backward()
# (x * x).sum().backward()
# ```
#
# Set `answer` to the list of three numbers.
#
# <details><summary>Hint 1</summary>
#
# Does `backward()` overwrite `.grad` or add to it? Note that each line builds a *new* graph.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# One call gives the gradient of $\sum_i x_i^2$ at $x = [0, 1, 2]$; the second adds the same again.
#
# </details>
# <!-- zh -->
# ## 练习
#
# 每道练习都有一个供你编辑的单元格、一个在其后运行的自检单元格，以及一份隐藏的参考答案。打开答案之前，请先按顺序试试提示。
#
# **练习 1 — 预测梯度的累积。** 不运行代码，说出下面这段代码执行后 `x.grad` 是多少？
#
# ```python
# x = cl.arange(3.0, requires_grad=True)
# (x * x).sum().backward()
# (x * x).sum().backward()
# ```
#
# 把 `answer` 设为由这三个数组成的列表。
#
# <details><summary>提示 1</summary>
#
# `backward()` 是覆盖 `.grad` 还是加到它上面？注意每一行都构建了一张*新的*计算图。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 一次调用给出 $\sum_i x_i^2$ 在 $x = [0, 1, 2]$ 处的梯度；第二次调用再加上同样的一份。
#
# </details>

# %%
# Exercise 1
answer = None  # your code here: [.., .., ..]

# %%
# Self-check 1
x = cl.arange(3.0, requires_grad=True)
(x * x).sum().backward()
(x * x).sum().backward()
check(1, answer, x.grad.tolist(),
      hint=tr("does backward() overwrite .grad or add to it? See Hint 2",
              "backward() 是覆盖 .grad 还是加到它上面？见提示 2"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# answer = [0.0, 4.0, 8.0]  # 2x from each backward, accumulated: 2·2x
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 1
# answer = [0.0, 4.0, 8.0]  # 2x from each backward, accumulated: 2·2x
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — a vector-Jacobian product, before and after.** For
# `x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)` let $y = (x_1 x_2,\ x_2 x_3,\ x_3 x_1)$. First
# work out the $3 \times 3$ Jacobian $J$ on paper and from it $v^\top J$ for $v = [1, 0.5, 0]$; then
# get the same vector from autograd with `y.backward(gradient=...)`. Set `answer` to `x.grad`.
#
# <details><summary>Hint 1</summary>
#
# $v^\top J$ is the gradient of the scalar $v \cdot y$. Which entries of $y$ does this $v$ keep?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Row $i$ of $J$ is the gradient of $y_i$; e.g. row 1 is $(x_2, x_1, 0)$. Build $y$ with
# `cl.stack([...])` from products of `x[0]`, `x[1]`, `x[2]`, then pass $v$ as `gradient=`.
#
# </details>
# <!-- zh -->
# **练习 2 — 向量-雅可比积，先手算再验证。** 对
# `x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)`，令 $y = (x_1 x_2,\ x_2 x_3,\ x_3 x_1)$。先在纸上算出 $3 \times 3$ 的雅可比矩阵 $J$，并由它算出 $v = [1, 0.5, 0]$ 时的 $v^\top J$；再用自动求导的 `y.backward(gradient=...)` 得到同一个向量。把 `answer` 设为 `x.grad`。
#
# <details><summary>提示 1</summary>
#
# $v^\top J$ 是标量 $v \cdot y$ 的梯度。这个 $v$ 保留了 $y$ 的哪些分量？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $J$ 的第 $i$ 行是 $y_i$ 的梯度；例如第 1 行是 $(x_2, x_1, 0)$。用 `cl.stack([...])` 把 `x[0]`、`x[1]`、`x[2]` 的乘积组成 $y$，再把 $v$ 作为 `gradient=` 传入。
#
# </details>

# %%
# Exercise 2
answer = None  # your code here

# %%
# Self-check 2
def cyclic_products(x):
    return cl.stack([x[0] * x[1], x[1] * x[2], x[2] * x[0]])


J = jacobian(cyclic_products, cl.tensor([1.0, 2.0, 3.0]))
check(2, answer, cl.tensor([1.0, 0.5, 0.0]) @ J,
      hint=tr("vᵀJ is the gradient of v·y: pass v as gradient= and read x.grad; see Hint 2",
              "vᵀJ 是 v·y 的梯度：把 v 作为 gradient= 传入，再读取 x.grad；见提示 2"))


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
# y = cl.stack([x[0] * x[1], x[1] * x[2], x[2] * x[0]])
# y.backward(gradient=cl.tensor([1.0, 0.5, 0.0]))
# answer = x.grad  # vᵀJ = 1·(x₂, x₁, 0) + 0.5·(0, x₃, x₂) = [2, 2.5, 1]
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 2
# x = cl.tensor([1.0, 2.0, 3.0], requires_grad=True)
# y = cl.stack([x[0] * x[1], x[1] * x[2], x[2] * x[0]])
# y.backward(gradient=cl.tensor([1.0, 0.5, 0.0]))
# answer = x.grad  # vᵀJ = 1·(x₂, x₁, 0) + 0.5·(0, x₃, x₂) = [2, 2.5, 1]
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — second derivatives.** Write `second_derivative(f, x0)` that returns $f''(x_0)$ as
# a Python float, for a function `f` built from `course_lib` operations (e.g. `cl.sin`), by autograd
# (no formulas: the self-check tries functions you have not seen).
#
# <details><summary>Hint 1</summary>
#
# A second derivative is the derivative of the first one. What must be true of the first
# derivative for autograd to differentiate it (Section 7)?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Make a float64 leaf from `x0`, take `cl.autograd.grad` of `f(x)` with `create_graph=True`, then
# `cl.autograd.grad` of the result; return `.item()`.
#
# </details>
# <!-- zh -->
# **练习 3 — 二阶导数。** 编写 `second_derivative(f, x0)`，对由 `course_lib` 运算（例如 `cl.sin`）构成的函数 `f`，用自动求导返回 $f''(x_0)$，结果为 Python 的 float（不许用公式：自检会用你没见过的函数来测试）。
#
# <details><summary>提示 1</summary>
#
# 二阶导数就是一阶导数的导数。要让自动求导能对一阶导数再求导，一阶导数必须满足什么条件（第 7 节）？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 由 `x0` 创建一个 float64 的叶子张量，用 `create_graph=True` 对 `f(x)` 调用 `cl.autograd.grad`，再对其结果调用 `cl.autograd.grad`；返回 `.item()`。
#
# </details>

# %%
# Exercise 3
def second_derivative(f, x0):
    """f''(x0) by autograd, as a float."""
    raise NotImplementedError(tr("compute f''(x0) with cl.autograd.grad and return it as a float",
                                 "用 cl.autograd.grad 计算 f''(x0)，以 float 返回"))


# %%
# Self-check 3
import math

cases = [(cl.sin, 1.0), (lambda x: x**3, 2.0), (lambda x: x * cl.exp(x), 0.5)]
exact = {id(cases[0][0]): lambda t: -math.sin(t), id(cases[1][0]): lambda t: 6 * t,
         id(cases[2][0]): lambda t: (t + 2) * math.exp(t)}
check_function(3, second_derivative, lambda f, x0: exact[id(f)](x0), cases, tol=1e-4,
               hint=tr("the first derivative must itself be differentiable; see Hint 2",
                       "一阶导数本身必须可以再求导；见提示 2"))


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# def second_derivative(f, x0):
#     """f''(x0) by autograd, as a float."""
#     x = cl.tensor(x0, dtype=cl.float64, requires_grad=True)
#     (d,) = cl.autograd.grad(f(x), x, create_graph=True)  # f'(x), still differentiable
#     (d2,) = cl.autograd.grad(d, x)
#     return d2.item()
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 3
# def second_derivative(f, x0):
#     """f''(x0) by autograd, as a float."""
#     x = cl.tensor(x0, dtype=cl.float64, requires_grad=True)
#     (d,) = cl.autograd.grad(f(x), x, create_graph=True)  # f'(x), still differentiable
#     (d2,) = cl.autograd.grad(d, x)
#     return d2.item()
# ```
#
# </details>

# %% [markdown]
# **Exercise 4 — fix the update.** This gradient-descent step raises error 3 of Section 9:
#
# ```python
# def sgd_step(w, lr):
#     w.sub_(lr * w.grad)
#     return w
# ```
#
# Write a working `sgd_step(w, lr)`: update the parameter `w` **in place** (the caller's tensor must
# change, and stay a leaf that requires grad), clear its gradient for the next step, and return `w`.
#
# <details><summary>Hint 1</summary>
#
# The error says the in-place change is not allowed *while autograd records*. Sections 6 and 3 have
# the two tools you need.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# Do the in-place update inside `with cl.no_grad():`; afterwards clear the gradient in place with
# `zero_()` (or set it to `None`). `w = w - …` would make a new tensor and leave the caller's alone.
#
# </details>
# <!-- zh -->
# **练习 4 — 修好参数更新。** 下面这个梯度下降步骤会引发第 9 节中的第 3 种报错：
#
# ```python
# def sgd_step(w, lr):
#     w.sub_(lr * w.grad)
#     return w
# ```
#
# 写一个能正常工作的 `sgd_step(w, lr)`：**原地**更新参数 `w`（调用者手里的张量必须改变，并且仍是一个需要梯度的叶子张量），为下一步清零它的梯度，并返回 `w`。
#
# <details><summary>提示 1</summary>
#
# 报错说的是：*在自动求导记录运算时*不允许原地修改。第 6 节和第 3 节里有你需要的两个工具。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 在 `with cl.no_grad():` 中做原地更新；之后用 `zero_()` 原地清零梯度（或者把它设为 `None`）。`w = w - …` 会创建一个新张量，调用者手里的张量则原封不动。
#
# </details>

# %%
# Exercise 4
def sgd_step(w, lr):
    """One step w ← w − lr·w.grad, in place; then clear w.grad. Returns w."""
    raise NotImplementedError(tr("update w in place without recording, clear w.grad, return w",
                                 "不记录地原地更新 w，清零 w.grad，返回 w"))


# %%
# Self-check 4
w = cl.tensor([1.0, -2.0], requires_grad=True)
(w * w).sum().backward()  # w.grad = 2w = [2, -4]
expected = w.detach() - 0.1 * w.grad
try:
    returned = sgd_step(w, 0.1)
except NotImplementedError:
    returned = None
except Exception as err:  # the learner's code may raise anything: explain it
    returned = err
if isinstance(returned, Exception):
    print(tr(f"Exercise 4: not right yet — your function raised {type(returned).__name__}: "
             f"{returned}. Hint: which block stops autograd from recording? See Hint 1",
             f"练习 4：还不对 — 你的函数抛出了 {type(returned).__name__}: {returned}。"
             "提示：哪种代码块能让自动求导停止记录？见提示 1"))
elif returned is None:
    print(tr("Exercise 4: not attempted yet", "练习 4：尚未作答"))
elif returned is not w or not np.allclose(w.detach().numpy(), expected.numpy()):
    print(tr(f"Exercise 4: not right yet — after one step from w = [1, -2] with lr = 0.1 the "
             f"caller's w is {w.tolist()}, and sgd_step should return that same tensor. Hint: "
             "change the caller's tensor in place; `w = w - …` makes a new one (see Hint 2)",
             f"练习 4：还不对 — 从 w = [1, -2] 出发、lr = 0.1 更新一步之后，调用者的 w 是 "
             f"{w.tolist()}，而 sgd_step 应当返回这同一个张量。提示：原地修改调用者的张量；"
             "`w = w - …` 会创建一个新张量（见提示 2）"))
elif not (w.is_leaf and w.requires_grad):
    print(tr("Exercise 4: not right yet — w is no longer a leaf that requires grad. Hint: "
             "update it in place instead of replacing it",
             "练习 4：还不对 — w 不再是一个需要梯度的叶子张量。提示：原地更新它，而不是替换它"))
elif w.grad is not None and np.any(w.grad.numpy() != 0):
    print(tr(f"Exercise 4: not right yet — w.grad is still {w.grad.tolist()}, so the next "
             "backward would add to it. Hint: clear the gradient after the update",
             f"练习 4：还不对 — w.grad 仍是 {w.grad.tolist()}，下一次 backward 会在它上面累加。"
             "提示：更新之后把梯度清零"))
else:
    print(tr("Exercise 4: correct ✓", "练习 4：正确 ✓"))


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 4
# def sgd_step(w, lr):
#     """One step w ← w − lr·w.grad, in place; then clear w.grad. Returns w."""
#     with cl.no_grad():
#         w.sub_(lr * w.grad)
#     w.grad.zero_()
#     return w
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 4
# def sgd_step(w, lr):
#     """One step w ← w − lr·w.grad, in place; then clear w.grad. Returns w."""
#     with cl.no_grad():
#         w.sub_(lr * w.grad)
#     w.grad.zero_()
#     return w
# ```
#
# </details>

# %% [markdown]
# ## Summary
#
# * `requires_grad_(True)` marks a leaf; results inherit `requires_grad` and get a `grad_fn`
#   (`tensor(28., grad_fn=<MulBackward0>)`); `.grad` is `None` until a `backward()` reaches it.
# * `backward()` **adds** into `.grad`: clear it with `x.grad.zero_()` or `optimizer.zero_grad()`.
# * A non-scalar output needs `gradient=v` (a vector-Jacobian product $v^\top J$) or a reduction
#   such as `.sum()`.
# * `detach()` turns one value into a constant; `no_grad()` stops recording altogether (evaluation,
#   parameter updates).
# * `create_graph=True` makes gradients differentiable (higher-order derivatives). A second
#   derivative costs more than the first: autograd records the backward program, which is larger
#   than $f$, and differentiates that; a Hessian in $n$ variables needs $n$ such passes.
# * A second `backward()` through a freed graph is an error; recompute the evaluation, or keep the
#   graph with `retain_graph=True` (the gradients then accumulate).
# * Read the errors: they name the problem and the fix. Debug gradients by checking
#   `requires_grad` along the computation, shrinking the problem, and running `gradcheck`.
#
# Next: [Lesson 8 — autograd through control flow](08_control_flow.ipynb).
# <!-- zh -->
# ## 小结
#
# * `requires_grad_(True)` 标记一个叶子张量；由它算出的结果继承 `requires_grad` 并得到一个 `grad_fn`（`tensor(28., grad_fn=<MulBackward0>)`）；在某次 `backward()` 到达之前，`.grad` 一直是 `None`。
# * `backward()` 把梯度**加**到 `.grad` 上：用 `x.grad.zero_()` 或 `optimizer.zero_grad()` 清零。
# * 非标量输出需要 `gradient=v`（向量-雅可比积 $v^\top J$），或者先做 `.sum()` 之类的归约。
# * `detach()` 把一个值变成常数；`no_grad()` 则完全停止记录（模型评估、参数更新）。
# * `create_graph=True` 让梯度可以再求导（高阶导数）。二阶导数比一阶导数更费计算：自动求导要记录比 $f$ 更大的反向程序，再对它求导；$n$ 元函数的黑塞矩阵需要 $n$ 次这样的计算。
# * 对已释放的计算图再次调用 `backward()` 会报错；要么重新求值，要么用 `retain_graph=True` 保留计算图（此时梯度会累积）。
# * 读报错信息：它们会指出问题和修正方法。调试梯度的办法：沿计算过程检查 `requires_grad`、缩小问题规模、运行 `gradcheck`。
#
# 下一课：[第 8 课 — 控制流中的自动求导](08_control_flow.ipynb)。
