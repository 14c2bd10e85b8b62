# %% [markdown] nbgrader="task" grade_id="intro"
# # Assignment 1 — Derivatives and finite differences
#
# You will write the two basic difference quotients, build a tool that *measures* how fast a
# method's error shrinks, derive a new stencil from Taylor expansions, measure the best step
# `h` in `float32` and `float64`, and find the subdifferential of a convex function from its
# values alone. It practises Lessons 1–3; about 45 minutes (question 1: 5, question 2: 8,
# question 3: 15, question 4: 10, question 5: 7).
#
# Every question has a test cell below it: run it to check your work (✓ means the visible
# checks pass). Grading runs more, hidden, checks of the same kind — on other functions, points
# and steps, and by re-measuring with *your* functions — so make your code correct in
# general, not only for the visible example. Numbers typed in by hand earn nothing here: every
# measured quantity is a function that the grader calls. 20 points in total.
# <!-- zh -->
# # 作业 1 — 导数与有限差分
#
# 你将写出两个最基本的差商，做一个能*测量*某种方法误差收敛快慢的工具，用泰勒展开推导一个新的差分公式，分别在 `float32` 和 `float64` 下测量最佳步长 `h`，并且只根据函数值求出一个凸函数的次微分。本作业练习第 1–3 课的内容，大约需要 45 分钟（第 1 题 5 分钟，第 2 题 8 分钟，第 3 题 15 分钟，第 4 题 10 分钟，第 5 题 7 分钟）。
#
# 每道题下面都有一个测试单元格：运行它来检查你的答案（✓ 表示可见的检查都通过了）。评分时还会运行更多同类的隐藏检查——换成别的函数、别的点和别的步长，并且用*你自己的*函数重新测量——所以你的代码要在一般情况下都正确，而不只是对可见的例子正确。手工填进去的数字在这里拿不到分：每个需要测量的量都是一个由评分程序调用的函数。总分 20 分。

# %% nbgrader="setup" grade_id="setup"
import numpy as np

from course_lib.checks import *  # noqa: F403

# %% [markdown] nbgrader="task" grade_id="q1"
# ## 1. Two difference quotients (4 points) — Lesson 3 §2
#
# *About 5 minutes.*
#
# Write `forward_diff(f, x, h)`, the forward difference quotient of `f` at `x` with step `h`
# (it looks only at `x` and to the right of it), and `central_diff(f, x, h)`, the central one
# (symmetric around `x`). Both must work when `x` is a number or a numpy array (elementwise)
# and must not change the precision of what they are given: `float32` numbers in, `float32`
# arithmetic throughout (question 4 relies on it).
# <!-- zh -->
# ## 1. 两个差商（4 分）——第 3 课 §2
#
# *大约 5 分钟。*
#
# 写出 `forward_diff(f, x, h)`：`f` 在 `x` 处、步长为 `h` 的前向差商（只用到 `x` 及其右侧的点）；以及 `central_diff(f, x, h)`：中心差商（关于 `x` 对称）。当 `x` 是一个数或一个 numpy 数组（逐元素计算）时两者都要能用，而且不能改变输入的精度：输入是 `float32` 的数，整个计算就都用 `float32`（第 4 题要依靠这一点）。

# %% nbgrader="answer" grade_id="forward_diff"
def forward_diff(f, x, h):
    """The forward difference quotient of f at x with step h > 0 (x: number or array)."""
    ### BEGIN SOLUTION
    return (f(x + h) - f(x)) / h
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_forward_diff" points=2
from course_lib.checks import check_close, fn
from course_lib.i18n import tr

check_close(forward_diff(np.sin, 1.0, 1e-6), np.cos(1.0), rtol=1e-5,
            name="forward_diff(np.sin, 1.0, 1e-6)",
            hint=tr("the slope of the chord from x to x + h", "从 x 到 x + h 的弦的斜率"),
            lesson="Lesson 3 §2")
### BEGIN HIDDEN TESTS
# for x**2 the forward difference is exactly 2x + h: this tells it apart from central
check_close(forward_diff(fn("lambda x: x**2"), 1.0, 0.5), 2.5, rtol=1e-12,
            name="forward_diff(x**2, 1.0, 0.5)",
            hint=tr("use f(x + h) and f(x), not f(x - h)",
                    "用 f(x + h) 和 f(x)，不要用 f(x - h)"),
            lesson="Lesson 3 §2")
