"""Interactive explorers for the lessons: sliders that redraw a figure and a readout.

Each explorer is a small class that holds its widgets and splits its work in two:

* ``update(...)`` is pure: it takes the control values and returns the numbers
  (a dataclass). Tests and learners can call it directly.
* ``refresh()`` runs on every change of a control: it calls ``update`` with the
  current values, stores the result in ``.state``, writes ``.readout`` (HTML) and
  puts the new figure (``.figure``) into ``.output`` (a ``widgets.Output``).

``.widget`` is the VBox to display; putting the explorer itself last in a cell
displays it too. Setting ``explorer.h.value = 1e-8`` from code has the same effect
as moving the slider, which is how the tests drive them without a browser.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from course_lib.i18n import say
from course_lib.viz import plots
from course_lib.viz._mpl import new_figure, plot_say, png_output
from course_lib.viz.descent import OBJECTIVES, DescentRun, gradient_descent, objective_label

__all__ = [
    "HExplorer",
    "HReading",
    "StepSizeExplorer",
    "SubgradientExplorer",
    "SubgradientReading",
    "TaylorExplorer",
    "TaylorReading",
]


# The words of the explorers, per language: READOUT for the readouts and the controls'
# descriptions (HTML text, any font), FIGURE for text drawn in the figures (Chinese only
# when a CJK font is installed).
READOUT: dict[str, dict[str, str]] = {
    "en": {
        "scheme": "scheme",
        "dtype": "dtype",
        "iterations": "iterations",
        "function": "function",
        "slope_a": "slope a",
        "order": "order",
        "h_readout": ("<div><b>{scheme}</b> difference in <b>{dtype}</b> at x = {x}: "
                      "h = <span class='hx-h'>{h}</span> &nbsp;·&nbsp; "
                      "estimate = <span class='hx-estimate'>{estimate}</span> &nbsp;·&nbsp; "
                      "exact f'(x) = {exact} &nbsp;·&nbsp; "
                      "|error| = <b><span class='hx-error'>{error}</span></b></div>"),
        "is_subgradient": ("<div>a = {a}: a·x ≤ |x| for every x, so a is a subgradient of |x| "
                           "at 0 (PyTorch picks a = 0).</div>"),
        "not_subgradient": ("<div style='color:#b00020'>a = {a}: the line rises above |x| "
                            "(by {gap} at the window's edge): not a subgradient.</div>"),
        "taylor_readout": ("<div>P<sub>{order}</sub>(x) = {poly} &nbsp;·&nbsp; "
                           "max |f − P<sub>{order}</sub>| on [{lo}, {hi}] = <b>{error}</b></div>"),
    },
    "zh": {
        "scheme": "差分格式",
        "dtype": "数据类型",
        "iterations": "迭代次数",
        "function": "函数",
        "slope_a": "斜率 a",
        "order": "阶数",
        "h_readout": ("<div><b>{dtype}</b> 下 x = {x} 处的 <b>{scheme}</b> 差分："
                      "h = <span class='hx-h'>{h}</span> &nbsp;·&nbsp; "
                      "估计值 = <span class='hx-estimate'>{estimate}</span> &nbsp;·&nbsp; "
                      "精确值 f'(x) = {exact} &nbsp;·&nbsp; "
                      "|误差| = <b><span class='hx-error'>{error}</span></b></div>"),
        "is_subgradient": ("<div>a = {a}：对所有 x 都有 a·x ≤ |x|，所以 a 是 |x| 在 0 处的"
                           "次梯度（亚导数）（PyTorch 取 a = 0）。</div>"),
        "not_subgradient": ("<div style='color:#b00020'>a = {a}：这条直线升到了 |x| 的上方"
                            "（在窗口边缘高出 {gap}）：不是次梯度。</div>"),
        "taylor_readout": ("<div>P<sub>{order}</sub>(x) = {poly} &nbsp;·&nbsp; "
                           "在 [{lo}, {hi}] 上 max |f − P<sub>{order}</sub>| = "
                           "<b>{error}</b></div>"),
    },
}

FIGURE: dict[str, dict[str, str]] = {
    "en": {
        "current_h": "current h = {h}, error {error}",
        "step_h": "step h",
        "estimate_error": "|estimate − f'(x)|",
        "error_vs_h": "Error vs h ({scheme}, {dtype})",
        "tangent": "tangent, slope f'(x) = {slope}",
        "secant": "secant, slope {slope}",
        "estimated_slope": "estimated slope, slope {slope}",
        "points": "points f is called at",
        "difference_title": "{scheme} difference with h = {h}",
        "step": "step",
        "loss": "loss f(x)",
        "diverged": "diverged",
        "loss_per_step": "loss per step",
        "supporting_line": "supporting line y = {a}·x",
        "line": "line y = {a}·x",
        "gap": "gap |x| − a·x ≥ 0",
        "crosses": "a·x > |x|: the line crosses f",
        "a_subgradient": "a subgradient",
        "not_a_subgradient": "not a subgradient",
        "subgradient_title": "Slope a = {a} at the kink of |x|: {verdict}",
    },
    "zh": {
        "current_h": "当前 h = {h}，误差 {error}",
        "step_h": "步长 h",
        "estimate_error": "|估计值 − f'(x)|",
        "error_vs_h": "误差随 h 的变化（{scheme}，{dtype}）",
        "tangent": "切线，斜率 f'(x) = {slope}",
        "secant": "割线，斜率 {slope}",
        "estimated_slope": "估计的斜率 {slope}",
        "points": "计算 f 的点",
        "difference_title": "{scheme} 差分，h = {h}",
        "step": "步数",
        "loss": "损失 f(x)",
        "diverged": "发散",
        "loss_per_step": "每一步的损失",
        "supporting_line": "支撑线 y = {a}·x",
        "line": "直线 y = {a}·x",
        "gap": "间隙 |x| − a·x ≥ 0",
        "crosses": "a·x > |x|：直线穿过了 f",
        "a_subgradient": "是次梯度",
        "not_a_subgradient": "不是次梯度",
        "subgradient_title": "|x| 尖点处的斜率 a = {a}：{verdict}",
    },
}


def _say(key: str, **fields) -> str:
    return say(READOUT, key, **fields)


def _t(key: str, **fields) -> str:
    return plot_say(FIGURE, key, **fields)



class _Explorer:
    """Shared plumbing: controls → update → readout + figure, and display."""

    css_class = "course-explorer"

    def _build(self, controls: Sequence[widgets.Widget]) -> None:
        self.controls = list(controls)
        self.readout = widgets.HTML()
        self.readout.add_class(f"{self.css_class}-readout")
        self.output = widgets.Output()
        self.output.add_class(f"{self.css_class}-output")
        self.widget = widgets.VBox([*self.controls, self.readout, self.output])
        self.widget.add_class(self.css_class)
        self.state = None
        self.figure = None
        for control in self.controls:
            control.observe(self._on_change, names="value")
        self.refresh()

    def _values(self) -> dict:
        raise NotImplementedError

    def update(self, **values):
        raise NotImplementedError

    def draw(self, state):
        raise NotImplementedError

    def describe(self, state) -> str:
        raise NotImplementedError

    def _on_change(self, change) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute from the controls' current values and redraw."""
        self.state = self.update(**self._values())
        self.readout.value = self.describe(self.state)
        self.figure = self.draw(self.state)
        self.output.outputs = (png_output(self.figure, text=type(self).__name__),)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _num(value: float, digits: int = 4) -> str:
    return f"{value:.{digits}g}" if np.isfinite(value) else str(value)


