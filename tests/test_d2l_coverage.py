"""The d2l coverage table in 00_start_here points at real cells.

Lesson 00 has a table that maps every exercise of d2l §2.4 (2.4.1 … 2.4.10) and §2.5
(2.5.1 … 2.5.8) to the lesson cell that covers it, as a link ``NN_name.ipynb#d2l-2-4-3``.
The covering cell is a markdown cell that carries the anchor ``<a id="d2l-2-4-3"></a>``
(LESSONS.md, "d2l exercise coverage"). These tests check that the table lists every
exercise once, and that each link opens an existing notebook with that anchor in it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
START = NOTEBOOK_DIR / "00_start_here.ipynb"

EXERCISES = [f"2.4.{k}" for k in range(1, 11)] + [f"2.5.{k}" for k in range(1, 9)]
ROW = re.compile(r"^\|\s*(2\.[45]\.\d+)\s*\|.*\]\(([^)#\s]+\.ipynb)#([^)\s]+)\)", re.MULTILINE)


def anchor_name(number: str) -> str:
    return "d2l-" + number.replace(".", "-")


@functools.cache
def table_rows() -> dict[str, list[tuple[str, str]]]:
    """{d2l number: [(notebook file, anchor), …]} from the markdown of 00_start_here."""
    nb = nbformat.read(START, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    rows: dict[str, list[tuple[str, str]]] = {}
    for number, notebook, anchor in ROW.findall(text):
        rows.setdefault(number, []).append((notebook, anchor))
    return rows


@functools.cache
def anchors_in(path: Path) -> set[str]:
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return set(re.findall(r"""<a\s+id=["']([^"']+)["']\s*>\s*</a>""", text))


def test_table_lists_every_d2l_exercise_once():
    rows = table_rows()
    missing = [n for n in EXERCISES if n not in rows]
    assert not missing, (
        f"{START.name}'s d2l table has no row for {missing}; add a row "
        "'| 2.x.y | what it asks | [Lesson N](NN_name.ipynb#d2l-2-x-y) |'"
    )
    twice = sorted(n for n, targets in rows.items() if len(targets) > 1)
    assert not twice, f"{START.name}'s d2l table lists {twice} more than once"
    unknown = sorted(set(rows) - set(EXERCISES))
    assert not unknown, f"{START.name}'s d2l table has rows for {unknown}, not d2l exercises"


@pytest.mark.parametrize("number", EXERCISES)
def test_table_link_points_at_an_existing_anchor(number):
    targets = table_rows().get(number)
    if not targets:
        pytest.fail(f"{START.name}'s d2l table has no row for {number}", pytrace=False)
    notebook, anchor = targets[0]
    assert anchor == anchor_name(number), (
        f"the row for d2l {number} links #{anchor}; the convention is #{anchor_name(number)}"
    )
    path = NOTEBOOK_DIR / notebook
    assert path.is_file(), f"the row for d2l {number} links {notebook}, which does not exist"
    assert anchor in anchors_in(path), (
        f"notebooks/{notebook} has no cell with <a id=\"{anchor}\"></a>; put that anchor at "
        f"the top of the markdown cell that covers d2l exercise {number}"
    )