xs = np.array([-1.0, 0.5, 2.0])
check_close(forward_diff(np.exp, xs, 1e-7), np.exp(xs), rtol=1e-5,
            name="forward_diff(np.exp, array, 1e-7)",
            hint=tr("use numpy operations so an array x works elementwise",
                    "用 numpy 运算，这样数组 x 就能逐元素计算"), lesson="Lesson 3 §2")
### END HIDDEN TESTS

# %% nbgrader="answer" grade_id="central_diff"
def central_diff(f, x, h):
    """The central difference quotient of f at x with step h > 0 (x: number or array)."""
    ### BEGIN SOLUTION
    return (f(x + h) - f(x - h)) / (2 * h)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_central_diff" points=2
from course_lib.checks import check_close, check_true, fn, type_name
from course_lib.i18n import tr

check_close(central_diff(np.sin, 1.0, 1e-4), np.cos(1.0), rtol=1e-7,
            name="central_diff(np.sin, 1.0, 1e-4)",
            hint=tr("a chord between two points placed symmetrically around x",
                    "连接关于 x 对称的两个点的弦"),
            lesson="Lesson 3 §2")
### BEGIN HIDDEN TESTS
# exact for quadratics: 3x^2 - x at x = 2 has slope 11 whatever h is
check_close(central_diff(fn("lambda x: 3*x**2 - x"), 2.0, 0.5), 11.0, rtol=1e-12,
            name="central_diff(3x^2 - x, 2.0, 0.5)",
            hint=tr("a central difference is exact for quadratics",
                    "中心差分对二次函数是精确的"), lesson="Lesson 3 §2")
xs = np.array([-3.0, 0.0, 0.7])
check_close(central_diff(np.cos, xs, 1e-5), -np.sin(xs), rtol=1e-7, atol=1e-9,
            name="central_diff(np.cos, array, 1e-5)", lesson="Lesson 3 §2")
got = central_diff(fn("lambda t: np.sin(t)"), np.float32(1.0), np.float32(1e-2))
check_true(type_name(got) == "float32",
           tr("central_diff keeps float32 inputs in float32",
              "central_diff 对 float32 输入保持 float32"),
           got=type_name(got), lesson="Lesson 3 §3",
           hint=tr("do not mix in float64 numbers", "不要混入 float64 的数"))
### END HIDDEN TESTS

# %% [markdown] nbgrader="task" grade_id="q2"
# ## 2. Measuring the order of a method (4 points) — Lesson 3 §2, §4
#
# *About 8 minutes.*
#
# A method whose error behaves like $C h^p$ has *order* $p$. Write
# `measured_order(method, f, df, x, hs)`: the order you **measure** for `method` (any function
# called as `method(f, x, h)`, such as your two above) on the function `f` with exact
# derivative `df` at the point `x`, using every step in `hs` (an array or a list) — the $p$ of
# the power law $C h^p$ that fits the absolute errors best in the least-squares sense on a
# log-log plot. Return a float.
#
# The grader calls it with other methods (some you have not seen), functions, points and
# steps, and compares with its own measurement of the same method.
# <!-- zh -->
# ## 2. 测量一种方法的阶（4 分）——第 3 课 §2、§4
#
# *大约 8 分钟。*
#
# 如果一种方法的误差表现为 $C h^p$，就说它的*阶*是 $p$。写出 `measured_order(method, f, df, x, hs)`：对函数 `f`（精确导数为 `df`）在点 `x` 处，用 `hs`（一个数组或列表）中的每一个步长，**测量** `method`（任何以 `method(f, x, h)` 方式调用的函数，比如你在上面写的两个）的阶——也就是在双对数坐标图上按最小二乘意义最好地拟合各绝对误差的幂律 $C h^p$ 中的 $p$。返回一个 float。
#
# 评分程序会用别的方法（其中一些你没见过）、别的函数、别的点和步长来调用它，并与它自己对同一方法的测量结果比较。

