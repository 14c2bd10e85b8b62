# %% [markdown] nbgrader="task" grade_id="intro"
# # Assignment 2 — Gradients and the chain rule by hand
#
# Four gradients that Lessons 4 and 5 did not work out for you: a quadratic form with a matrix
# that is not symmetric, softmax cross-entropy behind a linear layer, the Euclidean norm with
# its kink at 0, and the structure of softmax's Jacobian. Work each out on paper first (split the
# computation into steps, differentiate each step, chain them), then write it in numpy.
#
# **Shapes.** The course's convention: $\partial y/\partial x$ has shape `y.shape + x.shape`
# (outputs first, then inputs) — what `torch.autograd.functional.jacobian` returns; for a
# scalar $y$ this is `x.shape`, like PyTorch's `x.grad`. Every answer below is checked for its
# shape first.
#
# **Matrices you cannot look inside.** A large linear map is often available only as two
# functions: `matvec(v)` returns $Av$ and `rmatvec(u)` returns $A^\top u$ (this is how
# `scipy.sparse.linalg.LinearOperator` works, and how a layer's backward pass sees its
# weights). Questions 1–3 give $A$ this way, as plain numpy functions — autograd cannot see
# through them, and the grader uses sizes where writing out $A$ as an array does not fit in
# memory. Use each of them as often as you like, but only as functions.
#
# Each question has a test cell: run it to check your work. Grading runs more, hidden, checks
# of the same kind (other sizes, random inputs, matrices that are not square or not
# symmetric), so make your formulas correct in general. 20 points in total; about 50 minutes
# (question 1: 10, question 2: 15, question 3: 12, question 4: 13).
# <!-- zh -->
# # 作业 2 — 手算梯度与链式法则
#
# 第 4、5 课没有替你算出来的四个梯度：矩阵不对称的二次型、线性层后接的 softmax 交叉熵、在 0 处有折点的欧几里得范数，以及 softmax 雅可比矩阵的结构。每道题先在纸上推导（把计算拆成若干步，对每一步求导，再用链式法则串起来），然后用 numpy 写出来。
#
# **形状。** 本课程的约定：$\partial y/\partial x$ 的形状是 `y.shape + x.shape`（先输出，后输入）——这正是 `torch.autograd.functional.jacobian` 返回的形状；对标量 $y$，它就是 `x.shape`，和 PyTorch 的 `x.grad` 一样。下面每个答案都会先检查形状。
#
# **看不到内部的矩阵。** 一个很大的线性映射常常只以两个函数的形式给出：`matvec(v)` 返回 $Av$，`rmatvec(u)` 返回 $A^\top u$（`scipy.sparse.linalg.LinearOperator` 就是这样工作的，一层网络的反向传播也是这样“看到”它的权重的）。第 1–3 题就以这种方式给出 $A$，它们是普通的 numpy 函数——自动求导看不穿它们，而且评分程序使用的尺寸大到无法把 $A$ 写成数组放进内存。这两个函数你想调用多少次都可以，但只能把它们当作函数来用。
#
# 每道题都有一个测试单元格：运行它来检查你的答案。评分时还会运行更多同类的隐藏检查（别的尺寸、随机输入、不是方阵或不对称的矩阵），所以你的公式要在一般情况下都正确。总分 20 分，大约需要 50 分钟（第 1 题 10 分钟，第 2 题 15 分钟，第 3 题 12 分钟，第 4 题 13 分钟）。

# %% nbgrader="setup" grade_id="setup"
import numpy as np

from course_lib.checks import *  # noqa: F403

# %% [markdown] nbgrader="task" grade_id="q1"
# ## 1. A quadratic form (4 points) — Lesson 4 §2, Lesson 5 §3
#
# *About 10 minutes.*
#
# $A$ is $n \times n$ and **not** symmetric; $f(x) = x^\top A x$. Write
# `grad_quadratic(matvec, rmatvec, x)` returning $\nabla f(x)$ (shape `(n,)`). Hint: write
# $f$ as a double sum over entries $x_i A_{ij} x_j$ and take $\partial f / \partial x_k$;
# how many terms contain $x_k$?
# <!-- zh -->
# ## 1. 二次型（4 分）——第 4 课 §2，第 5 课 §3
#
# *大约 10 分钟。*
#
# $A$ 是 $n \times n$ 矩阵，并且**不**对称；$f(x) = x^\top A x$。写出 `grad_quadratic(matvec, rmatvec, x)`，返回 $\nabla f(x)$（形状为 `(n,)`）。提示：把 $f$ 写成对各项 $x_i A_{ij} x_j$ 的二重求和，再求 $\partial f / \partial x_k$；有多少项含有 $x_k$？

