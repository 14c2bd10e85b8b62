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

__all__ = ["Objective", "OBJECTIVES", "DescentRun", "gradient_descent"]


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


def _message(objective: Objective, lr: float, losses, diverged: bool, blew_up: bool) -> str:
    steps = len(losses) - 1
    if diverged:
        how = "exploded" if blew_up else "grew"
        text = (f"Diverged: the loss {how} from {losses[0]:.3g} to {losses[-1]:.3g} "
                f"in {steps} steps.")
    else:
        text = f"Loss {losses[0]:.3g} → {losses[-1]:.3g} after {steps} steps."
    L = objective.lipschitz
    if L is not None:
        factor = abs(1.0 - lr * L)
        lo, hi = 1.0 / L, 2.0 / L
        if lr > hi:
            text += (f" lr = {_shown(lr, hi)} > 2/L = {_shown(hi)}: each step multiplies the "
                     f"steep coordinate by |1 − lr·L| = {_shown(factor, 1.0)} > 1, so it "
                     "diverges.")
        elif lr == hi:
            text += (f" lr = 2/L = {_shown(hi)}: |1 − lr·L| = 1, so the steep coordinate flips "
                     "sign at the same size every step: it neither converges nor diverges.")
        elif lr > lo:
            text += (f" 1/L = {_shown(lo)} < lr = {_shown(lr, lo, hi)} < 2/L = {_shown(hi)}: "
                     f"|1 − lr·L| = {_shown(factor, 1.0)} < 1, so it converges, zig-zagging "
                     "across the steep direction.")
        else:
            text += (f" lr = {_shown(lr, lo)} ≤ 1/L = {_shown(lo)}: steady descent "
                     "(slow along the flat direction when lr is small).")
    elif objective.name == "abs" and not diverged:
        text += (f" Near 0 the subgradient is ±1, so every step jumps by lr = {lr:.3g}: "
                 "a constant step cannot settle at the kink; let lr shrink to converge.")
    elif objective.name == "rosenbrock" and diverged:
        text += " The valley walls are steep (curvature ~10³): try lr ≤ 2e-3."
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
