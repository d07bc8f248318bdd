import sys
import xml.etree.ElementTree as ET

import pytest

from tradewar.games.normal import NormalFormGame
from tradewar.ui import ExplainView, LineChartView, ValueView, matrix_html, tree_svg
from tradewar.ui.views import RegimeMapView, nice_ticks

pytestmark = pytest.mark.filterwarnings("error")
SVG = "{http://www.w3.org/2000/svg}"


def edges(svg, style):
    root = ET.fromstring(svg)
    return [(e.get("data-node"), e.get("data-action")) for e in root.iter(f"{SVG}line")
            if f"tw-edge-{style}" in (e.get("class") or "")]


def test_tree_svg_marks_path_and_the_noncredible_threat(m1, tree_api):
    tree = m1.game()  # defaults: s = 0.92, the US is deterred
    sol = tree_api.backward_induction(tree)
    # The bluff: the US escalates threatening to persist, China accepts; persisting is not credible.
    threat = next(fe for fe in tree_api.nash_equilibria(tree) if tuple(fe.noncredible) == (m1.LAST,))
    svg = tree_svg(tree, sol, threat, title="M1")
    root = ET.fromstring(svg)  # well-formed
    assert [a for _, a in edges(svg, "path")] == [m1.HOLD]  # the SPE path, not the bluff
    assert (m1.LAST, m1.PERSIST) in edges(svg, "threat")
    marks = [g for g in root.iter(f"{SVG}g") if "tw-noncredible" in (g.get("class") or "")]
    assert [g.get("data-node") for g in marks] == [m1.LAST]
    assert "non-credible" in "".join(marks[0].itertext())
    label = root.get("aria-label")
    assert "US chooses Hold back" in label and "Non-credible threat at " + m1.LAST in label
    assert root.find(f"{SVG}title").text == "M1" and root.find(f"{SVG}desc").text == label
    assert root.get("viewBox") and root.get("width") == "100%"


def test_tree_svg_without_solution_draws_no_path(m1):
    svg = tree_svg(m1.game())
    assert edges(svg, "path") == [] and "(1, -1)" in svg


def chicken():
    return NormalFormGame([[0, -1], [2, -5]], [[0, 2], [-1, -3]], ("Dove", "Hawk"), ("Dove", "Hawk"),
                          ("US", "China"))


def test_matrix_html_marks_best_responses_and_equilibria():
    h = matrix_html(chicken())
    assert h.count(">NE</span>") == 2 and h.count("tw-ne-cell") == 2
    assert h.count("<u ") == 4  # two best responses per player
    assert "best response of US" in h and "best response of China" in h
    assert "(Dove, Hawk) and (Hawk, Dove)" in h
    ET.fromstring(h)  # well-formed, so browsers and tests agree on its structure
    plain = matrix_html(chicken(), highlight=False)
    assert "NE" not in plain and "<u " not in plain



def test_regime_map_moves_point_and_region(m1):
    v = RegimeMapView(m1, "s", "sigma", n=21)
    vals = {k: p.default for k, p in m1.PARAMS.items()}
    v.update(m1.solve(**vals), vals)
    assert v.region == m1.DETERRED and "tw-view-regime" in v.widget._dom_classes
    base = v._base
    vals.update(s=0.55, sigma=0.5)
    v.update(m1.solve(**vals), vals)
    assert v.region == m1.ESCALATES and v._base is base  # only the point moved: map reused
    root = ET.fromstring(v.svg)
    point = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "tw-point")
    assert point.get("data-region") == m1.ESCALATES
    assert "refining share, share of global refining" in v.svg and "Substitutes" in v.svg
    vals.update(a=3)  # another parameter: the map is recomputed
    v.update(m1.solve(**vals), vals)
    assert v._base is not base


