"""Widgets and views: parameter specs to controls, results to pictures and words."""
from .explorer import Explorer
from .params import control
from .quiz import Predict, SelfCheck
from .timeline import TimelineView
from .views import (ExplainView, LineChartView, MatrixView, RegimeMapView, TreeView, ValueView, matrix_html,
                    tree_svg)

__all__ = [
    "Explorer", "control", "TreeView", "MatrixView", "RegimeMapView", "ExplainView", "ValueView",
    "LineChartView", "Predict", "SelfCheck", "TimelineView", "tree_svg", "matrix_html",
]
