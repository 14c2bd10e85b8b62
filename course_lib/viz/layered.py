"""Draw a graphviz graph without Graphviz: a layered layout in pure Python, as SVG.

Graphviz's ``dot`` program is not a Python package, so ``pip install`` cannot bring it.
When it is missing, the course draws its graphs with this module instead:

1. `parse_dot` reads the graph's DOT source (what graphviz would be given) into nodes,
   edges and attributes — so both renderers draw exactly the same information;
2. `layout` places the nodes with grandalf's Sugiyama layout (the layered algorithm
   ``dot`` also uses: rank the nodes, order each layer to reduce crossings, assign
   coordinates), routing long edges through the layers they cross;
3. `to_svg` draws boxes, ellipses, labels and arrows as an SVG picture.

    svg = render_svg(graph)      # graph: any graphviz.Digraph / Graph, or its source text

Only what the course's drawings use is understood: node labels (several lines),
``shape`` (box, ellipse, oval, circle, plaintext, ...), ``style`` (filled, rounded, dashed),
``fillcolor``/``color``/``fontcolor``/``fontsize``, edge ``label`` and ``style``, and the
graph's ``rankdir`` (TB or LR). Anything else is ignored, never an error.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["DotGraph", "parse_dot", "layout", "to_svg", "render_svg"]

MAX_NODES = 400  # beyond this a drawing is unreadable anyway (and the layout gets slow)

# X11 colour names graphviz knows but SVG/CSS does not (the ones the course uses and kin)
_X11_COLORS = {
    "darkolivegreen1": "#caff70", "darkolivegreen2": "#bcee68", "lightblue1": "#bfefff",
    "lightblue2": "#b2dfee", "lightgoldenrod": "#eedd82", "lightgoldenrod1": "#ffec8b",
    "gray90": "#e5e5e5", "grey90": "#e5e5e5", "gray80": "#cccccc", "grey80": "#cccccc",
    "palegreen1": "#9aff9a", "lightpink1": "#ffaeb9", "khaki1": "#fff68f",
}


# ------------------------------------------------------------------------------------
# DOT source -> nodes and edges
# ------------------------------------------------------------------------------------


@dataclass
class DotNode:
    name: str
    attrs: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.attrs.get("label", self.name)


@dataclass
class DotEdge:
    tail: str
    head: str
    attrs: dict = field(default_factory=dict)


@dataclass
class DotGraph:
    directed: bool = True
    attrs: dict = field(default_factory=dict)
    nodes: dict = field(default_factory=dict)  # name -> DotNode, in order of appearance
    edges: list = field(default_factory=list)


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<comment>//[^\n]*|/\*.*?\*/|\#[^\n]*)
      | "(?P<quoted>(?:[^"\\]|\\.)*)"
      | (?P<html><)
      | (?P<arrow>->|--)
      | (?P<punct>[\[\]=;,{}:])
      | (?P<id>[^\s\[\]=;,{}:"<>]+)
    )""",
    re.X | re.S,
)


