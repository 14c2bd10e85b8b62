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
# <!-- zh -->
# # 第 6 课 — 计算图；前向模式与反向模式
#
# 自动微分既不是符号微分，也不是数值微分。它把计算拆成一个个基本运算，把它们记录成一张**计算图**，再沿着这张图逐个运算地应用链式法则（第 5 课）——应用的顺序有两种。
#
# **学习目标。** 学完本课，你能够
#
# 1. 把计算图描述为有向无环图（DAG）——节点是变量和运算，边是依赖关系——画出你自己写的表达式的计算图，并通过 `grad_fn.next_functions` 遍历它；
# 2. 区分**显式**构造（先定义后运行，define-then-run）的图和**隐式**构造（边运行边定义，define-by-run）的图；
# 3. 以 $f(x_1, x_2) = \ln x_1 + x_1 x_2 - \sin x_2$ 在 $(2, 5)$ 处为例，一步步跟踪**正向累积**（切向量）和**反向累积**（伴随值）；
# 4. 在 `course_lib` 中运行这两种模式（`make_dual` 和 `backward`）；
# 5. 通过实测比较两者在计算次数和内存上的开销：什么时候前向模式占优，什么时候反向模式占优，以及为什么训练网络用的是反向模式；
# 6. 说明反向模式从不访问不需要梯度的分支；
# 7. 画出 $f(x) = \ln(x^2)\sin x + 1/x$ 的计算图，把链式法则标在图上，并手工沿正向（$x \to f$）和反向（$f \to x$）各算一遍（d2l §2.5，练习 5–8）。

# %%
import math

import graphviz
import numpy as np

import course_lib as cl
from course_lib.exercises import check, check_function
from course_lib.forward import dual_level, make_dual, unpack_dual
from course_lib.functional import mode_costs
from course_lib.i18n import tr
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
# <!-- zh -->
# ## 1. 计算图
#
# 要对一个程序求导，先把它拆成一个个导数已知的运算（算子）。拆出来的是一个**有向无环图**（DAG）：
#
# * **节点**是变量（输入、中间值、输出）以及作用在它们上面的运算；
# * **边**是依赖关系：边 $u \to v$ 表示 $v$ 由 $u$ 算出；
# * 图中没有环：每个值都由在它*之前*已经存在的值算出。
#
# 以第 5 课的 $z = (\langle x, w\rangle - y)^2$ 为例，分步写成 $a = \langle x, w\rangle$、$b = a - y$、$z = b^2$。`draw_graph` 画出 `course_lib` 在计算 $z$ 时记录下的图：椭圆是运算（以其 `grad_fn` 命名），蓝色方框是需要梯度的叶子张量，绿色方框是输出。箭头沿前向计算的方向；`backward()` 则逆着箭头走。（常量 $x$ 和 $y$ 不需要梯度，所以没有画出来。）

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
# <!-- zh -->
# **动手试一试。** 把 `my_expression` 改成任何由 `p` 和 `q` 构成的表达式（试试 `cl.exp(p) * q + p`，或者让 `p` 出现三次），再运行这个单元格：图会随你的代码而变。一个被使用两次的变量有两条出边——在反向传播时也就有两份梯度贡献，它们相加（第 5 课第 2 节）。

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
# <!-- zh -->
# ### 图是由什么组成的：`grad_fn.next_functions`
#
# 每个非叶子张量都有一个 `grad_fn`，也就是产生它的那个节点。它的 `next_functions` 是由 `(node, index)` 对组成的元组，每个输入对应一对：可能是输入的节点；对叶子张量来说是一个 `AccumulateGrad` 节点（它把传来的梯度累加到该叶子的 `.grad` 中）；对常量则是 `None`。顺着这些元组走就能访问整张图——`backward()` 和 `draw_graph` 做的正是这件事。下面对本课的主例 $f(x_1, x_2) = \ln x_1 + x_1 x_2 - \sin x_2$ 走一遍，按树形打印（像 $x_1$ 这样被使用两次的输入，在 DAG 中是一个节点，在树形视图中却会出现两次）：

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
            label = labels.get(id(leaf), tr("a leaf", "某个叶子张量"))
            text = tr(f"{node.name()} → .grad of {label}", f"{node.name()} → {label} 的 .grad")
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
# <!-- zh -->
# ## 2. 显式构造（先定义后运行）与隐式构造（边运行边定义）
#
# 得到计算图的方式有两种。
#
# **显式构造**（TensorFlow 1、Theano、MXNet 的 `sym`）：先用没有值的符号*定义*计算图，再把数据喂进去*运行*它。讲义原文中的 MXNet 例子：
#
# ```python
# from mxnet import sym
# a = sym.var()
# b = sym.var()
# c = 2 * a + b          # c is a graph, not a number
# ```
#
# **隐式构造**（PyTorch、MXNet 的 `autograd.record()`、`course_lib`）：直接用真实的值计算，框架在运行的同时把每个运算*记录*下来：
#
# ```python
# from mxnet import autograd, nd
# with autograd.record():
#     a = nd.ones((2, 1))
#     b = nd.ones((2, 1))
#     c = 2 * a + b      # c is a number, and the graph was recorded on the way
# ```
#
# 这里没有安装 MXNet，所以下面用 40 行 Python 写一个完整的“先定义后运行”的计算图：`Node` 存放一个运算及其输入——但不存值——`run` 则按拓扑顺序（输入在前）访问各节点，在数据上执行这张图。

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
        return tr(f"<graph {expression(self)}: no value until run>",
                  f"<计算图 {expression(self)}：运行之前没有值>")


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
# <!-- zh -->
# 先定义——`c` 是一张由四个节点组成的图，没有值——再运行它，在不同的数据上想运行几次都可以：

