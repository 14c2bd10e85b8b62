# %% [markdown]
# # Start here — derivatives and automatic differentiation
#
# This course goes from the limit definition of a derivative to what really happens inside
# `loss.backward()`. Every idea comes with code you run, on **`course_lib`**: a small autograd
# library written for this course that reads like PyTorch
# (`import course_lib as cl` ≈ `import torch`), in a few short files you can open and study.
#
# **You need** a little Python (functions, loops, lists) and school calculus (what a slope is).
# NumPy helps but is explained where it appears.
#
# This notebook: how to work with the lessons, a check that your setup works, the course
# map, and the graded assignments.
# <!-- zh -->
# # 从这里开始 — 导数与自动微分
#
# 这门课从导数的极限定义讲起，一直讲到 `loss.backward()` 内部究竟发生了什么。每个概念都配有你亲手运行的代码，运行在 **`course_lib`** 上：这是专门为本课程编写的一个小型自动微分库，用法和 PyTorch 一样（`import course_lib as cl` ≈ `import torch`），只由几个短小的文件组成，你可以打开来逐一研读。
#
# **预备知识**：一点 Python（函数、循环、列表）和中学的微积分初步（知道什么是斜率）。会用 NumPy 更好，不过它在哪里出现，就在哪里解释。
#
# 本笔记本介绍：怎样学习这些课、检查你的环境是否可用、课程地图，以及计分作业。安装和启动中文版的方法见[中文 README](../../README.zh-CN.md)。

# %% [markdown]
# ## How to use the lessons
#
# - **Run cells top to bottom** with Shift+Enter. If things get confusing (you ran cells out of
#   order, or changed a variable), use *Kernel → Restart Kernel and Run All Cells*.
# - **Read, then predict, then run.** Each lesson alternates a short idea (markdown) with code
#   that shows it. Before running a cell, guess what it prints.
# - **Sliders (explorers).** Some cells show an interactive widget, e.g. the step size $h$ of a
#   finite difference. They need a running kernel: move the slider and the picture follows.
# - **Exercises.** Each lesson ends with 2–4 exercises, always in three cells:
#   1. a cell starting `# Exercise N` with a stub to complete (`answer = None  # your code here`);
#   2. a cell starting `# Self-check N`: run it after your answer. It prints
#      *not attempted yet*, *correct*, or what is off (expected vs got, and a hint);
#   3. a hidden **Solution** (click to unfold) — try first, then compare.
# - **Seed examples.** The course follows a set of source texts; their examples appear in the
#   lessons with the same numbers (e.g. `y = 2 * dot(x, x)` below). `autodiff-course check` in a
#   terminal runs all of them at once.
# <!-- zh -->
# ## 怎样学习这些课
#
# - **从上到下依次运行单元格**，按 Shift+Enter。如果弄乱了（打乱了运行顺序，或者改了某个变量），就选 *Kernel → Restart Kernel and Run All Cells*（中文界面：*内核 → 重启内核并运行所有单元格*）。
# - **先读，再预测，后运行。** 每课都是一小段概念讲解（markdown）和演示它的代码交替出现。运行一个单元格之前，先猜一猜它会打印什么。
# - **滑块（探索器）。** 有些单元格会显示一个交互控件，例如有限差分的步长 $h$。它们需要一个正在运行的内核：拖动滑块，图像就随之变化。
# - **练习。** 每课最后有 2–4 道练习，每道都由三个单元格组成：
#   1. 以 `# Exercise N` 开头的单元格，里面有一段待补全的代码（`answer = None  # your code here`）；
#   2. 以 `# Self-check N` 开头的自检单元格：写好答案后运行它。它会打印“尚未作答”“正确”，或者指出哪里还不对（和期望值比差在哪里，并给出一条提示）；
#   3. 一份隐藏的**参考答案**（点击展开）——先自己做，再对照。
# - **讲义原文中的例子。** 本课程依据一组讲义原文编写，其中的例子在课程里以同样的数字出现（例如下面的 `y = 2 * dot(x, x)`）。在终端里运行 `autodiff-course check`，可以一次运行全部这些例子。

