# ---
# jupyter:
#   autodiff_course:
#     kernel_hide_modules:
#     - course_lib.functional
#     - torch
# ---

# %% [markdown] nbgrader="task" grade_id="intro"
# # Assignment 4 — Autograd in practice
#
# In this assignment you use `course_lib`'s autograd the way you would use PyTorch's
# (`import course_lib as cl` reads like `import torch`), on tasks where knowing what autograd
# does — and what it does not do — is the point:
#
# 1. gradients through loops and `if`s, for a **vector** input, and where such a function jumps;
# 2. one forward pass, several backward passes; gradients that accumulate; `detach`;
# 3. a full Jacobian from vector-Jacobian products;
# 4. gradient descent on a function you cannot see;
# 5. a small neural network: its loss and gradients, its training loop, a step size that
#    trains it fast.
#
# Many tests pass you a function you have not seen (`loss_fn`, `row_losses`, ...), or a result
# `y` that one computed from your `x`: your code must work for any such function, which is
# what autograd is for. Work in `float64`
# (`cl.tensor(values, dtype=cl.float64, requires_grad=True)`) and return plain numbers or numpy
# arrays (`t.item()`, `t.numpy()`), not tensors.
#
# Each question has a test cell: run it to check your work. Grading runs more, hidden, checks
# of the same kind, with other inputs. 25 points in total; about 55 minutes (question 1: 15,
# question 2: 12, question 3: 5, question 4: 5, question 5: 18).
# <!-- zh -->
# # 作业 4 — 自动求导实践
#
# 在这份作业中，你要像使用 PyTorch 的自动求导那样使用 `course_lib` 的自动求导（`import course_lib as cl` 读起来就像 `import torch`），而这些任务的关键在于弄清自动求导做了什么、又*没有*做什么：
#
# 1. 对**向量**输入求穿过循环和 `if` 的梯度，并找出这样的函数在哪里跳变；
# 2. 一次前向传播，多次反向传播；会累积的梯度；`detach`；
# 3. 用向量-雅可比积拼出完整的雅可比矩阵；
# 4. 对一个你看不到的函数做梯度下降；
# 5. 一个小型神经网络：它的损失和梯度、训练循环，以及能让它快速训练的步长。
#
# 很多测试会传给你一个你没见过的函数（`loss_fn`、`row_losses` 等），或者一个由这样的函数从你的 `x` 算出来的结果 `y`：你的代码必须对任何这样的函数都能用——这正是自动求导的用途。请用 `float64` 计算（`cl.tensor(values, dtype=cl.float64, requires_grad=True)`），并返回普通的数或 numpy 数组（`t.item()`、`t.numpy()`），而不是张量。
#
# 每道题都有一个测试单元格：运行它来检查你的答案。评分时还会运行更多同类的隐藏检查，换用别的输入。总分 25 分，大约需要 55 分钟（第 1 题 15 分钟，第 2 题 12 分钟，第 3 题 5 分钟，第 4 题 5 分钟，第 5 题 18 分钟）。

# %% nbgrader="setup" grade_id="setup"
import numpy as np

import course_lib as cl
from course_lib.checks import *  # noqa: F403

# %% [markdown] nbgrader="task" grade_id="q1"
# ## 1. Control flow with a vector input (6 points) — Lesson 8
#
# *About 15 minutes.*
#
# Lesson 8 §1 differentiates the seeds' function `f(a)` (double `b` until its norm reaches
# 1000, then a branch on the sign of `b.sum()`) for a scalar `a`. The same code runs unchanged
# when `a` is a vector: `b.norm()` and `b.sum()` are scalars, so the loop and the branch now
# depend on the whole vector.
#
# * Write `f(a)` for a `course_lib` tensor `a` of shape `(n,)`, and `f_vjp(a_values, v)`:
#   return `(f(a), vᵀ ∂f/∂a)` at `a = a_values`, both as numpy arrays of shape `(n,)`, the
#   second from **one** backward pass with `gradient=` (the output is not a scalar).
# * Autograd differentiates the operations that ran, so it never sees where a different number
#   of loop turns, or the other branch, would take over. Along a ray `a = t·u` (`u` a fixed
#   nonzero vector, `t > 0`) the function `t ↦ f(t·u)` is linear in pieces and **jumps**
#   between pieces. Write `jumps(u, t_min, t_max)`: every `t` in `[t_min, t_max]` where it
#   jumps, ascending, as a numpy array (exact, not a numerical estimate). Work it out from
#   what the loop does; check it with your `f`.
# <!-- zh -->
# ## 1. 向量输入下的控制流（6 分）——第 8 课
#
# *大约 15 分钟。*
#
# 第 8 课 §1 对标量 `a` 求了讲义原文中函数 `f(a)` 的导数（把 `b` 不断翻倍，直到它的范数达到 1000，然后根据 `b.sum()` 的符号分支）。当 `a` 是向量时，同样的代码原封不动也能运行：`b.norm()` 和 `b.sum()` 都是标量，所以循环和分支现在取决于整个向量。
#
# * 写出 `f(a)`，其中 `a` 是形状为 `(n,)` 的 `course_lib` 张量；再写出 `f_vjp(a_values, v)`：在 `a = a_values` 处返回 `(f(a), vᵀ ∂f/∂a)`，两者都是形状为 `(n,)` 的 numpy 数组，其中第二个要通过带 `gradient=` 的**一次**反向传播得到（输出不是标量）。
# * 自动求导对实际执行了的运算求导，所以它永远看不到：在哪里循环次数会变、或者会改走另一个分支。沿着一条射线 `a = t·u`（`u` 是一个固定的非零向量，`t > 0`），函数 `t ↦ f(t·u)` 是分段线性的，并在段与段之间**跳变**。写出 `jumps(u, t_min, t_max)`：返回 `[t_min, t_max]` 中所有发生跳变的 `t`，按升序排列，作为一个 numpy 数组（要精确值，不是数值估计）。从循环做了什么推导出来，再用你的 `f` 验证。


# %% nbgrader="answer" grade_id="f_vjp"
def f(a):
    """The seeds' control-flow function (Lesson 8), for a vector a."""
    ### BEGIN SOLUTION
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c
    ### END SOLUTION


def f_vjp(a_values, v):
    """(f(a), v^T df/da) as numpy arrays, by one backward pass with gradient=v."""
    ### BEGIN SOLUTION
    a = cl.tensor(a_values, dtype=cl.float64, requires_grad=True)
    out = f(a)
    out.backward(gradient=cl.tensor(v, dtype=cl.float64))
    return out.detach().numpy(), a.grad.numpy()
    ### END SOLUTION


