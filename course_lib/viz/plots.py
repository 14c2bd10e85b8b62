"""The course's matplotlib pictures: derivatives, finite-difference error, descent, AD cost.

Every function returns the `matplotlib.figure.Figure` (so a test or a lesson can
inspect or save it), with a title, labelled axes and a legend. Functions that
draw a single panel also accept ``ax=`` to draw into an existing Axes (the
explorers use this); the Figure returned is then ``ax.figure``.

Functions of x are called on numpy arrays; a function that only takes scalars
(written with `math`) is called point by point instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from course_lib.viz._mpl import new_figure

__all__ = [
    "plot_tangent_secant",
    "plot_differential",
    "plot_error_vs_h",
    "plot_subgradients",
    "plot_gd_path_1d",
    "plot_gd_path_2d",
    "plot_forward_vs_reverse",
    "plot_taylor",
    "taylor_polynomial",
]


# ------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------


def evaluate(f: Callable, xs) -> np.ndarray:
    """f on an array of points: vectorised when f allows it, else one point at a time."""
    xs = np.asarray(xs, dtype=float)
    try:
        with np.errstate(all="ignore"):
            ys = np.asarray(f(xs), dtype=float)
        if ys.shape == xs.shape:
            return ys
    except (TypeError, ValueError):
        pass
    return np.array([float(f(float(x))) for x in xs.ravel()]).reshape(xs.shape)


def _axes(ax, **figure_kw):
    if ax is None:
        return new_figure(**figure_kw)
    return ax.figure, ax


def _limits_of(values, margin: float = 0.15) -> tuple[float, float]:
    """y-limits that show `values` (finite ones) with a margin, never a zero-height range."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return -1.0, 1.0
    lo, hi = float(values.min()), float(values.max())
    pad = margin * (hi - lo) if hi > lo else max(abs(hi), 1.0) * 0.5
    return lo - pad, hi + pad


# ------------------------------------------------------------------------------------
# derivative pictures
# ------------------------------------------------------------------------------------


def plot_tangent_secant(f: Callable, df: Callable, x0: float, h: float, *, ax=None):
    """The secant through x0 and x0 + h next to the tangent at x0: the limit h → 0 made visible."""
    if h == 0:
        raise ValueError("h must not be 0: the secant through x0 and x0 + h needs two points")
    fig, ax = _axes(ax)
    half = max(1.0, 1.5 * abs(h))
    xs = np.linspace(x0 - half, x0 + half, 400)
    ys = evaluate(f, xs)
    y0, y1 = float(evaluate(f, [x0])[0]), float(evaluate(f, [x0 + h])[0])
    secant, tangent = (y1 - y0) / h, float(df(x0))

    ax.plot(xs, ys, color="C0", lw=2, label="f(x)")
    ax.plot(xs, y0 + tangent * (xs - x0), "--", color="C2",
            label=f"tangent at x₀, slope f'(x₀) = {tangent:.4g}")
    ax.plot(xs, y0 + secant * (xs - x0), ":", color="C3", lw=2,
            label=f"secant through x₀ and x₀ + h, slope = {secant:.4g}")
    ax.plot([x0, x0 + h], [y0, y1], "o", color="C3", label="(x₀, f(x₀)) and (x₀+h, f(x₀+h))")
    ax.set_ylim(*_limits_of(ys))
    ax.set_title(f"Tangent vs secant at x₀ = {x0:g}, h = {h:g}")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="best", fontsize="small")
    return fig