# %% [markdown]
# ## Check your setup
#
# Run the next cell. It should print the location of `course_lib` and then the seed's first
# example: $y = 2\,\langle x, x\rangle$ for $x = (0, 1, 2, 3)$ is 28, and its gradient is
# $4x = (0, 4, 8, 12)$.
# <!-- zh -->
# ## 检查你的环境
#
# 运行下一个单元格。它应当先打印 `course_lib` 所在的位置，然后运行讲义原文的第一个例子：当 $x = (0, 1, 2, 3)$ 时，$y = 2\,\langle x, x\rangle$ 等于 28，梯度为 $4x = (0, 4, 8, 12)$。

# %%
import sys

import course_lib as cl
from course_lib.exercises import check
from course_lib.i18n import tr

print("Python", sys.version.split()[0], tr("— course_lib from", "— course_lib 位于"), cl.__file__)

x = cl.arange(4.0, requires_grad=True)
print(x.grad)  # None: no gradient computed yet
y = 2 * cl.dot(x, x)
print(y)
y.backward()
print(x.grad)

# %%
# What works on this machine (✓), and for anything missing (✗) the one command that fixes it
from course_lib.viz import setup_report

setup_report()

# %% [markdown]
# And the sliders: the next cell should show one (in a browser; a headless run shows its
# description instead). If it prints text like `IntSlider(...)` in JupyterLab, the widget
# extension is missing: reinstall with `pip install -e .` from the repository root.
# <!-- zh -->
# 再检查滑块：下一个单元格应当显示一个滑块（在浏览器中显示；无界面运行时只显示它的文字描述）。如果在 JupyterLab 中它只打印出 `IntSlider(...)` 这样的文字，说明缺少控件扩展：在仓库根目录下运行 `pip install -e .` 重新安装。

# %%
import ipywidgets

ipywidgets.IntSlider(value=3, min=0, max=10, description=tr("try me", "拖我试试"))

# %% [markdown]
# ## Practise the exercise pattern
#
# **Exercise 1.** The seed's $F(x) = 2x^2$ has the derivative $F'(x) = 4x$. What is $F'(3)$?
# Replace `None` by your number, run the cell, then run the self-check.
# <!-- zh -->
# ## 熟悉一下练习的流程
#
# **练习 1。** 讲义原文中的 $F(x) = 2x^2$ 的导数是 $F'(x) = 4x$。$F'(3)$ 等于多少？把 `None` 换成你算出的数，运行这个单元格，然后运行自检单元格。

# %%
# Exercise 1
answer = None  # your code here