def test_regime_map_names_the_solved_region_between_grid_points():
    # delta = 0.55, epsilon = 0.04 lies between the points of a 61-point map, and the nearest grid
    # point is on the other side of a boundary: the label must come from the solved outcome.
    from tradewar.models import truce

    vals = {k: p.default for k, p in truce.PARAMS.items()}
    vals.update(delta=0.55, epsilon=0.04)
    r = truce.solve(**vals)
    v = RegimeMapView(truce, "delta", "epsilon", n=61)
    v.update(r, vals)
    assert v._base.region_at(0.55, 0.04) != r.outcome  # the grid alone would say the wrong thing
    assert v.region == r.outcome
    point = next(g for g in ET.fromstring(v.svg).iter(f"{SVG}g") if g.get("class") == "tw-point")
    assert point.get("data-region") == r.outcome


def test_nice_ticks():
    assert nice_ticks(0.5, 1) == [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    assert nice_ticks(0, 0.9) == [0, 0.2, 0.4, 0.6, 0.8]
    assert nice_ticks(1.5, 10) == [2, 4, 6, 8, 10]


def test_explain_and_value_views(m1):
    r = m1.solve()
    e = ExplainView()
    e.update(r, {})
    assert e.widget.value.count("<li>") == len(r.explain()) and "tw-explain" in e.widget._dom_classes
    vv = ValueView([("D_us", "Damage to the US", "payoff units"), ("deterred", "Deterred?"), "s"])
    vv.update(r, {"s": 0.92})
    assert vv.shown == {"Damage to the US": "4.6", "Deterred?": "yes", "s": "0.92"}


def test_line_chart_updates_in_place_without_matplotlib():
    had_matplotlib = "matplotlib" in sys.modules
    calls = []

    def curve(result, values):
        calls.append(1)
        xs = [1.5 + 0.1 * i for i in range(86)]
        return xs, {"P(US hawk)": [2 / (2 + x - 1) for x in xs]}

    v = LineChartView(curve, x="c_us", ylabel="probability")
    v.update(None, {"c_us": 5.0, "g": 2})
    first = v.widget.value
    assert first.startswith("<svg") and v.current["P(US hawk)"] == pytest.approx(2 / 6, abs=1e-3)
    v.update(None, {"c_us": 3.0, "g": 2})  # only x moved: the curve is cached, the marker moves
    assert len(calls) == 1 and v.widget.value != first
    v.update(None, {"c_us": 3.0, "g": 3})
    assert len(calls) == 2
    assert had_matplotlib or "matplotlib" not in sys.modules
    v.close()


def test_tree_svg_with_chance_ties_and_a_shared_leaf(tree_api):
    T = tree_api
    same = T.Leaf((1, 1))  # one object in two places: positions are per path, not per object
    inner = T.Decision(1, "B after L", (("x", same), ("y", T.Leaf((0, 1)))))
    nature = T.Chance("weather", (("rain", 0.5, T.Leaf((2, 0))), ("sun", 0.5, T.Leaf((0, 2)))))
    tree = T.Tree(T.Decision(0, "A", (("L", inner), ("R", nature), ("S", same))), ("Ann", "Bob"))
    sol = T.backward_induction(tree)
    svg = tree_svg(tree, sol)
    root = ET.fromstring(svg)
    assert "Chance" in svg and "rain (0.5)" in svg
    assert "B after L" in sol.ties and edges(svg, "tie")  # Bob is indifferent between x and y
    xs = {(e.get("x2"), e.get("y2")) for e in root.iter(f"{SVG}line") if e.get("data-action") in ("x", "S")}
    assert len(xs) == 2  # the shared leaf is drawn twice, in two places


def test_line_chart_sweep_marks_the_exact_current_values():
    from fractions import Fraction

    from tradewar.models import chicken

    v = LineChartView.sweep(chicken, "c_us", {"p_us_hawk": "P(US Hawk)", "p_cn_hawk": "P(China Hawk)"},
                            n=11, ylim=(0, 1))
    vals = {k: p.default for k, p in chicken.PARAMS.items()}
    r = chicken.solve(**vals)
    v.update(r, vals)
    assert v.current == {"P(US Hawk)": float(r.p_us_hawk), "P(China Hawk)": float(r.p_cn_hawk)}
    assert v.current["P(China Hawk)"] == pytest.approx(float(Fraction(1, 3)))
    v.close()


def test_regime_map_names_the_point_by_slider_symbols_not_code_names():
    from tradewar.models import chokepoint, leverage_window

    for model, x, y, now in ((leverage_window, "eta1", "s_star", "Now: η₁ = 0.1, s* = 0.3 → "),
                             (chokepoint, "s", "sigma", "Now: China&#x27;s refining share = 0.92, σ = 0 → ")):
        vals = {k: p.default for k, p in model.PARAMS.items()}
        v = RegimeMapView(model, x, y, n=21)
        v.update(model.solve(**vals), vals)
        assert now in v.svg and f"Now: {x} =" not in v.svg  # the old line said "Now: g1 = 0.1, s_star = 0.3"


def _boxes_overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("eta0, first_use, s0", [(0, 2025, 0.92), (0.05, 2035, 0.5), (0.1, 2031, 0.5),
                                               (0.2, 2028, 0.5), (0.2, 2031, 0.92), (0.2, 2031, 1.0)])
def test_region_labels_never_overlap_on_the_window_map(eta0, first_use, s0):
    """08's map (eta1 across, s* up): the old placement put 'Only once' on top of 'A short window' at
    the last five of these points. Every label's box lies inside the plot, mostly in its own region,
    and clear of every other label."""
    import itertools

    import numpy as np

    from tradewar.models import leverage_window as M

    vals = {k: p.default for k, p in M.PARAMS.items()}
    vals.update(eta0=eta0, first_use=first_use, s0=s0)
    v = RegimeMapView(M, "eta1", "s_star")
    v.update(M.solve(**vals), vals)
    base = v._base
    boxes = base.label_boxes
    assert boxes  # at least one region is labelled
    for a, b in itertools.combinations(boxes.values(), 2):
        assert not _boxes_overlap(a, b)
    texts = [t for t in ET.fromstring(v.svg).iter(f"{SVG}text") if t.get("class") == "tw-halo"]
    assert len(texts) == len(boxes)
    for label, (x0, y0, x1, y1) in boxes.items():
        assert base.L <= x0 and x1 <= base.L + base.W and base.T <= y0 and y1 <= base.T + base.H
        # The box's centre is in the labelled region.
        x = base.x0 + ((x0 + x1) / 2 - base.L) / base.W * (base.x1 - base.x0)
        y = base.y1 - ((y0 + y1) / 2 - base.T) / base.H * (base.y1 - base.y0)
        assert base.region_at(x, y) == label
    # Each drawn label fits its box at about 8.6 px a character (the width the placement assumed).
    for t in texts:
        cx = float(t.get("x"))
        box = next(b for b in boxes.values() if abs((b[0] + b[2]) / 2 - cx) < 0.1)
        assert max(len(line.text) for line in t) * 8.6 <= box[2] - box[0]
    assert np.isfinite(list(itertools.chain(*boxes.values()))).all()


def test_line_chart_legend_never_covers_the_plot():
    """09's posterior path at a low prior runs along the bottom, where loc="best" had put the legend
    once and kept it: the legend now sits above the axes (under the title), wherever the data go."""
    import numpy as np

    def path(result, values):
        mu = values["mu0"]
        return np.arange(8), {"P(dramatic reading)": [mu, 2 * mu, mu, mu / 2, mu, mu, mu, mu],
                              "your prior": [mu] * 8}

    for mu in (0.01, 0.5, 0.99):
        v = LineChartView(path, xlabel="after each event", ylabel="probability", ylim=(0, 1),
                          title="Posterior of the dramatic reading, event by event", size=(6.4, 3.0))
        v.update(None, {"mu0": mu})
        g = v.geometry
        legend, title = g["legend"], g["title"]
        assert legend[3] <= g["T"] and title[3] <= legend[1]  # above the plot, under the title
        assert 0 <= legend[0] and legend[2] <= g["width"] and title[1] >= 0
        v.close()


def test_line_chart_is_an_accessible_svg_told_apart_without_colour():
    """Each line has its own dash pattern and marker, named in the legend; ticks come from
    nice_ticks; colours have 3:1 contrast on a light and a dark page; the picture's text is in the
    page's colour; chart.set_xticks (09) puts its own labels on the x axis."""
    from tradewar.models import chicken

    v = LineChartView.sweep(chicken, "c_us", {"p_us_hawk": "A", "p_cn_hawk": "B", "p_crash": "C"}, n=11,
                            ylim=(0, 1), ylabel="probability")
    vals = {k: p.default for k, p in chicken.PARAMS.items()}
    v.update(chicken.solve(**vals), vals)
    svg = ET.fromstring(v.svg)
    assert svg.get("fill") == "currentColor" and "--tw-min-width" in svg.get("style")
    lines = [e for e in svg.iter(f"{SVG}path") if e.get("class") == "tw-chart-line"]
    assert len(lines) == 3 and len({e.get("stroke-dasharray") for e in lines}) == 3
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"A", "B", "C", "0", "0.5", "1", "probability"} <= set(texts)
    assert "US cost of a crash (c_U), payoff units" in texts

    def lum(c):
        ch = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        ch = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    for c in {e.get("stroke") for e in lines}:
        assert (1.05 / (lum(c) + 0.05)) >= 3 and (lum(c) + 0.05) / (lum("#111111") + 0.05) >= 3, c
    v.set_xticks([2, 6], ["cheap", "dear"])
    v.update(chicken.solve(**vals), vals)
    assert {"cheap", "dear"} <= {t.text for t in ET.fromstring(v.svg).iter(f"{SVG}text")}
    v.close()


