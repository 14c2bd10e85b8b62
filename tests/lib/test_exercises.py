"""The lessons' self-checks: one verdict line, never an exception, in the learner's language."""

import numpy as np
import pytest

import course_lib as cl
from course_lib import i18n
from course_lib.exercises import check, check_function, check_number


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def test_check_says_not_attempted_correct_or_what_differs(capsys):
    check(1, None, 2.0)
    check(1, cl.tensor(2.0), 2.0)
    check(1, (1.0, None), (1.0, 2.0))
    check(1, np.array([1.0, 9.0]), np.array([1.0, 7.0]), hint="look again")
    check(1, [1.0], np.zeros((2, 2)))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Exercise 1: not attempted yet"
    assert lines[1] == "Exercise 1: correct ✓"
    assert lines[2] == "Exercise 1: not attempted yet"
    assert "1 of 2 entries of your [1, 9] differ (the first at index 1, where yours is too large)" \
        in lines[3] and lines[3].endswith("Hint: look again")
    assert "7" not in lines[3]  # the expected value is never shown
    assert "expected shape (2, 2), got (1,)" in lines[4]


def test_check_function_takes_single_arguments_or_tuples_and_survives_errors(capsys):
    check_function(2, lambda x: 2 * x, lambda x: 2 * x, [1.0, 2.0])
    check_function(2, lambda x, y: x * y, lambda x, y: x * y, [(1.0, 2.0), (3.0, 4.0)])
    check_function(2, lambda x: 1 / 0, lambda x: x, [1.0])
    check_function(2, lambda x: x, lambda x: x + 1, [1.0, 2.0])
    check_function(2, 3.0, lambda x: x, [1.0])

    def stub(x):
        raise NotImplementedError

    check_function(2, stub, lambda x: x, [1.0])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == lines[1] == "Exercise 2: correct ✓ (checked on 2 cases)"
    assert "raised ZeroDivisionError" in lines[2]
    assert "case 1: your value 1 is too small" in lines[3]
    assert "expected a function, got float" in lines[4]
    assert lines[5] == "Exercise 2: not attempted yet"


def test_check_number_explains_a_non_number(capsys):
    check_number(3, "seven", 7.0, "count again")
    check_number(3, cl.tensor(7.0), 7.0)
    out = capsys.readouterr().out.splitlines()
    assert "'seven' is not a number" in out[0]
    assert out[1] == "Exercise 3: correct ✓"


def test_messages_follow_the_language(capsys):
    cl.set_language("zh")
    check(1, None, 1.0)
    check(1, 2.0, 1.0, hint="再算一次")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "练习 1：尚未作答"
    assert out[1].startswith("练习 1：还不对") and out[1].endswith("提示：再算一次")


def test_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="use one of"):
        cl.set_language("fr")
    cl.set_language("zh-CN")
    assert cl.get_language() == "zh"


def test_tr_picks_the_learners_language():
    assert i18n.tr("slope", "斜率") == "slope"
    cl.set_language("zh")
    assert i18n.tr("slope", "斜率") == "斜率" and i18n.tr("only English") == "only English"


def test_verdict_shows_a_lessons_own_descriptions_and_hides_numbers(capsys):
    from course_lib.exercises import verdict

    verdict(4, False, "a slope of 0 at the kink", "another value where z = -1.5", "look at z")
    verdict(4, False, 0.25, 0.5, "halve it")
    verdict(4, True, 0.25, 0.25)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("Exercise 4: not right yet — expected a slope of 0 at the kink, got another "
                      "value where z = -1.5. Hint: look at z")
    assert "0.25" not in out[1] and "too large" in out[1]
    assert out[2] == "Exercise 4: correct ✓"