# ------------------------------------------------------------------------------------
# h explorer
# ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HReading:
    """One finite-difference estimate of f'(x) and how far off it is."""

    x: float
    h: float
    scheme: str
    dtype: str
    estimate: float
    exact: float
    error: float
    points: tuple[float, ...]  # where the scheme evaluated f


class HExplorer(_Explorer):
    """Move h over 16 orders of magnitude and watch truncation give way to round-off.

    Left: f near x with the line of the estimated slope (the secant for forward
    differences) and the tangent. Right: the error against h for the chosen scheme
    and dtype, with the current h marked. The readout gives h, the estimate, the
    exact f'(x) and the error.
    """

    css_class = "h-explorer"

    def __init__(self, f: Callable = np.sin, df: Callable = np.cos, x: float = 1.0,
                 h: float = 1e-3, scheme: str = "forward", dtype: str = "float64",
                 schemes: Sequence[str] = ("forward", "backward", "central", "five_point")):
        self.f, self.df, self.x = f, df, float(x)
        self.hs = np.logspace(-16, 0, 97)
        self._sweeps: dict = {}
        self.h = widgets.FloatLogSlider(
            value=h, base=10, min=-16, max=0, step=0.25, description="h",
            readout_format=".2e", continuous_update=False,
            layout=widgets.Layout(width="520px"),
        )
        self.scheme = widgets.Dropdown(options=list(schemes), value=scheme,
                                     description=_say("scheme"))
        self.dtype = widgets.ToggleButtons(options=["float32", "float64"], value=dtype,
                                           description=_say("dtype"))
        self._build([self.h, self.scheme, self.dtype])

    def _values(self) -> dict:
        return {"h": self.h.value, "scheme": self.scheme.value, "dtype": self.dtype.value}

    def update(self, h: float, scheme: str, dtype: str) -> HReading:
        """The estimate of f'(x) with step h, computed entirely in `dtype`."""
        from course_lib import numdiff

        dt = np.dtype(dtype)
        x = dt.type(self.x)
        estimate = numdiff.derivative(self.f, x, dt.type(h), scheme, dtype=dt)
        exact = float(self.df(np.float64(x)))
        scheme_obj = numdiff.get_scheme(scheme)
        points = tuple(float(x + dt.type(o) * dt.type(h)) for o, _ in scheme_obj.terms)
        return HReading(x=float(x), h=float(h), scheme=scheme_obj.name, dtype=dt.name,
                        estimate=float(estimate), exact=exact,
                        error=abs(float(estimate) - exact), points=points)

    def sweep(self, scheme: str, dtype: str):
        """The error-vs-h curve for a scheme and dtype (computed once, then cached)."""
        from course_lib import numdiff

        key = (scheme, dtype)
        if key not in self._sweeps:
            self._sweeps[key] = numdiff.error_vs_h(self.f, self.df, self.x, scheme,
                                                   np.dtype(dtype), self.hs)
        return self._sweeps[key]

    def describe(self, r: HReading) -> str:
        return _say("h_readout", scheme=html.escape(r.scheme), dtype=r.dtype, x=f"{r.x:g}",
                    h=f"{r.h:.3e}", estimate=f"{r.estimate:.10g}", exact=f"{r.exact:.10g}",
                    error=f"{r.error:.3e}")

    def draw(self, r: HReading):
        fig, (left, right) = new_figure(ncols=2, width=5.5, height=4.0)
        self._draw_secant(left, r)
        sweep = self.sweep(r.scheme, r.dtype)
        plots.draw_error_sweep(right, sweep, color="C0")
        positive = sweep.errors[sweep.errors > 0]
        floor = positive.min() / 10 if positive.size else 1e-20
        shown = max(r.error, floor)
        right.axvline(r.h, color="C3", lw=1, alpha=0.6)
        right.plot([r.h], [shown], "o", color="C3", ms=10,
                   label=_t("current_h", h=f"{r.h:.1e}", error=f"{r.error:.1e}"))
        right.set_xscale("log")
        right.set_yscale("log")
        right.set_xlabel(_t("step_h"))
        right.set_ylabel(_t("estimate_error"))
        right.set_title(_t("error_vs_h", scheme=r.scheme, dtype=r.dtype))
        right.grid(True, alpha=0.3)
        plots._error_legend(right)
        return fig

    def _draw_secant(self, ax, r: HReading) -> None:
        spread = max(abs(p - r.x) for p in r.points)
        half = max(1.0, 1.5 * spread)
        xs = np.linspace(r.x - half, r.x + half, 300)
        ys = plots.evaluate(self.f, xs)
        fx = float(self.f(np.float64(r.x)))
        ax.plot(xs, ys, color="black", lw=2, label="f(x)")
        ax.plot(xs, fx + r.exact * (xs - r.x), "--", color="C2",
                label=_t("tangent", slope=f"{r.exact:.4g}"))
        kind = "secant" if r.scheme == "forward" else "estimated_slope"
        ax.plot(xs, fx + r.estimate * (xs - r.x), ":", color="C3", lw=2,
                label=_t(kind, slope=f"{r.estimate:.4g}"))
        points = np.array(r.points)
        ax.plot(points, plots.evaluate(self.f, points), "o", color="C3",
                label=_t("points"))
        ax.set_ylim(*plots._limits_of(ys))
        ax.set_title(_t("difference_title", scheme=r.scheme, h=f"{r.h:.1e}"))
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.legend(loc="best", fontsize="small")


