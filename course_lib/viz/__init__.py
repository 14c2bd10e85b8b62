"""Pictures and sliders for the lessons: graphs, plots and explorers.

Graphs use Graphviz when its `dot` program is installed and a pure-Python layered layout
(grandalf) drawn as SVG when it is not; plots use matplotlib, explorers ipywidgets.
`setup_report()` says what works on this machine and how to fix what does not.

Imported on first use (``course_lib.viz``), never by ``import course_lib``, so the
autograd core loads without matplotlib, ipywidgets or graphviz.

    from course_lib.viz import draw_graph, plot_error_vs_h, HExplorer
    draw_graph(y)                      # the graph backward walks, as SVG
    plot_error_vs_h(np.sin, np.cos, 1.0)
    HExplorer(np.sin, np.cos, x=1.0)   # move h, watch the error
"""

from course_lib.viz.descent import OBJECTIVES, DescentRun, Objective, gradient_descent
from course_lib.viz.graph import (
    ComputationGraph,
    Digraph,
    GraphvizNotFoundError,
    draw_graph,
    graph_renderer,
    set_graph_renderer,
)
from course_lib.viz.plots import (
    plot_differential,
    plot_error_vs_h,
    plot_forward_vs_reverse,
    plot_gd_path_1d,
    plot_gd_path_2d,
    plot_subgradients,
    plot_tangent_secant,
    plot_taylor,
    taylor_polynomial,
)
from course_lib.viz.setup_check import setup_report, setup_status
from course_lib.viz.widgets import (
    HExplorer,
    HReading,
    StepSizeExplorer,
    SubgradientExplorer,
    SubgradientReading,
    TaylorExplorer,
    TaylorReading,
)

__all__ = [
    "setup_report",
    "setup_status",
    "draw_graph",
    "ComputationGraph",
    "Digraph",
    "graph_renderer",
    "set_graph_renderer",
    "GraphvizNotFoundError",
    "plot_tangent_secant",
    "plot_differential",
    "plot_error_vs_h",
    "plot_subgradients",
    "plot_gd_path_1d",
    "plot_gd_path_2d",
    "plot_forward_vs_reverse",
    "plot_taylor",
    "taylor_polynomial",
    "HExplorer",
    "HReading",
    "StepSizeExplorer",
    "SubgradientExplorer",
    "SubgradientReading",
    "TaylorExplorer",
    "TaylorReading",
    "OBJECTIVES",
    "Objective",
    "DescentRun",
    "gradient_descent",
]
