# ---
# jupyter:
#   autodiff_course:
#     kernel_course_lib: checks-only
# ---

# %% [markdown] nbgrader="task" grade_id="intro"
# # Assignment 3 — Build reverse-mode autodiff
#
# You will write a small automatic-differentiation engine for scalars — the core of what
# `course_lib` and PyTorch do — in plain Python:
#
# 1. a `Value` class whose operations record the graph and their local derivatives, including
#    operations the lessons did not show, and a few design decisions of your own (Lesson 5);
# 2. `backward()`: the reverse sweep, for graphs tens of thousands of operations deep, with
#    values used many times, and PyTorch's accumulation rules (Lesson 6);
# 3. forward mode with dual numbers (Lesson 6);
# 4. your engine on random expressions: nothing new to write.
#
# Use plain Python, `math` and numpy only. **`course_lib` is not available when this notebook
# is graded** (only `course_lib.checks`, which the test cells use): the task is to write the
# engine, not to wrap one. A check in each test also tells you early if a cell imports
# `course_lib`, `torch` or another autodiff library.
#
# Each question has a test cell: run it to check your work. The visible tests compare your
# engine with exact references (the complex step: $f(x + ih) = f(x) + ih f'(x) + O(h^2)$, so
# $\operatorname{Im} f(x + ih)/h$ is $f'(x)$ to rounding for tiny $h$); grading runs more, hidden, checks against a reference engine,
# with other inputs. 25 points in total; about 55 minutes (question 1: 25, question 2: 15,
# question 3: 10, question 4: 5).
# <!-- zh -->
# # 作业 3 — 动手实现反向模式自动微分
#
# 你将用纯 Python 为标量写一个小小的自动微分引擎——这正是 `course_lib` 和 PyTorch 的核心所在：
#
# 1. 一个 `Value` 类：它的运算会记录计算图及各自的局部导数，其中包括课上没有讲过的运算，还有几处要由你自己做的设计决定（第 5 课）；
# 2. `backward()`：反向传递，要能处理深达数万个运算的计算图、被多次使用的值，并遵守 PyTorch 的梯度累积规则（第 6 课）；
# 3. 用对偶数实现的前向模式（第 6 课）；
# 4. 让你的引擎处理随机表达式：不用写新东西。
#
# 只能用纯 Python、`math` 和 numpy。**评分时 `course_lib` 不可用**（只有测试单元格用到的 `course_lib.checks`）：任务是自己写出这个引擎，而不是包装一个现成的。每个测试中还有一项检查，会尽早告诉你某个单元格是否导入了 `course_lib`、`torch` 或其他自动微分库。
#
# 每道题都有一个测试单元格：运行它来检查你的答案。可见的测试把你的引擎与精确的参考值比较（复步长法：$f(x + ih) = f(x) + ih f'(x) + O(h^2)$，所以对极小的 $h$，$\operatorname{Im} f(x + ih)/h$ 在舍入误差范围内就等于 $f'(x)$）；评分时还会运行更多隐藏的检查，用别的输入与一个参考引擎比较。总分 25 分，大约需要 55 分钟（第 1 题 25 分钟，第 2 题 15 分钟，第 3 题 10 分钟，第 4 题 5 分钟）。

# %% nbgrader="setup" grade_id="setup"
import math

import numpy as np

from course_lib.checks import *  # noqa: F403