# ------------------------------------------------------------------------------------
# step-size explorer
# ------------------------------------------------------------------------------------


class StepSizeExplorer(_Explorer):
    """Gradient descent with a learning-rate slider: too small crawls, too large diverges.

    Left: the path (on the contours, or on the curve for |x|). Right: the loss per
    step. The readout says whether the run converged or diverged, and why (for the
    quadratic: the step must stay below 2/L).
    """

    css_class = "step-size-explorer"

    def __init__(self, function: str = "quadratic", lr: float = 0.05, iterations: int = 50):
        self.lr = widgets.FloatLogSlider(  # readout with 4 digits: 0.1995, not "2.00e-1"
            value=lr, base=10, min=-4, max=0, step=0.05, description="lr",
            readout_format=".4g", continuous_update=False,
            layout=widgets.Layout(width="520px"),
        )
        self.iterations = widgets.IntSlider(value=iterations, min=1, max=300,
                                            description=_say("iterations"),
                                            continuous_update=False)
        self.function = widgets.Dropdown(
            options=[(objective_label(key), key) for key in OBJECTIVES], value=function,
            description=_say("function"), layout=widgets.Layout(width="420px"),
        )
        self._build([self.function, self.lr, self.iterations])

    def _values(self) -> dict:
        return {"lr": self.lr.value, "iterations": self.iterations.value,
                "function": self.function.value}

    def update(self, lr: float, iterations: int, function: str) -> DescentRun:
        return gradient_descent(function, lr, iterations)

    def describe(self, run: DescentRun) -> str:
        color = "#b00020" if run.diverged else "#1b5e20"
        return f"<div style='color:{color}'>{html.escape(run.message)}</div>"

    def draw(self, run: DescentRun):
        fig, (left, right) = new_figure(ncols=2, width=5.5, height=4.0)
        objective = run.objective
        if objective.dim == 1:
            plots.plot_gd_path_1d(objective.f_1d, objective.grad_1d, run.path[:, 0], ax=left)
        else:
            plots.plot_gd_path_2d(objective.f, run.path, objective.xlim, objective.ylim,
                                 colorbar=False, ax=left)
        steps = np.arange(len(run.losses))
        right.plot(steps, run.losses, "o-", ms=3, color="C3", label=f"lr = {run.lr:.4g}")
        right.set_yscale("log" if np.all(run.losses > 0) else "symlog")
        right.set_xlabel(_t("step"))
        right.set_ylabel(_t("loss"))
        verdict = _t("diverged" if run.diverged else "loss_per_step")
        right.set_title(f"{objective.name}: {verdict}")
        right.grid(True, alpha=0.3)
        right.legend(loc="best", fontsize="small")
        return fig


