"""The learner's language: what course_lib says to a learner comes from one table per language.

    import course_lib
    course_lib.set_language("zh")   # one cell at the top of a Chinese notebook

Only what a learner *reads* is translated (self-check verdicts, hints' frame, widget readouts,
plot labels); identifiers, the API and error types stay English, as in PyTorch. A module keeps
its own small table `{"en": {...}, "zh": {...}}` next to the code that uses it and looks a
message up with `say(table, key, **fields)`; a key missing in a language falls back to English.
A lesson's own code prints, hints and plot labels use `tr("English", "中文")`: the code cell is
written once and shows the learner's language.
"""

from __future__ import annotations

import os

__all__ = ["LANGUAGES", "get_language", "say", "set_language", "tr"]

LANGUAGES = ("en", "zh")
_env = os.environ.get("COURSE_LANG", "en")
_current = _env if _env in LANGUAGES else "en"


def set_language(lang: str) -> None:
    """Choose the language of course_lib's messages to the learner: "en" or "zh"."""
    global _current
    code = str(lang).lower().replace("_", "-")
    code = {"zh-cn": "zh", "zh-hans": "zh", "en-us": "en", "en-gb": "en"}.get(code, code)
    if code not in LANGUAGES:
        raise ValueError(f"set_language: unknown language {lang!r}; use one of {LANGUAGES}")
    _current = code


def get_language() -> str:
    """The language course_lib speaks to the learner now ("en" or "zh")."""
    return _current


def say(table: dict[str, dict[str, str]], key: str, **fields) -> str:
    """The message `key` from `table` in the current language, with `fields` filled in."""
    template = table.get(_current, {}).get(key) or table["en"][key]
    return template.format(**fields)


def tr(en: str, zh: str | None = None) -> str:
    """The text in the learner's language: `tr("slope", "斜率")` (English when zh is None)."""
    return zh if _current == "zh" and zh else en
