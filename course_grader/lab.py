"""`autodiff-course lab`: JupyterLab as a learner (or, with --instructor, an instructor) sees it.

The learner's view:

* opens ``notebooks/00_start_here.ipynb`` (``notebooks/<lang>/`` for another edition);
* its file browser shows the lessons and the assignments only. The server's root is a small
  directory holding two links, ``notebooks`` and ``assignments``, into the course, so
  ``solutions/``, ``content/``, ``tests/``, ``benchmarks/``, the packages and ``*.egg-info``
  are neither listed nor reachable through the server;
* nbgrader's learner tools stay (Validate, the assignment list, under a "Course" menu);
  its instructor tools (Create Assignment toolbar, Formgrader, course list, the Nbgrader
  menu) are disabled for this server only: a private ``labconfig/page_config.json`` is put
  first on ``JUPYTER_CONFIG_PATH`` of the server's process, the machine's and the user's
  Jupyter configuration are not touched;
* JupyterLab's news pop-up is off (settings overrides in a private ``app_settings_dir``),
  and the open tabs are remembered apart from other JupyterLab sessions (own workspaces).

The instructor's view is JupyterLab on the course root with every nbgrader tool.

As root, ``--allow-root`` is added (JupyterLab refuses to start without it). The private
files live in one state directory per course (under Jupyter's data directory), written
when the server starts, never by ``--dry-run``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["LabPlan", "lab_plan", "LEARNER_DISABLED_PLUGINS", "LEARNER_FOLDERS"]

# what the learner's file browser shows: links into the course
LEARNER_FOLDERS = ("notebooks", "assignments")
# nbgrader's instructor-side JupyterLab plugins (nbgrader 0.9)
LEARNER_DISABLED_PLUGINS = (
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:menu",
)
START_NOTEBOOK = "00_start_here.ipynb"
LANGUAGES = ("en", "zh")

_NO_NEWS = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                              "checkForUpdates": False}}
_COURSE_MENU = {"@jupyterlab/mainmenu-extension:plugin": {"menus": [{
    "id": "jp-mainmenu-course", "label": "Course", "rank": 1000,
    "items": [{"command": "nbgrader:open-assignment-list", "rank": 1}],
}]}}


class LabError(RuntimeError):
    """The lab cannot be opened as asked (the message says why and what to do)."""


@dataclass
class LabPlan:
    """Everything `autodiff-course lab` does, computed before anything is written or run."""

    view: str  # "learner" or "instructor"
    course_root: Path
    root_dir: Path  # the server's root: what the file browser shows
    state_dir: Path
    open_path: str  # relative to root_dir; "" opens the launcher
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)  # added to the server's environment
    links: dict[str, Path] = field(default_factory=dict)  # root_dir/<name> -> target
    files: dict[Path, str] = field(default_factory=dict)  # private config files to write

    def prepare(self) -> None:
        """Write the private configuration and the learner root's links."""
        for path, text in self.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if self.links:
            self.root_dir.mkdir(parents=True, exist_ok=True)
        for name, target in self.links.items():
            link = self.root_dir / name
            if link.is_symlink() and Path(os.readlink(link)) == target:
                continue
            if link.is_symlink() or link.exists():
                link.unlink()
            try:
                link.symlink_to(target, target_is_directory=True)
            except OSError as err:  # e.g. Windows without the right to make links
                raise LabError(
                    f"cannot create the link {link} -> {target} ({err}); on Windows turn on "
                    "Developer Mode (Settings → For developers), or open the whole course "
                    "with `autodiff-course lab --instructor`"
                ) from err

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        for key, value in self.env.items():
            env[key] = value
        return env

    def shell_line(self) -> str:
        """The command as one line a shell would run (environment first)."""
        assignments = [f"{k}={shlex.quote(v)}" for k, v in self.env.items()]
        return " ".join(assignments + [shlex.quote(part) for part in self.command])

    def describe(self) -> str:
        lines = [f"# autodiff-course lab ({self.view}'s view) runs:", self.shell_line(),
                 f"# file browser root: {self.root_dir}"]
        for name, target in self.links.items():
            lines.append(f"#   {name}/ -> {target}")
        if self.open_path:
            lines.append(f"# opens: {self.open_path}")
        return "\n".join(lines)

    def run(self) -> int:
        """Prepare, then replace this process by JupyterLab (POSIX) or wait for it."""
        self.prepare()
        env = self.environment()
        if os.name == "posix":
            os.execve(self.command[0], self.command, env)
        return subprocess.call(self.command, env=env)


