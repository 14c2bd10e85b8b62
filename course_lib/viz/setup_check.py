"""A set-up check for the first lesson: what works on this machine, and how to fix what does not.

    from course_lib.viz import setup_report
    setup_report()

prints one line per part the course needs (Python, numpy, matplotlib, course_lib, the graph
renderer) and ends with a small widget: if the front end renders widgets the learner sees a
green "widgets render" line; if it does not, the text shown in its place says so and gives
the command that fixes it. For anything missing, the line says the one command to run.

`setup_status()` returns the same facts as data (for tests and for scripts).
"""

from __future__ import annotations

import importlib
import importlib.util
import platform
import shutil
import sys
from dataclasses import dataclass

from course_lib.i18n import say

__all__ = ["setup_report", "setup_status", "SetupItem"]

MIN_PYTHON = (3, 10)

MESSAGES = {
    "en": {
        "title": "Set-up check",
        "python": "Python {version}",
        "python_old": "Python {version}: the course needs {need} or newer — install a newer "
                      "Python, then: {command}",
        "package": "{name} {version}",
        "package_missing": "{name} is not installed — run: {command}",
        "course_lib": "course_lib {version} (from {where})",
        "graphs_dot": "graphs: drawn by Graphviz ({path})",
        "graphs_builtin": "graphs: drawn by the built-in renderer (Graphviz's `dot` is not "
                          "installed; optional, for Graphviz's layout: {command})",
        "graphs_none": "graphs: cannot be drawn (grandalf is missing) — run: {command}",
        "widgets_ok": "widgets render: sliders and explorers will work",
        "widgets_broken": "✗ widgets do NOT render in this front end (you see this text instead "
                          "of a green line) — run: {command}, restart JupyterLab and reload "
                          "the page",
        "all_ok": "Everything the course needs is here.",
        "some_missing": "{count} problem(s) above: run the command(s) shown, then restart the "
                        "kernel (Kernel → Restart) and run this cell again.",
    },
    "zh": {
        "title": "环境检查",
        "python": "Python {version}",
        "python_old": "Python {version}：本课程需要 {need} 或更新的版本 — 请安装新版 Python，"
                      "然后：{command}",
        "package": "{name} {version}",
        "package_missing": "未安装 {name} — 运行：{command}",
        "course_lib": "course_lib {version}（来自 {where}）",
        "graphs_dot": "计算图：由 Graphviz 绘制（{path}）",
        "graphs_builtin": "计算图：由内置渲染器绘制（未安装 Graphviz 的 `dot`；可选，"
                          "若要 Graphviz 的布局：{command}）",
        "graphs_none": "计算图：无法绘制（缺少 grandalf）— 运行：{command}",
        "widgets_ok": "控件可以显示：滑块和探索器都能使用",
        "widgets_broken": "✗ 此前端无法显示控件（你看到的是这段文字而不是绿色的一行）— "
                          "运行：{command}，重启 JupyterLab 并刷新页面",
        "all_ok": "课程需要的一切都已就绪。",
        "some_missing": "上面有 {count} 个问题：运行所示命令，然后重启内核（Kernel → Restart）"
                        "并再次运行本单元。",
    },
}

# the packages the lessons import, with what a learner runs to get each one
_PACKAGES = (
    ("numpy", "numpy"),
    ("matplotlib", "matplotlib"),
    ("ipywidgets", "ipywidgets"),
)


@dataclass(frozen=True)
class SetupItem:
    """One line of the report: what it is about, whether it works, and the text to show."""

    name: str
    ok: bool
    text: str
    optional: bool = False  # a missing optional part is not a problem (e.g. Graphviz)


def _pip(*names: str) -> str:
    return f"`{sys.executable} -m pip install {' '.join(names)}`"


def _version(module) -> str:
    return str(getattr(module, "__version__", "?"))


def setup_status() -> list[SetupItem]:
    """Every check as data, in the order the report prints them."""
    items = []
    version = platform.python_version()
    ok = sys.version_info[:2] >= MIN_PYTHON
    need = ".".join(map(str, MIN_PYTHON))
    items.append(SetupItem("python", ok, say(MESSAGES, "python", version=version) if ok else
                           say(MESSAGES, "python_old", version=version, need=need,
                               command="`python -m pip install -e .`")))
    for name, dist in _PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            items.append(SetupItem(name, False, say(MESSAGES, "package_missing", name=name,
                                                    command=_pip(dist))))
        else:
            items.append(SetupItem(name, True, say(MESSAGES, "package", name=name,
                                                   version=_version(module))))
    import course_lib

    where = str(getattr(course_lib, "__file__", "?")).rsplit("course_lib", 1)[0] or "?"
    items.append(SetupItem("course_lib", True, say(MESSAGES, "course_lib",
                                                   version=course_lib.__version__,
                                                   where=where.rstrip("/\\") or where)))
    items.append(_graphs())
    return items


def _graphs() -> SetupItem:
    from course_lib.viz.graph import graph_renderer, graphviz_install_command

    if graph_renderer() == "graphviz":
        return SetupItem("graphs", True, say(MESSAGES, "graphs_dot",
                                             path=shutil.which("dot") or "dot"))
    if importlib.util.find_spec("grandalf") is None:
        return SetupItem("graphs", False, say(MESSAGES, "graphs_none", command=_pip("grandalf")))
    return SetupItem("graphs", True, say(MESSAGES, "graphs_builtin",
                                         command=graphviz_install_command()), optional=True)


def _widget_command() -> str:
    return _pip("--upgrade", "ipywidgets", "jupyterlab_widgets")


def widget_probe():
    """A small widget that shows a green line when widgets render, and a fix when they do not.

    The text a front end shows in place of a widget it cannot render is the widget's
    text/plain; here it names the problem and the command that fixes it.
    """
    import ipywidgets as widgets

    class _Probe(widgets.HTML):
        def _repr_mimebundle_(self, **kwargs):
            data = super()._repr_mimebundle_(**kwargs)
            if data:
                data["text/plain"] = say(MESSAGES, "widgets_broken", command=_widget_command())
            return data

    probe = _Probe(f"<span style='color:#1b5e20'>✓ {say(MESSAGES, 'widgets_ok')}</span>")
    probe.add_class("course-setup-widgets")
    return probe


def setup_report() -> None:
    """Print what works (✓) and what does not (✗, with the command that fixes it)."""
    items = setup_status()
    print(say(MESSAGES, "title"))
    for item in items:
        mark = "✓" if item.ok else "✗"
        print(f"  {mark} {item.text}")
    problems = sum(not item.ok for item in items)
    print(say(MESSAGES, "all_ok") if not problems else
          say(MESSAGES, "some_missing", count=problems))
    if importlib.util.find_spec("ipywidgets") is not None:
        from IPython.display import display

        display(widget_probe())
