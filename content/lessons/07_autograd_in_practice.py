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

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function
from course_lib.functional import jacobian
from course_lib.gradcheck import gradcheck

# %% [markdown]
# ## 1. `requires_grad`, `backward`, `.grad` — the seed's example
#
# We want the gradient of $y = 2\,x^\top x$ with respect to the column vector $x = [0, 1, 2, 3]$.
# Step by step, exactly as in the seed:

# %%
x = cl.arange(4.0)
x

# %% [markdown]
# Before computing $y$, tell the library to record operations on `x` and to keep a place for its
# gradient (equivalently: `x = cl.arange(4.0, requires_grad=True)`). No gradient has been computed
# yet, so `x.grad` starts as `None`:

# %%
x.requires_grad_(True)
print(x.grad)

# %%
y = 2 * cl.dot(x, x)
y

# %% [markdown]
# `y` shows its value, 28, and `grad_fn=<MulBackward0>`: the operation that produced it (the
# multiplication by 2), recorded for the way back. Now backpropagate and read the gradient:

# %%
y.backward()
x.grad

# %% [markdown]
# By hand, $y = 2\sum_i x_i^2$, so $\partial y/\partial x_i = 4x_i$ — the gradient is $4x$:

# %%
x.grad == 4 * x

# %% [markdown]
# ## 2. `grad_fn`, leaves and the graph
#
# `requires_grad` spreads: a result computed from a tensor that requires grad requires grad too,
# and gets a `grad_fn` — the graph node of Lesson 6. Tensors you create yourself are **leaves**
# (`is_leaf`, no `grad_fn`); only leaves get their `.grad` filled by `backward()`. A result of
# constants only is a constant.

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

# %% [markdown]
# ## 3. Gradients accumulate: clear them with `zero_()`
#
# `backward()` **adds** into `.grad`; it does not overwrite it. To compute the gradient of another
# function of `x`, clear the old one first. The seed's second function, $y = \sum_i x_i$, whose
# gradient is all ones:

# %%
x.grad.zero_()
y = x.sum()
y.backward()
x.grad

# %% [markdown]
# Forgetting to clear is the classic bug. The seed's "wrong vs right" loop:

# %%
x = cl.arange(4.0, requires_grad=True)
for _ in range(10):  # wrong: nobody clears x.grad
    y = x.sum()
    y.backward()  # the gradients add up!
print("without zeroing   :", x.grad)

for _ in range(10):  # right: clear, then backward
    x.grad.zero_()
    y = x.sum()
    y.backward()
print("zeroing every time:", x.grad)

optimizer = cl.nn.SGD([x], lr=0.1)
optimizer.zero_grad()  # what a training loop calls; like PyTorch, it sets .grad to None
print("after optimizer.zero_grad():", x.grad)

# %% [markdown]
# Why accumulate at all? Because adding is exactly what the chain rule needs when a variable
# reaches the loss along several paths (Lesson 5), and because it lets you split a big batch:
# the gradient of a sum of losses is the sum of their gradients, so two half-batches with two
# `backward()` calls give the same `.grad` as one full batch.

# %%
w = cl.tensor([0.5, -1.0], requires_grad=True)
X = cl.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
((X @ w) ** 2).sum().backward()
full = w.grad.clone()

w.grad = None
((X[:2] @ w) ** 2).sum().backward()  # first half
((X[2:] @ w) ** 2).sum().backward()  # second half: adds into w.grad
print("full batch:", full, "| two halves accumulated:", w.grad)


# %% [markdown]
# ## 4. Non-scalar outputs: `gradient=` is a vector-Jacobian product
#
# `backward()` with no argument needs a scalar. For $y \in \mathbb{R}^m$ the derivative is a whole
# Jacobian $J$ ($m \times n$), and autograd does not build it. Instead `y.backward(gradient=v)`
# takes a vector $v$ of $y$'s shape and computes the **vector-Jacobian product** $v^\top J$ — the
# gradient of the scalar $v \cdot y$. Without $v$ we get an error (Section 9 collects errors; this
# helper prints an error instead of stopping the notebook):

