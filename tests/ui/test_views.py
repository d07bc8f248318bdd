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


def test_line_chart_updates_in_place_without_pyplot():
    had_pyplot = "matplotlib.pyplot" in sys.modules
    calls = []

    def curve(result, values):
        calls.append(1)
        xs = [1.5 + 0.1 * i for i in range(86)]
        return xs, {"P(US hawk)": [2 / (2 + x - 1) for x in xs]}

    v = LineChartView(curve, x="c_us", ylabel="probability")
    v.update(None, {"c_us": 5.0, "g": 2})
    first = v.widget.value
    assert first[:4] == b"\x89PNG" and v.current["P(US hawk)"] == pytest.approx(2 / 6, abs=1e-3)
    v.update(None, {"c_us": 3.0, "g": 2})  # only x moved: the curve is cached, the marker moves
    assert len(calls) == 1 and v.widget.value != first
    v.update(None, {"c_us": 3.0, "g": 3})
    assert len(calls) == 2
    assert had_pyplot or "matplotlib.pyplot" not in sys.modules
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