# %% nbgrader="answer" grade_id="measured_order"
def measured_order(method, f, df, x, hs):
    """The order p of method measured from its absolute errors at the steps hs."""
    ### BEGIN SOLUTION
    hs = np.asarray(hs, dtype=np.float64)
    errors = np.array([abs(method(f, x, h) - df(x)) for h in hs])
    slope, _ = np.polyfit(np.log(hs), np.log(errors), 1)
    return float(slope)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_measured_order" points=4
from course_lib.checks import Rubric, check_between, check_close, fn
from course_lib.i18n import tr

hs = np.logspace(-3, -1, 9)
rubric = Rubric()
with rubric.part(1, tr("forward and central differences measure about 1 and 2",
                        "前向差分和中心差分测得的阶约为 1 和 2")):
    check_between(measured_order(forward_diff, np.exp, np.exp, 1.0, hs), 0.9, 1.1,
                  name="measured_order(forward_diff, exp, exp, 1.0, hs)",
                  lesson="Lesson 3 §4")
    check_between(measured_order(central_diff, np.exp, np.exp, 1.0, hs), 1.9, 2.1,
                  name="measured_order(central_diff, exp, exp, 1.0, hs)",
                  hint=tr("errors at every step, then one straight line through all "
                          "of them",
                          "先求出每个步长上的误差，再用一条直线穿过所有这些点"),
                  lesson="Lesson 3 §4")
### BEGIN HIDDEN TESTS


def grader_order(method, f, df, x, steps):
    errs = [abs(float(method(f, x, h)) - float(df(x))) for h in steps]
    return float(np.polyfit(np.log(steps), np.log(errs), 1)[0])


with rubric.part(3, tr("the least-squares slope over all steps, for any method",
                        "对任意方法，在所有步长上求最小二乘斜率")):
    cases = [
        (central_diff, np.sin, np.cos, 0.4, np.logspace(-2.5, -0.5, 7)),
        (fn("lambda f, x, h: (f(x + h) - f(x)) / h + 0.3 * h**2"), np.exp, np.exp, 0.0,
         np.logspace(-2, 0, 6)),
        (fn("lambda f, x, h: (2*f(x + h) + 3*f(x) - 6*f(x - h) + f(x - 2*h)) / (6*h)"),
         np.sin, np.cos, 1.3, np.logspace(-2, -0.7, 5)),
    ]
    for method, f, df, x, steps in cases:
        check_close(measured_order(method, f, df, x, list(steps)),
                    grader_order(method, f, df, x, steps), rtol=1e-6,
                    name=tr(f"measured_order on {len(steps)} steps at x = {x}",
                            f"measured_order 在 x = {x} 处、{len(steps)} 个步长上"),
                    hint=tr("a least-squares line through all (log h, log error) points, "
                            "not through the two ends",
                            "一条穿过所有 (log h, log 误差) 点的最小二乘直线，"
                            "而不是只连两端"),
                    lesson="Lesson 3 §4")
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q3"
# ## 3. A stencil for the edge of a domain (6 points) — Lesson 3 §1–§2
#
# *About 15 minutes.*
#
# You need $f''(x)$ at the right edge of a domain: values are known only at $x$, $x - h$ and
# $x - 2h$, and the slope $f'(x)$ is known there too (a boundary condition). With three
# values alone the best you can do for $f''$ is an error $O(h)$. Using the slope as a fourth
# number you can do better: derive, from Taylor expansions around $x$, the combination of
# $f(x)$, $f(x-h)$, $f(x-2h)$ and $f'(x)$ that approximates $f''(x)$ with the highest order
# these four numbers allow.
#
# * `edge_second_diff(f, x, h, slope)`: your approximation of $f''(x)$, where
#   `slope` $= f'(x)$. It may evaluate `f` only at `x`, `x - h` and `x - 2*h`, and must work
#   elementwise for an array `x` (with an array `slope`).
# * `edge_error_coefficient`: the number $c$ in
#   `edge_second_diff(f, x, h, f'(x))` $- f''(x) = c\,h^p f^{(k)}(x) + \dots$, the leading
#   error term (derive it, or measure it with your function — to 1 %).
# <!-- zh -->
# ## 3. 用于区域边界的差分公式（6 分）——第 3 课 §1–§2
#
# *大约 15 分钟。*
#
# 你需要求区域右边界处的 $f''(x)$：只知道 $x$、$x - h$ 和 $x - 2h$ 处的函数值，另外那里的斜率 $f'(x)$ 也已知（一个边界条件）。只用这三个函数值，$f''$ 的误差最好也只能做到 $O(h)$。把斜率作为第四个数用上，就能做得更好：从在 $x$ 处的泰勒展开出发，推导出 $f(x)$、$f(x-h)$、$f(x-2h)$ 和 $f'(x)$ 的一个组合，使它以这四个数所能达到的最高阶逼近 $f''(x)$。
#
# * `edge_second_diff(f, x, h, slope)`：你对 $f''(x)$ 的近似，其中 `slope` $= f'(x)$。它只能在 `x`、`x - h` 和 `x - 2*h` 处计算 `f`，并且对数组 `x`（配合数组 `slope`）要能逐元素计算。
# * `edge_error_coefficient`：主误差项 `edge_second_diff(f, x, h, f'(x))` $- f''(x) = c\,h^p f^{(k)}(x) + \dots$ 中的数 $c$（推导出来，或者用你的函数测量出来——精确到 1 %）。

