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

from course_lib.viz._mpl import new_figure, plot_say

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
# the words drawn in the figures, per language (Chinese only when a CJK font exists)
# ------------------------------------------------------------------------------------

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "tangent_at": "tangent at x₀, slope f'(x₀) = {slope}",
        "secant_through": "secant through x₀ and x₀ + h, slope = {slope}",
        "two_points": "(x₀, f(x₀)) and (x₀+h, f(x₀+h))",
        "tangent_title": "Tangent vs secant at x₀ = {x0}, h = {h}",
        "tangent_slope": "tangent at x₀ (slope {slope})",
        "differential_title": "Differential dy (along the tangent) vs increment Δy "
                              "(along the curve)",
        "subgradient_fan": "a·x for {n} slopes a ∈ [−1, 1]: subgradients at 0",
        "not_subgradient": "|a| > 1: crosses above |x|, not one",
        "slope_a": "slope a",
        "subgradients_title": "Subgradients of |x| at 0: lines a·x that stay below |x|",
        "taylor_order": "Taylor polynomial of order {order}",
        "taylor_title": "Taylor polynomial of order {order} around x₀ = {x0}",
        "step_h": "step h",
        "fd_error": "|finite difference − f'(x)|",
        "error_suptitle": "Finite-difference error vs h at x = {x}: truncation ∝ hᵖ, "
                          "round-off ∝ ε/h",
        "scheme_order": "{scheme} (order {order})",
        "reference_slope": "reference slope hᵖ",
        "predicted_h": "predicted optimal h",
        "best_h": "best h measured",
        "gd_steps": "gradient descent ({steps} steps)",
        "start_x0": "start x₀ = {x}",
        "end_x": "end x = {x}",
        "gd_1d_title": "Gradient descent in 1-D: f'(x) = {slope} at the last iterate",
        "start": "start",
        "end": "end",
        "gd_2d_title": "Gradient descent on the contours of f",
        "gd_2d_title_outside": "Gradient descent on the contours of f (the path leaves the window)",
        "fwd_passes": "forward mode: one pass per input",
        "rev_passes": "reverse mode: one pass per output",
        "passes_title": "Passes for the whole gradient of f: Rⁿ → R",
        "n_inputs": "n (number of inputs)",
        "passes": "passes",
        "fwd_mode": "forward mode",
        "rev_mode": "reverse mode (keeps the graph)",
        "memory_title": "Peak memory of one pass (tracemalloc)",
        "peak_memory": "peak memory (KiB)",
        "fwd_rev_suptitle": "Forward vs reverse mode: same arithmetic, different passes and memory",
    },
    "zh": {
        "tangent_at": "x₀ 处的切线，斜率 f'(x₀) = {slope}",
        "secant_through": "过 x₀ 与 x₀ + h 的割线，斜率 = {slope}",
        "two_points": "点 (x₀, f(x₀)) 与 (x₀+h, f(x₀+h))",
        "tangent_title": "切线与割线：x₀ = {x0}，h = {h}",
        "tangent_slope": "x₀ 处的切线（斜率 {slope}）",
        "differential_title": "微分 dy（沿切线）与增量 Δy（沿曲线）",
        "subgradient_fan": "{n} 条直线 a·x，a ∈ [−1, 1]：都是 0 处的次梯度",
        "not_subgradient": "|a| > 1：越过 |x| 上方，不是次梯度",
        "slope_a": "斜率 a",
        "subgradients_title": "|x| 在 0 处的次梯度（亚导数）：始终不高于 |x| 的直线 a·x",
        "taylor_order": "{order} 阶泰勒多项式",
        "taylor_title": "在 x₀ = {x0} 处展开的 {order} 阶泰勒多项式",
        "step_h": "步长 h",
        "fd_error": "|差分估计 − f'(x)|",
        "error_suptitle": "x = {x} 处有限差分的误差随 h 的变化：截断误差 ∝ hᵖ，舍入误差 ∝ ε/h",
        "scheme_order": "{scheme}（{order} 阶）",
        "reference_slope": "参考斜率 hᵖ",
        "predicted_h": "预测的最优 h",
        "best_h": "实测的最优 h",
        "gd_steps": "梯度下降（{steps} 步）",
        "start_x0": "起点 x₀ = {x}",
        "end_x": "终点 x = {x}",
        "gd_1d_title": "一维梯度下降：最后一次迭代处 f'(x) = {slope}",
        "start": "起点",
        "end": "终点",
        "gd_2d_title": "在 f 的等高线上做梯度下降",
        "gd_2d_title_outside": "在 f 的等高线上做梯度下降（路径超出了窗口）",
        "fwd_passes": "前向模式：每个输入一遍",
        "rev_passes": "反向模式：每个输出一遍",
        "passes_title": "求 f: Rⁿ → R 的整个梯度所需的遍数",
        "n_inputs": "n（输入个数）",
        "passes": "遍数",
        "fwd_mode": "前向模式",
        "rev_mode": "反向模式（保留计算图）",
        "memory_title": "一遍计算的峰值内存（tracemalloc）",
        "peak_memory": "峰值内存（KiB）",
        "fwd_rev_suptitle": "前向模式与反向模式：算术相同，遍数与内存不同",
    },
}


