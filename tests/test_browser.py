"""A learner's session in a real browser, driven by Playwright: the h explorer, and
`autodiff-course lab`'s learner view (lessons and assignments only) and instructor view."""

from __future__ import annotations

import shutil
import urllib.error
from pathlib import Path

import numpy as np
import pytest
from browser_support import (  # noqa: F401  (browser_page and jupyter_lab are fixtures)
    TEST_SERVER_ARGS,
    browser_page,
    dismiss_news,
    free_port,
    jupyter_lab,
    launch_server,
    open_notebook_and_run_all,
    press_slider,
    requires_chromium,
    slider_handle,
    slider_value,
    write_notebook,
)

from course_grader.lab import lab_plan
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


# ------------------------------------------------------------------------------------
# `autodiff-course lab`: the learner's view and the instructor's
# ------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def course_copy(tmp_path: Path) -> Path:
    """A copy of the course's folders (the server autosaves what it opens: never the repo's)."""
    course = tmp_path / "course"
    for folder in ("notebooks", "assignments", "solutions"):
        shutil.copytree(ROOT / folder, course / folder)
    (course / "tests").mkdir()
    return course


def start_lab(tmp_path: Path, **options):
    """The server `autodiff-course lab` would start, plus the test-only flags."""
    port = free_port()
    plan = lab_plan(course_copy(tmp_path), state_dir=tmp_path / "state", no_browser=True,
                    port=port, extra_args=TEST_SERVER_ARGS, **options)
    plan.prepare()
    return launch_server(plan.command, plan.root_dir, port, tmp_path / "state",
                         env=plan.environment(), timeout=180)


def nbgrader_commands(page) -> list[str]:
    return page.evaluate("() => [...window.jupyterapp.commands.listCommands()]"
                         ".filter(c => c.startsWith('nbgrader:'))")


def root_listing(page) -> list[str]:
    """Go to the file browser's root and return the names it lists."""
    page.locator(".jp-BreadCrumbs-home").first.click()
    page.wait_for_function("() => !document.querySelector('.jp-DirListing-content')"
                           "?.textContent.includes('00_start_here')")
    page.wait_for_timeout(500)
    return sorted(page.locator(".jp-DirListing-item .jp-DirListing-itemText").all_inner_texts())


def test_lab_learner_view_shows_lessons_and_assignments_only(tmp_path, browser_page):  # noqa: F811
    from playwright.sync_api import expect

    server = start_lab(tmp_path)
    try:
        page = browser_page
        page.goto(f"{server.url}/", timeout=120_000)  # the default URL: the start notebook
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        assert page.url.endswith("/lab/tree/notebooks/00_start_here.ipynb")
        expect(page.locator(".lm-TabBar-tabLabel", has_text="00_start_here.ipynb")).to_be_visible()
        page.wait_for_function("() => window.jupyterapp !== undefined")
        page.wait_for_timeout(2000)  # plugins activate after the first notebook shows
        assert root_listing(page) == ["assignments", "notebooks"]  # no solutions, tests, ...
        with pytest.raises(urllib.error.HTTPError, match="404"):
            server.api("contents/solutions")  # not only unlisted: unreachable
        commands = nbgrader_commands(page)
        assert "nbgrader:open-assignment-list" in commands
        assert not {"nbgrader:open-formgrader", "nbgrader:open-create-assignment",
                    "nbgrader:open-course-list"} & set(commands)
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "Course" in menus and "Nbgrader" not in menus
        toolbar = page.locator(".jp-NotebookPanel-toolbar").first
        expect(toolbar.get_by_text("Validate")).to_be_visible()
        assert not dismiss_news(page)  # `lab` turns JupyterLab's news pop-up off
        page.screenshot(path=str(tmp_path / "lab_learner_view.png"))
    finally:
        server.stop()


def test_lab_instructor_view_has_every_nbgrader_tool(tmp_path, browser_page):  # noqa: F811
    server = start_lab(tmp_path, instructor=True)
    try:
        page = browser_page
        page.goto(f"{server.url}/lab/tree/notebooks/00_start_here.ipynb?reset", timeout=120_000)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_function("() => window.jupyterapp !== undefined")
        page.wait_for_timeout(2000)
        assert "solutions" in root_listing(page)
        assert {"nbgrader:open-formgrader", "nbgrader:open-assignment-list"} <= set(
            nbgrader_commands(page))
        assert "Nbgrader" in page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        page.screenshot(path=str(tmp_path / "lab_instructor_view.png"))
    finally:
        server.stop()