# %% [markdown] nbgrader="task" grade_id="q1"
# ## 1. `Value`: operations and their local derivatives (9 points) — Lesson 5
#
# *About 25 minutes.*
#
# A `Value` wraps a float: `Value(2.0).data == 2.0`, and `.grad` starts at `0.0`. Every
# operation returns a new `Value` and records, for each input, what the backward sweep will need.
# How you store that (a closure per node, or the local derivatives as numbers) is your design.
# Work out each local derivative yourself; the tests check them against a reference engine.
#
# Support, with a number or a `Value` on **either** side where it makes sense:
#
# * `a + b`, `a - b`, `a * b`, `a / b`, `-a`, and `2 - a`, `3 * a`, `1 / a` (reversed operators);
# * `a ** k` for a number `k`;
# * `a.exp()`, `a.log()`, `a.tanh()`, `a.sigmoid()` ($1/(1 + e^{-a})$), `a.abs()`;
# * `a.softplus()` $= \ln(1 + e^a)$: it must work for every float, e.g. `Value(800.0)` and
#   `Value(-800.0)` (no `OverflowError`, no `inf`, and the right gradient);
#   `a.sigmoid()` likewise;
# * `a.maximum(b)`, the larger of two values. At a tie (`a.data == b.data`) the derivative does
#   not exist: choose how to split the incoming gradient between `a` and `b` so that the result
#   is a valid subgradient (PyTorch splits it evenly; any split with both shares ≥ 0 adding up to
#   the incoming gradient is accepted). `a.abs()` at 0: use 0, as PyTorch does.
#
# Then `backward()` (question 2) and `grad(f, *xs)`: wrap the numbers `xs` in `Value`s, call
# `f` on them, run `backward()` from the result, and return the inputs' gradients as a list of
# floats. Questions 1 and 4 are graded through `grad`, so write question 2 before testing them.
# <!-- zh -->
# ## 1. `Value`：运算及其局部导数（9 分）——第 5 课
#
# *大约 25 分钟。*
#
# `Value` 包装一个浮点数：`Value(2.0).data == 2.0`，`.grad` 的初始值为 `0.0`。每个运算都返回一个新的 `Value`，并为每个输入记下反向传递时需要的东西。怎么存（每个节点一个闭包，还是把局部导数存成数）由你来设计。每个局部导数都要你自己推导；测试会拿它们与一个参考引擎比较。
#
# 要支持以下运算，凡是说得通的地方，**任意一侧**都可以是数或 `Value`：
#
# * `a + b`、`a - b`、`a * b`、`a / b`、`-a`，以及 `2 - a`、`3 * a`、`1 / a`（反射运算符）；
# * 数 `k` 作指数的 `a ** k`；
# * `a.exp()`、`a.log()`、`a.tanh()`、`a.sigmoid()`（$1/(1 + e^{-a})$）、`a.abs()`；
# * `a.softplus()` $= \ln(1 + e^a)$：它必须对每个浮点数都能用，例如 `Value(800.0)` 和 `Value(-800.0)`（不能出现 `OverflowError`，不能得到 `inf`，梯度也要正确）；`a.sigmoid()` 同样如此；
# * `a.maximum(b)`：两个值中较大的那个。在平局处（`a.data == b.data`）导数不存在：由你决定如何把传来的梯度分给 `a` 和 `b`，使结果是一个合法的次梯度（PyTorch 平均分配；只要两份都 ≥ 0、相加等于传来的梯度，任何分法都可以）。`a.abs()` 在 0 处：和 PyTorch 一样取 0。
#
# 然后写 `backward()`（第 2 题）和 `grad(f, *xs)`：把数 `xs` 包装成 `Value`，对它们调用 `f`，从结果出发运行 `backward()`，再以浮点数列表的形式返回各输入的梯度。第 1 题和第 4 题都通过 `grad` 评分，所以测试它们之前先写好第 2 题。


