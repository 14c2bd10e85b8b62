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
#    and why training a network uses reverse mode;
# 6. show that reverse mode never visits a branch that needs no gradient;
# 7. draw the graph of $f(x) = \ln(x^2)\sin x + 1/x$, place the chain rule on it, and run it forward
#    ($x \to f$) and backward ($f \to x$) by hand (d2l §2.5, exercises 5–8).

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
# **Two things called "forward".** Computing the values of $f$ from its inputs, one operation after
# the other — what a network does to make a prediction — is the **evaluation** of $f$, also called
# the **forward pass**. A **forward-mode pass** (also called a JVP, a Jacobian-vector product) is
# something more: the evaluation with a *tangent* carried along every value. Reverse mode runs an
# evaluation too (storing the values) and then a **backward pass**. This lesson keeps the words
# apart: evaluation (forward pass) vs forward-mode pass.
#
# **The source text says** (seed 000, under "forward accumulation"): forward propagation starts at
# the input layer, each layer's output becomes the next layer's input, until the network's output.
# **Precisely:** that describes the *evaluation* (forward pass) of the network, which both modes
# need. Forward accumulation is the derivative computation that rides along with an evaluation
# (tangents, below); reverse accumulation is an evaluation that stores its values, followed by a
# backward pass. Training a network uses the second: evaluation + backward pass.
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
# One forward-mode pass gave **one** column of the Jacobian: the derivative with respect to $x_1$.
# For $\partial f/\partial x_2$ we need a second pass with the seed $(\dot x_1, \dot x_2) = (0, 1)$
# (below). With $n$ inputs: $n$ passes. In exchange, forward mode stores nothing for later: $v_i$
# and $\dot v_i$ can be thrown away as soon as the last operation that reads them has run.
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
    print(f"forward-mode pass with (ẋ₁, ẋ₂) = ({t1:g}, {t2:g}): f = {value.item():.3f}, "
          f"∂f/∂{label} = {tangent.item():.4g}")

# %% [markdown]
# ## 4. Reverse accumulation, step by step
#
# **Reverse mode** first evaluates the primal trace *and stores every $v_i$*. Then it goes backwards
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
# ### Reverse mode skips the branches that need no gradient
#
# The seeds sum up the backward pass as "from the outside in, **remove the branches that are not
# needed**" (seed 002) and "run the graph in reverse, **removing the branches not needed**" (seed
# 004). A branch computed only from values that need no gradient — input data, frozen
# weights — is never visited on the way back. Here a parameter `w` needs a gradient and the data
# `features` do not. The features go through 20 operations first (a stand-in for a frozen feature
# extractor). To *see* which backward steps run, `Tap` is an operation that does nothing on the
# way forward (it returns its input) and, on the way back, notes its label in `backward_calls`:

# %%
backward_calls = []


class Tap(cl.autograd.Function):
    """The identity; its backward notes `label` in backward_calls each time it runs."""

    @staticmethod
    def forward(ctx, x, label):
        ctx.label = label
        return x.data

    @staticmethod
    def backward(ctx, grad):
        backward_calls.append(ctx.label)
        return grad, None  # no gradient for the label


w = cl.tensor([0.5, -1.0, 2.0], requires_grad=True)  # a parameter: needs a gradient
features = cl.tensor([1.0, 2.0, 3.0])  # data: needs none
for step in range(20):  # the data branch: 20 steps, each tapped
    features = Tap.apply(cl.sin(features) * 1.5, f"data branch, step {step}")
weights = Tap.apply(w * w, "w branch")
product = features * weights
loss = Tap.apply(product, "product").sum()
loss.backward()

print("backward steps that ran:", backward_calls)
print("features: requires_grad", features.requires_grad, "| grad_fn", features.grad_fn)
print("the product's node needs a gradient for (features, weights):",
      product.grad_fn.needs_input_grad)
print("w.grad =", w.grad)

# %% [markdown]
# Two taps ran on the way back, not 22. The pruning happens *while recording*: an operation none
# of whose inputs requires grad records no node (`grad_fn` is `None`), so the 20 data steps are
# not in the graph at all; and the multiplication that joins the branches keeps an edge only to
# the side that needs a gradient (`needs_input_grad`), so its backward does not even compute
# the gradient with respect to `features`. This is why freezing part of a network
# (`requires_grad_(False)` on its weights) makes training cheaper.