# %% nbgrader="answer" grade_id="grad_quadratic"
def grad_quadratic(matvec, rmatvec, x):
    """The gradient of f(x) = x^T A x, shape (n,), with A given by matvec and rmatvec."""
    ### BEGIN SOLUTION
    return matvec(x) + rmatvec(x)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_grad_quadratic" points=4
from course_lib.checks import Rubric, check_close, check_shape, fn, seeded_rng
from course_lib.i18n import tr
from course_lib.numdiff import gradient

A_src = "np.array([[1.0, 2.0, 0.0], [0.0, 3.0, -1.0], [4.0, 0.0, 1.0]])"
matvec = fn(f"lambda v: np.dot({A_src}, v)")
rmatvec = fn(f"lambda u: np.dot({A_src}.T, u)")
x = np.array([1.0, -1.0, 0.5])
got = grad_quadratic(matvec, rmatvec, x)
rubric = Rubric()
with rubric.part(1, tr("a 3 x 3 example, against a numeric gradient",
                        "一个 3 x 3 的例子，与数值梯度比较")):
    check_shape(got, (3,), name="grad_quadratic(matvec, rmatvec, x)",
                hint=tr("a gradient has the shape of x", "梯度的形状与 x 相同"),
                lesson="Lesson 4 §6")
    check_close(got, gradient(lambda t: t @ matvec(t), x).grad, rtol=1e-6,
                name="grad_quadratic(matvec, rmatvec, x)",
                hint=tr("A is not symmetric: x_k meets A in a row and in a column",
                        "A 不对称：x_k 既在 A 的一行里出现，也在一列里出现"),
                lesson="Lesson 5 §3")
### BEGIN HIDDEN TESTS
from course_lib.checks import matrix_free

with rubric.part(3, tr("large matrices that are not symmetric", "不对称的大矩阵")):
    for seed, n in [(7, 20000), (17, 6)]:
        big_mv, big_rmv = matrix_free(seed, n, n)
        x = seeded_rng(seed).normal(size=n)
        check_close(grad_quadratic(big_mv, big_rmv, x), big_mv(x) + big_rmv(x),
                    rtol=1e-9, atol=1e-12, name=tr(f"grad_quadratic for n = {n}",
                                                   f"n = {n} 时的 grad_quadratic"),
                    hint=tr("only matvec and rmatvec: A is too large to write out",
                            "只用 matvec 和 rmatvec：A 大得无法写出来"),
                    lesson="Lesson 5 §3")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q2"
# ## 2. Softmax cross-entropy behind a linear layer (6 points) — Lesson 5 §3–§5
#
# *About 15 minutes.*
#
# A linear layer maps features $x \in \mathbb{R}^n$ to $k$ logits $z = Ax$ ($A$ is $k \times n$,
# usually not square). Softmax turns them into probabilities, $p_i = e^{z_i} / \sum_j e^{z_j}$,
# and the cross-entropy with a target distribution $y$ (entries $\ge 0$, summing to 1) is
#
# $$ L(x) = -\sum_i y_i \log p_i . $$
#
# Write `grad_softmax_ce(matvec, rmatvec, x, y)` returning $\partial L / \partial x$. First
# find $\partial L / \partial z$ (write $\log p_i$ out — it simplifies a lot), then go through
# the layer. Logits in the hidden tests can be large (hundreds or more): your code must not
# overflow.
# <!-- zh -->
# ## 2. 线性层后接的 softmax 交叉熵（6 分）——第 5 课 §3–§5
#
# *大约 15 分钟。*
#
# 一个线性层把特征 $x \in \mathbb{R}^n$ 映射为 $k$ 个 logit $z = Ax$（$A$ 是 $k \times n$ 矩阵，通常不是方阵）。softmax 把它们变成概率 $p_i = e^{z_i} / \sum_j e^{z_j}$，与目标分布 $y$（各元素 $\ge 0$，和为 1）的交叉熵为
#
# $$ L(x) = -\sum_i y_i \log p_i . $$
#
# 写出 `grad_softmax_ce(matvec, rmatvec, x, y)`，返回 $\partial L / \partial x$。先求 $\partial L / \partial z$（把 $\log p_i$ 写开——它会大大化简），再穿过这个线性层。隐藏测试中的 logit 可能很大（几百甚至更大）：你的代码不能溢出。

