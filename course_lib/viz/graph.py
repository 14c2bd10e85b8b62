"""Draw the computational graph behind a Tensor, the picture of what backward will walk.

`draw_graph(y)` follows `y.grad_fn` and each node's `next_functions` (the same
edges the backward engine follows) and returns a `graphviz.Digraph`: one oval per
operation, named as its `grad_fn` (``MulBackward0``), and one box per leaf tensor,
with its value and, after ``backward()``, its gradient. Arrows point the way the
forward pass went (inputs → operations → output); backward walks them in reverse.

A graph shows itself as SVG in Jupyter. With Graphviz's ``dot`` program on PATH it is
drawn by Graphviz; without it (``pip`` cannot install ``dot``) by the course's own
pure-Python renderer (`course_lib.viz.layered`: the same layered layout idea, from
grandalf), with a one-line note the first time. Only `pipe`/`render` (Graphviz's file
formats) need ``dot`` itself; without it they raise `GraphvizNotFoundError`, which says
how to install it.

`Digraph` is the same for any graph you build yourself (``g = Digraph(); g.node(...)``),
and after ``import course_lib.viz`` a plain ``graphviz.Digraph`` shown in a notebook
falls back the same way.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
from collections.abc import Mapping

import graphviz
import numpy as np

from course_lib.i18n import say

__all__ = [
    "draw_graph",
    "ComputationGraph",
    "Digraph",
    "GraphvizNotFoundError",
    "graph_renderer",
    "set_graph_renderer",
    "graphviz_install_command",
]

MESSAGES = {
    "en": {
        "fallback_note": "Note: Graphviz's `dot` program is not installed, so graphs are drawn "
                         "by the course's built-in renderer (same nodes and labels, a simpler "
                         "layout). For Graphviz's drawings: {command}, then restart the kernel.",
        "not_found": "Graphviz's `dot` program is not installed (or not on PATH), so "
                     "{what} needs it. Install it with {command} and restart the kernel. "
                     "(`pip install graphviz` installs only the Python wrapper, not `dot`.) "
                     "Other systems: Debian/Ubuntu `sudo apt-get install graphviz`, conda "
                     "`conda install graphviz`, macOS `brew install graphviz`, Windows "
                     "`winget install graphviz`. In a notebook the graph still shows (drawn "
                     "without Graphviz), and `print(graph.source)` shows it as text.",
        "nothing_to_draw": "draw_graph: nothing to draw yet (got None) — finish the code "
                           "that computes the tensor, run it, then draw it.",
        "too_large": "This graph has {count} nodes, more than the built-in renderer draws "
                     "({limit}); install Graphviz ({command}) to draw it, or look at "
                     "`print(graph.source)`.",
    },
    "zh": {
        "fallback_note": "注意：未安装 Graphviz 的 `dot` 程序，图由课程内置的渲染器绘制"
                         "（节点和标签相同，布局更简单）。若要 Graphviz 的绘图：{command}，"
                         "然后重启内核。",
        "not_found": "未安装 Graphviz 的 `dot` 程序（或不在 PATH 中），而 {what} 需要它。"
                     "请用 {command} 安装并重启内核。（`pip install graphviz` 只安装 Python "
                     "包装，不含 `dot`。）其他系统：Debian/Ubuntu `sudo apt-get install "
                     "graphviz`，conda `conda install graphviz`，macOS `brew install graphviz`，"
                     "Windows `winget install graphviz`。在 notebook 中图仍会显示（不用 "
                     "Graphviz 绘制），`print(graph.source)` 以文本显示它。",
        "nothing_to_draw": "draw_graph：还没有可画的内容（得到 None）— 先完成计算该张量的代码"
                           "并运行，再画图。",
        "too_large": "这个图有 {count} 个节点，超过内置渲染器能画的上限（{limit}）；"
                     "请安装 Graphviz（{command}）来画它，或查看 `print(graph.source)`。",
    },
}

# Colours: leaves like parameters, the output highlighted, operations neutral.
_LEAF_STYLE = {"shape": "box", "style": "filled,rounded", "fillcolor": "lightblue"}
_OP_STYLE = {"shape": "ellipse", "style": "filled", "fillcolor": "lightgray"}
_OUTPUT_STYLE = {"shape": "box", "style": "filled", "fillcolor": "darkolivegreen1"}

_RENDERERS = ("auto", "graphviz", "python")
_choice = os.environ.get("COURSE_GRAPH_RENDERER", "auto")
_noted = False  # the fallback note is printed once per kernel


class GraphvizNotFoundError(RuntimeError):
    """Raised when Graphviz's output formats are asked for but its `dot` program is missing."""