# %% nbgrader="answer" grade_id="jumps"
def jumps(u, t_min, t_max):
    """Every t in [t_min, t_max] at which t -> f(t u) is discontinuous, ascending."""
    ### BEGIN SOLUTION
    # b = 2^n t u with n >= 1 the first count at which 2^n t |u| >= 1000; n changes (and f
    # jumps by a factor 2) where t |u| = 1000 / 2^m, m >= 1. The sign of sum(t u) never
    # changes for t > 0. m = 0 is not a jump: the loop doubles at least once.
    norm = float(np.linalg.norm(u))
    ts, m = [], 1
    while 1000.0 / 2**m / norm >= t_min:
        t = 1000.0 / 2**m / norm
        if t <= t_max:
            ts.append(t)
        m += 1
    return np.array(sorted(ts))
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_f_vjp" points=1
from course_lib.checks import Rubric, check_close
from course_lib.i18n import tr


def seeds_f(a):  # the seeds' function on numpy arrays
    b = a * 2
    while np.linalg.norm(b) < 1000:
        b = b * 2
    return b if b.sum() > 0 else 100 * b


def fd_vjp(func, a, v, h=1e-4):  # v^T J by central differences (Lesson 3)
    cols = [(func(a + h * e) - func(a - h * e)) / (2 * h) for e in np.eye(len(a))]
    return np.array(cols) @ v


rubric = Rubric()
a, v = np.array([0.3, -1.2, 0.5]), np.array([1.0, 2.0, -1.0])
with rubric.part(0.5, tr("f and v^T J at one point", "一个点处的 f 和 v^T J")):
    out, vjp = f_vjp(a, v)
    check_close(
        out,
        seeds_f(a),
        rtol=1e-12,
        name=tr("f(a) for a = [0.3, -1.2, 0.5]", "a = [0.3, -1.2, 0.5] 时的 f(a)"),
        hint=tr(
            "the seeds' loop and branch, on a tensor",
            "讲义原文中的循环和分支，作用在张量上",
        ),
        lesson="Lesson 8 §1",
    )
    check_close(
        vjp,
        fd_vjp(seeds_f, a, v),
        rtol=1e-6,
        name="f_vjp(a, v)[1]",
        hint=tr(
            "out.backward(gradient=v), then a.grad",
            "先 out.backward(gradient=v)，再读 a.grad",
        ),
        lesson="Lesson 7 §4",
    )
### BEGIN HIDDEN TESTS
from course_lib.checks import seeded_rng

rng = seeded_rng(11)
cases = [
    rng.normal(size=4),
    -rng.uniform(size=3),
    np.array([0.0, 2.0, -3.0]),
    np.array([400.0, 300.0]),
    np.array([-0.001, 0.0005, 0.0002]),
    rng.normal(size=6),
]
with rubric.part(
    0.5,
    tr(
        "f and v^T J at other points (zero entries, no loop turn, sum < 0)",
        "其他点处的 f 和 v^T J（含零元素、循环一次也不执行、元素和 < 0）",
    ),
):
    for a in cases:
        v = rng.normal(size=a.size)
        b = 2.0 * a
        k = 2.0
        while np.linalg.norm(b) < 1000:
            b, k = 2.0 * b, 2.0 * k
        k = k if b.sum() > 0 else 100.0 * k
        out, vjp = f_vjp(a, v)
        check_close(
            out,
            k * a,
            rtol=1e-12,
            name=f"f({np.round(a, 4).tolist()})",
            lesson="Lesson 8",
        )
        check_close(
            vjp,
            k * v,
            rtol=1e-12,
            name=f"f_vjp({np.round(a, 4).tolist()}, v)",
            hint=tr(
                "one backward pass with gradient=v from f(a)",
                "从 f(a) 出发、带 gradient=v 的一次反向传播",
            ),
            lesson="Lesson 7 §4",
        )
### END HIDDEN TESTS
rubric.finish()

# %% nbgrader="test" grade_id="test_jumps" points=5
from course_lib.checks import Rubric, as_array, check_equal, check_true
from course_lib.i18n import tr


def seeds_k(a):  # f(a) / a: the factor of the piece a lies on
    b, k = 2.0 * a, 2.0
    while np.linalg.norm(b) < 1000:
        b, k = 2.0 * b, 2.0 * k
    return k if b.sum() > 0 else 100.0 * k


def scan_jumps(u, t_min, t_max):  # a fine geometric scan: pieces are a factor 2 long
    grid = np.geomspace(t_min, t_max, 4000)
    ks = np.array([seeds_k(t * u) for t in grid])
    return int((ks[1:] != ks[:-1]).sum())


rubric = Rubric()
u = np.array([3.0, 4.0])
with rubric.part(
    1,
    tr(
        "the jumps along u = [3, 4] for t in [1, 100]",
        "沿 u = [3, 4]、t 在 [1, 100] 内的跳变",
    ),
):
    ts = as_array(jumps(u, 1.0, 100.0), name="jumps(u, 1, 100)").ravel()
    check_equal(
        int(ts.size),
        scan_jumps(u, 1.0, 100.0),
        name=tr("number of jumps in [1, 100]", "[1, 100] 内的跳变个数"),
        hint=tr("where does the number of loop turns change?", "循环次数在哪里改变？"),
        lesson="Lesson 8 §4",
    )
    for t in ts:
        left, right = seeds_k((t * (1 - 1e-9)) * u), seeds_k((t * (1 + 1e-9)) * u)
        check_true(
            bool(left != right),
            tr(f"f jumps at t = {float(t)!r}", f"f 在 t = {float(t)!r} 处跳变"),
            lesson="Lesson 8 §4",
        )
### BEGIN HIDDEN TESTS
from course_lib.checks import seeded_rng

rng = seeded_rng(12)
for case in range(4):
    u = rng.normal(size=int(rng.integers(2, 6))) * rng.choice([0.01, 1.0, 30.0])
    t_min, t_max = sorted(
        rng.uniform(0.001, 1.0, 2) * (1000 / np.linalg.norm(u)) * [1, 3]
    )
    if case == 3:
        t_min, t_max = (
            0.5 / np.linalg.norm(u),
            5000.0 / np.linalg.norm(u),
        )  # reaches 1000/|u|
    norm = np.linalg.norm(u)
    expected = sorted(
        1000.0 / 2.0**m / norm
        for m in range(1, 80)
        if t_min <= 1000.0 / 2.0**m / norm <= t_max
    )
    with rubric.part(
        1,
        tr(
            f"jumps along a random u ({u.size} entries), t in a random range",
            f"沿一个随机 u（{u.size} 个元素）、t 在随机区间内的跳变",
        ),
    ):
        check_close(
            as_array(jumps(u, t_min, t_max), name="jumps").ravel(),
            expected,
            rtol=1e-9,
            name=f"jumps(u, {t_min:.4g}, {t_max:.4g})",
            hint=tr(
                "exact values, in [t_min, t_max] only; the loop runs at least once",
                "要精确值，并且只要 [t_min, t_max] 内的；循环至少执行一次",
            ),
            lesson="Lesson 8 §4",
        )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q2"