# %% nbgrader="answer" grade_id="grad_softmax_ce"
def grad_softmax_ce(matvec, rmatvec, x, y):
    """dL/dx for L = cross-entropy(softmax(A x), y), shape (n,) like x."""
    ### BEGIN SOLUTION
    z = matvec(x)
    e = np.exp(z - np.max(z))
    p = e / e.sum()
    return rmatvec(p - y)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_grad_softmax_ce" points=6
from course_lib.checks import Rubric, check_close, check_shape, fn, seeded_rng
from course_lib.i18n import tr
from course_lib.numdiff import gradient


def cross_entropy(z, y):
    shifted = z - np.max(z)
    return -np.sum(y * (shifted - np.log(np.sum(np.exp(shifted)))))


A_src = "np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0], [2.0, 1.0]])"
matvec = fn(f"lambda v: np.dot({A_src}, v)")
rmatvec = fn(f"lambda u: np.dot({A_src}.T, u)")
x = np.array([0.3, -0.4])
y = np.array([0.0, 0.0, 1.0, 0.0])
got = grad_softmax_ce(matvec, rmatvec, x, y)
rubric = Rubric()
with rubric.part(1, tr("4 classes, 2 features, against a numeric gradient",
                        "4 个类别、2 个特征，与数值梯度比较")):
    check_shape(got, (2,), name=tr("grad_softmax_ce(...) for A of shape (4, 2)",
                                   "grad_softmax_ce(...)（A 的形状为 (4, 2)）"),
                hint=tr("the gradient has the shape of x, (n,), not of the logits (k,)",
                        "梯度的形状是 x 的形状 (n,)，而不是 logit 的形状 (k,)"),
                lesson="Lesson 4 §6")
    check_close(got, gradient(lambda t: cross_entropy(matvec(t), y), x).grad,
                rtol=1e-6, atol=1e-9, name="grad_softmax_ce(matvec, rmatvec, x, y)",
                hint=tr("find dL/dz first: what is log p_i, written out?",
                        "先求 dL/dz：把 log p_i 写开是什么？"),
                lesson="Lesson 5 §3")
### BEGIN HIDDEN TESTS
from course_lib.checks import matrix_free


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


rng = seeded_rng(31)
with rubric.part(2, tr("soft targets, layers that are not square",
                        "软目标，以及不是方阵的层")):
    for seed, k, n in [(31, 3000, 20000), (34, 20000, 20000)]:
        mv, rmv = matrix_free(seed, k, n)
        x = rng.normal(size=n)
        y = rng.dirichlet(np.ones(k))
        check_close(grad_softmax_ce(mv, rmv, x, y), rmv(softmax(mv(x)) - y),
                    rtol=1e-9, atol=1e-12,
                    name=tr(f"grad_softmax_ce, A of shape ({k}, {n})",
                            f"grad_softmax_ce，A 的形状为 ({k}, {n})"),
                    hint=tr("targets need not be one-hot: they only sum to 1",
                            "目标不一定是独热的：它们只保证和为 1"),
                    lesson="Lesson 5 §3")
with rubric.part(3, tr("large logits (no overflow)", "很大的 logit（不能溢出）")):
    mv, rmv = matrix_free(37, 20000, 20000, scale=300.0)
    x = rng.normal(size=20000)
    y = np.zeros(20000)
    y[[3, 17]] = 0.5
    check_close(grad_softmax_ce(mv, rmv, x, y), rmv(softmax(mv(x)) - y),
                rtol=1e-9, atol=1e-9,
                name=tr("grad_softmax_ce with logits in the hundreds",
                        "logit 为几百时的 grad_softmax_ce"),
                hint=tr("exp(1000) overflows: softmax does not change when every logit "
                        "moves by the same amount",
                        "exp(1000) 会溢出：所有 logit 平移同一个量时，softmax 不变"),
                lesson="Lesson 5 §3")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q3"
