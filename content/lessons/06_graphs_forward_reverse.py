# %% [markdown]
# # Lesson 6 — Computational graphs; forward vs reverse mode
#
# Automatic differentiation is neither symbolic nor numeric differentiation. It breaks the
# computation into elementary operations, records them as a **computational graph**, and
# applies the chain rule (Lesson 5) one operation at a time — in one of two orders.
#
# **Learning goals.** After this lesson you can
#
# 1. describe a computational graph as a DAG (nodes = variables and operations, edges =
#    dependencies), draw the graph of your own expression, and walk it through
#    `grad_fn.next_functions`;
# 2. tell an **explicit** (define-then-run) graph from an **implicit** (define-by-run) one;
# 3. trace **forward accumulation** (tangents) and **reverse accumulation** (adjoints) step by
#    step on $f(x_1, x_2) = \ln x_1 + x_1 x_2 - \sin x_2$ at $(2, 5)$;
# 4. run both modes in `course_lib` (`make_dual` and `backward`);
# 5. compare their cost in passes and memory, measured: when forward wins, when reverse wins,
#    and why training a network uses reverse mode.

# %%
import math

import graphviz
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function
from course_lib.forward import dual_level, make_dual, unpack_dual
from course_lib.functional import mode_costs
from course_lib.viz import draw_graph, plot_forward_vs_reverse

# %% [markdown]
# ## 1. The computational graph
#
# To differentiate a program, first split it into operators, each with a known derivative. The
# result is a **directed acyclic graph** (DAG):
#
# * **nodes** are variables (inputs, intermediate values, the output) and the operations on them;
# * **edges** are dependencies: an edge $u \to v$ means $v$ is computed from $u$;
# * no cycles: every value is computed from values that exist *before* it.
#
# Take Lesson 5's $z = (\langle x, w\rangle - y)^2$, written in steps $a = \langle x, w\rangle$,
# $b = a - y$, $z = b^2$. `draw_graph` draws the graph `course_lib` recorded while computing
# $z$: ovals are operations (named by their `grad_fn`), blue boxes are leaves that need a
# gradient, and the green box is the output. Arrows follow the forward computation; `backward()`
# walks them in reverse. (The constants $x$ and $y$ need no gradient, so they are not drawn.)

# %%
x = cl.tensor([1.0, 2.0, 3.0])
w = cl.tensor([0.5, -1.0, 2.0], requires_grad=True)
y = cl.tensor(1.0)
a = cl.dot(x, w)
b = a - y
z = b**2
z.backward()
draw_graph(z, names={"w": w, "a": a, "b": b, "z": z})


# %% [markdown]
# **Your turn.** Change `my_expression` to anything built from `p` and `q` (try
# `cl.exp(p) * q + p`, or use `p` three times) and run the cell again: the graph follows your
# code. A variable used twice gets two outgoing edges — and, in backward, two gradient
# contributions that add up (Lesson 5, Section 2).

# %%
def my_expression(p, q):
    return cl.sin(p * q) + p**2  # edit me


p = cl.tensor(1.0, requires_grad=True)
q = cl.tensor(2.0, requires_grad=True)
out = my_expression(p, q)
out.backward()
print(f"out = {out.item():.4f}, ∂out/∂p = {p.grad.item():.4f}, "
      f"∂out/∂q = {q.grad.item():.4f}")
draw_graph(out, names={"p": p, "q": q, "out": out})


# %% [markdown]
# ### What the picture is made of: `grad_fn.next_functions`
#
# Every non-leaf tensor has a `grad_fn`, the node that made it. Its `next_functions` is a tuple of
# `(node, index)` pairs, one per input: the nodes of the inputs, or an `AccumulateGrad` node for a
# leaf (it adds the arriving gradient into the leaf's `.grad`), or `None` for a constant. Walking
# these tuples visits the whole graph — exactly what `backward()` and `draw_graph` do. Here is the
# walk for this lesson's main example, $f(x_1, x_2) = \ln x_1 + x_1 x_2 - \sin x_2$, printed as a
# tree (an input used twice, like $x_1$, is one node in the DAG but shows up twice in a tree view):

