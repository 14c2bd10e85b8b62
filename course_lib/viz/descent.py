"""Plain gradient descent on three textbook functions, for the step-size explorer and plots.

The functions take a point ``p`` whose first axis is the coordinate: ``p[0]`` is x₁,
``p[1]`` is x₂. The same function then works on one point (shape (2,)) and on a
whole grid (shape (2, ny, nx)), which is what contour plots need.

* quadratic  f = ½(x₁² + 10·x₂²): L-smooth with L = 10, so gradient descent converges
  for a learning rate below 2/L = 0.2 and diverges above it;
* Rosenbrock f = (1 − x₁)² + 100·(x₂ − x₁²)²: a curved valley, slow for small steps,
  explosive for large ones;
* |x|: not differentiable at 0; with a constant step the iterates end up jumping
  around 0 instead of converging (the subgradient is ±1 however close they get).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from course_lib.i18n import say

__all__ = ["Objective", "OBJECTIVES", "DescentRun", "gradient_descent", "objective_label"]


@dataclass(frozen=True)
class Objective:
    """A function to minimise, its gradient, a starting point and a plotting window."""

    name: str
    label: str
    f: Callable
    grad: Callable
    start: tuple[float, ...]
    xlim: tuple[float, float]
    ylim: tuple[float, float] | None = None
    lipschitz: float | None = None  # L of the gradient, when there is a global one

    @property
    def dim(self) -> int:
        return len(self.start)

    def f_1d(self, x):
        """f of a plain number or array x, for one-dimensional objectives (plots of y = f(x))."""
        return self.f(np.asarray(x, dtype=float)[np.newaxis])

    def grad_1d(self, x):
        """f'(x) of a plain number or array x, for one-dimensional objectives."""
        return self.grad(np.asarray(x, dtype=float)[np.newaxis])[0]


def _quadratic(p):
    return 0.5 * (p[0] ** 2 + 10.0 * p[1] ** 2)


def _quadratic_grad(p):
    return np.array([p[0], 10.0 * p[1]])


def _rosenbrock(p):
    return (1.0 - p[0]) ** 2 + 100.0 * (p[1] - p[0] ** 2) ** 2


def _rosenbrock_grad(p):
    x, y = p[0], p[1]
    return np.array([-2.0 * (1.0 - x) - 400.0 * x * (y - x**2), 200.0 * (y - x**2)])


def _abs(p):
    return np.abs(p[0])


def _abs_grad(p):
    return np.sign(np.asarray(p, dtype=float))  # sign(0) = 0: PyTorch's subgradient at 0


OBJECTIVES: dict[str, Objective] = {
    "quadratic": Objective(
        "quadratic", "quadratic ½(x₁² + 10x₂²), L = 10", _quadratic, _quadratic_grad,
        start=(-4.0, 1.5), xlim=(-5.0, 5.0), ylim=(-2.5, 2.5), lipschitz=10.0,
    ),
    "rosenbrock": Objective(
        "rosenbrock", "Rosenbrock (1 − x₁)² + 100(x₂ − x₁²)²", _rosenbrock, _rosenbrock_grad,
        start=(-1.2, 1.0), xlim=(-2.0, 2.0), ylim=(-1.0, 3.0),
    ),
    "abs": Objective("abs", "|x|", _abs, _abs_grad, start=(2.3,), xlim=(-3.0, 3.0)),
}


@dataclass
class DescentRun:
    """The iterates, their losses, and a sentence saying what happened."""

    objective: Objective
    lr: float
    path: np.ndarray  # shape (steps + 1, dim); ends early if the run blew up
    losses: np.ndarray
    diverged: bool
    message: str

    @property
    def steps(self) -> int:
        return len(self.path) - 1


