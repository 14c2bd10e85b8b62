"""What the grader says to a learner (feedback pages, per-test lines), in the submission's language.

A submission's language is the `lang` its notebook's metadata carries (`autodiff_course.lang`,
written by the English or Chinese release); anything else is English. The checks' own messages
come from `course_lib.checks` in the language set with `course_lib.i18n.set_language` while the
submission's tests run (`speaking`); this module holds the grader's own words around them.
"""

from __future__ import annotations

import contextlib

from course_lib import i18n

FEEDBACK = {
    "en": {
        "title": "{assignment} — feedback for {student}",
        "score": "Score: {score:g} / {max_score:g}",
        "not_graded": "Not graded: {reason}",
        "test": "test",
        "points": "points",
        "result": "result",
        "notes": "Notes from the grader:",
        "test_points": " — {points:g} / {max_points:g} points",
        "all_passed": "✓ all checks passed",
        "your_answer": "your answer",
        "your_extra_cell": "your extra cell",
        "given_code": "given code",
        "not_run": " (not run)",
        "passed": "passed",
        "failed": "failed",
        "partial": "partial",
    },
    "zh": {
        "title": "{assignment} — {student} 的反馈",
        "score": "得分：{score:g} / {max_score:g}",
        "not_graded": "未批改：{reason}",
        "test": "测试",
        "points": "分数",
        "result": "结果",
        "notes": "批改说明：",
        "test_points": " — {points:g} / {max_points:g} 分",
        "all_passed": "✓ 全部检查通过",
        "your_answer": "你的答案",
        "your_extra_cell": "你添加的单元格",
        "given_code": "给定的代码",
        "not_run": "（未运行）",
        "passed": "通过",
        "failed": "未通过",
        "partial": "部分得分",
    },
}


def submission_language(notebook: dict | None) -> str:
    """The language a submitted notebook was released in ("en" unless it says "zh")."""
    try:
        lang = notebook["metadata"]["autodiff_course"]["lang"]
    except (KeyError, TypeError):
        return "en"
    return lang if lang in i18n.LANGUAGES else "en"


def say(lang: str, key: str, **fields) -> str:
    """The grader's word `key` in `lang` (English where a language lacks it)."""
    table = FEEDBACK.get(lang if lang in FEEDBACK else "en", {})
    return (table.get(key) or FEEDBACK["en"][key]).format(**fields)


@contextlib.contextmanager
def speaking(lang: str):
    """Run a submission's tests with course_lib's messages in the submission's language."""
    before = i18n.get_language()
    i18n.set_language(lang if lang in i18n.LANGUAGES else "en", fonts=False)
    try:
        yield
    finally:
        i18n.set_language(before, fonts=False)