# ## 3. The Euclidean norm and its kink (5 points) — Lesson 2 §2, Lesson 5 §3
#
# *About 12 minutes.*
#
# **(a)** $g(x) = \lVert Ax - b \rVert_2$ (the norm itself, not its square), with $A$ of shape
# $m \times n$ given by `matvec`/`rmatvec`, and $b \in \mathbb{R}^m$. Write
# `grad_residual_norm(matvec, rmatvec, x, b)` returning $\nabla g(x)$ where $Ax \ne b$.
#
# **(b)** At $r = 0$ the norm $\lVert r \rVert_2$ has a kink, like $|x|$ at 0 (Lesson 2): no
# gradient, but a set of subgradients — the vectors $s$ with
# $\lVert r \rVert_2 \ge s^\top r$ for every $r$. Write `in_norm_subdifferential(s)`: `True`
# when the vector `s` (of any length) is a subgradient of $\lVert\cdot\rVert_2$ at 0, `False`
# otherwise. Which set is it — and is it the same set as for $\lVert r \rVert_1$, whose
# subdifferential at 0 is made of intervals $[-1, 1]$ like $|x|$'s?
# <!-- zh -->
# ## 3. 欧几里得范数及其折点（5 分）——第 2 课 §2，第 5 课 §3
#
# *大约 12 分钟。*
#
# **(a)** $g(x) = \lVert Ax - b \rVert_2$（是范数本身，不是它的平方），其中 $A$ 的形状为 $m \times n$，由 `matvec`/`rmatvec` 给出，$b \in \mathbb{R}^m$。写出 `grad_residual_norm(matvec, rmatvec, x, b)`，在 $Ax \ne b$ 处返回 $\nabla g(x)$。
#
# **(b)** 在 $r = 0$ 处，范数 $\lVert r \rVert_2$ 有一个折点，就像 $|x|$ 在 0 处一样（第 2 课）：没有梯度，但有一个次梯度（讲义原文称亚导数）的集合——满足对每个 $r$ 都有 $\lVert r \rVert_2 \ge s^\top r$ 的向量 $s$。写出 `in_norm_subdifferential(s)`：当向量 `s`（长度任意）是 $\lVert\cdot\rVert_2$ 在 0 处的次梯度时返回 `True`，否则返回 `False`。这是一个什么样的集合？它和 $\lVert r \rVert_1$ 的集合一样吗？后者在 0 处的次微分由像 $|x|$ 那样的区间 $[-1, 1]$ 组成。

# %% nbgrader="answer" grade_id="grad_residual_norm"
def grad_residual_norm(matvec, rmatvec, x, b):
    """The gradient of ||A x - b||_2 (where A x != b), shape (n,) like x."""
    ### BEGIN SOLUTION
    r = matvec(x) - b
    return rmatvec(r) / np.linalg.norm(r)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_grad_residual_norm" points=3
from course_lib.checks import Rubric, check_close, check_shape, fn, seeded_rng
from course_lib.i18n import tr
from course_lib.numdiff import gradient

A_src = "np.array([[2.0, 0.0, 1.0], [1.0, -1.0, 0.0]])"
matvec = fn(f"lambda v: np.dot({A_src}, v)")
rmatvec = fn(f"lambda u: np.dot({A_src}.T, u)")
x, b = np.array([1.0, 2.0, -1.0]), np.array([0.5, 0.5])
got = grad_residual_norm(matvec, rmatvec, x, b)
rubric = Rubric()
with rubric.part(1, tr("a 2 x 3 example, against a numeric gradient",
                        "一个 2 x 3 的例子，与数值梯度比较")):
    check_shape(got, (3,), name=tr("grad_residual_norm(...) for A of shape (2, 3)",
                                   "grad_residual_norm(...)（A 的形状为 (2, 3)）"),
                hint=tr("a gradient has the shape of x", "梯度的形状与 x 相同"),
                lesson="Lesson 4 §6")
    check_close(got, gradient(lambda t: np.linalg.norm(matvec(t) - b), x).grad,
                rtol=1e-6, name="grad_residual_norm(matvec, rmatvec, x, b)",
                hint=tr("three steps: r = Ax - b, then the norm of r; the norm is a "
                        "square root of a sum of squares",
                        "分步来：先 r = Ax - b，再求 r 的范数；范数是平方和的平方根"),
                lesson="Lesson 5 §3")
### BEGIN HIDDEN TESTS
from course_lib.checks import matrix_free