# %%
a = var("a")
b = var("b")
c = 2 * a + b
print(c)
print(tr("nodes:", "节点："),
      [n.op if n.op not in ("var", "const") else n.name for n in topological_order(c)])
print(tr("run 1:", "第 1 次运行："), run(c, a=np.ones((2, 1)), b=np.ones((2, 1))).tolist())
print(tr("run 2:", "第 2 次运行："), run(c, a=[[1.0], [2.0]], b=[[10.0], [20.0]]).tolist())


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
# <!-- zh -->
# 再看 `course_lib` 中“边运行边定义”的版本：值立刻就有了，计算图则是顺带记录下来的（`grad_fn`）：

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
# <!-- zh -->
# 两者的权衡：
#
# | | 显式（先定义后运行） | 隐式（边运行边定义） |
# |---|---|---|
# | 计算图何时存在 | 在任何数据之前 | 代码运行之后才有 |
# | 计算图可以 | 作为整体优化、编译、部署 | 每次运行都不同 |
# | 控制流 | 需要专门的图运算（符号没有值可供判断） | 普通的 Python `if`/`while`（第 8 课） |
# | 调试 | 检查计算图；错误在运行时才出现 | 用 `print` 打印任意中间值 |
#
# 控制流这一行，一行代码就能说明——符号还没有值，因此不能与数比较：

# %%
symbol = 2 * var("a") + var("b")
try:
    if symbol > 0:
        print(tr("positive", "正数"))
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
# <!-- zh -->
# ## 3. 正向累积，一步一步来
#
# **两个都叫“前向”的东西。** 从输入出发逐个运算地算出 $f$ 的值——也就是网络做预测时所做的事——叫作 $f$ 的**求值**，也叫**前向传播**（forward pass）。**前向模式计算**（也叫 JVP，即雅可比-向量积）则多做了一件事：在求值的同时，为每个值带上一个*切向量*（tangent）。反向模式同样要做一次求值（并把值存下来），然后再做一次**反向传递**（backward pass）。本课把这两个词分开使用：求值（前向传播）与前向模式计算。
#
# **讲义原文说**（seed 000，“正向累积”一节）：正向传播从输入层开始，每一层的输出作为下一层的输入，一直传到网络的输出。**准确地说：** 这描述的是网络的*求值*（前向传播），两种模式都需要它。正向累积是伴随求值一起进行的导数计算（即下文的切向量）；反向累积则是一次存下所有值的求值，再加一次反向传递。训练网络用的是后者：求值 + 反向传递。
#
# 例子取自 Baydin 等人的综述 *Automatic differentiation in machine learning: a survey*：
#
# $$
# f(x_1, x_2) = \ln x_1 + x_1 x_2 - \sin x_2 \qquad\text{at } (x_1, x_2) = (2, 5).
# $$
#
# **原始计算轨迹**（primal trace）。给每个中间值起个名字：输入是 $v_{-1} = x_1$ 和 $v_0 = x_2$，之后每个运算对应一个 $v_i$。这张列表*就是*上面那张计算图，只是按拓扑顺序排列。

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
# <!-- zh -->
# **前向模式**计算 $\partial y/\partial x_1$ 的做法是：给每个 $v_i$ 附上它的**切向量** $\dot v_i = \partial v_i / \partial x_1$，并按产生 $v_i$ 的那个运算的链式法则，把它*与* $v_i$ *一起*更新。给输入设定种子 $\dot x_1 = 1$、$\dot x_2 = 0$（“沿哪个方向求导”），然后向前推进——先算内层的运算：

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
print(tr(f"ẏ = v̇₅ = {dv[5]:.4g}, so ∂f/∂x₁ = {dv[5]:.4g}",
         f"ẏ = v̇₅ = {dv[5]:.4g}，所以 ∂f/∂x₁ = {dv[5]:.4g}"))