def plot_differential(f: Callable, df: Callable, x0: float, dx: float, *, ax=None):
    """The increment Δy = f(x0 + dx) − f(x0) next to the differential dy = f'(x0)·dx."""
    fig, ax = _axes(ax)
    lo, hi = min(x0, x0 + dx), max(x0, x0 + dx)
    pad = max(0.5, 0.6 * abs(dx))
    xs = np.linspace(lo - pad, hi + pad, 400)
    ys = evaluate(f, xs)
    y0, y1 = float(evaluate(f, [x0])[0]), float(evaluate(f, [x0 + dx])[0])
    slope = float(df(x0))
    delta_y, dy = y1 - y0, slope * dx
    x1 = x0 + dx

    ax.plot(xs, ys, color="C0", lw=2, label="f(x)")
    ax.plot(xs, y0 + slope * (xs - x0), "--", color="C2",
            label=f"tangent at x₀ (slope {slope:.4g})")
    ax.plot([x0, x1], [y0, y0], color="gray", lw=1)
    ax.annotate(f"dx = Δx = {dx:.3g}", ((x0 + x1) / 2, y0), textcoords="offset points",
                xytext=(0, -14), ha="center", fontsize="small")
    # Δy to the curve and dy to the tangent, side by side at x0 + dx
    offset = 0.02 * (xs[-1] - xs[0])
    ax.annotate("", xy=(x1, y1), xytext=(x1, y0),
                arrowprops={"arrowstyle": "<->", "color": "C0", "lw": 1.5})
    ax.annotate("", xy=(x1 + offset, y0 + dy), xytext=(x1 + offset, y0),
                arrowprops={"arrowstyle": "<->", "color": "C2", "lw": 1.5})
    ax.plot([], [], color="C0", lw=1.5, label=f"Δy = f(x₀+dx) − f(x₀) = {delta_y:.4g}")
    ax.plot([], [], color="C2", lw=1.5, label=f"dy = f'(x₀)·dx = {dy:.4g}")
    ax.plot([x1], [y1], "o", color="C0")
    ax.plot([x1], [y0 + dy], "o", color="C2")
    ax.plot([x0], [y0], "ko", label=f"x₀ = {x0:g}")
    ax.annotate(f"Δy − dy = {delta_y - dy:.3g}", (x1 + 2 * offset, (y1 + y0 + dy) / 2),
                fontsize="small", va="center",
                bbox={"boxstyle": "round", "fc": "white", "ec": "none", "alpha": 0.8})
    ax.set_ylim(*_limits_of(np.concatenate([ys, [y0 + dy]])))
    ax.set_title("Differential dy (along the tangent) vs increment Δy (along the curve)")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="best", fontsize="small")
    return fig


def plot_subgradients(slopes: Sequence[float] = tuple(np.linspace(-1, 1, 9)), *, ax=None):
    """|x| with a fan of lines a·x through 0: every a in [−1, 1] stays below |x|."""
    from matplotlib import cm, colors

    fig, ax = _axes(ax)
    xs = np.linspace(-2, 2, 401)
    cmap = _colormap("coolwarm")
    norm = colors.Normalize(-1.0, 1.0)
    slopes = np.asarray(slopes, dtype=float).ravel()
    inside = np.abs(slopes) <= 1.0 + 1e-12
    for a, ok in zip(slopes, inside):
        if ok:
            ax.plot(xs, a * xs, color=cmap(norm(a)), lw=1.2)
        else:
            ax.plot(xs, a * xs, "--", color="red", lw=1.2)
    ax.plot(xs, np.abs(xs), color="black", lw=3, label="f(x) = |x|")
    if inside.any():
        ax.plot([], [], color=cmap(0.85), lw=1.2,
                label=f"a·x for {inside.sum()} slopes a ∈ [−1, 1]: subgradients at 0")
    if (~inside).any():
        ax.plot([], [], "--", color="red", lw=1.2, label="|a| > 1: crosses above |x|, not one")
    fig.colorbar(cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, label="slope a")
    ax.plot([0], [0], "ko")
    ax.set_ylim(-2.2, 2.2)
    ax.set_title("Subgradients of |x| at 0: lines a·x that stay below |x|")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="lower right", fontsize="small")
    return fig


def _colormap(name: str):
    import matplotlib

    return matplotlib.colormaps[name]


def taylor_polynomial(derivs_at_x0: Sequence[float], x0: float, order: int, x):
    """Σ_{k ≤ order} f⁽ᵏ⁾(x0)/k! · (x − x0)ᵏ evaluated at x (array or number)."""
    derivs = list(derivs_at_x0)
    if not 0 <= order < len(derivs):
        raise ValueError(
            f"a Taylor polynomial of order {order} needs {order + 1} derivatives at x0 "
            f"(f, f', f'', …), got {len(derivs)}; pass more or lower the order"
        )
    t = np.asarray(x, dtype=float) - x0
    total = np.zeros_like(t)
    for k in range(order, -1, -1):  # Horner: ((c_n t + c_{n-1}) t + …)
        total = total * t + derivs[k] / math.factorial(k)
    return total


def plot_taylor(f: Callable, derivs_at_x0: Sequence[float], x0: float, order: int, *,
                radius: float = 3.0, ax=None):
    """f next to its Taylor polynomial of the given order around x0."""
    fig, ax = _axes(ax)
    xs = np.linspace(x0 - radius, x0 + radius, 400)
    ys = evaluate(f, xs)
    ps = taylor_polynomial(derivs_at_x0, x0, order, xs)
    ax.plot(xs, ys, color="black", lw=2.5, label="f(x)")
    ax.plot(xs, ps, color="C1", lw=2, label=f"Taylor polynomial of order {order}")
    ax.plot([x0], [derivs_at_x0[0]], "o", color="C1", label=f"x₀ = {x0:g}")
    ax.set_ylim(*_limits_of(ys, margin=0.4))
    ax.set_title(f"Taylor polynomial of order {order} around x₀ = {x0:g}")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="best", fontsize="small")
    return fig