def gradient_descent(
    objective: Objective | str, lr: float, steps: int, start=None, blowup: float = 1e12
) -> DescentRun:
    """Run x ← x − lr·∇f(x) for `steps` steps and judge the run.

    The run stops early once the loss is not finite or exceeds `blowup` times its
    start (that is divergence, and further steps would only overflow).
    """
    objective = OBJECTIVES[objective] if isinstance(objective, str) else objective
    if not (lr > 0 and np.isfinite(lr)):
        raise ValueError(f"the learning rate must be a positive number, got lr={lr!r}")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    x = np.array(objective.start if start is None else start, dtype=float)
    path, losses = [x.copy()], [float(objective.f(x))]
    limit = blowup * max(abs(losses[0]), 1.0)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(int(steps)):
            x = x - lr * objective.grad(x)
            loss = float(objective.f(x))
            if not np.isfinite(loss) or not np.all(np.isfinite(x)):
                break
            path.append(x.copy())
            losses.append(loss)
            if loss > limit:
                break
    path, losses = np.array(path), np.array(losses)
    blew_up = len(path) < steps + 1
    growing = len(losses) > 2 and losses[-1] > losses[len(losses) // 2] > losses[0]
    diverged = bool(blew_up or growing)
    return DescentRun(objective, float(lr), path, losses, diverged,
                      _message(objective, lr, losses, diverged, blew_up))


MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "exploded": "exploded",
        "grew": "grew",
        "diverged": "Diverged: the loss {how} from {first} to {last} in {steps} steps.",
        "loss": "Loss {first} → {last} after {steps} steps.",
        "above_2_over_L": " lr = {lr} > 2/L = {hi}: each step multiplies the steep coordinate by "
                          "|1 − lr·L| = {factor} > 1, so it diverges.",
        "at_2_over_L": " lr = 2/L = {hi}: |1 − lr·L| = 1, so the steep coordinate flips sign at "
                       "the same size every step: it neither converges nor diverges.",
        "zigzag": " 1/L = {lo} < lr = {lr} < 2/L = {hi}: |1 − lr·L| = {factor} < 1, so it "
                  "converges, zig-zagging across the steep direction.",
        "steady": " lr = {lr} ≤ 1/L = {lo}: steady descent (slow along the flat direction "
                  "when lr is small).",
        "abs_kink": " Near 0 the subgradient is ±1, so every step jumps by lr = {lr}: a constant "
                    "step cannot settle at the kink; let lr shrink to converge.",
        "rosenbrock_steep": " The valley walls are steep (curvature ~10³): try lr ≤ 2e-3.",
        "label_quadratic": "quadratic ½(x₁² + 10x₂²), L = 10",
        "label_rosenbrock": "Rosenbrock (1 − x₁)² + 100(x₂ − x₁²)²",
        "label_abs": "|x|",
    },
    "zh": {
        "exploded": "爆炸式增长",
        "grew": "不断增大",
        "diverged": "发散：损失在 {steps} 步内从 {first} {how}到 {last}。",
        "loss": "损失经过 {steps} 步从 {first} 变为 {last}。",
        "above_2_over_L": "lr = {lr} > 2/L = {hi}：每一步都把陡峭方向的坐标乘以 "
                          "|1 − lr·L| = {factor} > 1，所以发散。",
        "at_2_over_L": "lr = 2/L = {hi}：|1 − lr·L| = 1，陡峭方向的坐标每一步都以相同大小变号："
                       "既不收敛也不发散。",
        "zigzag": "1/L = {lo} < lr = {lr} < 2/L = {hi}：|1 − lr·L| = {factor} < 1，所以收敛，"
                  "但会在陡峭方向上来回震荡（之字形）。",
        "steady": "lr = {lr} ≤ 1/L = {lo}：平稳下降（学习率小时，沿平缓方向走得很慢）。",
        "abs_kink": "在 0 附近次梯度（亚导数）为 ±1，每一步都跳过 lr = {lr}：固定的学习率无法停在"
                    "尖点上；让 lr 逐渐减小才能收敛。",
        "rosenbrock_steep": "山谷的两壁很陡（曲率约 10³）：试试 lr ≤ 2e-3。",
        "label_quadratic": "二次函数 ½(x₁² + 10x₂²)，L = 10",
        "label_rosenbrock": "Rosenbrock 函数 (1 − x₁)² + 100(x₂ − x₁²)²",
        "label_abs": "|x|",
    },
}


def objective_label(key: str) -> str:
    """The objective's name for the learner (the step-size explorer's menu)."""
    if f"label_{key}" in MESSAGES["en"]:
        return say(MESSAGES, f"label_{key}")
    return OBJECTIVES[key].label


def _message(objective: Objective, lr: float, losses, diverged: bool, blew_up: bool) -> str:
    steps = len(losses) - 1
    first, last = f"{losses[0]:.3g}", f"{losses[-1]:.3g}"
    if diverged:
        how = say(MESSAGES, "exploded" if blew_up else "grew")
        text = say(MESSAGES, "diverged", how=how, first=first, last=last, steps=steps)
    else:
        text = say(MESSAGES, "loss", first=first, last=last, steps=steps)
    L = objective.lipschitz
    if L is not None:
        factor = abs(1.0 - lr * L)
        lo, hi = 1.0 / L, 2.0 / L
        if lr > hi:
            text += say(MESSAGES, "above_2_over_L", lr=_shown(lr, hi), hi=_shown(hi),
                        factor=_shown(factor, 1.0))
        elif lr == hi:
            text += say(MESSAGES, "at_2_over_L", hi=_shown(hi))
        elif lr > lo:
            text += say(MESSAGES, "zigzag", lo=_shown(lo), lr=_shown(lr, lo, hi), hi=_shown(hi),
                        factor=_shown(factor, 1.0))
        else:
            text += say(MESSAGES, "steady", lr=_shown(lr, lo), lo=_shown(lo))
    elif objective.name == "abs" and not diverged:
        text += say(MESSAGES, "abs_kink", lr=f"{lr:.3g}")
    elif objective.name == "rosenbrock" and diverged:
        text += say(MESSAGES, "rosenbrock_steep")
    return text


def _shown(value: float, *bounds: float) -> str:
    """`value` with 3 significant digits, or more when needed so that, read back, it compares
    with every bound as the true value does (0.1995 < 0.2 is never shown as "0.2")."""
    for digits in range(3, 18):
        text = f"{value:.{digits}g}"
        shown = float(text)
        if all((shown > b) == (value > b) and (shown < b) == (value < b) for b in bounds):
            return text
    return repr(value)