# %% [markdown]
# One forward-mode pass gave **one** column of the Jacobian: the derivative with respect to $x_1$.
# For $\partial f/\partial x_2$ we need a second pass with the seed $(\dot x_1, \dot x_2) = (0, 1)$
# (below). With $n$ inputs: $n$ passes. In exchange, forward mode stores nothing for later: $v_i$
# and $\dot v_i$ can be thrown away as soon as the last operation that reads them has run.
#
# `course_lib` does this with **dual numbers** $v + \dot v\,\varepsilon$ (with $\varepsilon^2 = 0$):
# inside `dual_level()`, `make_dual(value, tangent)` creates one, and every operation carries the
# tangent along. `unpack_dual` reads it out — here for every intermediate of the trace:
# <!-- zh -->
# 一次前向模式计算只得到雅可比矩阵的**一**列：关于 $x_1$ 的导数。要得到 $\partial f/\partial x_2$，需要用种子 $(\dot x_1, \dot x_2) = (0, 1)$ 再算一遍（见下文）。有 $n$ 个输入，就要算 $n$ 遍。作为交换，前向模式不需要为以后存储任何东西：一旦读取 $v_i$ 和 $\dot v_i$ 的最后一个运算执行完，它们就可以丢掉了。
#
# `course_lib` 用**对偶数** $v + \dot v\,\varepsilon$（其中 $\varepsilon^2 = 0$）来实现这一点：在 `dual_level()` 内部，`make_dual(value, tangent)` 创建一个对偶数，之后的每个运算都会把切向量一并带上。`unpack_dual` 把它读出来——下面对轨迹中的每个中间值都读一遍：

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
        print(tr(f"{name}: value {primal.item():7.3f}   tangent {tangent.item():7.3f}",
                 f"{name}：值 {primal.item():7.3f}   切向量 {tangent.item():7.3f}"))


# %%
def f_baydin(x1, x2):
    return cl.log(x1) + x1 * x2 - cl.sin(x2)


for label, (t1, t2) in [("x₁", (1.0, 0.0)), ("x₂", (0.0, 1.0))]:
    with dual_level():
        x1 = make_dual(cl.tensor(2.0, dtype=cl.float64), cl.tensor(t1, dtype=cl.float64))
        x2 = make_dual(cl.tensor(5.0, dtype=cl.float64), cl.tensor(t2, dtype=cl.float64))
        value, tangent = unpack_dual(f_baydin(x1, x2))
    print(tr(f"forward-mode pass with (ẋ₁, ẋ₂) = ({t1:g}, {t2:g}): f = {value.item():.3f}, "
             f"∂f/∂{label} = {tangent.item():.4g}",
             f"种子 (ẋ₁, ẋ₂) = ({t1:g}, {t2:g}) 的前向模式计算：f = {value.item():.3f}，"
             f"∂f/∂{label} = {tangent.item():.4g}"))

# %% [markdown]
# ## 4. Reverse accumulation, step by step
#
# **Reverse mode** first evaluates the primal trace *and stores every $v_i$*. Then it goes backwards
# from the output, computing for each $v_i$ its **adjoint** $\bar v_i = \partial y/\partial v_i$ — how
# much the output changes per unit change of $v_i$. Start with $\bar v_5 = \bar y = 1$; each
# operation $v_k = \phi(v_i, v_j)$ passes $\bar v_k \cdot \partial v_k/\partial v_i$ back to each input, and
# a variable used several times **adds** the contributions ($v_0$ and $v_{-1}$ below get two each).
# Note how the stored values $v_0$ and $v_{-1}$ are needed on the way back.
# <!-- zh -->
# ## 4. 反向累积，一步一步来
#
# **反向模式**先对原始计算轨迹求值，*并存下每个 $v_i$*。然后从输出出发往回走，为每个 $v_i$ 计算它的**伴随值**（adjoint）$\bar v_i = \partial y/\partial v_i$——$v_i$ 每变化一个单位，输出变化多少。从 $\bar v_5 = \bar y = 1$ 开始；每个运算 $v_k = \phi(v_i, v_j)$ 把 $\bar v_k \cdot \partial v_k/\partial v_i$ 传回给各个输入，被使用多次的变量则把各份贡献**相加**（下面的 $v_0$ 和 $v_{-1}$ 各得到两份）。注意回程中需要用到存下来的 $v_0$ 和 $v_{-1}$。

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
print(tr(f"one reverse pass: ∂f/∂x₁ = {adj[-1]:.4g}, ∂f/∂x₂ = {adj[0]:.4g}",
         f"一次反向传递：∂f/∂x₁ = {adj[-1]:.4g}，∂f/∂x₂ = {adj[0]:.4g}"))

