"""collect: every exported file is either collected or reported, never silently dropped."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from course_grader.collect import (
    CollectError,
    Limits,
    collect,
    format_collect_report,
    load_report,
    report_path,
    student_id_problem,
)
from course_grader.course import Course, repo_root

A1 = "a1_derivatives"


@pytest.fixture()
def course(tmp_path) -> Course:
    repo = Course(repo_root())
    root = tmp_path / "course"
    shutil.copytree(repo.solutions / A1, root / "solutions" / A1)
    shutil.copytree(repo.release / A1, root / "assignments" / A1)
    (root / "solutions" / "a2_chain_rule").mkdir()  # a second assignment name to tell apart
    (root / "solutions" / "a2_chain_rule" / "a2_chain_rule.ipynb").write_text("{}")
    return Course(root)


NB = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def nb(tag: str) -> bytes:
    """A notebook whose content says whose it is."""
    return json.dumps({"cells": [], "metadata": {"who": tag}, "nbformat": 4,
                       "nbformat_minor": 5}).encode()


def _export(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(NB)
    return folder


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def filed(course: Course, student: str) -> bytes:
    return (course.submitted / student / A1 / f"{A1}.ipynb").read_bytes()


def statuses(report) -> dict[str, str]:
    return {Path(p.file).name: p.status for p in report.problems}


# --------------------------------------------------------------------------- the basics


def test_lms_folder_names_are_parsed_and_filed_in_nbgrader_layout(course, tmp_path):
    export = _export(
        tmp_path / "x", ["lovelace_ada_1001_a1.ipynb", "von-neumann_john_1002_a1.ipynb"]
    )
    report = collect(course, export, assignment=A1)
    assert {c.student_id for c in report.collected} == {"1001", "1002"}
    ada = next(c for c in report.collected if c.student_id == "1001")
    assert (ada.last_name, ada.first_name, ada.assignment) == ("lovelace", "ada", A1)
    assert filed(course, "1001") == NB
    assert (course.submitted / "1001" / A1 / "timestamp.txt").exists()
    assert report.problems == []
    assert report.lms == "generic"


def test_a_single_name_part_is_a_name(course, tmp_path):
    export = _export(tmp_path / "x", ["shortcut_1002_a1.ipynb", "o'neil_1003_a1.ipynb"])
    report = collect(course, export)
    assert {c.student_id for c in report.collected} == {"1002", "1003"}
    assert report.problems == []


def test_assignment_is_inferred_from_the_file_name(course, tmp_path):
    export = _export(
        tmp_path / "x", ["a_b_1_a1.ipynb", "c_d_2_a1_derivatives (1).ipynb", "e_f_3_Untitled.ipynb"]
    )
    report = collect(course, export)
    assert {c.student_id for c in report.collected} == {"1", "2"}
    (problem,) = report.problems
    assert problem.status == "unmatched" and "which assignment" in problem.reason
    assert problem.student_id == "3"


def test_unmatched_duplicate_late_and_wrong_assignment_are_reported(course, tmp_path):
    export = _export(
        tmp_path / "x",
        [
            "final_version_REALLY.ipynb",
            "noether_emmy_1002_1_a1.ipynb",
            "noether_emmy_LATE_1002_2_a1.ipynb",
            "turing_alan_1003_a2.ipynb",
        ],
    )
    report = collect(course, export, assignment=A1, due="2000-01-01T00:00")
    found = statuses(report)
    assert found["final_version_REALLY.ipynb"] == "unmatched"
    assert found["noether_emmy_1002_1_a1.ipynb"] == "duplicate"
    assert found["turing_alan_1003_a2.ipynb"] == "wrong_assignment"
    (emmy,) = report.collected
    assert emmy.file == "noether_emmy_LATE_1002_2_a1.ipynb" and emmy.late
    dup = next(p for p in report.problems if p.status == "duplicate")
    assert "LATE resubmission" in dup.reason and emmy.file in dup.reason
    assert emmy.note == "kept over 1 other file(s): the LATE resubmission"
    text = format_collect_report(report)
    assert "final_version_REALLY.ipynb" in text and "duplicate" in text
    saved = load_report(course, A1)
    assert len(saved.collected) == 1 and len(saved.problems) == 3


def test_configurable_pattern(course, tmp_path):
    export = _export(tmp_path / "x", ["s12345-a1.ipynb", "bogus.ipynb"])
    report = collect(course, export, assignment=A1, pattern=r"^s(?P<student_id>\d+)-.*\.ipynb$")
    assert [c.student_id for c in report.collected] == ["12345"]
    assert [p.status for p in report.problems] == ["unmatched"]
    assert report.lms == "pattern"


@pytest.mark.parametrize("pattern", [r"^(?P<student_id>[0-9]+", r"^s(\d+)-"])
def test_a_broken_pattern_is_an_error_that_says_why(course, tmp_path, pattern):
    export = _export(tmp_path / "x", ["s1-a1.ipynb"])
    with pytest.raises(CollectError, match="--pattern"):
        collect(course, export, assignment=A1, pattern=pattern)


def test_the_report_is_what_grade_reads(course, tmp_path):
    """grade.py builds its CSV rows from load_report(...).problems and .collected."""
    export = _export(tmp_path / "x", ["lovelace_ada_1001_a1.ipynb", "junk.ipynb"])
    collect(course, export, assignment=A1)
    saved = load_report(course, A1)
    (problem,) = saved.problems
    assert (problem.file, problem.status) == ("junk.ipynb", "unmatched") and problem.reason
    (ada,) = saved.collected
    assert (ada.student_id, ada.last_name, ada.first_name, ada.file) == (
        "1001", "lovelace", "ada", "lovelace_ada_1001_a1.ipynb")
    assert ada.timestamp and ada.late == ""
    assert saved.lms == "generic"


# --------------------------------------------------------------------------- LMS formats


def test_canvas_names_are_read_from_what_canvas_writes(course, tmp_path):
    """Canvas: <name>[_LATE]_<user id>_<file id>_<learner's file name>. A learner naming an
    upload like another student's export must not become that student."""
    export = _zip(tmp_path / "canvas.zip", {
        "victimvera_31337_999998_a1_derivatives.ipynb": nb("vera"),
        "mallory_1234_67891_x_31337_999999_a1_derivatives.ipynb": nb("mallory"),
        "lovelaceada_LATE_1001_5555_a1.ipynb": nb("ada"),
        "hoppergrace_1002_700_LATE_1_a1.ipynb": nb("grace"),  # "LATE" typed by the learner
    })
    report = collect(course, export, assignment=A1)
    assert report.lms == "canvas"
    assert report.problems == []
    by_id = {c.student_id: c for c in report.collected}
    assert set(by_id) == {"31337", "1234", "1001", "1002"}
    assert by_id["1002"].late == "" and by_id["1002"].attempt == 700
    assert json.loads(filed(course, "31337"))["metadata"]["who"] == "vera"
    assert json.loads(filed(course, "1234"))["metadata"]["who"] == "mallory"
    assert by_id["1001"].late == "LATE marker in file name"
    assert by_id["1234"].attempt == 67891 and by_id["1234"].last_name == "mallory"