# ## 2. One forward pass, several backward passes; accumulation; `detach` (6 points) — Lesson 7
#
# *About 12 minutes.*
#
# * `two_vjps(y, x, v1, v2)`: `y` was computed from the float64 tensor `x`
#   (`requires_grad=True`) by an expensive function you are not given: its one forward pass is
#   done. Return the two vector-Jacobian products `v1ᵀJ` and `v2ᵀJ` of `J = ∂y/∂x`, as a pair
#   of numpy arrays.
# * `chunked_grad(row_losses, w_values, X, max_rows)`: `row_losses(w, Xc)` returns one loss per
#   row of the float64 tensor `Xc`, but accepts at most `max_rows` rows per call (memory). Return
#   the gradient, with respect to `w`, of the **mean** loss over all rows of `X` (a numpy
#   array of `w`'s shape), computed chunk by chunk.
# * `frozen_norm_grad(g, x_values)`: the gradient of `s(x) = sum(g(x)) / ‖g(x)‖` with respect
#   to `x`, where the norm `‖g(x)‖` is treated as a **constant** (a fixed scale, as in many
#   normalisation tricks): no gradient flows through it.
# <!-- zh -->
# ## 2. 一次前向传播，多次反向传播；梯度累积；`detach`（6 分）——第 7 课
#
# *大约 12 分钟。*
#
# * `two_vjps(y, x, v1, v2)`：`y` 是一个计算代价很高、你拿不到的函数从 float64 张量 `x`（`requires_grad=True`）算出来的：它唯一的一次前向传播已经做完了。以一对 numpy 数组返回 `J = ∂y/∂x` 的两个向量-雅可比积 `v1ᵀJ` 和 `v2ᵀJ`。
# * `chunked_grad(row_losses, w_values, X, max_rows)`：`row_losses(w, Xc)` 为 float64 张量 `Xc` 的每一行返回一个损失，但每次调用最多只接受 `max_rows` 行（受内存限制）。返回 `X` 所有行上**平均**损失关于 `w` 的梯度（形状与 `w` 相同的 numpy 数组），要一块一块地计算。
# * `frozen_norm_grad(g, x_values)`：`s(x) = sum(g(x)) / ‖g(x)‖` 关于 `x` 的梯度，其中范数 `‖g(x)‖` 被当作**常数**（一个固定的缩放因子，许多归一化技巧都这样做）：没有梯度流过它。


# %% nbgrader="answer" grade_id="two_vjps"
def two_vjps(y, x, v1, v2):
    """(v1^T J, v2^T J) for J = dy/dx, from the one forward pass that made y."""
    ### BEGIN SOLUTION
    y.backward(gradient=cl.tensor(v1, dtype=cl.float64), retain_graph=True)
    first = x.grad.numpy().copy()
    x.grad.zero_()
    y.backward(gradient=cl.tensor(v2, dtype=cl.float64))
    return first, x.grad.numpy().copy()
    ### END SOLUTION


def chunked_grad(row_losses, w_values, X, max_rows):
    """d/dw of the mean of row_losses(w, X) over all rows, max_rows rows per call."""
    ### BEGIN SOLUTION
    w = cl.tensor(w_values, dtype=cl.float64, requires_grad=True)
    n = len(X)
    for start in range(0, n, max_rows):
        chunk = cl.tensor(np.asarray(X[start : start + max_rows]), dtype=cl.float64)
        (row_losses(w, chunk).sum() / n).backward()  # .grad adds up the chunks
    return w.grad.numpy().copy()
    ### END SOLUTION


def frozen_norm_grad(g, x_values):
    """Gradient of sum(g(x)) / ||g(x)||, the norm held constant."""
    ### BEGIN SOLUTION
    x = cl.tensor(x_values, dtype=cl.float64, requires_grad=True)
    y = g(x)
    (y.sum() / y.norm().detach()).backward()
    return x.grad.numpy().copy()
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_backward_passes" points=6
from course_lib.checks import Rubric, check_close, check_source_avoids, fn, forward_once
from course_lib.i18n import tr

check_source_avoids(
    ["course_lib.functional", "torch", "jax"],
    grade_ids=["two_vjps"],
    names=["functional"],
    name=tr("your backward passes", "你的反向传播"),
    hint=tr(
        "call backward yourself; course_lib.functional does it for you",
        "自己调用 backward；course_lib.functional 会替你做这件事",
    ),
)


def fd_jacobian(func, x, h=1e-5):  # central differences (Lesson 3), rows = outputs
    cols = [(func(x + h * e) - func(x - h * e)) / (2 * h) for e in np.eye(x.size)]
    return np.array(cols).T


rubric = Rubric()
x = np.array([0.5, -1.0, 2.0])
J = fd_jacobian(lambda x: x * x.sum() + x**3, x)
with rubric.part(1, tr("two VJPs from one forward pass", "一次前向传播得到两个 VJP")):
    yt, xt = forward_once(fn("lambda x: x * x.sum() + x ** 3"), x)
    g1, g2 = two_vjps(yt, xt, [1.0, 0.0, 0.0], [0.0, 2.0, -1.0])
    check_close(g1, J[0], rtol=1e-6, name="two_vjps(...)[0]", lesson="Lesson 7 §8")
    check_close(
        g2,
        [0.0, 2.0, -1.0] @ J,
        rtol=1e-6,
        name="two_vjps(...)[1]",
        hint=tr(
            "what happens to .grad between the two backward passes?",
            "两次反向传播之间，.grad 会怎样？",
        ),
        lesson="Lesson 7 §3",
    )
