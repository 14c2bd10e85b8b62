"""Notebooks are generated from their text sources in content/, and a stale one fails here."""

from pathlib import Path

import pytest

from course_grader.authoring import (
    SourceError,
    build_course,
    build_notebook,
    split_languages,
    targets,
)

REPO = Path(__file__).resolve().parents[2]


def test_every_lesson_notebook_has_a_text_source():
    sources = {t.path for t in targets(REPO)}
    lessons = set((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert lessons, "no lesson notebooks found"
    assert lessons <= sources, f"notebooks without a source: {sorted(lessons - sources)}"


def test_committed_notebooks_are_what_their_sources_generate():
    stale = build_course(REPO, check=True)
    assert not stale, (
        f"generated notebooks differ from content/: {[str(p.relative_to(REPO)) for p in stale]}; "
        "run `autodiff-course build` and commit the result"
    )


def _write(tmp_path, text: str) -> Path:
    src = tmp_path / "content" / "assignments" / "a9_demo.py"
    src.parent.mkdir(parents=True)
    src.write_text(text, encoding="utf-8")
    return src


SOURCE = '''# %% [markdown] nbgrader="task" grade_id="intro"
# # Assignment 9 — demo
#
# Write `f`.
#
# <!-- zh -->
# # 作业 9 — 演示
#
# 写出 `f`。

# %% nbgrader="answer" grade_id="f"
def f(x):
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION


# %% nbgrader="test" grade_id="test_f" points=3
from course_lib.checks import check_close
check_close(f(1), 2)

# %%
print("a plain cell")
'''


def test_a_source_builds_nbgrader_cells_in_each_language(tmp_path):
    src = _write(tmp_path, SOURCE)
    en, zh = build_notebook(src, "en"), build_notebook(src, "zh")
    assert en.cells[0].source.startswith("# Assignment 9") and "作业" not in en.cells[0].source
    assert zh.cells[0].source.startswith("# 作业 9") and "Write" not in zh.cells[0].source
    assert en.cells[1].source == zh.cells[1].source  # code is written once
    assert en.cells[3].source == zh.cells[3].source
    # the one cell that differs: the first non-answer cell importing course_lib picks the language
    assert zh.cells[2].source == en.cells[2].source.replace(
        "from course_lib.checks import check_close",
        'from course_lib.checks import check_close\nimport course_lib\n'
        'course_lib.set_language("zh")')
    task, answer, test, plain = (c.metadata.get("nbgrader") for c in en.cells)
    assert task["locked"] and not task["grade"] and task["grade_id"] == "intro"
    assert answer["solution"] and not answer["locked"]
    assert test["grade"] and test["points"] == 3 and test["locked"]
    assert plain is None
    assert [c.id for c in en.cells] == ["intro", "f", "test-f", "c03"]
    assert en.metadata["title"] == "Assignment 9 — demo"
    assert (en.metadata["autodiff_course"]["lang"], zh.metadata["autodiff_course"]["lang"]) == (
        "en", "zh")


def test_markdown_without_a_translation_falls_back_to_english():
    assert split_languages("Only English.") == {"en": "Only English.", "zh": "Only English."}


@pytest.mark.parametrize("header, message", [
    ('# %% nbgrader="answer" grade_id="f"\ndef f(x):\n    return x\n', "BEGIN SOLUTION"),
    ('# %% nbgrader="test" grade_id="t"\nx = 1\n', "points="),
    ('# %% nbgrader="test" grade_id="t" points=0\nx = 1\n', "points="),
    ('# %% nbgrader="quiz" grade_id="t"\nx = 1\n', "not one of"),
    ('# %% nbgrader="setup" grade_id="bad id"\nx = 1\n', "grade_id must be"),
    ('# %% [markdown] nbgrader="answer" grade_id="t"\n# text\n', "task"),
    ('# %% grade_id="t"\nx = 1\n', "need nbgrader="),
    ('# %% colour="red"\nx = 1\n', "unknown cell header keys"),
])
def test_broken_sources_are_explained(tmp_path, header, message):
    src = _write(tmp_path, header)
    with pytest.raises(SourceError, match=message) as err:
        build_notebook(src)
    assert "a9_demo.py, cell 0" in str(err.value)


def test_duplicate_grade_ids_are_refused(tmp_path):
    src = _write(tmp_path, '# %% nbgrader="setup" grade_id="s"\nx = 1\n\n'
                           '# %% nbgrader="setup" grade_id="s"\ny = 2\n')
    with pytest.raises(SourceError, match="share the id"):
        build_notebook(src)


def test_build_writes_then_reports_nothing_stale(tmp_path):
    _write(tmp_path, SOURCE)
    assert build_course(tmp_path, check=True) == [tmp_path / "solutions/a9_demo/a9_demo.ipynb"]
    assert build_course(tmp_path) == [tmp_path / "solutions/a9_demo/a9_demo.ipynb"]
    assert build_course(tmp_path, check=True) == []


def test_notebook_settings_come_from_the_source_header(tmp_path):
    src = _write(tmp_path, "# ---\n# jupyter:\n#   autodiff_course:\n"
                           "#     kernel_course_lib: checks-only\n# ---\n\n" + SOURCE)
    meta = build_notebook(src, "zh").metadata["autodiff_course"]
    assert meta == {"kernel_course_lib": "checks-only", "lang": "zh",
                    "source": "content/assignments/a9_demo.py"}
    bad = _write(tmp_path / "b", "# ---\n# jupyter:\n#   colour: red\n# ---\n\n" + SOURCE)
    with pytest.raises(SourceError, match="unknown notebook header keys"):
        build_notebook(bad)


def test_only_translated_lessons_get_a_chinese_edition(tmp_path):
    lessons = tmp_path / "content" / "lessons"
    lessons.mkdir(parents=True)
    (lessons / "01_a.py").write_text("# %% [markdown]\n# Text\n\n# %%\nimport course_lib as cl\n")
    (lessons / "02_b.py").write_text("# %% [markdown]\n# Text\n# <!-- zh -->\n# 文字\n\n"
                                     "# %%\nimport course_lib as cl\nx = 1\n")
    found = {(t.source.name, t.lang): t.path.relative_to(tmp_path) for t in targets(tmp_path)}
    assert found == {("01_a.py", "en"): Path("notebooks/01_a.ipynb"),
                     ("02_b.py", "en"): Path("notebooks/02_b.ipynb"),
                     ("02_b.py", "zh"): Path("notebooks/zh/02_b.ipynb")}
    zh = build_notebook(lessons / "02_b.py", "zh")
    assert zh.cells[0].source == "文字"
    assert zh.cells[1].source == 'import course_lib as cl\ncl.set_language("zh")\nx = 1'