def test_canvas_keeps_the_newest_file_by_canvas_file_id_not_by_name(course, tmp_path):
    export = _zip(tmp_path / "canvas.zip", {
        "noetheremmy_1002_900_a1.ipynb": nb("new"),  # sorts first by name, newest by id
        "noetheremmy_1002_80_a1.ipynb": nb("old"),
        "noetheremmy_1002_850_screenshot.png": b"\x89PNG",
    })
    report = collect(course, export, assignment=A1)
    (emmy,) = report.collected
    assert emmy.file == "noetheremmy_1002_900_a1.ipynb"
    assert emmy.note == "kept over 2 other file(s): the LMS's latest attempt"
    assert json.loads(filed(course, "1002"))["metadata"]["who"] == "new"
    found = {Path(p.file).name: p for p in report.problems}
    assert found["noetheremmy_1002_80_a1.ipynb"].status == "duplicate"
    assert "older attempt" in found["noetheremmy_1002_80_a1.ipynb"].reason
    assert found["noetheremmy_1002_850_screenshot.png"].status == "not_a_notebook"


def test_canvas_anonymous_grading_and_text_entries(course, tmp_path):
    export = _export(tmp_path / "x", [])
    for name in ["anon_Xy12z_777_a1.ipynb", "LATE_anon_Qw34e_778_a1.ipynb",
                 "smithjohn_1005_text.html", "lovelaceada_1001_5555_a1.ipynb"]:
        (export / name).write_bytes(NB)
    report = collect(course, export, assignment=A1)
    assert report.lms == "canvas"
    by_id = {c.student_id: c for c in report.collected}
    assert set(by_id) == {"anon_Xy12z", "anon_Qw34e", "1001"}
    assert by_id["anon_Qw34e"].late
    assert statuses(report) == {"smithjohn_1005_text.html": "ignored"}