Xd = np.linspace(-1.0, 1.0, 14).reshape(7, 2)
rows = (
    "lambda w, Xc: ({}['more than 3 rows'] if len(Xc) > 3 else 0) + (Xc @ w - 0.3) ** 2"
)
with rubric.part(
    1,
    tr(
        "chunked gradient, 7 rows, at most 3 per call",
        "分块梯度：7 行，每次调用最多 3 行",
    ),
):
    w0 = np.array([0.4, -0.7])

    def mean_loss(w):
        return ((Xd @ w - 0.3) ** 2).mean()

    expected = [
        (mean_loss(w0 + 1e-6 * e) - mean_loss(w0 - 1e-6 * e)) / 2e-6 for e in np.eye(2)
    ]
    check_close(
        chunked_grad(fn(rows), w0, Xd, 3),
        expected,
        rtol=1e-6,
        name=tr(
            "chunked_grad(row_losses, w, X (7 rows), 3)",
            "chunked_grad(row_losses, w, X（7 行）, 3)",
        ),
        hint=tr(
            "the mean over all rows, not the mean of each chunk",
            "是所有行的平均，不是每一块各自的平均",
        ),
        lesson="Lesson 7 §3",
    )
### BEGIN HIDDEN TESTS
import course_lib as _cl
from course_lib.checks import seeded_rng


def _jacobian(func, x):  # the grader's reference: one autograd.grad per output element
    x = _cl.tensor(x.numpy(), dtype=_cl.float64, requires_grad=True)
    y = func(x)
    rows = []
    for i in range(int(np.prod(y.shape))):
        seed = np.zeros(int(np.prod(y.shape)))
        seed[i] = 1.0
        (g,) = _cl.autograd.grad(
            y,
            x,
            grad_outputs=_cl.tensor(seed.reshape(tuple(y.shape))),
            retain_graph=True,
            allow_unused=True,
        )
        rows.append(np.zeros(x.shape) if g is None else g.numpy())
    return _cl.tensor(np.array(rows).reshape(tuple(y.shape) + tuple(x.shape)))


def _grad_of(scalar_fn, x):  # the grader's own reverse mode, float64
    t = _cl.tensor(x, dtype=_cl.float64, requires_grad=True)
    scalar_fn(t).backward()
    return t.grad.numpy()


rng = seeded_rng(21)
with rubric.part(
    1,
    tr(
        "two VJPs for other functions and vectors",
        "其他函数和向量的两个 VJP",
    ),
):
    for src in ["(x * x).tanh() * x[0]", "x.exp() / (1.0 + x.sum() ** 2)"]:
        x = rng.normal(size=4)
        v1, v2 = rng.normal(size=4), rng.normal(size=4)
        J = _jacobian(fn("lambda x: " + src), _cl.tensor(x, dtype=_cl.float64)).numpy()
        yt, xt = forward_once(fn("lambda x: " + src), x)
        g1, g2 = two_vjps(yt, xt, v1, v2)
        check_close(
            [g1, g2],
            [v1 @ J, v2 @ J],
            rtol=1e-10,
            atol=1e-12,
            name=tr(f"two_vjps for {src}", f"{src} 的 two_vjps"),
            lesson="Lesson 7 §8",
        )
with rubric.part(
    1.5,
    tr(
        "chunked gradient: other losses, sizes and chunk lengths",
        "分块梯度：其他损失、行数和块长",
    ),
):
    for n, k, chunk in [(23, 3, 5), (10, 4, 10), (9, 2, 1)]:
        X = rng.normal(size=(n, k))
        w = rng.normal(size=k)
        src = (
            f"lambda w, Xc: ({{}}['more than {chunk} rows'] if len(Xc) > {chunk} else 0)"
            " + ((Xc @ w).tanh() - 0.5 * Xc[:, 0]) ** 2"
        )
        Xt = _cl.tensor(X, dtype=_cl.float64)
        expected = _grad_of(lambda w: (((Xt @ w).tanh() - 0.5 * Xt[:, 0]) ** 2).mean(), w)
        check_close(
            chunked_grad(fn(src), w, X, chunk),
            expected,
            rtol=1e-10,
            atol=1e-13,
            name=tr(
                f"chunked_grad with {n} rows, {chunk} per call",
                f"chunked_grad：{n} 行，每次 {chunk} 行",
            ),
            hint=tr(
                "every chunk's backward adds into w.grad; scale by the total count",
                "每一块的 backward 都会加到 w.grad 上；按总行数缩放",
            ),
            lesson="Lesson 7 §3",
        )
with rubric.part(1.5, tr("the norm held constant", "范数保持为常数")):
    for src in ["x * x.sum()", "(x * 2.0).tanh() + x ** 3"]:
        x = rng.normal(size=5)
        g = fn("lambda x: " + src)
        scale = float(np.linalg.norm(g(_cl.tensor(x, dtype=_cl.float64)).numpy()))
        expected = _grad_of(lambda t: g(t).sum() / scale, x)
        check_close(
            frozen_norm_grad(g, x),
            expected,
            rtol=1e-10,
            atol=1e-13,
            name=tr(
                f"frozen_norm_grad for g(x) = {src}",
                f"g(x) = {src} 时的 frozen_norm_grad",
            ),
            hint=tr(
                "no gradient through the norm: detach it",
                "梯度不能流过范数：把它 detach",
            ),
            lesson="Lesson 7 §5",
        )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q3"
# ## 3. A Jacobian from vector-Jacobian products (4 points) — Lesson 7
#
# *About 5 minutes.*
#
# The course's shape convention: ∂y/∂x has shape `y.shape + x.shape` (outputs first, then
# inputs) — what `torch.autograd.functional.jacobian` returns; for a scalar `y` this is
# `x.shape`, like PyTorch's `x.grad`.
#
# Write `jacobian(y, x)` for a vector `y` of shape `(m,)` computed, as in question 2, from a
# float64 tensor `x` of shape `(n,)` (`requires_grad=True`) by a function you are not given:
# the forward pass is done. Use one backward pass per element of `y` (Lesson 7 §4 and §8) —
# not `course_lib.functional`, which does this for you.
# <!-- zh -->
# ## 3. 用向量-雅可比积构造雅可比矩阵（4 分）——第 7 课
#
# *大约 5 分钟。*
#
# 本课程的形状约定：∂y/∂x 的形状是 `y.shape + x.shape`（先输出，后输入）——也就是 `torch.autograd.functional.jacobian` 返回的形状；对标量 `y`，它就是 `x.shape`，和 PyTorch 的 `x.grad` 一样。
#
# 写出 `jacobian(y, x)`：和第 2 题一样，形状为 `(m,)` 的向量 `y` 是一个你拿不到的函数从形状为 `(n,)` 的 float64 张量 `x`（`requires_grad=True`）算出来的：前向传播已经做完了。对 `y` 的每个元素做一次反向传播（第 7 课 §4 和 §8）——不要用替你做好这件事的 `course_lib.functional`。


