"""Drive JupyterLab in Debian's chromium with Playwright: reusable helpers and pytest fixtures.

Tests import what they need:

    from browser_support import browser_page, jupyter_lab  # noqa: F401  (pytest fixtures)
    from browser_support import open_notebook_and_run_all, press_slider, write_notebook

    @pytest.mark.browser
    def test_lesson(tmp_path, jupyter_lab, browser_page):
        write_notebook(tmp_path / "demo.ipynb", ["import course_lib", "course_lib.__version__"])
        server = jupyter_lab(tmp_path)
        open_notebook_and_run_all(browser_page, server, "demo.ipynb")

The facts behind the flags and selectors are in ../shared/BROWSER_TESTING.md:
Playwright cannot download its own browser here, so Debian's /usr/bin/chromium is
launched; the server runs without a token on 127.0.0.1; widgets are found by the
DOM classes of ipywidgets 8 (JupyterLab 4).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Debian's chromium; CHROMIUM=/path overrides it (CHROMIUM=/nonexistent: as on a machine without)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
SLIDER_HANDLE = ".widget-slider .noUi-handle[role=slider]"
SLIDER_READOUT = ".widget-readout[contenteditable=true]"
# error outputs read from the notebook model (the DOM shows tracebacks and plain stderr alike)
_ERRORS_JS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.content.model) return [];
    const cells = panel.content.model.cells, errors = [];
    for (let i = 0; i < cells.length; i++) {
        const cell = cells.get(i);
        if (cell.type !== 'code') continue;
        for (let j = 0; j < cell.outputs.length; j++) {
            const out = cell.outputs.get(j).toJSON();
            if (out.output_type === 'error') {
                const lines = out.traceback || [out.ename + ': ' + out.evalue];
                errors.push(`cell ${i}: ` + lines.join('\\n'));
            }
        }
    }
    return errors;
}"""

requires_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"{CHROMIUM} is not installed (apt-get install chromium); "
    "Playwright's own browser download does not work on these machines",
)


# ------------------------------------------------------------------------------------
# notebooks
# ------------------------------------------------------------------------------------


def write_notebook(path: Path, cells: Sequence[str | tuple[str, str]]) -> Path:
    """Write a notebook of code cells (strings) and markdown cells (("markdown", text))."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    for cell in cells:
        if isinstance(cell, tuple) and cell[0] == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(cell[1]))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(cell))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


# ------------------------------------------------------------------------------------
# the server
# ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class JupyterServer:
    """A running `jupyter lab` on 127.0.0.1 without a token; stop it with `stop()`."""

    root_dir: Path
    port: int
    process: subprocess.Popen
    log_path: Path
    _log: object = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, path: str):
        """GET /api/<path> and decode the JSON."""
        with urllib.request.urlopen(f"{self.url}/api/{path}", timeout=5) as response:
            return json.loads(response.read())

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM (the server stops its kernels), then SIGKILL if it does not exit."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None


def start_jupyter_lab(root_dir: Path, timeout: float = 60.0) -> JupyterServer:
    """Start JupyterLab from this Python (so the python3 kernel can import course_lib)."""
    root_dir = Path(root_dir)
    state = root_dir.parent / f".jupyter-{root_dir.name}"
    port = free_port()
    command = [
        # -m jupyterlab runs the server, and so its kernels, on this interpreter; `-m jupyter
        # lab` would run the first `jupyter-lab` script on PATH (maybe another Python's)
        sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
        *TEST_SERVER_ARGS, f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return launch_server(command, root_dir, port, state, timeout=timeout)


# what every test server needs besides the course's own options: no token, local only,
# window.jupyterapp for the tests, never a browser of its own
TEST_SERVER_ARGS = (
    "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
    "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False",
    "--ServerApp.disable_check_xsrf=True",  # the tests end kernels with plain DELETE requests
)


def launch_server(command: Sequence[str], root_dir: Path, port: int, state: Path,
                  env: dict | None = None, timeout: float = 60.0) -> JupyterServer:
    """Run a `jupyter lab` command line; return once /api/status answers (fail fast on exit)."""
    state.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ if env is None else env)
    # the kernelspec says "python": run the one next to this interpreter (the venv's)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["JUPYTER_RUNTIME_DIR"] = str(state / "runtime")
    from course_grader.lab import inherited_jupyter_path

    if "JUPYTER_PATH" not in env and inherited_jupyter_path():
        env["JUPYTER_PATH"] = inherited_jupyter_path()  # a venv on the system's packages
    env.pop("MPLBACKEND", None)  # the kernel picks its own (inline)
    log_path = state / "server.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed by JupyterServer.stop
    process = subprocess.Popen(list(command), stdout=log, stderr=subprocess.STDOUT, env=env,
                               cwd=root_dir, start_new_session=True)
    server = JupyterServer(Path(root_dir), port, process, log_path, log)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            server.stop()
            raise RuntimeError(f"jupyter lab exited with code {process.returncode}:\n"
                               f"{server.log()[-3000:]}")
        try:
            server.api("status")
            return server
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise TimeoutError(f"jupyter lab did not answer /api/status within {timeout:.0f} s:\n"
                               f"{server.log()[-3000:]}")
        time.sleep(0.2)


@contextmanager
def running_jupyter_lab(root_dir: Path, timeout: float = 60.0):
    """`with running_jupyter_lab(dir) as server:` — always stopped, also on failure."""
    server = start_jupyter_lab(root_dir, timeout)
    try:
        yield server
    finally:
        server.stop()


# ------------------------------------------------------------------------------------
# the browser
# ------------------------------------------------------------------------------------


@contextmanager
def chromium_page(viewport=(1400, 1000), default_timeout_ms: float = 60_000):
    """A Playwright page in headless Debian chromium; browser closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.set_default_timeout(default_timeout_ms)
            yield page
        finally:
            browser.close()


