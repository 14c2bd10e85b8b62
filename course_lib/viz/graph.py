"""Draw the computational graph behind a Tensor, the picture of what backward will walk.

`draw_graph(y)` follows `y.grad_fn` and each node's `next_functions` (the same
edges the backward engine follows) and returns a `graphviz.Digraph`: one oval per
operation, named as its `grad_fn` (``MulBackward0``), and one box per leaf tensor,
with its value and, after ``backward()``, its gradient. Arrows point the way the
forward pass went (inputs → operations → output); backward walks them in reverse.

A Digraph shows itself as SVG in Jupyter. Drawing it needs Graphviz's ``dot``
program; without it the error says how to install it.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping

import graphviz
import numpy as np

__all__ = ["draw_graph", "ComputationGraph", "GraphvizNotFoundError"]

_INSTALL_HINT = (
    "Graphviz's `dot` program is not installed (or not on PATH), so the graph cannot be "
    "drawn. Install it and restart the kernel:\n"
    "  Debian/Ubuntu:  sudo apt-get install graphviz\n"
    "  conda:          conda install graphviz\n"
    "  macOS:          brew install graphviz\n"
    "  Windows:        winget install graphviz (then add its bin folder to PATH)\n"
    "(`pip install graphviz` installs only the Python wrapper, not `dot`.) "
    "Meanwhile `print(graph.source)` shows the graph as text."
)

# Colours: leaves like parameters, the output highlighted, operations neutral.
_LEAF_STYLE = {"shape": "box", "style": "filled,rounded", "fillcolor": "lightblue"}
_OP_STYLE = {"shape": "ellipse", "style": "filled", "fillcolor": "lightgray"}
_OUTPUT_STYLE = {"shape": "box", "style": "filled", "fillcolor": "darkolivegreen1"}


class GraphvizNotFoundError(RuntimeError):
    """Raised when a graph is rendered but Graphviz's `dot` program is missing."""


class ComputationGraph(graphviz.Digraph):
    """A `graphviz.Digraph` whose rendering explains how to install Graphviz if `dot` is missing.

    Rendering (``_repr_mimebundle_`` in Jupyter, ``pipe``, ``render``) all go through
    ``pipe``/``render``, so those are the two places that check.
    """

    def pipe(self, *args, **kwargs):
        _require_dot()
        try:
            return super().pipe(*args, **kwargs)
        except graphviz.ExecutableNotFound as err:
            raise GraphvizNotFoundError(_INSTALL_HINT) from err

    def render(self, *args, **kwargs):
        _require_dot()
        try:
            return super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound as err:
            raise GraphvizNotFoundError(_INSTALL_HINT) from err


def _require_dot() -> None:
    if shutil.which("dot") is None:
        raise GraphvizNotFoundError(_INSTALL_HINT)


def draw_graph(
    tensor,
    show_values: bool = True,
    show_grads: bool = True,
    names: Mapping[str, object] | None = None,
    max_elements: int = 6,
) -> ComputationGraph:
    """The computational graph that produced `tensor`, as a graphviz Digraph.

    One node per operation (its ``grad_fn.name()``, and its output shape when known),
    one box per leaf (shape; value if ``show_values``; ``.grad`` if ``show_grads`` and
    a backward has reached it), and the output itself. Values are shown only for
    tensors with at most `max_elements` numbers. `names` maps labels to tensors, e.g.
    ``draw_graph(y, names={"x": x, "y": y})``, so the boxes read like the code.

    The walk is iterative (a stack, not recursion), so deep graphs are fine.
    """
    _check_tensor(tensor)
    labels = _names_by_id(names)
    graph = ComputationGraph(
        name="computational_graph",
        graph_attr={"rankdir": "TB", "fontsize": "12"},
        node_attr={"fontname": "Helvetica", "fontsize": "11"},
        edge_attr={"arrowsize": "0.7"},
    )
    show = {"values": show_values, "grads": show_grads, "max_elements": max_elements}

    root = getattr(tensor, "grad_fn", None)
    output_label = labels.get(id(tensor), "output")
    if root is None:  # a leaf or a constant: a graph of one box
        kind = "leaf (requires_grad)" if getattr(tensor, "requires_grad", False) else "constant"
        graph.node("t0", _tensor_label(f"{output_label}: {kind}", tensor, show), **_LEAF_STYLE)
        return graph

    if id(tensor) in labels:  # the output box already carries the name
        labels.pop(id(root), None)
    ids: dict[int, str] = {id(root): "n0"}
    shapes = {id(root): tuple(tensor.shape)}
    stack = [root]
    while stack:
        node = stack.pop()
        node_id = ids[id(node)]
        _add_node(graph, node_id, node, shapes, labels, show)
        for child, _ in getattr(node, "next_functions", ()) or ():
            if child is None:  # an input that needs no gradient (a constant)
                continue
            if id(child) not in ids:
                ids[id(child)] = f"n{len(ids)}"
                stack.append(child)
            graph.edge(ids[id(child)], node_id)
        _note_saved_shapes(node, shapes)

    graph.node("out", _tensor_label(output_label, tensor, show, show_grad=False), **_OUTPUT_STYLE)
    graph.edge("n0", "out")
    return graph