# %% nbgrader="answer" grade_id="jacobian"
def jacobian(y, x):
    """dy/dx, shape (m, n), from the one forward pass that made y."""
    ### BEGIN SOLUTION
    m = y.shape[0]
    rows = []
    for i in range(m):  # row i: the VJP with v = e_i
        x.grad = None
        y.backward(gradient=cl.tensor(np.eye(m)[i], dtype=cl.float64), retain_graph=True)
        rows.append(np.zeros(x.shape) if x.grad is None else x.grad.numpy().copy())
    return np.array(rows)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_jacobian" points=4
from course_lib.checks import (
    Rubric,
    check_close,
    check_shape,
    check_source_avoids,
    fn,
    forward_once,
)
from course_lib.i18n import tr

check_source_avoids(
    ["course_lib.functional", "torch", "jax"],
    grade_ids=["jacobian"],
    names=["functional"],
    name=tr("your jacobian", "你的 jacobian"),
    hint=tr(
        "build it from backward(gradient=...) yourself",
        "自己用 backward(gradient=...) 构造它",
    ),
)


def fd_jac(func, x, h=1e-5):  # central differences, shape y.shape + x.shape
    y = np.asarray(func(x))
    cols = [
        (
            np.asarray(func(x + h * e.reshape(x.shape)))
            - np.asarray(func(x - h * e.reshape(x.shape)))
        )
        / (2 * h)
        for e in np.eye(x.size)
    ]
    return np.moveaxis(np.array(cols), 0, -1).reshape(y.shape + x.shape)


rubric = Rubric()
x = np.array([1.0, 2.0, 3.0])
with rubric.part(
    1,
    tr(
        "a (3,) -> (3,) function, one forward pass",
        "一个 (3,) -> (3,) 的函数，一次前向传播",
    ),
):
    got = jacobian(*forward_once(fn("lambda x: x * x.sum()"), x))
    check_shape(got, (3, 3), name="jacobian(x * x.sum(), x)", lesson="Lesson 7 §4")
    check_close(
        got,
        fd_jac(lambda x: x * x.sum(), x),
        rtol=1e-6,
        name="jacobian(x * x.sum(), x)",
        hint=tr("row i: the VJP with v = e_i", "第 i 行：v = e_i 时的 VJP"),
        lesson="Lesson 7 §4",
    )
### BEGIN HIDDEN TESTS
import course_lib as _cl
from course_lib.checks import seeded_rng


def _jacobian(func, x):  # the grader's reference: one autograd.grad per output element
    x = _cl.tensor(x.numpy(), dtype=_cl.float64, requires_grad=True)
    y = func(x)
    rows = []
    for i in range(int(np.prod(y.shape))):
        seed = np.zeros(int(np.prod(y.shape)))
        seed[i] = 1.0
        (g,) = _cl.autograd.grad(
            y,
            x,
            grad_outputs=_cl.tensor(seed.reshape(tuple(y.shape))),
            retain_graph=True,
            allow_unused=True,
        )
        rows.append(np.zeros(x.shape) if g is None else g.numpy())
    return _cl.tensor(np.array(rows).reshape(tuple(y.shape) + tuple(x.shape)))


rng = seeded_rng(31)
cases = [
    ("(4,) -> (3,)", (4,), "x[1:] * x[0] + x[:3].tanh()"),
    ("(2,) -> (4,)", (2,), "(x.reshape(2, 1) * x.tanh().reshape(1, 2)).reshape(4)"),
    ("(5,) -> (2,)", (5,), "(x.tanh() * x.sum())[::3]"),
    ("(3,) -> (1,)", (3,), "(x**2 * x.tanh()).sum().reshape(1)"),
]
for what, shape, src in cases:
    x = rng.normal(size=shape)
    expected = _jacobian(fn("lambda x: " + src), _cl.tensor(x, dtype=_cl.float64)).numpy()
    with rubric.part(0.75, what):
        got = jacobian(*forward_once(fn("lambda x: " + src), x))
        check_shape(
            got,
            expected.shape,
            name=tr(f"jacobian for {what}", f"{what} 的 jacobian"),
            hint=tr(
                "y.shape + x.shape: one row per output",
                "y.shape + x.shape：每个输出一行",
            ),
            lesson="Lesson 7 §4",
        )
        check_close(
            got,
            expected,
            rtol=1e-10,
            atol=1e-13,
            name=tr(f"jacobian for {what}", f"{what} 的 jacobian"),
            hint=tr(
                "zero x.grad between the passes (or read it fresh each time)",
                "在两次传播之间把 x.grad 清零（或每次都重新读取）",
            ),
            lesson="Lesson 7 §4",
        )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q4"
# ## 4. Gradient descent on a function you cannot see (1 point) — Lesson 9
#
# *About 5 minutes.*
#
# Write `gradient_descent(loss_fn, w0, lr, steps)`: start at `w0`, take `steps` steps
# `w ← w − lr·∇loss_fn(w)` (gradient by autograd; update in place under `cl.no_grad()`), and
# return `(w, losses)`: the final `w` as a numpy array and the list of the `steps` values of
# `loss_fn` computed before each step.
# <!-- zh -->
# ## 4. 对一个你看不到的函数做梯度下降（1 分）——第 9 课
#
# *大约 5 分钟。*
#
# 写出 `gradient_descent(loss_fn, w0, lr, steps)`：从 `w0` 出发，走 `steps` 步 `w ← w − lr·∇loss_fn(w)`（梯度由自动求导得到；在 `cl.no_grad()` 下原地更新），返回 `(w, losses)`：最终的 `w`（numpy 数组），以及每一步之前算出的 `loss_fn` 的值组成的列表（共 `steps` 个）。


# %% nbgrader="answer" grade_id="gradient_descent"
def gradient_descent(loss_fn, w0, lr, steps):
    """(final w, losses before each step) of `steps` gradient-descent steps from w0."""
    ### BEGIN SOLUTION
    w = cl.tensor(w0, dtype=cl.float64, requires_grad=True)
    losses = []
    for _ in range(steps):
        loss = loss_fn(w)
        losses.append(loss.item())
        loss.backward()
        with cl.no_grad():
            w.sub_(lr * w.grad)
        w.grad.zero_()
    return w.detach().numpy().copy(), losses
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_gradient_descent" points=1
from course_lib.checks import Rubric, check_close, fn
from course_lib.i18n import tr