# ------------------------------------------------------------------------------------
# subgradient explorer
# ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubgradientReading:
    """The line a·x against |x|: a subgradient at 0 iff a·x ≤ |x| everywhere (|a| ≤ 1)."""

    a: float
    is_subgradient: bool
    smallest_gap: float  # min over the window of |x| − a·x; negative when the line crosses


class SubgradientExplorer(_Explorer):
    """Tilt a line through the kink of |x|: every slope in [−1, 1] is a subgradient."""

    css_class = "subgradient-explorer"

    def __init__(self, a: float = 0.5, a_range: tuple[float, float] = (-2.0, 2.0)):
        self.a = widgets.FloatSlider(value=a, min=a_range[0], max=a_range[1], step=0.05,
                                     description=_say("slope_a"), continuous_update=False)
        self._build([self.a])

    def _values(self) -> dict:
        return {"a": self.a.value}

    def update(self, a: float) -> SubgradientReading:
        xs = np.linspace(-2, 2, 401)
        gap = float(np.min(np.abs(xs) - a * xs))
        return SubgradientReading(a=float(a), is_subgradient=abs(a) <= 1.0 + 1e-12,
                                  smallest_gap=gap)

    def describe(self, r: SubgradientReading) -> str:
        if r.is_subgradient:
            return _say("is_subgradient", a=f"{r.a:.2f}")
        return _say("not_subgradient", a=f"{r.a:.2f}", gap=f"{-r.smallest_gap:.2f}")

    def draw(self, r: SubgradientReading):
        fig, ax = new_figure(width=6.0, height=4.0)
        xs = np.linspace(-2, 2, 401)
        ax.plot(xs, np.abs(xs), color="black", lw=3, label="f(x) = |x|")
        line = r.a * xs
        if r.is_subgradient:
            ax.plot(xs, line, color="C2", lw=2, label=_t("supporting_line", a=f"{r.a:.2f}"))
        else:
            ax.plot(xs, line, color="C3", lw=2, label=_t("line", a=f"{r.a:.2f}"))
        ax.fill_between(xs, line, np.abs(xs), where=np.abs(xs) >= line, color="C2",
                        alpha=0.12, label=_t("gap"))
        if not r.is_subgradient:
            ax.fill_between(xs, np.abs(xs), line, where=line > np.abs(xs), color="C3",
                            alpha=0.35, label=_t("crosses"))
        ax.plot([0], [0], "ko")
        ax.set_ylim(-2.2, 2.2)
        verdict = _t("a_subgradient" if r.is_subgradient else "not_a_subgradient")
        ax.set_title(_t("subgradient_title", a=f"{r.a:.2f}", verdict=verdict))
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.legend(loc="lower right", fontsize="small")
        return fig