# %% nbgrader="answer" grade_id="edge_second_diff"
def edge_second_diff(f, x, h, slope):
    """f''(x) from f(x), f(x - h), f(x - 2h) and slope = f'(x), as well as they allow."""
    ### BEGIN SOLUTION
    # Taylor system: weights a0, a1, a2 on f(x), f(x-h), f(x-2h) and b on h*f'(x) with
    # a0+a1+a2 = 0, -a1-2a2+b = 0, (a1+4a2)/2 = 1, -(a1+8a2)/6 = 0
    return (-7 * f(x) + 8 * f(x - h) - f(x - 2 * h) + 6 * h * slope) / (2 * h**2)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_edge_second_diff" points=5
from course_lib.checks import Rubric, check_close, fn, seeded_rng
from course_lib.i18n import tr

rubric = Rubric()
# f(t) = t**3 - 2t, known only at 1, 0.5 and 0 (NaN elsewhere): f'(1) = 1, f''(1) = 6
cubic = fn("lambda t: np.where(np.isin(t, [1.0, 0.5, 0.0]), t**3 - 2*t, np.nan)")
with rubric.part(1, tr("the visible cubic", "可见的三次函数")):
    check_close(edge_second_diff(cubic, 1.0, 0.5, 1.0), 6.0,
                rtol=1e-9, name="edge_second_diff(t**3 - 2t, 1.0, 0.5, slope=1.0)",
                hint=tr("with the slope, four Taylor conditions can be met: which "
                        "polynomials must the formula then get exactly right?",
                        "有了斜率，就能满足四个泰勒条件："
                        "那么公式必须对哪些多项式完全精确？"),
                lesson="Lesson 3 §2")
### BEGIN HIDDEN TESTS
rng = seeded_rng(11)
with rubric.part(3, tr("exact for every cubic, using only f(x), f(x-h), f(x-2h)",
                        "对每个三次函数都精确，且只用 f(x)、f(x-h)、f(x-2h)")):
    for _ in range(4):
        c0, c1, c2, c3 = rng.normal(size=4)
        x0, h0 = float(rng.uniform(-2, 2)), float(rng.uniform(0.05, 0.8))
        poly = f"({c0!r} + {c1!r}*t + {c2!r}*t**2 + {c3!r}*t**3)"
        near = " | ".join(f"np.isclose(t, {p!r})" for p in (x0, x0 - h0, x0 - 2 * h0))
        guarded = fn(f"lambda t: np.where({near}, {poly}, np.nan)")
        slope0 = c1 + 2 * c2 * x0 + 3 * c3 * x0**2
        check_close(edge_second_diff(guarded, x0, h0, slope0), 2 * c2 + 6 * c3 * x0,
                    rtol=1e-8, atol=1e-9,
                    name=tr(f"edge_second_diff on a cubic, h = {h0:.3f}",
                            f"edge_second_diff 用于三次函数，h = {h0:.3f}"),
                    hint=tr("NaN means f was evaluated somewhere else than x, x - h, "
                            "x - 2h",
                            "NaN 表示 f 在 x、x - h、x - 2h 以外的地方被求值了"),
                    lesson="Lesson 3 §2")