rubric = Rubric()
src = "lambda w: (w[0] - 1.0) ** 2 + 3.0 * (w[1] + 0.5) ** 4 + w[0] * w[1]"
with rubric.part(
    0.5,
    tr(
        "five steps on a function given as code",
        "对一个以代码给出的函数走五步",
    ),
):
    loss = eval(src)
    w, expected_losses = np.array([0.2, 0.3]), []
    for _ in range(5):  # the same steps, gradients by central differences
        expected_losses.append(loss(w))
        grad = np.array(
            [(loss(w + 1e-6 * e) - loss(w - 1e-6 * e)) / 2e-6 for e in np.eye(2)]
        )
        w = w - 0.05 * grad
    got_w, got_losses = gradient_descent(fn(src), np.array([0.2, 0.3]), 0.05, 5)
    check_close(
        got_w,
        w,
        rtol=1e-6,
        name="gradient_descent(loss_fn, [0.2, 0.3], 0.05, 5)",
        hint=tr(
            "w <- w - lr * grad, five times, from w0",
            "从 w0 出发做 w <- w - lr * grad，共五次",
        ),
        lesson="Lesson 9 §1",
    )
    check_close(
        got_losses,
        expected_losses,
        rtol=1e-9,
        name=tr("losses before each step", "每一步之前的损失"),
        lesson="Lesson 9 §1",
    )
### BEGIN HIDDEN TESTS
import course_lib as _cl
from course_lib.checks import seeded_rng

rng = seeded_rng(41)
M = rng.normal(size=(3, 3))
A = M @ M.T + np.eye(3)
src = (
    f"lambda w: 0.5 * (w @ (np.array({A.tolist()!r}) @ w)) + (w ** 4).sum() * 0.1 - w[2]"
)
w0 = rng.normal(size=3)
with rubric.part(
    0.5,
    tr(
        "twelve steps on a random function of 3 variables, exactly",
        "对一个随机三元函数走十二步，要精确",
    ),
):
    w = _cl.tensor(w0, dtype=_cl.float64, requires_grad=True)
    expected_losses = []
    for _ in range(12):
        value = fn(src)(w)
        expected_losses.append(value.item())
        value.backward()
        with _cl.no_grad():
            w.sub_(0.03 * w.grad)
        w.grad.zero_()
    got_w, got_losses = gradient_descent(fn(src), w0, 0.03, 12)
    check_close(
        got_w,
        w.detach().numpy(),
        rtol=1e-10,
        name=tr("gradient_descent, 12 steps", "gradient_descent，12 步"),
        hint=tr("zero the gradient after each step", "每一步之后把梯度清零"),
        lesson="Lesson 9 §1",
    )
    check_close(
        got_losses,
        expected_losses,
        rtol=1e-10,
        name=tr("losses, 12 steps", "损失，12 步"),
        lesson="Lesson 9 §1",
    )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q5"
# ## 5. A small network: loss, gradients, training, a fast step size (8 points) — Lesson 10
#
# *About 18 minutes.*
#
# The network (PyTorch's layout, weights out×in): `params` is a dict of numpy arrays
# `W1` (16, 2), `b1` (16,), `W2` (2, 16), `b2` (2,); for inputs `X` (N, 2) the logits are
# `tanh(X W1ᵀ + b1) W2ᵀ + b2` (N, 2), and the loss is the mean softmax cross-entropy of the
# logits against the labels `y` (0 or 1) plus weight decay on the weights (not the biases):
# `loss = cross_entropy + (wd / 2)·(‖W1‖² + ‖W2‖²)` (squared Frobenius norms).
#
# * `loss_and_grads(params, X, y, wd)`: `(loss, grads)`: the loss as a float and a dict of
#   numpy arrays with the same keys and shapes as `params` (by autograd or by hand, Lesson 10).
# * `train(params, X, y, lr, steps, wd)`: `steps` full-batch gradient-descent steps from
#   `params`, each using your `loss_and_grads`; return `(trained params, losses)` — the params
#   as a dict of numpy arrays, the losses before each step. Do not change the `params` passed in.
# * Choose `LR` and `STEPS` so that training **converges fast**, meaning: from
#   `init_params(0)` with `WD = 1e-3`, at most 150 steps, the training loss ends at most 0.09
#   and the accuracy on the test moons is at least 97%. The grader retrains your way on
#   **other** moons (another seed, same size and noise) and checks the same numbers there, from
#   the parameters your `train` returns.
# <!-- zh -->
# ## 5. 一个小型网络：损失、梯度、训练，以及快速的步长（8 分）——第 10 课
#
# *大约 18 分钟。*
#
# 网络（采用 PyTorch 的布局，权重为 输出×输入）：`params` 是由 numpy 数组组成的字典，包括 `W1` (16, 2)、`b1` (16,)、`W2` (2, 16)、`b2` (2,)；对输入 `X` (N, 2)，logits 为 `tanh(X W1ᵀ + b1) W2ᵀ + b2` (N, 2)，损失是 logits 相对于标签 `y`（0 或 1）的平均 softmax 交叉熵，再加上对权重（不含偏置）的权重衰减：`loss = cross_entropy + (wd / 2)·(‖W1‖² + ‖W2‖²)`（弗罗贝尼乌斯范数的平方）。
#
# * `loss_and_grads(params, X, y, wd)`：返回 `(loss, grads)`：损失是一个 float，`grads` 是一个 numpy 数组组成的字典，键和形状都与 `params` 相同（用自动求导或手工推导都行，第 10 课）。
# * `train(params, X, y, lr, steps, wd)`：从 `params` 出发做 `steps` 步全批量梯度下降，每一步都用你的 `loss_and_grads`；返回 `(trained params, losses)`——训练后的参数（numpy 数组组成的字典），以及每一步之前的损失。不要修改传进来的 `params`。
# * 选择 `LR` 和 `STEPS`，使训练**快速收敛**，即：从 `init_params(0)` 出发，`WD = 1e-3`，最多 150 步，训练损失最终不超过 0.09，并且在测试用的 moons 数据上准确率至少为 97%。评分程序会按你的方式在**另一份** moons 数据（另一个种子，规模和噪声相同）上重新训练，并根据你的 `train` 返回的参数在那里检查同样的数字。


