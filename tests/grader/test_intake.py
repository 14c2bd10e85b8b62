"""The door, and what the grader writes: no kernels here, so these run in a second.

A submission is checked and rebuilt once (`intake.read_submission`); learner output is rebuilt
from its plain parts and capped per submission (`outputs.py`); what is written for the
instructor (CSV, feedback page, autograded notebook) survives lone surrogates and carries no
active content or spreadsheet formulas.
"""

from __future__ import annotations

import csv
import json

import nbformat
import pytest

from course_grader.engine import CellRecord, SubmissionResult
from course_grader.engine import TestResult as Verdict
from course_grader.feedback import render, write_feedback
from course_grader.gradebook import (
    FileRow,
    Roster,
    csv_safe,
    safe_name,
    write_autograded,
    write_csv,
)
from course_grader.intake import (
    IntakeLimits,
    SubmissionRejected,
    json_depth,
    read_submission,
)
from course_grader.outputs import OutputBudget, inert_output

PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5E"
    "rkJggg=="
)


def _cell(source="x = 1", kind="code", **extra):
    cell = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    cell.update(extra)
    return cell


def _nb(*cells) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}


def _raw(nb) -> bytes:
    return json.dumps(nb).encode()


# --------------------------------------------------------------------------- the door


def test_metadata_that_is_not_a_dict_is_dropped_with_a_note():
    nb = _nb(_cell("a = 1", metadata=["x"]), _cell("b = 2", metadata={"nbgrader": [1]}))
    got = read_submission(_raw(nb))
    assert [c["metadata"] for c in got.notebook["cells"]] == [{}, {}]
    assert any("cell 1 had metadata that is not a dict" in n for n in got.notes)
    assert any("cell 2 had nbgrader metadata that is not a dict" in n for n in got.notes)


def test_nbgrader_metadata_keeps_only_the_scalar_fields_grading_uses():
    meta = {"nbgrader": {"grade_id": "q1", "solution": True, "points": [1], "grade": "yes",
                         "extra": {"deep": [1, 2]}}}
    got = read_submission(_raw(_nb(_cell(metadata=meta))))
    assert got.notebook["cells"][0]["metadata"] == {"nbgrader": {"grade_id": "q1",
                                                                 "solution": True}}


@pytest.mark.parametrize("source", [[1, 2, 3], 7, {"a": 1}, None, ["ok", 2]])
def test_a_source_that_is_not_text_rejects_the_file_with_the_cell_named(source):
    nb = _nb(_cell("fine"), _cell(source))
    with pytest.raises(SubmissionRejected, match="cell 2 has a source that is not text"):
        read_submission(_raw(nb))


def test_deep_nesting_is_rejected_before_parsing():
    depth = 200_000
    raw = b'{"cells": [], "x": ' + b"[" * depth + b"]" * depth + b"}"
    assert json_depth(raw) == depth + 1
    with pytest.raises(SubmissionRejected, match="nested 200001 levels deep"):
        read_submission(raw)


def test_json_depth_ignores_brackets_inside_strings():
    raw = _raw(_nb(_cell('s = "[[[[{{{{" + "\\"[["')))
    assert json_depth(raw) == 4  # {notebook} [cells] {cell} {metadata}


def test_lone_surrogates_in_code_are_replaced_and_noted():
    raw = b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [' + json.dumps(
        _cell("x = '\ud800'  # and \udfff")
    ).encode() + b"]}"
    assert b"\\ud800" in raw
    got = read_submission(raw)
    text = got.notebook["cells"][0]["source"]
    assert text == "x = '\ufffd'  # and \ufffd"
    text.encode("utf-8")
    assert any("not valid Unicode" in n for n in got.notes)


def test_size_and_count_limits_are_ours_and_say_so():
    limits = IntakeLimits(max_file_bytes=10_000, max_cells=3, max_cell_chars=100,
                          max_source_chars=150)
    with pytest.raises(SubmissionRejected, match="at most 3 are graded"):
        read_submission(_raw(_nb(*[_cell() for _ in range(4)])), limits)
    with pytest.raises(SubmissionRejected, match="100 per cell"):
        read_submission(_raw(_nb(_cell("x" * 101))), limits)
    with pytest.raises(SubmissionRejected, match="more than 150 characters"):
        read_submission(_raw(_nb(_cell("x" * 80), _cell("y" * 80))), limits)
    with pytest.raises(SubmissionRejected, match="at most 0 MB"):
        read_submission(_raw(_nb(_cell("x" * 20_000))), limits)


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"\x89PNG\r\n", "not UTF-8"),
        (b"{not json", "invalid JSON"),
        (b"[1, 2]", "no list of cells"),
        (b'{"cells": 3}', "no list of cells"),
    ],
)
def test_files_that_are_not_notebooks_are_refused_with_a_reason(raw, reason):
    with pytest.raises(SubmissionRejected, match=reason):
        read_submission(raw)


def test_the_rebuilt_notebook_is_valid_and_holds_only_what_grading_uses():
    nb = _nb(
        _cell("a = 1", outputs=[{"output_type": "display_data", "data": {"text/html": "<b>"}}],
              attachments={"x.png": {}}),
        "not a cell",
        _cell("# hi", kind="markdown"),
        _cell("?", kind="weird"),
    )
    nb["metadata"] = {"widgets": {"state": "huge"}, "kernelspec": {"name": "evil"}}
    got = read_submission(_raw(nb))
    nbformat.validate(nbformat.from_dict(got.notebook))
    assert got.notebook["metadata"] == {}
    kinds = [c["cell_type"] for c in got.notebook["cells"]]
    assert kinds == ["code", "markdown", "raw"]
    assert got.notebook["cells"][0]["outputs"] == []
    assert "attachments" not in got.notebook["cells"][0]
    assert any("cell 2 was not a cell" in n for n in got.notes)