def _unescape(text: str) -> str:
    """A DOT quoted string's text: \\" and \\\\ unescaped, \\n \\l \\r as line breaks."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nlr" else m.group(1), text)


def _tokens(source: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    while pos < len(source):
        if source[pos:].strip() == "":
            break
        match = _TOKEN.match(source, pos)
        if match is None:  # an unexpected character: skip it rather than fail a drawing
            pos += 1
            continue
        pos = match.end()
        kind = match.lastgroup
        if kind == "comment":
            continue
        if kind == "html":  # <...> with nested brackets: keep the text, drop the tags
            depth, start = 1, pos
            while pos < len(source) and depth:
                depth += {"<": 1, ">": -1}.get(source[pos], 0)
                pos += 1
            text = re.sub(r"<br\s*/?>", "\n", source[start:pos - 1], flags=re.I)
            tokens.append(("id", html.unescape(re.sub(r"<[^>]*>", "", text))))
        elif kind == "quoted":
            tokens.append(("id", _unescape(match.group("quoted"))))
        else:
            tokens.append((kind, match.group(kind)))
    return tokens


def parse_dot(source) -> DotGraph:
    """Nodes, edges and attributes of a graph given as DOT text or a graphviz object."""
    text = getattr(source, "source", source)
    tokens = _tokens(text)
    graph = DotGraph()
    node_defaults: dict = {}
    edge_defaults: dict = {}
    i = 0

    def attr_list() -> dict:
        nonlocal i
        attrs: dict = {}
        while i < len(tokens) and tokens[i] == ("punct", "["):
            i += 1
            while i < len(tokens) and tokens[i] != ("punct", "]"):
                if tokens[i][0] == "id":
                    key = tokens[i][1]
                    if i + 2 < len(tokens) and tokens[i + 1] == ("punct", "="):
                        attrs[key] = tokens[i + 2][1]
                        i += 3
                        continue
                i += 1
            i += 1
        return attrs

    def add_node(name: str, attrs: dict | None = None) -> None:
        if name not in graph.nodes:
            graph.nodes[name] = DotNode(name, dict(node_defaults))
        graph.nodes[name].attrs.update(attrs or {})

    # header: [strict] (graph|digraph) [ID] {
    while i < len(tokens) and tokens[i] != ("punct", "{"):
        if tokens[i] == ("id", "graph"):
            graph.directed = False
        if tokens[i] == ("id", "digraph"):
            graph.directed = True
        i += 1
    i += 1
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "punct":  # ; , { } (subgraphs are drawn flat)
            i += 1
            continue
        if kind != "id":
            i += 1
            continue
        i += 1
        if value in ("graph", "node", "edge") and i < len(tokens) and tokens[i][1] == "[":
            attrs = attr_list()
            {"graph": graph.attrs, "node": node_defaults, "edge": edge_defaults}[value].update(
                attrs)
            continue
        if value == "subgraph":
            if i < len(tokens) and tokens[i][0] == "id":
                i += 1
            continue
        if i < len(tokens) and tokens[i] == ("punct", "="):  # a graph attribute: key=value
            if i + 1 < len(tokens):
                graph.attrs[value] = tokens[i + 1][1]
            i += 2
            continue
        chain = [value]
        while i + 1 < len(tokens) and tokens[i][0] == "arrow":
            chain.append(tokens[i + 1][1])
            i += 2
        if i < len(tokens) and tokens[i] == ("punct", ":"):  # node:port — ports are ignored
            i += 2
        attrs = attr_list()
        if len(chain) == 1:
            add_node(value, attrs)
        else:
            for tail, head in zip(chain, chain[1:]):
                add_node(tail)
                add_node(head)
                graph.edges.append(DotEdge(tail, head, {**edge_defaults, **attrs}))
    return graph


# ------------------------------------------------------------------------------------
# layout
# ------------------------------------------------------------------------------------


@dataclass
class Box:
    """A node as drawn: centre, size (points), shape and style."""

    node: DotNode
    lines: list
    font_size: float
    shape: str
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0


@dataclass
class Layout:
    boxes: dict  # name -> Box
    paths: list  # (DotEdge, [(x, y), ...]) from tail centre to head centre
    width: float
    height: float


def _text_width(line: str, size: float) -> float:
    """Estimated width of a line in Helvetica at `size` points (no font metrics needed)."""
    total = 0.0
    for ch in line:
        if unicodedata.east_asian_width(ch) in "WF":
            total += 1.0
        elif ch in " .,:;|!il'()[]":
            total += 0.3
        elif ch.isupper() or ch in "mwMW@%":
            total += 0.72
        else:
            total += 0.56
    return total * size


def _box_of(node: DotNode, graph_attrs: dict) -> Box:
    size = _float(node.attrs.get("fontsize"), 14.0)
    lines = node.label.split("\n") or [""]
    text_w = max(_text_width(line, size) for line in lines)
    text_h = len(lines) * size * 1.2
    shape = node.attrs.get("shape", "ellipse").lower()
    if shape in ("ellipse", "oval", "circle", "doublecircle"):
        w, h = text_w * 1.42 + 12, text_h * 1.42 + 8  # an ellipse around the text's box
        if shape in ("circle", "doublecircle"):
            w = h = max(w, h)
    elif shape in ("plaintext", "plain", "none"):
        w, h = text_w + 8, text_h + 4
    else:
        w, h = text_w + 18, text_h + 10
    w, h = max(w, 54.0), max(h, 36.0 if shape not in ("plaintext", "plain", "none") else h)
    return Box(node, lines, size, shape, w, h)


def _float(value, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


class _View:
    def __init__(self, w: float, h: float):
        self.w, self.h, self.xy = w, h, (0.0, 0.0)


class _EdgeView:
    def __init__(self):
        self.points = []

    def setpath(self, points):
        self.points = list(points)


def layout(graph: DotGraph) -> Layout:
    """Place every node with grandalf's Sugiyama layout; route edges through the layers."""
    from grandalf.graphs import Edge, Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    sideways = graph.attrs.get("rankdir", "TB").upper() in ("LR", "RL")
    boxes = {name: _box_of(node, graph.attrs) for name, node in graph.nodes.items()}
    vertices = {}
    for name, box in boxes.items():
        vertex = Vertex(name)
        vertex.view = _View(box.h, box.w) if sideways else _View(box.w, box.h)
        vertices[name] = vertex
    pairs, edges = {}, []
    for e in graph.edges:  # one layout edge per connected pair; duplicates are drawn apart
        key = (e.tail, e.head)
        if e.tail == e.head or key in pairs or (e.head, e.tail) in pairs:
            continue
        edge = Edge(vertices[e.tail], vertices[e.head])
        edge.view = _EdgeView()
        pairs[key] = edge
        edges.append(edge)
    g = Graph(list(vertices.values()), edges)

    offset, height, gap = 0.0, 0.0, 24.0
    for component in g.C:
        sugiyama = SugiyamaLayout(component)
        sugiyama.xspace, sugiyama.yspace = 24, 36
        roots = [v for v in component.sV if not v.e_in()]
        sugiyama.init_all(roots=roots or None)
        sugiyama.draw(3)
        xs = [v.view.xy[0] - v.view.w / 2 for v in component.sV]
        xe = [v.view.xy[0] + v.view.w / 2 for v in component.sV]
        ys = [v.view.xy[1] + v.view.h / 2 for v in component.sV]
        left = min(xs)
        for v in component.sV:
            v.view.xy = (v.view.xy[0] - left + offset, v.view.xy[1])
        for e in component.sE:
            e.view.points = [(x - left + offset, y) for x, y in e.view.points]
        offset += max(xe) - left + gap
        height = max(height, max(ys))

    margin = 8.0
    for name, box in boxes.items():
        x, y = vertices[name].view.xy
        box.x, box.y = (y + margin, x + margin) if sideways else (x + margin, y + margin)
    paths = []
    for e in graph.edges:
        if e.tail == e.head:
            paths.append((e, [(boxes[e.tail].x, boxes[e.tail].y)] * 2))
            continue
        edge = pairs.get((e.tail, e.head)) or pairs.get((e.head, e.tail))
        points = edge.view.points or [vertices[e.tail].view.xy, vertices[e.head].view.xy]
        points = [(y + margin, x + margin) if sideways else (x + margin, y + margin)
                  for x, y in points]
        if (e.tail, e.head) not in pairs:  # drawn against the layout edge's direction
            points = points[::-1]
        paths.append((e, points))
    width, depth = max(offset - gap, 0.0) + 2 * margin, height + 2 * margin
    return Layout(boxes, paths, *((depth, width) if sideways else (width, depth)))