rng = seeded_rng(41)
with rubric.part(2, tr("other shapes and scales", "其他形状和尺度")):
    for seed, m, n, scale in [(41, 20000, 20000, 1.0), (44, 500, 20000, 1e-3), (47, 9, 9, 1e4)]:
        mv, rmv = matrix_free(seed, m, n, scale)
        x, b = rng.normal(size=n), rng.normal(size=m) * scale
        r = mv(x) - b
        check_close(grad_residual_norm(mv, rmv, x, b), rmv(r) / np.sqrt(r @ r),
                    rtol=1e-9, atol=1e-12,
                    name=tr(f"grad_residual_norm, A of shape ({m}, {n})",
                            f"grad_residual_norm，A 的形状为 ({m}, {n})"),
                    hint=tr("not the squared norm: its gradient does not grow with the "
                            "residual",
                            "不是范数的平方：它的梯度不随残差增大"),
                    lesson="Lesson 5 §3")
### END HIDDEN TESTS
rubric.finish()

# %% nbgrader="answer" grade_id="in_norm_subdifferential"
def in_norm_subdifferential(s):
    """True when s is a subgradient of the Euclidean norm at 0, else False."""
    ### BEGIN SOLUTION
    return bool(np.sqrt(np.sum(np.square(s))) <= 1.0)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_in_norm_subdifferential" points=2
from course_lib.checks import Rubric, check_equal, seeded_rng
from course_lib.i18n import tr

rubric = Rubric()
with rubric.part(1, tr("two clear cases", "两个明确的情形")):
    check_equal(in_norm_subdifferential(np.array([0.1, -0.2])), True,
                name="in_norm_subdifferential([0.1, -0.2])", lesson="Lesson 2 §2")
    check_equal(in_norm_subdifferential(np.array([3.0, 0.0, 0.0])), False,
                name="in_norm_subdifferential([3, 0, 0])",
                hint=tr("try r in the direction of s in the defining inequality",
                        "在定义的不等式里取 r 沿 s 的方向试试"),
                lesson="Lesson 2 §2")
### BEGIN HIDDEN TESTS
rng = seeded_rng(42)
with rubric.part(1, tr("the boundary of the set, in several dimensions",
                        "这个集合的边界，在不同维数下")):
    check_equal(in_norm_subdifferential(np.array([0.9, 0.9])), False,
                name="in_norm_subdifferential([0.9, 0.9])",
                hint=tr("each entry in [-1, 1] describes the norm ||r||_1, not ||r||_2",
                        "每个元素都在 [-1, 1] 内，描述的是范数 ||r||_1，而不是 ||r||_2"),
                lesson="Lesson 2 §2")
    for n in [2, 3, 10]:
        u = rng.normal(size=n)
        u /= np.linalg.norm(u)
        for factor, inside in [(0.999, True), (1.001, False), (0.3, True), (1.2, False)]:
            check_equal(in_norm_subdifferential(factor * u), inside,
                        name=tr(f"in_norm_subdifferential of a vector of norm {factor} "
                                f"(n = {n})",
                                f"范数为 {factor} 的向量的 in_norm_subdifferential"
                                f"（n = {n}）"),
                        hint=tr("the set is round", "这个集合是圆的"),
                        lesson="Lesson 2 §2")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q4"
# ## 4. The structure of softmax's Jacobian (5 points) — Lesson 4 §4, Lesson 5 §3
#
# *About 13 minutes.*
#
# The Jacobian $\partial p / \partial z$ of $p = \mathrm{softmax}(z)$ has shape `(k, k)`, but
# it is far from an arbitrary matrix: it is a diagonal matrix plus an outer product of two
# vectors, $\mathrm{diag}(d) + u v^\top$. Find $d$, $u$, $v$ (which entries does $p_i$'s
# formula make different on and off the diagonal?), written with the softmax *output* $p$
# alone — a backward pass keeps $p$ from its forward pass, not $z$.
#
# Write `softmax_jacobian_parts(p)` returning the three vectors `(d, u, v)`, each of shape
# `(k,)`. The hidden tests use $k = 100\,000$ classes, where the `(k, k)` Jacobian would not fit
# in memory, but your three vectors do. Why does this make softmax's backward pass (a
# vector-Jacobian product, Lesson 7 §4) cost $O(k)$ instead of $O(k^2)$?
# <!-- zh -->
# ## 4. softmax 雅可比矩阵的结构（5 分）——第 4 课 §4，第 5 课 §3
#
# *大约 13 分钟。*
#
# $p = \mathrm{softmax}(z)$ 的雅可比矩阵 $\partial p / \partial z$ 形状为 `(k, k)`，但它远不是一个任意的矩阵：它是一个对角矩阵加上两个向量的外积，即 $\mathrm{diag}(d) + u v^\top$。求出 $d$、$u$、$v$（$p_i$ 的公式中哪些地方让对角线上和对角线外的元素不同？），并且只用 softmax 的*输出* $p$ 来表示——反向传播保存的是前向传播得到的 $p$，而不是 $z$。
#
# 写出 `softmax_jacobian_parts(p)`，返回三个向量 `(d, u, v)`，每个的形状都是 `(k,)`。隐藏测试使用 $k = 100\,000$ 个类别，这时 `(k, k)` 的雅可比矩阵放不进内存，而你的三个向量放得下。为什么这使 softmax 的反向传播（一个向量-雅可比积，第 7 课 §4）的代价是 $O(k)$ 而不是 $O(k^2)$？

