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

# %% [markdown]
# ## Check your setup
#
# Run the next cell. It should print the location of `course_lib` and then the seed's first
# example: $y = 2\,\langle x, x\rangle$ for $x = (0, 1, 2, 3)$ is 28, and its gradient is
# $4x = (0, 4, 8, 12)$.

# %%
import sys

import course_lib as cl
from course_lib.exercises import check

print("Python", sys.version.split()[0], "— course_lib from", cl.__file__)

x = cl.arange(4.0, requires_grad=True)
print(x.grad)  # None: no gradient computed yet
y = 2 * cl.dot(x, x)
print(y)
y.backward()
print(x.grad)

# %% [markdown]
# And the sliders: the next cell should show one (in a browser; a headless run shows its
# description instead). If it prints text like `IntSlider(...)` in JupyterLab, the widget
# extension is missing: reinstall with `pip install -e .` from the repository root.

# %%
import ipywidgets

ipywidgets.IntSlider(value=3, min=0, max=10, description="try me")

# %% [markdown]
# ## Practise the exercise pattern
#
# **Exercise 1.** The seed's $F(x) = 2x^2$ has the derivative $F'(x) = 4x$. What is $F'(3)$?
# Replace `None` by your number, run the cell, then run the self-check.

# %%
# Exercise 1
answer = None  # your code here

# %%
# Self-check 1
x = cl.tensor(3.0, requires_grad=True)
(2 * x**2).backward()
check(1, answer, x.grad.item(), hint="F'(x) = 4x; put x = 3")

# %% [markdown]
# <details><summary>Solution</summary>
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
# | `a3_build_autodiff` | 5–7 | build a small reverse-mode autodiff engine (a `Value` class, topological sort, backprop) and test it with finite differences |
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
