"""course_lib.viz.draw_graph: the graph backward walks, drawn with Graphviz or without it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

import course_lib as cl
from course_lib.viz import ComputationGraph, GraphvizNotFoundError, draw_graph
from course_lib.viz import graph as graph_module

needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot is not installed (apt-get install graphviz)")


def nodes(graph) -> dict[str, str]:
    """node id -> label, parsed from the DOT source."""
    found = {}
    pattern = r'^\t(\w+) \[label=("(?:[^"\\]|\\.)*"|\S+)(.*)\]$'
    for match in re.finditer(pattern, graph.source, re.M):
        found[match.group(1)] = match.group(2).strip('"') + match.group(3)
    return found


def edges(graph) -> list[tuple[str, str]]:
    return re.findall(r"^\t(\w+) -> (\w+)", graph.source, re.M)


def labels_of(graph) -> list[str]:
    return list(nodes(graph).values())


def test_import_course_lib_does_not_import_viz_dependencies():
    code = (
        "import sys, course_lib\n"
        "heavy = [m for m in ('matplotlib', 'ipywidgets', 'graphviz', 'course_lib.viz') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))\n"
        "course_lib.viz.draw_graph\n"  # the lazy attribute still works
        "print('graphviz' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = out.stdout.splitlines()
    assert before == "", f"import course_lib pulled in {before}"
    assert after == "True"


def test_one_node_per_operation_named_like_grad_fn():
    x = cl.arange(4.0, requires_grad=True)
    y = 2 * cl.dot(x, x)
    graph = draw_graph(y)
    assert isinstance(graph, ComputationGraph)
    ops = {label.split("\n")[0] for label in labels_of(graph) if "Backward" in label}
    (child,) = [node for node, _ in y.grad_fn.next_functions if node is not None]
    assert ops == {y.grad_fn.name(), child.name()} == {"MulBackward0", "DotBackward0"}


def test_walk_matches_next_functions_exactly():
    a = cl.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    w = cl.tensor([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]], requires_grad=True)
    z = cl.tanh(a @ w).sum() + (a * a).mean()
    graph = draw_graph(z)
    # count the distinct nodes reachable through next_functions, independently
    seen, todo = {id(z.grad_fn)}, [z.grad_fn]
    n_edges = 0
    while todo:
        node = todo.pop()
        for child, _ in node.next_functions:
            if child is None:
                continue
            n_edges += 1
            if id(child) not in seen:
                seen.add(id(child))
                todo.append(child)
    drawn = nodes(graph)
    assert len(drawn) == len(seen) + 1  # + the output box
    assert len(edges(graph)) == n_edges + 1  # + the edge into the output box
    leaves = [label for label in drawn.values() if "shape=box" in label and "lightblue" in label]
    assert len(leaves) == 2  # a and w, each drawn once although a is used three times


def test_leaf_used_twice_gets_two_edges_and_leaves_are_boxes():
    x = cl.tensor([3.0], requires_grad=True)
    y = (x * x).sum()
    graph = draw_graph(y, names={"x": x})
    drawn = nodes(graph)
    (leaf_id,) = [i for i, label in drawn.items() if label.startswith("x")]
    assert "shape=box" in drawn[leaf_id]
    mul_id = next(i for i, label in drawn.items() if label.startswith("MulBackward0"))
    assert edges(graph).count((leaf_id, mul_id)) == 2
    assert "shape=ellipse" in drawn[mul_id]


def test_constants_are_not_drawn():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    c = cl.tensor([10.0, 20.0])  # requires_grad=False: its edge is (None, 0)
    y = (x * c).sum()
    assert any(child is None for child, _ in y.grad_fn.next_functions[0][0].next_functions)
    labels = labels_of(draw_graph(y))
    assert not any("[10, 20]" in label for label in labels)
    assert sum("lightblue" in label for label in labels) == 1


def test_values_always_grads_only_after_backward():
    x = cl.tensor([1.0, -2.0], requires_grad=True)
    y = (x * x).sum()
    before = labels_of(draw_graph(y, names={"x": x}))
    leaf = next(label for label in before if label.startswith("x"))
    assert "value [1, -2]" in leaf
    assert "grad" not in leaf
    y.backward()
    after = labels_of(draw_graph(y, names={"x": x}))
    leaf = next(label for label in after if label.startswith("x"))
    expected = 2 * x.data
    assert f"grad [{expected[0]:.4g}, {expected[1]:.4g}]" in leaf
    out = next(label for label in after if "darkolivegreen" in label)
    assert f"value {y.item():.4g}" in out


def test_show_flags_and_large_tensors():
    x = cl.ones(10, requires_grad=True)
    y = (x * 2.0).sum()
    y.backward()
    labels = labels_of(draw_graph(y, show_values=False, show_grads=False))
    assert not any("value" in label or "grad " in label for label in labels)
    labels = labels_of(draw_graph(y))  # 10 numbers > max_elements=6: a count, not the numbers
    leaf = next(label for label in labels if "lightblue" in label)
    assert "(10 numbers)" in leaf


def test_operation_nodes_show_output_shapes():
    a = cl.ones((2, 3), requires_grad=True)
    b = cl.ones((3, 4), requires_grad=True)
    y = (a @ b).sum()
    y.backward()  # shapes must survive backward freeing the saved tensors
    labels = labels_of(draw_graph(y))
    assert any(label.startswith("MmBackward0\nshape (2, 4)") for label in labels)
    assert any(label.startswith("SumBackward0\nscalar") for label in labels)


def test_names_label_leaves_and_intermediates():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    h = cl.exp(x)
    y = h.sum()
    labels = labels_of(draw_graph(y, names={"x": x, "h": h, "y": y}))
    assert any(label.startswith("x\n") for label in labels)
    assert any(label.startswith(f"h = {h.grad_fn.name()}") for label in labels)
    assert any(label.startswith("y\n") and "darkolivegreen" in label for label in labels)


def test_deep_graph_is_walked_without_recursion():
    x = cl.tensor(1.0, requires_grad=True)
    y = x
    depth = 3 * sys.getrecursionlimit()
    for _ in range(depth):
        y = y * 1.0
    graph = draw_graph(y, show_values=False)
    assert len(nodes(graph)) == depth + 2  # ops + leaf + output


def test_leaf_and_constant_alone():
    x = cl.tensor([1.0], requires_grad=True)
    assert "requires_grad" in labels_of(draw_graph(x))[0]
    assert "constant" in labels_of(draw_graph(cl.tensor([1.0])))[0]


def test_a_stub_that_returned_none_gets_one_line_not_a_traceback(capsys):
    assert draw_graph(None) is None
    out = capsys.readouterr().out
    assert "nothing to draw yet" in out and len(out.splitlines()) == 1


def test_rejects_non_tensors_with_a_hint():
    with pytest.raises(TypeError, match="course_lib Tensor.*requires_grad=True"):
        draw_graph(np.ones(3))


@needs_dot
def test_renders_inline_as_svg():
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    bundle = draw_graph(y)._repr_mimebundle_()
    svg = bundle["image/svg+xml"]
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg
    assert "MulBackward0" in svg and "SumBackward0" in svg


def test_missing_dot_binary_explains_how_to_install(monkeypatch, tmp_path):
    """Without dot only Graphviz's file formats fail (with the hint); the notebook view draws."""
    x = cl.tensor([1.0, 2.0], requires_grad=True)
    graph = draw_graph((x * x).sum())
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot anywhere on PATH
    for render in (lambda: graph.pipe(format="svg"), lambda: graph.render(directory=tmp_path)):
        with pytest.raises(GraphvizNotFoundError) as info:
            render()
        message = str(info.value)
        for hint in ("apt-get install graphviz", "conda install graphviz", "brew install graphviz"):
            assert hint in message
    svg = graph._repr_mimebundle_()["image/svg+xml"]
    assert 'data-renderer="grandalf"' in svg and "MulBackward0" in svg
    assert "MulBackward0" in graph.source  # building the graph itself never needs dot


def test_missing_dot_reported_even_if_which_is_fooled(monkeypatch, tmp_path):
    """If `which` finds something but running dot fails, graphviz's own error is translated."""
    x = cl.tensor([1.0], requires_grad=True)
    graph = draw_graph((x * x).sum())
    monkeypatch.setattr(graph_module.shutil, "which", lambda name: "/usr/bin/dot")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        graph.pipe(format="svg")
    # ... and the notebook view falls back to the built-in drawing instead of failing
    assert 'data-renderer="grandalf"' in graph._repr_mimebundle_()["image/svg+xml"]
