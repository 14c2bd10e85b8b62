"""The door: every submitted file is checked and rebuilt here, once, before the grader reads it.

A learner's `.ipynb` is untrusted JSON. Rather than teach every later step (the plan, the kernel
client, the feedback, `nbformat.write`) to survive whatever JSON can hold, `read_submission`
rebuilds the notebook into the one shape the grader knows:

    {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code" | "markdown" | "raw", "id": str, "metadata": {"nbgrader": {...}},
         "source": str, "outputs": [], "execution_count": None}, ...]}

and validates that against nbformat's schema. Only what grading uses survives: each cell's type,
its source text and the scalar nbgrader fields that match it to the instructor's cells. The
learner's outputs, attachments and other metadata are dropped (the grader runs the code itself).

Our own limits come first, before any parsing that could cost memory or recursion: the file's
size, its JSON nesting depth, the number of cells and the amount of text. What can be read
safely is repaired and noted (a cell whose metadata is not a dict loses its metadata, lone
surrogates become U+FFFD); what cannot is refused with a `SubmissionRejected` that says why, in
words the learner and the instructor can act on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import numpy as np

from course_grader.messages import submission_language

CELL_TYPES = ("code", "markdown", "raw")
NBGRADER_KEYS = {"grade_id": str, "solution": bool, "grade": bool, "locked": bool,
                 "points": (int, float), "task": bool}


@dataclass(frozen=True)
class IntakeLimits:
    """What a submitted notebook may be. Generous for the course's assignments (a solved one is
    ~100 kB with ~60 cells), small enough that no file can cost the grader much."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_json_depth: int = 64
    max_cells: int = 2000
    max_cell_chars: int = 200_000  # source text of one cell
    max_source_chars: int = 2_000_000  # source text of all cells


class SubmissionRejected(ValueError):
    """The file cannot be graded as a notebook; `str()` is the reason shown in the CSV."""


@dataclass
class Intake:
    """A submission as the grader may use it: a clean notebook and what was repaired."""

    notebook: dict
    notes: list = field(default_factory=list)


# --------------------------------------------------------------------------- text


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogates(text: str) -> bool:
    return bool(_SURROGATE.search(text))