# %% nbgrader="answer" grade_id="softmax_jacobian_parts"
def softmax_jacobian_parts(p):
    """Vectors (d, u, v) with dp/dz = diag(d) + outer(u, v), from the softmax output p."""
    ### BEGIN SOLUTION
    return p, -p, p
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_softmax_jacobian_parts" points=5
from course_lib.checks import Rubric, check_close, check_shape, seeded_rng
from course_lib.i18n import tr
from course_lib.numdiff import gradient


def softmax(t):
    e = np.exp(t - np.max(t))
    return e / e.sum()


z = np.array([0.5, -1.0, 2.0])
p = softmax(z)
d, u, v = softmax_jacobian_parts(p)
numeric = np.array([gradient(lambda t, i=i: softmax(t)[i], z).grad for i in range(3)])
rubric = Rubric()
with rubric.part(1, tr("3 classes, against a numeric Jacobian",
                        "3 个类别，与数值雅可比矩阵比较")):
    for name, part in [("d", d), ("u", u), ("v", v)]:
        check_shape(part, (3,), name=name, lesson="Lesson 4 §4")
    check_close(np.diag(d) + np.outer(u, v), numeric, rtol=1e-6, atol=1e-9,
                name="diag(d) + outer(u, v)",
                hint=tr("p_i depends on every z_j, through the sum in its denominator",
                        "p_i 通过分母中的求和依赖于每一个 z_j"),
                lesson="Lesson 5 §3")
### BEGIN HIDDEN TESTS
rng = seeded_rng(51)
with rubric.part(2, tr("random p", "随机的 p")):
    for k in [2, 7, 50]:
        p = rng.dirichlet(np.ones(k))
        d, u, v = softmax_jacobian_parts(p)
        check_close(np.diag(d) + np.outer(u, v), np.diag(p) - np.outer(p, p), rtol=1e-9,
                    atol=1e-12, name=tr(f"diag(d) + outer(u, v) for k = {k}",
                                        f"k = {k} 时的 diag(d) + outer(u, v)"),
                    lesson="Lesson 5 §3")
with rubric.part(2, tr("30 000 classes", "30 000 个类别")):
    k = 30_000  # a k x k matrix would be 7 GB
    p = rng.dirichlet(np.ones(k))
    d, u, v = softmax_jacobian_parts(p)
    for _ in range(3):
        g = rng.normal(size=k)
        check_close(np.asarray(d) * g + np.asarray(u) * (np.asarray(v) @ g),
                    p * g - p * (p @ g), rtol=1e-9, atol=1e-15,
                    name=tr("(diag(d) + outer(u, v)) applied to a vector, k = 30 000",
                            "(diag(d) + outer(u, v)) 作用于一个向量，k = 30 000"),
                    lesson="Lesson 4 §4",
                    hint=tr("three vectors of length k, not a k x k matrix",
                            "三个长度为 k 的向量，而不是一个 k x k 矩阵"))
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="outro"
# ## Done
#
# Run every test cell once more from a fresh kernel (*Kernel → Restart and Run All*). When
# they all show ✓, submit this notebook.
# <!-- zh -->
# ## 完成
#
# 在新的内核里把所有测试单元格再运行一遍（*Kernel → Restart and Run All*，中文界面为“内核 → 重启内核并运行所有单元格”）。全部显示 ✓ 后，提交这个笔记本。