# %% [markdown]
# ## 5. What each mode costs
#
# The seeds compare the two modes. Measured in this section:
#
# * **compute**: one pass of either mode costs $O(n)$, $n$ = the number of operations — a small
#   constant times evaluating $f$ itself (the tangent or adjoint rule of each operation is about as
#   cheap as the operation);
# * **what one pass gives**: a forward-mode pass gives the derivative along **one input
#   direction**, so the gradient of $f: \mathbb{R}^n \to \mathbb{R}$ needs $n$ forward-mode passes,
#   each sweeping the whole computation. A backward pass gives the derivatives of **one output**
#   with respect to all inputs;
# * **memory**: a forward-mode pass needs about the live memory of the evaluation of $f$ — at each
#   moment the values still to be read plus one tangent for each, a small multiple of what
#   evaluating $f$ alone needs. Reverse mode stores, in addition, every intermediate result that the backward
#   pass will read: memory that grows with the number of operations. Storing them is why training
#   deep networks needs so much GPU memory.
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
# Forward mode's few KiB above hold for *this* function only: `fold_sin` is a chain of scalars, so
# evaluating it keeps a couple of numbers alive at any moment, and so does its forward-mode pass.
# A function of a *vector* keeps whole vectors alive, and its forward-mode pass keeps a tangent
# vector beside each of them. Take $h(x) = \sum_k (\text{ten times } x \leftarrow 1.1\sin x)_k$ for
# $x \in \mathbb{R}^n$ and measure the peak memory of the evaluation alone (under `no_grad`), of one
# forward-mode pass (`jvp`) and of one reverse-mode gradient (`vjp`: evaluation + backward):

# %%
import tracemalloc

from course_lib.functional import jvp, vjp