# %% nbgrader="setup" grade_id="moons_setup"
def make_moons(n, noise, seed):
    """Two interleaving half circles in 2-D, labels 0 (top) and 1 (bottom), shuffled."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0.0, np.pi, n)
    top = np.arange(n) < n // 2
    X = np.where(
        top[:, None],
        np.stack([np.cos(t), np.sin(t)], 1),
        np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], 1),
    )
    X = X + noise * rng.normal(size=(n, 2))
    y = (~top).astype(np.int64)
    order = rng.permutation(n)
    return X[order], y[order]


def init_params(seed, hidden=16):
    """The network's starting weights: normal / sqrt(fan-in), biases zero."""
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(size=(hidden, 2)) / np.sqrt(2),
        "b1": np.zeros(hidden),
        "W2": rng.normal(size=(2, hidden)) / np.sqrt(hidden),
        "b2": np.zeros(2),
    }


X_train, y_train = make_moons(200, noise=0.1, seed=0)
X_test, y_test = make_moons(200, noise=0.1, seed=1)
WD = 1e-3
print(X_train.shape, np.bincount(y_train))


# %% nbgrader="answer" grade_id="loss_and_grads"
def loss_and_grads(params, X, y, wd):
    """(loss, grads): softmax cross-entropy of the tanh network plus weight decay."""
    ### BEGIN SOLUTION
    t = {k: cl.tensor(v, dtype=cl.float64, requires_grad=True) for k, v in params.items()}
    hidden = (cl.tensor(X, dtype=cl.float64) @ t["W1"].T + t["b1"]).tanh()
    logits = hidden @ t["W2"].T + t["b2"]
    decay = (t["W1"] ** 2).sum() + (t["W2"] ** 2).sum()
    loss = cl.nn.cross_entropy(logits, cl.tensor(np.asarray(y))) + wd / 2 * decay
    loss.backward()
    return loss.item(), {k: v.grad.numpy().copy() for k, v in t.items()}
    ### END SOLUTION


# %% nbgrader="answer" grade_id="train"
def train(params, X, y, lr, steps, wd):
    """(params after `steps` full-batch descent steps, losses before each step)."""
    ### BEGIN SOLUTION
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    losses = []
    for _ in range(steps):
        loss, grads = loss_and_grads(params, X, y, wd)
        losses.append(loss)
        params = {k: params[k] - lr * grads[k] for k in params}
    return params, losses
    ### END SOLUTION


# %% nbgrader="answer" grade_id="fast_training"
# LR and STEPS (at most 150) that make training converge fast, as defined above
### BEGIN SOLUTION
LR, STEPS = 2.5, 150
### END SOLUTION
trained, losses = train(init_params(0), X_train, y_train, LR, STEPS, WD)
print(f"loss {losses[0]:.3f} -> {losses[-1]:.3f} after {STEPS} steps")

# %% nbgrader="test" grade_id="test_loss_and_grads" points=1
from course_lib.checks import Rubric, check_close
from course_lib.i18n import tr

rubric = Rubric()


