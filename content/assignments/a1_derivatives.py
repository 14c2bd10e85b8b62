# %% [markdown] nbgrader="task" grade_id="intro"
# # Assignment 1 — Derivatives and finite differences
#
# You will implement three finite-difference formulas, measure how fast their errors
# shrink, find the step size `h` that works best in `float32` and in `float64`, and look
# at what "the derivative of |x| at 0" can mean.
#
# Every question has a test cell below it: run it to check your work (✓ means the visible
# checks pass). Grading runs more, hidden, checks of the same kind, so make your code
# correct in general, not only for the visible example. 20 points in total.


# %% nbgrader="setup" grade_id="setup"
import numpy as np
from course_lib.checks import *


# %% [markdown] nbgrader="task" grade_id="q1"
# ## 1. Three difference formulas (7 points)
#
# For a function `f`, a point `x` and a step `h > 0` write
#
# * `forward_diff(f, x, h)` $= \dfrac{f(x+h) - f(x)}{h}$
# * `central_diff(f, x, h)` $= \dfrac{f(x+h) - f(x-h)}{2h}$
# * `five_point_diff(f, x, h)` $= \dfrac{-f(x+2h) + 8f(x+h) - 8f(x-h) + f(x-2h)}{12h}$
#
# They should work when `x` is a number or a numpy array (elementwise).


# %% nbgrader="answer" grade_id="forward_diff"
def forward_diff(f, x, h):
    """Forward difference (f(x+h) - f(x)) / h: error O(h)."""
    ### BEGIN SOLUTION
    return (f(x + h) - f(x)) / h
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_forward_diff" points=2
from course_lib.checks import check_close
check_close(forward_diff(np.sin, 1.0, 1e-6), np.cos(1.0), rtol=1e-5,
            name="forward_diff(np.sin, 1.0, 1e-6)",
            hint="(f(x + h) - f(x)) / h", lesson='the lesson on finite differences (forward, central, five-point stencils)')
### BEGIN HIDDEN TESTS
# for x**2 the forward difference is exactly 2x + h: this tells it apart from central
check_close(forward_diff(fn("lambda x: x**2"), 1.0, 0.5), 2.5, rtol=1e-12,
            name="forward_diff(x**2, 1.0, 0.5)",
            hint="use f(x + h) and f(x), not f(x - h)", lesson='the lesson on finite differences (forward, central, five-point stencils)')
xs = np.array([-1.0, 0.5, 2.0])
check_close(forward_diff(np.exp, xs, 1e-7), np.exp(xs), rtol=1e-5,
            name="forward_diff(np.exp, array, 1e-7)",
            hint="use numpy operations so an array x works elementwise", lesson='the lesson on finite differences (forward, central, five-point stencils)')
### END HIDDEN TESTS


# %% nbgrader="answer" grade_id="central_diff"
def central_diff(f, x, h):
    """Central difference (f(x+h) - f(x-h)) / (2h): error O(h^2)."""
    ### BEGIN SOLUTION
    return (f(x + h) - f(x - h)) / (2 * h)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_central_diff" points=2
from course_lib.checks import check_close
check_close(central_diff(np.sin, 1.0, 1e-4), np.cos(1.0), rtol=1e-7,
            name="central_diff(np.sin, 1.0, 1e-4)",
            hint="(f(x + h) - f(x - h)) / (2 h): note the 2", lesson='the lesson on finite differences (forward, central, five-point stencils)')
### BEGIN HIDDEN TESTS
# exact for quadratics: 3x^2 - x at x = 2 has slope 11 whatever h is
check_close(central_diff(fn("lambda x: 3*x**2 - x"), 2.0, 0.5), 11.0, rtol=1e-12,
            name="central_diff(3x^2 - x, 2.0, 0.5)",
            hint="a central difference is exact for quadratics", lesson='the lesson on finite differences (forward, central, five-point stencils)')
xs = np.array([-3.0, 0.0, 0.7])
check_close(central_diff(np.cos, xs, 1e-5), -np.sin(xs), rtol=1e-7, atol=1e-9,
            name="central_diff(np.cos, array, 1e-5)", lesson='the lesson on finite differences (forward, central, five-point stencils)')
### END HIDDEN TESTS


# %% nbgrader="answer" grade_id="five_point_diff"
def five_point_diff(f, x, h):
    """Five-point stencil (-f(x+2h) + 8f(x+h) - 8f(x-h) + f(x-2h)) / (12h): error O(h^4)."""
    ### BEGIN SOLUTION
    return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_five_point_diff" points=3
from course_lib.checks import check_close
check_close(five_point_diff(np.sin, 1.0, 1e-2), np.cos(1.0), rtol=1e-9,
            name="five_point_diff(np.sin, 1.0, 1e-2)",
            hint="weights -1, 8, -8, 1 over 12 h", lesson='the lesson on finite differences (forward, central, five-point stencils)')