with rubric.part(1, tr("works elementwise on arrays", "对数组逐元素计算")):
    xs = np.array([-1.0, 0.0, 0.5])
    near = " | ".join(f"np.isclose(t, np.array({list(xs - k * 1e-2)!r}))" for k in range(3))
    guarded = fn(f"lambda t: np.where({near}, np.exp(t), np.nan)")
    check_close(edge_second_diff(guarded, xs, 1e-2, np.exp(xs)), np.exp(xs), rtol=1e-4,
                name="edge_second_diff(np.exp, array, 1e-2, array)", lesson="Lesson 3 §2")
### END HIDDEN TESTS
rubric.finish()

# %% nbgrader="answer" grade_id="edge_error"
# edge_error_coefficient = the number c of the leading error term
### BEGIN SOLUTION
edge_error_coefficient = -1 / 6
### END SOLUTION

# %% nbgrader="test" grade_id="test_edge_error" points=1
from course_lib.checks import check_close, check_true
from course_lib.i18n import tr

check_true(np.ndim(edge_error_coefficient) == 0,
           tr("edge_error_coefficient is one number (grading checks its value)",
              "edge_error_coefficient 是一个数（评分时检查它的值）"),
           got=edge_error_coefficient, lesson="Lesson 3 §2")
### BEGIN HIDDEN TESTS
check_close(edge_error_coefficient, -1 / 6, rtol=0.01, name="edge_error_coefficient",
            hint=tr("the first Taylor term the weights do not cancel; mind its sign",
                    "权重没能消去的第一个泰勒项；注意它的符号"),
            lesson="Lesson 3 §2")
### END HIDDEN TESTS

# %% [markdown] nbgrader="task" grade_id="q4"
# ## 4. The best step, measured (3 points) — Lesson 3 §3–§5
#
# *About 10 minutes.*
#
# Write `best_step(method, f, df, x, hs, dtype)`: the step in `hs` at which `method` is most
# accurate for `f` at `x` (exact derivative `df`) when it computes in `dtype` (`np.float32`
# or `np.float64`): `x`, `h` and every value of `f` in that precision. Measure the error in
# float64 against `df(x)`. Return a plain float, one of the steps in `hs`.
#
# Then look at what it finds for `central_diff` on `np.sin` at `x = 1.0` over `wide_hs` in both
# precisions, and at the ratio of the two steps. The grader measures again with other methods,
# functions, points and grids; a step from a formula will not match.
# <!-- zh -->
# ## 4. 测量出来的最佳步长（3 分）——第 3 课 §3–§5
#
# *大约 10 分钟。*
#
# 写出 `best_step(method, f, df, x, hs, dtype)`：当 `method` 以 `dtype`（`np.float32` 或 `np.float64`）计算时——`x`、`h` 以及 `f` 的每个值都用这种精度——返回 `hs` 中使 `method` 对 `f` 在 `x` 处（精确导数为 `df`）最准确的那个步长。误差用 float64 相对于 `df(x)` 来测量。返回一个普通的 float，它必须是 `hs` 中的某个步长。
#
# 然后看看它对 `central_diff` 在 `np.sin`、`x = 1.0` 处、在 `wide_hs` 上两种精度下分别找到什么步长，再看看这两个步长的比值。评分程序会用别的方法、函数、点和步长网格重新测量；用公式算出来的步长是对不上的。

# %% nbgrader="setup" grade_id="wide_hs"
wide_hs = np.logspace(-10, -1, 37)

# %% nbgrader="answer" grade_id="best_step"
def best_step(method, f, df, x, hs, dtype):
    """The h in hs with the smallest error of method(f, x, h) when computing in dtype."""
    ### BEGIN SOLUTION
    def f_in_dtype(t):
        return dtype(f(t))

    exact = float(df(x))
    errors = [abs(float(method(f_in_dtype, dtype(x), dtype(h))) - exact) for h in hs]
    return float(hs[int(np.argmin(errors))])
    ### END SOLUTION