# ------------------------------------------------------------------------------------
# Taylor explorer
# ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaylorReading:
    """The Taylor polynomial of one order and its worst error on the window."""

    order: int
    coefficients: tuple[float, ...]  # c_k = f⁽ᵏ⁾(x0) / k!
    max_error: float


class TaylorExplorer(_Explorer):
    """Raise the order and watch the Taylor polynomial hug f over a wider and wider range.

    `derivatives` are f(x0), f'(x0), f''(x0), … (numbers); the order slider goes up
    to ``len(derivatives) - 1``.
    """

    css_class = "taylor-explorer"

    def __init__(self, f: Callable, derivatives: Sequence[float], x0: float = 0.0,
                 order: int = 1, radius: float = 3.0):
        self.f, self.x0, self.radius = f, float(x0), float(radius)
        self.derivatives = [float(d) for d in derivatives]
        if not self.derivatives:
            raise ValueError("TaylorExplorer needs at least f(x0) in `derivatives`")
        top = len(self.derivatives) - 1
        self.order = widgets.IntSlider(value=min(order, top), min=0, max=top,
                                       description=_say("order"), continuous_update=False)
        self._build([self.order])

    def _values(self) -> dict:
        return {"order": self.order.value}

    def update(self, order: int) -> TaylorReading:
        xs = np.linspace(self.x0 - self.radius, self.x0 + self.radius, 400)
        poly = plots.taylor_polynomial(self.derivatives, self.x0, order, xs)
        error = float(np.nanmax(np.abs(plots.evaluate(self.f, xs) - poly)))
        coefficients = tuple(d / math.factorial(k)
                             for k, d in enumerate(self.derivatives[: order + 1]))
        return TaylorReading(order=int(order), coefficients=coefficients, max_error=error)

    def describe(self, r: TaylorReading) -> str:
        return _say("taylor_readout", order=r.order, poly=html.escape(self._polynomial(r)),
                    lo=f"{self.x0 - self.radius:g}", hi=f"{self.x0 + self.radius:g}",
                    error=_num(r.max_error))

    def _polynomial(self, r: TaylorReading) -> str:
        var = "x" if self.x0 == 0 else f"(x − {self.x0:g})"
        terms = []
        for k, c in enumerate(r.coefficients):
            if c == 0:
                continue
            power = "" if k == 0 else var if k == 1 else f"{var}^{k}"
            terms.append(f"{c:.4g}" + (f"·{power}" if power else ""))
        return " + ".join(terms).replace("+ -", "− ") or "0"

    def draw(self, r: TaylorReading):
        return plots.plot_taylor(self.f, self.derivatives, self.x0, r.order, radius=self.radius)