### BEGIN HIDDEN TESTS
# exact for polynomials up to degree 4: d/dx (x^4 - 3x^2) at 0.7 = 4(0.343) - 4.2
check_close(five_point_diff(fn("lambda x: x**4 - 3*x**2"), 0.7, 0.1), -2.828,
            rtol=1e-9, name="five_point_diff(x^4 - 3x^2, 0.7, 0.1)",
            hint="a five-point stencil is exact for polynomials of degree 4", lesson='the lesson on finite differences (forward, central, five-point stencils)')
xs = np.linspace(-2.0, 2.0, 5)
check_close(five_point_diff(np.exp, xs, 1e-2), np.exp(xs), rtol=1e-9,
            name="five_point_diff(np.exp, array, 1e-2)", lesson='the lesson on finite differences (forward, central, five-point stencils)')
### END HIDDEN TESTS


# %% [markdown] nbgrader="task" grade_id="q2"
# ## 2. Measuring the order of the error (7 points)
#
# If the error behaves like $C h^p$, then $\log(\text{error}) = \log C + p \log h$:
# on a log-log plot it is a straight line of slope $p$, the *order* of the method.
#
# * `sweep_errors(method, f, df, x, hs)`: the array of absolute errors
#   `|method(f, x, h) - df(x)|`, one per `h` in `hs`.
# * `error_order(hs, errors)`: the least-squares slope of `log(errors)` against `log(hs)`
#   (for example with `np.polyfit`), as a float.
# * `orders`: a dict with keys `"forward"`, `"central"`, `"five_point"`, the measured order
#   of each of your methods for `f = np.exp` at `x = 1.0` on the steps `hs` given below.


# %% nbgrader="setup" grade_id="sweep_setup"
hs = np.logspace(-2.5, -0.5, 9)   # steps where truncation error dominates


# %% nbgrader="answer" grade_id="sweep_errors"
def sweep_errors(method, f, df, x, hs):
    """Absolute error of method(f, x, h) against the exact df(x), for every h in hs."""
    ### BEGIN SOLUTION
    exact = df(x)
    return np.array([abs(method(f, x, h) - exact) for h in hs])
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_sweep_errors" points=2
from course_lib.checks import check_close, fn
forward = fn("lambda f, x, h: (f(x + h) - f(x)) / h")
steps = np.array([1e-1, 1e-2, 1e-3])
expected = np.abs((np.exp(1.0 + steps) - np.exp(1.0)) / steps - np.exp(1.0))
check_close(sweep_errors(forward, np.exp, np.exp, 1.0, steps), expected, rtol=1e-6,
            name="sweep_errors(forward, np.exp, np.exp, 1.0, [0.1, 0.01, 0.001])",
            hint="one absolute error |method(f, x, h) - df(x)| per h, as an array",
            lesson='the lesson on truncation vs round-off error and the optimal step h')
### BEGIN HIDDEN TESTS
backward = fn("lambda f, x, h: (f(x) - f(x - h)) / h")
steps = np.logspace(-4, -1, 7)
expected = np.abs((np.sin(0.3) - np.sin(0.3 - steps)) / steps - np.cos(0.3))
check_close(sweep_errors(backward, np.sin, np.cos, 0.3, steps), expected, rtol=1e-6,
            name="sweep_errors(backward, np.sin, np.cos, 0.3, 7 steps)", lesson='the lesson on truncation vs round-off error and the optimal step h')
### END HIDDEN TESTS


# %% nbgrader="answer" grade_id="error_order"
def error_order(hs, errors):
    """Least-squares slope of log(errors) against log(hs): the measured order p."""
    ### BEGIN SOLUTION
    slope, _ = np.polyfit(np.log(hs), np.log(errors), 1)
    return float(slope)
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_error_order" points=2
from course_lib.checks import check_close
steps = np.array([1e-3, 1e-2, 1e-1])
check_close(error_order(steps, 5 * steps**2), 2.0, rtol=1e-6,
            name="error_order(hs, 5 hs^2)",
            hint="fit a line to (log h, log error); its slope is the order",
            lesson='the lesson on truncation vs round-off error and the optimal step h')
### BEGIN HIDDEN TESTS
rng = seeded_rng(1)
for p in [1.0, 2.5, 4.0]:
    steps = np.logspace(-3, -1, 8)
    noisy = 0.3 * steps**p * np.exp(rng.normal(0.0, 0.2, steps.size))
    slope = np.polyfit(np.log(steps), np.log(noisy), 1)[0]
    check_close(error_order(steps, noisy), slope, rtol=1e-6,
                name=f"error_order on noisy data of order {p}",
                hint="use a least-squares fit over all points, not the two ends",
                lesson='the lesson on truncation vs round-off error and the optimal step h')
### END HIDDEN TESTS