# %% nbgrader="answer" grade_id="value"
class Value:
    """A scalar that remembers how it was computed, so gradients can flow back."""

    ### BEGIN SOLUTION
    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)  # ((input Value, d self / d input), ...)

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def lift(x):
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other):
        other = Value.lift(other)
        return Value(self.data + other.data, ((self, 1.0), (other, 1.0)))

    def __mul__(self, other):
        other = Value.lift(other)
        return Value(self.data * other.data, ((self, other.data), (other, self.data)))

    def __truediv__(self, other):
        other = Value.lift(other)
        q = self.data / other.data
        return Value(q, ((self, 1.0 / other.data), (other, -q / other.data)))

    def __neg__(self):
        return Value(-self.data, ((self, -1.0),))

    def __sub__(self, other):
        return self + (-Value.lift(other))

    def __pow__(self, k):
        return Value(self.data**k, ((self, k * self.data ** (k - 1)),))

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Value.lift(other) - self

    def __rtruediv__(self, other):
        return Value.lift(other) / self

    def exp(self):
        e = math.exp(self.data)
        return Value(e, ((self, e),))

    def log(self):
        return Value(math.log(self.data), ((self, 1.0 / self.data),))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, ((self, 1.0 - t * t),))

    def sigmoid(self):
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return Value(s, ((self, s * (1.0 - s)),))

    def softplus(self):
        x = self.data
        out = max(x, 0.0) + math.log1p(math.exp(-abs(x)))
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return Value(out, ((self, s),))

    def abs(self):
        sign = 1.0 if self.data > 0 else (-1.0 if self.data < 0 else 0.0)
        return Value(abs(self.data), ((self, sign),))

    def maximum(self, other):
        other = Value.lift(other)
        if self.data == other.data:
            share = (0.5, 0.5)
        else:
            share = (1.0, 0.0) if self.data > other.data else (0.0, 1.0)
        return Value(max(self.data, other.data), ((self, share[0]), (other, share[1])))

    def backward(self):
        """Add d self / d v to v.grad for every Value v below self (question 2)."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # children before parents, without recursion
            node, done = stack.pop()
            if done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p, _ in node.parents if id(p) not in seen)
        adjoint = {id(self): 1.0}  # this sweep's own adjoints: .grad only accumulates
        for node in reversed(order):
            a = adjoint.get(id(node), 0.0)
            for parent, local in node.parents:
                adjoint[id(parent)] = adjoint.get(id(parent), 0.0) + a * local
        for node in order:
            node.grad += adjoint.get(id(node), 0.0)

    ### END SOLUTION


# %% nbgrader="answer" grade_id="grad"
def grad(f, *xs):
    """The gradient of f at the numbers xs, as a list of floats, by your reverse mode."""
    ### BEGIN SOLUTION
    inputs = [Value(x) for x in xs]
    f(*inputs).backward()
    return [v.grad for v in inputs]
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_value_forward" points=1
from course_lib.checks import Rubric, check_close, check_source_avoids
from course_lib.i18n import tr

ENGINES = ["course_lib", "torch", "jax", "autograd", "tensorflow", "sympy"]
OURS = ["course_lib.checks", "course_lib.i18n"]  # the tests' own imports
check_source_avoids(
    ENGINES,
    grade_ids=["value"],
    allow=OURS,
    name=tr("your Value", "你的 Value"),
    hint=tr(
        "write the engine yourself: plain Python, math and numpy",
        "自己写出这个引擎：只用纯 Python、math 和 numpy",
    ),
)
rubric = Rubric()
a, b = Value(2.0), Value(-3.0)
with rubric.part(0.5, tr("forward values", "前向计算的值")):
    check_close(
        [(a * b).data, (a / b).data, (a - b).data, (2 - a).data, (1 / a).data],
        [-6.0, -2 / 3, 5.0, 0.0, 0.5],
        rtol=1e-12,
        name="*, /, -, 2 - a, 1 / a",
    )
    check_close(
        [(a**3).data, (a**-0.5).data],
        [8.0, 1 / math.sqrt(2.0)],
        rtol=1e-12,
        name="a ** 3, a ** -0.5",
    )
    check_close(
        [a.exp().data, a.log().data, b.tanh().data, b.sigmoid().data, b.abs().data],
        [math.exp(2), math.log(2), math.tanh(-3), 1 / (1 + math.exp(3)), 3.0],
        rtol=1e-12,
        name="exp, log, tanh, sigmoid, abs",
        lesson="Lesson 5",
    )
    check_close(
        [a.softplus().data, a.maximum(b).data, b.maximum(a).data],
        [math.log1p(math.exp(2.0)), 2.0, 2.0],
        rtol=1e-12,
        name="softplus, maximum",
    )
### BEGIN HIDDEN TESTS
with rubric.part(
    0.5,
    tr(
        "extreme inputs: softplus and sigmoid at +-800",
        "极端输入：softplus 和 sigmoid 在 ±800 处",
    ),
):
    big, small = Value(800.0), Value(-800.0)
    check_close(
        [
            big.softplus().data,
            small.softplus().data,
            big.sigmoid().data,
            small.sigmoid().data,
        ],
        [800.0, 0.0, 1.0, 0.0],
        atol=1e-300,
        name=tr("softplus and sigmoid at +-800", "softplus 和 sigmoid 在 ±800 处"),
        hint=tr("rewrite so that exp never overflows", "改写成 exp 永远不会溢出的形式"),
        lesson="Lesson 5",
    )
### END HIDDEN TESTS
rubric.finish()

# %% nbgrader="test" grade_id="test_local_derivatives" points=8
from course_lib.checks import Rubric, check_close, check_source_avoids, check_true, fn
from course_lib.i18n import tr

ENGINES = ["course_lib", "torch", "jax", "autograd", "tensorflow", "sympy"]
OURS = ["course_lib.checks", "course_lib.i18n"]  # the tests' own imports
check_source_avoids(
    ENGINES,
    grade_ids=["value", "grad"],
    allow=OURS,
    name=tr("your engine", "你的引擎"),
    hint=tr(
        "write the engine yourself: plain Python, math and numpy",
        "自己写出这个引擎：只用纯 Python、math 和 numpy",
    ),
)


def complex_step(twin, xs, h=1e-30):  # exact to rounding for analytic functions:
    out = []  # f(x + ih) = f(x) + ih f'(x) + O(h^2)
    for i in range(len(xs)):
        out.append(twin(*[x + 1j * h * (j == i) for j, x in enumerate(xs)]).imag / h)
    return out


rubric = Rubric()
cases = [  # (expression on Values, the same on complex numbers, a point)
    ("lambda a, b: a * b - a / b", lambda a, b: a * b - a / b, [1.5, -0.7]),
    ("lambda a, b: (a - b) ** 3 - 2 / b", lambda a, b: (a - b) ** 3 - 2 / b, [1.3, 0.6]),
    (
        "lambda a: (1 / a).exp() * a.log()",
        lambda a: np.exp(1 / a) * np.log(a),
        [1.7],
    ),
    (
        "lambda a: a.tanh() - 3 * a.sigmoid()",
        lambda a: np.tanh(a) - 3 / (1 + np.exp(-a)),
        [0.4],
    ),
    (
        "lambda a: a.softplus() * (2 - a)",
        lambda a: np.log(1 + np.exp(a)) * (2 - a),
        [-1.1],
    ),
]
for src, twin, point in cases:
    with rubric.part(0.5, src[7:]):
        check_close(
            grad(fn(src), *point),
            complex_step(twin, point),
            rtol=1e-11,
            atol=1e-14,
            name=tr(f"grad({src[7:]}) at {point}", f"grad({src[7:]})，在 {point} 处"),
            lesson="Lesson 5",
        )
with rubric.part(
    0.5, tr("maximum and abs away from ties and 0", "远离平局与 0 处的 maximum 和 abs")
):
    check_close(
        grad(fn("lambda a, b: a.maximum(b).exp() * b.abs()"), 1.0, -2.0),
        [2.0 * math.e, -math.e],
        rtol=1e-12,
        name=tr(
            "grad(e^max(a, b) |b|) at (1, -2)", "grad(e^max(a, b) |b|)，在 (1, -2) 处"
        ),
        lesson="Lesson 5",
    )
with rubric.part(
    0.5, tr("maximum at a tie: a valid split", "平局处的 maximum：合法的分配")
):
    ga, gb = grad(fn("lambda a, b: a.maximum(b)"), 0.25, 0.25)
    check_true(
        ga >= 0 and gb >= 0 and abs(ga + gb - 1.0) < 1e-12,
        tr(
            "the tie's shares are >= 0 and add up to 1",
            "平局的两份都 >= 0，且相加等于 1",
        ),
        got=[ga, gb],
        lesson="Lesson 5",
    )
### BEGIN HIDDEN TESTS


def reference(src, xs):  # the grader's own reverse mode (float64)
    import course_lib as _cl

    ts = [_cl.tensor(x, dtype=_cl.float64, requires_grad=True) for x in xs]
    fn(src)(*ts).backward()
    return [0.0 if t.grad is None else t.grad.item() for t in ts]


hidden = [
    ("lambda a, b: a / b", [-2.5, 0.3], 0.5),
    ("lambda a, b: (a * a + 1.0) ** 1.5 * b", [0.7, -1.3], 0.5),
    ("lambda a: (2.0 - a).exp() - a ** -2", [-0.8], 0.5),
    ("lambda a: a.exp().log() * a.tanh()", [-1.9], 0.5),
    ("lambda a: a.sigmoid() * a", [2.2], 0.5),
    ("lambda a, b: (b.abs() + a.abs() * 2.0).tanh()", [0.0, -0.5], 0.5),
    ("lambda a, b: (a * b).maximum(a - b).exp()", [0.8, 3.0], 0.5),
]
for src, point, weight in hidden:
    with rubric.part(weight, src[7:]):
        check_close(
            grad(fn(src), *point),
            reference(src, point),
            rtol=1e-10,
            atol=1e-13,
            name=tr(f"grad({src[7:]}) at {point}", f"grad({src[7:]})，在 {point} 处"),
            lesson="Lesson 5",
        )
with rubric.part(
    1,
    tr(
        "softplus and sigmoid gradients at +-800",
        "softplus 和 sigmoid 在 ±800 处的梯度",
    ),
):
    check_close(
        grad(
            fn(
                "lambda a, b: (a.softplus() - 800.0).exp() + b.softplus() + a.sigmoid()"
            ),
            800.0,
            -800.0,
        ),
        [1.0, 0.0],
        rtol=1e-13,
        atol=1e-300,
        name=tr("softplus' and sigmoid' at +-800", "softplus' 和 sigmoid' 在 ±800 处"),
        hint=tr("the derivatives must not overflow either", "导数也不能溢出"),
        lesson="Lesson 5",
    )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q2"
# ## 2. `backward()`: deep graphs, reuse, accumulation (6 points) — Lesson 6
#
# *About 15 minutes.*
#
# `out.backward()` must **add** `∂out/∂v` to `v.grad` for every `Value` `v` that `out` depends
# on — inputs and intermediate values alike — and change nothing else. As in PyTorch (with
# `retain_graph=True`, and `retain_grad()` on every value):
#
# * a value used several times receives the sum of its contributions;
# * calling `backward()` a second time adds the same gradients again (every `.grad` doubles),
#   and a `backward()` from another output adds that output's gradients;
# * `backward()` from an intermediate value leaves the values it does not depend on untouched;
# * it works on graphs tens of thousands of operations deep (no recursion: Python's recursion
#   limit is about 1000) and in time proportional to the size of the graph.
# <!-- zh -->
# ## 2. `backward()`：深层计算图、重复使用、梯度累积（6 分）——第 6 课
#
# *大约 15 分钟。*
#
# `out.backward()` 必须把 `∂out/∂v` **加**到 `out` 所依赖的每个 `Value` `v` 的 `v.grad` 上——输入和中间值都一样——此外什么也不改变。和 PyTorch 一样（相当于使用 `retain_graph=True`，并对每个值调用了 `retain_grad()`）：
#
# * 一个被使用多次的值，得到的是各份贡献之和；
# * 第二次调用 `backward()` 会把同样的梯度再加一遍（每个 `.grad` 都翻倍）；从另一个输出调用 `backward()` 会加上那个输出的梯度；
# * 从一个中间值调用 `backward()`，它不依赖的那些值保持不变；
# * 它要能处理深达数万个运算的计算图（不能用递归：Python 的递归深度上限大约是 1000），并且所用时间与计算图的大小成正比。

# %% nbgrader="test" grade_id="test_backward" points=6
from course_lib.checks import Rubric, check_close, check_source_avoids, fn
from course_lib.i18n import tr

ENGINES = ["course_lib", "torch", "jax", "autograd", "tensorflow", "sympy"]
OURS = ["course_lib.checks", "course_lib.i18n"]  # the tests' own imports
check_source_avoids(
    ENGINES,
    grade_ids=["value", "grad"],
    allow=OURS,
    name=tr("your engine", "你的引擎"),
    hint=tr(
        "write the engine yourself: plain Python, math and numpy",
        "自己写出这个引擎：只用纯 Python、math 和 numpy",
    ),
)
rubric = Rubric()
with rubric.part(1, tr("a value used several times", "被多次使用的值")):
    check_close(
        grad(fn("lambda x: x * x * x + x"), 2.0),
        [13.0],
        rtol=1e-12,
        name=tr("grad(x * x * x + x) at 2", "grad(x * x * x + x)，在 2 处"),
        hint=tr("contributions add up", "各份贡献要相加"),
        lesson="Lesson 6",
    )
with rubric.part(
    1, tr("backward() twice: every .grad doubles", "两次 backward()：每个 .grad 都翻倍")
):
    x, y = Value(1.5), Value(-0.5)
    u = x * y + x
    out = u * u
    out.backward()
    once = [x.grad, y.grad, u.grad]
    out.backward()
    check_close(
        [x.grad, y.grad, u.grad],
        [2 * g for g in once],
        rtol=1e-12,
        name=tr("grads after a second backward()", "第二次 backward() 之后的梯度"),
        hint=tr(
            "the second sweep must not start from the first sweep's .grad values",
            "第二次反向传递不能从第一次留下的 .grad 值出发",
        ),
        lesson="Lesson 6",
    )
with rubric.part(1, tr("a chain 20 000 operations deep", "深达 20 000 个运算的链")):
    steps = 5_000  # four operations a step
    chain = fn(
        f"lambda x: [x := 1.0001 * x - 0.0001 * x.tanh() for _ in range({steps})][-1]"
    )
    x, slope = 0.5, 1.0
    for _ in range(steps):  # the chain's derivative, step by step
        t = math.tanh(x)
        slope *= 1.0001 - 0.0001 * (1.0 - t * t)
        x = 1.0001 * x - 0.0001 * t
    check_close(
        grad(chain, 0.5),
        [slope],
        rtol=1e-11,
        name=tr(f"grad of a chain of {steps} steps", f"{steps} 步的链的 grad"),
        hint=tr(
            "no recursion anywhere: use an explicit stack",
            "任何地方都不要递归：用一个显式的栈",
        ),
        lesson="Lesson 6",
    )
### BEGIN HIDDEN TESTS
with rubric.part(
    1,
    tr(
        "backward from an intermediate value; then from the output",
        "先从中间值、再从输出调用 backward",
    ),
):
    a, b = Value(0.3), Value(2.0)
    c = a * b
    d = c.exp() + b
    other = Value(4.0)
    e = d * other
    c.backward()  # c depends on a and b only
    check_close(
        [a.grad, b.grad, d.grad, other.grad, e.grad],
        [2.0, 0.3, 0.0, 0.0, 0.0],
        rtol=1e-12,
        name=tr("grads after c.backward()", "c.backward() 之后的梯度"),
        lesson="Lesson 6",
    )
    e.backward()
    ec = math.exp(0.6)
    check_close(
        [a.grad, b.grad, c.grad, other.grad],
        [2.0 + 4.0 * ec * 2.0, 0.3 + 4.0 * (ec * 0.3 + 1.0), 1.0 + 4.0 * ec, ec + 2.0],
        rtol=1e-12,
        name=tr(
            "grads after c.backward() then e.backward()",
            "先 c.backward() 再 e.backward() 之后的梯度",
        ),
        hint=tr(
            "backward() adds to .grad; it never resets it",
            "backward() 把梯度加到 .grad 上，从不清零",
        ),
        lesson="Lesson 6",
    )
with rubric.part(
    1,
    tr(
        "a relu-like chain 48 000 operations deep, each step using x twice",
        "深达 48 000 个运算的类 ReLU 链，每一步用到 x 两次",
    ),
):
    steps = 8_000  # six operations a step
    chain = fn(
        "lambda x: [x := (x * 0.9999 + 0.001).maximum(x * 0.0) + 0.0 * x "
        f"for _ in range({steps})][-1]"
    )
    check_close(
        grad(chain, 2.0),
        [0.9999**steps],
        rtol=1e-9,
        name=tr(f"grad of a chain of {steps} steps", f"{steps} 步的链的 grad"),
        lesson="Lesson 6",
    )
with rubric.part(
    1,
    tr(
        "one value used 30 000 times (time proportional to the graph)",
        "一个值被使用 30 000 次（时间与计算图大小成正比）",
    ),
):
    wide = fn("lambda x: sum(x * float(i % 7) for i in range(30000))")
    check_close(
        grad(wide, 1.0),
        [float(sum(i % 7 for i in range(30000)))],
        rtol=1e-12,
        name=tr("grad of a sum of 30 000 terms in x", "x 的 30 000 项之和的 grad"),
        lesson="Lesson 6",
    )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q3"
# ## 3. Forward mode: dual numbers (6 points) — Lesson 6
#
# *About 10 minutes.*
#
# Forward mode carries a derivative *along with* each value: a dual number
# $a + \dot a\,\varepsilon$ with $\varepsilon^2 = 0$, so that $f(x + \dot x\varepsilon) =
# f(x) + f'(x)\,\dot x\,\varepsilon$. Write `Dual(val, dot)` with `.val` and `.dot`, supporting
# `+ - * /` and unary `-` (numbers on either side), `**` with a number exponent, and `exp`,
# `log`, `tanh`; then
#
# * `derivative(f, x)`: $f'(x)$ for a function of one number, by one forward pass;
# * `directional(f, xs, v)`: the directional derivative $\nabla f(x)\cdot v$ of a function of
#   several numbers, also by **one** forward pass.
#
# The tests check these against a reference engine, never against your reverse mode.
# <!-- zh -->
# ## 3. 前向模式：对偶数（6 分）——第 6 课
#
# *大约 10 分钟。*
#
# 前向模式让每个值*随身*带着一个导数：对偶数 $a + \dot a\,\varepsilon$，其中 $\varepsilon^2 = 0$，于是 $f(x + \dot x\varepsilon) = f(x) + f'(x)\,\dot x\,\varepsilon$。写出带有 `.val` 和 `.dot` 的 `Dual(val, dot)`，支持 `+ - * /` 和一元 `-`（任意一侧可以是数）、以数为指数的 `**`，以及 `exp`、`log`、`tanh`；再写出
#
# * `derivative(f, x)`：一元函数的 $f'(x)$，只用一次前向计算；
# * `directional(f, xs, v)`：多元函数的方向导数 $\nabla f(x)\cdot v$，同样只用**一次**前向计算。
#
# 测试把它们与一个参考引擎比较，从不与你的反向模式比较。


# %% nbgrader="answer" grade_id="dual"
class Dual:
    """val + dot·ε with ε² = 0."""

    ### BEGIN SOLUTION
    def __init__(self, val, dot=0.0):
        self.val = float(val)
        self.dot = float(dot)

    def __repr__(self):
        return f"Dual(val={self.val:.6g}, dot={self.dot:.6g})"

    @staticmethod
    def lift(x):
        return x if isinstance(x, Dual) else Dual(x)

    def __add__(self, other):
        other = Dual.lift(other)
        return Dual(self.val + other.val, self.dot + other.dot)

    def __mul__(self, other):
        other = Dual.lift(other)
        return Dual(self.val * other.val, self.dot * other.val + self.val * other.dot)

    def __truediv__(self, other):
        other = Dual.lift(other)
        q = self.val / other.val
        return Dual(q, (self.dot - q * other.dot) / other.val)

    def __neg__(self):
        return Dual(-self.val, -self.dot)

    def __sub__(self, other):
        return self + (-Dual.lift(other))

    def __pow__(self, k):
        return Dual(self.val**k, k * self.val ** (k - 1) * self.dot)

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Dual.lift(other) - self

    def __rtruediv__(self, other):
        return Dual.lift(other) / self

    def exp(self):
        e = math.exp(self.val)
        return Dual(e, e * self.dot)

    def log(self):
        return Dual(math.log(self.val), self.dot / self.val)

    def tanh(self):
        t = math.tanh(self.val)
        return Dual(t, (1.0 - t * t) * self.dot)

    ### END SOLUTION


def derivative(f, x):
    """f'(x) by one forward pass."""
    ### BEGIN SOLUTION
    return f(Dual(x, 1.0)).dot
    ### END SOLUTION