# ------------------------------------------------------------------------------------
# finite-difference error
# ------------------------------------------------------------------------------------


def plot_error_vs_h(f: Callable, df: Callable, x: float,
                    schemes: Sequence[str] = ("forward", "central", "five_point"),
                    dtypes: Sequence = (np.float32, np.float64), hs=None):
    """|numeric − exact| against h on log-log axes, one panel per dtype.

    Each scheme's curve falls like hᵖ (dashed reference slope) until round-off takes
    over and it rises like ε/h; the star marks the error model's optimal h and the
    circle the best h measured.
    """
    from course_lib import numdiff

    hs = np.logspace(-16, 0, 129) if hs is None else np.asarray(hs, dtype=float)
    fig, axes = new_figure(ncols=len(dtypes), width=6.0, height=4.5, sharey=True)
    axes = np.atleast_1d(axes)
    for ax, dtype in zip(axes, dtypes):
        dtype = np.dtype(dtype)
        for i, name in enumerate(schemes):
            sweep = numdiff.error_vs_h(f, df, x, name, dtype, hs)
            draw_error_sweep(ax, sweep, color=f"C{i}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(f"{dtype.name} (ε = {np.finfo(dtype).eps:.1e})")
        ax.set_xlabel("step h")
        ax.set_ylabel("|finite difference − f'(x)|")
        ax.grid(True, which="major", alpha=0.3)
        _error_legend(ax)
    fig.suptitle(f"Finite-difference error vs h at x = {x:g}: truncation ∝ hᵖ, round-off ∝ ε/h")
    return fig


def draw_error_sweep(ax, sweep, color: str) -> None:
    """One ErrorSweep on log-log axes: the curve, its hᵖ reference, predicted and best h."""
    hs, errors = np.asarray(sweep.hs), np.asarray(sweep.errors, dtype=float)
    shown = np.where(errors > 0, errors, np.nan)  # an error of exactly 0 has no logarithm
    order = sweep.scheme.order
    ax.plot(hs, shown, color=color, lw=1.6, label=f"{sweep.scheme.name} (order {order})")
    # reference slope h^p: anchored where truncation dominates (between the optimal h and
    # the largest h), drawn a factor 20 below the curve so that both stay visible
    anchor_h = math.sqrt(sweep.predicted_h * hs.max())
    i = int(np.argmin(np.abs(np.log(hs) - math.log(anchor_h))))
    if np.isfinite(shown[i]):
        ref_h = hs[(hs >= sweep.predicted_h) & (hs <= hs.max())]
        ref = shown[i] / 20 * (ref_h / hs[i]) ** order
        ax.plot(ref_h, ref, "--", color=color, lw=1, alpha=0.8)
    at_pred = np.interp(math.log(sweep.predicted_h), np.log(hs), np.nan_to_num(shown, nan=0.0))
    if at_pred > 0:
        ax.plot([sweep.predicted_h], [at_pred], "*", color=color, ms=13, mec="black", mew=0.6)
    best = int(np.nanargmin(shown)) if np.isfinite(shown).any() else None
    if best is not None:
        ax.plot([hs[best]], [shown[best]], "o", mfc="none", mec=color, ms=9, mew=1.5)


def _error_legend(ax) -> None:
    ax.plot([], [], "--", color="gray", label="reference slope hᵖ")
    ax.plot([], [], "*", color="gray", ms=11, mec="black", mew=0.6, ls="none",
            label="predicted optimal h")
    ax.plot([], [], "o", mfc="none", mec="gray", ms=8, ls="none", label="best h measured")
    # below the axes, not on them: in float32 the error curve's flat top and the current-h
    # marker fill the upper half of the panel, so no corner inside is free for every h
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2, fontsize="small",
              frameon=False)


# ------------------------------------------------------------------------------------
# gradient descent
# ------------------------------------------------------------------------------------


def plot_gd_path_1d(f: Callable, df: Callable, path, *, ax=None):
    """The iterates x₀, x₁, … of gradient descent drawn on the curve y = f(x)."""
    fig, ax = _axes(ax)
    path = np.asarray(path, dtype=float).ravel()
    visible = path[np.isfinite(path) & (np.abs(path) < 1e6)]
    lo, hi = (visible.min(), visible.max()) if visible.size else (-1.0, 1.0)
    pad = 0.2 * (hi - lo) + 0.5
    xs = np.linspace(lo - pad, hi + pad, 400)
    ax.plot(xs, evaluate(f, xs), color="C0", lw=2, label="f(x)")
    ys = evaluate(f, visible)
    ax.plot(visible, ys, "o-", color="C3", ms=4, lw=1, alpha=0.8,
            label=f"gradient descent ({len(path) - 1} steps)")
    if visible.size:
        ax.plot(visible[:1], ys[:1], "s", color="green", ms=9, label=f"start x₀ = {visible[0]:.3g}")
        ax.plot(visible[-1:], ys[-1:], "*", color="black", ms=13,
                label=f"end x = {visible[-1]:.3g}")
    slope = float(df(visible[-1])) if visible.size else float("nan")
    ax.set_title(f"Gradient descent in 1-D: f'(x) = {slope:.3g} at the last iterate")
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.legend(loc="best", fontsize="small")
    return fig


