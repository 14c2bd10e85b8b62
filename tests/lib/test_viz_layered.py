"""course_lib.viz.layered: graphs drawn without Graphviz (grandalf's layered layout, as SVG)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections import Counter

import graphviz
import pytest

import course_lib as cl
from course_lib.viz import Digraph, draw_graph, graph_renderer, layered, set_graph_renderer
from course_lib.viz import graph as graph_module
from course_lib.viz.layered import layout, parse_dot, render_svg

needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot is not installed (apt-get install graphviz); "
                               "this test compares the built-in drawing with Graphviz's")
SVG = "{http://www.w3.org/2000/svg}"


def small_graph():
    x = cl.tensor([1.0, -2.0], requires_grad=True)
    w = cl.tensor([0.5, 3.0], requires_grad=True)
    y = (x * x).sum() + cl.exp(cl.dot(x, w))
    y.backward()
    return draw_graph(y, names={"x": x, "w": w, "y": y})


def svg_texts(svg: str) -> Counter:
    """Every line of text drawn in an SVG (Graphviz: <text>; ours: <tspan> per line)."""
    root = ET.fromstring(svg.split("?>", 1)[-1] if svg.startswith("<?xml") else svg)
    lines = []
    for text in root.iter(f"{SVG}text"):
        spans = list(text.iter(f"{SVG}tspan"))
        lines += [s.text or "" for s in spans] if spans else [text.text or ""]
    return Counter(line.strip() for line in lines if line.strip())


@pytest.fixture
def python_renderer():
    set_graph_renderer("python")
    yield
    set_graph_renderer("auto")


def test_parse_reads_nodes_edges_and_attributes_from_graphviz_source():
    g = graphviz.Digraph(graph_attr={"rankdir": "LR"}, node_attr={"fontsize": "11"})
    g.node("a", 'two\nlines "quoted"', shape="box", style="filled,rounded", fillcolor="lightblue")
    g.node("b c")  # a name that needs quotes, no label: the name is the label
    g.edge("a", "b c")
    g.edge("a", "b c", label="again")
    parsed = parse_dot(g)
    assert parsed.directed and parsed.attrs["rankdir"] == "LR"
    assert list(parsed.nodes) == ["a", "b c"]
    a = parsed.nodes["a"]
    assert a.label == 'two\nlines "quoted"'
    assert a.attrs["shape"] == "box" and a.attrs["fillcolor"] == "lightblue"
    assert a.attrs["fontsize"] == "11"  # node defaults apply
    assert parsed.nodes["b c"].label == "b c"
    assert [(e.tail, e.head) for e in parsed.edges] == [("a", "b c"), ("a", "b c")]
    assert parsed.edges[1].attrs["label"] == "again"


def test_parse_accepts_hand_written_dot():
    parsed = parse_dot('graph { // a comment\n x -- y -- z; y [label=<<b>bold</b>>]; }')
    assert not parsed.directed
    assert [(e.tail, e.head) for e in parsed.edges] == [("x", "y"), ("y", "z")]
    assert parsed.nodes["y"].label == "bold"


def test_layout_puts_inputs_above_what_is_computed_from_them():
    parsed = parse_dot(small_graph())
    placed = layout(parsed)
    for e in parsed.edges:  # every arrow points down (rankdir TB), like Graphviz's
        assert placed.boxes[e.tail].y < placed.boxes[e.head].y
    boxes = list(placed.boxes.values())
    for i, a in enumerate(boxes):  # no two nodes overlap
        for b in boxes[i + 1:]:
            apart_x = abs(a.x - b.x) >= (a.w + b.w) / 2
            apart_y = abs(a.y - b.y) >= (a.h + b.h) / 2
            assert apart_x or apart_y, (a.node.name, b.node.name)
    assert all(0 <= b.x - b.w / 2 and b.x + b.w / 2 <= placed.width for b in boxes)
    assert all(0 <= b.y - b.h / 2 and b.y + b.h / 2 <= placed.height for b in boxes)


def test_rankdir_lr_lays_the_graph_sideways():
    g = graphviz.Digraph(graph_attr={"rankdir": "LR"})
    g.edge("a", "b")
    g.edge("b", "c")
    placed = layout(parse_dot(g))
    xs = [placed.boxes[n].x for n in "abc"]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert placed.width > placed.height


def test_svg_shows_every_node_edge_and_label(python_renderer):
    graph = small_graph()
    parsed = parse_dot(graph)
    svg = graph._repr_mimebundle_()["image/svg+xml"]
    root = ET.fromstring(svg)
    assert root.get("data-renderer") == "grandalf"
    assert len(root.findall(f"{SVG}g[@class='node']")) == len(parsed.nodes)
    assert len(root.findall(f"{SVG}path[@marker-end]")) == len(parsed.edges)
    labels = Counter(line for n in parsed.nodes.values() for line in n.label.split("\n"))
    assert svg_texts(svg) == labels  # every line of every label, nothing else
    assert {"MulBackward0", "DotBackward0", "value [1, -2]", "shape (2,)"} <= set(labels)
    assert any(line.startswith("grad [") for line in labels)  # after backward: gradients
    # leaves are rounded blue boxes, operations grey ellipses, the output green
    assert svg.count('fill="lightblue"') == 2
    assert svg.count("<ellipse") == sum(n.attrs.get("shape") == "ellipse"
                                        for n in parsed.nodes.values())
    assert 'fill="#caff70"' in svg  # darkolivegreen1 is an X11 name: translated for SVG


@needs_dot
def test_same_information_as_graphviz():
    graph = small_graph()
    with_dot = graph._repr_mimebundle_()["image/svg+xml"]
    assert 'data-renderer="grandalf"' not in with_dot  # dot is here: Graphviz drew it
    assert svg_texts(render_svg(graph)) == svg_texts(with_dot)


def test_renderer_choice(monkeypatch, tmp_path):
    assert graph_renderer() == ("graphviz" if shutil.which("dot") else "python")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert graph_renderer() == "python"
    with pytest.raises(ValueError, match="graphviz, python"):
        set_graph_renderer("svg")


def test_the_fallback_note_is_printed_once(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(graph_module, "_noted", False)
    graph = small_graph()
    for _ in range(3):
        assert "image/svg+xml" in graph._repr_mimebundle_()
    out = capsys.readouterr().out
    assert out.count("not installed") == 1 and "apt-get install graphviz" in out
    assert len(out.splitlines()) == 1  # a short note, not a traceback


def test_plain_graphviz_and_course_digraph_fall_back_alike(python_renderer):
    plain = graphviz.Digraph()
    plain.edge("u", "v")
    ours = Digraph()
    ours.edge("u", "v")
    a = graph_module.graph_mimebundle(plain)["image/svg+xml"]
    assert a == ours._repr_mimebundle_()["image/svg+xml"]
    assert isinstance(ours, graphviz.Digraph)


def test_a_huge_graph_gets_a_message_not_a_hang(python_renderer, monkeypatch):
    monkeypatch.setattr(layered, "MAX_NODES", 20)
    x = cl.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(30):
        y = y * 1.0
    bundle = draw_graph(y)._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert "32 nodes" in bundle["text/plain"] and "graph.source" in bundle["text/plain"]


def test_deep_graph_draws(python_renderer):
    x = cl.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(300):
        y = y * 1.0
    svg = draw_graph(y, show_values=False)._repr_mimebundle_()["image/svg+xml"]
    assert svg.count('class="node"') == 302