print(best_step(central_diff, np.sin, np.cos, 1.0, wide_hs, np.float32),
      best_step(central_diff, np.sin, np.cos, 1.0, wide_hs, np.float64))

# %% nbgrader="test" grade_id="test_best_step" points=3
from course_lib.checks import (
    Rubric,
    as_float,
    check_between,
    check_true,
    fn,
)
from course_lib.i18n import tr

rubric = Rubric()
### BEGIN HIDDEN TESTS
# The methods here are the grader's own (not the learner's difference quotients), so that the
# errors a step is judged by are measured here, where learner code cannot tell it is being
# measured and answer differently; best_step must still measure with the method it is given.
def grader_errors(method, f_src, df, x, steps, dtype):
    fd = fn(f"lambda t: np.{dtype.__name__}(({f_src})(t))")
    values = [float(method(fd, dtype(x), dtype(h))) for h in steps]
    return np.abs(np.asarray(values, dtype=float) - float(df(x)))


def check_best(method, f_src, df, x, steps, dtype, label):
    errs = grader_errors(method, f_src, df, x, steps, dtype)
    got = as_float(best_step(method, fn(f_src), df, x, steps, dtype), name=label)
    where = np.flatnonzero(np.isclose(steps, got, rtol=1e-9, atol=0.0))
    check_true(where.size == 1 and errs[where[0]] <= 1.25 * errs.min(),
               tr(f"{label} is the step of smallest error", f"{label} 是误差最小的步长"),
               got=got, lesson="Lesson 3 §3",
               hint=tr("measure the error at every step of hs, in dtype",
                       "用 dtype 精度，在 hs 的每个步长上测量误差"))


BACKWARD = fn("lambda f, x, h: (f(x) - f(x - h)) / h")
WIDE = fn("lambda f, x, h: (f(x + 2 * h) - f(x - 2 * h)) / (4 * h)")
FIVE = fn("lambda f, x, h: (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)")
CASES64 = [
    (WIDE, "np.sin", np.cos, 1.0, np.logspace(-10, -1, 37)),
    (BACKWARD, "lambda t: 300.0 + np.sin(t)", np.cos, 0.5, np.logspace(-12, -2, 41)),
    (FIVE, "np.exp", np.exp, 2.0, np.logspace(-9, -1, 33)),
]
CASES32 = [
    (WIDE, "np.sin", np.cos, 1.0, np.logspace(-10, -1, 37)),
    (FIVE, "lambda t: 300.0 + np.sin(t)", np.cos, 0.5, np.logspace(-6, 0, 25)),
    (BACKWARD, "np.exp", np.exp, -1.0, np.logspace(-7, -1, 25)),
]
### END HIDDEN TESTS
with rubric.part(1, tr("float64: the step of smallest error", "float64：误差最小的步长")):
    check_between(best_step(central_diff, np.sin, np.cos, 1.0, wide_hs, np.float64),
                  1e-7, 1e-3, name="best_step(central_diff, ..., wide_hs, np.float64)",
                  lesson="Lesson 3 §4")
### BEGIN HIDDEN TESTS
    for method, f_src, df, x, steps in CASES64:
        check_best(method, f_src, df, x, steps, np.float64,
                   tr(f"float64 best step at x = {x}", f"x = {x} 处 float64 的最佳步长"))
### END HIDDEN TESTS
with rubric.part(2, tr("float32: the step of smallest error", "float32：误差最小的步长")):
    check_between(best_step(central_diff, np.sin, np.cos, 1.0, wide_hs, np.float32),
                  1e-4, 1e-1, name="best_step(central_diff, ..., wide_hs, np.float32)",
                  hint=tr("x, h and every value of f must be float32",
                          "x、h 以及 f 的每个值都必须是 float32"), lesson="Lesson 3 §3")
### BEGIN HIDDEN TESTS
    for method, f_src, df, x, steps in CASES32:
        check_best(method, f_src, df, x, steps, np.float32,
                   tr(f"float32 best step at x = {x}", f"x = {x} 处 float32 的最佳步长"))
### END HIDDEN TESTS
rubric.finish()

