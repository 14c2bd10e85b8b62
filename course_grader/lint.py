"""Lint an assignment source notebook against the grading contract.

The rules exist because of how grading works: test cells run in the grader's process (so they
must be self-contained and use checks), nbgrader reads a test cell's last bare expression as a
score (so none may end in one), and grade ids key the gradebook (so they must be unique).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat

from course_grader import cells as C
from course_lib.checks import __all__ as CHECK_NAMES

GRADE_ID = re.compile(r"^[a-z0-9_]+$")
# Calls allowed as a test cell's last statement: they return None, so nbgrader prints nothing.
_FINAL_CALLS = set(CHECK_NAMES) | {"finish", "print"}


def _ends_in_bare_expression(tree: ast.Module) -> str | None:
    if not tree.body:
        return None
    last = tree.body[-1]
    if not isinstance(last, ast.Expr):
        return None
    value = last.value
    if isinstance(value, ast.Constant) and value.value is None:
        return None
    if isinstance(value, ast.Call):
        func = value.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if called in _FINAL_CALLS:
            return None
        return f"ends in a call to `{called}(...)`, whose value nbgrader would read as a score"
    return "ends in a bare expression, whose printed value nbgrader would read as a score"


def _imported_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "course_lib.checks":
            names.update(a.asname or a.name for a in node.names)
            if any(a.name == "*" for a in node.names):
                names.update(CHECK_NAMES)
    return names


def lint_test_source(gid: str, source: str) -> list[str]:
    """Problems with one test cell's code (full source, hidden parts included)."""
    problems = []
    visible, hidden = C.split_hidden(source)
    for label, code in [("test cell", source), ("released test cell", visible)]:
        try:
            tree = ast.parse(code)
        except SyntaxError as err:
            problems.append(f"{gid}: {label} does not parse: {err.msg} (line {err.lineno})")
            continue
        bare = _ends_in_bare_expression(tree)
        if bare:
            problems.append(f"{gid}: {label} {bare}; end with a check call")
    try:
        full = ast.parse(source)
        vis = ast.parse(visible)
    except SyntaxError:
        return problems
    if any(isinstance(n, ast.Assert) for n in ast.walk(full)):
        problems.append(f"{gid}: uses a bare `assert`; use a check from course_lib.checks")
    used = {n.id for n in ast.walk(vis) if isinstance(n, ast.Name)} & set(CHECK_NAMES)
    missing = used - _imported_names(vis)
    if missing:
        problems.append(
            f"{gid}: uses {', '.join(sorted(missing))} without "
            "`from course_lib.checks import ...` in its visible part"
        )
    if not any(isinstance(n, ast.Call) for n in ast.walk(full)):
        problems.append(f"{gid}: checks nothing (no call in the cell)")
    if source.count(C.HIDDEN_BEGIN) != source.count(C.HIDDEN_END):
        problems.append(f"{gid}: unbalanced HIDDEN TESTS markers")
    return problems


def lint_notebook(path: str | Path) -> list[str]:
    """Every contract violation in one source notebook, as readable sentences."""
    path = Path(path)
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as err:  # noqa: BLE001 - report unreadable notebooks as a lint problem
        return [f"{path.name}: not a readable notebook ({err})"]
    problems: list[str] = []
    seen: dict[str, int] = {}
    total = 0.0
    n_tests = n_answers = 0
    for i, cell in enumerate(nb.cells):
        meta = C.nbgrader_meta(cell)
        if not meta:
            if cell.cell_type == "code":
                problems.append(f"cell {i}: code cell without nbgrader metadata (lock it: setup())")
            continue
        gid = C.grade_id(cell)
        where = f"cell {i} ({gid})"
        if gid is None or not GRADE_ID.match(gid):
            problems.append(f"{where}: grade_id must match [a-z0-9_]+")
        elif gid in seen:
            problems.append(f"{where}: grade_id also used by cell {seen[gid]}")
        else:
            seen[gid] = i
        if meta.get("schema_version") != 3:
            problems.append(f"{where}: nbgrader schema_version must be 3")
        kind = C.cell_kind(cell)
        source = C.source_text(cell)
        if kind == C.ANSWER:
            n_answers += 1
            if not C.solution_blocks(source):
                problems.append(f"{where}: answer cell without ### BEGIN/END SOLUTION")
            if C.HIDDEN_BEGIN in source:
                problems.append(f"{where}: hidden tests belong in test cells")
        elif kind == C.TEST:
            n_tests += 1
            pts = meta.get("points")
            if not isinstance(pts, int) or isinstance(pts, bool) or pts <= 0:
                problems.append(f"{where}: points must be a positive integer, got {pts!r}")
            else:
                total += pts
            if not meta.get("locked"):
                problems.append(f"{where}: test cells must be locked")
            if C.SOLUTION_BEGIN in source:
                problems.append(f"{where}: test cell contains a SOLUTION block")
            problems.extend(f"cell {i}: {p}" for p in lint_test_source(gid or "?", source))
        elif kind == C.MANUAL:
            problems.append(f"{where}: manually graded cells are not used in this course")
        elif kind in (C.LOCKED, C.MARKDOWN) and (
            C.SOLUTION_BEGIN in source or C.HIDDEN_BEGIN in source
        ):
            problems.append(f"{where}: solution/hidden markers outside answer/test cells")
    if n_tests == 0 or n_answers == 0:
        problems.append(f"{path.name}: needs at least one answer cell and one test cell")
    if total % 5:
        problems.append(f"{path.name}: points total {total:g}, should be a multiple of 5")
    return problems
