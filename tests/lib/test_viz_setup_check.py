"""course_lib.viz.setup_report: what works on this machine, and the command that fixes the rest."""

from __future__ import annotations

import platform
import shutil

import pytest

import course_lib
from course_lib.viz import setup_check, setup_report, setup_status


@pytest.fixture
def shown(monkeypatch):
    """What setup_report displays besides printing (the widget probe)."""
    import IPython.display

    displayed = []
    monkeypatch.setattr(IPython.display, "display", displayed.append)
    return displayed


def by_name(items):
    return {item.name: item for item in items}


def test_everything_present_reports_versions(shown, capsys):
    import numpy

    setup_report()
    out = capsys.readouterr().out
    assert f"✓ Python {platform.python_version()}" in out
    assert f"✓ numpy {numpy.__version__}" in out
    assert f"course_lib {course_lib.__version__}" in out
    assert "✗" not in out and "Everything the course needs is here." in out
    (probe,) = shown
    assert "widgets render" in probe.value


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_graph_renderer_is_graphviz_when_dot_is_on_path():
    item = by_name(setup_status())["graphs"]
    assert item.ok and "Graphviz" in item.text and shutil.which("dot") in item.text


def test_without_dot_the_builtin_renderer_is_named_with_the_optional_fix(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    item = by_name(setup_status())["graphs"]
    assert item.ok and item.optional  # not a problem: graphs still show
    assert "built-in renderer" in item.text and "install graphviz" in item.text


def test_a_missing_package_gets_its_one_command(monkeypatch, shown, capsys):
    real = setup_check.importlib.import_module

    def without_matplotlib(name, *args):
        if name == "matplotlib":
            raise ImportError("No module named 'matplotlib'")
        return real(name, *args)

    monkeypatch.setattr(setup_check.importlib, "import_module", without_matplotlib)
    setup_report()
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "matplotlib" in ln)
    assert line.strip().startswith("✗") and "-m pip install matplotlib" in line
    assert "1 problem(s)" in out


def test_an_old_python_is_reported(monkeypatch):
    monkeypatch.setattr(setup_check, "MIN_PYTHON", (99, 0))
    item = by_name(setup_status())["python"]
    assert not item.ok and "99.0 or newer" in item.text


def test_the_widget_probe_explains_itself_where_widgets_do_not_render():
    bundle = setup_check.widget_probe()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # a real widget ...
    text = bundle["text/plain"]  # ... whose text fallback names the fix
    assert "do NOT render" in text and "pip install --upgrade ipywidgets jupyterlab_widgets" in text


def test_chinese_messages(shown, capsys):
    course_lib.set_language("zh")
    try:
        setup_report()
    finally:
        course_lib.set_language("en")
    out = capsys.readouterr().out
    assert out.startswith("环境检查") and "课程需要的一切都已就绪" in out