# %%
def print_graph(tensor, names):
    """Print the graph below tensor.grad_fn: one node per line, its inputs indented under it."""
    labels = {}
    for label, t in names.items():
        labels[id(t)] = label
        if t.grad_fn is not None:
            labels[id(t.grad_fn)] = label
    stack = [(tensor.grad_fn, 0)]  # a stack, not recursion: deep graphs are fine
    while stack:
        node, depth = stack.pop()
        leaf = getattr(node, "variable", None)  # AccumulateGrad nodes hold their leaf
        if leaf is not None:
            text = f"{node.name()} → .grad of {labels.get(id(leaf), 'a leaf')}"
        else:
            text = node.name() + (f"  = {labels[id(node)]}" if id(node) in labels else "")
        print("    " * depth + text)
        for child, _ in reversed(node.next_functions):
            if child is not None:
                stack.append((child, depth + 1))


x1 = cl.tensor(2.0, dtype=cl.float64, requires_grad=True)
x2 = cl.tensor(5.0, dtype=cl.float64, requires_grad=True)
y = cl.log(x1) + x1 * x2 - cl.sin(x2)
print("y.grad_fn               :", y.grad_fn.name())
print("y.grad_fn.next_functions:",
      [(node.name(), index) for node, index in y.grad_fn.next_functions])
print()
print_graph(y, {"x₁": x1, "x₂": x2, "y": y})


# %% [markdown]
# ## 2. Explicit (define-then-run) vs implicit (define-by-run) graphs
#
# There are two ways to get a graph.
#
# **Explicit construction** (TensorFlow 1, Theano, MXNet's `sym`): first *define* the graph with
# symbols that have no values, then *run* it on data. The seed's MXNet example:
#
# ```python
# from mxnet import sym
# a = sym.var()
# b = sym.var()
# c = 2 * a + b          # c is a graph, not a number
# ```
#
# **Implicit construction** (PyTorch, MXNet's `autograd.record()`, `course_lib`): just compute
# with real values; the library *records* each operation as it runs:
#
# ```python
# from mxnet import autograd, nd
# with autograd.record():
#     a = nd.ones((2, 1))
#     b = nd.ones((2, 1))
#     c = 2 * a + b      # c is a number, and the graph was recorded on the way
# ```
#
# MXNet is not installed here, so below is a complete define-then-run graph in 40 lines of
# Python: a `Node` stores an operation and its inputs — no value — and `run` executes the graph
# on data, visiting the nodes in topological order (inputs first).

# %%
class Node:
    """A node of a define-then-run graph: an operation and its input nodes, but no value."""

    def __init__(self, op, inputs=(), name=None):
        self.op, self.inputs, self.name = op, tuple(inputs), name

    def __add__(self, other):
        return Node("+", (self, lift(other)))

    def __radd__(self, other):
        return Node("+", (lift(other), self))

    def __sub__(self, other):
        return Node("-", (self, lift(other)))

    def __mul__(self, other):
        return Node("*", (self, lift(other)))

    def __rmul__(self, other):
        return Node("*", (lift(other), self))

    def __repr__(self):
        return f"<graph {expression(self)}: no value until run>"


def var(name):
    return Node("var", name=name)


def lift(value):
    return value if isinstance(value, Node) else Node("const", name=value)


def log(a):
    return Node("log", (a,))


def sin(a):
    return Node("sin", (a,))


KERNELS = {"+": np.add, "-": np.subtract, "*": np.multiply, "log": np.log, "sin": np.sin}


