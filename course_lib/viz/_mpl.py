"""Matplotlib plumbing shared by the plots and the widgets.

The course's figures are plain ``matplotlib.figure.Figure`` objects, never
pyplot figures: they need no GUI backend (tests run headless), they are not
shown a second time by the inline backend at the end of a cell, and they are
freed when the learner drops them. In a Jupyter kernel we only make sure such a
Figure displays as a PNG when it is the last value of a cell.
"""

from __future__ import annotations

import base64
import io
import os
import sys

import matplotlib

__all__ = ["in_notebook", "new_figure", "figure_png", "png_output", "plot_say"]


def in_notebook() -> bool:
    """True inside a Jupyter kernel (an IPython shell that has a kernel)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _choose_backend() -> None:
    """Use Agg outside notebooks when nothing else was chosen and there is no display.

    In a Jupyter kernel the backend is the kernel's business (inline or widget),
    and a learner who already imported pyplot or set MPLBACKEND has chosen too.
    """
    if in_notebook() or "matplotlib.pyplot" in sys.modules or os.environ.get("MPLBACKEND"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        matplotlib.use("Agg")


_choose_backend()

from matplotlib.figure import Figure  # noqa: E402  (after the backend choice)


def plot_say(table: dict[str, dict[str, str]], key: str, **fields) -> str:
    """Text drawn inside a figure: the learner's language when a CJK font is installed
    (`course_lib.i18n.cjk_font()`), else English: never boxes of missing glyphs."""
    from course_lib import i18n

    if i18n.cjk_font() is None:
        return table["en"][key].format(**fields)
    return i18n.say(table, key, **fields)


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """Render ``fig`` to PNG bytes with Agg (works with no GUI and no pyplot)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def _register_jupyter_png() -> None:
    """Let a bare Figure display as PNG in Jupyter even if pyplot was never imported."""
    if not in_notebook():
        return
    shell = sys.modules["IPython"].get_ipython()
    formatter = shell.display_formatter.formatters["image/png"]
    try:
        formatter.lookup_by_type(Figure)
    except KeyError:
        formatter.for_type(Figure, figure_png)


def new_figure(ncols: int = 1, nrows: int = 1, *, width: float = 6.0, height: float = 4.0,
               **subplot_kw):
    """A new Figure with ``nrows x ncols`` axes, sized ``width x height`` inches per panel.

    Returns ``(fig, axes)`` like ``plt.subplots`` (a single Axes when 1 x 1).
    """
    _register_jupyter_png()
    fig = Figure(figsize=(width * ncols, height * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
    return fig, axes


def png_output(fig: Figure, text: str = "") -> dict:
    """An nbformat ``display_data`` output holding ``fig`` as PNG, for ``Output.outputs``.

    Replacing an Output widget's ``outputs`` with this dict swaps the picture in
    one step (no flicker, no kernel context needed, and tests can read it).
    """
    data = {
        "image/png": base64.b64encode(figure_png(fig)).decode("ascii"),
        "text/plain": text or f"<Figure with {len(fig.axes)} axes>",
    }
    return {"output_type": "display_data", "data": data, "metadata": {}}
