"""The lessons' sliders in a real browser: lessons 03 (h explorer) and 09 (step-size explorer).

Each test copies the committed lesson into a fresh JupyterLab root, opens it in
Debian's chromium, runs all cells (failing on any cell error), moves the explorer's
slider the way a learner would (click the handle, press an arrow key; or type into
the readout) and asserts that the text the explorer shows changed accordingly.
A screenshot of each page is saved under the test's tmp_path.

The server, browser and slider helpers are in browser_support.py (see
../shared/BROWSER_TESTING.md for the facts behind them); opening a notebook is done
here with a kernel wait that tolerates the server's start-up HTTP 500 (see
wait_until_kernel_idle).
"""

from __future__ import annotations

import re
import shutil
import time
import urllib.error
from pathlib import Path

import pytest
from browser_support import (  # noqa: F401  (browser_page and jupyter_lab are fixtures)
    SLIDER_READOUT,
    browser_page,
    cell_errors,
    jupyter_lab,
    press_slider,
    requires_chromium,
    run_all_cells,
    slider_handle,
    slider_value,
    type_slider_value,
)

from course_lib.viz import gradient_descent

pytestmark = [pytest.mark.browser, pytest.mark.slow, requires_chromium]

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LESSON_03 = NOTEBOOKS / "03_numeric_differentiation.ipynb"
LESSON_09 = NOTEBOOKS / "09_gradient_descent.ipynb"
TIMEOUT_MS = 60_000


def lesson_in_fresh_root(lesson: Path, tmp_path: Path) -> Path:
    """Copy a lesson into <tmp_path>/lab (the server's root); skip if the lesson is missing."""
    if not lesson.exists():
        pytest.skip(f"{lesson.relative_to(NOTEBOOKS.parent)} does not exist yet "
                    "(it is written by another lesson helper)")
    root = tmp_path / "lab"
    root.mkdir()
    shutil.copy(lesson, root / lesson.name)
    return root


def wait_until_kernel_idle(server, timeout: float = 90.0) -> None:
    """Poll /api/kernels until a kernel exists and all are idle, tolerating start-up 500s.

    jupyter_server answers GET /api/kernels with HTTP 500 (KeyError 'last_activity') when
    it is asked while a kernel is still starting; browser_support.wait_for_kernels_idle
    lets that error escape, which made these tests flaky under load. Here it means
    "not ready yet".
    """
    deadline = time.monotonic() + timeout
    states: list[str] = []
    while time.monotonic() < deadline:
        try:
            states = [kernel["execution_state"] for kernel in server.api("kernels")]
        except urllib.error.HTTPError as err:
            if err.code != 500:
                raise
            states = ["starting (the server answered HTTP 500)"]
        if states and all(state == "idle" for state in states):
            return
        time.sleep(0.25)
    raise TimeoutError(f"the notebook's kernel was not idle after {timeout:.0f} s: {states}")


def open_and_run_all(page, server, path: str, timeout: float = 120.0) -> None:
    """Open `path` in JupyterLab, wait for its kernel, run all cells, fail on a cell error."""
    page.goto(f"{server.url}/lab/tree/{path}?reset", timeout=timeout * 1000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout * 1000)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=timeout * 1000)
    wait_until_kernel_idle(server, timeout)
    run_all_cells(page, server, timeout)
    errors = cell_errors(page)
    assert not errors, f"cells of {path} raised:\n" + "\n---\n".join(errors)


def slider_position(handle) -> float:
    """The handle's exact value from aria-valuetext (aria-valuenow is rounded to 0.1).

    For a FloatLogSlider this is log10 of the value. browser_support.slider_value reads
    aria-valuenow, which cannot tell -1.25 from -1.3.
    """
    return float(handle.get_attribute("aria-valuetext"))


def screenshot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"the screenshot {path} is suspiciously small"
    return path


