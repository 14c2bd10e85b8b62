"""course_lib.viz speaks the learner's language: readouts and control names always, the text
drawn in figures when a CJK font is installed (English otherwise, never missing glyphs)."""

from __future__ import annotations

import re
import string
import warnings

import numpy as np
import pytest
from matplotlib.text import Text

from course_lib import i18n
from course_lib.viz import (
    HExplorer,
    StepSizeExplorer,
    SubgradientExplorer,
    TaylorExplorer,
    descent,
    gradient_descent,
    plot_differential,
    plot_error_vs_h,
    plot_forward_vs_reverse,
    plot_gd_path_1d,
    plot_gd_path_2d,
    plot_subgradients,
    plot_tangent_secant,
    plot_taylor,
    plots,
    widgets,
)
from course_lib.viz._mpl import figure_png

CJK = re.compile(r"[\u4e00-\u9fff]")
needs_cjk_font = pytest.mark.skipif(i18n.cjk_font() is None,
                                    reason="no CJK font installed (apt-get install fonts-noto-cjk)")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def f(x):
    return 3 * x**2 - 4 * x


def df(x):
    return 6 * x - 4


def _quadratic_run():
    return gradient_descent("quadratic", 0.05, 30)


PLOTS = {
    "plot_tangent_secant": lambda: plot_tangent_secant(f, df, 1.0, 0.5),
    "plot_differential": lambda: plot_differential(f, df, 1.0, 0.5),
    "plot_subgradients": lambda: plot_subgradients([-1.5, -0.5, 0.0, 0.5, 1.5]),
    "plot_error_vs_h": lambda: plot_error_vs_h(np.sin, np.cos, 1.0, hs=np.logspace(-12, 0, 25)),
    "plot_taylor": lambda: plot_taylor(np.sin, [0.0, 1.0, 0.0, -1.0], 0.0, 3),
    "plot_gd_path_1d": lambda: plot_gd_path_1d(f, df, [2.0, 1.0, 0.8, 0.7]),
    "plot_gd_path_2d": lambda: plot_gd_path_2d(
        descent.OBJECTIVES["quadratic"].f, _quadratic_run().path, (-5, 5), (-2.5, 2.5)),
    "plot_forward_vs_reverse": lambda: plot_forward_vs_reverse({
        "n": [1, 10, 100], "forward_passes": [1, 10, 100], "reverse_passes": [1, 1, 1],
        "forward_peak_bytes": [1e3, 2e3, 3e3], "reverse_peak_bytes": [2e3, 2e4, 2e5]}),
    "HExplorer": lambda: HExplorer(np.sin, np.cos, x=1.0, h=1e-3).figure,
    "StepSizeExplorer": lambda: StepSizeExplorer(lr=0.25, iterations=20).figure,
    "SubgradientExplorer": lambda: SubgradientExplorer(a=1.5).figure,
    "TaylorExplorer": lambda: TaylorExplorer(np.sin, [0.0, 1.0, 0.0, -1.0], order=2).figure,
}


def texts(fig) -> list[str]:
    """Every piece of text drawn in the figure (titles, labels, legends, annotations)."""
    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def words(fig) -> list[str]:
    """The texts that are words, not tick numbers."""
    return [t for t in texts(fig) if re.search(r"[A-Za-z\u4e00-\u9fff]{3,}", t)]


# ------------------------------------------------------------------------------------
# the tables
# ------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", [plots.MESSAGES, widgets.READOUT, widgets.FIGURE,
                                   descent.MESSAGES])
def test_every_message_has_both_languages_with_the_same_fields(table):
    assert table["en"].keys() == table["zh"].keys()
    fields = string.Formatter()
    for key, en in table["en"].items():
        zh = table["zh"][key]
        assert {n for _, n, _, _ in fields.parse(en) if n} == \
               {n for _, n, _, _ in fields.parse(zh) if n}, key
        assert not CJK.search(en), key
        if re.search(r"[A-Za-z]{4,}", en.replace("Rosenbrock", "")):
            assert CJK.search(zh), f"{key!r} is not translated: {zh!r}"


# ------------------------------------------------------------------------------------
# figures
# ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PLOTS)
def test_figures_are_english_by_default(name):
    drawn = words(PLOTS[name]())
    assert drawn and not any(CJK.search(t) for t in drawn), drawn