def plot_gd_path_2d(f: Callable, path, xlim, ylim, *, levels: int = 20, colorbar: bool = True,
                    ax=None):
    """The iterates of gradient descent on the contour lines of f(x₁, x₂).

    `f` takes a point p with p[0] = x₁ and p[1] = x₂ and must work elementwise on
    arrays (it is evaluated on a grid of shape (2, ny, nx)).
    """
    from matplotlib import colors

    fig, ax = _axes(ax, width=6.0, height=4.5)
    gx, gy = np.linspace(*xlim, 200), np.linspace(*ylim, 200)
    X, Y = np.meshgrid(gx, gy)
    Z = np.asarray(f(np.stack([X, Y])), dtype=float)
    zmin, zmax = float(np.nanmin(Z)), float(np.nanmax(Z))
    if zmin >= 0 and zmax > 0:  # nonnegative losses: geometric levels show the valley floor
        lines = np.geomspace(max(zmin, zmax * 1e-5, 1e-12), zmax, levels)
        contours = ax.contour(X, Y, Z, levels=lines, cmap="viridis", linewidths=0.8,
                              norm=colors.LogNorm(lines[0], lines[-1]))
    else:
        contours = ax.contour(X, Y, Z, levels=levels, cmap="viridis", linewidths=0.8)
    if colorbar:
        bar = fig.colorbar(contours, ax=ax, label="f(x₁, x₂)", format="%.2g")
        bar.set_ticks(contours.levels[::4])
    path = np.asarray(path, dtype=float).reshape(-1, 2)
    ax.plot(path[:, 0], path[:, 1], "o-", color="C3", ms=3, lw=1,
            label=f"gradient descent ({len(path) - 1} steps)")
    ax.plot(path[:1, 0], path[:1, 1], "s", color="green", ms=9, label="start")
    ax.plot(path[-1:, 0], path[-1:, 1], "*", color="black", ms=13, label="end")
    outside = np.any((path[:, 0] < xlim[0]) | (path[:, 0] > xlim[1])
                     | (path[:, 1] < ylim[0]) | (path[:, 1] > ylim[1]))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    title = "Gradient descent on the contours of f"
    ax.set_title(title + (" (the path leaves the window)" if outside else ""))
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.legend(loc="best", fontsize="small")
    return fig


# ------------------------------------------------------------------------------------
# forward vs reverse mode
# ------------------------------------------------------------------------------------

_COST_KEYS = ("n", "forward_passes", "reverse_passes", "forward_peak_bytes", "reverse_peak_bytes")


def plot_forward_vs_reverse(figures):
    """Passes and peak memory of forward vs reverse mode for f: Rⁿ → R, against n.

    `figures` is a mapping (or an object with attributes) holding the lists
    n, forward_passes, reverse_passes, forward_peak_bytes, reverse_peak_bytes.
    """
    data = {key: np.asarray(_get(figures, key), dtype=float) for key in _COST_KEYS}
    n = data["n"]
    fig, (passes, memory) = new_figure(ncols=2, width=5.5, height=4.0)
    passes.plot(n, data["forward_passes"], "o-", label="forward mode: one pass per input")
    passes.plot(n, data["reverse_passes"], "s-", label="reverse mode: one pass per output")
    passes.set_title("Passes for the whole gradient of f: Rⁿ → R")
    passes.set_xlabel("n (number of inputs)")
    passes.set_ylabel("passes")
    passes.legend(loc="best", fontsize="small")
    memory.plot(n, data["forward_peak_bytes"] / 1024, "o-", label="forward mode")
    memory.plot(n, data["reverse_peak_bytes"] / 1024, "s-", label="reverse mode (keeps the graph)")
    memory.set_title("Peak memory of one pass (tracemalloc)")
    memory.set_xlabel("n (number of inputs)")
    memory.set_ylabel("peak memory (KiB)")
    memory.legend(loc="best", fontsize="small")
    fig.suptitle("Forward vs reverse mode: same arithmetic, different passes and memory")
    return fig


def _get(figures, key):
    try:
        return figures[key] if isinstance(figures, Mapping) else getattr(figures, key)
    except (KeyError, AttributeError) as err:
        raise KeyError(
            f"plot_forward_vs_reverse needs {key!r}; pass a mapping or object with "
            f"{', '.join(_COST_KEYS)} (lists of equal length, one entry per n)"
        ) from err
