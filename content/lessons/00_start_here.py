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

# %%
# What works on this machine (✓), and for anything missing (✗) the one command that fixes it
from course_lib.viz import setup_report

setup_report()

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
# | 01 | [Derivatives and differentials](01_derivatives.ipynb) | rate of change, the limit definition, the tangent line, dy vs Δy, the derivative rules |
# | 02 | [Subgradients and |x|](02_subgradients.ipynb) | left/right derivatives, the subdifferential [−1, 1], what autograd returns at a kink |
# | 03 | [Numeric differentiation from Taylor series](03_numeric_differentiation.ipynb) | forward/central/five-point formulas, truncation vs round-off, optimal h, why O(n) is too slow |
# | 04 | [Gradients, Jacobians and shapes](04_gradients_and_shapes.ipynb) | partial derivatives, steepest ascent, shape conventions, why ∂loss/∂W has W's shape |
# | 05 | [The chain rule](05_chain_rule.ipynb) | cos(x² − 1), the vector chain rule with Jacobians, (⟨x, w⟩ − y)² and ‖Xw − y‖² by hand |
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