def test_line_chart_has_a_text_alternative_made_from_the_data():
    """A chart is an image: under it a caption describes it from the data (axes, each line's range,
    the current values), and the short name the library's script puts in the image's alt."""
    from tradewar.models import chicken

    v = LineChartView.sweep(chicken, "c_us", {"p_us_hawk": "P(US Hawk)", "p_cn_hawk": "P(China Hawk)"},
                            n=11, ylim=(0, 1), ylabel="probability", title="Mixed equilibrium")
    vals = {k: p.default for k, p in chicken.PARAMS.items()}
    v.update(chicken.solve(**vals), vals)
    assert {"tw-ui", "tw-view", "tw-view-chart"} <= set(v.widget._dom_classes)
    svg = ET.fromstring(v.svg)
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text == "Mixed equilibrium"
    assert svg.get("aria-label").startswith("Line chart: Mixed equilibrium, P(US Hawk) and") and v.alt
    assert v.widget.value == v.svg + v.caption and 'class="tw-chart-caption"' in v.caption
    d = v.description
    assert d.startswith("Mixed equilibrium. Horizontal: US cost of a crash")
    assert "P(China Hawk) (dashed line, square marker)" in d
    assert "P(China Hawk) = 1/3" in d or "P(China Hawk) = 0.33" in d
    v.close()


def test_region_labels_do_not_collide_on_the_chain_store_map():
    """05's (mu0, g) map: no two region labels overlap, at any number of challengers."""
    import itertools

    from tradewar.models import chain_store as M

    for n in (1, 2, 5, 20, 100):
        for u in (1.05, 2.0, 5.0):
            vals = {k: p.default for k, p in M.PARAMS.items()}
            vals.update(N=n, u=u)
            v = RegimeMapView(M, "mu0", "g", n=31)
            v.update(M.solve(**vals), vals)
            for a, b in itertools.combinations(v._base.label_boxes.values(), 2):
                assert not _boxes_overlap(a, b), (n, u)
