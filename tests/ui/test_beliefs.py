"""The belief-path view: drawn from an M3 result, updated in place as the explorer's controls move."""
import re
import xml.etree.ElementTree as ET

import pytest

from tradewar.models import taco
from tradewar.ui import Explorer
from tradewar.ui.beliefs import BeliefPathView, belief_path_svg


def points(svg):
    """(pays, y) of each b̄ marker, left to right."""
    return [(m.group(1) == "true", float(m.group(2)))
            for m in re.finditer(r'class="tw-bp-point" data-pays="(\w+)" cx="[\d.]+" cy="([\d.]+)"', svg)]


def test_svg_is_valid_and_says_everything_in_words():
    svg = belief_path_svg(taco.solve(), "A title")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    desc = root.find("{http://www.w3.org/2000/svg}desc").text
    assert "prior: μ = 0.5, b̄ = 0.5" in desc and "Geneva request: μ = 0.059, b̄ = 0.765" in desc
    assert "Threshold b* = 0.714" in desc and "first pays after the Geneva request (May 12, 2025)" in desc
    # One marker per point; filled (and ticked) from the Geneva request on.
    assert [p for p, _ in points(svg)] == [False, False, True, True, True, True]
    assert svg.count("✓") == 4 + 1  # four points and the legend
    for label in ("April 9 tariff cut", "c. June 5", "b* = 0.714", "retaliation pays here"):
        assert label in svg


def test_explorer_updates_the_view_as_the_model_says():
    view = BeliefPathView()
    ex = Explorer(taco, views=[view])
    assert "Geneva request (May 12, 2025)" in view.summary
    before = view.widget.value
    ex.set(april9_cut=False)
    assert view.widget.value != before
    assert "after the June 5 call (June 5, 2025)" in view.summary
    assert len(points(view.widget.value)) == 5
    ex.set(late_may_controls=True)
    assert "late-May" in view.widget.value and "(stand)" in view.widget.value
    ex.set(kappa=1.2)
    assert "never pays here" in view.summary and "b* =" not in view.widget.value
    assert not any(p for p, _ in points(view.widget.value))


@pytest.mark.parametrize("name,step", [("mu0", 0.01), ("beta_tough", 0.01), ("beta_chicken", 0.01),
                                       ("D_cn", 0.05), ("l", 0.05), ("kappa", 0.05)])
def test_every_slider_step_changes_the_picture(name, step):
    view = BeliefPathView()
    ex = Explorer(taco, views=[view])
    before = view.widget.value
    spec = taco.PARAMS[name]
    v = spec.default + step if spec.default + step <= spec.hi else spec.default - step
    ex.set(**{name: round(v, 2)})
    assert view.widget.value != before


def test_biding_reading_draws_flat_paths():
    view = BeliefPathView()
    Explorer(taco, views=[view], fixed={"beta_tough": 0.5, "beta_chicken": 0.5})
    ys = {y for _, y in points(view.widget.value)}
    assert len(ys) == 1 and "never paid" in view.summary


def test_summary_is_wrapped_inside_the_picture():
    """The bold sentence under the chart is broken into lines that fit the 720-unit width (about 8.4
    units a character at 14 px bold), equations kept whole, and the picture grows to hold them."""
    view = BeliefPathView()
    svg = view.render(taco.solve(), {})
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    rows = [t for t in root.iter(ns + "text") if t.get("class") == "tw-bp-summary"]
    assert len(rows) == 2 and " ".join(t.text for t in rows) == view.summary
    assert rows[1].text == "b̄ = 0.765 reaches b* = 0.714."
    width, height = (float(x) for x in root.get("viewBox").split()[2:])
    for t in rows:
        assert float(t.get("x")) + 8.4 * len(t.text) <= width
    assert float(rows[-1].get("y")) + 10 <= height