def _t(key: str, **fields) -> str:
    """The figure text `key` in the learner's language (English without a CJK font)."""
    return plot_say(MESSAGES, key, **fields)


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
            label=_t("tangent_at", slope=f"{tangent:.4g}"))
    ax.plot(xs, y0 + secant * (xs - x0), ":", color="C3", lw=2,
            label=_t("secant_through", slope=f"{secant:.4g}"))
    ax.plot([x0, x0 + h], [y0, y1], "o", color="C3", label=_t("two_points"))
    ax.set_ylim(*_limits_of(ys))
    ax.set_title(_t("tangent_title", x0=f"{x0:g}", h=f"{h:g}"))
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
            label=_t("tangent_slope", slope=f"{slope:.4g}"))
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
    ax.set_title(_t("differential_title"))
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
                label=_t("subgradient_fan", n=int(inside.sum())))
    if (~inside).any():
        ax.plot([], [], "--", color="red", lw=1.2, label=_t("not_subgradient"))
    fig.colorbar(cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, label=_t("slope_a"))
    ax.plot([0], [0], "ko")
    ax.set_ylim(-2.2, 2.2)
    ax.set_title(_t("subgradients_title"))
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
    ax.plot(xs, ps, color="C1", lw=2, label=_t("taylor_order", order=order))
    ax.plot([x0], [derivs_at_x0[0]], "o", color="C1", label=f"x₀ = {x0:g}")
    ax.set_ylim(*_limits_of(ys, margin=0.4))
    ax.set_title(_t("taylor_title", order=order, x0=f"{x0:g}"))
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
        ax.set_xlabel(_t("step_h"))
        ax.set_ylabel(_t("fd_error"))
        ax.grid(True, which="major", alpha=0.3)
        _error_legend(ax)
    fig.suptitle(_t("error_suptitle", x=f"{x:g}"))
    return fig


def draw_error_sweep(ax, sweep, color: str) -> None:
    """One ErrorSweep on log-log axes: the curve, its hᵖ reference, predicted and best h."""
    hs, errors = np.asarray(sweep.hs), np.asarray(sweep.errors, dtype=float)
    shown = np.where(errors > 0, errors, np.nan)  # an error of exactly 0 has no logarithm
    order = sweep.scheme.order
    ax.plot(hs, shown, color=color, lw=1.6,
            label=_t("scheme_order", scheme=sweep.scheme.name, order=order))
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
    ax.plot([], [], "--", color="gray", label=_t("reference_slope"))
    ax.plot([], [], "*", color="gray", ms=11, mec="black", mew=0.6, ls="none",
            label=_t("predicted_h"))
    ax.plot([], [], "o", mfc="none", mec="gray", ms=8, ls="none", label=_t("best_h"))
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
            label=_t("gd_steps", steps=len(path) - 1))
    if visible.size:
        ax.plot(visible[:1], ys[:1], "s", color="green", ms=9,
                label=_t("start_x0", x=f"{visible[0]:.3g}"))
        ax.plot(visible[-1:], ys[-1:], "*", color="black", ms=13,
                label=_t("end_x", x=f"{visible[-1]:.3g}"))
    slope = float(df(visible[-1])) if visible.size else float("nan")
    ax.set_title(_t("gd_1d_title", slope=f"{slope:.3g}"))
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
            label=_t("gd_steps", steps=len(path) - 1))
    ax.plot(path[:1, 0], path[:1, 1], "s", color="green", ms=9, label=_t("start"))
    ax.plot(path[-1:, 0], path[-1:, 1], "*", color="black", ms=13, label=_t("end"))
    outside = np.any((path[:, 0] < xlim[0]) | (path[:, 0] > xlim[1])
                     | (path[:, 1] < ylim[0]) | (path[:, 1] > ylim[1]))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_title(_t("gd_2d_title_outside" if outside else "gd_2d_title"))
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
    passes.plot(n, data["forward_passes"], "o-", label=_t("fwd_passes"))
    passes.plot(n, data["reverse_passes"], "s-", label=_t("rev_passes"))
    passes.set_title(_t("passes_title"))
    passes.set_xlabel(_t("n_inputs"))
    passes.set_ylabel(_t("passes"))
    passes.legend(loc="best", fontsize="small")
    memory.plot(n, data["forward_peak_bytes"] / 1024, "o-", label=_t("fwd_mode"))
    memory.plot(n, data["reverse_peak_bytes"] / 1024, "s-", label=_t("rev_mode"))
    memory.set_title(_t("memory_title"))
    memory.set_xlabel(_t("n_inputs"))
    memory.set_ylabel(_t("peak_memory"))
    memory.legend(loc="best", fontsize="small")
    fig.suptitle(_t("fwd_rev_suptitle"))
    return fig


def _get(figures, key):
    try:
        return figures[key] if isinstance(figures, Mapping) else getattr(figures, key)
    except (KeyError, AttributeError) as err:
        raise KeyError(
            f"plot_forward_vs_reverse needs {key!r}; pass a mapping or object with "
            f"{', '.join(_COST_KEYS)} (lists of equal length, one entry per n)"
        ) from err