# --------------------------------------------------------------------------- outputs


ACTIVE = {
    "text/html": "<script>alert(1)</script>",
    "application/javascript": "alert(1)",
    "image/svg+xml": "<svg onload='alert(1)'/>",
    "text/markdown": "<img src=x onerror=alert(1)>",
    "text/latex": "$x$",
    "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
    "application/x-unknown": "?",
}


def test_only_plain_text_and_raster_images_survive():
    out = {"output_type": "display_data", "data": {**ACTIVE, "text/plain": "ok",
                                                    "image/png": PNG}, "metadata": {"x": 1}}
    kept, dropped = inert_output(out, 1000)
    assert kept == {"output_type": "display_data", "data": {"text/plain": "ok", "image/png": PNG},
                    "metadata": {}}
    assert set(dropped) == set(ACTIVE)
    only_active = {"output_type": "execute_result", "data": ACTIVE, "execution_count": "1"}
    assert inert_output(only_active, 1000)[0] is None


def test_a_png_that_is_not_base64_is_dropped():
    out = {"output_type": "display_data", "data": {"image/png": "<script>"}}
    kept, dropped = inert_output(out, 1000)
    assert kept is None and "not valid base64" in dropped[0]


def test_output_is_capped_per_submission_not_per_cell():
    budget = OutputBudget(50_000)
    kept_total = 0
    for _ in range(40):  # 40 cells of 20,000 characters: 800,000 offered
        outs = budget.keep([{"output_type": "stream", "name": "stdout", "text": "x" * 20_000}])
        kept_total += sum(len(o["text"]) for o in outs)
    assert kept_total < 50_000 + 1000
    assert budget.left <= 0


def test_surrogates_in_outputs_are_replaced():
    out = {"output_type": "error", "ename": "E\ud800", "evalue": "\udfff", "traceback": ["\ud800"]}
    kept, _ = inert_output(out, 1000)
    json.dumps(kept, ensure_ascii=False).encode("utf-8")
    assert kept["ename"] == "E\ufffd"


# --------------------------------------------------------------------------- what is written


def _result(outputs, message="✗ raised ValueError: \ud800", reason="lost points"):
    res = SubmissionResult("a1", "7", "a1.ipynb", "graded", reason, 1.0, 3.0,
                           [Verdict("t1", 1.0, 3.0, "partial", message)])
    res.cells = [
        CellRecord("free", None, "print('\ud800')", "ok", outputs),
        CellRecord("test", "t1", "check()", "partial"),
    ]
    return res


def test_feedback_and_autograded_survive_lone_surrogates_and_drop_active_output(tmp_path):
    hostile = [
        {"output_type": "stream", "name": "stdout", "text": "bad \ud800 text"},
        {"output_type": "display_data", "data": {**ACTIVE, "text/plain": "plain \udfff"}},
    ]
    res = _result(hostile)
    page = write_feedback(tmp_path / "feedback", res).read_text(encoding="utf-8")
    assert "<script" not in page and "onerror" not in page and "onload" not in page
    assert "Content-Security-Policy" in page and "script-src" not in page
    assert "bad \ufffd text" in page

    class FakeCourse:
        autograded = tmp_path / "autograded"

    path = write_autograded(FakeCourse(), res, {})
    nb = nbformat.read(path, as_version=4)
    mimes = {k for c in nb.cells for o in c.get("outputs", []) for k in o.get("data", {})}
    assert mimes <= {"text/plain"}
    assert "\ud800" not in path.read_text(encoding="utf-8")


def test_feedback_escapes_learner_text_everywhere():
    res = _result([], message="<script>alert(1)</script>", reason="<img src=x onerror=1>")
    res.status = "invalid"
    res.notes = ["<iframe src=javascript:alert(1)>"]
    res.student_id = "<b>x</b>"
    page = render(res, student_name="<svg onload=alert(1)>")
    for bad in ("<script", "<img src=x", "<iframe", "<svg", "<b>x"):
        assert bad not in page


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_safe_defuses_formulas(text):
    assert csv_safe(text) == "'" + text


def test_csv_cells_never_start_a_formula_and_carry_the_isolation(tmp_path):
    res = _result([], reason="=HYPERLINK(\"http://evil\", \"click\") \ud800")
    res.isolation = "bwrap"
    roster = Roster(names={"7": ("=cmd|' /C calc'!A0", "@bob")}, files={"7": "+x.ipynb"})
    rows = [FileRow("=evil.ipynb", "unmatched", "-2+3", "-5", "\tTab", "\rCR")]
    path = write_csv(tmp_path / "a1.csv", "a1", [res], rows, roster, ["t1"])
    with open(path, encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    for row in table:
        for key, value in row.items():
            assert not (value or "").startswith(("=", "+", "-", "@", "\t", "\r")), (key, value)
    assert table[0]["isolation"] == "bwrap" and table[0]["t1"] == "1"
    assert table[0]["last_name"] == "'=cmd|' /C calc'!A0"
    assert table[1]["file"] == "'=evil.ipynb"
    assert table[0]["reason"].endswith("\ufffd")


def test_names_stored_for_the_formgrader_cannot_make_markup():
    # the formgrader's grading view prints names unescaped ({{ resources.last_name }})
    assert safe_name('<img src=x onerror="alert(1)">') == "img src=x onerror=alert(1)"
    assert safe_name("O'Brien-Łukasz \ud800") == "O'Brien-Łukasz \ufffd"
    assert safe_name("\x00\n") is None and safe_name("") is None