def test_canvas_anonymous_names_are_parsed_from_canvass_part_not_the_learners(course, tmp_path):
    """An anonymous learner who uploads `x_31337_999999_a1.ipynb` is exported as
    `LATE_anon_Qw34e_102_x_31337_999999_a1.ipynb`: it is anon_Qw34e's late file, not a file of
    Canvas user 31337 (a classmate's id from a named assignment in the same gradebook)."""
    export = _export(tmp_path / "x", [])
    for name in ["anon_Xy12z_101_a1.ipynb", "anon_Ab34c_103_a1.ipynb",
                 "LATE_anon_Qw34e_102_x_31337_999999_a1.ipynb"]:
        (export / name).write_bytes(NB)
    report = collect(course, export, assignment=A1)
    by_id = {c.student_id: c for c in report.collected}
    assert set(by_id) == {"anon_Xy12z", "anon_Ab34c", "anon_Qw34e"}
    assert by_id["anon_Qw34e"].late and not by_id["anon_Xy12z"].late


def test_canvas_ids_claimed_under_two_names_are_held_for_the_instructor(course, tmp_path):
    """A display name ending in `_1001` makes Canvas write `mallory_1001_<own id>_...`: the
    export then holds two names for student 1001. Neither file is filed; both are reported."""
    export = _zip(tmp_path / "canvas.zip", {
        "mallory_1001_1234_67891_a1.ipynb": nb("mallory"),
        "victimvera_1001_5555_a1.ipynb": nb("vera"),
        "lovelaceada_1002_5556_a1.ipynb": nb("ada"),
    })
    report = collect(course, export, assignment=A1)
    assert [c.student_id for c in report.collected] == ["1002"]
    conflicts = [p for p in report.problems if p.status == "conflict"]
    assert len(conflicts) == 2 and all(p.student_id == "1001" for p in conflicts)
    assert "mallory" in conflicts[0].reason and "victimvera" in conflicts[0].reason
    assert not (course.submitted / "1001").exists()


def test_moodle_flat_and_folder_exports(course, tmp_path):
    export = _zip(tmp_path / "moodle.zip", {
        "Ada Lovelace_1001_assignsubmission_file_a1.ipynb": nb("ada"),
        "Grace Hopper_1002_assignsubmission_file_/a1_derivatives.ipynb": nb("grace"),
        # a learner's own sub-folder named like another student's: the outer folder decides
        "Grace Hopper_1002_assignsubmission_file_/Ada Lovelace_1001_assignsubmission_file_/"
        "a1.ipynb": nb("grace-forged"),
        "Alan Turing_1003_assignsubmission_onlinetext_/onlinetext.html": b"<p>hi</p>",
    })
    report = collect(course, export, assignment=A1)
    assert report.lms == "moodle"
    by_id = {c.student_id: c for c in report.collected}
    assert set(by_id) == {"1001", "1002"}
    assert by_id["1001"].last_name == "Ada Lovelace"
    assert json.loads(filed(course, "1001"))["metadata"]["who"] == "ada"
    assert statuses(report)["onlinetext.html"] == "ignored"
    # the forged folder is grace's second file, not ada's
    (dup,) = [p for p in report.problems if p.status == "duplicate"]
    assert dup.student_id == "1002" and dup.file.startswith("Grace Hopper_1002_")