def directional(f, xs, v):
    """The directional derivative grad f(xs) . v, by one forward pass."""
    ### BEGIN SOLUTION
    return f(*[Dual(x, d) for x, d in zip(xs, v)]).dot
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_dual" points=6
from course_lib.checks import Rubric, check_close, check_source_avoids, fn
from course_lib.i18n import tr

ENGINES = ["course_lib", "torch", "jax", "autograd", "tensorflow", "sympy"]
OURS = ["course_lib.checks", "course_lib.i18n"]  # the tests' own imports
check_source_avoids(
    ENGINES,
    grade_ids=["dual"],
    allow=OURS,
    name=tr("your Dual", "你的 Dual"),
    hint=tr(
        "write forward mode yourself: plain Python, math and numpy",
        "自己写出前向模式：只用纯 Python、math 和 numpy",
    ),
)
rubric = Rubric()
with rubric.part(
    1,
    tr(
        "the seeds' y = x^2 at x = 3, and a product of duals",
        "讲义原文中的 y = x^2 在 x = 3 处，以及对偶数的乘积",
    ),
):
    check_close(
        derivative(fn("lambda x: x ** 2"), 3.0),
        6.0,
        rtol=1e-12,
        name="derivative(x ** 2, 3)",
        lesson="Lesson 6",
    )
    p = Dual(2.0, 1.0) * Dual(3.0, 0.5)
    check_close(
        [p.val, p.dot],
        [6.0, 4.0],
        rtol=1e-12,
        name="Dual(2, 1) * Dual(3, 0.5)",
        lesson="Lesson 6",
    )
