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