# %%
def show_error(action):
    """Run action(); print the error it raises (type and message) instead of stopping."""
    try:
        action()
    except Exception as err:
        print(f"{type(err).__name__}: {err}")
    else:
        print("(no error)")


x = cl.arange(4.0, requires_grad=True)
y = x * x
show_error(lambda: y.backward())

# %% [markdown]
# The seed's example: $y = 2x$, and $v = [1, 0, 0]$ selects the first output, so $v^\top J$ is the
# gradient of $y_1$ alone: $[2, 0, 0]$.

# %%
cl.manual_seed(0)
x = cl.randn(3, requires_grad=True)
y = x * 2
v = cl.tensor([1.0, 0.0, 0.0])  # choose the output component we care about
y.backward(gradient=v)
print(x.grad)
print("vᵀJ with J from jacobian():", v @ jacobian(lambda x: x * 2, x))

# %% [markdown]
# In deep learning we rarely want the Jacobian matrix: we want the **sum** of the per-sample
# partial derivatives over a batch. That is $v = [1, 1, \dots, 1]$, i.e. `y.sum().backward()`.
# The seed's $y = x \cdot x$ (elementwise), whose gradient is $2x$:

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

# %%
x.grad.zero_()
y.sum().backward()
print("x.grad == 2 * x:", x.grad == 2 * x)

# %% [markdown]
# Use `detach()` to stop gradients on purpose (a fixed target, frozen features) and to take values
# out of the graph for logging or plotting (`t.detach().numpy()`, `t.item()`).

# %% [markdown]
# ## 6. `no_grad()`: don't record at all
#
# Inside `with cl.no_grad():` nothing is recorded: results have `requires_grad=False` and no
# `grad_fn`, and no memory is spent on a graph. Use it for evaluation and for **parameter
# updates**, which must not become part of the next step's graph. Update the leaf *in place*
# (`sub_`), so the same tensor — still a leaf that requires grad — goes into the next step:

# %%
w = cl.tensor([1.0, -2.0], requires_grad=True)
with cl.no_grad():
    doubled = w * 2
print("inside no_grad:", doubled, "| requires_grad", doubled.requires_grad,
      "| grad_fn", doubled.grad_fn)

loss = (w * w).sum()
loss.backward()
with cl.no_grad():
    w.sub_(0.1 * w.grad)  # w ← w − lr·∇loss, in place, not recorded (or: w -= 0.1 * w.grad)
w.grad.zero_()
print("after one step:", w, "| is_leaf", w.is_leaf, "| requires_grad", w.requires_grad)

# %% [markdown]
# | | `t.detach()` | `with no_grad():` |
# |---|---|---|
# | acts on | one tensor | every operation inside the block |
# | result | a constant view of `t`'s values | results with no graph |
# | typical use | stop a gradient, log a value | evaluation, optimizer steps |

# %% [markdown]
# ## 7. Higher-order derivatives: `create_graph=True`
#
# A gradient is computed by operations too. With `create_graph=True` backward **records** them, so
# the gradient is itself a tensor with a `grad_fn` that can be differentiated again.
# `cl.autograd.grad(outputs, inputs)` returns the gradients instead of adding them into `.grad`.
# For $y = x^3$ at $x = 2$: $y' = 3x^2 = 12$ and $y'' = 6x = 12$.

# %%
x = cl.tensor(2.0, requires_grad=True)
y = x**3
(dy,) = cl.autograd.grad(y, x, create_graph=True)
print("dy/dx   =", dy)  # has a grad_fn: differentiable again
(d2y,) = cl.autograd.grad(dy, x)
print("d²y/dx² =", d2y)

y = x**3
(dy_plain,) = cl.autograd.grad(y, x)  # without create_graph: just a number
print("without create_graph, dy/dx =", dy_plain, "-> differentiating it again:")
show_error(lambda: cl.autograd.grad(dy_plain, x))

# %% [markdown]
# Repeating it gives any order. Each point of a vector is independent, so differentiating the
# sum gives all the pointwise derivatives at once (Lesson 5). Here are $\tanh$ and its first three
# derivatives:

# %%
xs = cl.linspace(-3, 3, 200, requires_grad=True)
curves = [cl.tanh(xs)]
for _ in range(3):
    (d,) = cl.autograd.grad(curves[-1].sum(), xs, create_graph=True)
    curves.append(d)

fig, ax = plt.subplots(figsize=(8, 4.5))
labels = ["tanh x", "1st derivative", "2nd derivative", "3rd derivative"]
for curve, label in zip(curves, labels):
    ax.plot(xs.detach().numpy(), curve.detach().numpy(), label=label)
ax.set_title("tanh and its derivatives, by repeated autograd (create_graph=True)")
ax.set_xlabel("x")
ax.set_ylabel("value")
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

# %%
xs = cl.linspace(-2 * np.pi, 2 * np.pi, 200, requires_grad=True)
cl.sin(xs).sum().backward()
derivative = xs.grad  # f'(x_i) for every i, from the graph of sin alone

fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(xs.detach().numpy(), cl.sin(xs).detach().numpy(), label="f(x) = sin x")
ax.plot(xs.detach().numpy(), derivative.numpy(), "--", label="f′(x) by autograd")
ax.set_title("sin and its derivative, computed by backward()")
ax.set_xlabel("x")
ax.set_ylabel("value")
ax.legend(loc="upper right", fontsize="small")
plt.show()
gap = np.abs(derivative.numpy() - np.cos(xs.detach().numpy())).max()
print(f"only now compared with cos: largest difference {gap:.1e}")

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
    print(f"graph of the derivative of order {order}: {count_nodes(d):>3} nodes")


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
print(f"first derivative:  {best_time(first_derivative) / evaluation:4.1f} × the evaluation's time")
print(f"second derivative: {best_time(second_derivative_run) / evaluation:4.1f} × the evaluation's time")

# %% [markdown]
# The graph roughly doubles with each order, and the second derivative takes several times as
# long as the first (your timings will differ; the order will not). For a function of $n$ variables
# it gets worse: one backward pass gives the whole gradient, but the Hessian has $n$ rows, each a
# backward pass through the recorded backward program — about $n$ times the cost of a gradient.

# %% [markdown]
# <a id="d2l-2-5-2"></a>
# ## 8. `retain_graph=True`: backward through the same graph twice
#
# What happens if you run `backward` twice? To save memory, `backward()` frees the values the graph
# saved for it (Lesson 6: reverse mode stores the intermediates of the evaluation). A second
# `backward()` through the same graph finds them gone, and stops with an error:

# %%
x = cl.tensor([1.0, 2.0], requires_grad=True)
y = (x * x).sum()
y.backward()
show_error(lambda: y.backward())
print("x.grad after the first backward:", x.grad)

# %% [markdown]
# The fix depends on what you wanted. A second gradient of a *new* value: recompute the evaluation
# (`y = (x * x).sum()` again) — that is what a training loop does at every step. The same graph
# twice: keep it with `retain_graph=True` on the first call — and remember that the two gradients
# accumulate:

# %%
x = cl.tensor([1.0, 2.0], requires_grad=True)
y = (x * x).sum()
y.backward(retain_graph=True)
y.backward()  # allowed: the graph was kept
print("two backward passes, 2 × 2x =", x.grad)


# %% [markdown]
# ## 9. Common errors, and how to read them
#
# Autograd errors are long, but each says *what* went wrong and *what to do*. Here are the ones
# you will meet most, each triggered on purpose and printed:

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

# %% [markdown]
# ## 10. Debugging a gradient
#
# The seed's tips when a gradient looks wrong:
#
# 1. **Check `requires_grad`.** A classic: scaling a fresh parameter *after* setting
#    `requires_grad` makes it a non-leaf, so its `.grad` stays `None` (the optimizer then never
#    updates it).

# %%
w = cl.randn(3, requires_grad=True) * 0.01  # bug: w is the output of a multiplication
(w * w).sum().backward()
print("buggy: is_leaf", w.is_leaf, "| requires_grad", w.requires_grad, "| grad", w.grad)

w = (cl.randn(3) * 0.01).requires_grad_()  # fix: scale first, then mark as a parameter
(w * w).sum().backward()
print("fixed: is_leaf", w.is_leaf, "| requires_grad", w.requires_grad,
      "| grad is None:", w.grad is None)