with rubric.part(
    1,
    tr(
        "derivative of an expression, against the complex step",
        "一个表达式的导数，与复步长法比较",
    ),
):

    def twin(x):
        return np.log(x * x + 1.0) * np.exp(np.tanh(x)) + 1 / (1 + np.exp(-x)) / x

    expected = twin(0.9 + 1e-30j).imag / 1e-30  # f(x + ih) = f(x) + ih f'(x) + O(h^2)
    src = "lambda x: (x * x + 1.0).log() * x.tanh().exp() + 1 / (1 + (-x).exp()) / x"
    check_close(
        derivative(fn(src), 0.9),
        expected,
        rtol=1e-11,
        name=tr("derivative at 0.9", "derivative，在 0.9 处"),
        lesson="Lesson 6",
    )
### BEGIN HIDDEN TESTS


def reference(src, xs):
    import course_lib as _cl

    ts = [_cl.tensor(x, dtype=_cl.float64, requires_grad=True) for x in xs]
    fn(src)(*ts).backward()
    return np.array([0.0 if t.grad is None else t.grad.item() for t in ts])


from course_lib.checks import seeded_rng

rng = seeded_rng(37)
with rubric.part(
    2,
    tr(
        "derivative of other expressions, every operation",
        "其他表达式的导数，涵盖每种运算",
    ),
):
    for src, x in [
        ("lambda x: (-x).exp() / (x * x + 1.0) - x", -0.7),
        ("lambda x: (x * x + 0.5) ** 2.5 - 3 / x", 1.3),
        ("lambda x: (1 - x).tanh() / (1 + (-x).exp()) + x ** -1.5", 0.6),
        ("lambda x: (2 - x).exp() * x.log()", 2.5),
    ]:
        check_close(
            derivative(fn(src), x),
            reference(src, [x])[0],
            rtol=1e-12,
            atol=1e-14,
            name=tr(
                f"derivative({src[10:]}) at {x}", f"derivative({src[10:]})，在 {x} 处"
            ),
            lesson="Lesson 6",
        )