# %% [markdown]
# One reverse pass gave **both** partial derivatives — a whole row of the Jacobian, here the
# entire gradient. That is what `backward()` does. With `retain_grad()` on the intermediates we
# can read `course_lib`'s adjoints and compare them with the table; the drawing shows the graph
# with the gradients that reached the leaves.
# <!-- zh -->
# 一次反向传递就得到了**两个**偏导数——雅可比矩阵的一整行，在这里就是整个梯度。这正是 `backward()` 所做的事。对中间值调用 `retain_grad()` 后，可以读出 `course_lib` 算出的伴随值并与上表对照；图中显示的是到达叶子张量的梯度。

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
# <!-- zh -->
# ### 反向模式跳过不需要梯度的分支
#
# 讲义原文把反向传递概括为“先外后里，**去除不需要的枝**”（seed 002）和“反向：从相反执行图**去除不需要的枝干**”（seed 004）。一个只由不需要梯度的值（输入数据、冻结的权重）算出的分支，在回程中根本不会被访问。下面参数 `w` 需要梯度，数据 `features` 不需要。features 先经过 20 个运算（相当于一个冻结的特征提取器）。为了*看到*哪些反向步骤真正执行了，我们定义一个运算 `Tap`：前向时什么也不做（原样返回输入），反向时把自己的标签记到 `backward_calls` 中：

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
    features = Tap.apply(cl.sin(features) * 1.5,
                         tr(f"data branch, step {step}", f"数据分支，第 {step} 步"))
weights = Tap.apply(w * w, tr("w branch", "w 分支"))
product = features * weights
loss = Tap.apply(product, tr("product", "乘积")).sum()
loss.backward()

print(tr("backward steps that ran:", "执行了的反向步骤："), backward_calls)
print("features: requires_grad", features.requires_grad, "| grad_fn", features.grad_fn)
print(tr("the product's node needs a gradient for (features, weights):",
         "乘积节点是否需要对 (features, weights) 求梯度："),
      product.grad_fn.needs_input_grad)
print("w.grad =", w.grad)

# %% [markdown]
# Two taps ran on the way back, not 22. The pruning happens *while recording*: an operation none
# of whose inputs requires grad records no node (`grad_fn` is `None`), so the 20 data steps are
# not in the graph at all; and the multiplication that joins the branches keeps an edge only to
# the side that needs a gradient (`needs_input_grad`), so its backward does not even compute
# the gradient with respect to `features`. This is why freezing part of a network
# (`requires_grad_(False)` on its weights) makes training cheaper.
# <!-- zh -->
# 回程中只执行了两个 Tap，而不是 22 个。剪枝发生在*记录的时候*：如果一个运算的输入都不需要梯度，它就不会记录节点（`grad_fn` 为 `None`），所以那 20 步数据运算根本不在图里；而连接两个分支的那次乘法只保留通向需要梯度的一侧的边（`needs_input_grad`），因此它的反向计算甚至不会计算关于 `features` 的梯度。这就是为什么冻结网络的一部分（对其权重调用 `requires_grad_(False)`）能让训练更省。

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
# <!-- zh -->
# ## 5. 两种模式各自的开销
#
# 讲义原文比较了两种模式。本节来实测：
#
# * **计算量**：任一模式算一遍的开销都是 $O(n)$，$n$ 为运算（算子）个数——是对 $f$ 本身求值开销的一个小常数倍（每个运算的切向量规则或伴随规则大约和该运算本身一样便宜）；
# * **算一遍能得到什么**：一次前向模式计算得到沿**一个输入方向**的导数，所以 $f: \mathbb{R}^n \to \mathbb{R}$ 的梯度需要 $n$ 次前向模式计算，每次都要把整个计算扫一遍。一次反向传递则得到**一个输出**关于所有输入的导数；
# * **内存**：一次前向模式计算需要的内存大约就是对 $f$ 求值时同时存活的内存——每一时刻尚待读取的那些值，再为每个值加一个切向量，是单独对 $f$ 求值所需内存的一个小倍数。反向模式还要额外存下反向传递将会读取的每个中间结果：这部分内存随运算个数增长。存下这些中间结果，正是训练深度网络如此耗费 GPU 显存的原因。
#
# `course_lib.functional.mode_costs` 在一个图的长度随 $n$ 增长的函数 $f: \mathbb{R}^n \to \mathbb{R}$（对每个 $i$ 做 $y \leftarrow \sin(y + x_i)$）以及 $g: \mathbb{R} \to \mathbb{R}^n$ 上测量这些开销。它统计计算的遍数，并用 `tracemalloc` 测量一遍计算的内存峰值。

