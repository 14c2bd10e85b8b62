"""assignments/ is what `release` makes from solutions/, and nothing secret reaches it."""

import json
from pathlib import Path

import nbformat
import pytest

from course_grader import cells as C
from course_grader.course import RELEASED_FILE_PATTERNS, Course
from course_grader.release import leaks, release

REPO = Path(__file__).resolve().parents[2]
COURSE = Course(REPO)


def _normalised(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell.pop("id", None)
    return nb


@pytest.mark.slow
def test_assignments_folder_is_up_to_date(tmp_path):
    names = COURSE.assignment_names()
    release(COURSE, names, out_root=tmp_path)
    for name in names:
        fresh = sorted(p.name for p in (tmp_path / "assignments" / name).iterdir())
        committed_dir = COURSE.release / name
        assert committed_dir.is_dir(), f"assignments/{name} missing: run autodiff-course release"
        committed = sorted(p.name for p in committed_dir.iterdir())
        assert fresh == committed, f"assignments/{name} is stale: run autodiff-course release"
        for nb in fresh:
            if nb.endswith(".ipynb"):
                assert _normalised(tmp_path / "assignments" / name / nb) == _normalised(
                    committed_dir / nb
                ), f"assignments/{name}/{nb} is stale: run autodiff-course release {name}"
        for lang_dir in ("zh",):  # translated releases: same files, same content
            fresh_tr, committed_tr = tmp_path / "assignments" / lang_dir / name, (
                COURSE.release / lang_dir / name)
            assert fresh_tr.is_dir() == committed_tr.is_dir(), (
                f"assignments/{lang_dir}/{name} is stale: run autodiff-course release {name}")
            for nb in sorted(fresh_tr.glob("*.ipynb")):
                assert _normalised(nb) == _normalised(committed_tr / nb.name), (
                    f"assignments/{lang_dir}/{name}/{nb.name} is stale: run `release`")


def test_translated_releases_match_the_english_one_cell_by_cell():
    """Same cells, ids, grade ids, points and code; only text (and the language pick) differ."""
    found = 0
    for name in COURSE.assignment_names():
        for zh_path in sorted((COURSE.release / "zh" / name).glob("*.ipynb")):
            found += 1
            en = nbformat.read(str(COURSE.release / name / zh_path.name), as_version=4)
            zh = nbformat.read(str(zh_path), as_version=4)
            assert zh.metadata["autodiff_course"]["lang"] == "zh"
            assert [c.id for c in en.cells] == [c.id for c in zh.cells]
            strip = [{k: v for k, v in c.metadata.get("nbgrader", {}).items() if k != "checksum"}
                     for c in en.cells]
            assert strip == [{k: v for k, v in c.metadata.get("nbgrader", {}).items()
                              if k != "checksum"} for c in zh.cells]
            code = [i for i, (a, b) in enumerate(zip(en.cells, zh.cells))
                    if a.cell_type == "code" and a.source != b.source]
            assert len(code) <= 1, f"{zh_path.name}: code differs in cells {code}"
            assert leaks(COURSE, name, zh_path.parent) == []
    if not found:
        pytest.skip("no assignment has a Chinese release yet")


def test_no_solution_or_hidden_test_leaks_into_assignments():
    for name in COURSE.assignment_names():
        assert leaks(COURSE, name, COURSE.release / name) == []


def test_only_notebooks_and_data_are_released():
    import fnmatch

    for path in COURSE.release.rglob("*"):
        if path.is_file():
            assert any(fnmatch.fnmatch(path.name, pat) for pat in RELEASED_FILE_PATTERNS), path


def test_released_notebooks_have_stubs_locked_tests_and_no_outputs():
    for name in COURSE.assignment_names():
        for nb_path in COURSE.released_notebooks(name):
            nb = nbformat.read(str(nb_path), as_version=4)
            kinds = [C.cell_kind(c) for c in nb.cells]
            assert C.ANSWER in kinds and C.TEST in kinds
            for cell in nb.cells:
                if cell.cell_type == "code":
                    assert cell.outputs == [] and cell.execution_count is None
                if C.cell_kind(cell) == C.ANSWER:
                    assert "raise NotImplementedError()" in cell.source
                if C.cell_kind(cell) == C.TEST:
                    assert C.nbgrader_meta(cell)["locked"] is True


def test_leak_scan_catches_a_planted_solution(tmp_path):
    name = "a1_derivatives"
    target = tmp_path / name
    target.mkdir()
    nb = nbformat.read(str(COURSE.release / name / f"{name}.ipynb"), as_version=4)
    nb.cells[-1].source += "\n            return (f(x + h) - f(x)) / h"  # a line of the solution
    nbformat.write(nb, str(target / f"{name}.ipynb"))
    (target / "build.py").write_text("x = 1\n")
    found = leaks(COURSE, name, target)
    assert any("build.py" in f for f in found)
    assert any("solution/hidden line 'return (f(x + h) - f(x)) / h'" in f for f in found), found