def replace_surrogates(text: str) -> str:
    """`text` with lone surrogates (not encodable as UTF-8) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def clean_tree(value, depth: int = 0):
    """A JSON-like value with every string made UTF-8 encodable (for anything written out)."""
    if depth > 100:
        return "[nested too deeply]"
    if isinstance(value, str):
        return replace_surrogates(value) if has_lone_surrogates(value) else value
    if isinstance(value, dict):
        return {clean_tree(k, depth + 1): clean_tree(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_tree(v, depth + 1) for v in value]
    return value


# --------------------------------------------------------------------------- JSON


def json_depth(raw: bytes) -> int:
    """The deepest nesting of [ and { in a JSON document, strings ignored (no parsing, no
    recursion: a million nested brackets cost a few milliseconds)."""
    stripped = re.sub(rb'"(?:[^"\\]|\\.)*"', b'""', raw)
    buf = np.frombuffer(stripped, dtype=np.uint8)
    steps = np.zeros(buf.shape, dtype=np.int8)
    steps[(buf == ord("[")) | (buf == ord("{"))] = 1
    steps[(buf == ord("]")) | (buf == ord("}"))] = -1
    return int(np.cumsum(steps, dtype=np.int32).max()) if buf.size else 0


def _parse(raw: bytes, limits: IntakeLimits) -> dict:
    if len(raw) > limits.max_file_bytes:
        raise SubmissionRejected(
            f"the file is {len(raw) / 2**20:.1f} MB; a notebook may be at most "
            f"{limits.max_file_bytes / 2**20:.0f} MB (clear its outputs and resubmit)"
        )
    depth = json_depth(raw)
    if depth > limits.max_json_depth:
        raise SubmissionRejected(
            f"not a notebook: its JSON is nested {depth} levels deep (at most "
            f"{limits.max_json_depth} allowed)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SubmissionRejected(f"not a notebook: the file is not UTF-8 text ({err})") from None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError) as err:
        raise SubmissionRejected(f"not a notebook: invalid JSON ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")),
                                                       list):
        raise SubmissionRejected("not a notebook: no list of cells")
    if data.get("nbformat") != 4:
        data = _convert_old(data)
    return data


def _convert_old(data: dict) -> dict:
    import nbformat

    try:
        return dict(nbformat.convert(nbformat.from_dict(data), 4))
    except Exception as err:  # noqa: BLE001 - any failure of the converter means: unreadable
        raise SubmissionRejected(
            f"unsupported notebook format (nbformat {data.get('nbformat')!r}): "
            f"{type(err).__name__}"
        ) from None


# --------------------------------------------------------------------------- cells


def _source(value, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    raise SubmissionRejected(
        f"not a valid notebook: {where} has a source that is not text "
        f"({type(value).__name__}); open the notebook in Jupyter, save it and resubmit"
    )


def _nbgrader_meta(meta) -> dict | None:
    if not isinstance(meta, dict):
        return None
    nbg = meta.get("nbgrader")
    if not isinstance(nbg, dict):
        return None
    kept = {}
    for key, kind in NBGRADER_KEYS.items():
        value = nbg.get(key)
        if isinstance(value, kind) and not (kind is not bool and isinstance(value, bool)):
            if isinstance(value, str):
                value = replace_surrogates(value)[:200]
            if isinstance(value, float) and value != value:  # NaN points
                continue
            kept[key] = value
    return kept


def read_submission(raw: bytes, limits: IntakeLimits | None = None) -> Intake:
    """Check `raw` against the limits and nbformat's schema; return the rebuilt notebook and
    notes on what was repaired, or raise `SubmissionRejected` with the reason."""
    import nbformat

    limits = limits or IntakeLimits()
    data = _parse(raw, limits)
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise SubmissionRejected("not a notebook: no list of cells")
    if len(cells) > limits.max_cells:
        raise SubmissionRejected(
            f"the notebook has {len(cells)} cells; at most {limits.max_cells} are graded"
        )
    notes: list[str] = []
    repaired: dict[str, list[int]] = {}
    clean_cells = []
    total = 0
    for i, cell in enumerate(cells):
        where = f"cell {i + 1}"
        if not isinstance(cell, dict):
            repaired.setdefault("was not a cell (dropped)", []).append(i + 1)
            continue
        kind = cell.get("cell_type")
        if kind not in CELL_TYPES:
            repaired.setdefault("had an unknown cell type (read as raw text)", []).append(i + 1)
            kind = "raw"
        text = _source(cell.get("source", ""), where)
        if len(text) > limits.max_cell_chars:
            raise SubmissionRejected(
                f"{where} holds {len(text):,} characters of source; at most "
                f"{limits.max_cell_chars:,} per cell are graded"
            )
        total += len(text)
        if total > limits.max_source_chars:
            raise SubmissionRejected(
                f"the notebook holds more than {limits.max_source_chars:,} characters of source"
            )
        if has_lone_surrogates(text):
            text = replace_surrogates(text)
            repaired.setdefault("held characters that are not valid Unicode (replaced by �)",
                                []).append(i + 1)
        meta = cell.get("metadata", {})
        nbg = _nbgrader_meta(meta)
        if not isinstance(meta, dict):
            repaired.setdefault("had metadata that is not a dict (ignored)", []).append(i + 1)
        elif "nbgrader" in meta and not isinstance(meta["nbgrader"], dict):
            repaired.setdefault("had nbgrader metadata that is not a dict (ignored)",
                                []).append(i + 1)
        clean = {
            "cell_type": kind,
            "id": f"cell-{i}",
            "metadata": {"nbgrader": nbg} if nbg else {},
            "source": text,
        }
        if kind == "code":
            clean["outputs"] = []
            clean["execution_count"] = None
        clean_cells.append(clean)
    for what, where in repaired.items():
        shown = ", ".join(str(n) for n in where[:10]) + (" ..." if len(where) > 10 else "")
        notes.append(f"cell{'s' if len(where) > 1 else ''} {shown} {what}")
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": clean_cells}
    # the one piece of notebook metadata kept: the edition's language, for the feedback
    lang = submission_language(data if isinstance(data, dict) else None)
    if lang != "en":
        nb["metadata"]["autodiff_course"] = {"lang": lang}
    try:
        nbformat.validate(nbformat.from_dict(nb), version=4)
    except Exception as err:  # noqa: BLE001 - should not happen: the shape is ours
        raise SubmissionRejected(f"not a valid notebook: {str(err).splitlines()[0]}") from None
    return Intake(nb, notes)
