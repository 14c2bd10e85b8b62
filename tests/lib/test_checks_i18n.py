"""What a check says follows the learner's language; English stays word for word."""

from __future__ import annotations

import numpy as np
import pytest

import course_lib
from course_lib import checks
from course_lib.checks import Rubric, check_between, check_close, check_shape, check_true


@pytest.fixture
def zh():
    course_lib.set_language("zh")
    yield
    course_lib.set_language("en")


def failure(check, *args, **kwargs) -> str:
    with pytest.raises(checks.CheckFailed) as info:
        check(*args, **kwargs)
    return str(info.value)


def test_a_failure_in_chinese_frames_expected_got_hint_and_lesson(zh):
    msg = failure(check_close, 0.84, 0.54, rtol=1e-3, name="forward_diff(sin, 1)",
                  hint="弦的斜率", lesson="Lesson 3 §2")
    lines = msg.splitlines()
    assert lines[0] == "✗ forward_diff(sin, 1)：不够接近期望值"
    assert lines[1] == "  期望：0.54（rtol 0.001）" and lines[2].startswith("  得到：0.84")
    assert "相差 0.3" in lines[2]
    assert lines[3] == "  提示：弦的斜率" and lines[4] == "  复习：第 3 课 §2"
    assert "expected" not in msg and "Lesson" not in msg


def test_lesson_references_translate_by_pattern(zh):
    msg = failure(check_true, False, "x", lesson="Lesson 4 §6, Lesson 10 §1")
    assert msg.splitlines()[-1] == "  复习：第 4 课 §6, 第 10 课 §1"


def test_english_is_unchanged_when_no_language_is_chosen():
    assert course_lib.get_language() == "en"
    msg = failure(check_close, 0.84, 0.54, rtol=1e-3, name="f", hint="h", lesson="Lesson 3 §2")
    assert msg.splitlines() == ["✗ f: is not close enough", "  expected: 0.54 (rtol 0.001)",
                                "  got:      0.84 (off by 0.3, relative 0.556)",
                                "  hint:     h", "  reread:   Lesson 3 §2"]
    assert checks.missing_name_message("orders") == (
        "`orders` is not defined in your notebook: check the spelling asked for, and that the "
        "cell defining it runs without errors")


def test_other_problems_and_ticks_in_chinese(zh, capsys):
    assert "形状不对" in failure(check_close, np.zeros(3), np.zeros(4))
    assert "相差最大的在下标 (2,)" in failure(check_close, [1.0, 2.0, 9.0], [1.0, 2.0, 3.0])
    assert "介于 0 和 1 之间" in failure(check_between, 2.0, 0.0, 1.0)
    assert "不成立" in failure(check_true, False, "条件")
    check_shape(np.zeros((2, 3)), (2, 3), name="J")
    assert "✓ J 的形状是 (2, 3)" in capsys.readouterr().out


def test_partial_credit_and_missing_answers_in_chinese(zh, capsys):
    def measured_order():
        raise NotImplementedError()

    rubric = Rubric()
    with rubric.part(1, "第一部分"):
        check_true(True, "成立")
    with rubric.part(1, "第二部分"):
        measured_order()
    with rubric.part(2, "第三部分"):
        check_close(undefined_answer, 1.0)  # noqa: F821 - the learner's missing name
    with pytest.raises(checks.PartialCredit) as caught:
        rubric.finish()
    msg = caught.value.message
    assert msg.splitlines()[0] == "部分得分：本单元格分值的 25%"
    assert "measured_order 还没有写" in msg
    assert "你的笔记本里没有定义 `undefined_answer`" in msg
    rubric = Rubric()
    with rubric.part(1, "唯一部分"):
        pass
    rubric.finish()
    assert "✓ 全部 1 个部分" in capsys.readouterr().out


def test_every_message_has_both_languages_with_the_same_fields():
    import string

    en, zh = checks.MESSAGES["en"], checks.MESSAGES["zh"]
    assert en.keys() == zh.keys()
    for key in en:
        fields = {f for _, f, _, _ in string.Formatter().parse(en[key]) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(zh[key]) if f}, key
        if key not in ("failed", "part_failed", "shape", "lesson", "within"):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in zh[key]), key