def test_blackboard_user_names_attempts_and_receipts(course, tmp_path):
    export = _zip(tmp_path / "bb.zip", {
        "Homework 1_jdoe_attempt_2024-03-02-10-00-00_a1.ipynb": nb("jdoe-2"),
        "Homework 1_jdoe_attempt_2024-03-01-10-00-00_a1.ipynb": nb("jdoe-1"),
        "Homework 1_jdoe_attempt_2024-03-02-10-00-00.txt": b"Name: J Doe",
        "Homework 1_a_smith_attempt_2024-03-01-09-00-00_my_attempt_2099-01-01-00-00-00_a1.ipynb":
            nb("smith"),
    })
    report = collect(course, export, assignment=A1)
    assert report.lms == "blackboard"
    by_id = {c.student_id: c for c in report.collected}
    assert set(by_id) == {"jdoe", "a_smith"}
    assert json.loads(filed(course, "jdoe"))["metadata"]["who"] == "jdoe-2"
    assert by_id["jdoe"].timestamp == "2024-03-02T10:00:00"
    assert by_id["a_smith"].timestamp == "2024-03-01T09:00:00"
    found = statuses(report)
    assert found["Homework 1_jdoe_attempt_2024-03-02-10-00-00.txt"] == "ignored"
    assert found["Homework 1_jdoe_attempt_2024-03-01-10-00-00_a1.ipynb"] == "duplicate"


def test_one_format_for_the_whole_export(course, tmp_path):
    """A learner's file named after another LMS's pattern does not change how names are read;
    `lms=` forces a format."""
    export = _zip(tmp_path / "canvas.zip", {
        "lovelaceada_1001_11_a1.ipynb": NB,
        "hoppergrace_1002_12_a1.ipynb": NB,
        "mallory_1234_13_Homework 1_1001_attempt_2030-01-01-00-00-00_a1.ipynb": NB,
    })
    report = collect(course, export, assignment=A1)
    assert report.lms == "canvas"
    assert {c.student_id for c in report.collected} == {"1001", "1002", "1234"}
    forced = collect(course, export, assignment=A1, lms="blackboard")
    assert forced.lms == "blackboard"
    assert {c.student_id for c in forced.collected} == {"1001"}
    with pytest.raises(CollectError, match="unknown LMS format"):
        collect(course, export, assignment=A1, lms="sakai")


def test_learner_text_after_the_id_never_changes_the_student(course, tmp_path):
    export = _export(tmp_path / "x", [])
    (export / "lovelace_ada_1001_x_31337_a1.ipynb").write_bytes(nb("ada"))
    (export / "student_31337_a1.ipynb").write_bytes(nb("real"))
    report = collect(course, export, assignment=A1)
    assert {c.student_id for c in report.collected} == {"1001", "31337"}
    assert json.loads(filed(course, "31337"))["metadata"]["who"] == "real"


def test_ascii_digits_only(course, tmp_path):
    """`\\d` would also match other scripts' digits (١٠٠١, １００１): not a student id."""
    export = _export(tmp_path / "x", ["lovelace_\uff11\uff10\uff10\uff11_a1.ipynb"])
    report = collect(course, export, assignment=A1)
    assert report.collected == [] and statuses(report)
    custom = collect(course, export, assignment=A1, pattern=r"^\w+?_(?P<student_id>\d+)_")
    assert custom.collected == [] and custom.problems[0].status == "unsafe_name"


# --------------------------------------------------------------------------- student ids


@pytest.mark.parametrize(
    "bad, why",
    [
        ("", "empty"),
        (".", "names a directory"),
        ("..", "names a directory"),
        ("../x", "path separator"),
        ("a/b", "path separator"),
        ("a\\b", "path separator"),
        ("a\x00b", "control"),
        ("a\x1b[2Jb", "control"),
        ("a\u202eb", "invisible"),
        ("-rf", "starts with '-'"),
        ("@SUM", "formula"),
        (".hidden", "starts with '.'"),
        ("x" * 65, "characters long"),
        ("caf\u00e9", "characters other than"),
    ],
)
def test_unsafe_student_ids_are_refused_with_a_reason(bad, why):
    assert why in student_id_problem(bad)


@pytest.mark.parametrize("good", ["1001", "jdoe", "j.doe@uni.edu", "anon_Xy12z", "a-b_c"])
def test_ordinary_student_ids_pass(good):
    assert student_id_problem(good) is None


@pytest.mark.parametrize("name, sid", [
    ("s..-a1.ipynb", ".."),
    ("s.-a1.ipynb", "."),
    ("s-rf-a1.ipynb", "-rf"),
])
def test_a_custom_pattern_cannot_file_outside_submitted(course, tmp_path, name, sid):
    export = _export(tmp_path / "x", [name])
    report = collect(course, export, assignment=A1,
                     pattern=r"^s(?P<student_id>.+?)-(?P<file>a1\.ipynb)$")
    assert report.collected == []
    (problem,) = report.problems
    assert problem.status == "unsafe_name" and problem.student_id == ""
    assert sid in problem.reason
    written = [p for p in course.root.rglob("*.ipynb")
               if p.relative_to(course.root).parts[0] not in ("solutions", "assignments")]
    assert written == []


