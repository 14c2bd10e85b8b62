"""course_lib.viz.widgets: set a control's .value, as a slider would, and check what changed."""

from __future__ import annotations

import base64

import ipywidgets as widgets
import numpy as np
import pytest

from course_lib import numdiff
from course_lib.viz import (
    HExplorer,
    StepSizeExplorer,
    SubgradientExplorer,
    TaylorExplorer,
    gradient_descent,
)


def shown_png(explorer) -> bytes:
    (output,) = explorer.output.outputs
    png = base64.b64decode(output["data"]["image/png"])
    assert png.startswith(b"\x89PNG")
    return png


def assert_layout(explorer, controls):
    assert isinstance(explorer.widget, widgets.VBox)
    children = explorer.widget.children
    for control in controls:
        assert control in children
    assert explorer.readout in children and explorer.output in children


def test_explorers_display_their_vbox(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    explorer = SubgradientExplorer()
    explorer._ipython_display_()
    assert shown == [explorer.widget]


# ------------------------------------------------------------------------------------
# h explorer
# ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def h_explorer():
    return HExplorer(np.sin, np.cos, x=1.0, h=1e-3)


def test_h_explorer_controls(h_explorer):
    e = h_explorer
    assert isinstance(e.h, widgets.FloatLogSlider)
    assert (e.h.base, e.h.min, e.h.max) == (10, -16, 0)  # h from 1e-16 to 1
    assert isinstance(e.scheme, widgets.Dropdown) and "central" in e.scheme.options
    assert isinstance(e.dtype, widgets.ToggleButtons)
    assert set(e.dtype.options) == {"float32", "float64"}
    assert_layout(e, [e.h, e.scheme, e.dtype])


def test_h_explorer_numbers_are_numdiffs(h_explorer):
    r = h_explorer.update(h=1e-3, scheme="central", dtype="float64")
    expected = numdiff.derivative(np.sin, 1.0, 1e-3, "central", dtype=np.float64)
    assert r.estimate == expected
    assert r.exact == np.cos(1.0)
    assert r.error == abs(expected - np.cos(1.0))
    assert r.points == pytest.approx((1.0 - 1e-3, 1.0 + 1e-3))


def test_moving_h_changes_state_readout_and_figure():
    e = HExplorer(np.sin, np.cos, x=1.0, h=1e-3, scheme="forward")
    before = (e.state, e.readout.value, shown_png(e))
    assert f"{e.state.error:.3e}" in e.readout.value
    e.h.value = 1e-8
    assert e.state.h == pytest.approx(1e-8)
    assert e.state.error < before[0].error  # forward, float64: 1e-8 ≈ √ε is near the best h
    assert e.readout.value != before[1] and f"{e.state.error:.3e}" in e.readout.value
    assert shown_png(e) != before[2]


def test_float32_and_a_tiny_h_lose_everything():
    e = HExplorer(np.sin, np.cos, x=1.0, h=1e-3)
    e.dtype.value = "float32"
    e.h.value = 1e-10  # x + h == x in float32: the difference quotient is exactly 0
    assert e.state.dtype == "float32"
    assert e.state.estimate == 0.0
    assert e.state.error == pytest.approx(np.cos(np.float32(1.0)), rel=1e-6)
    e.dtype.value = "float64"
    assert 0 < e.state.error < 1e-5  # float64 still resolves x + 1e-10


def test_scheme_dropdown_changes_the_order(h_explorer):
    e = HExplorer(np.exp, np.exp, x=0.5, h=1e-2)
    errors = {}
    for scheme in ("forward", "central", "five_point"):
        e.scheme.value = scheme
        errors[scheme] = e.state.error
        assert e.state.scheme == scheme
    assert errors["five_point"] < errors["central"] < errors["forward"]
    assert errors["forward"] == pytest.approx(np.exp(0.5) * 1e-2 / 2, rel=0.05)  # f''·h/2


def test_h_explorer_error_curve_marks_the_current_h():
    e = HExplorer(np.sin, np.cos, x=1.0, h=1e-4)
    ax = e.figure.axes[1]
    current = next(ln for ln in ax.get_lines() if ln.get_label().startswith("current h"))
    assert current.get_xdata()[0] == pytest.approx(1e-4)
    assert current.get_ydata()[0] == pytest.approx(e.state.error)
    sweep = e.sweep("forward", "float64")
    assert sweep is e.sweep("forward", "float64")  # computed once


def test_update_is_pure(h_explorer):
    state, text = h_explorer.state, h_explorer.readout.value
    h_explorer.update(h=0.5, scheme="central", dtype="float32")
    assert h_explorer.state is state and h_explorer.readout.value == text


# ------------------------------------------------------------------------------------
# step-size explorer
# ------------------------------------------------------------------------------------


def test_step_size_explorer_controls():
    e = StepSizeExplorer()
    assert isinstance(e.lr, widgets.FloatLogSlider)
    assert isinstance(e.iterations, widgets.IntSlider)
    assert {value for _, value in e.function.options} == {"quadratic", "rosenbrock", "abs"}
    assert_layout(e, [e.lr, e.iterations, e.function])


def test_step_size_explorer_says_when_it_diverges():
    e = StepSizeExplorer("quadratic", lr=0.05, iterations=60)
    assert not e.state.diverged and "Diverged" not in e.readout.value
    png = shown_png(e)
    e.lr.value = 0.25  # beyond 2/L = 0.2
    assert e.state.diverged
    assert "Diverged" in e.readout.value and "2/L" in e.readout.value
    assert shown_png(e) != png
    expected = gradient_descent("quadratic", e.lr.value, 60)
    np.testing.assert_allclose(e.state.path, expected.path)


def test_step_size_readout_never_rounds_into_a_contradiction():
    """One notch below 2/L the slider sits at 10^-0.7 = 0.1995: not "lr = 0.2 < 2/L = 0.2"."""
    import re

    e = StepSizeExplorer("quadratic", lr=0.05, iterations=50)
    notch = e.lr.step
    below = 10 ** (np.floor(np.log10(0.2) / notch) * notch)
    above = 10 ** (np.ceil(np.log10(0.2) / notch) * notch)
    for lr, relation in ((below, "<"), (above, ">")):
        e.lr.value = lr
        text = e.readout.value
        shown = [float(v) for v in re.findall(r"lr = ([0-9.e+-]+)", text)]
        assert shown, text
        for value in shown:  # every lr printed compares with 2/L = 0.2 as the true lr does
            assert (value < 0.2) if relation == "<" else (value > 0.2), text
        factor = float(re.search(r"\|1 − lr·L\| = ([0-9.e+-]+)", text).group(1))
        assert (factor < 1) if relation == "<" else (factor > 1), text
    assert float(f"{below:{e.lr.readout_format}}") < 0.2  # the slider's own readout, too


def test_h_explorer_legend_leaves_the_curve_and_marker_free():
    """In float32 the flat top of the error curve and the current-h marker stay visible."""
    e = HExplorer(np.sin, np.cos, x=1.0, h=1e-9, dtype="float32")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = e.figure

    renderer = FigureCanvasAgg(fig).get_renderer()
    right = fig.axes[1]
    legend_box = right.get_legend().get_window_extent(renderer)
    axes_box = right.get_window_extent(renderer)
    assert not legend_box.overlaps(axes_box)


def test_iterations_and_function_choice():
    e = StepSizeExplorer("quadratic", lr=0.01, iterations=10)
    assert e.state.steps == 10
    e.iterations.value = 25
    assert e.state.steps == 25 and e.state.path.shape == (26, 2)
    e.function.value = "abs"
    assert e.state.objective.name == "abs" and e.state.path.shape == (26, 1)
    assert len(e.figure.axes) == 2
    e.function.value = "rosenbrock"
    assert e.state.objective.name == "rosenbrock"


# ------------------------------------------------------------------------------------
# subgradient and Taylor explorers
# ------------------------------------------------------------------------------------


def test_subgradient_explorer():
    e = SubgradientExplorer(a=0.5)
    assert e.a.min < -1.0 and e.a.max > 1.0  # the slider reaches the slopes that are not
    assert_layout(e, [e.a])
    assert e.state.is_subgradient and e.state.smallest_gap == pytest.approx(0.0, abs=1e-12)
    png = shown_png(e)
    e.a.value = -0.8
    assert e.state.a == pytest.approx(-0.8) and shown_png(e) != png
    line = next(ln for ln in e.figure.axes[0].get_lines() if "·x" in ln.get_label())
    assert np.polyfit(line.get_xdata(), line.get_ydata(), 1)[0] == pytest.approx(-0.8)


def test_subgradient_explorer_slider_reaches_a_red_line_through_the_graph():
    """Lesson 02's text: past ±1 the line cuts through |x| and is drawn red."""
    e = SubgradientExplorer(a=0.5)
    for a in (e.a.max, e.a.min):
        e.a.value = a
        assert not e.state.is_subgradient and "not a subgradient" in e.readout.value
        ax = e.figure.axes[0]
        line = next(ln for ln in ax.get_lines() if "·x" in ln.get_label())
        assert line.get_color() == "C3"  # red
        xs, ys = line.get_xdata(), line.get_ydata()
        inside = (ys > np.abs(xs)) & (np.abs(ys) <= ax.get_ylim()[1])
        assert inside.any()  # the crossing is inside the picture, not off its edge


def test_subgradient_explorer_beyond_one():
    e = SubgradientExplorer(a=0.0, a_range=(-1.5, 1.5))
    e.a.value = 1.3
    assert not e.state.is_subgradient
    assert e.state.smallest_gap == pytest.approx(2 - 1.3 * 2)  # at x = 2: |2| − 1.3·2
    assert "not a subgradient" in e.readout.value


def test_taylor_explorer():
    derivs = [0.0, 1.0, 0.0, -1.0, 0.0, 1.0, 0.0, -1.0]  # sin at 0
    e = TaylorExplorer(np.sin, derivs, x0=0.0, order=1, radius=2.0)
    assert (e.order.min, e.order.max) == (0, 7)
    assert_layout(e, [e.order])
    errors = []
    for order in (1, 3, 5, 7):
        e.order.value = order
        errors.append(e.state.max_error)
        assert e.state.order == order
        assert f"P<sub>{order}</sub>" in e.readout.value
    assert errors == sorted(errors, reverse=True)
    xs = np.linspace(-2, 2, 400)
    assert errors[-1] == pytest.approx(np.max(np.abs(
        np.sin(xs) - (xs - xs**3 / 6 + xs**5 / 120 - xs**7 / 5040))))
    assert e.state.coefficients[3] == pytest.approx(-1 / 6)


def test_taylor_explorer_needs_derivatives():
    with pytest.raises(ValueError, match="at least f\\(x0\\)"):
        TaylorExplorer(np.sin, [], 0.0)