# %% nbgrader="answer" grade_id="orders"
### BEGIN SOLUTION
orders = {
    name: error_order(hs, sweep_errors(method, np.exp, np.exp, 1.0, hs))
    for name, method in [("forward", forward_diff), ("central", central_diff),
                         ("five_point", five_point_diff)]
}
### END SOLUTION
print(orders)


# %% nbgrader="test" grade_id="test_orders" points=3
from course_lib.checks import Rubric, check_close, check_true
check_true(isinstance(orders, dict) and set(orders) == {"forward", "central", "five_point"},
           "orders is a dict with keys forward, central, five_point", got=orders)
rubric = Rubric()
for key, p in [("forward", 1), ("central", 2), ("five_point", 4)]:
    with rubric.part(1, f"{key} difference has order {p}"):
        check_close(orders[key], p, atol=0.25, name=f"orders[{key!r}]",
                    hint="measure with your sweep_errors and error_order on hs",
                    lesson='the lesson on truncation vs round-off error and the optimal step h')
rubric.finish()


# %% [markdown] nbgrader="task" grade_id="q3"
# ## 3. The best step in float32 and float64 (3 points)
#
# Smaller `h` cuts the truncation error but lets round-off grow like $\varepsilon/h$.
# Sweep `h` over `np.logspace(-10, -1, 37)` with your `central_diff` for `f = np.sin` at
# `x = 1.0`, once computing in `float32` (make `x`, `h` and `f`'s values `np.float32`) and
# once in `float64`, and store the step with the smallest error in `h_best32` and
# `h_best64` (plain floats).


# %% nbgrader="answer" grade_id="best_h"
wide_hs = np.logspace(-10, -1, 37)
### BEGIN SOLUTION
f32 = lambda t: np.sin(np.float32(t))  # noqa: E731
errors32 = [abs(float(central_diff(f32, np.float32(1.0), np.float32(h))) - np.cos(1.0))
            for h in wide_hs]
errors64 = [abs(central_diff(np.sin, 1.0, h) - np.cos(1.0)) for h in wide_hs]
h_best32 = float(wide_hs[int(np.argmin(errors32))])
h_best64 = float(wide_hs[int(np.argmin(errors64))])
### END SOLUTION
print(h_best32, h_best64)


# %% nbgrader="test" grade_id="test_best_h" points=3
from course_lib.checks import Rubric, check_between
rubric = Rubric()
with rubric.part(1, "float32 optimum near eps32^(1/3)"):
    check_between(h_best32, 1e-3, 5e-2, name="h_best32",
                  hint="compute every step in float32; eps32 ~ 1e-7, so h ~ 1e-7^(1/3)",
                  lesson='the lesson on truncation vs round-off error and the optimal step h')
with rubric.part(1, "float64 optimum near eps64^(1/3)"):
    check_between(h_best64, 1e-6, 1e-4, name="h_best64",
                  hint="eps64 ~ 2e-16, so h ~ (2e-16)^(1/3)", lesson='the lesson on truncation vs round-off error and the optimal step h')
### BEGIN HIDDEN TESTS
with rubric.part(1, "float32 needs a larger step than float64"):
    check_between(h_best32 / h_best64, 30.0, 3e4, name="h_best32 / h_best64",
                  hint="round-off in float32 is ~1e9 times larger", lesson='the lesson on truncation vs round-off error and the optimal step h')
### END HIDDEN TESTS
rubric.finish()


# %% [markdown] nbgrader="task" grade_id="q4"
# ## 4. The derivative of |x| at 0 (3 points)
#
# `|x|` has no derivative at 0, but every slope `a` with `-1 <= a <= 1` gives a line
# `a x` that stays below `|x|`: the set of these slopes is the *subgradient* at 0.
#
# * `subgradient_interval`: the subgradient of `|x|` at 0 as a pair `(low, high)`.
# * `central_abs_at_zero`: what your `central_diff` returns for `np.abs` at `0.0` with
#   `h = 1e-3` (is it inside the interval?).


# %% nbgrader="answer" grade_id="subgradient"
### BEGIN SOLUTION
subgradient_interval = (-1.0, 1.0)
central_abs_at_zero = central_diff(np.abs, 0.0, 1e-3)
### END SOLUTION


# %% nbgrader="test" grade_id="test_subgradient" points=3
from course_lib.checks import Rubric, check_close
rubric = Rubric()
with rubric.part(2, "subgradient of |x| at 0 is [-1, 1]"):
    check_close(subgradient_interval, [-1.0, 1.0], atol=1e-12,
                name="subgradient_interval",
                hint="which slopes a keep a*x <= |x| on both sides of 0?", lesson='the lesson on derivatives of non-smooth functions (subgradients)')
with rubric.part(1, "the central difference of |x| at 0 is 0"):
    check_close(central_abs_at_zero, 0.0, atol=1e-12, name="central_abs_at_zero",
                hint="(|h| - |-h|) / 2h", lesson='the lesson on derivatives of non-smooth functions (subgradients)')
rubric.finish()