def test_filing_never_follows_a_link_out_of_submitted(course, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    course.submitted.mkdir(parents=True)
    (course.submitted / "1001").symlink_to(outside)
    export = _export(tmp_path / "x", ["lovelace_ada_1001_a1.ipynb", "hopper_grace_1002_a1.ipynb"])
    report = collect(course, export, assignment=A1)
    assert [c.student_id for c in report.collected] == ["1002"]
    assert statuses(report) == {"lovelace_ada_1001_a1.ipynb": "unsafe_path"}
    assert list(outside.iterdir()) == []


def test_names_reach_the_csv_as_text_not_formulas(course, tmp_path):
    """grade.py turns the report into CSV rows (FileRow) and the roster's file names."""
    from course_grader.gradebook import FileRow, Roster, write_csv

    export = _export(tmp_path / "x", ['=HYPERLINK("evil","x").ipynb',
                                      "+cmd_1001_a1.ipynb", "@sum_bob_1002_a1.ipynb"])
    report = collect(course, export, assignment=A1, pattern=r"^(?P<name>.+?)_(?P<student_id>\d+)_")
    assert {c.last_name for c in report.collected} == {"'+cmd", "'@sum_bob"}
    (bad,) = report.problems
    assert bad.file.startswith("'=HYPERLINK")
    rows = [FileRow(p.file, p.status, p.reason, p.student_id) for p in report.problems]
    roster = Roster(names={c.student_id: (c.last_name, c.first_name) for c in report.collected})
    csv_path = write_csv(tmp_path / "a1.csv", A1, [], rows, roster, [])
    cells = [cell for line in csv_path.read_text().splitlines()[1:] for cell in line.split(",")]
    assert not any(cell.lstrip('"').startswith(("=", "+", "@")) for cell in cells)


# --------------------------------------------------------------------------- duplicates


def test_same_student_files_are_ordered_by_time_not_by_name(course, tmp_path):
    export = _export(tmp_path / "x", [])
    (export / "lovelace_ada_1001_a1 (2).ipynb").write_bytes(nb("older"))
    (export / "lovelace_ada_1001_a1.ipynb").write_bytes(nb("newer"))
    os.utime(export / "lovelace_ada_1001_a1 (2).ipynb", (1_700_000_000, 1_700_000_000))
    os.utime(export / "lovelace_ada_1001_a1.ipynb", (1_700_000_600, 1_700_000_600))
    report = collect(course, export, assignment=A1)
    assert json.loads(filed(course, "1001"))["metadata"]["who"] == "newer"
    (dup,) = report.problems
    assert dup.status == "duplicate" and "older file" in dup.reason


def test_same_time_duplicates_are_decided_by_content_and_said_so(course, tmp_path):
    export = _export(tmp_path / "x", [])
    (export / "lovelace_ada_1001_a1.ipynb").write_bytes(b"garbage, not JSON")
    (export / "lovelace_ada_1001_a1 copy.ipynb").write_bytes(nb("json"))
    (export / "hopper_grace_1002_a1.ipynb").write_bytes(nb("same"))
    (export / "hopper_grace_1002_a1 copy.ipynb").write_bytes(nb("same"))
    for p in export.iterdir():
        os.utime(p, (1_700_000_000, 1_700_000_000))
    report = collect(course, export, assignment=A1)
    assert json.loads(filed(course, "1001"))["metadata"]["who"] == "json"
    reasons = {p.student_id: p.reason for p in report.problems}
    assert "does not start like a notebook" in reasons["1001"]
    assert "identical copy" in reasons["1002"]


# --------------------------------------------------------------------------- reading safely


def test_zip_paths_and_non_notebook_files(course, tmp_path):
    export = _zip(tmp_path / "export.zip", {
        "submissions/curie_marie_1006_a1.pdf": b"%PDF-1.4 not a notebook",
        "submissions/lovelace_ada_1001_a1.ipynb": NB,
        "__MACOSX/._junk": b"",
        "../../evil_path_7_a1.ipynb": NB,
        "/abs_olute_8_a1.ipynb": NB,
        "..\\..\\win_dows_9_a1.ipynb": NB,
    })
    report = collect(course, export, assignment=A1)
    assert {c.student_id for c in report.collected} == {"1006", "1001"}
    # the PDF alone is filed under the notebook's name: grading reports it as not a notebook
    assert filed(course, "1006").startswith(b"%PDF")
    found = statuses(report)
    assert found["._junk"] == "ignored"
    assert found["evil_path_7_a1.ipynb"] == "unsafe_path"
    assert found["abs_olute_8_a1.ipynb"] == "unsafe_path"
    assert found["win_dows_9_a1.ipynb"] == "unsafe_path"
    assert not (course.submitted / "7").exists()
    assert not list(tmp_path.parent.glob("*_a1.ipynb"))


def test_symlinks_pipes_and_deep_folders_are_not_followed(course, tmp_path):
    export = _export(tmp_path / "x", ["lovelace_ada_1001_a1.ipynb"])
    secret = tmp_path / "secret.ipynb"
    secret.write_bytes(nb("secret"))
    (export / "evil_eve_1005_a1.ipynb").symlink_to(secret)
    (export / "linked_dir").symlink_to(tmp_path)
    os.mkfifo(export / "pipe_pat_1006_a1.ipynb")  # would block a naive read forever
    deep = export.joinpath(*["d"] * 40)
    deep.mkdir(parents=True)
    (deep / "deep_dan_1007_a1.ipynb").write_bytes(NB)
    report = collect(course, export, assignment=A1)
    assert [c.student_id for c in report.collected] == ["1001"]
    found = statuses(report)
    assert found["evil_eve_1005_a1.ipynb"] == "unsafe_path"
    assert found["linked_dir"] == "unsafe_path"
    assert found["pipe_pat_1006_a1.ipynb"] == "unsafe_path"
    assert "d" in found and found["d"] == "unsafe_path"
    assert not (course.submitted / "1005").exists()


def test_zip_symlink_duplicate_and_encrypted_entries(course, tmp_path):
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as zf:
        link = zipfile.ZipInfo("evil_eve_1005_a1.ipynb")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
        zf.writestr("twin_tom_1006_a1.ipynb", nb("one"))
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("twin_tom_1006_a1.ipynb", nb("two"))
        locked = zipfile.ZipInfo("locked_lou_1008_a1.ipynb")
        zf.writestr(locked, NB)
        zf.writestr("lovelace_ada_1001_a1.ipynb", NB)
    raw = bytearray(export.read_bytes())
    # mark the locked entry encrypted in the central directory (flag bit 0)
    at = raw.rfind(b"locked_lou_1008_a1.ipynb") - 46
    assert raw[at:at + 4] == b"PK\x01\x02"
    raw[at + 8] |= 0x1
    export.write_bytes(bytes(raw))
    report = collect(course, export, assignment=A1)
    assert [c.student_id for c in report.collected] == ["1001"]
    found = [(Path(p.file).name, p.status) for p in report.problems]
    assert ("evil_eve_1005_a1.ipynb", "unsafe_path") in found
    assert found.count(("twin_tom_1006_a1.ipynb", "unsafe_zip")) == 2
    assert ("locked_lou_1008_a1.ipynb", "unreadable") in found


def test_overlapping_zip_entries_are_a_bomb(course, tmp_path):
    import struct

    export = _zip(tmp_path / "x.zip", {"lovelace_ada_1001_a1.ipynb": NB})
    raw = export.read_bytes()
    eocd = raw.rfind(b"PK\x05\x06")
    size, offset = struct.unpack("<LL", raw[eocd + 12: eocd + 20])
    central = raw[offset: offset + size]
    twin = central.replace(b"lovelace_ada_1001", b"hopper_grace_1002")
    end = bytearray(raw[eocd:])
    struct.pack_into("<HHL", end, 8, 2, 2, size * 2)
    export.write_bytes(raw[:offset] + central + twin + bytes(end))
    report = collect(course, export, assignment=A1)
    assert report.collected == []
    assert sorted(p.status for p in report.problems) == ["unsafe_zip", "unsafe_zip"]


def test_too_large_and_zip_bombs_are_reported_not_read(course, tmp_path):
    export = tmp_path / "bomb.zip"
    with zipfile.ZipFile(export, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb_bob_1001_a1.ipynb", b"{" + b" " * (12 * 1024 * 1024))
        zf.writestr("big_bea_1002_a1.ipynb", os.urandom(300_000))
        zf.writestr("lovelace_ada_1003_a1.ipynb", NB)
    limits = Limits(max_file_bytes=200_000, ratio_floor=1_000_000)
    report = collect(course, export, assignment=A1, limits=limits)
    assert statuses(report) == {"bomb_bob_1001_a1.ipynb": "too_large",
                                "big_bea_1002_a1.ipynb": "too_large"}
    assert all("limit 200000" in p.reason for p in report.problems)
    assert not (course.submitted / "1002").exists() and not (course.submitted / "1001").exists()
    # with the default limits the random 300 kB are fine, the 12 MiB of spaces still a bomb
    report = collect(course, export, assignment=A1, limits=Limits(ratio_floor=1_000_000))
    assert statuses(report) == {"bomb_bob_1001_a1.ipynb": "unsafe_zip"}


def test_the_total_read_from_one_export_is_bounded(course, tmp_path):
    export = _export(tmp_path / "x", [])
    for i in range(5):
        (export / f"student_s_{1000 + i}_a1.ipynb").write_bytes(b"{" + b" " * 99_999)
    report = collect(course, export, assignment=A1, limits=Limits(max_total_bytes=250_000))
    assert len(report.collected) == 2
    assert [p.status for p in report.problems] == ["too_large"] * 3
    assert "total size limit" in report.problems[0].reason


def test_too_many_entries_is_refused_before_reading_the_directory(course, tmp_path):
    export = _zip(tmp_path / "many.zip", {f"s_{i}_a1.ipynb": b"{}" for i in range(30)})
    with pytest.raises(CollectError, match="30 entries"):
        collect(course, export, assignment=A1, limits=Limits(max_entries=20))


def test_names_are_printable_whatever_bytes_they_hold(course, tmp_path):
    export = _export(tmp_path / "x", [])
    (export / os.fsdecode(b"lovelace_ada_1001_a1\xff\xfe.ipynb")).write_bytes(NB)
    (export / "hopper_grace_1002_a1\u202egpj.ipynb").write_bytes(NB)
    (export / "turing_alan_1003_a1\x1b[2J\n.ipynb").write_bytes(NB)
    (export / os.fsdecode(b"caf\xe9_1004_a1.ipynb")).write_bytes(NB)  # non-UTF-8 in the id part
    report = collect(course, export, assignment=A1)
    files = {c.student_id: c.file for c in report.collected}
    assert files == {
        "1001": "lovelace_ada_1001_a1\\xff\\xfe.ipynb",
        "1002": "hopper_grace_1002_a1\\u202egpj.ipynb",
        "1003": "turing_alan_1003_a1\\x1b[2J\\x0a.ipynb",
    }
    assert statuses(report) == {"caf\\xe9_1004_a1.ipynb": "unmatched"}
    text = format_collect_report(report)
    assert "\x1b" not in text and "\u202e" not in text
    text.encode("utf-8")  # what the CSV writer does: no lone surrogates left
    saved = json.loads(report_path(course, A1).read_text(encoding="utf-8"))
    assert {c["file"] for c in saved["collected"]} == set(files.values())


def test_zip_names_utf8_without_the_flag_and_broken_utf8(course, tmp_path):
    export = _zip(tmp_path / "x.zip", {"m\u00fcller_hans_1001_a1.ipynb": NB})
    raw = bytearray(export.read_bytes())
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # clear the UTF-8 flag
        at = raw.find(sig)
        raw[at + flag_at + 1] &= ~0x08 & 0xFF
    export.write_bytes(bytes(raw))
    report = collect(course, export, assignment=A1)
    assert [(c.student_id, c.last_name) for c in report.collected] == [("1001", "m\u00fcller")]
    broken = tmp_path / "broken.zip"
    broken.write_bytes(export.read_bytes().replace(b"m\xc3\xbcller", b"m\xff\xfeller"))
    raw = bytearray(broken.read_bytes())
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set it on invalid bytes
        at = raw.find(sig)
        raw[at + flag_at + 1] |= 0x08
    broken.write_bytes(bytes(raw))
    with pytest.raises(CollectError, match="marked UTF-8"):
        collect(course, broken, assignment=A1)


def test_impossible_dates_in_a_zip_do_not_stop_collect(course, tmp_path):
    export = tmp_path / "x.zip"
    with zipfile.ZipFile(export, "w") as zf:
        zf.writestr(zipfile.ZipInfo("lovelace_ada_1001_a1.ipynb", (1980, 0, 0, 0, 0, 0)), NB)
    report = collect(course, export, assignment=A1, due="2024-01-01T00:00")
    (ada,) = report.collected
    assert ada.timestamp == "" and ada.late == ""


def test_very_long_names_are_refused_before_matching(course, tmp_path):
    export = _zip(tmp_path / "x.zip", {"a_" + "1" * 5000 + ".ipynb": NB,
                                       "lovelace_ada_1001_a1.ipynb": NB})
    report = collect(course, export, assignment=A1)
    assert [c.student_id for c in report.collected] == ["1001"]
    assert [p.status for p in report.problems] == ["unsafe_name"]


# --------------------------------------------------------------------------- streaming


def _peak_while_collecting(course, export) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        report = collect(course, export, assignment=A1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(report.collected) == 8, report.problems
    return peak


def _big_zip(path: Path, entry_bytes: int) -> Path:
    block = b" " * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for i in range(8):
            with zf.open(f"student_s_{1001 + i}_a1.ipynb", "w", force_zip64=True) as out:
                out.write(b"{")
                left = entry_bytes - 1
                while left:
                    out.write(block[: min(left, len(block))])
                    left -= min(left, len(block))
    return path


def test_a_zip_is_streamed_not_loaded(course, tmp_path):
    entry = 6 * 1024 * 1024
    peak = _peak_while_collecting(course, _big_zip(tmp_path / "big.zip", entry))
    assert peak < entry  # less than one entry, let alone the 48 MiB of the export
    assert (course.submitted / "1008" / A1 / f"{A1}.ipynb").stat().st_size == entry


@pytest.mark.slow
def test_eight_entries_of_50_mb_stay_out_of_memory(course, tmp_path, capsys):
    entry = 50_000_000
    peak = _peak_while_collecting(course, _big_zip(tmp_path / "big.zip", entry))
    with capsys.disabled():
        print(f"\ncollect of 8 x 50 MB zip entries: peak Python allocations {peak / 1e6:.1f} MB")
    assert peak < 16_000_000


# --------------------------------------------------------------------------- nbgrader tree


def test_nbgrader_submitted_tree(course, tmp_path):
    tree = tmp_path / "tree"
    (tree / "alice" / A1).mkdir(parents=True)
    (tree / "alice" / A1 / "my_work.ipynb").write_bytes(NB)
    (tree / "alice" / A1 / "timestamp.txt").write_text("2024-03-01 12:00:00")
    (tree / "bob" / A1).mkdir(parents=True)
    (tree / "bob" / "a9_unknown").mkdir(parents=True)
    report = collect(course, tree)
    assert [c.student_id for c in report.collected] == ["alice"]
    assert filed(course, "alice") == NB
    assert sorted(p.status for p in report.problems) == ["ignored", "renamed", "unmatched"]


def test_nbgrader_tree_refuses_links_and_unsafe_ids(course, tmp_path):
    tree = tmp_path / "tree"
    secret = tmp_path / "secret.ipynb"
    secret.write_bytes(nb("secret"))
    (tree / "carol" / A1).mkdir(parents=True)
    (tree / "carol" / A1 / f"{A1}.ipynb").symlink_to(secret)
    (tree / "-rf" / A1).mkdir(parents=True)
    (tree / "-rf" / A1 / f"{A1}.ipynb").write_bytes(NB)
    (tree / "dave").symlink_to(tree / "carol")
    (tree / "erin" / A1).mkdir(parents=True)
    (tree / "erin" / A1 / f"{A1}.ipynb").write_bytes(nb("erin"))
    report = collect(course, tree, assignment=A1)
    assert [c.student_id for c in report.collected] == ["erin"]
    found = {(p.file, p.status) for p in report.problems}
    assert (f"carol/{A1}/{A1}.ipynb", "unsafe_path") in found
    assert (f"'-rf/{A1}", "unsafe_name") in found  # as text, never a formula
    assert ("dave", "unsafe_path") in found
    assert not (course.submitted / "carol").exists()