def inherited_jupyter_path() -> str | None:
    """JUPYTER_PATH for a venv made with --system-site-packages, else None.

    Such a venv imports JupyterLab, ipywidgets and nbgrader from the base Python, but
    Jupyter looks for their data files (the lab extensions that draw widgets and add
    Validate) only under the venv's prefix: without the base prefix on JUPYTER_PATH the
    page would show widgets as text.
    """
    if sys.prefix == sys.base_prefix:
        return None
    config = Path(sys.prefix) / "pyvenv.cfg"
    try:
        text = config.read_text(encoding="utf-8")
    except OSError:
        return None
    if not re.search(r"^include-system-site-packages\s*=\s*true", text, re.M | re.I):
        return None
    base = Path(sys.base_prefix) / "share" / "jupyter"
    if not base.is_dir():
        return None
    paths = [str(Path(sys.prefix) / "share" / "jupyter"), str(base)]
    if os.environ.get("JUPYTER_PATH"):
        paths.append(os.environ["JUPYTER_PATH"])
    return os.pathsep.join(paths)


def default_state_dir(course_root: Path, view: str) -> Path:
    from jupyter_core.paths import jupyter_data_dir

    digest = hashlib.sha1(str(course_root.resolve()).encode()).hexdigest()[:10]
    return Path(jupyter_data_dir()) / "autodiff-course" / f"{view}-{digest}"


def interface_language(lang: str) -> dict:
    """JupyterLab's own menus in the learner's language, where its language pack is installed
    (`pip install -e ".[zh]"`: jupyterlab-language-pack-zh-CN); English menus otherwise."""
    import importlib.util

    packs = {"zh": ("jupyterlab_language_pack_zh_CN", "zh_CN")}
    if lang not in packs or importlib.util.find_spec(packs[lang][0]) is None:
        return {}
    return {"@jupyterlab/translation-extension:plugin": {"locale": packs[lang][1]}}


def lab_plan(course_root: Path, *, instructor: bool = False, lang: str = "en",
             port: int | None = None, no_browser: bool = False,
             state_dir: Path | None = None, extra_args: tuple[str, ...] = ()) -> LabPlan:
    """The command, environment and files that open the course in JupyterLab."""
    course_root = Path(course_root).resolve()
    if lang not in LANGUAGES:
        raise LabError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    view = "instructor" if instructor else "learner"
    state = Path(state_dir) if state_dir is not None else default_state_dir(course_root, view)
    lessons = "notebooks" if lang == "en" else f"notebooks/{lang}"
    if not (course_root / lessons / START_NOTEBOOK).exists():
        if lang != "en":
            raise LabError(
                f"the {lang} edition of the lessons ({lessons}/) is not there yet; "
                "`autodiff-course lab` opens the English lessons"
            )
        raise LabError(f"{course_root / lessons / START_NOTEBOOK} is missing: is {course_root} "
                       "the course's repository root?")

    settings = state / "settings"
    files = {settings / "overrides.json": json.dumps(
        {**_NO_NEWS, **({} if instructor else _COURSE_MENU), **interface_language(lang)},
        indent=1)}
    env: dict[str, str] = {}
    jupyter_path = inherited_jupyter_path()
    if jupyter_path:
        env["JUPYTER_PATH"] = jupyter_path
    if lang != "en":
        env["COURSE_LANG"] = lang  # course_lib speaks the learner's language in the kernels
    if instructor:
        root, links = course_root, {}
    else:
        root = state / "course"
        links = {name: course_root / name for name in LEARNER_FOLDERS
                 if (course_root / name).is_dir()}
        config = state / "config"
        files[config / "labconfig" / "page_config.json"] = json.dumps(
            {"disabledExtensions": {plugin: True for plugin in LEARNER_DISABLED_PLUGINS}},
            indent=1)
        inherited = os.environ.get("JUPYTER_CONFIG_PATH")
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([str(config)] + ([inherited] if inherited
                                                                      else []))
    open_path = f"{lessons}/{START_NOTEBOOK}" if not instructor else ""

    # `-m jupyterlab`, not `-m jupyter lab`: the latter runs whichever `jupyter-lab` script is
    # first on PATH, maybe another Python's, whose kernels would import another course_lib
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
               f"--LabApp.app_settings_dir={settings}",
               f"--LabApp.workspaces_dir={state / 'workspaces'}"]
    if open_path:
        command.append(f"--LabApp.default_url=/lab/tree/{open_path}")
    if no_browser:
        command.append("--no-browser")
    if port:
        command.append(f"--port={port}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    command += list(extra_args)
    return LabPlan(view, course_root, root, state, open_path, command, env, links, files)
