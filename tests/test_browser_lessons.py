"""The lessons in a real browser, as a learner meets them: JupyterLab + Debian chromium.

1. Every lesson 00–11 (whatever notebooks/NN_*.ipynb exist): opened in the learner's view of
   `autodiff-course lab` (the same private configuration: instructor plugins off, news off),
   all cells run, then asserted:
   * no cell raised and nothing was written to stderr;
   * every widget output is rendered as a control: the number of widget views in the page
     equals the number of widget outputs in the notebook, none says "Loading widget…" or
     "Error displaying widget", and no output shows a widget's text form (``HBox(...)``,
     ``IntSlider(...)``);
   * no figure is squeezed: every visible image (matplotlib PNG, graph SVG, explorer
     picture) is displayed at least MIN_SCALE = 0.75 of its natural width (the width it
     was drawn for), at a 1400 × 1000 window with the file browser open.
   Screenshots of each lesson, top to bottom, are kept in tests/artifacts/browser/<lesson>/
   (ignored by git), with each lesson's time in tests/artifacts/browser/times.json.
   The notebooks are copies: running them never writes into notebooks/.
2. The sliders of lessons 03 (h explorer) and 09 (step-size explorer): moved the way a
   learner would (click the handle, press an arrow key; or type into the readout); the text
   the explorer shows must change accordingly. The same in the Chinese edition
   (notebooks/zh/): the readout is Chinese and changes; screenshots and times kept in
   tests/artifacts/browser/zh/.

The server, browser and slider helpers are in browser_support.py (see
../shared/BROWSER_TESTING.md for the facts behind them).
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser_support import (  # noqa: F401  (browser_page and jupyter_lab are fixtures)
    CHROMIUM,
    RUN_ALL_JS,
    SLIDER_READOUT,
    TEST_SERVER_ARGS,
    browser_page,
    cell_errors,
    dismiss_news,
    free_port,
    jupyter_lab,
    launch_server,
    press_slider,
    requires_chromium,
    run_all_cells,
    slider_handle,
    slider_value,
    type_slider_value,
    wait_until_run,
)

from course_grader.lab import lab_plan
from course_lib.viz import gradient_descent

pytestmark = [pytest.mark.browser, pytest.mark.slow, requires_chromium]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "browser"
MIN_SCALE = 0.75  # a figure may be shown at no less than 3/4 of the width it was drawn for
LESSON_TIMEOUT = 150.0  # seconds to open one lesson and run all its cells (shared 2 cores)
MAX_SCREENSHOTS = 40  # per lesson
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


# ------------------------------------------------------------------------------------
# the same sliders in the Chinese edition: the readout speaks Chinese and follows them
# ------------------------------------------------------------------------------------

ZH_LESSON_03 = NOTEBOOKS / "zh" / "03_numeric_differentiation.ipynb"
ZH_LESSON_09 = NOTEBOOKS / "zh" / "09_gradient_descent.ipynb"
ZH_ARTIFACTS = ARTIFACTS / "zh"


def keep_screenshot(page, name: str) -> Path:
    """A full-page screenshot kept in tests/artifacts/browser/zh/ (ignored by git)."""
    ZH_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ZH_ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"the screenshot {path} is suspiciously small"
    return path


def record_zh_time(name: str, seconds: float) -> None:
    ZH_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ZH_ARTIFACTS / "times.json"
    times = json.loads(path.read_text()) if path.exists() else {}
    times[name] = round(seconds, 1)
    path.write_text(json.dumps(times, indent=2, sort_keys=True) + "\n")


def test_zh_lesson_03_h_slider_changes_the_chinese_readout(tmp_path, jupyter_lab,  # noqa: F811
                                                           browser_page):  # noqa: F811
    from playwright.sync_api import expect

    start = time.monotonic()
    root = lesson_in_fresh_root(ZH_LESSON_03, tmp_path)
    page = browser_page
    server = jupyter_lab(root)
    open_and_run_all(page, server, ZH_LESSON_03.name)

    explorer = page.locator(".h-explorer").first
    readout = explorer.locator(".h-explorer-readout")
    error = readout.locator(".hx-error")
    shown_h = readout.locator(".hx-h")
    figure = explorer.locator(".h-explorer-output img")
    expect(error).to_have_count(1, timeout=TIMEOUT_MS)
    expect(figure).to_have_count(1, timeout=TIMEOUT_MS)
    expect(readout).to_contain_text("估计值", timeout=TIMEOUT_MS)
    text_before = readout.text_content()
    assert "差分" in text_before and "|误差|" in text_before and "estimate" not in text_before
    error_before, src_before = error.text_content(), figure.get_attribute("src")
    expect(explorer.locator("label", has_text="差分格式")).to_have_count(1)  # the scheme menu

    handle = slider_handle(explorer)  # the h slider (log10 h)
    handle.scroll_into_view_if_needed()
    position_text = handle.get_attribute("aria-valuetext")
    press_slider(page, handle, "ArrowRight", times=2)
    expect(handle).not_to_have_attribute("aria-valuetext", position_text, timeout=TIMEOUT_MS)
    exponent = slider_position(handle)
    expect(shown_h).to_have_text(f"{10**exponent:.3e}", timeout=TIMEOUT_MS)
    expect(error).not_to_have_text(error_before, timeout=TIMEOUT_MS)
    expect(figure).not_to_have_attribute("src", src_before, timeout=TIMEOUT_MS)
    text_after = readout.text_content()
    assert text_after != text_before and "估计值" in text_after and "精确值" in text_after
    wait_until_kernel_idle(server)  # the last redraw is shown before the picture is taken
    page.wait_for_timeout(500)
    keep_screenshot(page, "lesson_03_h_explorer_zh")
    seconds = time.monotonic() - start
    record_zh_time("03_numeric_differentiation_sliders", seconds)
    print(f"zh/03: opened, ran, moved the h slider in {seconds:.1f} s")


def test_zh_lesson_09_lr_slider_changes_the_chinese_verdict(tmp_path, jupyter_lab,  # noqa: F811
                                                            browser_page):  # noqa: F811
    from playwright.sync_api import expect

    from course_lib import i18n

    start = time.monotonic()
    root = lesson_in_fresh_root(ZH_LESSON_09, tmp_path)
    page = browser_page
    server = jupyter_lab(root)
    open_and_run_all(page, server, ZH_LESSON_09.name)

    explorer = page.locator(".step-size-explorer").first
    readout = explorer.locator(".step-size-explorer-readout")
    figure = explorer.locator(".step-size-explorer-output img")
    expect(figure).to_have_count(1, timeout=TIMEOUT_MS)
    expect(readout).to_contain_text("损失", timeout=TIMEOUT_MS)
    text_before, src_before = readout.text_content(), figure.get_attribute("src")
    assert "发散" not in text_before and "Loss" not in text_before, text_before
    expect(explorer.locator("label", has_text="迭代次数")).to_have_count(1)

    handle = slider_handle(explorer)  # the lr slider
    lr_shown = explorer.locator(SLIDER_READOUT).first
    handle.scroll_into_view_if_needed()
    expect(lr_shown).to_have_text(re.compile(r"\d"), timeout=TIMEOUT_MS)
    lr_text_before = lr_shown.text_content()
    press_slider(page, handle, "ArrowRight")
    expect(lr_shown).not_to_have_text(lr_text_before, timeout=TIMEOUT_MS)
    expect(readout).not_to_have_text(text_before, timeout=TIMEOUT_MS)
    expect(readout).to_contain_text("损失", timeout=TIMEOUT_MS)
    expect(figure).not_to_have_attribute("src", src_before, timeout=TIMEOUT_MS)

    # beyond 2/L = 0.2: the Chinese verdict of exactly this run, computed here
    iterations = int(slider_value(slider_handle(explorer, 1)))
    i18n.set_language("zh")
    try:
        expected = gradient_descent("quadratic", 0.3, iterations).message
    finally:
        i18n.set_language("en")
    assert expected.startswith("发散") and "> 2/L = 0.2" in expected
    src_stable = figure.get_attribute("src")
    type_slider_value(page, explorer, "0.3")
    expect(readout).to_have_text(expected, timeout=TIMEOUT_MS)
    expect(figure).not_to_have_attribute("src", src_stable, timeout=TIMEOUT_MS)
    wait_until_kernel_idle(server)  # the last redraw is shown before the picture is taken
    page.wait_for_timeout(500)
    keep_screenshot(page, "lesson_09_step_size_explorer_zh")
    seconds = time.monotonic() - start
    record_zh_time("09_gradient_descent_sliders", seconds)
    print(f"zh/09: opened, ran, moved the lr slider in {seconds:.1f} s")


# ------------------------------------------------------------------------------------
# every lesson, run all, in the learner's view
# ------------------------------------------------------------------------------------

_PAGE_REPORT_JS = """(widgetPattern) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.model.cells;
    const widgetMime = 'application/vnd.jupyter.widget-view+json';
    let modelWidgets = 0;
    const stderr = [];
    for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type !== 'code') continue;
        for (let j = 0; j < cell.outputs.length; j++) {
            const out = cell.outputs.get(j).toJSON();
            if (out.data && out.data[widgetMime]) modelWidgets++;
            if (out.output_type === 'stream' && out.name === 'stderr') {
                stderr.push(`cell ${i}: ` + [].concat(out.text).join(''));
            }
        }
    }
    const domCells = [...panel.content.node.querySelectorAll('.jp-Cell')];
    const cellOf = node => domCells.indexOf(node.closest('.jp-Cell'));
    // a widget view: an output (not one nested in a widget) holding a .jupyter-widgets node,
    // or still showing the placeholder text of one that did not render
    const placeholder = /Loading widget|Error displaying widget/;
    const views = [...panel.content.node.querySelectorAll('.jp-OutputArea-output')]
        .filter(o => !o.parentElement.closest('.jupyter-widgets'))
        .filter(o => o.querySelector(':scope > .jupyter-widgets')
                     || placeholder.test(o.textContent));
    const broken = views.filter(v => !v.querySelector(':scope > .jupyter-widgets')
        || placeholder.test(v.textContent)).map(cellOf);
    const widgetText = new RegExp(widgetPattern, 'm');
    const asText = [...panel.content.node.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="text/plain"]')]
        .filter(e => widgetText.test(e.textContent) || /widgets do NOT render/.test(e.textContent))
        .map(e => `cell ${cellOf(e)}: ${e.textContent.slice(0, 80)}`);
    const images = [...panel.content.node.querySelectorAll('.jp-OutputArea-output img')]
        .filter(img => img.offsetParent !== null)
        .map(img => ({cell: cellOf(img), complete: img.complete, natural: img.naturalWidth,
                      declared: Number(img.getAttribute('width')) || 0,
                      shown: img.getBoundingClientRect().width,
                      kind: (img.src.match(/^data:([^;,]+)/) || [null, 'url'])[1]}));
    return {modelWidgets, views: views.length, broken, asText, stderr, images};
}"""


# the text form of a widget a front end shows when it cannot render it, e.g. "IntSlider(value=3…"
WIDGET_TEXT = r"^\s*(HBox|VBox|Box|IntSlider|FloatSlider|FloatLogSlider|IntText|FloatText|" \
              r"Dropdown|ToggleButtons|HTML|Output|Button|Label|Checkbox|Tab|Accordion|Play)\("


def _delete_sessions(server) -> None:
    """End every session and its kernel (one lesson's kernel must not slow down the next)."""
    for kind in ("sessions", "kernels"):
        try:
            items = server.api(kind)
        except (urllib.error.URLError, OSError):
            continue
        for item in items:
            request = urllib.request.Request(f"{server.url}/api/{kind}/{item['id']}",
                                             method="DELETE")
            try:
                urllib.request.urlopen(request, timeout=30).close()
            except (urllib.error.URLError, OSError):
                pass


def _run_all(page, server, timeout: float) -> None:
    """Run all cells; if no cell has started after a minute (the kernel was not connected
    yet when the command ran), ask once more; then wait until the run is over."""
    started = ("() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell "
               ".jp-InputArea-prompt')].some(p => /\\[(\\d+|\\*)\\]/.test(p.textContent))")
    page.evaluate(RUN_ALL_JS)
    try:
        page.wait_for_function(started, timeout=60_000)
    except Exception:  # playwright's TimeoutError: the run-all was lost, ask again
        page.evaluate(RUN_ALL_JS)
    wait_until_run(page, server, timeout)


@pytest.fixture(scope="module")
def learner_lab(tmp_path_factory):
    """`autodiff-course lab`'s learner view of a copy of the course, started once per module."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    tmp = tmp_path_factory.mktemp("learner-lab")
    course = tmp / "course"
    for folder in ("notebooks", "assignments"):
        shutil.copytree(ROOT / folder, course / folder)
    port = free_port()
    plan = lab_plan(course, state_dir=tmp / "state", no_browser=True, port=port,
                    extra_args=TEST_SERVER_ARGS)
    # every cell in the page (no virtual scrolling), so each one can be measured
    overrides = next(path for path in plan.files if path.name == "overrides.json")
    settings = json.loads(plan.files[overrides])
    settings["@jupyterlab/notebook-extension:tracker"] = {"windowingMode": "none"}
    plan.files[overrides] = json.dumps(settings)
    plan.prepare()
    server = launch_server(plan.command, plan.root_dir, port, tmp / "state",
                           env=plan.environment(), timeout=180)
    yield server
    server.stop()


def _screenshots(page, lesson: str) -> list[Path]:
    """The lesson top to bottom, one window-full per picture."""
    folder = ARTIFACTS / lesson
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    scroller = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
    height, step = page.evaluate(
        "(sel) => { const s = document.querySelector(sel); "
        "return s ? [s.scrollHeight, s.clientHeight] : [0, 0]; }", scroller)
    shots = []
    count = min(MAX_SCREENSHOTS, max(1, -(-height // max(step, 1))))
    for k in range(count):
        page.evaluate("([sel, top]) => { const s = document.querySelector(sel); "
                      "if (s) s.scrollTop = top; }", [scroller, k * step])
        page.wait_for_timeout(150)
        path = folder / f"{k:02d}.png"
        page.screenshot(path=str(path))
        shots.append(path)
    return shots


def _record_time(lesson: str, seconds: float) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "times.json"
    times = json.loads(path.read_text()) if path.exists() else {}
    times[lesson] = round(seconds, 1)
    path.write_text(json.dumps(dict(sorted(times.items())), indent=1))


@pytest.mark.timeout(1200)
@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_runs_and_renders_in_jupyterlab(lesson, learner_lab, browser_page):  # noqa: F811
    server, page = learner_lab, browser_page
    start = time.perf_counter()
    try:
        page.goto(f"{server.url}/lab/tree/notebooks/{lesson.name}?reset",
                  timeout=LESSON_TIMEOUT * 1000)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=LESSON_TIMEOUT * 1000)
        page.wait_for_function("() => window.jupyterapp !== undefined",
                               timeout=LESSON_TIMEOUT * 1000)
        wait_until_kernel_idle(server, LESSON_TIMEOUT)
        dismiss_news(page)
        _run_all(page, server, LESSON_TIMEOUT)
        errors = cell_errors(page)
        assert not errors, f"cells of {lesson.name} raised:\n" + "\n---\n".join(errors)
        # widgets: wait for the views to render, then every one must be a control
        try:
            page.wait_for_function(
                "() => !/Loading widget/.test([...document.querySelectorAll("
                "'.jp-OutputArea-output')].map(e => e.textContent).join(' '))", timeout=90_000)
        except Exception:  # reported below with the cells that still load
            pass
        page.wait_for_function(  # images decoded, so that their natural size is known
            "() => [...document.querySelectorAll('.jp-OutputArea-output img')]"
            ".every(img => img.complete)", timeout=60_000)
        report = page.evaluate(_PAGE_REPORT_JS, WIDGET_TEXT)
        shots = _screenshots(page, lesson.stem)
    except BaseException:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{lesson.stem}.failed.png"), timeout=30_000)
        raise
    finally:
        _delete_sessions(server)
        _record_time(lesson.stem, time.perf_counter() - start)
    print(f"{lesson.stem}: {time.perf_counter() - start:.1f} s, {report['views']} widgets, "
          f"{len(report['images'])} figures, {len(shots)} screenshots in {ARTIFACTS / lesson.stem}")

    assert not report["stderr"], f"{lesson.name} wrote to stderr:\n" + "\n".join(report["stderr"])
    assert report["views"] == report["modelWidgets"], (
        f"{lesson.name}: {report['modelWidgets']} widget outputs, {report['views']} widget views")
    assert not report["broken"], f"{lesson.name}: widgets not rendered in cells {report['broken']}"
    assert not report["asText"], f"{lesson.name}: widgets shown as text: {report['asText']}"
    squeezed = []
    for image in report["images"]:
        natural = image["declared"] or image["natural"]
        assert natural > 0, f"{lesson.name}: an image in cell {image['cell']} did not load"
        if image["shown"] < MIN_SCALE * natural:
            squeezed.append(f"cell {image['cell']} ({image['kind']}): shown "
                            f"{image['shown']:.0f} px of {natural} px "
                            f"({image['shown'] / natural:.0%})")
    assert not squeezed, (f"{lesson.name}: figures squeezed below {MIN_SCALE:.0%} of their "
                          "width (make them narrower, e.g. 2 × 2 panels instead of 1 × 4):\n"
                          + "\n".join(squeezed))
