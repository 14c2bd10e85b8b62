"""A learner's session in a real browser: JupyterLab + the h explorer, driven by Playwright."""

from __future__ import annotations

import numpy as np
import pytest
from browser_support import (  # noqa: F401  (browser_page and jupyter_lab are fixtures)
    browser_page,
    jupyter_lab,
    open_notebook_and_run_all,
    press_slider,
    requires_chromium,
    slider_handle,
    slider_value,
    write_notebook,
)

from course_lib import numdiff

pytestmark = [pytest.mark.browser, pytest.mark.slow, requires_chromium]


def forward_error(h: float) -> str:
    """The error the readout should show, computed here independently of the widget."""
    estimate = numdiff.derivative(np.sin, 1.0, h, "forward", dtype=np.float64)
    return f"{abs(estimate - np.cos(1.0)):.3e}"

H_EXPLORER_CELLS = [
    ("markdown", "# How small should h be?\nMove the slider and watch the error."),
    "import numpy as np\nfrom course_lib.viz import HExplorer",
    "explorer = HExplorer(np.sin, np.cos, x=1.0, h=1e-3)\nexplorer",
]


def test_moving_the_h_slider_changes_the_shown_error(tmp_path, jupyter_lab, browser_page):  # noqa: F811
    from playwright.sync_api import expect

    root = tmp_path / "notebooks"
    write_notebook(root / "h_explorer.ipynb", H_EXPLORER_CELLS)
    server = jupyter_lab(root)
    page = browser_page

    open_notebook_and_run_all(page, server, "h_explorer.ipynb")
    explorer = page.locator(".h-explorer")
    error = explorer.locator(".h-explorer-readout .hx-error")
    figure = explorer.locator(".h-explorer-output img")
    expect(error).to_have_text(forward_error(1e-3), timeout=60_000)
    expect(figure).to_have_count(1)
    error_before, src_before = error.text_content(), figure.get_attribute("src")

    handle = slider_handle(explorer)
    assert slider_value(handle) == pytest.approx(-3.0)  # FloatLogSlider: the exponent of h
    press_slider(page, handle, "ArrowRight", times=2)  # h: 1e-3 -> 10^-2.5

    expect(handle).to_have_attribute("aria-valuenow", "-2.5")
    expect(error).not_to_have_text(error_before, timeout=30_000)
    expect(error).to_have_text(forward_error(10**-2.5))
    expect(explorer.locator(".h-explorer-readout .hx-h")).to_have_text(f"{10**-2.5:.3e}")
    expect(figure).not_to_have_attribute("src", src_before, timeout=30_000)
    assert float(error.text_content()) > float(error_before)  # bigger h, bigger truncation error

    page.screenshot(path=str(tmp_path / "h_explorer.png"), full_page=True)
    assert (tmp_path / "h_explorer.png").stat().st_size > 10_000