# %% [markdown]
# 2. **Print `requires_grad` along the computation** to find where the graph breaks. Below, a
#    detour through numpy silently turns part of the function into a constant: no error, just a
#    wrong gradient. (`grad_fn` is `None` where the graph was cut.)

# %%
x = cl.tensor([0.5, 2.0], requires_grad=True)
h = cl.tensor(np.sin(x.detach().numpy()))  # the graph is cut here
out = (h * x).sum()  # meant: Σ sin(x)·x
for name, t in [("x", x), ("h", h), ("out", out)]:
    node = t.grad_fn.name() if t.grad_fn else None
    print(f"{name:>3}: requires_grad={t.requires_grad}, grad_fn={node}")
out.backward()
print("autograd gives     :", x.grad)
print("true ∂/∂x sin(x)·x :", cl.sin(x.detach()) + x.detach() * cl.cos(x.detach()))


# %% [markdown]
# 3. **Reproduce the problem small** — a 2×2 input instead of a real batch — and
# 4. **compare the analytic gradient with a numeric one.** `gradcheck` does this for every input
#    element (central differences, float64) and names the worst one:

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

# %%
# Exercise 1
answer = None  # your code here: [.., .., ..]

# %%
# Self-check 1
x = cl.arange(3.0, requires_grad=True)
(x * x).sum().backward()
(x * x).sum().backward()
check(1, answer, x.grad.tolist(),
      hint="does backward() overwrite .grad or add to it? See Hint 2")

# %% [markdown]
# <details><summary>Solution</summary>
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

# %%
# Exercise 2
answer = None  # your code here

# %%
# Self-check 2
def cyclic_products(x):
    return cl.stack([x[0] * x[1], x[1] * x[2], x[2] * x[0]])


J = jacobian(cyclic_products, cl.tensor([1.0, 2.0, 3.0]))
check(2, answer, cl.tensor([1.0, 0.5, 0.0]) @ J,
      hint="vᵀJ is the gradient of v·y: pass v as gradient= and read x.grad; see Hint 2")


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

# %%
# Exercise 3
def second_derivative(f, x0):
    """f''(x0) by autograd, as a float."""
    raise NotImplementedError("compute f''(x0) with cl.autograd.grad and return it as a float")


# %%
# Self-check 3
import math

cases = [(cl.sin, 1.0), (lambda x: x**3, 2.0), (lambda x: x * cl.exp(x), 0.5)]
exact = {id(cases[0][0]): lambda t: -math.sin(t), id(cases[1][0]): lambda t: 6 * t,
         id(cases[2][0]): lambda t: (t + 2) * math.exp(t)}
check_function(3, second_derivative, lambda f, x0: exact[id(f)](x0), cases, tol=1e-4,
               hint="the first derivative must itself be differentiable; see Hint 2")


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

# %%
# Exercise 4
def sgd_step(w, lr):
    """One step w ← w − lr·w.grad, in place; then clear w.grad. Returns w."""
    raise NotImplementedError("update w in place without recording, clear w.grad, return w")


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
    print(f"Exercise 4: not right yet — your function raised {type(returned).__name__}: "
          f"{returned}. Hint: which block stops autograd from recording? See Hint 1")
elif returned is None:
    print("Exercise 4: not attempted yet")
elif returned is not w or not np.allclose(w.detach().numpy(), expected.numpy()):
    print(f"Exercise 4: not right yet — after one step from w = [1, -2] with lr = 0.1 the "
          f"caller's w is {w.tolist()}, and sgd_step should return that same tensor. Hint: "
          "change the caller's tensor in place; `w = w - …` makes a new one (see Hint 2)")
elif not (w.is_leaf and w.requires_grad):
    print("Exercise 4: not right yet — w is no longer a leaf that requires grad. Hint: update it "
          "in place instead of replacing it")
elif w.grad is not None and np.any(w.grad.numpy() != 0):
    print(f"Exercise 4: not right yet — w.grad is still {w.grad.tolist()}, so the next "
          "backward would add to it. Hint: clear the gradient after the update")
else:
    print("Exercise 4: correct ✓")

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