@needs_cjk_font
@pytest.mark.parametrize("name", PLOTS)
def test_figures_speak_chinese_and_draw_every_glyph(name):
    i18n.set_language("zh")
    fig = PLOTS[name]()
    drawn = texts(fig)
    assert any(CJK.search(t) for t in drawn), drawn
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        assert figure_png(fig).startswith(b"\x89PNG")


@pytest.mark.parametrize("name", PLOTS)
def test_without_a_cjk_font_figures_stay_english(name, monkeypatch, capsys):
    monkeypatch.setattr(i18n, "_cjk_font", None)
    monkeypatch.setattr(i18n, "_font_checked", True)
    monkeypatch.setattr(i18n, "_told_install", True)
    i18n.set_language("zh")
    fig = PLOTS[name]()
    drawn = words(fig)
    assert drawn and not any(CJK.search(t) for t in drawn), drawn
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        figure_png(fig)


@needs_cjk_font
def test_a_figure_of_the_same_numbers_says_the_same_thing_in_both_languages():
    en = texts(plot_tangent_secant(f, df, 1.0, 0.5))
    i18n.set_language("zh")
    zh = texts(plot_tangent_secant(f, df, 1.0, 0.5))
    assert "切线与割线：x₀ = 1，h = 0.5" in zh and "Tangent vs secant at x₀ = 1, h = 0.5" in en
    assert any("斜率 f'(x₀) = 2" in t for t in zh) and any("f'(x₀) = 2" in t for t in en)


# ------------------------------------------------------------------------------------
# readouts and controls
# ------------------------------------------------------------------------------------


def _readouts():
    h = HExplorer(np.sin, np.cos, x=1.0, h=1e-3)
    step = StepSizeExplorer(lr=0.25, iterations=20)
    sub = SubgradientExplorer(a=0.5)
    taylor = TaylorExplorer(np.sin, [0.0, 1.0, 0.0, -1.0], order=1)
    return h, step, sub, taylor


def test_readouts_are_english_by_default():
    h, step, sub, taylor = _readouts()
    assert "difference in <b>float64</b>" in h.readout.value and "|error|" in h.readout.value
    assert "Diverged: the loss" in step.readout.value and "&gt; 2/L = 0.2" in step.readout.value
    assert "is a subgradient of |x|" in sub.readout.value
    assert "max |f − P<sub>1</sub>| on [-3, 3]" in taylor.readout.value
    assert (h.scheme.description, step.iterations.description) == ("scheme", "iterations")
    for explorer in (h, step, sub, taylor):
        assert not CJK.search(explorer.readout.value)


def test_readouts_and_controls_speak_chinese_and_follow_the_sliders():
    i18n.set_language("zh")
    h, step, sub, taylor = _readouts()
    assert "估计值" in h.readout.value and "|误差|" in h.readout.value
    before = h.readout.value
    h.h.value = 1e-8
    assert h.readout.value != before and "1.000e-08" in h.readout.value and "误差" in before

    assert "发散" in step.readout.value and "&gt; 2/L = 0.2" in step.readout.value
    step.lr.value = 0.1995
    assert "收敛" in step.readout.value and "1/L = 0.1 &lt; lr = 0.1995 &lt; 2/L = 0.2" \
        in step.readout.value
    step.lr.value = 0.01
    assert "平稳下降" in step.readout.value

    assert "是 |x| 在 0 处的次梯度" in sub.readout.value
    sub.a.value = 1.5
    assert "不是次梯度" in sub.readout.value and "a = 1.50" in sub.readout.value

    assert "在 [-3, 3] 上" in taylor.readout.value
    taylor.order.value = 3
    assert "P<sub>3</sub>" in taylor.readout.value and "在 [-3, 3] 上" in taylor.readout.value

    assert (h.scheme.description, h.dtype.description) == ("差分格式", "数据类型")
    assert (step.iterations.description, step.function.description) == ("迭代次数", "函数")
    assert (sub.a.description, taylor.order.description) == ("斜率 a", "阶数")
    assert dict(step.function.options)["二次函数 ½(x₁² + 10x₂²)，L = 10"] == "quadratic"
    assert h.h.description == "h" and step.lr.description == "lr"


def test_descent_messages_speak_the_learners_language():
    english = gradient_descent("abs", 0.3, 20).message
    i18n.set_language("zh")
    chinese = gradient_descent("abs", 0.3, 20).message
    assert "the subgradient is ±1" in english and "lr = 0.3" in english
    assert "次梯度（亚导数）为 ±1" in chinese and "lr = 0.3" in chinese
    assert "山谷" in gradient_descent("rosenbrock", 0.01, 50).message
