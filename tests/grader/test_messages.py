"""The grader speaks the submission's language: its own words, and the checks' while tests run."""

import pytest

from course_grader.messages import FEEDBACK, say, speaking, submission_language
from course_lib import checks, i18n


@pytest.mark.parametrize("meta, lang", [
    ({"autodiff_course": {"lang": "zh"}}, "zh"),
    ({"autodiff_course": {"lang": "en"}}, "en"),
    ({"autodiff_course": {"lang": "<script>"}}, "en"),
    ({"autodiff_course": "zh"}, "en"),
    ({}, "en"),
])
def test_the_language_comes_from_the_notebooks_metadata_and_only_en_or_zh(meta, lang):
    assert submission_language({"metadata": meta}) == lang
    assert submission_language(None) == "en"


def test_both_tables_have_the_same_words_and_fields():
    assert FEEDBACK["en"].keys() == FEEDBACK["zh"].keys()
    assert say("zh", "score", score=3, max_score=20) == "得分：3 / 20"
    assert say("fr", "score", score=3, max_score=20) == "Score: 3 / 20"


def test_checks_speak_the_submissions_language_while_its_tests_run():
    assert i18n.get_language() == "en"
    with speaking("zh"):
        with pytest.raises(checks.CheckFailed) as err:
            checks.check_close(2.0, 1.0, name="x", hint=i18n.tr("look", "再看看"))
        assert "再看看" in str(err.value) and "期望" in str(err.value)
    assert i18n.get_language() == "en"


@pytest.mark.slow
def test_a_chinese_submission_is_graded_against_the_same_source_and_answered_in_chinese():
    """The zh release of a1, half solved: same points as English, Chinese feedback."""
    import json
    from pathlib import Path

    from course_grader import cells as C
    from course_grader.course import Course
    from course_grader.engine import GradeJob, grade_job
    from course_grader.feedback import render
    from course_grader.grade import translated_texts

    root = Path(__file__).resolve().parents[2]
    name, nb_name = "a1_derivatives", "a1_derivatives.ipynb"
    source = json.loads((root / "solutions" / name / nb_name).read_text(encoding="utf-8"))
    solutions = {C.grade_id(c): C.source_text(c) for c in source["cells"]
                 if C.cell_kind(c) == C.ANSWER}
    results = {}
    for lang, release in [("en", root / "assignments" / name / nb_name),
                          ("zh", root / "assignments" / "zh" / name / nb_name)]:
        nb = json.loads(release.read_text(encoding="utf-8"))
        for cell in nb["cells"]:  # forward_diff solved, the rest left as stubs
            if C.grade_id(cell) == "forward_diff":
                cell["source"] = solutions["forward_diff"]
        texts = translated_texts(Course(root), name, [nb_name])[nb_name]
        job = GradeJob(name, "learner", nb_name, json.dumps(nb).encode(), source, texts=texts)
        results[lang] = grade_job(job)
    en, zh = results["en"], results["zh"]
    assert (en.lang, zh.lang) == ("en", "zh")
    assert [(t.grade_id, t.points) for t in en.tests] == [(t.grade_id, t.points) for t in zh.tests]
    assert 0 < zh.score < zh.max_score
    failed = next(t for t in zh.tests if t.points == 0 and t.status != "not_run")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in failed.message), failed.message
    page = render(zh)
    assert "得分：" in page and "的反馈" in page and "作业 1" in page
    assert "Score:" in render(en) and "作业" not in render(en)