with rubric.part(2, tr("directional derivatives", "方向导数")):
    for k in range(3):
        src = (
            "lambda a, b, c: (a * b).tanh() + (c * c + 1.0).log() / (a - b).exp() + c ** 3 / b"
        )
        xs = [float(v) for v in np.round(rng.uniform(0.2, 1.5, 3), 3)]
        v = [float(u) for u in rng.normal(size=3)]
        check_close(
            directional(fn(src), xs, v),
            reference(src, xs) @ np.array(v),
            rtol=1e-12,
            atol=1e-14,
            name=tr(
                f"directional derivative {k} at {xs}", f"第 {k} 个方向导数，在 {xs} 处"
            ),
            lesson="Lesson 6",
        )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q4"
# ## 4. Your engine on random expressions (4 points) — Lessons 5 and 6
#
# *About 5 minutes: running the test, and mending what it finds.*
#
# Nothing new to write. Grading builds random expressions from every operation of question 1
# (with a seeded random generator) and compares your `grad` with a reference engine. The visible
# test does the same for one expression, against the complex-step derivative of a twin.
# <!-- zh -->
# ## 4. 让你的引擎处理随机表达式（4 分）——第 5、6 课
#
# *大约 5 分钟：运行测试，并修好它发现的问题。*
#
# 这一题不用写新东西。评分时会用第 1 题的所有运算（借助一个固定种子的随机数生成器）构造随机表达式，把你的 `grad` 与一个参考引擎比较。可见的测试对一个表达式做同样的事，参照的是一个孪生函数的复步长导数。

