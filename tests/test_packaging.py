"""The set-up files agree with each other: pyproject, environment.yml, README, .ci/run."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

tomllib = pytest.importorskip("tomllib")  # Python >= 3.11 (the CI's); skipped on 3.10

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names
CONDA_TO_PYPI = {"python-graphviz": "graphviz"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower()


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = _pyproject()["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    extras = project["optional-dependencies"]
    for req in extras["test"]:  # the test extra may name other extras: autodiff-course[cluster]
        if _name(req) == project["name"]:
            for extra in re.search(r"\[(.*)\]", req).group(1).split(","):
                wanted |= {_name(r) for r in extras[extra.strip()]}
        else:
            wanted.add(_name(req))
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = set(), []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep["pip"]
        else:
            name = _name(dep)
            conda.add(CONDA_TO_PYPI.get(name, name))
    conda -= {"python", "pip"}
    assert conda == wanted, (
        f"environment.yml and pyproject.toml disagree: only in environment.yml: "
        f"{sorted(conda - wanted)}, only in pyproject.toml: {sorted(wanted - conda)}"
    )
    assert "-e ." in pip, "environment.yml must finish with `pip install -e .`"
    assert "python=3.11" in env["dependencies"]


def test_versions_agree_between_environment_and_pyproject():
    project = _pyproject()["project"]
    pins = {_name(r): r.strip() for r in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    for dep in env["dependencies"]:
        if isinstance(dep, str) and _name(dep) in pins | {"python-graphviz": None}:
            name = CONDA_TO_PYPI.get(_name(dep), _name(dep))
            if name in pins:
                spec = dep[len(_name(dep)):].strip()
                assert pins[name].endswith(spec), f"{name}: {dep!r} vs {pins[name]!r}"


def test_torch_is_an_optional_extra_never_a_runtime_dependency():
    project = _pyproject()["project"]
    assert not any(_name(r) == "torch" for r in project["dependencies"])
    assert project["optional-dependencies"]["torch"] == ["torch==2.13.0"]
    sources = "\n".join(p.read_text() for p in (ROOT / "course_lib").rglob("*.py"))
    assert not re.search(r"^\s*(import torch|from torch)", sources, re.M)


def _readme_commands():
    readme = (ROOT / "README.md").read_text()
    return re.findall(r"```bash\n(.+?)\n```", readme)


def test_readme_has_the_two_setup_commands_and_ci_runs_the_test_one():
    commands = _readme_commands()
    main_job = [c for c in commands if "autodiff-course" in c and "pip install" in c]
    tests = [c for c in commands if "pytest" in c]
    assert main_job and tests, commands
    ci = (ROOT / ".ci" / "run").read_text()
    assert tests[0] in ci.splitlines(), "the README's test command must appear verbatim in .ci/run"
    assert "set -euo pipefail" in ci and "-eq 5" in ci


def test_ruff_is_clean():
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)],
                          capture_output=True, text=True)
    if ruff.returncode != 0 and "No module named ruff" in ruff.stderr:
        pytest.skip("ruff not installed")
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


def test_console_script_version_and_check():
    out = subprocess.run([sys.executable, "-m", "course_grader.cli", "--version"],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "autodiff-course 0.1.0" in out.stdout
    check = subprocess.run([sys.executable, "-m", "course_grader.cli", "check"],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "tensor(28., grad_fn=<MulBackward0>)" in check.stdout
    assert "all seed examples agree" in check.stdout


def test_import_course_lib_is_light():
    code = ("import sys, course_lib; heavy = [m for m in ('matplotlib', 'ipywidgets', 'graphviz',"
            " 'nbgrader', 'torch') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_course_lib_never_imports_the_grader():
    """course_lib is what learners read and import; the grader is a package beside it."""
    sources = {p: p.read_text() for p in (ROOT / "course_lib").rglob("*.py")}
    offenders = [str(p.relative_to(ROOT)) for p, text in sources.items()
                 if re.search(r"^\s*(import course_grader|from course_grader)", text, re.M)]
    assert not offenders, f"course_lib modules import the grader: {offenders}"
    code = ("import sys, course_lib, course_lib.checks, course_lib.nn, course_lib.numdiff;"
            " print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'course_grader', 'nbgrader', 'nbclient', 'dask', 'distributed', 'psutil', 'tqdm'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