# ------------------------------------------------------------------------------------
# SVG
# ------------------------------------------------------------------------------------


def _color(value, default: str) -> str:
    if not value:
        return default
    value = str(value).split(":")[0].strip()
    return _X11_COLORS.get(value.lower(), value)


def _boundary(box: Box, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the segment from the box's centre toward a point leaves its outline."""
    dx, dy = toward[0] - box.x, toward[1] - box.y
    if dx == 0 and dy == 0:
        return box.x, box.y
    a, b = box.w / 2, box.h / 2
    if box.shape in ("ellipse", "oval", "circle", "doublecircle"):
        t = 1.0 / math.sqrt((dx / a) ** 2 + (dy / b) ** 2)
    else:
        t = min(a / abs(dx) if dx else math.inf, b / abs(dy) if dy else math.inf)
    t = min(t, 1.0)
    return box.x + t * dx, box.y + t * dy


def _edge_svg(e: DotEdge, points, boxes, bend: float, directed: bool) -> str:
    tail, head = boxes[e.tail], boxes[e.head]
    if len(points) < 2:
        return ""
    if e.tail == e.head:  # a loop on the node's right side
        x, y = tail.x + tail.w / 2, tail.y
        d = f"M{x:.1f},{y - 6:.1f} C{x + 30:.1f},{y - 24:.1f} {x + 30:.1f},{y + 24:.1f} " \
            f"{x + 1:.1f},{y + 7:.1f}"
    else:
        start = _boundary(tail, points[1])
        end = _boundary(head, points[-2])
        inner = points[1:-1]
        if not inner and bend:  # a second edge between the same pair: bow it out sideways
            mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
            length = math.hypot(end[0] - start[0], end[1] - start[1]) or 1.0
            nx, ny = -(end[1] - start[1]) / length, (end[0] - start[0]) / length
            c = (mx + bend * nx, my + bend * ny)
            d = f"M{start[0]:.1f},{start[1]:.1f} Q{c[0]:.1f},{c[1]:.1f} {end[0]:.1f},{end[1]:.1f}"
        else:
            d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in [start, *inner, end])
    style = e.attrs.get("style", "")
    dash = ' stroke-dasharray="5,3"' if "dashed" in style else (
        ' stroke-dasharray="1,3"' if "dotted" in style else "")
    color = _color(e.attrs.get("color"), "black")
    marker = ' marker-end="url(#arrow)"' if directed and e.attrs.get("dir") != "none" else ""
    parts = [f'<path d="{d}" fill="none" stroke="{color}" stroke-width="1"{dash}{marker}/>']
    label = e.attrs.get("label")
    if label:
        mid = points[len(points) // 2] if len(points) > 2 else (
            ((points[0][0] + points[-1][0]) / 2, (points[0][1] + points[-1][1]) / 2))
        parts.append(_text(label.split("\n"), mid[0] + 6, mid[1], 10.0, "black", anchor="start"))
    return "\n".join(parts)