# %% nbgrader="test" grade_id="test_random_expressions" points=4
from course_lib.checks import check_close, check_source_avoids, fn
from course_lib.i18n import tr

ENGINES = ["course_lib", "torch", "jax", "autograd", "tensorflow", "sympy"]
OURS = ["course_lib.checks", "course_lib.i18n"]  # the tests' own imports
check_source_avoids(
    ENGINES,
    grade_ids=["value", "grad"],
    allow=OURS,
    name=tr("your engine", "你的引擎"),
    hint=tr(
        "write the engine yourself: plain Python, math and numpy",
        "自己写出这个引擎：只用纯 Python、math 和 numpy",
    ),
)
src = (
    "lambda a, b, c: (a * b).tanh() + (c * c + 1.0).log() / (a - b).exp() + b.maximum(c)"
)


def twin(a, b, c):  # at the point below, max(b, c) is c
    return np.tanh(a * b) + np.log(c * c + 1.0) / np.exp(a - b) + c


point = [0.3, -1.2, 0.8]
expected = [
    twin(*[x + 1e-30j * (j == i) for j, x in enumerate(point)]).imag / 1e-30
    for i in range(3)
]  # the complex step: exact to rounding
check_close(
    grad(fn(src), *point),
    expected,
    rtol=1e-11,
    name=f"grad({src[16:]})",
    lesson="Lesson 6",
)
### BEGIN HIDDEN TESTS
from course_lib.checks import seeded_rng