# %%
mode_costs(ns=(2, 4, 8, 16, 32))  # warm-up: the first call also counts one-time allocations
costs = mode_costs(ns=(2, 4, 8, 16, 32))
fwd, rev = tr("forward", "前向"), tr("reverse", "反向")
print(f"{'':>4} {tr('f: Rⁿ → R, passes', 'f: Rⁿ → R，遍数'):^21} "
      f"{tr('g: R → Rⁿ, passes', 'g: R → Rⁿ，遍数'):^21} "
      f"{tr('peak memory of a pass, f', 'f 一遍计算的内存峰值'):^26}")
print(f"{'n':>4} {fwd:>10} {rev:>10} {fwd:>10} {rev:>10} {fwd:>12} {rev:>12}")
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
# <!-- zh -->
# 反向模式的内存花到哪里去了？花在它一直保留到 `backward()` 的计算图上：对同一个函数，随着 $n$ 增大数一数图中的节点。前向模式根本不构建计算图。

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
    print(tr(f"n = {n:>2}: reverse mode keeps a graph of {count_nodes(y):>3} nodes until backward()",
             f"n = {n:>2}：反向模式保留一张 {count_nodes(y):>3} 个节点的计算图，直到 backward()"))

# %% [markdown]
# Forward mode's few KiB above hold for *this* function only: `fold_sin` is a chain of scalars, so
# evaluating it keeps a couple of numbers alive at any moment, and so does its forward-mode pass.
# A function of a *vector* keeps whole vectors alive, and its forward-mode pass keeps a tangent
# vector beside each of them. Take $h(x) = \sum_k (\text{ten times } x \leftarrow 1.1\sin x)_k$ for
# $x \in \mathbb{R}^n$ and measure the peak memory of the evaluation alone (under `no_grad`), of one
# forward-mode pass (`jvp`) and of one reverse-mode gradient (`vjp`: evaluation + backward):
# <!-- zh -->
# 上面前向模式只用几 KiB，这只对*这个*函数成立：`fold_sin` 是一串标量运算，对它求值时任一时刻只有几个数是存活的，它的前向模式计算也是如此。一个*向量*函数在求值时要让整个向量保持存活，它的前向模式计算还要在每个向量旁边再保留一个切向量。取 $h(x) = \sum_k (\text{ten times } x \leftarrow 1.1\sin x)_k$（即把 $x \leftarrow 1.1\sin x$ 重复十次再求和），$x \in \mathbb{R}^n$，分别测量单独求值（在 `no_grad` 下）、一次前向模式计算（`jvp`）和一次反向模式求梯度（`vjp`：求值 + 反向传递）的内存峰值：

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
print(f"{'n':>7} {tr('evaluation', '求值'):>12} {tr('forward-mode pass', '前向模式计算'):>18} "
      f"{tr('reverse mode', '反向模式'):>13}   (KiB)")
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
# <!-- zh -->
# **解读测量结果。**
#
# * 对于**损失函数**（输入是数以百万计的参数 $n$，输出只有**一个**数），反向模式只需一次反向传递，而不是数百万次前向模式计算：这就是训练使用反向传播（即反向模式）的原因，代价是内存。
# * 对于 $g: \mathbb{R} \to \mathbb{R}^n$（输入少、输出多），表格反了过来：前向模式只需算一遍，反向模式要算 $n$ 遍。
# * 内存：一次前向模式计算需要的内存是求值时存活内存的一个小倍数（值加切向量：这里在 2 到 3 倍之间）——对标量链 `fold_sin` 只有几 KiB，对向量函数 $h$ 则与 $n$ 成正比增长。反向模式的内存随计算图增长——`fold_sin` 每个 $x_i$ 约 3 个节点，每个节点保存它的反向计算所需的东西；对 $h$，它要保留 10 个 `sin` 各自的输入，这里大约是求值内存的 4 倍，计算越长则越多。
#
# **讲义原文说**（seed 000）：正向累积的内存复杂度为 $O(1)$，反向累积为 $O(n)$。**准确地说：** 前向模式不需要*为以后*存储任何东西，但它需要求值时的存活内存（再加上切向量）；只有当求值本身只需 $O(1)$ 内存时（比如一串标量运算），它才是 $O(1)$。反向模式还需要额外存下中间结果：关于运算个数是 $O(n)$。
#
# **讲义原文说**（seed 004），在“反向累积跟正向累积相比”下面：$O(n)$ 计算复杂度*用来计算一个变量的梯度*，$O(1)$ 内存复杂度。**准确地说：** 这两行描述的是**正向**累积，也就是拿来比较的那种模式：一次前向模式计算的开销是 $O(n)$，得到关于一个输入变量的导数，不为以后存储任何东西（其内存就是求值所需的内存，见上文）。反向累积以 $O(n)$ 的开销一次得到关于*所有*输入的导数，并为存下的中间结果付出 $O(n)$ 的内存。

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
# <!-- zh -->
# <a id="d2l-2-5-8"></a>
# ### 何时用前向模式，何时用反向模式
#
# d2l 的练习问：考虑中间数据、并行性以及所涉及的矩阵和向量的大小，什么时候应该用前向微分，什么时候用反向微分？
#
# * **矩阵大小。** 对于从 $\mathbb{R}^n$ 到 $\mathbb{R}^m$ 的 $f = f_3 \circ f_2 \circ f_1$，链式法则（第 5 课）是雅可比矩阵的乘积 $J = J_3 J_2 J_1$。前向模式从右边、也就是输入一侧开始乘（先算 $J_2 J_1$，携带 $n$ 个切向量列）；反向模式从左边、也就是输出一侧开始乘（先算 $J_3 J_2$，携带 $m$ 个伴随行）。一个 $p \times q$ 矩阵乘以一个 $q \times r$ 矩阵需要 $p\,q\,r$ 次乘法，所以应该从维数小的一侧开始：输入少（$n \ll m$）→ 前向模式；输出少（$m \ll n$，对损失函数 $m = 1$）→ 反向模式。（练习 3 会具体数一数。）
# * **中间数据。** 反向模式必须把反向步骤要读取的每个中间结果一直保留到反向传递到达它为止——内存与计算的长度成正比。当内存放不下时（计算非常长、设备内存很小），出路是前向模式，或者重新计算部分求值而不是把它们存下来的反向模式（*检查点*技术，checkpointing）。
# * **并行性。** 前向模式计算与求值*同步*逐步进行，所以它可以立刻开始、以流水的方式进行；$n$ 个输入方向对应的 $n$ 次计算彼此独立，可以并行（或合在一起，作为一次携带 $n$ 个切向量组成的矩阵的计算）。反向传递只能在求值结束之后开始，并且要按相反的顺序遍历计算图。
# * **所以：** 一个依赖大量参数的标量损失 → 反向模式（反向传播）；输入少、输出多（例如整个仿真对某一个参数的敏感度）→ 前向模式；雅可比-向量积 $Jv$ → 一次前向模式计算；向量-雅可比积 $v^\top J$ → 一次反向传递。

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
# <!-- zh -->
# <a id="d2l-2-5-5"></a>
# ## 6. 把 d2l 的函数放到计算图上
#
# **依赖图。** 取 $f(x) = \ln(x^2)\,\sin x + \frac1x$，拆成每步一个运算：
#
# $$u_1 = x^2,\quad u_2 = \ln u_1,\quad u_3 = \sin x,\quad u_4 = u_2\,u_3,\quad u_5 = 1/x,\quad
# f = u_6 = u_4 + u_5 .$$
#
# $x$ 参与了三个运算（$x^2$、$\sin x$、$1/x$），所以从它出发有三条边；所有路径在 $u_6$ 处重新汇合。下面是 `course_lib` 记录的计算图：

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
# <!-- zh -->
# <a id="d2l-2-5-6"></a>
# **把链式法则标在图上。** 在每条边上写出边的终点对起点的局部导数：
#
# | 边 | 局部导数 |
# |---|---|
# | $x \to u_1$ | $\partial u_1/\partial x = 2x$ |
# | $u_1 \to u_2$ | $\partial u_2/\partial u_1 = 1/u_1$ |
# | $x \to u_3$ | $\partial u_3/\partial x = \cos x$ |
# | $u_2 \to u_4$, $u_3 \to u_4$ | $\partial u_4/\partial u_2 = u_3$, $\ \partial u_4/\partial u_3 = u_2$ |
# | $x \to u_5$ | $\partial u_5/\partial x = -1/x^2$ |
# | $u_4 \to u_6$, $u_5 \to u_6$ | $1$, $1$ |
#
# 计算图上的链式法则：$df/dx$ 等于从 $x$ 到 $f$ 的**所有路径之和**，每条路径贡献沿途局部导数的**乘积**。这里有三条路径：
#
# $$\frac{df}{dx} = \underbrace{2x \cdot \frac{1}{x^2} \cdot \sin x \cdot 1}_{x \to u_1 \to u_2 \to u_4 \to f}
# + \underbrace{\cos x \cdot \ln(x^2) \cdot 1}_{x \to u_3 \to u_4 \to f}
# + \underbrace{\left(-\frac{1}{x^2}\right) \cdot 1}_{x \to u_5 \to f}
# = \frac{2\sin x}{x} + \ln(x^2)\cos x - \frac{1}{x^2}.$$
#
# 两种模式都不会逐条列出路径（路径数可能随深度指数增长）。前向模式从 $x$ 一端把乘积归并起来：每个节点的切向量 $\dot u_i = du_i/dx$ 对它的所有入边求和。反向模式从 $f$ 一端归并：每个节点的伴随值 $\bar u_i = \partial f/\partial u_i$ 对它的所有出边求和。两者得到同一个和。这个闭式表达式与 `backward` 的结果一致（这里在 $x = 2$ 以外的点检验，$x = 2$ 留给你在练习中做）：

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
# <!-- zh -->
# ## 练习
#
# 每道练习都有一个供你编辑的单元格、一个在其后运行的自检单元格，以及一份隐藏的参考答案。打开答案之前，请先按顺序试试提示。

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
# <!-- zh -->
# <a id="d2l-2-5-7"></a>
# **练习 1 — d2l 的函数，手工正向计算（$x \to f$）。** 在 $x = 2$ 处，自己在第 6 节的计算图上运行前向模式：设种子 $\dot x = 1$，按顺序计算切向量 $\dot u_1, \dots, \dot u_6$，每个都由它的输入的切向量算出（像用计算器一样使用 `math.log`、`math.sin`、`math.cos`——不要用 `course_lib`）。令 `answer = (du1, du2, du3, du4, du5, du6)`。自检会在同一张图上运行一次前向模式计算（对偶数）。
#
# <details><summary>提示 1</summary>
#
# 从直接读取 $x$ 的节点（$u_1$、$u_3$、$u_5$）开始。有两个输入的节点从每个输入各得到一份贡献。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $\dot u_i$ = 对该节点的所有输入 $u_j$ 求 $\dfrac{\partial u_i}{\partial u_j}\,\dot u_j$ 之和，局部导数见第 6 节的表；例如 $\dot u_4 = u_3\,\dot u_2 + u_2\,\dot u_3$。你得先算出 $x = 2$ 处的各个值 $u_i$。
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
      hint=tr("each tangent is the sum, over the node's inputs, of (local derivative) × "
              "(input's tangent); see Hint 2",
              "每个切向量都是对该节点的所有输入求 (局部导数) × (输入的切向量) 之和；见提示 2"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 2 — 同一张图，手工反向计算（$f \to x$）。** 现在在 $x = 2$ 处运行反向模式：设种子 $\bar u_6 = 1$，依次计算伴随值 $\bar u_5, \bar u_4, \bar u_3, \bar u_2, \bar u_1$，最后是 $\bar x = df/dx$，每个都由*读取*它的那些节点的伴随值算出。令 `answer = (bar_u5, bar_u4, bar_u3, bar_u2, bar_u1, bar_x)`。自检会在这张图上运行 `backward()`（对每个 $u_i$ 调用 `retain_grad()`）并比较；你的 $\bar x$ 还必须等于练习 1 中的 $\dot u_6$。
#
# <details><summary>提示 1</summary>
#
# 按练习 1 的相反顺序进行。$x$ 被三个节点读取，所以 $\bar x$ 收集三份贡献。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $\bar u_j$ = 对所有读取 $u_j$ 的节点 $u_i$ 求 $\bar u_i\,\dfrac{\partial u_i}{\partial u_j}$ 之和；例如 $\bar u_2 = \bar u_4\, u_3$，$\bar x = \bar u_1 \cdot 2x + \bar u_3 \cos x + \bar u_5 \cdot (-1/x^2)$。
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
      hint=tr("each adjoint is the sum, over the nodes that read it, of (their adjoint) × "
              "(local derivative); see Hint 2",
              "每个伴随值都是对所有读取它的节点求 (它们的伴随值) × (局部导数) 之和；见提示 2"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# **练习 3 — 矩阵大小说了算。** 函数 $\mathbb{R}^n \to \mathbb{R}^{m_1} \to \mathbb{R}^{m_2} \to
# \mathbb{R}^m$ 的雅可比矩阵为 $J = J_3 J_2 J_1$，其中 $J_1$ 的形状为 $m_1 \times n$，$J_2$ 的形状为 $m_2 \times m_1$，$J_3$ 的形状为 $m \times m_2$。编写 `chain_costs(n, m1, m2, m)`，返回 `(forward, reverse)`：分别按前向顺序和反向顺序算出 $J$ 所需的标量乘法次数（见第 5 节“何时用前向模式，何时用反向模式”）。然后比较一个损失函数（$n = 1000$，$m_1 = 500$，$m_2 = 200$，$m = 1$）和它的镜像（$n = 1$，$m = 1000$）的结果。
#
# <details><summary>提示 1</summary>
#
# 每种顺序都要做两次矩阵乘法。前向模式先乘哪两个矩阵？乘积的形状是什么？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $(p \times q)$ 乘以 $(q \times r)$ 的开销是 $p\,q\,r$。前向：先算 $J_2 J_1$（形状 $m_2 \times n$），再用 $J_3$ 乘它。反向：先算 $J_3 J_2$（形状 $m \times m_1$），再用它乘 $J_1$。
#
# </details>

# %%
# Exercise 3
def chain_costs(n, m1, m2, m):
    """(forward, reverse): scalar multiplications to form J3 @ J2 @ J1 in each order."""
    raise NotImplementedError(tr("return the two multiplication counts as a tuple",
                                 "以元组形式返回两个乘法次数"))


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
               hint=tr("write down the shape of the first product in each order; see Hint 2",
                       "写出每种顺序中第一次乘积的形状；见提示 2"))

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
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# 为练习 4 准备一个从 $\mathbb{R}^6$ 到 $\mathbb{R}^2$ 的函数：

# %%
def F(x):
    """R⁶ → R²: the sum and the sum of squares."""
    return cl.stack([x.sum(), (x * x).sum()])


x6 = cl.arange(6.0)
print(tr("input shape", "输入形状"), tuple(x6.shape), tr("-> output shape", "-> 输出形状"),
      tuple(F(x6).shape))

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
# <!-- zh -->
# **练习 4 — 数一数计算的遍数。** 求 `F` 的完整 $2 \times 6$ 雅可比矩阵，前向模式（`jacobian(F, x6, mode="fwd")`）需要算几遍，反向模式（`mode="rev"`）需要几遍？令 `answer = (forward_passes, reverse_passes)`。（自检会把两种模式都跑一遍来计数。）然后想一想：对于网络的损失函数，你会选哪种模式？
#
# <details><summary>提示 1</summary>
#
# 一次前向模式计算得到雅可比矩阵的一行还是一列？一次反向传递呢？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 一次前向模式计算把一个输入方向推过去（得到一列）；一次反向传递把一个输出拉回来（得到一行）。一个 $2 \times 6$ 矩阵有几列、几行？
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
      hint=tr("how many columns does one forward-mode pass give, and how many rows one "
              "backward pass? See Hint 2",
              "一次前向模式计算给出几列？一次反向传递给出几行？见提示 2"))


# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 4
# answer = (6, 2)  # forward: one pass per input (column); reverse: one pass per output (row)
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
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
# <!-- zh -->
# ## 小结
#
# * **计算图**是一个有向无环图（DAG）：节点是变量和运算，边是依赖关系。`course_lib` 把它记录在 `grad_fn` / `next_functions` 中；`draw_graph` 把它画出来。
# * **显式**构造的计算图（MXNet 的 `sym`、TensorFlow 1）在数据之前定义，然后运行；**隐式**构造的计算图（PyTorch、`course_lib`）在普通代码运行时被记录下来。
# * **求值**（前向传播）算出各个值；**前向模式计算**在求值的同时携带切向量 $\dot v_i$：算一遍 = 一个输入方向，所需内存大约就是求值时的存活内存。对 $f = \ln x_1 + x_1x_2 - \sin x_2$ 在 $(2, 5)$ 处，需要算两遍才能得到 $\partial f/\partial x_1 = 5.5$ 和 $\partial f/\partial x_2 = 1.716$。
# * **反向累积**先求值并存下中间结果，再在反向传递中把伴随值 $\bar v_i$ 从输出往回传：算一遍 = 一个输出，一次得到关于所有输入的导数；内存随运算个数增长。不需要梯度的分支不会被记录，也从不被访问。
# * 两种模式每算一遍的开销都是 $O(n)$ 个运算。雅可比矩阵是雅可比矩阵的乘积：从维数小的一侧开始乘。损失函数只有一个输出、却有大量输入，所以网络用反向模式训练——也就是反向传播。
# * 在计算图上，$df/dx$ 是所有路径上局部导数乘积之和；前向模式从输入一侧归并这些乘积，反向模式从输出一侧归并。
#
# 下一课：[第 7 课 — 自动求导实践](07_autograd_in_practice.ipynb)：`requires_grad`、梯度累积、`detach`、`no_grad`、高阶导数，以及你会遇到的各种报错。