def _check_tensor(tensor) -> None:
    if not (hasattr(tensor, "grad_fn") and hasattr(tensor, "shape")):
        raise TypeError(
            f"draw_graph needs a course_lib Tensor, got {type(tensor).__name__}; build it from "
            "tensors with requires_grad=True, e.g. x = cl.tensor([1.0, 2.0], requires_grad=True); "
            "y = (x * x).sum(); draw_graph(y)"
        )


def _names_by_id(names) -> dict[int, str]:
    """Map id(tensor) and id(tensor.grad_fn) to the learner's names for them."""
    result: dict[int, str] = {}
    for label, t in (names or {}).items():
        result[id(t)] = label
        if getattr(t, "grad_fn", None) is not None:
            result[id(t.grad_fn)] = label
    return result


def _add_node(graph, node_id, node, shapes, labels, show) -> None:
    variable = getattr(node, "variable", None)
    if variable is not None:  # AccumulateGrad: the node of a leaf tensor
        title = labels.get(id(variable), "leaf")
        graph.node(node_id, _tensor_label(title, variable, show), **_LEAF_STYLE)
        return
    name = node.name() if callable(getattr(node, "name", None)) else type(node).__name__
    lines = [name]
    if id(node) in labels:
        lines[0] = f"{labels[id(node)]} = {name}"
    shape = _output_shape(node, shapes)
    if shape is not None:
        lines.append(_format_shape(shape))
    graph.node(node_id, "\n".join(lines), **_OP_STYLE)


def _output_shape(node, shapes):
    """The shape of what this operation produced, if the graph still knows it."""
    shape = getattr(node, "output_shape", None)
    if shape is not None:
        return tuple(shape)
    if id(node) in shapes:
        return shapes[id(node)]
    saved_output = getattr(node, "_saved_output", None)
    if saved_output is not None:
        return tuple(np.shape(saved_output))
    return None


def _note_saved_shapes(node, shapes) -> None:
    """A tensor saved for backward that came out of another node tells us that node's shape."""
    saved = getattr(node, "_saved", None)
    if not isinstance(saved, tuple):
        return
    for t in saved:
        producer = getattr(t, "grad_fn", None)
        if producer is not None and id(producer) not in shapes:
            shapes[id(producer)] = tuple(t.shape)


def _tensor_label(title, t, show, show_grad=True) -> str:
    lines = [title, _format_shape(tuple(t.shape))]
    if show["values"]:
        lines.append("value " + _format_array(_as_array(t), show["max_elements"]))
    grad = getattr(t, "grad", None)
    if show_grad and show["grads"] and grad is not None:
        lines.append("grad " + _format_array(_as_array(grad), show["max_elements"]))
    return "\n".join(line for line in lines if line)


def _format_shape(shape) -> str:
    return "scalar" if shape == () else f"shape {shape}"


def _as_array(t) -> np.ndarray:
    return np.asarray(getattr(t, "data", t))


def _format_array(a: np.ndarray, max_elements: int) -> str:
    """Small arrays in full with 4 significant digits, e.g. [[1, 2], [3, 4]]; else a count."""
    if a.size > max_elements:
        return f"({a.size} numbers)"
    if a.ndim == 0:
        return _format_number(a.item())
    return _format_nested(a)


def _format_nested(a: np.ndarray) -> str:
    if a.ndim == 1:
        return "[" + ", ".join(_format_number(v) for v in a.tolist()) + "]"
    return "[" + ", ".join(_format_nested(row) for row in a) + "]"


def _format_number(value) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)
