"""course_lib.viz.plots and .descent: each picture returns a Figure showing the right numbers."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from dataclasses import dataclass

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import numdiff
from course_lib.viz import (
    OBJECTIVES,
    gradient_descent,
    plot_differential,
    plot_error_vs_h,
    plot_forward_vs_reverse,
    plot_gd_path_1d,
    plot_gd_path_2d,
    plot_subgradients,
    plot_tangent_secant,
    plot_taylor,
    taylor_polynomial,
)
from course_lib.viz._mpl import figure_png


def f(x):
    return 3 * x**2 - 4 * x  # the seeds' example: f'(1) = 2


def df(x):
    return 6 * x - 4


def assert_readable(fig, panels: int = 1):
    """Title, labelled axes and a legend on every panel; renders to a PNG."""
    assert isinstance(fig, Figure)
    axes = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(axes) == panels
    for ax in axes:
        assert ax.get_title(), "every panel needs a title"
        assert ax.get_xlabel() and ax.get_ylabel(), "every panel needs labelled axes"
        legend = ax.get_legend()
        assert legend is not None and legend.get_texts(), "every panel needs a legend"
    assert figure_png(fig).startswith(b"\x89PNG")


def line(ax, label_start: str):
    matches = [ln for ln in ax.get_lines() if ln.get_label().startswith(label_start)]
    assert matches, f"no line labelled {label_start!r} in {[ln.get_label() for ln in ax.lines]}"
    return matches[0]


def slope_of(ln) -> float:
    x, y = np.asarray(ln.get_xdata(), float), np.asarray(ln.get_ydata(), float)
    return float(np.polyfit(x, y, 1)[0])


# ------------------------------------------------------------------------------------


def test_tangent_and_secant_have_the_right_slopes():
    fig = plot_tangent_secant(f, df, 1.0, 0.5)
    assert_readable(fig)
    ax = fig.axes[0]
    assert slope_of(line(ax, "tangent")) == pytest.approx(df(1.0))
    assert slope_of(line(ax, "secant")) == pytest.approx((f(1.5) - f(1.0)) / 0.5)
    points = line(ax, "(x₀")
    assert np.allclose(points.get_xdata(), [1.0, 1.5])
    assert np.allclose(points.get_ydata(), [f(1.0), f(1.5)])


def test_secant_needs_a_nonzero_h():
    with pytest.raises(ValueError, match="h must not be 0"):
        plot_tangent_secant(f, df, 1.0, 0.0)


def test_functions_written_for_scalars_are_accepted():
    fig = plot_tangent_secant(lambda x: math.exp(x), lambda x: math.exp(x), 0.0, 0.1)
    assert slope_of(line(fig.axes[0], "secant")) == pytest.approx((math.exp(0.1) - 1) / 0.1)


def test_differential_shows_dy_and_delta_y():
    x0, dx = 1.0, 0.6
    fig = plot_differential(f, df, x0, dx)
    assert_readable(fig)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    delta_y, dy = f(x0 + dx) - f(x0), df(x0) * dx
    assert any(label.startswith("Δy") and f"{delta_y:.4g}" in label for label in labels)
    assert any(label.startswith("dy") and f"{dy:.4g}" in label for label in labels)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(f"{delta_y - dy:.3g}" in t for t in texts)  # the gap, 3·dx² for this f


def test_error_vs_h_curves_are_numdiff_sweeps_on_log_axes():
    hs = np.logspace(-12, 0, 49)
    fig = plot_error_vs_h(np.sin, np.cos, 1.0, schemes=("forward", "central"),
                          dtypes=(np.float32, np.float64), hs=hs)
    assert_readable(fig, panels=2)
    for ax, dtype in zip(fig.axes, (np.float32, np.float64)):
        assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
        assert np.dtype(dtype).name in ax.get_title()
        for name in ("forward", "central"):
            curve = line(ax, f"{name} (order {numdiff.SCHEMES[name].order})")
            sweep = numdiff.error_vs_h(np.sin, np.cos, 1.0, name, dtype, hs)
            shown = np.asarray(curve.get_ydata(), float)
            keep = sweep.errors > 0
            np.testing.assert_allclose(shown[keep], sweep.errors[keep])


def test_error_vs_h_reference_slopes_and_optimal_h_markers():
    fig = plot_error_vs_h(np.exp, np.exp, 0.5, dtypes=(np.float64,))
    ax = fig.axes[0]
    dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--" and len(ln.get_xdata()) > 1]
    orders = sorted(
        round(np.polyfit(np.log10(ln.get_xdata()), np.log10(ln.get_ydata()), 1)[0], 6)
        for ln in dashed
    )
    assert orders == [1.0, 2.0, 4.0]
    stars = [ln for ln in ax.get_lines() if ln.get_marker() == "*" and len(ln.get_xdata()) == 1]
    predicted = sorted(
        numdiff.error_vs_h(np.exp, np.exp, 0.5, name, np.float64, [1e-3]).predicted_h
        for name in ("forward", "central", "five_point")
    )
    assert sorted(float(s.get_xdata()[0]) for s in stars) == pytest.approx(predicted)


def test_subgradient_fan():
    slopes = [-1.0, -0.5, 0.0, 0.5, 1.0]
    fig = plot_subgradients(slopes)
    assert_readable(fig)
    ax = fig.axes[0]
    fan = [ln for ln in ax.get_lines()
           if ln.get_label().startswith("_") and len(ln.get_xdata()) > 2]
    assert sorted(round(slope_of(ln), 9) for ln in fan) == slopes
    xs = np.asarray(fan[0].get_xdata())
    for ln in fan:
        assert np.all(np.asarray(ln.get_ydata()) <= np.abs(xs) + 1e-12)  # supporting lines


def test_subgradient_fan_flags_slopes_outside_the_interval():
    fig = plot_subgradients([0.0, 1.5])
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("not one" in label for label in labels)


def test_taylor_polynomial_of_exp():
    xs = np.linspace(-1, 1, 7)
    for order in range(6):
        expected = sum(xs**k / math.factorial(k) for k in range(order + 1))
        np.testing.assert_allclose(taylor_polynomial([1.0] * 6, 0.0, order, xs), expected)
    shifted = taylor_polynomial([f(1.0), df(1.0), 6.0], 1.0, 2, xs)
    np.testing.assert_allclose(shifted, f(xs))  # a quadratic is its own 2nd-order polynomial


def test_taylor_needs_enough_derivatives():
    with pytest.raises(ValueError, match="order 3 needs 4 derivatives"):
        taylor_polynomial([1.0, 1.0], 0.0, 3, 0.5)


def test_plot_taylor():
    derivs = [0.0, 1.0, 0.0, -1.0, 0.0, 1.0]  # sin at 0
    fig = plot_taylor(np.sin, derivs, 0.0, 5, radius=2.0)
    assert_readable(fig)
    poly = line(fig.axes[0], "Taylor polynomial of order 5")
    x = np.asarray(poly.get_xdata())
    np.testing.assert_allclose(poly.get_ydata(), x - x**3 / 6 + x**5 / 120)


# ------------------------------------------------------------------------------------
# gradient descent
# ------------------------------------------------------------------------------------


def test_descent_on_the_quadratic_matches_the_closed_form():
    lr, steps = 0.05, 30
    run = gradient_descent("quadratic", lr, steps)
    x0, y0 = OBJECTIVES["quadratic"].start
    k = np.arange(steps + 1)
    np.testing.assert_allclose(run.path[:, 0], (1 - lr) ** k * x0)
    np.testing.assert_allclose(run.path[:, 1], (1 - 10 * lr) ** k * y0, atol=1e-300)
    assert not run.diverged
    assert np.all(np.diff(run.losses) < 0) and run.losses[-1] < 0.05 * run.losses[0]


@pytest.mark.parametrize("lr, diverges", [(0.15, False), (0.19, False), (0.21, True), (0.5, True)])
def test_quadratic_diverges_beyond_two_over_l(lr, diverges):
    run = gradient_descent("quadratic", lr, 300)
    assert run.diverged is diverges
    assert ("> 2/L = 0.2" in run.message) is diverges
    assert ("Diverged" in run.message) is diverges


def test_overflow_stops_early_and_keeps_the_path_finite():
    run = gradient_descent("rosenbrock", 0.05, 200)
    assert run.diverged and run.steps < 200
    assert np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.losses))
    assert "lr ≤ 2e-3" in run.message


def test_constant_steps_on_abs_hover_around_the_kink():
    lr = 0.3
    run = gradient_descent("abs", lr, 40)
    assert not run.diverged
    assert np.all(np.abs(run.path[-10:, 0]) <= lr)  # within one step of 0 ...
    assert np.all(run.path[-10:, 0] != 0)  # ... but never at it
    assert "subgradient is ±1" in run.message


def test_descent_rejects_bad_arguments():
    with pytest.raises(ValueError, match="learning rate must be a positive"):
        gradient_descent("quadratic", -0.1, 10)
    with pytest.raises(ValueError, match="steps must be a non-negative integer"):
        gradient_descent("quadratic", 0.1, 2.5)


def test_gd_path_1d():
    obj = OBJECTIVES["abs"]
    run = gradient_descent(obj, 0.3, 12)
    fig = plot_gd_path_1d(obj.f_1d, obj.grad_1d, run.path[:, 0])
    assert_readable(fig)
    path_line = line(fig.axes[0], "gradient descent (12 steps)")
    np.testing.assert_allclose(path_line.get_xdata(), run.path[:, 0])
    np.testing.assert_allclose(path_line.get_ydata(), np.abs(run.path[:, 0]))


def test_gd_path_2d_on_contours():
    obj = OBJECTIVES["rosenbrock"]
    run = gradient_descent(obj, 1e-3, 100)
    fig = plot_gd_path_2d(obj.f, run.path, obj.xlim, obj.ylim)
    assert_readable(fig)
    ax = next(a for a in fig.axes if a.get_label() != "<colorbar>")
    np.testing.assert_allclose(line(ax, "gradient descent").get_xydata(), run.path)
    assert ax.get_xlim() == obj.xlim and ax.get_ylim() == obj.ylim
    assert "leaves" not in ax.get_title()
    diverged = gradient_descent("quadratic", 0.3, 20)
    fig = plot_gd_path_2d(OBJECTIVES["quadratic"].f, diverged.path, (-5, 5), (-2.5, 2.5))
    assert "leaves the window" in fig.axes[0].get_title()


# ------------------------------------------------------------------------------------
# forward vs reverse mode
# ------------------------------------------------------------------------------------

COSTS = {
    "n": [1, 4, 16],
    "forward_passes": [1, 4, 16],
    "reverse_passes": [1, 1, 1],
    "forward_peak_bytes": [2048, 2048, 2048],
    "reverse_peak_bytes": [1024, 4096, 16384],
}


def test_forward_vs_reverse_from_a_mapping():
    fig = plot_forward_vs_reverse(COSTS)
    assert_readable(fig, panels=2)
    passes, memory = fig.axes
    np.testing.assert_allclose(line(passes, "forward").get_ydata(), COSTS["forward_passes"])
    np.testing.assert_allclose(line(passes, "reverse").get_ydata(), COSTS["reverse_passes"])
    np.testing.assert_allclose(line(memory, "reverse").get_ydata(),
                               np.array(COSTS["reverse_peak_bytes"]) / 1024)


def test_forward_vs_reverse_from_a_dataclass_and_missing_keys():
    @dataclass
    class Costs:
        n: list
        forward_passes: list
        reverse_passes: list
        forward_peak_bytes: list
        reverse_peak_bytes: list

    fig = plot_forward_vs_reverse(Costs(**COSTS))
    np.testing.assert_allclose(line(fig.axes[0], "forward").get_xdata(), COSTS["n"])
    with pytest.raises(KeyError, match="reverse_peak_bytes"):
        plot_forward_vs_reverse({k: v for k, v in COSTS.items() if k != "reverse_peak_bytes"})


# ------------------------------------------------------------------------------------
# headless
# ------------------------------------------------------------------------------------


def test_figures_are_not_pyplot_figures():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    plot_tangent_secant(f, df, 1.0, 0.5)
    plot_subgradients()
    assert plt.get_fignums() == before  # nothing left open for the inline backend to re-show


def test_outside_a_notebook_without_display_the_backend_is_agg():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "MPLBACKEND")}
    code = "import course_lib.viz, matplotlib; print(matplotlib.get_backend())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    assert out.stdout.strip().lower() == "agg"


def test_forward_vs_reverse_plots_the_measured_costs():
    from course_lib import functional

    costs = functional.mode_costs(ns=(2, 4))
    fig = plot_forward_vs_reverse(costs)
    passes = fig.axes[0]
    np.testing.assert_allclose(line(passes, "forward").get_ydata(), costs["forward_passes"])
    np.testing.assert_allclose(line(passes, "reverse").get_ydata(), costs["reverse_passes"])


@pytest.mark.slow
def test_in_a_kernel_figures_and_graphs_display_once(tmp_path):
    """A returned Figure shows as one PNG (not twice via pyplot); a graph shows as SVG."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in (
        "import numpy as np\nimport course_lib as cl\nfrom course_lib import viz",
        "viz.plot_tangent_secant(np.sin, np.cos, 1.0, 0.5)",
        "x = cl.tensor([1.0, 2.0], requires_grad=True)\nviz.draw_graph((x * x).sum())",
        "import matplotlib; matplotlib.get_backend()",
    )]
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={
        "metadata": {"path": str(tmp_path)}}).execute()
    figure_outputs = nb.cells[1].outputs
    assert [o["output_type"] for o in figure_outputs] == ["execute_result"]
    assert "image/png" in figure_outputs[0]["data"]
    (graph_output,) = nb.cells[2].outputs
    assert "MulBackward0" in graph_output["data"]["image/svg+xml"]
    backend = nb.cells[3].outputs[0]["data"]["text/plain"]
    assert "agg" not in backend.lower() or "inline" in backend.lower()  # not forced to Agg
