"""What each cell of an assignment notebook is for, read from its nbgrader metadata.

The grader trusts only the instructor's source notebook for this: a learner's copy may have had
its metadata edited, so learner cells are matched to source cells by grade id and kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"

ANSWER, TEST, LOCKED, MARKDOWN, FREE, MANUAL = (
    "answer",
    "test",
    "locked",
    "markdown",
    "free",
    "manual",
)


def nbgrader_meta(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def cell_kind(cell) -> str:
    """answer / test / manual / locked / markdown / free (a cell with no nbgrader role)."""
    meta = nbgrader_meta(cell)
    grade, solution, locked = (bool(meta.get(k, False)) for k in ("grade", "solution", "locked"))
    if cell.get("cell_type") != "code":
        if grade:
            return MANUAL
        return MARKDOWN
    if grade and solution:
        return MANUAL  # a graded free-text/code answer: nbgrader's manual grading
    if grade:
        return TEST
    if solution:
        return ANSWER
    if locked:
        return LOCKED
    return FREE


def grade_id(cell) -> str | None:
    gid = nbgrader_meta(cell).get("grade_id")
    return gid if isinstance(gid, str) and gid else None


def points(cell) -> float:
    try:
        return float(nbgrader_meta(cell).get("points", 0) or 0)
    except (TypeError, ValueError):
        return 0.0


def source_text(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def split_hidden(source: str) -> tuple[str, list[str]]:
    """(visible source, [hidden blocks]) of a test cell."""
    visible: list[str] = []
    hidden: list[str] = []
    block: list[str] | None = None
    for line in source.splitlines():
        marker = line.strip()
        if marker == HIDDEN_BEGIN:
            block = []
            continue
        if marker == HIDDEN_END and block is not None:
            hidden.append("\n".join(block))
            block = None
            continue
        (block if block is not None else visible).append(line)
    if block is not None:
        hidden.append("\n".join(block))
    return "\n".join(visible), hidden


def solution_blocks(source: str) -> list[str]:
    """The lines between BEGIN/END SOLUTION markers (what release removes)."""
    pattern = re.compile(
        rf"^[ \t]*{re.escape(SOLUTION_BEGIN)}[^\n]*\n(.*?)^[ \t]*{re.escape(SOLUTION_END)}",
        re.S | re.M,
    )
    return pattern.findall(source)


@dataclass(frozen=True)
class SourceCell:
    """One cell of the instructor's source notebook, as the grader needs it."""

    index: int
    kind: str
    grade_id: str | None
    source: str
    points: float = 0.0

    @property
    def visible_source(self) -> str:
        return split_hidden(self.source)[0] if self.kind == TEST else self.source


def read_source_cells(nb) -> list[SourceCell]:
    return [
        SourceCell(i, cell_kind(c), grade_id(c), source_text(c), points(c))
        for i, c in enumerate(nb.get("cells", []))
    ]