def test_lesson_03_h_slider_changes_the_shown_error(tmp_path, jupyter_lab, browser_page):  # noqa: F811
    from playwright.sync_api import expect

    root = lesson_in_fresh_root(LESSON_03, tmp_path)
    page = browser_page
    open_and_run_all(page, jupyter_lab(root), LESSON_03.name)

    explorer = page.locator(".h-explorer").first
    error = explorer.locator(".h-explorer-readout .hx-error")
    shown_h = explorer.locator(".h-explorer-readout .hx-h")
    figure = explorer.locator(".h-explorer-output img")
    expect(error).to_have_count(1, timeout=TIMEOUT_MS)
    expect(figure).to_have_count(1, timeout=TIMEOUT_MS)
    error_before, h_before = error.text_content(), shown_h.text_content()
    src_before = figure.get_attribute("src")

    handle = slider_handle(explorer)  # the h slider (a FloatLogSlider: its position is log10 h)
    handle.scroll_into_view_if_needed()  # JupyterLab renders cells lazily: bring it on screen
    position_text = handle.get_attribute("aria-valuetext")
    exponent_before = float(position_text)
    press_slider(page, handle, "ArrowRight", times=2)  # two steps of 0.25 in log10(h)

    expect(handle).not_to_have_attribute("aria-valuetext", position_text, timeout=TIMEOUT_MS)
    exponent = slider_position(handle)
    steps = (exponent - exponent_before) / 0.25
    assert steps > 0 and steps == pytest.approx(round(steps)), (
        f"ArrowRight should raise log10(h) by steps of 0.25, went {exponent_before} -> {exponent}"
    )
    expect(shown_h).to_have_text(f"{10**exponent:.3e}", timeout=TIMEOUT_MS)
    expect(error).not_to_have_text(error_before, timeout=TIMEOUT_MS)
    expect(figure).not_to_have_attribute("src", src_before, timeout=TIMEOUT_MS)
    assert shown_h.text_content() != h_before
    screenshot(page, tmp_path, "lesson_03_h_explorer")


def test_lesson_09_lr_slider_changes_the_verdict(tmp_path, jupyter_lab, browser_page):  # noqa: F811
    from playwright.sync_api import expect

    root = lesson_in_fresh_root(LESSON_09, tmp_path)
    page = browser_page
    open_and_run_all(page, jupyter_lab(root), LESSON_09.name)

    explorer = page.locator(".step-size-explorer").first
    readout = explorer.locator(".step-size-explorer-readout")
    figure = explorer.locator(".step-size-explorer-output img")
    expect(figure).to_have_count(1, timeout=TIMEOUT_MS)
    expect(readout).to_contain_text("Loss", timeout=TIMEOUT_MS)
    text_before, src_before = readout.text_content(), figure.get_attribute("src")
    assert "Diverged" not in text_before, f"the lesson should start on a stable lr: {text_before}"

    # 1. one arrow key: a slightly larger learning rate, a different loss after 50 steps
    # (aria-valuenow is rounded to one decimal, too coarse for lr's 0.05 steps in log10:
    # read the slider's own readout, which shows lr itself)
    handle = slider_handle(explorer)  # the lr slider (the function dropdown comes first)
    lr_shown = explorer.locator(SLIDER_READOUT).first
    handle.scroll_into_view_if_needed()  # JupyterLab renders cells lazily: bring it on screen
    expect(lr_shown).to_have_text(re.compile(r"\d"), timeout=TIMEOUT_MS)
    lr_text_before = lr_shown.text_content()
    lr_before = float(lr_text_before)
    press_slider(page, handle, "ArrowRight")
    expect(lr_shown).not_to_have_text(lr_text_before, timeout=TIMEOUT_MS)
    expect(readout).not_to_have_text(text_before, timeout=TIMEOUT_MS)
    expect(figure).not_to_have_attribute("src", src_before, timeout=TIMEOUT_MS)
    lr_after = float(lr_shown.text_content())
    assert lr_after == pytest.approx(lr_before * 10**0.05, rel=0.02), (
        f"one ArrowRight should multiply lr by 10^0.05: {lr_before} -> {lr_after}"
    )

    # 2. type a learning rate beyond 2/L = 0.2 into the readout: the explorer says it diverged
    iterations = int(slider_value(slider_handle(explorer, 1)))  # the iterations slider
    expected = gradient_descent("quadratic", 0.3, iterations).message  # computed here, not by
    # the widget: the readout must show exactly this run's verdict
    assert expected.startswith("Diverged")
    src_stable = figure.get_attribute("src")
    type_slider_value(page, explorer, "0.3")
    expect(readout).to_have_text(expected, timeout=TIMEOUT_MS)
    expect(figure).not_to_have_attribute("src", src_stable, timeout=TIMEOUT_MS)  # redrawn too
    screenshot(page, tmp_path, "lesson_09_step_size_explorer")