def _text(lines, x, y, size, color, anchor="middle") -> str:
    step = size * 1.2
    top = y - step * (len(lines) - 1) / 2
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + k * step:.1f}">{html.escape(line) or " "}</tspan>'
        for k, line in enumerate(lines)
    )
    return (f'<text text-anchor="{anchor}" dominant-baseline="central" '
            f'font-family="Helvetica,Arial,sans-serif" font-size="{size:g}" '
            f'fill="{color}">{spans}</text>')


def _node_svg(box: Box) -> str:
    attrs = box.node.attrs
    style = attrs.get("style", "")
    filled = "filled" in style
    fill = _color(attrs.get("fillcolor") or attrs.get("color"), "lightgray") if filled else "white"
    stroke = _color(attrs.get("color"), "black")
    dash = ' stroke-dasharray="5,3"' if "dashed" in style else ""
    common = f'fill="{fill}" stroke="{stroke}" stroke-width="1"{dash}'
    x, y, w, h = box.x, box.y, box.w, box.h
    if box.shape in ("plaintext", "plain", "none"):
        outline = ""
    elif box.shape in ("ellipse", "oval", "circle", "doublecircle"):
        outline = f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{w / 2:.1f}" ry="{h / 2:.1f}" {common}/>'
    else:
        rounded = ' rx="6" ry="6"' if "rounded" in style else ""
        outline = (f'<rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" '
                   f'height="{h:.1f}"{rounded} {common}/>')
    text = _text(box.lines, x, y, box.font_size, _color(attrs.get("fontcolor"), "black"))
    title = f"<title>{html.escape(box.node.name)}</title>"
    return f'<g class="node">{title}{outline}{text}</g>'


def to_svg(graph: DotGraph, placed: Layout) -> str:
    """The laid-out graph as an SVG document (sizes in points, like Graphviz's SVG)."""
    count: dict = {}
    for e, _ in placed.paths:
        key = frozenset((e.tail, e.head))
        count[key] = count.get(key, 0) + 1
    seen: dict = {}
    edges = []
    for e, points in placed.paths:  # n edges between one pair: bowed apart, symmetrically
        key = frozenset((e.tail, e.head))
        k = seen.get(key, 0)
        seen[key] = k + 1
        bend = 16.0 * (k - (count[key] - 1) / 2)
        edges.append(_edge_svg(e, points, placed.boxes, bend, graph.directed))
    nodes = [_node_svg(box) for box in placed.boxes.values()]
    w, h = placed.width, placed.height
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}pt" height="{h:.0f}pt" '
        f'viewBox="0 0 {w:.1f} {h:.1f}" class="course-graph" data-renderer="grandalf">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="black"/></marker></defs>',
        f'<rect width="{w:.1f}" height="{h:.1f}" fill="white"/>',
        *edges,
        *nodes,
        "</svg>",
    ])


def render_svg(source) -> str:
    """DOT text or a graphviz object drawn as SVG, without Graphviz."""
    graph = parse_dot(source)
    if len(graph.nodes) > MAX_NODES:
        raise GraphTooLargeError(len(graph.nodes))
    if not graph.nodes:
        return to_svg(graph, Layout({}, [], 16.0, 16.0))
    return to_svg(graph, layout(graph))


class GraphTooLargeError(ValueError):
    """The pure-Python renderer draws at most MAX_NODES nodes."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count
