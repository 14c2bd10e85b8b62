# %% [markdown] nbgrader="task" grade_id="intro"
# # Assignment 3 — Build reverse-mode autodiff
#
# You will write a small automatic-differentiation engine for scalars — the core of what
# `course_lib` and PyTorch do — in about a hundred lines of plain Python:
#
# 1. a `Value` class: each operation computes its result **and** remembers how to send a
#    gradient back to its inputs (its local derivatives, Lesson 5);
# 2. a **non-recursive** topological sort of the computational graph (Lesson 6);
# 3. `backprop`: the reverse sweep, with gradients that **accumulate** when a value is
#    used more than once;
# 4. a finite-difference checker to test your engine (Lesson 3);
# 5. a forward-mode `Dual` number (Lesson 6).
#
# Use only plain Python and `math` in your answers and in any cell you add: **not**
# `course_lib`, `torch` or any other autodiff library — a hidden check gives 0 to every
# test of a submission that uses one (the test cells import `course_lib` themselves to
# compare with your engine). The tests compare your engine with `course_lib` and with
# finite differences on random expressions, and on a chain 10 000 steps deep.
#
# Each question has a test cell: run it to check your work. Grading runs more, hidden,
# checks of the same kind. 25 points in total; about 60 minutes.

# %% nbgrader="setup" grade_id="setup"
import math
import numpy as np
import course_lib as cl   # used by the test cells only, to compare with your engine
from course_lib.checks import *

# %% [markdown] nbgrader="task" grade_id="q1"
# ## 1. `Value`: values and local derivatives (2 points, +5 in question 4) — Lesson 5
#
# A `Value` holds a number `data`, its gradient `grad` (0.0 until a backward pass fills
# it), the `Value`s it was computed from (`_children`) and a function `_backward` that,
# once `out.grad` is known, **adds** `local derivative × out.grad` to each child's `grad`.
#
# `__add__` is written for you as the worked example. Write the bodies of `__mul__`,
# `__pow__` (a number exponent), `exp`, `log`, `tanh` and `relu` the same way — the
# forward value and, right next to it, the local derivatives:
#
# | op | forward | local derivative(s) |
# |---|---|---|
# | `a * b` | $ab$ | $\partial/\partial a = b$, $\partial/\partial b = a$ |
# | `a ** k` | $a^k$ | $k a^{k-1}$ |
# | `a.exp()` | $e^a$ | $e^a$ |
# | `a.log()` | $\ln a$ | $1/a$ |
# | `a.tanh()` | $\tanh a$ | $1 - \tanh^2 a$ |
# | `a.relu()` | $\max(a, 0)$ | $1$ if $a > 0$ else $0$ |
#
# Subtraction, division and the reversed operators (`2 * a`, `1 - a`, `1 / a`) are given:
# they are built from yours. Use `+=` in `_backward`: a value used twice must receive
# both contributions.

