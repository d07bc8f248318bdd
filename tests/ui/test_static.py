"""Every widget also displays a static copy of its current state (views.Static), so that a notebook
rendered without a kernel (nbconvert, nbviewer, GitHub, a PDF) shows its pictures."""
from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest
from IPython.core.formatters import format_display_data

from tradewar.models import chain_store, chicken, chokepoint, leverage_window, rubinstein, taco, truce
from tradewar.ui import Explorer, LineChartView, MatrixView, RegimeMapView, TreeView, ValueView
from tradewar.ui.beliefs import BeliefPathView
from tradewar.ui.chain import PlayView
from tradewar.ui.quiz import Predict, SelfCheck
from tradewar.ui.rounds import RoundsView
from tradewar.ui.split import SplitView
from tradewar.ui.timeline import TimelineView
from tradewar.ui.window import WindowView

ROOT = Path(__file__).resolve().parents[2]
WIDGET = "application/vnd.jupyter.widget-view+json"
LEFTOVERS = ("Loading widget", "<input", "<button", "<select", "noUi-handle", "class=\"widget-")


def displayed(obj) -> dict:
    """What IPython sends to the front end for obj (as display(obj) would)."""
    data, _ = format_display_data(obj)
    return data


def explorers():
    """One explorer per kind of picture, with the parameter each test moves and a new value."""
    return [
        (Explorer(chokepoint, ["s", "sigma"], views=[TreeView(), RegimeMapView(chokepoint, "s", "sigma")]),
         "s", 0.6),
        (Explorer(chicken, ["c_us"], views=[MatrixView(lambda result: result.matrix()),
                                            ValueView([("p_cn_hawk", "China plays Hawk")])]), "c_us", 8),
        (Explorer(truce.sandbox, ["epsilon"], views=[RoundsView(shown=3)]), "epsilon", 0.2),
        (Explorer(taco, ["mu0"], views=[BeliefPathView()]), "mu0", 0.2),
        (Explorer(chain_store, ["mu0"], views=[PlayView()]), "mu0", 0.3),
        (Explorer(rubinstein, ["r_us"], views=[SplitView(lambda r: (("US", r.share_us), ("China", r.share_cn)))]),
         "r_us", 0.4),
        (Explorer(leverage_window, ["eta1"], views=[WindowView()]), "eta1", 0.3),
    ]


def test_every_view_displays_its_current_output_and_follows_a_slider():
    for ex, name, value in explorers():
        for view in ex.views:
            data = displayed(view)
            assert WIDGET in data and data["text/html"] == view.widget.value, type(view).__name__
        before = [view.widget.value for view in ex.views]
        ex.controls[name].value = value  # as a slider move does
        for view, old in zip(ex.views, before):
            assert displayed(view)["text/html"] == view.widget.value
            if type(view).__name__ not in ("ExplainView",):
                assert view.widget.value != old, f"{type(view).__name__} did not move with {name}"


def test_a_picture_is_accessible_in_its_static_form():
    ex = Explorer(chokepoint, ["s"], views=[TreeView(), RegimeMapView(chokepoint, "s", "sigma")])
    html = displayed(ex)["text/html"]
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 2
    for tag in svgs:
        assert 'role="img"' in tag and 'aria-label="' in tag
    assert len(re.findall(r"<svg[^>]*><title>[^<]+</title><desc>[^<]+</desc>", html)) == 2


def test_explorer_shows_its_values_and_every_picture_but_no_controls():
    ex = Explorer(chokepoint, ["s", "sigma"], views=[TreeView(), RegimeMapView(chokepoint, "s", "sigma")],
                  title="Refining share")
    data = displayed(ex)
    assert WIDGET in data
    html = data["text/html"]
    assert "Refining share" in html and escape(ex.controls["s"].param.label) in html
    for view in ex.views:  # pictures and the explanation, each its own current output
        assert view.static_html() in html
    for bad in LEFTOVERS:
        assert bad not in html
    ex.set(s=0.6, sigma=0.4)
    moved = displayed(ex)["text/html"]
    assert moved != html and all(view.static_html() in moved for view in ex.views)


def test_a_picture_the_values_rule_out_is_left_out_and_the_note_shown():
    ex = Explorer(chicken, ["order"], views=[TreeView()])  # the default order is simultaneous: no tree
    html = displayed(ex)["text/html"]
    assert "<svg" not in html and "No tree here" in html
    ex.set(order="US moves first")
    assert "<svg" in displayed(ex)["text/html"]


def test_line_chart_is_its_svg_with_the_alt_text_and_the_description():
    chart = LineChartView.sweep(chicken, "c_us", {"p_us_hawk": "US plays Hawk", "p_cn_hawk": "China plays Hawk"})
    ex = Explorer(chicken, ["c_us"], views=[chart])
    data = displayed(chart)
    assert WIDGET in data
    html = data["text/html"]
    assert chart.svg in html and "<img" not in html and 'class="tw-view tw-view-chart' in html
    assert re.search(r'<svg [^>]*role="img" aria-label="Line chart[^"]+"', html) and chart.alt
    assert chart.caption in html
    ex.controls["c_us"].value = 8
    moved = displayed(chart)["text/html"]
    assert moved != html and chart.svg in moved


def test_quizzes_and_the_timeline_have_a_paper_form():
    p = Predict("Who swerves?", ["The US", "China"], answer="China", why="Because.")
    html = displayed(p)["text/html"]
    assert "Who swerves?" in html and html.count("☐") == 2 and "Because." not in html
    s = SelfCheck("How much? (a number)", 3)
    html = displayed(s)["text/html"]
    assert "How much?" in html and "Your answer" in html
    t = TimelineView()
    html = displayed(t)["text/html"]
    assert WIDGET in displayed(t) and t.strip.value in html and t.card.value in html
    t.go(3)
    assert t.strip.value in displayed(t)["text/html"] and displayed(t)["text/html"] != html
    for obj in (p, s, t):
        assert not any(bad in displayed(obj)["text/html"] for bad in LEFTOVERS)
    t.close()


# -- an executed notebook rendered by nbconvert, as nbviewer or GitHub would show it ----------------

PICTURE_VIEWS = re.compile(r"\b(TreeView|RegimeMapView|RoundsView|BeliefPathView|PlayView|SplitView|WindowView"
                           r"|TimelineView)\(")
CHARTS = re.compile(r"\bLineChartView(\.sweep)?\(")


@pytest.mark.notebooks
@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", ["01_strategic_form.ipynb"])
def test_nbconvert_page_shows_every_picture(name):
    """Executed on a fresh kernel (no widget state saved, as JupyterLab saves by default), the
    page nbconvert writes has one SVG per tree, map or strip the notebook makes, one per chart,
    and no "Loading widget"."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from nbconvert import HTMLExporter

    path = ROOT / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    # Library pictures made directly (tree_svg inside HTML(...)) count too.
    want_svgs = len(PICTURE_VIEWS.findall(code)) + len(re.findall(r"\btree_svg\(", code))
    want_charts = len(CHARTS.findall(code))
    assert want_svgs and want_charts, "pick a notebook with trees or maps and a chart"
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    page, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    pictures = re.findall(r'<svg[^>]*role="img"', page)
    charts = [tag for tag in re.findall(r"<svg [^>]*>", page)  # nbconvert sorts the attributes
              if 'class="tw-chart"' in tag and 'role="img"' in tag and 'aria-label="Line chart' in tag]
    assert len(pictures) == want_svgs + want_charts, (len(pictures), want_svgs, want_charts)
    assert len(charts) == want_charts, (len(charts), want_charts)
    assert "Loading widget" not in page and WIDGET not in page