def random_expression(rng, depth, names=("a", "b", "c")):
    """Source text of a random expression: every operation, safe domains."""
    if depth == 0 or rng.random() < 0.15:
        return str(rng.choice(names))
    x = random_expression(rng, depth - 1, names)
    y = random_expression(rng, depth - 1, names)
    k = float(np.round(rng.uniform(0.5, 2.0), 3))
    forms = [
        f"({x} + {y})",
        f"({x} * {y})",
        f"({x} - {k} * {y})",
        f"({x} / ({y} * {y} + 1.0))",
        f"({x} ** 2)",
        f"({x}).tanh()",
        f"(({x}) * ({x}) + {k}).log()",
        f"({x}).sigmoid()",
        f"({x}).tanh().exp()",
        f"({x}).abs()",
        f"({k} - {x})",
        f"({k} / ({x} * {x} + 1.0))",
        f"(({x}) * ({x}) + 0.5) ** {k}",
        f"(({x}) * ({x}) + 0.5) ** -{k}",
        f"({x}).maximum({y})",
    ]
    return forms[int(rng.integers(len(forms)))]


def reference(src, xs):
    import course_lib as _cl

    ts = [_cl.tensor(x, dtype=_cl.float64, requires_grad=True) for x in xs]
    fn(src)(*ts).backward()
    return [0.0 if t.grad is None else t.grad.item() for t in ts]


rng = seeded_rng(31)
for k in range(30):
    src = "lambda a, b, c: " + random_expression(rng, 4)
    point = [float(v) for v in np.round(rng.uniform(-1.5, 1.5, 3), 3)]
    check_close(
        grad(fn(src), *point),
        reference(src, point),
        rtol=1e-9,
        atol=1e-11,
        name=tr(
            f"grad of random expression {k}: {src[16:]} at {point}",
            f"随机表达式 {k} 的 grad：{src[16:]}，在 {point} 处",
        ),
        lesson="Lesson 6",
    )
### END HIDDEN TESTS

# %% [markdown] nbgrader="task" grade_id="outro"
# ## Done
#
# Run every cell from a fresh kernel (*Kernel → Restart and Run All*); when the tests show ✓,
# submit this notebook. Then compare your `backward` with `course_lib/autograd/engine.py`: it
# counts each node's consumers instead of sorting (Kahn's algorithm) — why does that also work?
# <!-- zh -->
# ## 完成
#
# 在新的内核里从头运行每个单元格（*Kernel → Restart and Run All*，中文界面为“内核 → 重启内核并运行所有单元格”）；测试都显示 ✓ 后，提交这个笔记本。然后把你的 `backward` 与 `course_lib/autograd/engine.py` 比较一下：它不做排序，而是统计每个节点的使用者个数（Kahn 算法）——为什么这样也行得通？