def peak_kib(run):
    """Peak memory (KiB) allocated while run() executes, by tracemalloc."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def h(x):
    for _ in range(10):
        x = cl.sin(x) * 1.1
    return x.sum()


def evaluate_only(x):
    with cl.no_grad():
        h(x)


peak_kib(lambda: vjp(h, cl.ones(4)))  # warm-up (one-time allocations)
print(f"{'n':>7} {'evaluation':>12} {'forward-mode pass':>18} {'reverse mode':>13}   (KiB)")
for n in (1_000, 10_000, 100_000):
    x = cl.tensor(np.linspace(0.0, 1.0, n))
    tangent = np.ones(n)
    print(f"{n:>7} {peak_kib(lambda: evaluate_only(x)):>12.0f} "
          f"{peak_kib(lambda: jvp(h, x, tangent)):>18.0f} {peak_kib(lambda: vjp(h, x)):>13.0f}")

# %% [markdown]
# **Reading the measurements.**
#
# * For a **loss** ($n$ = millions of parameters in, **one** number out) reverse mode needs one
#   backward pass instead of millions of forward-mode passes: that is why training uses
#   backpropagation = reverse mode, and pays for it in memory.
# * For $g: \mathbb{R} \to \mathbb{R}^n$ (few inputs, many outputs) the table flips: forward mode needs one
#   pass, reverse mode $n$.
# * Memory: a forward-mode pass needs a small multiple of the evaluation's live memory (values
#   and tangents: between 2 and 3 times here) — a few KiB for the scalar chain `fold_sin`, growing
#   in proportion to $n$ for the vector function $h$. Reverse mode's grows with the graph — about 3
#   nodes per $x_i$ for `fold_sin`, each holding what its backward needs; for $h$ it keeps the input
#   of each of the 10 `sin`s, about 4 times the evaluation's memory here, and more for a longer
#   computation.
#
# **The source text says** (seed 000): memory complexity $O(1)$ for forward accumulation, $O(n)$ for
# reverse. **Precisely:** forward mode stores nothing *for later*, but it needs the live memory of
# the evaluation (plus tangents); that is $O(1)$ only when the evaluation itself needs $O(1)$, as for
# a chain of scalar operations. Reverse mode needs, in addition, the stored intermediates: $O(n)$
# in the number of operations.
#
# **The source text says** (seed 004), under "reverse accumulation compared with forward
# accumulation": $O(n)$ compute *to compute the gradient of one variable*, $O(1)$ memory.
# **Precisely:** those two lines describe **forward** accumulation, the mode it is compared with:
# one forward-mode pass costs $O(n)$ and gives the derivative with respect to one input variable,
# storing nothing for later (its memory is that of the evaluation, see above). Reverse accumulation costs $O(n)$ for the
# derivatives with respect to *all* inputs at once, and $O(n)$ memory for the stored intermediates.

# %% [markdown]
# <a id="d2l-2-5-8"></a>
# ### When forward, when reverse
#
# d2l asks when to use forward and when backward differentiation, thinking of the intermediate
# data, parallelism, and the sizes of the matrices and vectors involved.
#
# * **Matrix sizes.** For $f = f_3 \circ f_2 \circ f_1$ from $\mathbb{R}^n$ to $\mathbb{R}^m$ the chain rule
#   (Lesson 5) is a product of Jacobians, $J = J_3 J_2 J_1$. Forward mode multiplies it from the
#   right, starting at the input side ($J_2 J_1$ first, carrying $n$ tangent columns); reverse
#   mode from the left, starting at the output side ($J_3 J_2$ first, carrying $m$ adjoint rows).
#   Multiplying a $p \times q$ by a $q \times r$ matrix costs $p\,q\,r$ multiplications, so the
#   side with the small dimension should go first: few inputs ($n \ll m$) → forward; few
#   outputs ($m \ll n$, a loss: $m = 1$) → reverse. (Exercise 3 counts it.)
# * **Intermediate data.** Reverse mode must keep every intermediate that a backward step reads
#   until the backward pass reaches it — memory proportional to the length of the computation.
#   When that does not fit (very long computations, devices with little memory), forward mode —
#   or reverse mode that recomputes parts of the evaluation instead of storing them
#   (*checkpointing*) — is the way out.
# * **Parallelism.** A forward-mode pass runs *alongside* the evaluation, step by step, so it can
#   start at once and stream; the $n$ passes for $n$ input directions are independent and can run in
#   parallel (or together, as one pass carrying a matrix of $n$ tangents). The backward pass can start
#   only after the evaluation has finished, and it runs through the graph in the reverse order.
# * **So:** a scalar loss of many parameters → reverse mode (backpropagation); few inputs and many
#   outputs (a sensitivity of a whole simulation to one parameter) → forward mode; a
#   Jacobian-vector product $Jv$ → one forward-mode pass; a vector-Jacobian product $v^\top J$ →
#   one backward pass.

# %% [markdown]
# <a id="d2l-2-5-5"></a>
# ## 6. d2l's function on its graph
#
# **The dependency graph.** Take $f(x) = \ln(x^2)\,\sin x + \frac1x$. Split it into one operation
# per step:
#
# $$u_1 = x^2,\quad u_2 = \ln u_1,\quad u_3 = \sin x,\quad u_4 = u_2\,u_3,\quad u_5 = 1/x,\quad
# f = u_6 = u_4 + u_5 .$$
#
# $x$ feeds three operations ($x^2$, $\sin x$, $1/x$), so three edges leave it; all paths meet again
# in $u_6$. Here is the graph `course_lib` records:

# %%
x = cl.tensor(2.0, dtype=cl.float64, requires_grad=True)
u1 = x**2
u2 = cl.log(u1)
u3 = cl.sin(x)
u4 = u2 * u3
u5 = 1 / x
u6 = u4 + u5
draw_graph(u6, show_values=False, show_grads=False,
           names={"x": x, "u₁": u1, "u₂": u2, "u₃": u3, "u₄": u4, "u₅": u5, "f = u₆": u6})

# %% [markdown]
# <a id="d2l-2-5-6"></a>
# **The chain rule, placed on the graph.** Write on each edge the local derivative of its head by
# its tail:
#
# | edge | local derivative |
# |---|---|
# | $x \to u_1$ | $\partial u_1/\partial x = 2x$ |
# | $u_1 \to u_2$ | $\partial u_2/\partial u_1 = 1/u_1$ |
# | $x \to u_3$ | $\partial u_3/\partial x = \cos x$ |
# | $u_2 \to u_4$, $u_3 \to u_4$ | $\partial u_4/\partial u_2 = u_3$, $\ \partial u_4/\partial u_3 = u_2$ |
# | $x \to u_5$ | $\partial u_5/\partial x = -1/x^2$ |
# | $u_4 \to u_6$, $u_5 \to u_6$ | $1$, $1$ |
#
# The chain rule for a graph: $df/dx$ is the **sum over all paths** from $x$ to $f$ of the **product**
# of the local derivatives along the path. Three paths:
#
# $$\frac{df}{dx} = \underbrace{2x \cdot \frac{1}{x^2} \cdot \sin x \cdot 1}_{x \to u_1 \to u_2 \to u_4 \to f}
# + \underbrace{\cos x \cdot \ln(x^2) \cdot 1}_{x \to u_3 \to u_4 \to f}
# + \underbrace{\left(-\frac{1}{x^2}\right) \cdot 1}_{x \to u_5 \to f}
# = \frac{2\sin x}{x} + \ln(x^2)\cos x - \frac{1}{x^2}.$$
#
# Neither mode lists the paths (their number can grow exponentially with depth). Forward mode
# groups the products from the $x$ end: each node's tangent $\dot u_i = du_i/dx$ sums over its
# incoming edges. Reverse mode groups them from the $f$ end: each node's adjoint
# $\bar u_i = \partial f/\partial u_i$ sums over its outgoing edges. Both give the same sum. The
# closed form agrees with `backward` (checked at points other than $x = 2$, which is yours in the
# exercises):

# %%
for x0 in (0.5, 1.0, -1.5, 3.0):
    xt = cl.tensor(x0, dtype=cl.float64, requires_grad=True)
    (cl.log(xt**2) * cl.sin(xt) + 1 / xt).backward()
    closed_form = 2 * math.sin(x0) / x0 + math.log(x0**2) * math.cos(x0) - 1 / x0**2
    print(f"x = {x0:4}: path sum {closed_form:9.5f}   backward() {xt.grad.item():9.5f}")

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Try the hints in order before opening the solution.

# %% [markdown]
# <a id="d2l-2-5-7"></a>
# **Exercise 1 — d2l's function, forward ($x \to f$), by hand.** At $x = 2$, run forward mode on
# the graph of Section 6 yourself: seed $\dot x = 1$ and compute the tangents $\dot u_1, \dots, \dot u_6$
# in order, each from the tangents of its inputs (use `math.log`, `math.sin`, `math.cos` like a
# calculator — no `course_lib`). Set `answer = (du1, du2, du3, du4, du5, du6)`. The self-check runs a
# forward-mode pass (dual numbers) through the same graph.
#
# <details><summary>Hint 1</summary>
#
# Start with the nodes that read $x$ directly ($u_1$, $u_3$, $u_5$). A node with two inputs gets a
# contribution from each.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# $\dot u_i$ = the sum over the node's inputs $u_j$ of $\dfrac{\partial u_i}{\partial u_j}\,\dot u_j$,
# with the local derivatives of the table in Section 6; e.g. $\dot u_4 = u_3\,\dot u_2 + u_2\,\dot u_3$.
# You need the values $u_i$ at $x = 2$ first.
#
# </details>

# %%
# Exercise 1
answer = None  # your code here: (du1, du2, du3, du4, du5, du6) at x = 2

# %%
# Self-check 1
with dual_level():
    x = make_dual(cl.tensor(2.0, dtype=cl.float64), cl.tensor(1.0, dtype=cl.float64))
    u1 = x**2
    u2 = cl.log(u1)
    u3 = cl.sin(x)
    u4 = u2 * u3
    u5 = 1 / x
    u6 = u4 + u5
    tangents = tuple(unpack_dual(t).tangent.item() for t in (u1, u2, u3, u4, u5, u6))
check(1, answer, tangents, tol=1e-4,
      hint="each tangent is the sum, over the node's inputs, of (local derivative) × (input's "
           "tangent); see Hint 2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# x0 = 2.0
# u1, u3 = x0**2, math.sin(x0)  # the values, needed by the local derivatives
# u2 = math.log(u1)
# dx = 1.0  # the seed
# du1 = 2 * x0 * dx  # 4
# du2 = du1 / u1  # 1
# du3 = math.cos(x0) * dx  # -0.416
# du4 = u3 * du2 + u2 * du3  # 0.332
# du5 = -1 / x0**2 * dx  # -0.25
# du6 = du4 + du5  # 0.0824 = f'(2)
# answer = (du1, du2, du3, du4, du5, du6)
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — the same graph backward ($f \to x$), by hand.** Now reverse mode at $x = 2$: seed
# $\bar u_6 = 1$ and compute the adjoints $\bar u_5, \bar u_4, \bar u_3, \bar u_2, \bar u_1$ and
# finally $\bar x = df/dx$, each from the adjoints of the nodes that *read* it. Set
# `answer = (bar_u5, bar_u4, bar_u3, bar_u2, bar_u1, bar_x)`. The self-check runs `backward()` on the
# graph (with `retain_grad()` on each $u_i$) and compares; your $\bar x$ must also equal your
# $\dot u_6$ from Exercise 1.
#
# <details><summary>Hint 1</summary>
#
# Go in the reverse order of Exercise 1. $x$ is read by three nodes, so $\bar x$ collects three
# contributions.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# $\bar u_j$ = the sum over the nodes $u_i$ that read $u_j$ of $\bar u_i\,\dfrac{\partial u_i}{\partial u_j}$;
# e.g. $\bar u_2 = \bar u_4\, u_3$ and $\bar x = \bar u_1 \cdot 2x + \bar u_3 \cos x + \bar u_5 \cdot (-1/x^2)$.
#
# </details>

# %%
# Exercise 2
answer = None  # your code here: (bar_u5, bar_u4, bar_u3, bar_u2, bar_u1, bar_x) at x = 2

# %%
# Self-check 2
x = cl.tensor(2.0, dtype=cl.float64, requires_grad=True)
u1 = x**2
u2 = cl.log(u1)
u3 = cl.sin(x)
u4 = u2 * u3
u5 = 1 / x
u6 = u4 + u5
for t in (u1, u2, u3, u4, u5):
    t.retain_grad()
u6.backward()
check(2, answer, tuple(t.grad.item() for t in (u5, u4, u3, u2, u1, x)), tol=1e-4,
      hint="each adjoint is the sum, over the nodes that read it, of (their adjoint) × (local "
           "derivative); see Hint 2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# x0 = 2.0
# u1, u3 = x0**2, math.sin(x0)
# u2 = math.log(u1)
# bar_u6 = 1.0  # the seed
# bar_u5 = bar_u6 * 1  # 1
# bar_u4 = bar_u6 * 1  # 1
# bar_u3 = bar_u4 * u2  # ln 4 = 1.386
# bar_u2 = bar_u4 * u3  # sin 2 = 0.909
# bar_u1 = bar_u2 / u1  # 0.227
# bar_x = bar_u1 * 2 * x0 + bar_u3 * math.cos(x0) + bar_u5 * (-1 / x0**2)  # 0.0824 = f'(2)
# answer = (bar_u5, bar_u4, bar_u3, bar_u2, bar_u1, bar_x)
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — matrix sizes decide.** A function $\mathbb{R}^n \to \mathbb{R}^{m_1} \to \mathbb{R}^{m_2} \to
# \mathbb{R}^m$ has the Jacobian $J = J_3 J_2 J_1$ with $J_1$ of shape $m_1 \times n$, $J_2$ of shape
# $m_2 \times m_1$ and $J_3$ of shape $m \times m_2$. Write `chain_costs(n, m1, m2, m)` returning
# `(forward, reverse)`: the number of scalar multiplications to form $J$ in forward order and in
# reverse order (Section 5, "When forward, when reverse"). Then compare them for a loss
# ($n = 1000$, $m_1 = 500$, $m_2 = 200$, $m = 1$) and for its mirror image ($n = 1$, $m = 1000$).
#
# <details><summary>Hint 1</summary>
#
# Each order does two matrix products. Which two matrices does forward mode multiply first, and
# what is the shape of their product?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# A $(p \times q)$ times $(q \times r)$ product costs $p\,q\,r$. Forward: $J_2 J_1$ (shape $m_2 \times n$),
# then $J_3$ times that. Reverse: $J_3 J_2$ (shape $m \times m_1$), then that times $J_1$.
#
# </details>

# %%
# Exercise 3
def chain_costs(n, m1, m2, m):
    """(forward, reverse): scalar multiplications to form J3 @ J2 @ J1 in each order."""
    raise NotImplementedError("return the two multiplication counts as a tuple")


# %%
# Self-check 3
def counted_matmul(A, B, counter):
    """A @ B, adding its number of scalar multiplications to counter[0]."""
    counter[0] += A.shape[0] * A.shape[1] * B.shape[1]
    return A @ B


def measured_costs(n, m1, m2, m):
    J1, J2, J3 = np.ones((m1, n)), np.ones((m2, m1)), np.ones((m, m2))
    forward, reverse = [0], [0]
    counted_matmul(J3, counted_matmul(J2, J1, forward), forward)  # from the input side
    counted_matmul(counted_matmul(J3, J2, reverse), J1, reverse)  # from the output side
    return forward[0], reverse[0]


check_function(3, chain_costs, measured_costs,
               [(1000, 500, 200, 1), (1, 200, 500, 1000), (3, 4, 5, 6), (7, 2, 9, 2)], tol=0,
               hint="write down the shape of the first product in each order; see Hint 2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# def chain_costs(n, m1, m2, m):
#     """(forward, reverse): scalar multiplications to form J3 @ J2 @ J1 in each order."""
#     forward = m2 * m1 * n + m * m2 * n  # J2 J1 (m2×n), then J3 (J2 J1)
#     reverse = m * m2 * m1 + m * m1 * n  # J3 J2 (m×m1), then (J3 J2) J1
#     return forward, reverse
# # the loss (1000, 500, 200, 1): forward 100,200,000 vs reverse 600,000 -> reverse
# # the mirror (1, 200, 500, 1000): forward 600,000 vs reverse 100,200,000 -> forward
# ```
#
# </details>

# %% [markdown]
# For Exercise 4, here is a function from $\mathbb{R}^6$ to $\mathbb{R}^2$:

# %%
def F(x):
    """R⁶ → R²: the sum and the sum of squares."""
    return cl.stack([x.sum(), (x * x).sum()])


x6 = cl.arange(6.0)
print("input shape", tuple(x6.shape), "-> output shape", tuple(F(x6).shape))

# %% [markdown]
# **Exercise 4 — count the passes.** How many passes does the full $2 \times 6$ Jacobian of `F` need
# in forward mode (`jacobian(F, x6, mode="fwd")`), and how many in reverse mode (`mode="rev"`)?
# Set `answer = (forward_passes, reverse_passes)`. (The self-check counts them by running both.)
# Then think: which mode would you pick for a loss function of a network?
#
# <details><summary>Hint 1</summary>
#
# What does one forward-mode pass produce: a row or a column of the Jacobian? And one backward pass?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# A forward-mode pass pushes one input direction through (one column); a backward pass pulls one
# output back (one row). How many columns and rows has a $2 \times 6$ matrix?
#
# </details>

# %%
# Exercise 4
answer = None  # your code here: (forward_passes, reverse_passes)

# %%
# Self-check 4
from course_lib.functional import jacobian

evaluations = []


def F_counted(x):
    """F, noting each evaluation (a forward-mode pass evaluates F once)."""
    evaluations.append(1)
    return F(x)


jacobian(F_counted, x6, mode="fwd")
forward_count = len(evaluations) - 1  # minus one plain evaluation (for the output's shape)
backward_calls.clear()
jacobian(lambda x: Tap.apply(F(x), "F"), x6, mode="rev")  # Tap notes each backward pass
backward_count = len(backward_calls)
check(4, answer, (forward_count, backward_count), tol=0,
      hint="how many columns does one forward-mode pass give, and how many rows one backward "
           "pass? See Hint 2")

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 4
# answer = (6, 2)  # forward: one pass per input (column); reverse: one pass per output (row)
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
# * The **evaluation** (forward pass) computes the values; a **forward-mode pass** carries tangents
#   $\dot v_i$ along with them: one pass = one input direction, with about the live memory of the
#   evaluation. For $f = \ln x_1 + x_1x_2 - \sin x_2$ at $(2, 5)$ it takes two passes to get
#   $\partial f/\partial x_1 = 5.5$ and $\partial f/\partial x_2 = 1.716$.
# * **Reverse accumulation** evaluates and stores the intermediates, then propagates adjoints
#   $\bar v_i$ from the output back in a backward pass: one pass = one output, all inputs at once;
#   memory grows with the number of operations. Branches that need no gradient are not recorded and
#   never visited.
# * Both cost $O(n)$ operations per pass. The Jacobian is a product of Jacobians: start from the
#   small side. A loss has one output and many inputs, so networks are trained in reverse mode —
#   backpropagation.
# * On a graph, $df/dx$ is the sum over paths of the products of local derivatives; forward mode
#   sums them from the input side, reverse mode from the output side.
#
# Next: [Lesson 7 — autograd in practice](07_autograd_in_practice.ipynb): `requires_grad`,
# accumulation, `detach`, `no_grad`, higher-order gradients, and the errors you will meet.
