"""Chinese in plots: a CJK font where one is installed, English labels (said once) where not."""

import io
import warnings

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from course_lib import i18n  # noqa: E402


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def _draw(title: str, label: str) -> None:
    fig, ax = plt.subplots()
    ax.plot([1e-3, 1.0], [1e-3, 1.0], label=label)
    ax.set(xscale="log", yscale="log", title=title, xlabel="$h$ " + label)
    ax.legend()
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


@pytest.mark.skipif(i18n.cjk_font() is None,
                    reason="no CJK font installed (apt-get install fonts-noto-cjk)")
def test_chinese_labels_draw_without_missing_glyphs():
    i18n.set_language("zh")
    title = i18n.tr_plot("Error vs h", "误差与步长 h") + r" $x^2 - \epsilon$ −1"
    assert "误差" in title
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        _draw(title, i18n.tr_plot("line", "直线"))
    i18n.set_language("en")
    assert i18n.cjk_font() not in matplotlib.rcParams["font.family"]


def test_without_a_cjk_font_plots_speak_english_and_say_once_how_to_fix(monkeypatch, capsys):
    monkeypatch.setattr(i18n, "_cjk_font", None)
    monkeypatch.setattr(i18n, "_font_checked", True)
    monkeypatch.setattr(i18n, "_told_install", False)
    i18n.set_language("zh")
    i18n.set_language("zh")
    out = capsys.readouterr().out
    assert out.count("fonts-noto-cjk") == 1
    assert i18n.tr_plot("line", "直线") == "line" and i18n.tr("line", "直线") == "直线"
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        _draw(i18n.tr_plot("Error vs h", "误差"), i18n.tr_plot("line", "直线"))