# %% nbgrader="answer" grade_id="value"
class Value:
    """A scalar that remembers how it was computed, so gradients can flow back to it."""

    def __init__(self, data, _children=(), _op=""):
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(_children)
        self._backward = lambda: None  # a leaf has no children to send gradient to
        self._op = _op

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # worked example: the forward value and the local derivatives side by side
    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += 1.0 * out.grad   # d(out)/d(self) = 1
            other.grad += 1.0 * out.grad  # d(out)/d(other) = 1

        out._backward = _backward  # called later, once out.grad is known
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        ### BEGIN SOLUTION
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def __pow__(self, k):
        if isinstance(k, Value):
            raise TypeError("Value ** Value is not supported: use a number, e.g. a ** 2")
        ### BEGIN SOLUTION
        out = Value(self.data**k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def exp(self):
        ### BEGIN SOLUTION
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def log(self):
        ### BEGIN SOLUTION
        out = Value(math.log(self.data), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out
        ### END SOLUTION

    def tanh(self):
        ### BEGIN SOLUTION
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1.0 - t * t) * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def relu(self):
        ### BEGIN SOLUTION
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    # given: built from the operations above
    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self * other**-1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return (-self) + other

    def __rtruediv__(self, other):
        return Value(other) / self

    def backward(self):
        """Fill .grad of every Value this one depends on (question 3)."""
        backprop(self)

# %% nbgrader="test" grade_id="test_value_forward" points=2
from course_lib.checks import Rubric, check_close, check_equal
a, b = Value(2.0), Value(-3.0)
rubric = Rubric()
with rubric.part(1, "forward values of *, **, exp, log, tanh, relu"):
    check_close((a * b).data, -6.0, name="(Value(2) * Value(-3)).data", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close((a ** 3).data, 8.0, name="(Value(2) ** 3).data", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(a.exp().data, math.exp(2.0), name="Value(2).exp().data", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(a.log().data, math.log(2.0), name="Value(2).log().data", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(b.tanh().data, math.tanh(-3.0), name="Value(-3).tanh().data",
                lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(b.relu().data, 0.0, name="Value(-3).relu().data", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(a.relu().data, 2.0, name="Value(2).relu().data", lesson='Lesson 5 (the chain rule: local derivatives)')
with rubric.part(1, "a result remembers its children"):
    kids = (a * b)._children
    check_equal(sorted(kids[i].data for i in range(len(kids))), [-3.0, 2.0],
                name="(a * b)._children", hint="pass (self, other) to the new Value",
                lesson='Lesson 5 (the chain rule: local derivatives)')
    kids = a.tanh()._children
    check_equal([kids[i].data for i in range(len(kids))], [2.0],
                name="a.tanh()._children", hint="a unary op has one child: (self,)",
                lesson='Lesson 5 (the chain rule: local derivatives)')
### BEGIN HIDDEN TESTS
with rubric.part(1, "the given -, / and reversed operators work on your ops"):
    check_close((a - b).data, 5.0, name="(a - b).data", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close((a / b).data, -2.0 / 3.0, name="(a / b).data", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close((1.0 / a).data, 0.5, name="(1 / a).data", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close((3 * a).data, 6.0, name="(3 * a).data", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close((a ** 0.5).data, math.sqrt(2.0), name="(a ** 0.5).data", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close((a ** -2).data, 0.25, name="(a ** -2).data", lesson='Lesson 5 (the chain rule: local derivatives)')
with rubric.part(1, "data and grad are plain floats (no library inside)"):
    check_equal(type_name((a * b).data), "float", name="type of (a * b).data")
    check_equal(type_name(a.exp().grad), "float", name="type of a.exp().grad")
check_source_avoids(["course_lib", "cl", "torch", "jax", "Tensor"], name="your engine",
        hint="this assignment asks you to write the engine: plain Python and math "
             "only, in every cell you write or add")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q2"
# ## 2. A topological order without recursion (4 points) — Lesson 6
#
# Backprop must visit a node only after every node that uses it. Write
# `topo_order(root)`: a list of every `Value` reachable from `root` through `_children`
# (root included), **each exactly once**, with every node placed **after all of its
# children** — so the leaves come first and `root` comes last.
#
# The textbook version is a recursive depth-first search; it dies with `RecursionError`
# on a graph a few thousand nodes deep (a long training loop, an RNN unrolled over many
# steps). Use an explicit stack (a Python list) instead: for example push `(node,
# False)`; when you pop it the first time push `(node, True)` and then its unvisited
# children; when you pop `(node, True)` its children are all done, so append it.
# Keep a set of `id(node)`s already visited.

# %% nbgrader="answer" grade_id="topo_order"
def topo_order(root):
    """Every Value reachable from root, each once, children before parents. No recursion."""
    ### BEGIN SOLUTION
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))
        for child in node._children:
            if id(child) not in visited:
                stack.append((child, False))
    return order
    ### END SOLUTION

# %% nbgrader="test" grade_id="test_topo_order" points=4
from course_lib.checks import Rubric, check_equal, check_true
# a diamond built with the given +: labels are the data values
a, b = Value(2.0), Value(3.0)
c = a + b        # 5
d = c + a        # 7
e = d + c        # 12
order = topo_order(e)
labels = [order[i].data for i in range(len(order))]
rubric = Rubric()
with rubric.part(2, "every reachable node exactly once"):
    check_equal(sorted(labels), [2.0, 3.0, 5.0, 7.0, 12.0],
                name="sorted data of topo_order(e)",
                hint="keep a set of visited id(node)s; c and a are reached twice",
                lesson='Lesson 6 (computational graphs, forward and reverse mode)')
with rubric.part(2, "children before parents, root last"):
    edges = [(5.0, 2.0), (5.0, 3.0), (7.0, 5.0), (7.0, 2.0), (12.0, 7.0), (12.0, 5.0)]
    check_true(labels[-1] == 12.0 and
               all(labels.index(kid) < labels.index(parent) for parent, kid in edges),
               "each node comes after all of its children", got=labels,
               hint="append a node only when all its children have been appended",
               lesson='Lesson 6 (computational graphs, forward and reverse mode)')
### BEGIN HIDDEN TESTS
# a wide fan-in: the same leaf used 30 times, and a leaf on its own
x = Value(0.5)
total = x + x
for _ in range(28):
    total = total + x
order = topo_order(total)
with rubric.part(1, "a node used 30 times is listed once"):
    check_equal(len(order), 30, name="len(topo_order(x + x + ... + x))",
                hint="30 nodes: x and the 29 sums", lesson='Lesson 6 (computational graphs, forward and reverse mode)')
with rubric.part(1, "a lone leaf"):
    check_equal(len(topo_order(Value(1.0))), 1, name="len(topo_order(Value(1.0)))",
                lesson='Lesson 6 (computational graphs, forward and reverse mode)')
check_source_avoids(["course_lib", "cl", "torch", "jax", "Tensor"], name="your engine",
        hint="this assignment asks you to write the engine: plain Python and math "
             "only, in every cell you write or add")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q3"
# ## 3. Backprop and accumulation (4 points) — Lessons 5, 6
#
# Write `backprop(root)`: set `root.grad = 1.0` (d root / d root), then call `_backward()`
# on every node of `topo_order(root)` in **reverse** order, so each node's `grad` is
# complete before it is sent on to its children. (`Value.backward()` calls it.) Assume
# the graph is fresh: every `grad` starts at 0.
#
# Then write `grad(f, *xs)`: wrap each number in a `Value`, compute `out = f(*values)`,
# run `out.backward()` and return the list of the inputs' gradients (plain floats).
# The seeds' first example — $y = 2\,x^\top x$ at $x = (0, 1, 2, 3)$ — should give
# `[0.0, 4.0, 8.0, 12.0]`.

# %% nbgrader="answer" grade_id="backprop"
def backprop(root):
    """Reverse-mode sweep: d root / d node accumulated into every node's .grad."""
    ### BEGIN SOLUTION
    root.grad = 1.0
    for node in reversed(topo_order(root)):
        node._backward()
    ### END SOLUTION

# %% nbgrader="answer" grade_id="grad"
def grad(f, *xs):
    """[df/dx_1, ..., df/dx_n] at the numbers xs, by one backward pass."""
    ### BEGIN SOLUTION
    values = [Value(x) for x in xs]
    f(*values).backward()
    return [v.grad for v in values]
    ### END SOLUTION

# %% nbgrader="test" grade_id="test_backprop" points=4
from course_lib.checks import Rubric, check_close, fn
rubric = Rubric()
with rubric.part(1, "the seeds' y = 2 x.x at x = (0, 1, 2, 3)"):
    check_close(grad(fn("lambda x0, x1, x2, x3: 2 * (x0*x0 + x1*x1 + x2*x2 + x3*x3)"),
                     0.0, 1.0, 2.0, 3.0), [0.0, 4.0, 8.0, 12.0],
                name="grad(2 x.x, 0, 1, 2, 3)", hint="the gradient is 4x",
                lesson='Lesson 6 (computational graphs, forward and reverse mode)')
with rubric.part(1, "out = a * b + a: a is used twice"):
    a, b = Value(2.0), Value(-3.0)
    out = a * b + a
    out.backward()
    check_close(out.grad, 1.0, name="out.grad after out.backward()",
                hint="start the sweep with root.grad = 1", lesson='Lesson 6 (computational graphs, forward and reverse mode)')
    check_close(a.grad, -2.0, name="a.grad for out = a * b + a",
                hint="a receives b from the product and 1 from the sum: use +=",
                lesson='Lesson 6 (computational graphs, forward and reverse mode)')
    check_close(b.grad, 2.0, name="b.grad for out = a * b + a", lesson='Lesson 6 (computational graphs, forward and reverse mode)')
### BEGIN HIDDEN TESTS
with rubric.part(1, "a * a accumulates both halves of the product"):
    check_close(grad(fn("lambda a: a * a"), 3.0), [6.0], name="grad(a * a, 3)",
                hint="self and other are the same Value: both += land on it",
                lesson='Lesson 6 (computational graphs, forward and reverse mode)')
    check_close(grad(fn("lambda a: a * a * a + a"), -2.0), [13.0],
                name="grad(a^3 + a, -2)", lesson='Lesson 6 (computational graphs, forward and reverse mode)')
with rubric.part(1, "a shared intermediate: c = a * b; d = c * c + c"):
    check_close(grad(fn("lambda a, b: (lambda c: c * c + c)(a * b)"), 1.5, -0.5),
                [(2 * -0.75 + 1) * -0.5, (2 * -0.75 + 1) * 1.5], rtol=1e-12,
                name="grad(c^2 + c with c = a b, 1.5, -0.5)",
                hint="visit each node once, in reverse topological order",
                lesson='Lesson 6 (computational graphs, forward and reverse mode)')
    check_close(grad(fn("lambda a, b: a"), 1.0, 2.0), [1.0, 0.0],
                name="grad(lambda a, b: a, 1, 2)",
                hint="an unused input keeps grad 0.0", lesson='Lesson 6 (computational graphs, forward and reverse mode)')
check_source_avoids(["course_lib", "cl", "torch", "jax", "Tensor"], name="your engine",
        hint="this assignment asks you to write the engine: plain Python and math "
             "only, in every cell you write or add")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q4"
# ## 4. Are your local derivatives right? (5 points) — Lesson 5
#
# Nothing new to write: this cell tests the `_backward` functions of question 1 through
# your `grad`, one operation at a time, against the derivatives you know. If a part
# fails, fix that operation in question 1 and re-run the cells.

# %% nbgrader="test" grade_id="test_local_derivatives" points=5
from course_lib.checks import Rubric, check_close, fn
rubric = Rubric()
with rubric.part(1, "product: d(ab)/da = b, d(ab)/db = a"):
    check_close(grad(fn("lambda a, b: a * b"), 2.0, -3.0), [-3.0, 2.0],
                name="grad(a * b, 2, -3)", lesson='Lesson 5 (the chain rule: local derivatives)')
with rubric.part(1, "power: d(a^k)/da = k a^(k-1)"):
    check_close(grad(fn("lambda a: a ** 3"), 2.0), [12.0], name="grad(a ** 3, 2)",
                lesson='Lesson 5 (the chain rule: local derivatives)')
with rubric.part(1, "exp and log"):
    check_close(grad(fn("lambda a: a.exp()"), 0.7), [math.exp(0.7)],
                name="grad(exp(a), 0.7)", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(grad(fn("lambda a: a.log()"), 4.0), [0.25], name="grad(log(a), 4)",
                lesson='Lesson 5 (the chain rule: local derivatives)')
with rubric.part(1, "tanh: 1 - tanh^2"):
    check_close(grad(fn("lambda a: a.tanh()"), 0.5), [1 - math.tanh(0.5) ** 2],
                name="grad(tanh(a), 0.5)", lesson='Lesson 5 (the chain rule: local derivatives)')
with rubric.part(1, "relu: 1 for a > 0, else 0"):
    check_close(grad(fn("lambda a: a.relu()"), 1.5), [1.0], name="grad(relu(a), 1.5)",
                lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(grad(fn("lambda a: a.relu()"), -1.5), [0.0],
                name="grad(relu(a), -1.5)", lesson='Lesson 5 (the chain rule: local derivatives)')
### BEGIN HIDDEN TESTS
with rubric.part(2, "the same ops at other points, and the derived -, /, 1/a"):
    check_close(grad(fn("lambda a: a ** 0.5"), 9.0), [1 / 6], rtol=1e-12,
                name="grad(a ** 0.5, 9)", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(grad(fn("lambda a: a ** -2"), 2.0), [-0.25], rtol=1e-12,
                name="grad(a ** -2, 2)", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(grad(fn("lambda a, b: a / b"), 1.5, -2.0), [-0.5, -0.375],
                rtol=1e-12, name="grad(a / b, 1.5, -2)", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(grad(fn("lambda a, b: a - b"), 1.0, 2.0), [1.0, -1.0],
                name="grad(a - b, 1, 2)", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(grad(fn("lambda a: 1 / a"), -4.0), [-1 / 16], rtol=1e-12,
                name="grad(1 / a, -4)", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(grad(fn("lambda a: a.relu()"), 0.0), [0.0], name="grad(relu(a), 0)",
                hint="use relu'(0) = 0, as PyTorch and course_lib do", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(grad(fn("lambda a: (a * a).exp().log()"), -1.2), [-2.4], rtol=1e-12,
                name="grad(log(exp(a^2)), -1.2)", lesson='Lesson 5 (the chain rule: local derivatives)')
    check_close(grad(fn("lambda a: a.tanh()"), -3.0), [1 - math.tanh(3.0) ** 2],
                rtol=1e-12, name="grad(tanh(a), -3)", lesson='Lesson 5 (the chain rule: local derivatives)')
check_source_avoids(["course_lib", "cl", "torch", "jax", "Tensor"], name="your engine",
        hint="this assignment asks you to write the engine: plain Python and math "
             "only, in every cell you write or add")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q5"
# ## 5. Checking with finite differences (2 points) — Lesson 3
#
# Write `numerical_grad(f, xs, h=1e-6)`: the central-difference estimate
# $\dfrac{f(\dots, x_i + h, \dots) - f(\dots, x_i - h, \dots)}{2h}$ for every input
# $i$, as a list of floats. Call `f` on `Value`s (so the same `f` works for `grad`) and
# read the result's `.data`.

# %% nbgrader="answer" grade_id="numerical_grad"
def numerical_grad(f, xs, h=1e-6):
    """Central differences of f at the numbers xs, one per input."""
    ### BEGIN SOLUTION
    estimates = []
    for i in range(len(xs)):
        up = [Value(x + h if j == i else x) for j, x in enumerate(xs)]
        down = [Value(x - h if j == i else x) for j, x in enumerate(xs)]
        estimates.append((f(*up).data - f(*down).data) / (2 * h))
    return estimates
    ### END SOLUTION

# %% nbgrader="test" grade_id="test_numerical_grad" points=2
from course_lib.checks import check_close, fn
check_close(numerical_grad(fn("lambda a, b: a * b + b.exp()"), [2.0, 0.5]),
            [0.5, 2.0 + math.exp(0.5)], rtol=1e-7,
            name="numerical_grad(a b + exp(b), [2, 0.5])",
            hint="(f(x + h e_i) - f(x - h e_i)) / (2h), one entry per input",
            lesson='Lesson 3 (numeric differentiation: central differences)')
### BEGIN HIDDEN TESTS
# exact for quadratics whatever h is: tells central from one-sided differences
check_close(numerical_grad(fn("lambda a, b: a * a - 3 * a * b"), [1.0, 2.0], h=0.5),
            [-4.0, -3.0], rtol=1e-9,
            name="numerical_grad(a^2 - 3ab, [1, 2], h=0.5)",
            hint="use f(x + h) and f(x - h), and honour the h argument",
            lesson='Lesson 3 (numeric differentiation: central differences)')
check_close(numerical_grad(fn("lambda a: a.tanh()"), [0.3]), [1 - math.tanh(0.3) ** 2],
            rtol=1e-8, name="numerical_grad(tanh, [0.3])", lesson='Lesson 3 (numeric differentiation: central differences)')
check_source_avoids(["course_lib", "cl", "torch", "jax", "Tensor"], name="your engine",
        hint="this assignment asks you to write the engine: plain Python and math "
             "only, in every cell you write or add")
### END HIDDEN TESTS

# %% [markdown] nbgrader="task" grade_id="q6"
# ## 6. Your engine against course_lib, on random expressions and a deep chain (4 points)
#
# Nothing new to write. The first cell builds random expressions from every operation
# (with a seeded random generator) and compares your `grad` with `course_lib`'s reverse
# mode and with your `numerical_grad`. The second differentiates a chain 10 000 steps
# deep, $x_{k+1} = 1.0001\,x_k - 0.0001 \tanh x_k$ — where a recursive topological sort
# raises `RecursionError`. Lesson 6.

# %% nbgrader="test" grade_id="test_random_expressions" points=2
from course_lib.checks import check_close, fn, seeded_rng
def reference_grad(f, xs):
    """Gradient of f at xs from course_lib's reverse mode, in float64."""
    ts = [cl.tensor(x, dtype=cl.float64, requires_grad=True) for x in xs]
    f(*ts).backward()
    return np.array([0.0 if t.grad is None else t.grad.item() for t in ts])
src = "lambda a, b, c: (a * b).tanh() + (c * c + 1.0).log() / (a - b).exp()"
point = [0.3, -1.2, 0.8]
check_close(grad(fn(src), *point), reference_grad(fn(src), point), rtol=1e-9,
            atol=1e-12, name=f"grad({src[16:]}) at {point}",
            hint="compare op by op with question 4", lesson='Lesson 6 (computational graphs, forward and reverse mode)')
### BEGIN HIDDEN TESTS
def random_expression(rng, depth, names=("a", "b", "c")):
    """Source text of a random expression: every op of the assignment, safe domains."""
    if depth == 0 or rng.random() < 0.15:
        return str(rng.choice(names))
    x = random_expression(rng, depth - 1, names)
    y = random_expression(rng, depth - 1, names)
    k = float(np.round(rng.uniform(0.5, 2.0), 3))
    forms = [f"({x} + {y})", f"({x} * {y})", f"({x} - {k} * {y})", f"({x} / ({y} * {y} + 1.0))",
             f"({x} ** 2)", f"({x}).tanh()", f"(({x}) * ({x}) + {k}).log()",
             f"({x}).tanh().exp()", f"({x}).relu()", f"({k} - {x})", f"({k} / ({x} * {x} + 1.0))"]
    return forms[int(rng.integers(len(forms)))]
rng = seeded_rng(31)
for k in range(25):
    src = "lambda a, b, c: " + random_expression(rng, 4)
    point = [float(v) for v in np.round(rng.uniform(-1.5, 1.5, 3), 3)]
    expected = reference_grad(fn(src), point)
    got = grad(fn(src), *point)
    check_close(got, expected, rtol=1e-8, atol=1e-10,
                name=f"grad of random expression {k}: {src[16:]} at {point}",
                lesson='Lesson 6 (computational graphs, forward and reverse mode)')
    check_close(numerical_grad(fn(src), point), got, rtol=1e-4, atol=1e-6,
                name=f"numerical_grad vs grad on random expression {k}",
                lesson='Lesson 6 (computational graphs, forward and reverse mode)')
check_source_avoids(["course_lib", "cl", "torch", "jax", "Tensor"], name="your engine",
        hint="this assignment asks you to write the engine: plain Python and math "
             "only, in every cell you write or add")
### END HIDDEN TESTS

# %% nbgrader="test" grade_id="test_deep_chain" points=2
from course_lib.checks import Rubric, check_close, fn
steps = 10_000
chain = fn("lambda x: [x := 1.0001 * x - 0.0001 * x.tanh() for _ in range(%d)][-1]"
           % steps)
x, slope = 0.5, 1.0
for _ in range(steps):      # the exact derivative, step by step (forward)
    t = math.tanh(x)
    slope *= 1.0001 - 0.0001 * (1.0 - t * t)
    x = 1.0001 * x - 0.0001 * t
rubric = Rubric()
with rubric.part(1, f"a chain {steps} steps deep (a RecursionError means that "
                    "topo_order or backprop recurses: use an explicit stack)"):
    check_close(grad(chain, 0.5), [slope], rtol=1e-9,
                name=f"grad of a chain {steps} steps deep",
                hint="compare with the tanh test of question 4", lesson='Lesson 6 (computational graphs, forward and reverse mode)')
### BEGIN HIDDEN TESTS
steps = 25_000
chain = fn("lambda x: [x := (x * 0.9999 + 0.001).relu() + 0.0 * x "
           "for _ in range(%d)][-1]" % steps)
with rubric.part(1, f"a relu chain {steps} steps deep, each step using x twice"):
    check_close(grad(chain, 2.0), [0.9999 ** steps], rtol=1e-9,
                name=f"grad of a relu chain {steps} steps deep",
                hint="no recursion anywhere: not in topo_order, not in backprop",
                lesson='Lesson 6 (computational graphs, forward and reverse mode)')
check_source_avoids(["course_lib", "cl", "torch", "jax", "Tensor"], name="your engine",
        hint="this assignment asks you to write the engine: plain Python and math "
             "only, in every cell you write or add")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q7"
# ## 7. Forward mode: dual numbers (4 points) — Lesson 6
#
# Forward mode carries the derivative *along with* the value: a dual number
# $a + \dot a\,\varepsilon$ with $\varepsilon^2 = 0$. Then
# $f(x + \dot x\varepsilon) = f(x) + f'(x)\,\dot x\,\varepsilon$: evaluate `f` once
# on `Dual(x, 1.0)` and read the derivative from `.dot`. No graph, no backward pass — but
# one pass per input direction.
#
# Complete `Dual` (`__add__` is given; write `__mul__` — the product rule —, `__pow__`,
# `exp`, `log`, `tanh`, `relu`) and `derivative(f, x)`. The same `f` you passed to `grad`
# works here: for one input, `derivative(f, x)` must equal `grad(f, x)[0]`. The seeds'
# check: for $y = x^2$ at $x = 3$ both give 6.

# %% nbgrader="answer" grade_id="dual"
class Dual:
    """val + dot·ε with ε² = 0: val carries f(x), dot carries f'(x)·ẋ."""

    def __init__(self, val, dot=0.0):
        self.val = float(val)
        self.dot = float(dot)

    def __repr__(self):
        return f"Dual(val={self.val:.6g}, dot={self.dot:.6g})"

    def __add__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return Dual(self.val + other.val, self.dot + other.dot)

    def __mul__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        ### BEGIN SOLUTION
        return Dual(self.val * other.val, self.dot * other.val + self.val * other.dot)
        ### END SOLUTION

    def __pow__(self, k):
        ### BEGIN SOLUTION
        return Dual(self.val**k, k * self.val ** (k - 1) * self.dot)
        ### END SOLUTION

    def exp(self):
        ### BEGIN SOLUTION
        e = math.exp(self.val)
        return Dual(e, e * self.dot)
        ### END SOLUTION

    def log(self):
        ### BEGIN SOLUTION
        return Dual(math.log(self.val), self.dot / self.val)
        ### END SOLUTION

    def tanh(self):
        ### BEGIN SOLUTION
        t = math.tanh(self.val)
        return Dual(t, (1.0 - t * t) * self.dot)
        ### END SOLUTION

    def relu(self):
        ### BEGIN SOLUTION
        return Dual(self.val if self.val > 0 else 0.0, self.dot if self.val > 0 else 0.0)
        ### END SOLUTION

    # given: built from the operations above
    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        other = other if isinstance(other, Dual) else Dual(other)
        return self * other**-1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return (-self) + other

    def __rtruediv__(self, other):
        return Dual(other) / self

# %% nbgrader="answer" grade_id="derivative"
def derivative(f, x):
    """f'(x) by one forward pass: seed dot = 1 and read the result's dot."""
    ### BEGIN SOLUTION
    return f(Dual(x, 1.0)).dot
    ### END SOLUTION

# %% nbgrader="test" grade_id="test_dual" points=4
from course_lib.checks import Rubric, check_close, fn
rubric = Rubric()
with rubric.part(1, "product rule"):
    p = Dual(2.0, 1.0) * Dual(3.0, 0.5)
    check_close([p.val, p.dot], [6.0, 4.0], name="Dual(2, 1) * Dual(3, 0.5)",
                hint="(a + a'ε)(b + b'ε) = ab + (a'b + ab')ε", lesson='Lesson 6 (computational graphs, forward and reverse mode)')
with rubric.part(1, "the seeds' y = x^2 at x = 3"):
    check_close(derivative(fn("lambda x: x ** 2"), 3.0), 6.0,
                name="derivative(x ** 2, 3)", lesson='Lesson 6 (computational graphs, forward and reverse mode)')
with rubric.part(1, "exp, log, tanh, relu agree with reverse mode"):
    src = "lambda x: (x * x + 1.0).log() * x.tanh().exp() + (x - 0.5).relu()"
    check_close(derivative(fn(src), 0.9), grad(fn(src), 0.9)[0], rtol=1e-10,
                name="derivative vs grad for " + src[10:],
                hint="each op: value, and dot = local derivative * dot", lesson='Lesson 6 (computational graphs, forward and reverse mode)')
### BEGIN HIDDEN TESTS
def random_expression(rng, depth, names=("a", "b", "c")):
    """Source text of a random expression: every op of the assignment, safe domains."""
    if depth == 0 or rng.random() < 0.15:
        return str(rng.choice(names))
    x = random_expression(rng, depth - 1, names)
    y = random_expression(rng, depth - 1, names)
    k = float(np.round(rng.uniform(0.5, 2.0), 3))
    forms = [f"({x} + {y})", f"({x} * {y})", f"({x} - {k} * {y})", f"({x} / ({y} * {y} + 1.0))",
             f"({x} ** 2)", f"({x}).tanh()", f"(({x}) * ({x}) + {k}).log()",
             f"({x}).tanh().exp()", f"({x}).relu()", f"({k} - {x})", f"({k} / ({x} * {x} + 1.0))"]
    return forms[int(rng.integers(len(forms)))]
rng = seeded_rng(37)
with rubric.part(1, "random one-variable expressions against course_lib"):
    for k in range(15):
        src = "lambda a: " + random_expression(rng, 4, names=("a",))
        x = float(np.round(rng.uniform(-1.5, 1.5), 3))
        t = cl.tensor(x, dtype=cl.float64, requires_grad=True)
        fn(src)(t).backward()
        expected = 0.0 if t.grad is None else t.grad.item()
        check_close(derivative(fn(src), x), expected, rtol=1e-8, atol=1e-10,
                    name=f"derivative of random expression {k}: {src[10:]} at {x}",
                    lesson='Lesson 6 (computational graphs, forward and reverse mode)')
    check_close(derivative(fn("lambda x: 2.0 / x - 1.0"), 0.5), -8.0, rtol=1e-12,
                name="derivative(2 / x - 1, 0.5)", lesson='Lesson 6 (computational graphs, forward and reverse mode)')
check_source_avoids(["course_lib", "cl", "torch", "jax", "Tensor"], name="your engine",
        hint="this assignment asks you to write the engine: plain Python and math "
             "only, in every cell you write or add")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="outro"
# ## Done
#
# You have written the two modes of automatic differentiation. Run every cell from a
# fresh kernel (*Kernel → Restart and Run All*); when the tests show ✓, submit this
# notebook. Compare your `Value` with `course_lib/autograd/engine.py`: the same
# topological sort and accumulation, for tensors.