def wait_for_kernels_idle(server: JupyterServer, timeout: float = 60.0) -> None:
    """Poll /api/kernels until at least one kernel exists and every kernel is idle."""
    deadline = time.monotonic() + timeout
    states = []
    while time.monotonic() < deadline:
        try:
            states = [k["execution_state"] for k in server.api("kernels")]
        except urllib.error.HTTPError as error:  # the server answers 500 while a kernel starts
            if error.code < 500:
                raise
            states = [f"HTTP {error.code}"]
        if states and all(state == "idle" for state in states):
            return
        time.sleep(0.25)
    raise TimeoutError(f"kernels not idle after {timeout:.0f} s: {states}")


def open_notebook(page, server: JupyterServer, path: str, timeout: float = 90.0) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is up and idle."""
    page.goto(f"{server.url}/lab/tree/{path}?reset", timeout=timeout * 1000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout * 1000)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=timeout * 1000)
    wait_for_kernels_idle(server, timeout)


def run_all_cells(page, server: JupyterServer, timeout: float = 120.0) -> None:
    """Run every cell; wait until each code cell has an execution count, or a cell failed.

    JupyterLab stops a run-all at the first error, leaving later cells at [ ]; the
    error itself is then reported by `open_notebook_and_run_all` via `cell_errors`.
    """
    page.evaluate(RUN_ALL_JS)
    wait_until_run(page, server, timeout)


# start "run all" without awaiting its promise (which settles only when every cell is done,
# or never if the kernel is lost): the waits that follow have timeouts, evaluate has none
RUN_ALL_JS = "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"


def wait_until_run(page, server: JupyterServer, timeout: float = 120.0) -> None:
    """Wait until every code cell has an execution count (or a cell raised), kernels idle."""
    page.wait_for_function(
        """([errors]) => {
            const prompts = [...document.querySelectorAll(
                '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent);
            if (prompts.length === 0 || prompts.some(p => p.includes('*'))) return false;
            return prompts.every(p => /\\[\\d+\\]/.test(p)) || eval(errors)().length > 0;
        }""",
        arg=[_ERRORS_JS],
        timeout=timeout * 1000,
    )
    wait_for_kernels_idle(server, timeout)


def open_notebook_and_run_all(page, server: JupyterServer, path: str,
                              timeout: float = 120.0) -> None:
    """Open `path` (relative to the server's root_dir), run all cells, fail on a cell error."""
    open_notebook(page, server, path, timeout)
    run_all_cells(page, server, timeout)
    errors = cell_errors(page)
    assert not errors, f"cells of {path} raised:\n" + "\n---\n".join(errors)


def cell_errors(page) -> list[str]:
    """The tracebacks of the cells that raised (plain text, without colour codes)."""
    return [re.sub(r"\x1b\[[0-9;]*m", "", text) for text in page.evaluate(_ERRORS_JS)]


def slider_handle(scope, index: int = 0):
    """The index-th ipywidgets slider handle inside `scope` (a page or a Locator)."""
    return scope.locator(SLIDER_HANDLE).nth(index)


def press_slider(page, handle, key: str = "ArrowRight", times: int = 1) -> None:
    """Focus a slider handle and press an arrow key (moves one step per press in JupyterLab).

    Notebook 7 does not deliver the key to the handle; use `type_slider_value` there.
    """
    handle.scroll_into_view_if_needed()
    handle.click()
    for _ in range(times):
        page.keyboard.press(key)


def type_slider_value(page, scope, value: str, index: int = 0) -> None:
    """Type a value into a slider's editable readout and press Enter (JupyterLab and NB 7)."""
    readout = scope.locator(SLIDER_READOUT).nth(index)
    readout.scroll_into_view_if_needed()
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def dismiss_news(page) -> bool:
    """Click "No" on JupyterLab's "get notified about official Jupyter news?" toast, if shown.

    `autodiff-course lab` turns the news off; a plain `jupyter lab` asks on first start, and
    the toast covers the lower right of screenshots.
    """
    button = page.locator(".jp-toast-button, .Toastify__toast button").filter(has_text="No")
    if button.count():
        button.first.click()
        return True
    return False


def slider_value(handle) -> float:
    """aria-valuenow of a handle (for a FloatLogSlider: the exponent, log10 of the value)."""
    return float(handle.get_attribute("aria-valuenow"))


# ------------------------------------------------------------------------------------
# pytest fixtures (import them into a test module to use them)
# ------------------------------------------------------------------------------------


@pytest.fixture
def jupyter_lab():
    """A factory: `server = jupyter_lab(root_dir)`; every server started is stopped at teardown."""
    servers: list[JupyterServer] = []

    def start(root_dir: Path, timeout: float = 60.0) -> JupyterServer:
        server = start_jupyter_lab(root_dir, timeout)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def browser_page():
    """A headless chromium page; skips when Debian's chromium is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with chromium_page() as page:
        yield page
