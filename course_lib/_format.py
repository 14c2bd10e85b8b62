"""Print tensors the way PyTorch does: `tensor([0., 1., 2., 3.], requires_grad=True)`.

Follows torch's formatter: integers-valued floats print as `2.`, otherwise four decimals,
scientific notation when the values span more than 1000x; right-aligned columns.
"""

from __future__ import annotations

import numpy as np

LINE_WIDTH = 80
THRESHOLD = 1000
EDGE_ITEMS = 3


class _Formatter:
    """Decides how every number of one tensor prints (torch's _Formatter, step for step).

    The column width is measured on the finite non-zero values only, so `nan`, `inf`
    and zeros never widen a column.
    """

    def __init__(self, values: np.ndarray):
        self.floating = np.issubdtype(values.dtype, np.floating)
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        if values.dtype == bool:
            self.width = max((len(str(bool(v))) for v in values.ravel()), default=1)
            return
        if not self.floating:
            self.width = max((len(str(int(v))) for v in values.ravel()), default=1)
            return
        flat = values.ravel()
        nonzero = flat[np.isfinite(flat) & (flat != 0)]
        if nonzero.size == 0:
            return
        magnitudes = np.abs(nonzero).astype(np.float64)
        big, small = magnitudes.max(), magnitudes.min()
        self.int_mode = bool(np.all(nonzero == np.ceil(nonzero)))
        self.sci_mode = bool(big / small > 1000.0 or big > 1.0e8 or small < 1.0e-4)
        self.width = max(len(self.format(v)) for v in nonzero)

    def format(self, v) -> str:
        if not self.floating:
            return str(bool(v)) if isinstance(v, (bool, np.bool_)) else str(int(v))
        if not np.isfinite(v):
            return "nan" if np.isnan(v) else ("inf" if v > 0 else "-inf")
        if self.sci_mode:
            return f"{float(v):.4e}"
        if self.int_mode:
            return f"{float(v):.0f}."
        return f"{float(v):.4f}"

    def cell(self, v) -> str:
        return self.format(v).rjust(self.width)


def _summarized(values: np.ndarray) -> bool:
    return values.size > THRESHOLD


def _format_array(values, fmt: _Formatter, indent: int, summarize: bool) -> str:
    if values.ndim == 0:
        return fmt.format(values.item())
    if values.ndim == 1:
        n = values.shape[0]
        if summarize and n > 2 * EDGE_ITEMS:
            items = [fmt.cell(v) for v in values[:EDGE_ITEMS]] + [" ..."]
            items += [fmt.cell(v) for v in values[-EDGE_ITEMS:]]
        else:
            items = [fmt.cell(v) for v in values]
        per_line = max(1, (LINE_WIDTH - indent) // (fmt.width + 2))
        lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
        return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
    n = values.shape[0]
    if summarize and n > 2 * EDGE_ITEMS:
        rows = [_format_array(values[i], fmt, indent + 1, summarize) for i in range(EDGE_ITEMS)]
        rows.append("...")
        rows += [_format_array(values[i], fmt, indent + 1, summarize)
                 for i in range(n - EDGE_ITEMS, n)]
    else:
        rows = [_format_array(values[i], fmt, indent + 1, summarize) for i in range(n)]
    separator = "," + "\n" * (values.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(rows) + "]"


def _shown_values(values: np.ndarray) -> np.ndarray:
    """The values the formatter measures (only the edges of a summarized tensor)."""
    if not _summarized(values) or values.ndim == 0:
        return values
    slices = []
    for n in values.shape:
        if n > 2 * EDGE_ITEMS:
            slices.append(np.r_[0:EDGE_ITEMS, n - EDGE_ITEMS : n])
        else:
            slices.append(np.arange(n))
    return values[np.ix_(*slices)]


def _shows_dtype(dtype, default_dtype, empty: bool) -> bool:
    """PyTorch names the dtype unless it is the default float (or int64/bool, if not empty)."""
    if dtype == default_dtype:
        return False
    return empty or dtype not in (np.dtype(np.int64), np.dtype(bool))


def _add_suffixes(text: str, suffixes: list, indent: int) -> str:
    """Append `, dtype=...`, `, grad_fn=...`, wrapping to a new line past LINE_WIDTH (as torch)."""
    parts = [text]
    last_line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line + len(suffix) + 2 > LINE_WIDTH:
            parts.append(",\n" + " " * indent + suffix)
            last_line = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line += len(suffix) + 2
    return "".join(parts) + ")"


def tensor_repr(t, default_dtype, prefix: str = "tensor(") -> str:
    """`tensor([...], ...)` of a Tensor; `default_dtype` is the float dtype left unnamed."""
    values = t.data
    summarize = _summarized(values)
    suffixes = []
    if values.size == 0:
        body = "[]"
        if values.ndim != 1:
            suffixes.append(f"size={tuple(values.shape)}")
    else:
        body = _format_array(values, _Formatter(_shown_values(values)), len(prefix), summarize)
    if _shows_dtype(values.dtype, default_dtype, values.size == 0):
        suffixes.append(f"dtype=course_lib.{values.dtype}")
    if t.grad_fn is not None:
        suffixes.append(f"grad_fn=<{t.grad_fn.name()}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, len(prefix))
