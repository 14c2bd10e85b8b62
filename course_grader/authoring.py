"""Build assignment source notebooks with the right nbgrader metadata, from plain Python.

An assignment's `build.py` lists its cells with `md`, `setup`, `answer` and `test`, then calls
`write_notebook`; the notebook it writes is the nbgrader source in `solutions/<name>/`.
Writing cells this way keeps metadata (grade ids, points, locks) consistent and reviewable.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

SCHEMA_VERSION = 3


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _clean(source: str) -> str:
    return textwrap.dedent(source).strip("\n")


def md(text: str, grade_id: str | None = None):
    """A markdown cell; with a `grade_id` it is locked (learners cannot edit the task text)."""
    cell = new_markdown_cell(_clean(text))
    if grade_id:
        cell.metadata.update(_meta(grade_id, grade=False, solution=False, locked=True))
    return cell


def setup(grade_id: str, source: str):
    """A locked code cell the instructor provides (imports, data); runs in the learner's kernel."""
    cell = new_code_cell(_clean(source))
    cell.metadata.update(_meta(grade_id, grade=False, solution=False, locked=True))
    return cell


def answer(grade_id: str, source: str):
    """An autograded answer cell: source holds `### BEGIN SOLUTION` / `### END SOLUTION`."""
    text = _clean(source)
    if "### BEGIN SOLUTION" not in text or "### END SOLUTION" not in text:
        raise ValueError(f"answer cell {grade_id!r} needs ### BEGIN SOLUTION / ### END SOLUTION")
    cell = new_code_cell(text)
    cell.metadata.update(_meta(grade_id, grade=False, solution=True, locked=False))
    return cell


def test(grade_id: str, points: int, source: str):
    """An autograded test cell worth `points`; hidden tests go between HIDDEN TESTS markers."""
    if int(points) != points or points <= 0:
        raise ValueError(
            f"test cell {grade_id!r}: points must be a positive integer, got {points!r}"
        )
    cell = new_code_cell(_clean(source))
    cell.metadata.update(
        _meta(grade_id, grade=True, solution=False, locked=True, points=int(points))
    )
    return cell


def write_notebook(path: str | Path, cells: list, *, title: str | None = None) -> Path:
    """Write the cells as an nbformat-4 notebook without outputs (python3 kernel)."""
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    if title:
        nb.metadata["title"] = title
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for i, cell in enumerate(nb.cells):  # stable ids keep diffs and releases reproducible
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell["id"] = grade_id.replace("_", "-") if grade_id else f"cell-{i:03d}"
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
    return path
