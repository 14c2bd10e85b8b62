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

__all__ = ["LANGUAGES", "get_language", "say", "set_language", "tr", "tr_plot"]

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
    if code == "zh":
        _use_cjk_font()
    elif _saved_family is not None:
        _restore_font()


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


# --------------------------------------------------------------------------- text in plots

# Fonts with simplified Chinese glyphs, best first; matplotlib falls back along the list.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC",
             "Heiti SC", "Sarasa Gothic SC")
INSTALL_CJK_FONT = ("没有找到中文字体，图中的文字暂用英文。安装一个中文字体即可显示中文，例如 "
                    "Debian/Ubuntu：sudo apt-get install fonts-noto-cjk（然后重启内核）。")
_cjk_font: str | None = None
_font_checked = False
_saved_family: list | None = None  # matplotlib's font.family before Chinese took over
_told_install = False


def cjk_font() -> str | None:
    """The name of an installed font with Chinese glyphs, or None (looked up once)."""
    global _cjk_font, _font_checked
    if not _font_checked:
        _font_checked = True
        try:
            from matplotlib import font_manager
        except ImportError:
            return None
        installed = {f.name for f in font_manager.fontManager.ttflist}
        _cjk_font = next((name for name in CJK_FONTS if name in installed), None)
    return _cjk_font


def _use_cjk_font() -> None:
    """Make matplotlib draw Chinese with an installed CJK font, or say once how to install
    one; plots then label in English (`tr_plot`), never boxes of missing glyphs."""
    global _saved_family, _told_install
    font = cjk_font()
    if font is None:
        if not _told_install:
            _told_install = True
            print(INSTALL_CJK_FONT)
        return
    import matplotlib

    if _saved_family is None:
        _saved_family = list(matplotlib.rcParams["font.family"])
    # The CJK font first: mathtext draws the words around $...$ in a label with the first font
    # of font.family only (no glyph fallback there); it has Latin letters and digits too, and
    # matplotlib falls back along the list for anything it lacks.
    latin = matplotlib.rcParams["font.sans-serif"][0]
    matplotlib.rcParams["font.family"] = [font, latin]


def _restore_font() -> None:
    global _saved_family
    import matplotlib

    matplotlib.rcParams["font.family"] = _saved_family
    _saved_family = None


def tr_plot(en: str, zh: str | None = None) -> str:
    """Text drawn in a plot (title, axis label, legend): Chinese only where a CJK font exists."""
    return tr(en, zh) if cjk_font() is not None else en