def np_loss(p, X, y, wd):  # the loss as the text defines it, in numpy
    logits = np.tanh(X @ p["W1"].T + p["b1"]) @ p["W2"].T + p["b2"]
    logits = logits - logits.max(axis=1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean() + wd / 2 * (
        (p["W1"] ** 2).sum() + (p["W2"] ** 2).sum()
    )


p0 = init_params(3)
Xs, ys = X_train[:20], y_train[:20]
with rubric.part(
    0.5,
    tr(
        "loss and gradients on 20 training points",
        "20 个训练点上的损失和梯度",
    ),
):
    loss, grads = loss_and_grads(p0, Xs, ys, 0.1)
    check_close(
        loss, np_loss(p0, Xs, ys, 0.1), rtol=1e-10, name="loss", lesson="Lesson 10 §5"
    )
    for key in ("W1", "b1", "W2", "b2"):
        fd = np.zeros_like(p0[key])
        for idx in np.ndindex(p0[key].shape):
            up = {k: v.copy() for k, v in p0.items()}
            down = {k: v.copy() for k, v in p0.items()}
            up[key][idx] += 1e-6
            down[key][idx] -= 1e-6
            fd[idx] = (np_loss(up, Xs, ys, 0.1) - np_loss(down, Xs, ys, 0.1)) / 2e-6
        check_close(
            grads[key],
            fd,
            rtol=1e-5,
            atol=1e-8,
            name=f"grads['{key}']",
            hint=tr(
                "the shape of the parameter; no decay on biases",
                "形状与参数相同；偏置没有权重衰减",
            ),
            lesson="Lesson 10 §3",
        )
### BEGIN HIDDEN TESTS
from course_lib.checks import seeded_rng

rng = seeded_rng(51)
with rubric.part(
    0.5,
    tr(
        "fresh parameters, points and weight decay",
        "新的参数、数据点和权重衰减",
    ),
):
    p = {
        "W1": rng.normal(size=(16, 2)),
        "b1": rng.normal(size=16),
        "W2": rng.normal(size=(2, 16)),
        "b2": rng.normal(size=2),
    }
    X = rng.normal(size=(37, 2))
    y = rng.integers(0, 2, size=37)
    loss, grads = loss_and_grads(p, X, y, 0.03)
    h = np.tanh(X @ p["W1"].T + p["b1"])
    s = h @ p["W2"].T + p["b2"]
    P = np.exp(s - s.max(1, keepdims=True))
    P /= P.sum(1, keepdims=True)
    ds = P.copy()
    ds[np.arange(37), y] -= 1.0
    ds /= 37
    dz = (ds @ p["W2"]) * (1 - h * h)
    expected = {
        "W2": ds.T @ h + 0.03 * p["W2"],
        "b2": ds.sum(0),
        "W1": dz.T @ X + 0.03 * p["W1"],
        "b1": dz.sum(0),
    }
    check_close(
        loss,
        np_loss(p, X, y, 0.03),
        rtol=1e-10,
        name=tr("loss (fresh inputs)", "loss（新的输入）"),
        lesson="Lesson 10 §5",
    )
    for key, value in expected.items():
        check_close(
            grads[key],
            value,
            rtol=1e-9,
            atol=1e-12,
            name=tr(f"grads['{key}'] (fresh)", f"grads['{key}']（新的输入）"),
            lesson="Lesson 10 §3",
        )
### END HIDDEN TESTS
rubric.finish()

# %% nbgrader="test" grade_id="test_train" points=7
from course_lib.checks import Rubric, as_array, as_float, check_between, check_close
from course_lib.i18n import tr


def np_loss(p, X, y, wd):  # the loss as the text defines it, in numpy
    logits = np.tanh(X @ p["W1"].T + p["b1"]) @ p["W2"].T + p["b2"]
    logits = logits - logits.max(axis=1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean() + wd / 2 * (
        (p["W1"] ** 2).sum() + (p["W2"] ** 2).sum()
    )


def np_step_grads(p, X, y, wd):  # reference gradients (the grader's, in numpy)
    n = len(y)
    h = np.tanh(X @ p["W1"].T + p["b1"])
    s = h @ p["W2"].T + p["b2"]
    P = np.exp(s - s.max(1, keepdims=True))
    P /= P.sum(1, keepdims=True)
    ds = P.copy()
    ds[np.arange(n), y] -= 1.0
    ds /= n
    dz = (ds @ p["W2"]) * (1 - h * h)
    return {
        "W2": ds.T @ h + wd * p["W2"],
        "b2": ds.sum(0),
        "W1": dz.T @ X + wd * p["W1"],
        "b1": dz.sum(0),
    }


def np_descent(p, X, y, lr, steps, wd):  # the training the text asks for, in numpy
    p = {k: np.array(v, dtype=float) for k, v in p.items()}
    losses = []
    for _ in range(steps):
        losses.append(np_loss(p, X, y, wd))
        g = np_step_grads(p, X, y, wd)
        p = {k: p[k] - lr * g[k] for k in p}
    return p, losses


def np_accuracy(p, X, y):
    logits = np.tanh(X @ p["W1"].T + p["b1"]) @ p["W2"].T + p["b2"]
    return float((logits.argmax(axis=1) == y).mean())


def plain(p):
    return {
        k: as_array(p[k], name=f"params['{k}']").astype(float)
        for k in ("W1", "b1", "W2", "b2")
    }


def check_trained(got, want, run, rtol=1e-8, atol=1e-12):
    """Each trained parameter against the grader's own training run (en, zh name)."""
    for key, value in plain(got).items():
        check_close(
            value,
            want[key],
            rtol=rtol,
            atol=atol,
            name=tr(f"params['{key}'] ({run[0]})", f"params['{key}']（{run[1]}）"),
            hint=tr(
                "train must do plain gradient descent with your loss_and_grads: "
                "p <- p - lr * grad for every parameter, steps times",
                "train 必须用你的 loss_and_grads 做普通的梯度下降："
                "对每个参数做 p <- p - lr * grad，共 steps 次",
            ),
            lesson="Lesson 10 §5",
        )


rubric = Rubric()
with rubric.part(
    0.5,
    tr(
        "three steps of gradient descent, exactly",
        "三步梯度下降，要精确",
    ),
):
    p0 = init_params(4)
    got, got_losses = train(p0, X_train[:50], y_train[:50], 0.7, 3, 0.01)
    want, _ = np_descent(p0, X_train[:50], y_train[:50], 0.7, 3, 0.01)
    check_trained(got, want, ("3 steps", "3 步"))
with rubric.part(
    2,
    tr(
        "converges fast on the given moons",
        "在给定的 moons 数据上快速收敛",
    ),
):
    lr, steps = as_float(LR, name="LR"), int(as_float(STEPS, name="STEPS"))
    check_between(steps, 1, 150, name="STEPS", lesson="Lesson 9 §4")
    got, _ = train(init_params(0), X_train, y_train, lr, steps, WD)
    got = plain(got)
    want, _ = np_descent(init_params(0), X_train, y_train, lr, steps, WD)
    check_trained(got, want, ("given moons", "给定的 moons"), rtol=1e-6, atol=1e-9)
    check_between(
        np_loss(got, X_train, y_train, WD),
        0.0,
        0.09,
        name=tr(
            f"training loss after {steps} steps (recomputed from your params)",
            f"{steps} 步后的训练损失（由你的 params 重新计算）",
        ),
        hint=tr(
            "try larger step sizes: where does training become unstable?",
            "试试更大的步长：训练从哪里开始变得不稳定？",
        ),
        lesson="Lesson 9 §4",
    )
    check_between(
        np_accuracy(got, X_test, y_test),
        0.97,
        1.0,
        name=tr("test accuracy", "测试准确率"),
        lesson="Lesson 10 §5",
    )
### BEGIN HIDDEN TESTS
from course_lib.checks import seeded_rng

with rubric.part(
    0.5,
    tr(
        "fifteen steps on other data, exactly",
        "在其他数据上走十五步，要精确",
    ),
):
    rng = seeded_rng(52)
    p0 = {
        "W1": rng.normal(size=(16, 2)),
        "b1": rng.normal(size=16) * 0.1,
        "W2": rng.normal(size=(2, 16)) * 0.3,
        "b2": np.zeros(2),
    }
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    got, got_losses = train(p0, X, y, 0.4, 15, 0.002)
    want, want_losses = np_descent(p0, X, y, 0.4, 15, 0.002)
    check_trained(got, want, ("other data", "其他数据"))
    check_close(
        got_losses,
        want_losses,
        rtol=1e-9,
        name=tr("losses before each step", "每一步之前的损失"),
        lesson="Lesson 10 §5",
    )
with rubric.part(
    4,
    tr(
        "converges fast on other moons (seed 7), your LR and STEPS",
        "用你的 LR 和 STEPS 在另一份 moons 数据（种子 7）上快速收敛",
    ),
):
    Xo, yo = make_moons(200, noise=0.1, seed=7)
    Xo_test, yo_test = make_moons(200, noise=0.1, seed=8)
    lr, steps = as_float(LR, name="LR"), int(as_float(STEPS, name="STEPS"))
    check_between(steps, 1, 150, name="STEPS", lesson="Lesson 9 §4")
    got, _ = train(init_params(0), Xo, yo, lr, steps, WD)
    got = plain(got)
    want, _ = np_descent(init_params(0), Xo, yo, lr, steps, WD)  # the same training, here
    check_trained(got, want, ("seed 7", "种子 7"), rtol=1e-6, atol=1e-9)
    check_between(
        np_loss(got, Xo, yo, WD),
        0.0,
        0.09,
        name=tr("training loss (seed 7)", "训练损失（种子 7）"),
        lesson="Lesson 9 §4",
    )
    check_between(
        np_accuracy(got, Xo_test, yo_test),
        0.97,
        1.0,
        name=tr("test accuracy (seed 8)", "测试准确率（种子 8）"),
        lesson="Lesson 10 §5",
    )
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="outro"
# ## Done
#
# Run every cell from a fresh kernel (*Kernel → Restart and Run All*); when the tests show ✓,
# submit this notebook.
# <!-- zh -->
# ## 完成
#
# 在新的内核里从头运行每个单元格（*Kernel → Restart and Run All*，中文界面为“内核 → 重启内核并运行所有单元格”）；测试都显示 ✓ 后，提交这个笔记本。