# %% [markdown] nbgrader="task" grade_id="q5"
# ## 5. The subdifferential, found (3 points) — Lesson 2 §1–§2
#
# *About 7 minutes.*
#
# A convex function of one variable may have a kink at $x_0$. Its *subdifferential*
# $\partial f(x_0)$ is the set of slopes $a$ of the lines through $(x_0, f(x_0))$ that never
# rise above the graph; each such slope is *a subgradient*. For a convex $f$ this set is a
# closed interval (one point where $f$ is differentiable).
#
# Write `subdifferential(f, x0)` returning the interval as a pair `(low, high)`, found from the
# values of `f` near `x0` alone (you are not told the formula of `f`). Correct to about
# $10^{-4}$ is enough. Then try it on `np.abs` at 0 and on `lambda t: np.maximum(t, 0.0)` at 0:
# what does autograd return there (Lesson 2 §4), and is it in your interval?
# <!-- zh -->
# ## 5. 求出次微分（3 分）——第 2 课 §1–§2
#
# *大约 7 分钟。*
#
# 一元凸函数可能在 $x_0$ 处有一个折点。它的*次微分* $\partial f(x_0)$ 是所有过点 $(x_0, f(x_0))$ 且始终不高于函数图像的直线的斜率 $a$ 构成的集合；每个这样的斜率都是*一个次梯度*（讲义原文称为亚导数）。对凸函数 $f$，这个集合是一个闭区间（在 $f$ 可导的地方只含一个点）。
#
# 写出 `subdifferential(f, x0)`，以数对 `(low, high)` 的形式返回这个区间，只能根据 `f` 在 `x0` 附近的函数值求出（你不知道 `f` 的表达式）。精确到大约 $10^{-4}$ 就够了。然后在 0 处对 `np.abs`、在 0 处对 `lambda t: np.maximum(t, 0.0)` 试一试：自动求导在那里返回什么（第 2 课 §4）？它在你求出的区间里吗？

# %% nbgrader="answer" grade_id="subdifferential"
def subdifferential(f, x0):
    """The subdifferential of a convex f at x0, as a pair (low, high)."""
    ### BEGIN SOLUTION
    h = 1e-7
    left = (f(x0) - f(x0 - h)) / h  # slope from the left: the smallest subgradient
    right = (f(x0 + h) - f(x0)) / h  # slope from the right: the largest one
    return float(left), float(right)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_subdifferential" points=3
from course_lib.checks import Rubric, check_close, fn
from course_lib.i18n import tr

rubric = Rubric()
with rubric.part(1, tr("a kink with slopes -2 and 0.5", "两侧斜率为 -2 和 0.5 的折点")):
    check_close(subdifferential(fn("lambda t: np.maximum(-2*t, 0.5*t)"), 0.0),
                [-2.0, 0.5], atol=1e-4, name="subdifferential(max(-2t, t/2), 0.0)",
                hint=tr("which slopes a keep a line through (x0, f(x0)) under the graph "
                        "on the left, and which on the right?",
                        "哪些斜率 a 能让过 (x0, f(x0)) 的直线在左侧不高于函数图像？"
                        "哪些能在右侧做到？"), lesson="Lesson 2 §2")
### BEGIN HIDDEN TESTS
with rubric.part(2, tr("other kinks, and a smooth point", "其他折点，以及一个光滑点")):
    for src, x0, expected in [
        ("lambda t: np.maximum(t, 0.0)", 0.0, [0.0, 1.0]),
        ("lambda t: 3*np.abs(t - 1) + t", 1.0, [-2.0, 4.0]),
        ("lambda t: np.maximum(2*t, -t/2) + t**2", 0.0, [-0.5, 2.0]),
        ("lambda t: np.exp(t)", 0.5, [np.exp(0.5), np.exp(0.5)]),
        ("lambda t: np.abs(t + 2) + np.abs(t - 3)", 3.0, [0.0, 2.0]),
    ]:
        check_close(subdifferential(fn(src), x0), expected, atol=1e-3,
                    name=f"subdifferential({src[10:]}, {x0})",
                    lesson="Lesson 2 §2",
                    hint=tr("the one-sided slopes bound the interval",
                            "单侧斜率就是区间的两端"))
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