def graphviz_install_command() -> str:
    """The one command that installs Graphviz's `dot` on this machine."""
    if os.environ.get("CONDA_PREFIX"):
        return "`conda install graphviz`"
    system = platform.system()
    if system == "Darwin":
        return "`brew install graphviz`"
    if system == "Windows":
        return "`winget install graphviz` (then add its bin folder to PATH)"
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return "`apt-get install graphviz`" if root else "`sudo apt-get install graphviz`"


def _install_hint(what: str = "drawing this graph in a file format") -> str:
    return say(MESSAGES, "not_found", what=what, command=graphviz_install_command())


def graph_renderer() -> str:
    """Which renderer draws graphs now: "graphviz" (its `dot` is on PATH) or "python"."""
    if _choice == "python":
        return "python"
    if _choice == "graphviz" or shutil.which("dot") is not None:
        return "graphviz"
    return "python"


def set_graph_renderer(name: str = "auto") -> None:
    """Force a renderer: "graphviz", "python" (built in, no `dot` needed) or "auto"."""
    global _choice
    if name not in _RENDERERS:
        raise ValueError(f"set_graph_renderer: unknown renderer {name!r}; use one of "
                         f"{', '.join(_RENDERERS)}")
    _choice = name


def graph_mimebundle(graph, include=None, exclude=None) -> dict:
    """What Jupyter shows for a graphviz object: Graphviz's SVG, or the built-in one."""
    if graph_renderer() == "graphviz":
        try:
            return graphviz.jupyter_integration.JupyterIntegration._repr_mimebundle_(
                graph, include=include, exclude=exclude)
        except (graphviz.ExecutableNotFound, GraphvizNotFoundError):
            pass  # `which` found something that does not run: draw it ourselves
    from course_lib.viz.layered import MAX_NODES, GraphTooLargeError, render_svg

    try:
        svg = render_svg(graph)
    except GraphTooLargeError as err:
        message = say(MESSAGES, "too_large", count=err.count, limit=MAX_NODES,
                      command=graphviz_install_command())
        return {"text/plain": message}
    global _noted
    if not _noted and _choice != "python":
        _noted = True
        print(say(MESSAGES, "fallback_note", command=graphviz_install_command()))
    return {"image/svg+xml": svg}


class Digraph(graphviz.Digraph):
    """A `graphviz.Digraph` that shows itself in Jupyter with or without Graphviz's `dot`.

    Build it exactly like a graphviz.Digraph (``node``, ``edge``, attributes). In a
    notebook it is drawn by Graphviz when `dot` is installed, else by the built-in
    renderer; ``pipe``/``render`` (files in Graphviz's formats) need `dot` and say how
    to install it when it is missing.
    """

    def _repr_mimebundle_(self, include=None, exclude=None, **_):
        return graph_mimebundle(self, include, exclude)

    def pipe(self, *args, **kwargs):
        _require_dot()
        try:
            return super().pipe(*args, **kwargs)
        except graphviz.ExecutableNotFound as err:
            raise GraphvizNotFoundError(_install_hint()) from err

    def render(self, *args, **kwargs):
        _require_dot()
        try:
            return super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound as err:
            raise GraphvizNotFoundError(_install_hint()) from err


class ComputationGraph(Digraph):
    """The graph `draw_graph` returns: a `Digraph` of a Tensor's history."""


def _require_dot() -> None:
    if shutil.which("dot") is None:
        raise GraphvizNotFoundError(_install_hint())


def _register_notebook_fallback() -> None:
    """In a Jupyter kernel, let every graphviz object (not only ours) fall back without `dot`."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or getattr(shell, "kernel", None) is None:
        return
    formatter = shell.display_formatter.mimebundle_formatter
    base = graphviz.jupyter_integration.JupyterIntegration
    try:
        formatter.lookup_by_type(base)
    except KeyError:
        formatter.for_type(base, graph_mimebundle)


_register_notebook_fallback()


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

    The walk is iterative (a stack, not recursion), so deep graphs are fine. Given None
    (an exercise's stub not written yet) it prints one line saying so and draws nothing.
    """
    if tensor is None:
        print(say(MESSAGES, "nothing_to_draw"))
        return None
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
