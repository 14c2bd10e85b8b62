"""Pictures and sliders for the lessons: graphs, plots and explorers.

Graphs use graphviz, plots matplotlib, explorers ipywidgets.

Imported on first use (``course_lib.viz``), never by ``import course_lib``, so the
autograd core loads without matplotlib, ipywidgets or graphviz.

    from course_lib.viz import draw_graph, plot_error_vs_h, HExplorer
    draw_graph(y)                      # the graph backward walks, as SVG
    plot_error_vs_h(np.sin, np.cos, 1.0)
    HExplorer(np.sin, np.cos, x=1.0)   # move h, watch the error
"""

from course_lib.viz.descent import OBJECTIVES, DescentRun, Objective, gradient_descent
from course_lib.viz.graph import ComputationGraph, GraphvizNotFoundError, draw_graph
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
    "draw_graph",
    "ComputationGraph",
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