def topological_order(output):
    """All nodes below `output`, each after its inputs (depth-first, with an explicit stack)."""
    order, seen, stack = [], set(), [(output, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((i, False) for i in node.inputs if id(i) not in seen)
    return order


def expression(output):
    text = {}
    for node in topological_order(output):
        if node.op in ("var", "const"):
            text[node] = str(node.name)
        elif len(node.inputs) == 1:
            text[node] = f"{node.op}({text[node.inputs[0]]})"
        else:
            text[node] = f"({text[node.inputs[0]]} {node.op} {text[node.inputs[1]]})"
    return text[output]


def run(output, **feed):
    """Execute the graph on data: each variable's value comes from `feed`, by name."""
    values = {}
    for node in topological_order(output):
        if node.op == "var":
            values[node] = np.asarray(feed[node.name], dtype=float)
        elif node.op == "const":
            values[node] = node.name
        else:
            values[node] = KERNELS[node.op](*(values[i] for i in node.inputs))
    return values[output]


# %% [markdown]
# Define first — `c` is a graph of four nodes and has no value — then run it, as often as we like,
# on different data:

# %%
a = var("a")
b = var("b")
c = 2 * a + b
print(c)
print("nodes:", [n.op if n.op not in ("var", "const") else n.name for n in topological_order(c)])
print("run 1:", run(c, a=np.ones((2, 1)), b=np.ones((2, 1))).tolist())
print("run 2:", run(c, a=[[1.0], [2.0]], b=[[10.0], [20.0]]).tolist())


# %%
def draw_symbolic(output):
    """The define-then-run graph as a picture (boxes: variables/constants, ovals: operations)."""
    dot = graphviz.Digraph(graph_attr={"rankdir": "TB"}, node_attr={"fontname": "Helvetica"})
    for node in topological_order(output):
        leaf = node.op in ("var", "const")
        dot.node(str(id(node)), str(node.name) if leaf else node.op,
                 shape="box" if leaf else "ellipse")
        for i in node.inputs:
            dot.edge(str(id(i)), str(id(node)))
    return dot


draw_symbolic(c)

# %% [markdown]
# Now the define-by-run version in `course_lib`: the value exists immediately, and the graph was
# recorded as a side effect (`grad_fn`):

# %%
a = cl.ones(2, 1, requires_grad=True)
b = cl.ones(2, 1, requires_grad=True)
c = 2 * a + b
print(c)

# %% [markdown]
# The trade-off:
#
# | | explicit (define-then-run) | implicit (define-by-run) |
# |---|---|---|
# | graph exists | before any data | only after the code ran |
# | the graph can be | optimised, compiled, shipped as a whole | different on every run |
# | control flow | special graph ops (a symbol has no value to test) | ordinary Python `if`/`while` (Lesson 8) |
# | debugging | inspect the graph; errors appear at run time | `print` any intermediate value |
#
# The control-flow row in one line — a symbol cannot be compared with a number, because it has
# no value yet:

# %%
symbol = 2 * var("a") + var("b")
try:
    if symbol > 0:
        print("positive")
except TypeError as err:
    print(f"TypeError: {err}")

# %% [markdown]
# ## 3. Forward accumulation, step by step
#
# The example (from Baydin et al., *Automatic differentiation in machine learning: a survey*):
#
# $$
# f(x_1, x_2) = \ln x_1 + x_1 x_2 - \sin x_2 \qquad\text{at } (x_1, x_2) = (2, 5).
# $$
#
# **The primal trace.** Name every intermediate value: the inputs are $v_{-1} = x_1$ and
# $v_0 = x_2$, then one $v_i$ per operation. This list *is* the graph above, in topological order.

# %%
x1_value, x2_value = 2.0, 5.0
v = {-1: x1_value, 0: x2_value}
v[1] = math.log(v[-1])
v[2] = v[-1] * v[0]
v[3] = math.sin(v[0])
v[4] = v[1] + v[2]
v[5] = v[4] - v[3]

primal_rows = [("v₋₁", "x₁", v[-1]), ("v₀", "x₂", v[0]), ("v₁", "ln v₋₁", v[1]),
               ("v₂", "v₋₁ × v₀", v[2]), ("v₃", "sin v₀", v[3]), ("v₄", "v₁ + v₂", v[4]),
               ("v₅", "v₄ − v₃", v[5]), ("y", "v₅", v[5])]
for name, formula, value in primal_rows:
    print(f"{name:<4}= {formula:<10}= {value:7.3f}")

# %% [markdown]
# **Forward mode** computes $\partial y/\partial x_1$ by attaching to every $v_i$ its **tangent**
# $\dot v_i = \partial v_i / \partial x_1$ and updating it *together with* $v_i$, by the chain rule of the
# one operation that made $v_i$. Seed the inputs with $\dot x_1 = 1$, $\dot x_2 = 0$ ("which
# direction do we differentiate in"), and go forward — inner operations first:

# %%
dv = {-1: 1.0, 0: 0.0}  # the seed: ẋ₁ = 1, ẋ₂ = 0
dv[1] = dv[-1] / v[-1]
dv[2] = dv[-1] * v[0] + v[-1] * dv[0]
dv[3] = dv[0] * math.cos(v[0])
dv[4] = dv[1] + dv[2]
dv[5] = dv[4] - dv[3]

tangent_rows = [("v̇₋₁", "ẋ₁", dv[-1]), ("v̇₀", "ẋ₂", dv[0]), ("v̇₁", "v̇₋₁ / v₋₁", dv[1]),
                ("v̇₂", "v̇₋₁·v₀ + v₋₁·v̇₀", dv[2]), ("v̇₃", "v̇₀ · cos v₀", dv[3]),
                ("v̇₄", "v̇₁ + v̇₂", dv[4]), ("v̇₅", "v̇₄ − v̇₃", dv[5])]
for name, formula, value in tangent_rows:
    print(f"{name:<5}= {formula:<18}= {value:7.3f}")
print(f"ẏ = v̇₅ = {dv[5]:.4g}, so ∂f/∂x₁ = {dv[5]:.4g}")

# %% [markdown]
# One forward pass gave **one** column of the Jacobian: the derivative with respect to $x_1$.
# For $\partial f/\partial x_2$ we need a second pass with the seed $(\dot x_1, \dot x_2) = (0, 1)$
# (Exercise 1). With $n$ inputs: $n$ passes. In exchange, forward mode keeps nothing: $v_i$ and
# $\dot v_i$ can be thrown away as soon as the next operation has used them.
#
# `course_lib` does this with **dual numbers** $v + \dot v\,\varepsilon$ (with $\varepsilon^2 = 0$):
# inside `dual_level()`, `make_dual(value, tangent)` creates one, and every operation carries the
# tangent along. `unpack_dual` reads it out — here for every intermediate of the trace:

# %%
with dual_level():
    x1 = make_dual(cl.tensor(2.0, dtype=cl.float64), cl.tensor(1.0, dtype=cl.float64))
    x2 = make_dual(cl.tensor(5.0, dtype=cl.float64), cl.tensor(0.0, dtype=cl.float64))
    v1 = cl.log(x1)
    v2 = x1 * x2
    v3 = cl.sin(x2)
    v4 = v1 + v2
    v5 = v4 - v3
    for name, t in [("v₁", v1), ("v₂", v2), ("v₃", v3), ("v₄", v4), ("v₅", v5)]:
        primal, tangent = unpack_dual(t)
        print(f"{name}: value {primal.item():7.3f}   tangent {tangent.item():7.3f}")


# %%
def f_baydin(x1, x2):
    return cl.log(x1) + x1 * x2 - cl.sin(x2)


for label, (t1, t2) in [("x₁", (1.0, 0.0)), ("x₂", (0.0, 1.0))]:
    with dual_level():
        x1 = make_dual(cl.tensor(2.0, dtype=cl.float64), cl.tensor(t1, dtype=cl.float64))
        x2 = make_dual(cl.tensor(5.0, dtype=cl.float64), cl.tensor(t2, dtype=cl.float64))
        value, tangent = unpack_dual(f_baydin(x1, x2))
    print(f"forward pass with (ẋ₁, ẋ₂) = ({t1:g}, {t2:g}): f = {value.item():.3f}, "
          f"∂f/∂{label} = {tangent.item():.4g}")

# %% [markdown]
# ## 4. Reverse accumulation, step by step
#
# **Reverse mode** first runs the primal trace *and stores every $v_i$*. Then it goes backwards
# from the output, computing for each $v_i$ its **adjoint** $\bar v_i = \partial y/\partial v_i$ — how
# much the output changes per unit change of $v_i$. Start with $\bar v_5 = \bar y = 1$; each
# operation $v_k = \phi(v_i, v_j)$ passes $\bar v_k \cdot \partial v_k/\partial v_i$ back to each input, and
# a variable used several times **adds** the contributions ($v_0$ and $v_{-1}$ below get two each).
# Note how the stored values $v_0$ and $v_{-1}$ are needed on the way back.

# %%
adj = {5: 1.0}  # v̄₅ = ȳ = 1
steps = []
adj[4] = adj[5] * 1.0
steps.append(("v̄₄ = v̄₅ · ∂v₅/∂v₄ = v̄₅ · 1", adj[4]))
adj[3] = adj[5] * -1.0
steps.append(("v̄₃ = v̄₅ · ∂v₅/∂v₃ = v̄₅ · (−1)", adj[3]))
adj[1] = adj[4] * 1.0
steps.append(("v̄₁ = v̄₄ · ∂v₄/∂v₁ = v̄₄ · 1", adj[1]))
adj[2] = adj[4] * 1.0
steps.append(("v̄₂ = v̄₄ · ∂v₄/∂v₂ = v̄₄ · 1", adj[2]))
adj[0] = adj[3] * math.cos(v[0])
steps.append(("v̄₀ = v̄₃ · ∂v₃/∂v₀ = v̄₃ · cos v₀", adj[0]))
adj[-1] = adj[2] * v[0]
steps.append(("v̄₋₁ = v̄₂ · ∂v₂/∂v₋₁ = v̄₂ · v₀", adj[-1]))
adj[0] = adj[0] + adj[2] * v[-1]
steps.append(("v̄₀ = v̄₀ + v̄₂ · ∂v₂/∂v₀ = v̄₀ + v̄₂ · v₋₁", adj[0]))
adj[-1] = adj[-1] + adj[1] / v[-1]
steps.append(("v̄₋₁ = v̄₋₁ + v̄₁ · ∂v₁/∂v₋₁ = v̄₋₁ + v̄₁ / v₋₁", adj[-1]))

print(f"{'v̄₅ = ȳ':<48}= {adj[5]:7.3f}")
for text, value in steps:
    print(f"{text:<48}= {value:7.3f}")
print(f"x̄₁ = v̄₋₁ = {adj[-1]:.4g}, x̄₂ = v̄₀ = {adj[0]:.4g}")
print(f"one reverse pass: ∂f/∂x₁ = {adj[-1]:.4g}, ∂f/∂x₂ = {adj[0]:.4g}")

# %% [markdown]
# One reverse pass gave **both** partial derivatives — a whole row of the Jacobian, here the
# entire gradient. That is what `backward()` does. With `retain_grad()` on the intermediates we
# can read `course_lib`'s adjoints and compare them with the table; the drawing shows the graph
# with the gradients that reached the leaves.

# %%
x1 = cl.tensor(2.0, dtype=cl.float64, requires_grad=True)
x2 = cl.tensor(5.0, dtype=cl.float64, requires_grad=True)
v1 = cl.log(x1)
v2 = x1 * x2
v3 = cl.sin(x2)
v4 = v1 + v2
v5 = v4 - v3
for t in (v1, v2, v3, v4):
    t.retain_grad()
v5.backward()

print(f"f(2, 5) = v₅ = {v5.item():.3f}")
for name, t in [("v̄₄", v4), ("v̄₃", v3), ("v̄₂", v2), ("v̄₁", v1), ("x̄₂ = v̄₀", x2), ("x̄₁ = v̄₋₁", x1)]:
    print(f"{name:<10} = {t.grad.item():7.3f}")
print(f"backward(): ∂f/∂x₁ = {x1.grad.item():.4g}, ∂f/∂x₂ = {x2.grad.item():.4g}")
draw_graph(v5, names={"x₁": x1, "x₂": x2, "v₁": v1, "v₂": v2, "v₃": v3, "v₄": v4, "v₅": v5})

# %% [markdown]
# ## 5. What each mode costs
#
# The seed compares the two modes:
#
# * **compute**: one pass of either mode costs $O(n)$, $n$ = the number of operations — a small
#   constant times evaluating $f$ itself (the tangent or adjoint rule of each operation is about as
#   cheap as the operation);
# * **memory**: forward mode $O(1)$ — it keeps only the current values and tangents; reverse
#   mode $O(n)$ — it stores every intermediate result of the forward pass for the way back. Storing
#   all of them is why training deep networks needs so much GPU memory;
# * the catch of forward mode: one pass gives the derivative along **one input direction**, so the
#   gradient of $f: \mathbb{R}^n \to \mathbb{R}$ needs $n$ passes, each sweeping the whole computation.
#   Reverse mode needs one pass per **output**.
#
# `course_lib.functional.mode_costs` measures this on $f: \mathbb{R}^n \to \mathbb{R}$ with a graph whose
# length grows with $n$ ($y \leftarrow \sin(y + x_i)$ for each $i$), and on $g: \mathbb{R} \to \mathbb{R}^n$. It
# counts passes and measures the peak memory of one pass with `tracemalloc`.

# %%
mode_costs(ns=(2, 4, 8, 16, 32))  # warm-up: the first call also counts one-time allocations
costs = mode_costs(ns=(2, 4, 8, 16, 32))
print(f"{'':>4} {'f: Rⁿ → R, passes':^21} {'g: R → Rⁿ, passes':^21} "
      f"{'peak memory of a pass, f':^26}")
print(f"{'n':>4} {'forward':>10} {'reverse':>10} {'forward':>10} {'reverse':>10} "
      f"{'forward':>12} {'reverse':>12}")
for k, n in enumerate(costs["n"]):
    print(f"{n:>4} {costs['forward_passes'][k]:>10} {costs['reverse_passes'][k]:>10} "
          f"{costs['forward_passes_g'][k]:>10} {costs['reverse_passes_g'][k]:>10} "
          f"{costs['forward_peak_bytes'][k] / 1024:>9.1f} KiB "
          f"{costs['reverse_peak_bytes'][k] / 1024:>8.1f} KiB")

# %%
plot_forward_vs_reverse(costs)

# %% [markdown]
# Where does reverse mode's memory go? Into the graph it keeps alive until `backward()`: count its
# nodes for the same function as $n$ grows. Forward mode builds no graph at all.

# %%
from course_lib.functional import fold_sin


def count_nodes(tensor):
    seen, stack = set(), [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node is not None and id(node) not in seen:
            seen.add(id(node))
            stack.extend(child for child, _ in node.next_functions)
    return len(seen)


rng = np.random.default_rng(0)
for n in (4, 16, 64):
    y = fold_sin(cl.tensor(rng.standard_normal(n), requires_grad=True))
    print(f"n = {n:>2}: reverse mode keeps a graph of {count_nodes(y):>3} nodes until backward()")

# %% [markdown]
# **Reading the measurements.**
#
# * For a **loss** ($n$ = millions of parameters in, **one** number out) reverse mode needs one
#   pass instead of millions: that is why training uses backpropagation = reverse mode, and pays
#   for it in memory.
# * For $g: \mathbb{R} \to \mathbb{R}^n$ (few inputs, many outputs) the table flips: forward mode needs one
#   pass, reverse mode $n$.
# * Forward mode's peak memory stays at a few KiB whatever $n$; reverse mode's grows in
#   proportion to the graph — about 3 nodes per $x_i$ here, each holding what its backward needs.

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.

# %% [markdown]
# **Exercise 1 — the second forward pass.** Redo the tangent trace of Section 3 with the seed
# $(\dot x_1, \dot x_2) = (0, 1)$, by hand (or with `math`, following the table's formulas). Set
# `answer = (dv1, dv2, dv3, dv4, dv5)`, the tangents $\dot v_1, \dots, \dot v_5$. The last one is
# $\partial f/\partial x_2$ — it should match the reverse pass.

# %%
# Exercise 1
answer = None  # your code here: (dv1, dv2, dv3, dv4, dv5)

# %%
# Self-check 1
with dual_level():
    x1 = make_dual(cl.tensor(2.0, dtype=cl.float64), cl.tensor(0.0, dtype=cl.float64))
    x2 = make_dual(cl.tensor(5.0, dtype=cl.float64), cl.tensor(1.0, dtype=cl.float64))
    v1 = cl.log(x1)
    v2 = x1 * x2
    v3 = cl.sin(x2)
    v4 = v1 + v2
    v5 = v4 - v3
    tangents = tuple(unpack_dual(t).tangent.item() for t in (v1, v2, v3, v4, v5))
check(1, answer, tangents, tol=1e-4,
      hint="now v̇₋₁ = 0 and v̇₀ = 1: v̇₁ = v̇₋₁/v₋₁, v̇₂ = v̇₋₁·v₀ + v₋₁·v̇₀, v̇₃ = v̇₀·cos v₀, "
           "v̇₄ = v̇₁ + v̇₂, v̇₅ = v̇₄ − v̇₃")


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# dv_1, dv0 = 0.0, 1.0  # the seed (ẋ₁, ẋ₂) = (0, 1)
# dv1 = dv_1 / 2.0  # 0
# dv2 = dv_1 * 5.0 + 2.0 * dv0  # 2
# dv3 = dv0 * math.cos(5.0)  # 0.2837
# dv4 = dv1 + dv2  # 2
# dv5 = dv4 - dv3  # 1.7163 = ∂f/∂x₂
# answer = (dv1, dv2, dv3, dv4, dv5)
# ```
#
# </details>

# %% [markdown]
# For Exercise 2, here is a function from $\mathbb{R}^6$ to $\mathbb{R}^2$:

# %%
def F(x):
    """R⁶ → R²: the sum and the sum of squares."""
    return cl.stack([x.sum(), (x * x).sum()])


x6 = cl.arange(6.0)
print("input shape", tuple(x6.shape), "-> output shape", tuple(F(x6).shape))

# %% [markdown]
# **Exercise 2 — count the passes.** How many passes does the full $2 \times 6$ Jacobian of `F` need
# in forward mode (`jacobian(F, x6, mode="fwd")`), and how many in reverse mode (`mode="rev"`)?
# Set `answer = (forward_passes, reverse_passes)`. Then think: which mode would you pick for a
# loss function of a network?

# %%
# Exercise 2
answer = None  # your code here: (forward_passes, reverse_passes)

# %%
# Self-check 2
n_inputs, n_outputs = x6.numel(), F(x6).numel()
check(2, answer, (n_inputs, n_outputs), tol=0,
      hint="a forward pass pushes one input direction through (one Jacobian column); a reverse "
           "pass pulls back one output (one Jacobian row)")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# answer = (6, 2)  # forward: one pass per input; reverse: one pass per output
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — define, then run.** With the `Node` graph of Section 2 (`var`, `sin`, `log`,
# `+`, `-`, `*`), *define* the graph of $g(a, b) = a\,b + \sin a$ and store it in `expr` (no numbers
# yet!). The self-check runs it with `run(expr, a=..., b=...)` on several inputs.

# %%
# Exercise 3
expr = None  # your code here: a graph built from var("a"), var("b") and sin

# %%
# Self-check 3
if expr is None:
    print("Exercise 3: not attempted yet")
elif not isinstance(expr, Node):
    print("Exercise 3: not right yet — expr should be a graph (a Node), got "
          f"{type(expr).__name__}. Hint: start from a = var(\"a\") and b = var(\"b\"); "
          "do not compute numbers")
else:
    check_function(3, lambda a, b: run(expr, a=a, b=b), lambda a, b: a * b + np.sin(a),
                   [(0.0, 1.0), (1.5, -2.0), (np.array([1.0, 2.0]), np.array([3.0, 4.0]))],
                   hint="expr = a * b + sin(a) with a = var(\"a\"), b = var(\"b\")")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# a = var("a")
# b = var("b")
# expr = a * b + sin(a)
# ```
#
# </details>

# %% [markdown]
# ## Summary
#
# * A **computational graph** is a DAG: nodes are variables and operations, edges are
#   dependencies. `course_lib` records it in `grad_fn` / `next_functions`; `draw_graph` draws it.
# * **Explicit** graphs (MXNet `sym`, TensorFlow 1) are defined before the data and then run;
#   **implicit** graphs (PyTorch, `course_lib`) are recorded while ordinary code runs.
# * **Forward accumulation** carries tangents $\dot v_i$ along with the values: one pass = one input
#   direction; memory $O(1)$. For $f = \ln x_1 + x_1x_2 - \sin x_2$ at $(2, 5)$ it takes two passes to
#   get $\partial f/\partial x_1 = 5.5$ and $\partial f/\partial x_2 = 1.716$.
# * **Reverse accumulation** stores the forward pass, then propagates adjoints $\bar v_i$ from the
#   output back: one pass = one output, all inputs at once; memory $O(n)$.
# * Both cost $O(n)$ operations per pass. A loss has one output and many inputs, so networks are
#   trained in reverse mode — backpropagation.
#
# Next: **Lesson 7 — autograd in practice**: `requires_grad`, accumulation, `detach`, `no_grad`,
# higher-order gradients, and the errors you will meet.
