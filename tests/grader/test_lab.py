"""`autodiff-course lab`: the learner's view (lessons and assignments only) and the instructor's.

Here: what the command would run (`--dry-run`) and the files it prepares. The real server in
a real browser is tested in tests/test_browser.py (test_lab_learner_view_*).
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import pytest

from course_grader.cli import main
from course_grader.lab import LEARNER_DISABLED_PLUGINS, LabError, lab_plan

ROOT = Path(__file__).resolve().parents[2]
INSTRUCTOR_ONLY = ("solutions", "content", "tests", "benchmarks", "course_lib", "course_grader")


def dry_run(capsys, *args) -> str:
    assert main(["lab", "--dry-run", *args]) == 0
    return capsys.readouterr().out


def option(command: list[str], name: str) -> str:
    (value,) = [part.split("=", 1)[1] for part in command if part.startswith(f"--{name}=")]
    return value


def test_dry_run_prints_the_learner_command(capsys):
    out = dry_run(capsys, "--no-browser", "--port", "8899")
    command = shlex.split(out.splitlines()[1])
    env = dict(part.split("=", 1) for part in command if "=" in part and not part.startswith("-"))
    # this interpreter runs the server (and so the kernels: they import this course_lib)
    assert command[command.index(sys.executable):][:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--no-browser" in command and "--port=8899" in command
    root = Path(option(command, "ServerApp.root_dir"))
    assert root != ROOT and ROOT not in root.parents  # not the course: a root of links into it
    assert option(command, "LabApp.default_url") == "/lab/tree/notebooks/00_start_here.ipynb"
    config = Path(env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0])
    assert config.name == "config" and config.parent == root.parent
    assert f"notebooks/ -> {ROOT / 'notebooks'}" in out
    assert f"assignments/ -> {ROOT / 'assignments'}" in out
    assert not any(f"{name}/ ->" in out for name in INSTRUCTOR_ONLY)
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def test_dry_run_writes_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    out = dry_run(capsys)
    assert str(tmp_path / "data") in out
    assert not (tmp_path / "data").exists()


def test_instructor_view_is_the_whole_course_with_every_tool(capsys):
    out = dry_run(capsys, "--instructor")
    command = shlex.split(out.splitlines()[1])
    assert Path(option(command, "ServerApp.root_dir")) == ROOT
    assert "JUPYTER_CONFIG_PATH" not in out  # no plugin disabled
    assert not any(part.startswith("--LabApp.default_url") for part in command)


def test_prepare_makes_the_learner_root_and_disables_instructor_plugins(tmp_path):
    plan = lab_plan(ROOT, state_dir=tmp_path / "state")
    plan.prepare()
    root = plan.root_dir
    assert sorted(p.name for p in root.iterdir()) == ["assignments", "notebooks"]
    assert (root / "notebooks" / "00_start_here.ipynb").exists()
    assert (root / "notebooks").resolve() == ROOT / "notebooks"
    config_dir = Path(plan.env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0])
    page_config = json.loads((config_dir / "labconfig" / "page_config.json").read_text())
    disabled = {name for name, off in page_config["disabledExtensions"].items() if off}
    assert disabled == set(LEARNER_DISABLED_PLUGINS)
    assert "@jupyter/nbgrader:validate-assignment" not in disabled  # learners validate
    assert "@jupyter/nbgrader:assignment-list" not in disabled
    settings = Path(option(plan.command, "LabApp.app_settings_dir"))
    overrides = json.loads((settings / "overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    plan.prepare()  # a second start reuses the links
    assert sorted(p.name for p in root.iterdir()) == ["assignments", "notebooks"]


def test_an_inherited_config_path_is_kept_after_ours(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/somewhere/else")
    plan = lab_plan(ROOT, state_dir=tmp_path)
    first, second = plan.env["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert first == str(tmp_path / "config") and second == "/somewhere/else"


def test_lang_zh_opens_the_chinese_edition_or_says_it_is_not_there(tmp_path, capsys):
    course = tmp_path / "course"
    for folder in ("notebooks", "notebooks/zh", "assignments"):
        (course / folder).mkdir(parents=True)
    (course / "notebooks" / "00_start_here.ipynb").write_text("{}")
    with pytest.raises(LabError, match="zh edition .* not there yet"):
        lab_plan(course, lang="zh", state_dir=tmp_path / "s")
    (course / "notebooks" / "zh" / "00_start_here.ipynb").write_text("{}")
    plan = lab_plan(course, lang="zh", state_dir=tmp_path / "s")
    assert plan.open_path == "notebooks/zh/00_start_here.ipynb"
    assert plan.env["COURSE_LANG"] == "zh"  # course_lib's messages in Chinese, too


def test_a_missing_edition_is_a_short_message_not_a_traceback(tmp_path, capsys):
    course = tmp_path / "course"  # a course whose Chinese edition is not built
    for folder in ("notebooks", "assignments"):
        (course / folder).mkdir(parents=True)
    (course / "notebooks" / "00_start_here.ipynb").write_text("{}")
    (course / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    assert main(["lab", "--dry-run", "--lang", "zh", "--course-dir", str(course)]) == 1
    err = capsys.readouterr().err
    assert "not there yet" in err and "Traceback" not in err


def test_the_chinese_edition_asks_for_jupyterlabs_chinese_menus_when_the_pack_is_there(
        monkeypatch):
    import importlib.util

    from course_grader import lab

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: object() if name.startswith("jupyterlab_language_pack")
                        else real(name, *a))
    assert lab.interface_language("zh") == {
        "@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}}
    assert lab.interface_language("en") == {}
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    assert lab.interface_language("zh") == {}