# %%
# Self-check 1
x = cl.tensor(3.0, requires_grad=True)
(2 * x**2).backward()
check(1, answer, x.grad.item(), hint=tr("F'(x) = 4x; put x = 3", "F'(x) = 4x，代入 x = 3"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# answer = 4 * 3  # F'(x) = 4x at x = 3
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 1
# answer = 4 * 3  # F'(x) = 4x at x = 3
# ```
#
# </details>

# %% [markdown]
# ## Course map
#
# Work through the lessons in order; each builds on the ones before.
#
# | # | lesson | what you learn |
# |---|---|---|
# | 01 | [Derivatives and differentials](01_derivatives.ipynb) | rate of change, the limit definition, the tangent line, dy vs Δy, the derivative rules, f′ = 0 and local extrema |
# | 02 | [Subgradients and \|x\|](02_subgradients.ipynb) | left/right derivatives, the subdifferential [−1, 1], what autograd returns at a kink |
# | 03 | [Numeric differentiation from Taylor series](03_numeric_differentiation.ipynb) | Taylor's remainder, forward/central/five-point formulas, truncation vs round-off, optimal h, why O(n) evaluations per gradient (2n per Jacobian) is too slow |
# | 04 | [Gradients, Jacobians and shapes](04_gradients_and_shapes.ipynb) | partial derivatives, steepest ascent, one shape convention, why ∂loss/∂W has W's shape, ∇ xᵀAx and ∇‖x‖ |
# | 05 | [The chain rule](05_chain_rule.ipynb) | cos(x² − 1), several paths, the vector chain rule with Jacobians, (⟨x, w⟩ − y)² and ‖Xw − y‖² by hand, inverse functions |
# | 06 | [Computational graphs; forward vs reverse mode](06_graphs_forward_reverse.ipynb) | explicit vs implicit graphs, both accumulation modes traced step by step, their cost |
# | 07 | [Autograd in practice](07_autograd_in_practice.ipynb) | requires_grad, grad_fn, accumulation and zero_(), gradient= (VJPs), detach, no_grad, higher order |
# | 08 | [Autograd through control flow](08_control_flow.ipynb) | the seed's f(a) with while/if, why its gradient is f(a)/a, branches and their boundaries |
# | 09 | [Gradient descent](09_gradient_descent.ipynb) | the training loop, the step-size explorer, divergence beyond 2/L, subgradient descent |
# | 10 | [Backpropagation in a feed-forward network](10_backprop_mlp.ipynb) | a network's backward pass by hand, checked by autograd and gradcheck, then training an MLP |
# | 11 | [Symbolic vs numeric vs automatic](11_symbolic_numeric_automatic.ipynb) | one derivative three ways, expression swell, accuracy and cost: when to use which |
#
# Lessons 1–3 are about derivatives of one variable and how (not) to compute them numerically;
# 4–5 take them to vectors and matrices and to the chain rule; 6–8 show how autograd applies
# the chain rule to a program; 9–10 use gradients to train models; 11 puts the three ways of
# differentiating side by side.
# <!-- zh -->
# ## 课程地图
#
# 请按顺序学习；每一课都以前面各课为基础。
#
# | # | 课 | 学什么 |
# |---|---|---|
# | 01 | [导数与微分](01_derivatives.ipynb) | 变化率、极限定义、切线、dy 与 Δy、求导法则、f′ = 0 与局部极值 |
# | 02 | [次梯度与 \|x\|](02_subgradients.ipynb) | 左导数与右导数、次微分 [−1, 1]、自动求导在折点处返回什么 |
# | 03 | [由泰勒级数推导数值微分](03_numeric_differentiation.ipynb) | 泰勒余项，前向、中心和五点差分公式，截断误差与舍入误差，最优步长 h，为什么每个梯度要 O(n) 次求值（每个雅可比矩阵要 2n 次）太慢 |
# | 04 | [梯度、雅可比矩阵与形状](04_gradients_and_shapes.ipynb) | 偏导数、最速上升方向、统一的形状约定、为什么 ∂loss/∂W 的形状与 W 相同、∇ xᵀAx 与 ∇‖x‖ |
# | 05 | [链式法则](05_chain_rule.ipynb) | cos(x² − 1)、多条路径、用雅可比矩阵表示的向量链式法则、手推 (⟨x, w⟩ − y)² 和 ‖Xw − y‖²、反函数 |
# | 06 | [计算图；前向模式与反向模式](06_graphs_forward_reverse.ipynb) | 显式与隐式构造的计算图、逐步追踪两种累积模式、它们的开销 |
# | 07 | [自动求导实践](07_autograd_in_practice.ipynb) | requires_grad、grad_fn、梯度累积与 zero_()、gradient= 参数（向量-雅可比积）、detach、no_grad、高阶导数 |
# | 08 | [控制流中的自动求导](08_control_flow.ipynb) | 讲义原文中带 while/if 的 f(a)、为什么它的梯度是 f(a)/a、分支及其边界 |
# | 09 | [梯度下降](09_gradient_descent.ipynb) | 训练循环、步长探索器、步长超过 2/L 时发散、次梯度下降 |
# | 10 | [前馈神经网络中的反向传播](10_backprop_mlp.ipynb) | 手推一个网络的反向传播，用自动求导和 gradcheck 验证，再训练一个多层感知机 |
# | 11 | [符号微分、数值微分与自动微分](11_symbolic_numeric_automatic.ipynb) | 用三种方法求同一个导数、表达式膨胀、精度与开销：什么时候该用哪一种 |
#
# 第 1–3 课讲一元函数的导数，以及怎样用数值方法计算它们（又为什么不该这样算）；第 4–5 课把导数推广到向量和矩阵，并讲链式法则；第 6–8 课展示自动求导怎样把链式法则应用到一段程序上；第 9–10 课用梯度训练模型；第 11 课把三种求导方法放在一起比较。

# %% [markdown]
# ## The d2l exercises, lesson by lesson
#
# The course covers every exercise of *Dive into Deep Learning* (d2l.ai, English edition)
# §2.4 *Calculus* and §2.5 *Automatic Differentiation*, numbered as on the site. Each link
# opens the cell that works it out — as an exercise for you or as a worked example.
#
# | d2l | what it asks | where |
# |---|---|---|
# | 2.4.1 | derivatives of $c$, $x^n$, $e^x$, $\log x$ from the definition | [Lesson 1](01_derivatives.ipynb#d2l-2-4-1) |
# | 2.4.2 | the product, sum and quotient rules from first principles | [Lesson 1](01_derivatives.ipynb#d2l-2-4-2) |
# | 2.4.3 | the constant multiple rule as a case of the product rule | [Lesson 1](01_derivatives.ipynb#d2l-2-4-3) |
# | 2.4.4 | the derivative of $x^x$ | [Lesson 1, exercise](01_derivatives.ipynb#d2l-2-4-4) |
# | 2.4.5 | what $f'(x) = 0$ means, with an example | [Lesson 1](01_derivatives.ipynb#d2l-2-4-5) |
# | 2.4.6 | $x^3 - 1/x$ and its tangent at $x = 1$ | [Lesson 1, exercise](01_derivatives.ipynb#d2l-2-4-6) |
# | 2.4.7 | the gradient of $3x_1^2 + 5e^{x_2}$ | [Lesson 4, exercise](04_gradients_and_shapes.ipynb#d2l-2-4-7) |
# | 2.4.8 | the gradient of $\lVert x \rVert_2$, and what happens at $x = 0$ | [Lesson 4](04_gradients_and_shapes.ipynb#d2l-2-4-8) |
# | 2.4.9 | the chain rule for $u = f(x, y, z)$ with $x, y, z$ functions of $(a, b)$ | [Lesson 5](05_chain_rule.ipynb#d2l-2-4-9) |
# | 2.4.10 | the derivative of an inverse function | [Lesson 5, exercise](05_chain_rule.ipynb#d2l-2-4-10) |
# | 2.5.1 | why a second derivative costs more than the first | [Lesson 7](07_autograd_in_practice.ipynb#d2l-2-5-1) |
# | 2.5.2 | running backward twice | [Lesson 7](07_autograd_in_practice.ipynb#d2l-2-5-2) |
# | 2.5.3 | the control-flow `f(a)` with a vector or matrix `a` | [Lesson 8](08_control_flow.ipynb#d2l-2-5-3) |
# | 2.5.4 | plotting $\sin x$ and its derivative by autodiff | [Lesson 7](07_autograd_in_practice.ipynb#d2l-2-5-4) |
# | 2.5.5 | the dependency graph of $f(x) = ((\log x^2) \cdot \sin x) + 1/x$ | [Lesson 6](06_graphs_forward_reverse.ipynb#d2l-2-5-5) |
# | 2.5.6 | the chain rule placed on that graph | [Lesson 6](06_graphs_forward_reverse.ipynb#d2l-2-5-6) |
# | 2.5.7 | evaluating it forward ($x \to f$) and backward ($f \to x$) | [Lesson 6, exercise](06_graphs_forward_reverse.ipynb#d2l-2-5-7) |
# | 2.5.8 | when forward mode and when reverse mode | [Lesson 6](06_graphs_forward_reverse.ipynb#d2l-2-5-8) |
# <!-- zh -->
# ## d2l 的练习，逐课对照
#
# 本课程覆盖了《动手学深度学习》（*Dive into Deep Learning*，d2l.ai 英文版）§2.4“微积分”和 §2.5“自动微分”的全部练习，编号与英文网站一致（中文版 zh.d2l.ai 基于较早的英文版，练习的数量和编号不完全相同）。每个链接都会打开解答该题的单元格——有的留给你作练习，有的作为讲解的例题。
#
# | d2l | 题目要求 | 在哪里 |
# |---|---|---|
# | 2.4.1 | 由定义求 $c$、$x^n$、$e^x$、$\log x$ 的导数 | [第 1 课](01_derivatives.ipynb#d2l-2-4-1) |
# | 2.4.2 | 从定义出发推导乘法法则、加法法则和除法法则 | [第 1 课](01_derivatives.ipynb#d2l-2-4-2) |
# | 2.4.3 | 常数倍法则是乘法法则的特例 | [第 1 课](01_derivatives.ipynb#d2l-2-4-3) |
# | 2.4.4 | $x^x$ 的导数 | [第 1 课，练习](01_derivatives.ipynb#d2l-2-4-4) |
# | 2.4.5 | $f'(x) = 0$ 意味着什么，举一个例子 | [第 1 课](01_derivatives.ipynb#d2l-2-4-5) |
# | 2.4.6 | $x^3 - 1/x$ 及其在 $x = 1$ 处的切线 | [第 1 课，练习](01_derivatives.ipynb#d2l-2-4-6) |
# | 2.4.7 | $3x_1^2 + 5e^{x_2}$ 的梯度 | [第 4 课，练习](04_gradients_and_shapes.ipynb#d2l-2-4-7) |
# | 2.4.8 | $\lVert x \rVert_2$ 的梯度，以及在 $x = 0$ 处会怎样 | [第 4 课](04_gradients_and_shapes.ipynb#d2l-2-4-8) |
# | 2.4.9 | $u = f(x, y, z)$ 的链式法则，其中 $x, y, z$ 是 $(a, b)$ 的函数 | [第 5 课](05_chain_rule.ipynb#d2l-2-4-9) |
# | 2.4.10 | 反函数的导数 | [第 5 课，练习](05_chain_rule.ipynb#d2l-2-4-10) |
# | 2.5.1 | 为什么二阶导数比一阶导数的开销更大 | [第 7 课](07_autograd_in_practice.ipynb#d2l-2-5-1) |
# | 2.5.2 | 连续运行两次反向传播会怎样 | [第 7 课](07_autograd_in_practice.ipynb#d2l-2-5-2) |
# | 2.5.3 | 控制流例子中的 `f(a)`，当 `a` 是向量或矩阵时 | [第 8 课](08_control_flow.ipynb#d2l-2-5-3) |
# | 2.5.4 | 用自动微分画出 $\sin x$ 及其导数 | [第 7 课](07_autograd_in_practice.ipynb#d2l-2-5-4) |
# | 2.5.5 | $f(x) = ((\log x^2) \cdot \sin x) + 1/x$ 的依赖关系图 | [第 6 课](06_graphs_forward_reverse.ipynb#d2l-2-5-5) |
# | 2.5.6 | 把链式法则标在这张图上 | [第 6 课](06_graphs_forward_reverse.ipynb#d2l-2-5-6) |
# | 2.5.7 | 沿正向（$x \to f$）和反向（$f \to x$）对它求导 | [第 6 课，练习](06_graphs_forward_reverse.ipynb#d2l-2-5-7) |
# | 2.5.8 | 什么时候用前向模式，什么时候用反向模式 | [第 6 课](06_graphs_forward_reverse.ipynb#d2l-2-5-8) |

# %% [markdown]
# ## The assignments
#
# Graded assignments live in `assignments/<name>/<name>.ipynb` (nbgrader). Do each one after
# the lessons it builds on:
#
# | assignment | after lessons | what you do |
# |---|---|---|
# | `a1_derivatives` | 1–3 | implement finite-difference formulas, measure their orders, find the best `h` in float32 and float64, the derivative of \|x\| at 0 |
# | `a2_chain_rule` | 4–5 | gradients and the chain rule by hand, as numpy formulas, with their shapes — checked against autograd |
# | `a3_build_autodiff` | 5–7 | build a small reverse-mode autodiff engine (a `Value` class, topological sort, backprop) and forward mode with dual numbers |
# | `a4_autograd_in_practice` | 7–10 | autograd through control flow, `detach`, vector-Jacobian products, gradient descent, a small network |
#
# How they work:
#
# - Write your code where a cell says `# YOUR CODE HERE` (delete the `raise NotImplementedError()`
#   line there). Do not rename functions or variables the question names.
# - Run the test cell under each answer: a ✓ means the visible checks pass; a failure explains
#   what was expected, what came back, and which lesson to reread. Grading runs more (hidden)
#   checks of the same kind, so make your code correct in general.
# - Before submitting: *Kernel → Restart Kernel and Run All Cells*, and make sure nothing fails.
#   Then hand in the `.ipynb` file the way your instructor asks (e.g. upload it to the course
#   site).
# <!-- zh -->
# ## 作业
#
# 计分作业在 `assignments/<name>/<name>.ipynb`（nbgrader 格式）；有中文版的作业另外发布在 `assignments/zh/<name>/<name>.ipynb`，题目编号、分值和代码都与英文版相同，两者按同一标准评分。每份作业请在学完它所依赖的几课之后再做：
#
# | 作业 | 先学完 | 要做什么 |
# |---|---|---|
# | `a1_derivatives` | 第 1–3 课 | 实现有限差分公式并测量它们的阶，分别在 float32 和 float64 下找出最佳的 `h`，求 \|x\| 在 0 处的导数 |
# | `a2_chain_rule` | 第 4–5 课 | 手推梯度和链式法则，写成 numpy 公式并标明形状——再用自动求导核对 |
# | `a3_build_autodiff` | 第 5–7 课 | 构建一个小型反向模式自动微分引擎（`Value` 类、拓扑排序、反向传播），再用对偶数实现前向模式 |
# | `a4_autograd_in_practice` | 第 7–10 课 | 控制流中的自动求导、`detach`、向量-雅可比积、梯度下降、一个小型网络 |
#
# 作业怎么做：
#
# - 在注明 `# YOUR CODE HERE` 的地方写代码（删掉那里的 `raise NotImplementedError()` 一行）。题目中指明的函数名和变量名不要改。
# - 运行每个答案下面的测试单元格：✓ 表示可见的检查都通过了；如果失败，它会说明期望的是什么、实际返回了什么，以及该重读哪一课。评分时还会运行更多同类的（隐藏）检查，所以你的代码要对一般的输入都正确，而不只是对这几个例子。
# - 提交之前：选 *Kernel → Restart Kernel and Run All Cells*（中文界面：*内核 → 重启内核并运行所有单元格*），确认没有任何失败。然后按教师要求的方式提交 `.ipynb` 文件（例如上传到课程网站）。

# %% [markdown]
# ## Glossary: English ↔ 中文
#
# The seed texts of this course are Chinese; PyTorch's documentation and most papers are
# English. The same idea under both names, as *Dive into Deep Learning* (动手学深度学习) and the
# seeds write them:
#
# | English | 中文 | first met in |
# |---|---|---|
# | derivative | 导数 | [Lesson 1](01_derivatives.ipynb) |
# | differential ($dy$), increment ($\Delta y$) | 微分，增量 | [Lesson 1](01_derivatives.ipynb) |
# | tangent line | 切线 | [Lesson 1](01_derivatives.ipynb) |
# | local extremum, stationary point | 局部极值，驻点 | [Lesson 1](01_derivatives.ipynb) |
# | subgradient | 次梯度（种子文本称 亚导数） | [Lesson 2](02_subgradients.ipynb) |
# | subdifferential | 次微分 | [Lesson 2](02_subgradients.ipynb) |
# | Taylor series, Maclaurin series | 泰勒级数，麦克劳林级数 | [Lesson 3](03_numeric_differentiation.ipynb) |
# | numerical differentiation | 数值微分 | [Lesson 3](03_numeric_differentiation.ipynb) |
# | forward / backward / central difference | 前向 / 后向 / 中心差分 | [Lesson 3](03_numeric_differentiation.ipynb) |
# | step size $h$ | 步长 $h$ | [Lesson 3](03_numeric_differentiation.ipynb) |
# | truncation error, round-off error | 截断误差，舍入误差 | [Lesson 3](03_numeric_differentiation.ipynb) |
# | machine epsilon | 机器精度 | [Lesson 3](03_numeric_differentiation.ipynb) |
# | partial derivative | 偏导数 | [Lesson 4](04_gradients_and_shapes.ipynb) |
# | gradient | 梯度 | [Lesson 4](04_gradients_and_shapes.ipynb) |
# | Jacobian (matrix) | 雅可比矩阵 | [Lesson 4](04_gradients_and_shapes.ipynb) |
# | Hessian (matrix) | 黑塞矩阵（海森矩阵） | [Lesson 9](09_gradient_descent.ipynb) |
# | chain rule | 链式法则 | [Lesson 5](05_chain_rule.ipynb) |
# | computational graph | 计算图 | [Lesson 6](06_graphs_forward_reverse.ipynb) |
# | forward accumulation (forward mode) | 正向累积（前向模式） | [Lesson 6](06_graphs_forward_reverse.ipynb) |
# | reverse accumulation (reverse mode) | 反向累积（反向模式） | [Lesson 6](06_graphs_forward_reverse.ipynb) |
# | Jacobian-vector product (JVP) | 雅可比-向量积 | [Lesson 6](06_graphs_forward_reverse.ipynb) |
# | vector-Jacobian product (VJP) | 向量-雅可比积 | [Lesson 7](07_autograd_in_practice.ipynb) |
# | automatic differentiation (autograd) | 自动微分 | [Lesson 7](07_autograd_in_practice.ipynb) |
# | leaf tensor, `requires_grad` | 叶子张量，需要梯度 | [Lesson 7](07_autograd_in_practice.ipynb) |
# | detach | 分离（detach） | [Lesson 7](07_autograd_in_practice.ipynb) |
# | control flow | 控制流 | [Lesson 8](08_control_flow.ipynb) |
# | gradient descent, learning rate | 梯度下降，学习率 | [Lesson 9](09_gradient_descent.ipynb) |
# | loss function | 损失函数 | [Lesson 9](09_gradient_descent.ipynb) |
# | backpropagation | 反向传播 | [Lesson 10](10_backprop_mlp.ipynb) |
# | feed-forward network, hidden layer | 前馈神经网络，隐藏层 | [Lesson 10](10_backprop_mlp.ipynb) |
# | multilayer perceptron (MLP) | 多层感知机 | [Lesson 10](10_backprop_mlp.ipynb) |
# | gradient checking | 梯度检验 | [Lesson 10](10_backprop_mlp.ipynb) |
# | symbolic differentiation | 符号微分 | [Lesson 11](11_symbolic_numeric_automatic.ipynb) |
#
# Code stays in English in both editions, like PyTorch: `requires_grad`, `backward()`, `grad_fn`.
# <!-- zh -->
# ## 术语对照表：English ↔ 中文
#
# 本课程的讲义原文是中文的，而 PyTorch 的文档和大多数论文是英文的。下表列出同一个概念的中英文两种叫法，中文采用《动手学深度学习》和讲义原文的写法；在讲义原文、中文版课程和英文文档（PyTorch、d2l）之间来回切换时，可以随时查这张表。“释义”一栏用一句话说明这个词在本课程中的意思。
#
# | 中文 | English | 释义 | 首次出现 |
# |---|---|---|---|
# | 导数 | derivative | 瞬时变化率，也就是切线的斜率 | [第 1 课](01_derivatives.ipynb) |
# | 微分，增量 | differential ($dy$), increment ($\Delta y$) | 沿切线的变化量与沿曲线的真实变化量 | [第 1 课](01_derivatives.ipynb) |
# | 切线 | tangent line | 过曲线上一点、斜率等于该点导数的直线 | [第 1 课](01_derivatives.ipynb) |
# | 局部极值，驻点 | local extremum, stationary point | 附近最大或最小的点；导数为零的点 | [第 1 课](01_derivatives.ipynb) |
# | 次梯度（讲义原文称亚导数） | subgradient | 在不可导的折点处，始终位于凸函数图像下方的直线的斜率 | [第 2 课](02_subgradients.ipynb) |
# | 次微分 | subdifferential | 一点处全部次梯度构成的集合 | [第 2 课](02_subgradients.ipynb) |
# | 泰勒级数，麦克劳林级数 | Taylor series, Maclaurin series | 用各阶导数把函数展开成幂级数；在零点处展开时称麦克劳林级数 | [第 3 课](03_numeric_differentiation.ipynb) |
# | 数值微分 | numerical differentiation | 用函数值的差商近似导数 | [第 3 课](03_numeric_differentiation.ipynb) |
# | 前向 / 后向 / 中心差分 | forward / backward / central difference | 三种取差商的方式 | [第 3 课](03_numeric_differentiation.ipynb) |
# | 步长 $h$ | step size $h$ | 差商中自变量移动的距离 | [第 3 课](03_numeric_differentiation.ipynb) |
# | 截断误差，舍入误差 | truncation error, round-off error | 公式本身的近似误差；浮点运算带来的误差 | [第 3 课](03_numeric_differentiation.ipynb) |
# | 机器精度 | machine epsilon | 浮点数能分辨的最小相对差距 | [第 3 课](03_numeric_differentiation.ipynb) |
# | 偏导数 | partial derivative | 其他变量固定时，沿一个坐标轴的变化率 | [第 4 课](04_gradients_and_shapes.ipynb) |
# | 梯度 | gradient | 全部偏导数组成的向量，指向函数增长最快的方向 | [第 4 课](04_gradients_and_shapes.ipynb) |
# | 雅可比矩阵 | Jacobian (matrix) | 向量函数的全部偏导数排成的矩阵 | [第 4 课](04_gradients_and_shapes.ipynb) |
# | 黑塞矩阵（海森矩阵） | Hessian (matrix) | 全部二阶偏导数排成的矩阵 | [第 9 课](09_gradient_descent.ipynb) |
# | 链式法则 | chain rule | 复合函数的导数等于各层导数的乘积 | [第 5 课](05_chain_rule.ipynb) |
# | 计算图 | computational graph | 把计算拆成基本运算后得到的有向无环图 | [第 6 课](06_graphs_forward_reverse.ipynb) |
# | 正向累积（前向模式） | forward accumulation (forward mode) | 从输入到输出，伴随求值一起计算导数 | [第 6 课](06_graphs_forward_reverse.ipynb) |
# | 反向累积（反向模式） | reverse accumulation (reverse mode) | 先求值并存下中间结果，再从输出反向计算导数 | [第 6 课](06_graphs_forward_reverse.ipynb) |
# | 雅可比-向量积 | Jacobian-vector product (JVP) | 一次前向模式计算得到的结果 | [第 6 课](06_graphs_forward_reverse.ipynb) |
# | 向量-雅可比积 | vector-Jacobian product (VJP) | 一次反向模式计算得到的结果 | [第 7 课](07_autograd_in_practice.ipynb) |
# | 自动微分（讲义原文常说自动求导） | automatic differentiation (autograd) | 按计算图逐个运算应用链式法则，得到精确的导数 | [第 7 课](07_autograd_in_practice.ipynb) |
# | 叶子张量，需要梯度 | leaf tensor, `requires_grad` | 由用户直接创建、反向传播后在其中存放梯度的张量 | [第 7 课](07_autograd_in_practice.ipynb) |
# | 分离（detach） | detach | 把一个张量从计算图中分离出来，当作常数 | [第 7 课](07_autograd_in_practice.ipynb) |
# | 控制流 | control flow | 程序中的条件分支和循环 | [第 8 课](08_control_flow.ipynb) |
# | 梯度下降，学习率 | gradient descent, learning rate | 沿负梯度方向更新参数；每一步走多远 | [第 9 课](09_gradient_descent.ipynb) |
# | 损失函数 | loss function | 衡量模型输出与目标差距的函数，训练就是让它变小 | [第 9 课](09_gradient_descent.ipynb) |
# | 反向传播 | backpropagation | 在神经网络上运用反向模式求出全部参数的梯度 | [第 10 课](10_backprop_mlp.ipynb) |
# | 前馈神经网络，隐藏层 | feed-forward network, hidden layer | 数据单向逐层传递的网络；输入层和输出层之间的层 | [第 10 课](10_backprop_mlp.ipynb) |
# | 多层感知机 | multilayer perceptron (MLP) | 由全连接层和激活函数堆叠而成的前馈网络 | [第 10 课](10_backprop_mlp.ipynb) |
# | 梯度检验 | gradient checking | 用数值微分核对自动求导得到的梯度 | [第 10 课](10_backprop_mlp.ipynb) |
# | 符号微分 | symbolic differentiation | 按求导法则对表达式做变换，得到导数的公式 | [第 11 课](11_symbolic_numeric_automatic.ipynb) |
#
# 两个版本中的代码都保持英文，与 PyTorch 一样：`requires_grad`、`backward()`、`grad_fn`。

# %% [markdown]
# ## Where to get help
#
# - `help(cl.Tensor)`, or `cl.tensor?` in a cell, shows the documentation of anything in
#   `course_lib`. Error messages in `course_lib` name the tensor or shape involved and the fix —
#   read them to the end.
# - The library's source is meant to be read: `course_lib/tensor.py` (the Tensor),
#   `course_lib/ops/` (each operation's forward and backward side by side),
#   `course_lib/autograd/engine.py` (what `backward()` does).
#
# Ready? Start with [Lesson 1 — Derivatives and differentials](01_derivatives.ipynb).
# <!-- zh -->
# ## 遇到问题怎么办
#
# - `help(cl.Tensor)`，或者在单元格里输入 `cl.tensor?`，可以查看 `course_lib` 中任何对象的文档。`course_lib` 的错误信息会指出出问题的张量或形状，并给出修改办法——请把它读完。
# - 这个库的源代码就是写来给人读的：`course_lib/tensor.py`（张量类 Tensor）、`course_lib/ops/`（每个运算的前向计算和反向计算并排写在一起）、`course_lib/autograd/engine.py`（`backward()` 做了什么）。
#
# 准备好了吗？从[第 1 课 — 导数与微分](01_derivatives.ipynb)开始吧。
